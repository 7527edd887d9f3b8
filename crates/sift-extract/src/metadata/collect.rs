//! One pass over the DOM gathering every metadata candidate: meta tags, JSON-LD scripts, the
//! `<title>`, headings, canonical links, `<time>` elements, microdata and visible bylines and
//! datelines. Resolution between sources happens later, in `mod.rs`.

use super::byline::authors::{PIECE_WORDS, is_role_only};
use super::meta_tags::MetaTags;
use super::microdata::Microdata;
use super::time::labels::{DateLabel, date_label};
use crate::dom::{Document, Element, NodeId, ROOT};
use crate::needles::{NeedleSet, contains_ignore_ascii_case};
use std::cell::Cell;

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
    pub bylines: Vec<String>,
    /// Short text lines opening with a byline word ("By Jane Doe"), and byline labels joined to
    /// the text that follows them ("<span>By</span><a>Jane Doe</a>" → "By Jane Doe").
    pub by_lines: Vec<String>,
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

/// Whether an element names page chrome or a comment section, found out on first use: the
/// texts of one header, footer or comment list all ask about the same ancestors.
#[derive(Debug, Default)]
struct RegionMemo {
    chrome: Vec<Cell<Option<bool>>>,
    comments: Vec<Cell<Option<bool>>>,
}

impl RegionMemo {
    fn new(nodes: usize) -> Self {
        RegionMemo {
            chrome: vec![Cell::new(None); nodes],
            comments: vec![Cell::new(None); nodes],
        }
    }

    /// `test`'s answer for `id`, computed once.
    fn remember(memo: &[Cell<Option<bool>>], id: NodeId, test: impl FnOnce() -> bool) -> bool {
        let cell = &memo[id as usize];
        cell.get().unwrap_or_else(|| {
            let answer = test();
            cell.set(Some(answer));
            answer
        })
    }
}

/// An `<h1>`: all its text, and its headline without the kicker set in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub text: String,
    /// The text without a kicker ("<span class=\"kicker\">Klimaschutz</span><span>Bohren, bis
    /// es heiß wird</span>" → "Bohren, bis es heiß wird"); the whole text when it has none.
    pub headline: String,
}

/// Class words of a kicker: the topic line a site sets inside its `<h1>` before the headline
/// (German "Dachzeile", "Spitzmarke"), or a subtitle set in it.
static KICKER_CLASSES: NeedleSet = NeedleSet::new(&[
    "kicker",
    "dachzeile",
    "spitzmarke",
    "overline",
    "topline",
    "roofline",
    "eyebrow",
    "supertitle",
    "subtitle",
]);

/// Class words of text hidden from sight, kept for screen readers: the separator between a
/// kicker and the headline, and whole `<h1>`s naming the site or a menu ("Post navigation"),
/// which are no headline.
static HIDDEN_CLASSES: NeedleSet = NeedleSet::new(&[
    "visually-hidden",
    "visuallyhidden",
    "sr-only",
    "screen-reader",
]);

/// Characters left at the edges of a headline once its kicker is dropped.
fn is_kicker_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '|' | '·' | '•' | '/')
}

/// The text of a heading without the elements its classes name a kicker (and the hidden
/// separators that go with one), when it has a kicker and text besides.
fn headline_without_kicker(doc: &Document, heading: NodeId) -> Option<String> {
    let mut out = String::new();
    let mut dropped_kicker = false;
    for (walked, d) in doc.descendants(heading).enumerate() {
        if walked > MAX_TEXT_NODES {
            return None;
        }
        let Some(t) = doc.text(d) else { continue };
        let within = |words: &NeedleSet| {
            doc.ancestors(d).take_while(|&a| a != heading).any(|a| {
                doc.element(a)
                    .is_some_and(|e| words.found_in(&e.class_and_id()))
            })
        };
        if within(&KICKER_CLASSES) {
            dropped_kicker = true;
        } else if !within(&HIDDEN_CLASSES) {
            out.push(' ');
            push_collapsed(&mut out, t);
        }
    }
    let headline = out.trim_matches(is_kicker_separator);
    (dropped_kicker && !headline.is_empty()).then(|| collapse_whitespace(headline))
}

/// Where the text after a by-line stands.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum BylineTail {
    #[default]
    Closed,
    /// Right after a by-line: a joining word ("und", "&") continues it.
    Open,
    /// After the joining word: the next text is the next name.
    Joined,
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

