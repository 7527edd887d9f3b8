//! Date candidates: machine-readable dates (`<time>`, `data-date`), the published/modified kind
//! their markup states, and short visible texts that may hold a date with the label before them.

use super::regions::{
    RegionMemo, comments_section, dates_a_comment, in_link_elsewhere, in_page_chrome, in_quote,
};
use super::signature::is_prose_paragraph;
use super::text::bounded_text;
use super::{Candidates, MAX_DATELINE_CHARS, MAX_SHORT_TEXT, MAX_TEXT_NODES};
use crate::dom::{Document, Element, NodeId};
use crate::lexicon::dates::OTHER_DATE_LABELS;
use crate::metadata::time::labels::{DateLabel, date_label};
use crate::needles::contains_ignore_ascii_case;

/// Whether a date candidate is about publication or modification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    Published,
    Modified,
    Unknown,
}

#[derive(Debug)]
pub struct DateCandidate {
    pub value: String,
    pub kind: DateKind,
    /// From a machine-readable attribute (`datetime`, `content`) rather than visible text.
    pub machine: bool,
    /// The element's position in document order.
    pub node: NodeId,
}

/// A short visible text that may hold a date, with the label that introduces it: its own
/// opening ("Erschienen am: 13.10.2021") or a text just before it that is only a label
/// ("<span>Erschienen am:</span><h2>13.10.2021</h2>").
#[derive(Debug, Clone, Copy)]
pub struct DateText {
    pub node: NodeId,
    pub label: DateLabel,
    /// In the site's header, menus or footer (see [`in_page_chrome`]): a menu's teaser of the
    /// latest posts, or the only place a small site dates its page.
    pub chrome: bool,
    /// A short piece of a paragraph of prose (the text before a link): read like a long text,
    /// for a date inside a sentence is what the sentence talks about.
    pub prose: bool,
}

pub(super) fn visit_time(doc: &Document, id: NodeId, e: Element<'_>, c: &mut Candidates<'_>) {
    let kind = if e.attr("pubdate").is_some() {
        DateKind::Published
    } else {
        date_kind_of(e)
    };
    let (value, machine) = match e.attr("datetime") {
        Some(v) if !v.trim().is_empty() => (Some(v.trim().to_string()), true),
        _ => (bounded_text(doc, id, MAX_DATELINE_CHARS), false),
    };
    if let Some(value) = value {
        c.dates.push(DateCandidate {
            value,
            kind,
            machine,
            node: id,
        });
    }
}

/// A `data-date` attribute states its element's date for scripts, like a `<time datetime>`.
pub(super) fn visit_data_date(id: NodeId, e: Element<'_>, value: &str, c: &mut Candidates<'_>) {
    let value = value.trim();
    if !value.is_empty() {
        c.dates.push(DateCandidate {
            value: value.to_string(),
            kind: date_kind_of(e),
            machine: true,
            node: id,
        });
    }
}

/// Published/modified from class, id and itemprop words.
pub(super) fn date_kind_of(e: Element<'_>) -> DateKind {
    let says = |needles: &[&str]| {
        ["class", "id", "itemprop"]
            .iter()
            .filter_map(|a| e.attr(a))
            .any(|v| needles.iter().any(|n| contains_ignore_ascii_case(v, n)))
    };
    if says(&["updat", "modif", "aktualisiert", "edited", "lastmod"]) {
        DateKind::Modified
    } else if says(&[
        "publish",
        "created",
        "posted",
        "entry-date",
        "post-date",
        "pubdate",
        "veroeffentlicht",
    ]) {
        DateKind::Published
    } else {
        DateKind::Unknown
    }
}

/// Leading bytes of a longer text node that may open with its date ("01.02.2022 Der
/// Arbeitsmarkt ...").
const DATE_PROBE_BYTES: usize = 48;

/// A text node short enough to be read whole for a date. Runs of whitespace count as one
/// space: markup indentation around a dateline ("(\n            2012-06-04 09:20:26\n  )")
/// does not make it prose.
pub fn is_short_date_text(text: &str) -> bool {
    // Collapsing whitespace never lengthens a text: a short one is settled by its length.
    if text.len() <= MAX_SHORT_TEXT {
        return true;
    }
    let mut len = 0;
    for word in text.split_whitespace() {
        len += word.len() + usize::from(len > 0);
        if len > MAX_SHORT_TEXT {
            return false;
        }
    }
    true
}

/// The part of a text node that may hold its date: all of a short text, the opening of a
/// long one.
pub fn date_probe(text: &str) -> &str {
    let t = text.trim();
    if is_short_date_text(t) {
        return t;
    }
    let mut end = DATE_PROBE_BYTES;
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    &t[..end]
}

/// The text opens with a label of a date that is not the page's ("Aktuelle Zeit: ...").
pub(crate) fn labels_other_date(text: &str) -> bool {
    let opening = text.trim_start().as_bytes();
    OTHER_DATE_LABELS.iter().any(|l| {
        opening
            .get(..l.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(l.as_bytes()))
    })
}

/// Longest text read as a lone date label ("Zuletzt geändert am:").
const MAX_DATE_LABEL_CHARS: usize = 40;

/// The label a text is made of alone ("Erschienen am:", no date in it): it introduces the next
/// text.
pub(super) fn lone_date_label(t: &str) -> Option<DateLabel> {
    if t.len() > MAX_DATE_LABEL_CHARS || t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(date_label(t)).filter(|&l| l != DateLabel::None)
}

/// A date text labelled by its own opening, else by the lone label before it.
pub(super) fn date_text(
    doc: &Document,
    node: NodeId,
    t: &str,
    label_before: Option<DateLabel>,
    regions: &RegionMemo,
) -> DateText {
    let label = match date_label(t) {
        DateLabel::None => label_before.unwrap_or(DateLabel::None),
        own => own,
    };
    DateText {
        node,
        label,
        chrome: in_page_chrome(doc, node, regions),
        prose: in_sentence(doc, node),
    }
}

