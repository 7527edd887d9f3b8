//! One pass over the DOM gathering every metadata candidate: meta tags, JSON-LD scripts, the
//! `<title>`, headings, canonical links, `<time>` elements, microdata and visible bylines and
//! datelines. Resolution between sources happens later, in `metadata/mod.rs`.

pub(crate) mod bylines;
pub(crate) mod date_candidates;
mod headings;
mod regions;
mod signature;
mod text;

pub use date_candidates::{DateCandidate, DateKind, DateText, date_probe, is_short_date_text};
pub use headings::Heading;
pub use text::{bounded_text, collapse_whitespace};

use super::byline::authors::is_role_only;
use super::meta_tags::MetaTags;
use super::microdata::Microdata;
use super::time::labels::DateLabel;
use crate::dom::{Document, Element, NodeId, ROOT};
use crate::lexicon::bylines::{BYLINE_CLASS_WORDS, BYLINE_CLASSES, NOT_BYLINE_CLASSES};
use crate::lexicon::dates::{DATELINE_CLASS_WORDS, DATELINE_CLASSES};
use crate::lexicon::hiding::SCREEN_READER_CLASSES;
use crate::needles::{NeedleSet, joined};
use bylines::{
    BylineTail, by_line_text, byline_label, dated_byline, extend_by_line, is_label_element,
};
use date_candidates::{
    date_kind_of, date_text, is_article_date_element, labels_other_date, lone_date_label,
    visit_data_date, visit_time,
};
use headings::{headline_without_kicker, is_logo_heading, links_home};
use regions::{
    RegionMemo, comments_section, dates_a_comment, in_link_elsewhere, in_page_chrome, in_prose,
    in_quote, inside,
};
use signature::track_signature;

/// Caps on visible candidates: the first ones on a page are the article's.
const MAX_HEADINGS: usize = 5;
const MAX_BYLINES: usize = 12;
const MAX_DATELINES: usize = 24;
/// Machine-readable dates: a page may list dozens of dated teasers before its article.
const MAX_TIMES: usize = 64;
const MAX_DATE_TEXTS: usize = 400;
const MAX_SCRIPTS: usize = 64;
/// Longest visible byline or dateline text considered.
const MAX_BYLINE_CHARS: usize = 200;
const MAX_DATELINE_CHARS: usize = 160;
const MAX_HEADING_CHARS: usize = 400;
/// Nodes walked by [`bounded_text`] before giving up: a candidate is a small element, and a
/// wrapper with a date-like class must not cost a walk over the whole article.
const MAX_TEXT_NODES: usize = 300;

#[derive(Debug, Default)]
pub struct Candidates<'d> {
    pub meta: MetaTags<'d>,
    pub jsonld_scripts: Vec<&'d str>,
    /// Other inline scripts (page state JSON often names the publication date).
    pub scripts: Vec<&'d str>,
    pub title_tag: Option<String>,
    pub h1s: Vec<Heading>,
    /// Where the first `<h1>` is in document order: the article's dateline is near it.
    pub first_h1: Option<NodeId>,
    pub canonical_link: Option<&'d str>,
    pub html_lang: Option<&'d str>,
    pub microdata: Microdata,
    /// `<time>` elements and elements whose class says "date", in document order.
    pub dates: Vec<DateCandidate>,
    /// `rel=author` link texts.
    pub rel_authors: Vec<String>,
    /// Texts of elements whose class or id says "byline"/"author".
    pub byline_elements: Vec<String>,
    /// Short text lines opening with a byline word ("By Jane Doe"), and byline labels joined to
    /// the text that follows them ("<span>By</span><a>Jane Doe</a>" → "By Jane Doe").
    pub byline_texts: Vec<String>,
    /// Datelines under the headline that end with a name ("11.12.2019 - Jane Doe"): the last
    /// resort, after every by-line.
    pub dated_bylines: Vec<String>,
    /// The article's closing signature: an emphasised name ending a paragraph
    /// ("<p><em>Jane Doe</em></p>", "...<br><i>Jane Doe</i></p>") with no prose after it.
    pub signature: Option<String>,
    /// The page has an `<article>` element.
    pub has_article_element: bool,
    /// A byline label ("By", "Autor:") waiting for the next text.
    byline_label: Option<&'static str>,
    /// The last text labels a date that is not the page's ("Registriert:").
    other_date_label: bool,
    /// The last text was only a date label ("Erschienen am:"): it labels the next text.
    date_label_before: Option<DateLabel>,
    /// Whether the last by-line may go on with another name ("Von <a>A</a> und <a>B</a>").
    byline_tail: BylineTail,
    /// Short visible texts with digits, in document order: the last resort for a date.
    pub date_texts: Vec<DateText>,
    /// What the ancestor tests found out about each element.
    regions: RegionMemo,
}

