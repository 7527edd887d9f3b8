//! Visible byline_elements: elements whose class names the author, text lines opening with a byline
//! word or label ("By Jane Doe", "Autor: Max Muster"), labels joined to the text after them, and
//! datelines under the headline that end with a name.

use super::text::collapse_whitespace;
use super::{Candidates, MAX_SHORT_TEXT};
use crate::dom::{Element, NodeId};
use crate::lexicon::bylines::{
    BARE_AUTHOR_LABELS, BYLINE_OPENERS, BYLINE_PREAMBLE, COLON_AUTHOR_LABELS, NAME_JOINS,
    PIECE_WORDS, TITLE_ARTICLES,
};
use crate::metadata::time::dates::{NumericOrder, leading_date};
use crate::text_key::with_lowercase;
use std::borrow::Cow;

/// Where the text after a by-line stands.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) enum BylineTail {
    #[default]
    Closed,
    /// Right after a by-line: a joining word ("und", "&") continues it.
    Open,
    /// After the joining word: the next text is the next name.
    Joined,
}

/// "Von <a>Jane Doe</a> und <a>John Roe</a>": a joining word right after a by-line, then the
/// next short text, extend it. True when `t` was taken.
pub(super) fn extend_by_line(c: &mut Candidates<'_>, t: &str) -> bool {
    let tail = std::mem::take(&mut c.byline_tail);
    let Some(line) = c.byline_texts.last_mut() else {
        return false;
    };
    let joins = NAME_JOINS.iter().any(|j| t.eq_ignore_ascii_case(j));
    match tail {
        BylineTail::Open if joins => c.byline_tail = BylineTail::Joined,
        BylineTail::Joined if t.len() <= MAX_SHORT_TEXT => c.byline_tail = BylineTail::Open,
        _ => return false,
    }
    line.push(' ');
    line.push_str(&collapse_whitespace(t));
    true
}

/// Any label naming the author, with or without a colon.
fn is_author_label(word: &str) -> bool {
    BARE_AUTHOR_LABELS.contains(&word) || COLON_AUTHOR_LABELS.contains(&word)
}

/// A word before an opener: a preamble word or a kind of piece ("Eine Kolumne von").
fn is_preamble_word(word: &str) -> bool {
    BYLINE_PREAMBLE.contains(&word) || PIECE_WORDS.contains(&word)
}

/// Most words before an opener ("Ein Blog Beitrag von").
const MAX_PREAMBLE_WORDS: usize = 3;

/// The byline a text gives: itself when it opens with a byline word or label, or the pending
/// label joined to it.
pub(crate) fn by_line_text(t: &str, label: Option<&str>) -> Option<String> {
    if let Some(label) = label {
        return (byline_label(t, false).is_none())
            .then(|| format!("{label} {}", collapse_whitespace(t)));
    }
    opens_byline(t).then(|| collapse_whitespace(t))
}

/// Nodes after the first `<h1>` within which a dated byline is the article's own.
const DATED_BYLINE_WINDOW: NodeId = 200;

/// Separators between a dateline's date and its author's name.
const DATELINE_SEPARATORS: &[&str] = &[" - ", " – ", " | ", " · "];

/// "11.12.2019 - Jane Doe", "04.02.2022 | 13:10 Uhr | Jane Doe" just under the headline: a
/// date, then a capitalised last part without digits (the name is checked when cleaned). A
/// numbered heading ("3. Pick a Routine – And Stick To It") opens with a digit, not a date.
pub(crate) fn dated_byline(t: &str, id: NodeId, h1: Option<NodeId>) -> Option<String> {
    let near_headline = h1.is_some_and(|h| id > h && id - h <= DATED_BYLINE_WINDOW);
    if !near_headline
        || !t.starts_with(|c: char| c.is_ascii_digit())
        || leading_date(t, NumericOrder::default()).is_none()
    {
        return None;
    }
    let (sep_at, sep) = DATELINE_SEPARATORS
        .iter()
        .filter_map(|s| t.rfind(s).map(|i| (i, s.len())))
        .max_by_key(|&(i, _)| i)?;
    let last = t[sep_at + sep..].trim();
    let named = last.starts_with(char::is_uppercase)
        && !last.bytes().any(|b| b.is_ascii_digit())
        && !last
            .split_whitespace()
            .next()
            .is_some_and(|w| TITLE_ARTICLES.contains(&w));
    named.then(|| collapse_whitespace(t))
}

