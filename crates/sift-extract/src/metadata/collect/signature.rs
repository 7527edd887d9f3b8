//! The article's closing signature: an emphasised name that ends the last paragraph of prose.

use super::regions::{comments_section, in_page_chrome, in_quote};
use super::text::{bounded_text, collapse_whitespace};
use super::{Candidates, MAX_SHORT_TEXT, MAX_TEXT_NODES};
use crate::dom::{Document, NodeId};

/// Keeps the last signature seen.
pub(super) fn track_signature(
    doc: &Document,
    id: NodeId,
    t: &str,
    short: bool,
    c: &mut Candidates<'_>,
) {
    if short
        && is_name_shaped(t)
        && signs_paragraph(doc, id)
        && comments_section(doc, id, &c.regions).is_none()
        && !in_quote(doc, id)
        && !in_page_chrome(doc, id, &c.regions)
    {
        c.signature = Some(collapse_whitespace(t));
    }
}

/// Most words of a signature's name.
const MAX_SIGNATURE_WORDS: usize = 4;

/// Two to four capitalised words without digits or colons ("Jane Doe"): shaped like a name, to
/// be checked when cleaned.
fn is_name_shaped(t: &str) -> bool {
    let mut words = 0;
    for w in t.split_whitespace() {
        words += 1;
        if words > MAX_SIGNATURE_WORDS
            || !w.starts_with(char::is_uppercase)
            || w.contains(|c: char| c.is_ascii_digit() || c == ':')
        {
            return false;
        }
    }
    words >= 2
}

/// The text is all of an emphasis (`<em>`, `<b>`...) that ends its paragraph, alone in it or
/// on a line of its own after a `<br>`.
fn signs_paragraph(doc: &Document, id: NodeId) -> bool {
    let mut child = id;
    let mut emphasised = false;
    for a in doc.ancestors(id).take(MAX_INLINE_DEPTH) {
        let Some(e) = doc.element(a) else {
            return false;
        };
        let paragraph = e.is("p");
        let emphasis = matches!(e.name, "em" | "i" | "b" | "strong");
        if !(paragraph || emphasis || matches!(e.name, "span" | "font")) {
            return false;
        }
        let (before, last) = last_two_children(doc, a);
        if last != Some(child) {
            return false;
        }
        if paragraph {
            return emphasised && closes_text(doc, a, before);
        }
        if before.is_some() {
            return false;
        }
        emphasised |= emphasis;
        child = a;
    }
    false
}

/// The paragraph's last line comes after prose (earlier in the paragraph, after a `<br>`, or
/// the paragraph before) and ends the text: a subheading, bold like a signature, has prose or a
/// list after it.
fn closes_text(doc: &Document, paragraph: NodeId, before_last: Option<NodeId>) -> bool {
    let after_prose = match before_last {
        Some(b) => doc.element(b).is_some_and(|e| e.is("br")),
        None => is_prose_paragraph(doc, sibling_element(doc, paragraph, Side::Before)),
    };
    let next = sibling_element(doc, paragraph, Side::After);
    after_prose && !is_prose_paragraph(doc, next) && !is_text_block(doc, next)
}

/// Which neighbour of an element.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Before,
    After,
}

/// The element right before or after `id` among its parent's children.
fn sibling_element(doc: &Document, id: NodeId, side: Side) -> Option<NodeId> {
    let parent = doc.parent(id)?;
    let mut previous = None;
    let mut passed = false;
    for ch in doc.children(parent).take(MAX_TEXT_NODES) {
        if doc.element(ch).is_none() {
            continue;
        }
        if passed {
            return Some(ch);
        }
        if ch == id {
            if side == Side::Before {
                return previous;
            }
            passed = true;
        }
        previous = Some(ch);
    }
    None
}

/// A paragraph of prose: longer than a short line.
pub(super) fn is_prose_paragraph(doc: &Document, id: Option<NodeId>) -> bool {
    id.is_some_and(|p| {
        doc.element(p).is_some_and(|e| e.is("p"))
            && bounded_text(doc, p, MAX_PARAGRAPH_CHARS).is_none_or(|t| t.len() > MAX_SHORT_TEXT)
    })
}

/// A list, table or quote: body text, which a signature does not precede.
fn is_text_block(doc: &Document, id: Option<NodeId>) -> bool {
    id.and_then(|id| doc.element(id))
        .is_some_and(|e| matches!(e.name, "ul" | "ol" | "dl" | "table" | "blockquote" | "pre"))
}

/// Paragraph text read to tell prose from a short line; longer is prose too.
const MAX_PARAGRAPH_CHARS: usize = 400;

/// Inline elements climbed from a signature's text to its paragraph.
const MAX_INLINE_DEPTH: usize = 5;

/// The last two children of `parent` that are elements or non-blank text, in order.
fn last_two_children(doc: &Document, parent: NodeId) -> (Option<NodeId>, Option<NodeId>) {
    let mut before = None;
    let mut last = None;
    for ch in doc.children(parent).take(MAX_TEXT_NODES) {
        let blank = match doc.text(ch) {
            Some(t) => t.trim().is_empty(),
            None => doc.element(ch).is_none(),
        };
        if !blank {
            before = last;
            last = Some(ch);
        }
    }
    (before, last)
}

#[cfg(test)]
mod tests {
    use crate::dom::Document;
    use crate::metadata::collect::collect;

    #[test]
    fn an_emphasised_name_closing_the_text_signs_it() {
        let prose = "<p>The article's last paragraph, long enough to be prose and not a short \
                     line of a list or a caption.</p>";
        let cases: &[(String, Option<&str>)] = &[
            (
                format!("<div>{prose}<p><b><i>Jane Doe</i></b></p></div>"),
                Some("Jane Doe"),
            ),
            (
                "<p>Closing words.<br><em>Jane Doe</em></p>".to_string(),
                Some("Jane Doe"),
            ),
            (format!("<div>{prose}<p>Jane Doe</p></div>"), None),
            (
                format!("<div>{prose}<p><strong>Im Detail</strong></p>{prose}</div>"),
                None,
            ),
            (
                format!("<div>{prose}<p><strong>Die Kosten</strong></p><ul><li>1</li></ul></div>"),
                None,
            ),
            (
                "<div><h2>Head</h2><p><em>Jane Doe</em></p></div>".to_string(),
                None,
            ),
        ];
        for (html, want) in cases {
            assert_eq!(
                collect(&Document::parse(html)).signature.as_deref(),
                *want,
                "{html}"
            );
        }
    }
}
