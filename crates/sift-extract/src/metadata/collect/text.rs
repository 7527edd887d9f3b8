//! Reading an element's text for a candidate: bounded, with whitespace collapsed.

use super::MAX_TEXT_NODES;
use crate::dom::{Document, Element, NodeId};

/// Text of `id` with whitespace collapsed, or `None` when empty or longer than `max_chars`
/// (the walk stops as soon as the limit is passed).
pub fn bounded_text(doc: &Document, id: NodeId, max_chars: usize) -> Option<String> {
    let mut out = String::new();
    let mut last_holder = None;
    for (walked, d) in doc.descendants(id).enumerate() {
        if walked > MAX_TEXT_NODES {
            return None;
        }
        if let Some(t) = doc.text(d) {
            // "<p>Jane Doe</p><small>May 3</small>" reads "Jane Doe May 3": texts of
            // different blocks are separate words ("<span>C</span>ycle" is one).
            let holder = text_holder(doc, d);
            if last_holder.is_some_and(|h| h != holder) && !out.ends_with(' ') {
                out.push(' ');
            }
            last_holder = Some(holder);
            push_collapsed(&mut out, t);
            if out.len() > max_chars * 4 {
                return None;
            }
        } else if doc
            .element(d)
            .is_some_and(|e| matches!(e.name, "script" | "style"))
        {
            return None;
        } else if doc.element(d).is_some_and(|e| !is_inline_formatting(e)) && !out.ends_with(' ') {
            // "<span>Author</span><a>Jane Doe</a>" reads "Author Jane Doe".
            out.push(' ');
        }
    }
    let trimmed = out.trim();
    (!trimmed.is_empty() && trimmed.chars().count() <= max_chars).then(|| trimmed.to_string())
}

/// The block a text node belongs to: its nearest ancestor that is no inline element.
fn text_holder(doc: &Document, text: NodeId) -> Option<NodeId> {
    doc.ancestors(text)
        .find(|&a| doc.element(a).is_some_and(|e| !is_inline(e)))
}

/// Elements that run inside a line of text.
pub(super) fn is_inline(e: Element<'_>) -> bool {
    matches!(
        e.name,
        "a" | "span"
            | "b"
            | "i"
            | "em"
            | "strong"
            | "u"
            | "small"
            | "mark"
            | "font"
            | "abbr"
            | "cite"
            | "sup"
            | "sub"
    )
}

/// Elements that may split a word ("<b>W</b>ord"): no space is inserted at their boundary.
fn is_inline_formatting(e: Element<'_>) -> bool {
    matches!(
        e.name,
        "b" | "i" | "em" | "strong" | "u" | "small" | "sup" | "sub" | "abbr" | "mark"
    )
}

pub(super) fn push_collapsed(out: &mut String, text: &str) {
    for (i, word) in text.split_whitespace().enumerate() {
        let starts_with_space = i > 0 || text.starts_with(char::is_whitespace);
        if starts_with_space && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push_str(word);
    }
    if text.ends_with(char::is_whitespace) && !out.ends_with(' ') {
        out.push(' ');
    }
}

pub fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::{Document, ROOT};

    #[test]
    fn bounded_text_gives_up_on_long_subtrees() {
        let doc = Document::parse("<div>a  b\n c</div><p>long text here</p>");
        let div = doc
            .elements_named("div")
            .next()
            .map(|(id, _)| id)
            .unwrap_or(ROOT);
        let p = doc
            .elements_named("p")
            .next()
            .map(|(id, _)| id)
            .unwrap_or(ROOT);
        assert_eq!(bounded_text(&doc, div, 10).as_deref(), Some("a b c"));
        assert_eq!(bounded_text(&doc, p, 5), None);
    }

    #[test]
    fn texts_of_different_elements_are_separate_words() {
        let doc =
            Document::parse("<div><p>Jane Doe</p><small>May 3</small> <span>C</span>ycle</div>");
        let div = doc
            .elements_named("div")
            .next()
            .map(|(id, _)| id)
            .unwrap_or(ROOT);
        assert_eq!(
            bounded_text(&doc, div, 80).as_deref(),
            Some("Jane Doe May 3 Cycle")
        );
    }
}