pub fn collect(doc: &Document) -> Candidates<'_> {
    let mut c = Candidates {
        regions: RegionMemo::new(doc.len()),
        ..Candidates::default()
    };
    for id in doc.descendants(ROOT) {
        if let Some(e) = doc.element(id) {
            visit_element(doc, id, e, &mut c);
        } else if let Some(text) = doc.text(id) {
            visit_text(doc, id, text, &mut c);
        }
    }
    c
}

fn visit_element<'d>(doc: &'d Document, id: NodeId, e: Element<'d>, c: &mut Candidates<'d>) {
    match e.name {
        "meta" => visit_meta(e, c),
        "script" => {
            if e.attr("type").is_some_and(|t| t.contains("ld+json"))
                && let Some(text) = doc.children(id).find_map(|t| doc.text(t))
            {
                c.jsonld_scripts.push(text);
            } else if c.scripts.len() < MAX_SCRIPTS
                && let Some(text) = doc.children(id).find_map(|t| doc.text(t))
            {
                c.scripts.push(text);
            }
            return;
        }
        "title" if c.title_tag.is_none() && !inside(doc, id, &["svg", "body"]) => {
            c.title_tag = bounded_text(doc, id, MAX_HEADING_CHARS);
        }
        "h1" if c.h1s.len() < MAX_HEADINGS => {
            if !is_logo_heading(doc, id) {
                c.first_h1 = c.first_h1.or(Some(id));
            }
            if !links_home(doc, id)
                && !SCREEN_READER_CLASSES.found_in(&e.class_and_id())
                && let Some(text) = bounded_text(doc, id, MAX_HEADING_CHARS)
            {
                let headline = headline_without_kicker(doc, id).unwrap_or_else(|| text.clone());
                c.h1s.push(Heading { text, headline });
            }
        }
        "link" => {
            let rel = e.attr("rel").unwrap_or("");
            if c.canonical_link.is_none() && rel.eq_ignore_ascii_case("canonical") {
                c.canonical_link = e.attr("href");
            }
        }
        "article" => c.has_article_element = true,
        "html" if c.html_lang.is_none() => {
            c.html_lang = e.attr("lang").or_else(|| e.attr("xml:lang"))
        }
        "time" if c.dates.len() < MAX_TIMES && is_article_date_element(doc, id, c) => {
            visit_time(doc, id, e, c)
        }
        "a" if e
            .attr("rel")
            .is_some_and(|r| r.split_ascii_whitespace().any(|r| r == "author")) =>
        {
            if c.rel_authors.len() < MAX_BYLINES
                && !in_page_chrome(doc, id, &c.regions)
                && let Some(t) = bounded_text(doc, id, MAX_BYLINE_CHARS)
            {
                c.rel_authors.push(t);
            }
        }
        _ => {
            if let Some(value) = e.attr("data-date")
                && c.dates.len() < MAX_TIMES
                && is_article_date_element(doc, id, c)
            {
                visit_data_date(id, e, value, c);
            }
        }
    }
    if let Some(prop) = e.attr("itemprop") {
        c.microdata.visit(doc, id, e, prop);
    } else if let Some(prop) = e.attr("property").filter(|_| !e.is("meta")) {
        // RDFa ("schema:dateCreated") carries the same vocabulary as microdata.
        c.microdata
            .visit(doc, id, e, prop.rsplit(':').next().unwrap_or(prop));
    }
    visit_class_signals(doc, id, e, c);
}