/// "By Jane Doe", "von Max Muster", "Autor: Max Muster", "Posted by jdoe", "Ein Artikel von
/// Max Muster": a byline word, a label with a colon, or a preamble and an opener, then more.
fn opens_byline(t: &str) -> bool {
    let t = with_plain_colons(t);
    let words = || {
        t.trim_start_matches(|c: char| !c.is_alphanumeric())
            .split_whitespace()
    };
    // Most short texts open with no byline word: settled before the words after it are read.
    if !words()
        .next()
        .is_some_and(|first| with_lowercase(first, may_open_byline))
    {
        return false;
    }
    let words: Vec<String> = words()
        .take(MAX_PREAMBLE_WORDS + 2)
        .map(str::to_lowercase)
        .collect();
    if words.len() < 2 {
        return false;
    }
    if let Some(label) = words[0].strip_suffix(':') {
        return is_author_label(label) || BYLINE_OPENERS.contains(&label);
    }
    // "Autoren Jane Doe und John Roe": an author word needs no colon before a capitalised name.
    let capitalised = t
        .split_whitespace()
        .nth(1)
        .is_some_and(|w| w.starts_with(char::is_uppercase));
    if capitalised && BARE_AUTHOR_LABELS.contains(&words[0].as_str()) {
        return true;
    }
    let opener = words[..words.len() - 1]
        .iter()
        .position(|w| BYLINE_OPENERS.contains(&w.as_str()));
    opener.is_some_and(|i| {
        words[..i]
            .iter()
            .all(|w| is_preamble_word(w) || is_date_token(w))
    })
}

/// French sets a space before the colon ("Auteur : Jean Dupont"), Chinese a full-width one
/// ("责任编辑：孔德明"): both as a plain colon after the word. The text itself when it has neither.
fn with_plain_colons(t: &str) -> Cow<'_, str> {
    // Most texts hold no colon of either kind: told in one pass over their bytes (0xEF opens
    // the full-width colon's UTF-8).
    if memchr::memchr2(b':', 0xEF, t.as_bytes()).is_none() {
        return Cow::Borrowed(t);
    }
    let mut t = Cow::Borrowed(t);
    if t.contains(" :") {
        t = Cow::Owned(t.replace(" :", ":"));
    }
    if t.contains('：') {
        t = Cow::Owned(t.replace('：', ":"));
    }
    t
}

/// Whether a text whose first word, lower-cased, is `first` may open a byline: every way
/// [`opens_byline`] knows starts with a label or an opener (with its colon or without), a
/// preamble word or a date.
fn may_open_byline(first: &str) -> bool {
    let bare = first.strip_suffix(':').unwrap_or(first);
    [first, bare]
        .into_iter()
        .any(|w| is_author_label(w) || BYLINE_OPENERS.contains(&w) || is_preamble_word(w))
        || is_date_token(first)
}

/// A date or a time standing before a byline's opener ("06.11.2023 13:30 von Jane Doe").
fn is_date_token(word: &str) -> bool {
    word.contains(|c: char| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || ".:/-,".contains(c))
}

/// A text that is only a byline label ("By", "Von:", "| Autor:", "Posted by"): the canonical
/// label, to be joined to the next text. A bare "Autor" is as often a menu link or a filter as
/// a label, so author words need their colon unless `bare_ok` (a `<dt>` or heading).
pub(super) fn byline_label(t: &str, bare_ok: bool) -> Option<&'static str> {
    if t.len() > 30 {
        return None;
    }
    let mut words = t
        .trim_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace();
    let last_word = words.next_back()?;
    // Most texts end with no label word: settled before the words before it are read.
    let is_label_word = |last: &str| {
        let last = last.trim_end_matches(':');
        BYLINE_OPENERS.contains(&last) || is_author_label(last)
    };
    if !with_lowercase(last_word, is_label_word) {
        return None;
    }
    let last = last_word.to_lowercase();
    let last = last.trim_end_matches(':');
    let preamble: Vec<String> = words.map(str::to_lowercase).collect();
    let colon = t.trim_end().ends_with(':');
    if preamble.len() > MAX_PREAMBLE_WORDS || !preamble.iter().all(|w| is_preamble_word(w)) {
        return None;
    }
    if BYLINE_OPENERS.contains(&last) && !preamble.is_empty() {
        Some("Posted by")
    } else if BYLINE_OPENERS.contains(&last) {
        Some("By")
    } else if (colon || bare_ok) && preamble.is_empty() && is_author_label(last) {
        Some("Autor:")
    } else {
        None
    }
}