/// A text that goes on into the element next to it within a prose paragraph ("Der nächste
/// Stammtisch findet am 5. Februar 2020 im <a>Ratskeller</a> statt"): a piece of a sentence. A
/// line of its own between `<br>`s ("<br>Erschienen am: 01.11.2023<br>") is none.
fn in_sentence(doc: &Document, text: NodeId) -> bool {
    let parent = doc.parent(text);
    if !is_prose_paragraph(doc, parent) {
        return false;
    }
    let (before, after) = parent.map_or((None, None), |p| neighbours(doc, p, text));
    let joins = |n: Option<NodeId>| n.and_then(|n| doc.element(n)).is_some_and(|e| !e.is("br"));
    joins(before) || joins(after)
}

/// The children of `parent` right before and after `child` that hold text (a `<br>` counts,
/// an empty `<strong> </strong>` does not).
fn neighbours(doc: &Document, parent: NodeId, child: NodeId) -> (Option<NodeId>, Option<NodeId>) {
    let mut before = None;
    let mut passed = false;
    for ch in doc.children(parent).take(MAX_TEXT_NODES) {
        let holds_text = match doc.text(ch) {
            Some(t) => !t.trim().is_empty(),
            None => {
                doc.element(ch).is_some_and(|e| e.is("br"))
                    || doc
                        .descendants(ch)
                        .take(MAX_TEXT_NODES)
                        .any(|d| doc.text(d).is_some_and(|t| !t.trim().is_empty()))
            }
        };
        if !holds_text {
            continue;
        }
        if passed {
            return (before, Some(ch));
        }
        if ch == child {
            passed = true;
        } else {
            before = Some(ch);
        }
    }
    (before.filter(|_| passed), None)
}

/// A machine-readable date element (`<time>`, `data-date`) that may date the article: not in a
/// comment, a quote, page chrome or a link to another page.
pub(super) fn is_article_date_element(doc: &Document, id: NodeId, c: &Candidates<'_>) -> bool {
    !date_in_comments(doc, id, c)
        && !in_link_elsewhere(doc, id, c)
        && !in_quote(doc, id)
        && !in_page_chrome(doc, id, &c.regions)
}

/// Inside a comment section for the purpose of dating the page (see [`dates_a_comment`]).
fn date_in_comments(doc: &Document, id: NodeId, c: &Candidates<'_>) -> bool {
    comments_section(doc, id, &c.regions)
        .is_some_and(|section| dates_a_comment(doc, section, c.first_h1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::Document;
    use crate::metadata::collect::collect;

    #[test]
    fn clocks_join_dates_and_embedded_posts_give_no_date_candidates() {
        let doc = Document::parse(
            r#"<h1>Thread</h1><p class="time">Aktuelle Zeit: 14.10.2020, 12:18</p>
            <dd><strong>Registriert:</strong> 18.09.2008, 05:56</dd>
            <blockquote class="instagram-media"><time datetime="2018-03-12">Mar 12, 2018</time>
            <p>12.03.2018</p></blockquote>
            <span class="date">21.01.2009, 05:42</span>"#,
        );
        let c = collect(&doc);
        let dates: Vec<_> = c.dates.iter().map(|d| d.value.as_str()).collect();
        assert_eq!(dates, ["21.01.2009, 05:42"]);
        let texts: Vec<_> = c
            .date_texts
            .iter()
            .filter_map(|d| doc.text(d.node))
            .collect();
        assert_eq!(texts, ["21.01.2009, 05:42"]);
    }

    #[test]
    fn sidebar_and_footer_dates_are_no_candidates() {
        let doc = Document::parse(
            r#"<h1>Story</h1><p>Body.</p>
            <aside><ul><li><span class="post-date">09/09/2019</span></li>
            <li><time datetime="2019-08-01">1 Aug</time></li></ul></aside>
            <div class="site-footer"><span class="date">01.01.2020</span></div>"#,
        );
        assert!(collect(&doc).dates.is_empty());
    }

    #[test]
    fn a_navigation_bar_clock_is_no_date_candidate() {
        let doc = Document::parse(
            r#"<div class="navtop"><span class="mod_datetime">
            <time datetime="2023-11-01T13:56:20+01:00">Mittwoch, 01. November 2023</time></span></div>
            <div class="top-bar"><p class="date">Freitag, 21. Januar 2022</p></div>
            <p class="text_titel">Im Schlepptau</p><span class="text_datum">31. Oktober 2023.</span>"#,
        );
        let dates: Vec<_> = collect(&doc).dates.into_iter().map(|d| d.value).collect();
        assert_eq!(dates, ["31. Oktober 2023."]);
    }

    #[test]
    fn page_wide_body_classes_do_not_make_a_comment_section() {
        let doc = Document::parse(
            r#"<body class="pageLayout--related"><h1>Head</h1>
            <span class="meta__date">06.12.2022</span>
            <div class="comments"><span class="date">07.12.2022</span></div></body>"#,
        );
        let dates: Vec<_> = collect(&doc).dates.into_iter().map(|d| d.value).collect();
        assert_eq!(dates, ["06.12.2022"]);
    }

    #[test]
    fn indentation_does_not_make_a_dateline_long() {
        let padded = format!(
            "»Kanal ({}2012-06-04 09:20:26{})",
            " ".repeat(40),
            " ".repeat(40)
        );
        assert!(is_short_date_text(&padded));
        assert_eq!(date_probe(&padded), padded.trim());
        assert!(!is_short_date_text(&"word ".repeat(20)));
    }
}