fn visit_meta<'d>(e: Element<'d>, c: &mut Candidates<'d>) {
    let Some(content) = e.attr("content").or_else(|| e.attr("value")) else {
        return;
    };
    for key in ["property", "name", "itemprop", "http-equiv"] {
        // An itemprop author belongs to its item (the article, a cited work, a review):
        // microdata reads it within its scope.
        if let Some(k) = e.attr(key)
            && !(key == "itemprop" && k.eq_ignore_ascii_case("author"))
        {
            c.meta.push(k, content);
        }
    }
}

/// [`BYLINE_CLASSES`] and [`DATELINE_CLASSES`] in one set: one search of an element's class
/// and id, instead of one per set, tells that it names neither, as most elements do.
static BYLINE_OR_DATELINE_CLASSES: NeedleSet =
    NeedleSet::new(&joined::<
        { BYLINE_CLASS_WORDS.len() + DATELINE_CLASS_WORDS.len() },
    >(BYLINE_CLASS_WORDS, DATELINE_CLASS_WORDS));

/// Elements whose class or id names a byline or a date: their short text is a candidate.
fn visit_class_signals(doc: &Document, id: NodeId, e: Element<'_>, c: &mut Candidates<'_>) {
    if matches!(
        e.name,
        "script" | "style" | "meta" | "link" | "time" | "html" | "body"
    ) {
        return;
    }
    let (class, id_attr) = (e.attr("class"), e.attr("id"));
    if class.is_none() && id_attr.is_none() {
        return;
    }
    // Class and id read apart: no needle holds the space that would join them.
    let class_or_id = |words: &NeedleSet| {
        [class, id_attr]
            .into_iter()
            .flatten()
            .any(|v| words.found_in_ignoring_ascii_case(v))
    };
    if !class_or_id(&BYLINE_OR_DATELINE_CLASSES) {
        return;
    }
    // A top-level heading is the headline or a section's name, never a byline.
    let byline =
        c.byline_elements.len() < MAX_BYLINES && !e.is("h1") && class_or_id(&BYLINE_CLASSES);
    let dateline = c.dates.len() < MAX_DATELINES && class_or_id(&DATELINE_CLASSES);
    if !(byline || dateline) {
        return;
    }
    let comments = comments_section(doc, id, &c.regions);
    let byline = byline && comments.is_none();
    let dateline = dateline
        && comments.is_none_or(|section| !dates_a_comment(doc, section, c.first_h1))
        && !in_link_elsewhere(doc, id, c);
    if byline
        && !in_page_chrome(doc, id, &c.regions)
        && !class_or_id(&NOT_BYLINE_CLASSES)
        && let Some(t) = bounded_text(doc, id, MAX_BYLINE_CHARS)
    {
        c.byline_elements.push(t);
    }
    if dateline
        && !in_page_chrome(doc, id, &c.regions)
        && let Some(value) = bounded_text(doc, id, MAX_DATELINE_CHARS)
        && !labels_other_date(&value)
    {
        c.dates.push(DateCandidate {
            value,
            kind: date_kind_of(e),
            machine: false,
            node: id,
        });
    }
}

/// Longest text node read whole for a date or a byline.
pub const MAX_SHORT_TEXT: usize = 80;