fn visit_element<'d>(doc: &'d Document, id: NodeId, e: &'d Element, c: &mut Candidates<'d>) {
    match &*e.name {
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
                && !HIDDEN_CLASSES.found_in(&e.class_and_id())
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

fn visit_meta<'d>(e: &'d Element, c: &mut Candidates<'d>) {
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

fn visit_time(doc: &Document, id: NodeId, e: &Element, c: &mut Candidates<'_>) {
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
fn visit_data_date(id: NodeId, e: &Element, value: &str, c: &mut Candidates<'_>) {
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
fn date_kind_of(e: &Element) -> DateKind {
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

/// Class or id words of a byline.
static BYLINE_CLASSES: NeedleSet =
    NeedleSet::new(&["byline", "author", "autor", "verfasser", "contributor"]);
/// Class or id words of a dateline.
static DATELINE_CLASSES: NeedleSet =
    NeedleSet::new(&["date", "datum", "publish", "posted", "dateline", "time"]);
/// Class or id words of an author's picture or bio box, which holds no byline.
static NOT_BYLINE_CLASSES: NeedleSet = NeedleSet::new(&[
    "bio",
    "avatar",
    "image",
    "img",
    "photo",
    "about-author",
    "authorbox",
]);

/// Elements whose class or id names a byline or a date: their short text is a candidate.
fn visit_class_signals(doc: &Document, id: NodeId, e: &Element, c: &mut Candidates<'_>) {
    if matches!(
        &*e.name,
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
    // A top-level heading is the headline or a section's name, never a byline.
    let byline = c.bylines.len() < MAX_BYLINES && !e.is("h1") && class_or_id(&BYLINE_CLASSES);
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
        c.bylines.push(t);
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
/// Leading bytes of a longer text node that may open with its date ("01.02.2022 Der
/// Arbeitsmarkt ...").
const DATE_PROBE_BYTES: usize = 48;

/// A text node short enough to be read whole for a date. Runs of whitespace count as one
/// space: markup indentation around a dateline ("(\n            2012-06-04 09:20:26\n  )")
/// does not make it prose.
pub fn is_short_date_text(text: &str) -> bool {
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

/// Labels of dates that are not the page's, lower-case: a clock showing when the page was
/// generated (forum software prints "It is currently ..." on every page) and the day a
/// member joined, shown next to each forum post.
const OTHER_DATE_LABELS: &[&str] = &[
    "it is currently",
    "current time",
    "aktuelle zeit",
    "es ist jetzt",
    "nous sommes le",
    "fecha actual",
    "het is nu",
    "joined",
    "member since",
    "registered",
    "registriert",
    "mitglied seit",
    "dabei seit",
    "anmeldedatum",
    "inscrit le",
    "inscription",
    "registrado",
];

/// The text opens with a label of a date that is not the page's ("Aktuelle Zeit: ...").
fn labels_other_date(text: &str) -> bool {
    let opening = text.trim_start().as_bytes();
    OTHER_DATE_LABELS.iter().any(|l| {
        opening
            .get(..l.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(l.as_bytes()))
    })
}

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
    let by_line = if short && c.by_lines.len() < MAX_BYLINES {
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
            &*e.name,
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
    {
        c.by_lines.push(line);
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

/// Keeps the last signature seen.
fn track_signature(doc: &Document, id: NodeId, t: &str, short: bool, c: &mut Candidates<'_>) {
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
        let emphasis = matches!(&*e.name, "em" | "i" | "b" | "strong");
        if !(paragraph || emphasis || matches!(&*e.name, "span" | "font")) {
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
        None => is_prose(doc, sibling_element(doc, paragraph, Side::Before)),
    };
    let next = sibling_element(doc, paragraph, Side::After);
    after_prose && !is_prose(doc, next) && !is_text_block(doc, next)
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
fn is_prose(doc: &Document, id: Option<NodeId>) -> bool {
    id.is_some_and(|p| {
        doc.element(p).is_some_and(|e| e.is("p"))
            && bounded_text(doc, p, MAX_PARAGRAPH_CHARS).is_none_or(|t| t.len() > MAX_SHORT_TEXT)
    })
}

/// A list, table or quote: body text, which a signature does not precede.
fn is_text_block(doc: &Document, id: Option<NodeId>) -> bool {
    id.and_then(|id| doc.element(id)).is_some_and(|e| {
        matches!(
            &*e.name,
            "ul" | "ol" | "dl" | "table" | "blockquote" | "pre"
        )
    })
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

/// Longest text read as a lone date label ("Zuletzt geändert am:").
const MAX_DATE_LABEL_CHARS: usize = 40;

/// The label a text is made of alone ("Erschienen am:", no date in it): it introduces the next
/// text.
fn lone_date_label(t: &str) -> Option<DateLabel> {
    if t.len() > MAX_DATE_LABEL_CHARS || t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(date_label(t)).filter(|&l| l != DateLabel::None)
}

/// A date text labelled by its own opening, else by the lone label before it.
fn date_text(
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
    if !is_prose(doc, parent) {
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

/// Words joining the names of a byline written as separate elements.
const NAME_JOINS: &[&str] = &["und", "and", "&", ",", "et", "y", "e", "sowie"];

/// "Von <a>Jane Doe</a> und <a>John Roe</a>": a joining word right after a by-line, then the
/// next short text, extend it. True when `t` was taken.
fn extend_by_line(c: &mut Candidates<'_>, t: &str) -> bool {
    let tail = std::mem::take(&mut c.byline_tail);
    let Some(line) = c.by_lines.last_mut() else {
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

/// Openers of a byline, lower-case ("By Jane Doe", "von Max Muster", "Par Jean Dupont").
const BYLINE_OPENERS: &[&str] = &["by", "von", "par", "por", "door"];

/// Author labels that open a byline even without a colon ("Autor Max Muster"), lower-case.
const BARE_AUTHOR_LABELS: &[&str] = &[
    "autor",
    "autorin",
    "autoren",
    "author",
    "authors",
    "auteur",
    "verfasser",
    "verfasserin",
];

/// Author labels that need a colon ("Text:", "记者："): "Text" and "Redaktion" are too often
/// words of a sentence or a menu.
const COLON_AUTHOR_LABELS: &[&str] = &[
    "作者",
    "编辑",
    "责任编辑",
    "记者",
    "text",
    "texte",
    "redaktion",
];

/// Any label naming the author, with or without a colon.
fn is_author_label(word: &str) -> bool {
    BARE_AUTHOR_LABELS.contains(&word) || COLON_AUTHOR_LABELS.contains(&word)
}

/// Words before an opener in a byline ("Posted by", "Ein Artikel von", "Publié par").
const BYLINE_PREAMBLE: &[&str] = &[
    "posted",
    "written",
    "geschrieben",
    "verfasst",
    "erstellt",
    "eingestellt",
    "gespeichert",
    "veröffentlicht",
    "gepostet",
    "ein",
    "eine",
    "artikel",
    "beitrag",
    "blog",
    "blogbeitrag",
    "story",
    "article",
    "interview",
    "text",
    "texte",
    "publié",
    "écrit",
    "publicado",
    "publicada",
    "escrito",
    "escrita",
    "scritto",
    "pubblicato",
];

/// A word before an opener: a preamble word or a kind of piece ("Eine Kolumne von").
fn is_preamble_word(word: &str) -> bool {
    BYLINE_PREAMBLE.contains(&word) || PIECE_WORDS.contains(&word)
}

/// Most words before an opener ("Ein Blog Beitrag von").
const MAX_PREAMBLE_WORDS: usize = 3;

/// The byline a text gives: itself when it opens with a byline word or label, or the pending
/// label joined to it.
fn by_line_text(t: &str, label: Option<&str>) -> Option<String> {
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
/// date, then a capitalised last part without digits (the name is checked when cleaned).
fn dated_byline(t: &str, id: NodeId, h1: Option<NodeId>) -> Option<String> {
    let near_headline = h1.is_some_and(|h| id > h && id - h <= DATED_BYLINE_WINDOW);
    if !near_headline || !t.starts_with(|c: char| c.is_ascii_digit()) {
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

/// Articles that open a teaser's title after its date ("12.01.2020 - Die Liste"), not a name.
const TITLE_ARTICLES: &[&str] = &["The", "A", "An", "Der", "Die", "Das", "Ein", "Eine"];

/// "By Jane Doe", "von Max Muster", "Autor: Max Muster", "Posted by jdoe", "Ein Artikel von
/// Max Muster": a byline word, a label with a colon, or a preamble and an opener, then more.
fn opens_byline(t: &str) -> bool {
    // French sets a space before the colon ("Auteur : Jean Dupont"), Chinese a full-width one
    // ("责任编辑：孔德明").
    let mut t = t.replace(" :", ":");
    if t.contains('：') {
        t = t.replace('：', ":");
    }
    let words: Vec<String> = t
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
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
fn byline_label(t: &str, bare_ok: bool) -> Option<&'static str> {
    if t.len() > 30 {
        return None;
    }
    let mut words = t
        .trim_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace();
    let last = words.next_back()?.to_lowercase();
    let last = last.trim_end_matches(':');
    // Most texts end with no label word: settled before the words before it are read.
    if !BYLINE_OPENERS.contains(&last) && !is_author_label(last) {
        return None;
    }
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

/// An `<h1>` wrapping the site's logo (an image, at most its alt name as text): the page's
/// headline is a later `<h1>`.
fn is_logo_heading(doc: &Document, h1: NodeId) -> bool {
    doc.descendants(h1).take(MAX_TEXT_NODES).any(|d| {
        doc.element(d)
            .is_some_and(|e| matches!(&*e.name, "img" | "svg"))
    })
}

/// An `<h1>` holding a link to the site's home page (`rel="home"`, or an address with no
/// path): the site's name set as a heading above its posts, not a headline.
fn links_home(doc: &Document, h1: NodeId) -> bool {
    doc.descendants(h1).take(MAX_TEXT_NODES).any(|d| {
        doc.element(d).filter(|e| e.is("a")).is_some_and(|a| {
            a.attr("rel")
                .is_some_and(|r| r.split_ascii_whitespace().any(|r| r == "home"))
                || a.attr("href").is_some_and(is_home_address)
        })
    })
}

/// `/`, `https://example.com` or `https://example.com/`, also archived
/// (`https://web.archive.org/web/2008/http://example.com/`): an address with no path.
fn is_home_address(href: &str) -> bool {
    let href = href.trim().trim_end_matches('/');
    match href.rfind("://") {
        Some(i) => !href[i + 3..].contains('/'),
        None => href.is_empty(),
    }
}

/// Elements that hold a field's label: definition terms, table headers, small headings.
fn is_label_element(e: &Element) -> bool {
    matches!(&*e.name, "dt" | "th" | "h3" | "h4" | "h5" | "h6")
}

/// Text of `id` with whitespace collapsed, or `None` when empty or longer than `max_chars`
/// (the walk stops as soon as the limit is passed).
pub fn bounded_text(doc: &Document, id: NodeId, max_chars: usize) -> Option<String> {
    let mut out = String::new();
    for (walked, d) in doc.descendants(id).enumerate() {
        if walked > MAX_TEXT_NODES {
            return None;
        }
        if let Some(t) = doc.text(d) {
            push_collapsed(&mut out, t);
            if out.len() > max_chars * 4 {
                return None;
            }
        } else if doc
            .element(d)
            .is_some_and(|e| matches!(&*e.name, "script" | "style"))
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

/// Elements that may split a word ("<b>W</b>ord"): no space is inserted at their boundary.
fn is_inline_formatting(e: &Element) -> bool {
    matches!(
        &*e.name,
        "b" | "i" | "em" | "strong" | "u" | "small" | "sup" | "sub" | "abbr" | "mark"
    )
}

fn push_collapsed(out: &mut String, text: &str) {
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

/// Inside the page's footer, navigation bar, site header or an aside, outside any `<article>`:
/// its "by" lines credit themes, designers and other posts ("Theme by ThemeGrill", "Website by
/// Dots United"), and its dates are a clock of the day the page was served (a newspaper's
/// edition date by its logo). The ARIA landmarks `banner`, `navigation` and `contentinfo` name
/// the site's header, menus and footer whatever their markup.
fn in_page_chrome(doc: &Document, id: NodeId, regions: &RegionMemo) -> bool {
    let mut chrome = false;
    for a in doc.ancestors(id).take(40) {
        let Some(e) = doc.element(a) else { continue };
        if e.is("article") {
            return false;
        }
        chrome = chrome || RegionMemo::remember(&regions.chrome, a, || names_chrome(e));
    }
    chrome
}

/// A footer, navigation bar or aside, by its tag, landmark role, class or id.
fn names_chrome(e: &Element) -> bool {
    matches!(&*e.name, "footer" | "nav" | "aside")
        || e.attr("role")
            .is_some_and(|r| matches!(r, "banner" | "navigation" | "contentinfo"))
        || ["class", "id"]
            .iter()
            .filter_map(|k| e.attr(k))
            .any(is_chrome_class)
}

/// A class or id naming page chrome ("site-footer"), not a post's own footer ("post-footer",
/// "entry-footer", "article-footer").
fn is_chrome_class(value: &str) -> bool {
    static CHROME: NeedleSet = NeedleSet::new(&[
        "footer",
        "copyright",
        "colophon",
        "site-info",
        "navbar",
        "navtop",
        "topbar",
        "top-bar",
        "masthead",
    ]);
    static POST_PARTS: NeedleSet = NeedleSet::new(&["post", "entry", "article"]);
    CHROME.found_in_ignoring_ascii_case(value) && !POST_PARTS.found_in_ignoring_ascii_case(value)
}

/// The comment section `id` is in, if any (its bylines and dates belong to commenters): the
/// nearest ancestor whose class or id names comments or related posts. Classes of `<html>` and
/// `<body>` describe the whole page ("pageLayout--related", "comments-open"), not a section.
fn comments_section(doc: &Document, id: NodeId, regions: &RegionMemo) -> Option<NodeId> {
    static COMMENTS_OR_RELATED: NeedleSet = NeedleSet::new(&["comment", "related"]);
    doc.ancestors(id).take(40).find(|&a| {
        RegionMemo::remember(&regions.comments, a, || {
            doc.element(a).is_some_and(|e| {
                !matches!(&*e.name, "html" | "body")
                    && ["class", "id"]
                        .iter()
                        .filter_map(|k| e.attr(k))
                        .any(|v| COMMENTS_OR_RELATED.found_in_ignoring_ascii_case(v))
            })
        })
    })
}

/// A date inside `section` (see [`comments_section`]) is a commenter's unless the section holds
/// the page's headline: then it is the article itself, named for its genre (an opinion piece's
/// "ArticleHeaderComment"), and its dateline is the page's. Bylines keep the plain test: a
/// commentary's header names its author the same way a comment does.
fn dates_a_comment(doc: &Document, section: NodeId, h1: Option<NodeId>) -> bool {
    !h1.is_some_and(|h| doc.ancestors(h).take(40).any(|a| a == section))
}

/// A machine-readable date element (`<time>`, `data-date`) that may date the article: not in a
/// comment, a quote, page chrome or a link to another page.
fn is_article_date_element(doc: &Document, id: NodeId, c: &Candidates<'_>) -> bool {
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

/// Ancestors searched for the link a date sits in.
const MAX_LINK_DEPTH: usize = 8;

/// Inside a link to another page than this one (by its canonical URL or `og:url`): a teaser's
/// date dates the page it links to. A permalink around the post's own date links here.
fn in_link_elsewhere(doc: &Document, id: NodeId, c: &Candidates<'_>) -> bool {
    let Some(page) = c.canonical_link.or_else(|| c.meta.get("og:url")) else {
        return false;
    };
    doc.ancestors(id)
        .take(MAX_LINK_DEPTH)
        .filter_map(|a| doc.element(a))
        .find(|e| e.is("a"))
        .and_then(|a| a.attr("href"))
        .is_some_and(|href| links_to_another_page(href, page))
}

/// `href` names another page than `page`: their paths differ (scheme, host, query, fragment and
/// a trailing slash aside). A relative `href` is compared by its last path segment; an empty
/// one, a fragment or a script stays on the page.
fn links_to_another_page(href: &str, page: &str) -> bool {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') || href.starts_with("javascript:") {
        return false;
    }
    let (href_path, page_path) = (url_path(href), url_path(page));
    if href_path.starts_with('/') {
        return href_path != page_path;
    }
    last_segment(href_path) != last_segment(page_path)
}

fn last_segment(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or_default()
}

/// The path of a URL without its query, fragment and trailing slash.
fn url_path(url: &str) -> &str {
    let url = url.split(['#', '?']).next().unwrap_or_default();
    let path = if let Some(i) = url.find("://") {
        after_host(&url[i + 3..])
    } else if let Some(rest) = url.strip_prefix("//") {
        after_host(rest)
    } else {
        url
    };
    path.trim_end_matches('/')
}

/// What follows the host in `host/path`.
fn after_host(rest: &str) -> &str {
    rest.find('/').map_or("", |i| &rest[i..])
}

/// Inside a `<blockquote>`: an embedded post (tweet, Instagram) carries its own date.
fn in_quote(doc: &Document, id: NodeId) -> bool {
    doc.ancestors(id)
        .take(40)
        .any(|a| doc.element(a).is_some_and(|e| e.is("blockquote")))
}

fn inside(doc: &Document, id: NodeId, names: &[&str]) -> bool {
    doc.ancestors(id)
        .any(|a| doc.element(a).is_some_and(|e| names.contains(&&*e.name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_links_to_other_pages_from_permalinks() {
        let page = "https://www.example.org/news/story-1/";
        assert!(links_to_another_page("/news/story-2", page));
        assert!(links_to_another_page(
            "https://example.org/news/story-2/",
            page
        ));
        assert!(!links_to_another_page(
            "http://www.example.org/news/story-1",
            page
        ));
        assert!(!links_to_another_page("/news/story-1/#comments", page));
        assert!(!links_to_another_page("story-1", page));
        assert!(!links_to_another_page("#top", page));
    }

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
        assert_eq!(c.bylines, ["Von Max Muster"]);
        assert_eq!(c.by_lines, ["Von Max Muster"]);
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
            assert_eq!(collect(&Document::parse(html)).by_lines, *want, "{html}");
        }
    }

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

    #[test]
    fn itemprop_authors_are_left_to_microdata() {
        let doc = Document::parse(
            r#"<meta name="author" content="Jane Doe"><div itemprop="citation" itemscope>
            <meta itemprop="author" content="R. Roe"></div>"#,
        );
        assert_eq!(collect(&doc).meta.all(&["author"]), ["Jane Doe"]);
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
    fn a_kicker_set_in_the_h1_is_no_part_of_its_headline() {
        let doc = Document::parse(
            r#"<h1><span class="article-heading__kicker">Klimaschutz</span><span
            class="visually-hidden">: </span><span>Bohren, bis es heiß wird</span></h1>
            <h1><span class="dachzeile">Interne Unterlagen</span> Daten gehackt</h1>
            <h1>Plain <b>headline</b></h1>"#,
        );
        let c = collect(&doc);
        let got: Vec<_> = c
            .h1s
            .iter()
            .map(|h| (h.text.as_str(), h.headline.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Klimaschutz : Bohren, bis es heiß wird",
                    "Bohren, bis es heiß wird"
                ),
                ("Interne Unterlagen Daten gehackt", "Daten gehackt"),
                ("Plain headline", "Plain headline"),
            ]
        );
    }

    #[test]
    fn a_heading_linking_home_or_hidden_is_no_headline() {
        let doc = Document::parse(
            r#"<h1><a href="https://web.archive.org/web/2008/http://www.blog.de/">Blog</a></h1>
            <h1 id="site-title"><a href="/start" rel="home">Blog</a></h1>
            <h1>Was ist <a href="/wiki/Marketing">virales Marketing</a>?</h1>"#,
        );
        let c = collect(&doc);
        let h1s: Vec<_> = c.h1s.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(h1s, ["Was ist virales Marketing?"]);
        let hidden = Document::parse(
            r#"<h1 class="visuallyhidden">Beige</h1><h1 class="Article__title">Provence</h1>"#,
        );
        let c = collect(&hidden);
        let h1s: Vec<_> = c.h1s.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(h1s, ["Provence"]);
        assert!(is_home_address("/"));
        assert!(is_home_address("https://example.com"));
        assert!(!is_home_address("https://example.com/2008/07/post/"));
    }

    #[test]
    fn the_headline_is_the_first_h1_that_is_no_logo() {
        let doc = Document::parse(
            r#"<h1 class="logo"><a href="/"><img src="logo.png"><span>Site</span></a></h1>
            <p>Menu</p><h1>Headline</h1>"#,
        );
        let c = collect(&doc);
        let headline = doc.elements_named("h1").nth(1).map(|(id, _)| id);
        assert_eq!(c.first_h1, headline);
    }

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
}