/// Elements that hold a field's label: definition terms, table headers, small headings.
pub(super) fn is_label_element(e: Element<'_>) -> bool {
    matches!(e.name, "dt" | "th" | "h3" | "h4" | "h5" | "h6")
}

#[cfg(test)]
mod tests {
    use crate::dom::Document;
    use crate::metadata::collect::collect;

    #[test]
    fn byline_labels_join_the_text_that_follows() {
        let cases: &[(&str, &[&str])] = &[
            (
                r#"<div><span>By</span> <span><a href="/a/jd">Jane Doe</a></span></div>"#,
                &["By Jane Doe"],
            ),
            (
                "<p><strong>Text:</strong> Max Muster</p>",
                &["Autor: Max Muster"],
            ),
            (
                r#"<dl><dt>Auteur</dt><dd><a href="/s/jd">Jean Dupont</a></dd></dl>"#,
                &["Autor: Jean Dupont"],
            ),
            (
                r#"<nav><a href="/authors">Autor</a><a href="/new">Neueste Aktivitäten</a></nav>"#,
                &[],
            ),
            (
                "<p>Posted by jdoe</p><p>von Max Muster</p>",
                &["Posted by jdoe", "von Max Muster"],
            ),
            (
                "<p>Ein Artikel von <b>Pamela Sladky</b></p>",
                &["Posted by Pamela Sladky"],
            ),
            (
                "<p>Ein Interview von <b>Jane Doe</b></p>",
                &["Posted by Jane Doe"],
            ),
            ("<p>Auteur : Jean Dupont</p>", &["Auteur : Jean Dupont"]),
            (
                "<span>06.11.2023 13:30 von Olga</span>",
                &["06.11.2023 13:30 von Olga"],
            ),
            ("<p>责任编辑： 王明</p>", &["责任编辑： 王明"]),
            (
                "<p>Autoren Jane Doe und John Roe</p><p>Autoren sind gefragt</p>",
                &["Autoren Jane Doe und John Roe"],
            ),
            (
                "<div><b>Autor:</b> <i>Rechtsanwalt</i> <span>Jane Doe</span></div>",
                &["Autor: Jane Doe"],
            ),
            (
                "<p>Von <a>Jane Doe</a> und <a>John Roe</a></p><p>und mehr</p>",
                &["By Jane Doe und John Roe"],
            ),
            ("<p><em>Text von Jane Doe</em></p>", &["Text von Jane Doe"]),
            (
                "<p><strong>Eine Kolumne von Jane Doe</strong></p>",
                &["Eine Kolumne von Jane Doe"],
            ),
            (
                "<div>3.2.2020 <span>- Redaktion: Jane Doe</span></div>",
                &["- Redaktion: Jane Doe"],
            ),
            (
                "<footer><p>Theme by ThemeGrill</p><p>Website <span>by</span> Dots United</p></footer>",
                &[],
            ),
            (
                "<article><footer><span>By</span> Jane Doe</footer></article>",
                &["By Jane Doe"],
            ),
            (
                r#"<div class="post-footer">Eingestellt <span>von</span> der Michel</div>"#,
                &["By der Michel"],
            ),
            (
                r#"<div class="post-footer">Gespeichert von <span>rasos</span> am 24. Juli</div>"#,
                &["Posted by rasos"],
            ),
        ];
        for (html, want) in cases {
            assert_eq!(
                collect(&Document::parse(html)).byline_texts,
                *want,
                "{html}"
            );
        }
    }

    #[test]
    fn datelines_under_the_headline_may_end_with_a_name() {
        let doc = Document::parse(
            "<p>01.01.2019 - Menu Item</p><h1>Story</h1><p>11.12.2019 - Jane Doe</p>\
             <p>Kultur | 19.10.19</p><p>12.12.2019 - Die Liste</p>\
             <p>04.02.2022 | 13:10 Uhr | John Roe</p>",
        );
        assert_eq!(
            collect(&doc).dated_bylines,
            ["11.12.2019 - Jane Doe", "04.02.2022 | 13:10 Uhr | John Roe"]
        );
    }

    #[test]
    fn a_numbered_heading_with_a_dash_is_not_a_dateline() {
        let doc = Document::parse(
            "<h1>Story</h1><h4>3. Pick a Routine – And Stick To It</h4>\
             <p>2024 – A Year in Review</p>",
        );
        assert!(collect(&doc).dated_bylines.is_empty());
    }
}