/// Short text nodes opening with a byline word ("By Jane Doe", "Von Max Muster"), byline
/// labels and the text after them, and text nodes whose [`date_probe`] may hold a date.
fn visit_text(doc: &Document, id: NodeId, text: &str, c: &mut Candidates<'_>) {
    // Indentation between tags, most text nodes: told by its bytes, before `trim` decodes chars.
    if text.bytes().all(|b| b.is_ascii_whitespace()) {
        return;
    }
    let t = text.trim();
    if t.is_empty() {
        return;
    }
    if extend_by_line(c, t) {
        return;
    }
    // A label only introduces the very next text, or the name after a job title ("Autor:",
    // "Rechtsanwalt", "Jane Doe").
    let label = c.byline_label.take();
    if label.is_some() && is_role_only(t) {
        c.byline_label = label;
        return;
    }
    let short = t.len() <= MAX_SHORT_TEXT;
    track_signature(doc, id, t, short, c);
    let label_before = std::mem::replace(&mut c.date_label_before, lone_date_label(t));
    let after_other_date_label = std::mem::replace(
        &mut c.other_date_label,
        short && labels_other_date(t) && !t.bytes().any(|b| b.is_ascii_digit()),
    );
    let by_line = if short && c.byline_texts.len() < MAX_BYLINES {
        by_line_text(t, label)
    } else {
        None
    };
    let dated = if short && by_line.is_none() && c.dated_bylines.len() < MAX_BYLINES {
        dated_byline(t, id, c.first_h1)
    } else {
        None
    };
    let parent = doc.parent(id).and_then(|p| doc.element(p));
    let new_label = if short {
        byline_label(t, parent.is_some_and(is_label_element))
    } else {
        None
    };
    let may_be_date = t.len() >= 6
        && c.date_texts.len() < MAX_DATE_TEXTS
        && date_probe(t).bytes().any(|b| b.is_ascii_digit())
        && !after_other_date_label
        && !labels_other_date(t);
    if by_line.is_none() && new_label.is_none() && !may_be_date && dated.is_none() {
        return;
    }
    let in_code = parent.is_some_and(|e| {
        matches!(
            e.name,
            "script" | "style" | "title" | "option" | "textarea" | "noscript"
        )
    });
    if in_code {
        return;
    }
    if let Some(section) = comments_section(doc, id, &c.regions) {
        if may_be_date && !dates_a_comment(doc, section, c.first_h1) && !in_quote(doc, id) {
            c.date_texts
                .push(date_text(doc, id, t, label_before, &c.regions));
        }
        return;
    }
    let may_be_date = may_be_date && !in_quote(doc, id);
    c.byline_label = new_label;
    if let Some(line) = by_line
        && !in_page_chrome(doc, id, &c.regions)
        && !in_quote(doc, id)
        && !in_prose(doc, id, MAX_BYLINE_CHARS)
    {
        c.byline_texts.push(line);
        c.byline_tail = BylineTail::Open;
    }
    if let Some(line) = dated {
        c.dated_bylines.push(line);
    }
    if may_be_date {
        c.date_texts
            .push(date_text(doc, id, t, label_before, &c.regions));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_each_source_once_in_one_pass() {
        let doc = Document::parse(
            r#"<html lang="de"><head><title>T | Site</title>
            <meta property="og:title" content="OG">
            <link rel="canonical" href="/a">
            <script type="application/ld+json">{"@type":"Article"}</script></head>
            <body><h1 id="ifAuthor">Section</h1><h1>Head</h1><p class="byline">Von Max Muster</p>
            <time datetime="2020-01-28" class="updated">x</time>
            <span class="date">28.01.2020</span>
            <div class="comments"><p class="author">Troll Person</p></div></body></html>"#,
        );
        let c = collect(&doc);
        assert_eq!(c.title_tag.as_deref(), Some("T | Site"));
        assert_eq!(c.meta.get("og:title"), Some("OG"));
        assert_eq!(c.canonical_link, Some("/a"));
        assert_eq!(c.jsonld_scripts.len(), 1);
        let h1s: Vec<_> = c.h1s.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(h1s, ["Section", "Head"]);
        assert_eq!(c.html_lang, Some("de"));
        assert_eq!(c.byline_elements, ["Von Max Muster"]);
        assert_eq!(c.byline_texts, ["Von Max Muster"]);
        let dates: Vec<_> = c.dates.iter().map(|d| (d.value.as_str(), d.kind)).collect();
        assert_eq!(
            dates,
            [
                ("2020-01-28", DateKind::Modified),
                ("28.01.2020", DateKind::Unknown)
            ]
        );
    }

    #[test]
    fn itemprop_authors_are_left_to_microdata() {
        let doc = Document::parse(
            r#"<meta name="author" content="Jane Doe"><div itemprop="citation" itemscope>
            <meta itemprop="author" content="R. Roe"></div>"#,
        );
        assert_eq!(collect(&doc).meta.all(&["author"]), ["Jane Doe"]);
    }
}
