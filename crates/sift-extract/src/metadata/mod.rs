//! Article metadata from every source a page offers.
//!
//! One pass over the DOM ([`collect`]) gathers candidates; each field is then resolved from its
//! sources in precedence order: JSON-LD, `<meta>` tags, microdata, `<time>`, visible bylines and
//! datelines, the URL, and `<title>`. A candidate that fails validation (a future date, an
//! organisation as author, the site name as title) falls through to the next source.

pub mod byline;
pub mod collect;
pub mod jsonld;
pub mod meta_tags;
pub mod microdata;
pub mod time;
pub mod title;

pub use crate::url::canonicalize_url;
pub use byline::authors::clean_author_names;

use crate::dom::{Document, NodeId};
use byline::authors::is_organisation_name;
use byline::choose::{AuthorCandidates, choose_authors};
use byline::shown::ShownText;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use collect::{
    Candidates, DateCandidate, DateKind, bounded_text, collect, date_probe, is_short_date_text,
};
use jsonld::JsonLdInfo;
use meta_tags::*;
use time::dates::{
    FoundDate, NumericOrder, date_from_url, find_date_in_text, leading_date, parse_iso,
    parse_timestamp,
};
use time::labels::{DateLabel, publication_sentence};
use time::relative::parse_relative;
use title::{TitleSources, choose_title, norm_key};

/// Metadata found on a page. Dates are UTC; absent when unknown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub description: Option<String>,
    pub authors: Vec<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub modified_at: Option<DateTime<Utc>>,
    /// `published_at` in the offset the page stated, so the page's own calendar day is known
    /// (a late-evening `+02:00` timestamp falls on the previous day in UTC).
    pub published_local: Option<DateTime<FixedOffset>>,
    pub canonical_url: Option<String>,
    pub site_name: Option<String>,
    /// BCP 47 hint from markup (`<html lang>`, `og:locale`, `content-language`).
    pub language_hint: Option<String>,
    pub section: Option<String>,
    pub tags: Vec<String>,
    pub image: Option<String>,
    /// The article body declared in JSON-LD (`articleBody`), for the content step: pages that
    /// render their text by script or show only a teaser still declare all of it.
    pub declared_body: Option<String>,
    /// Short notes on which source won for each field, for `diagnostics`.
    pub notes: Vec<String>,
}

/// Most tags kept.
const MAX_TAGS: usize = 30;

/// Extracts metadata. `page_url` resolves relative URLs and gives URL dates and the site's host;
/// dates later than `fetched_at` (or now, when unknown) are discarded.
pub fn extract_metadata(
    doc: &Document,
    page_url: Option<&str>,
    fetched_at: Option<DateTime<Utc>>,
) -> Metadata {
    let c = collect(doc);
    let ld = jsonld::read_jsonld(c.jsonld_scripts.iter().copied());
    let host = page_url.and_then(host_of);
    let mut m = Metadata {
        language_hint: language_hint(&c, &ld),
        ..Metadata::default()
    };
    m.site_name = site_name(&c, &ld);
    m.canonical_url = canonical_url(&c, &ld, page_url);
    let order = numeric_order(m.language_hint.as_deref());
    let not_after = fetched_at.unwrap_or_else(Utc::now);
    let url_for_dates = page_url.or(m.canonical_url.as_deref());
    let published = published_date(&c, doc, &ld, url_for_dates, order, not_after)
        .or_else(|| relative_dateline(&c, fetched_at?).map(|d| (d, "relative dateline")));
    if let Some((found, source)) = published {
        let (found, source) = prefer_shown_dates(&c, doc, &ld, found, source, order, not_after);
        m.published_at = Some(found.utc());
        m.published_local = Some(found.local);
        m.notes.push(format!("published_at: {source}"));
    }
    m.modified_at =
        modified_date(&c, &ld, order, not_after).filter(|d| m.published_at.is_none_or(|p| *d >= p));
    let site_names = site_names(&m, &ld, &c);
    let article_page = is_article_page(&c, &ld, &m);
    let shown = ShownText::new(doc);
    // A page read from a file has no URL: its canonical URL still names the site's host.
    let site_host = host
        .clone()
        .or_else(|| m.canonical_url.as_deref().and_then(host_of));
    if let Some((authors, source)) = authors(
        &c,
        &ld,
        &site_names,
        site_host.as_deref(),
        article_page,
        &shown,
    ) {
        m.authors = authors;
        m.notes.push(format!("authors: {source}"));
    }
    let sources = TitleSources {
        jsonld_headline: ld.headline.as_deref(),
        microdata_headline: c.microdata.headline.as_deref(),
        meta_titles: c.meta.all(TITLE_KEYS),
        title_tag: c.title_tag.as_deref(),
        h1s: &c.h1s,
        site_names: site_names.iter().map(String::as_str).collect(),
        host: host.as_deref(),
    };
    if let Some((title, source)) = choose_title(&sources) {
        m.title = Some(title);
        m.notes.push(format!("title: {source}"));
    }
    m.description = ld
        .description
        .clone()
        .or_else(|| c.meta.first(DESCRIPTION_KEYS).map(str::to_owned));
    m.image = ld
        .image
        .as_deref()
        .or_else(|| c.meta.first(IMAGE_KEYS))
        .and_then(|u| canonicalize_url(u, page_url));
    m.section = ld
        .section
        .clone()
        .or_else(|| c.meta.first(SECTION_KEYS).map(str::to_owned));
    m.tags = tags(&c, &ld);
    m.declared_body = ld.article_body;
    m
}

fn host_of(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
}

fn language_hint(c: &Candidates<'_>, ld: &JsonLdInfo) -> Option<String> {
    c.html_lang
        .or_else(|| c.meta.first(LANGUAGE_KEYS))
        .or(ld.language.as_deref())
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
}

/// US English writes month first in numeric dates; everyone else day first.
fn numeric_order(lang: Option<&str>) -> NumericOrder {
    match lang.map(|l| l.to_ascii_lowercase().replace('_', "-")) {
        Some(l) if l == "en-us" || l == "en" => NumericOrder::MonthFirst,
        _ => NumericOrder::DayFirst,
    }
}

fn site_name(c: &Candidates<'_>, ld: &JsonLdInfo) -> Option<String> {
    c.meta
        .first(&["og:site_name"])
        .map(str::to_owned)
        .or_else(|| ld.site_name.clone())
        .or_else(|| ld.publisher.clone())
        .or_else(|| {
            c.meta
                .all(SITE_NAME_KEYS)
                .into_iter()
                .find(|v| !v.contains("://"))
                .map(str::to_owned)
        })
}

/// Every name the site goes by: never an author, never the title.
fn site_names(m: &Metadata, ld: &JsonLdInfo, c: &Candidates<'_>) -> Vec<String> {
    let mut names: Vec<String> = m
        .site_name
        .iter()
        .chain(&ld.site_name)
        .chain(&ld.publisher)
        .cloned()
        .collect();
    let authors = c.meta.all(AUTHOR_KEYS);
    names.extend(
        SITE_NAME_KEYS
            .iter()
            .flat_map(|&key| {
                c.meta
                    .all(&[key])
                    .into_iter()
                    .filter(|v| !repeats_the_author(key, v, &authors))
            })
            .chain(c.meta.get("twitter:site"))
            .filter(|v| !v.contains("://"))
            .map(|v| v.trim_start_matches('@').to_owned()),
    );
    names.dedup();
    names
}

/// A publisher tag naming the page's author ("dcterms.publisher" beside "author"): CMS templates
/// fill it with the author, so it names no site.
fn repeats_the_author(key: &str, value: &str, authors: &[&str]) -> bool {
    key.ends_with("publisher") && authors.contains(&value)
}

fn canonical_url(c: &Candidates<'_>, ld: &JsonLdInfo, page_url: Option<&str>) -> Option<String> {
    c.canonical_link
        .into_iter()
        .chain(c.meta.first(CANONICAL_KEYS))
        .chain(ld.url.as_deref())
        .chain(page_url)
        .find_map(|u| canonicalize_url(u, page_url))
}

/// A parsed date no later than `not_after`.
fn valid_date(value: &str, order: NumericOrder, not_after: DateTime<Utc>) -> Option<FoundDate> {
    parse_timestamp(value, order).filter(|d| d.utc() <= not_after)
}

/// The publication date, by source precedence. A full date in the URL path is strong evidence:
/// a structured date more than a day away from it loses to it, unless the dateline under the
/// headline shows that date. A page stating no publication date but a structured update date
/// is dated by the latter (as htmldate does) before guesses from scripts and texts.
fn published_date(
    c: &Candidates<'_>,
    doc: &Document,
    ld: &JsonLdInfo,
    page_url: Option<&str>,
    order: NumericOrder,
    not_after: DateTime<Utc>,
) -> Option<(FoundDate, &'static str)> {
    let valid = |v: &str| valid_date(v, order, not_after);
    let url_date = page_url
        .and_then(date_from_url)
        .and_then(FoundDate::from_day)
        .filter(|d| d.utc() <= not_after);
    let found = c
        .meta
        .all(PUBLISHED_KEYS)
        .into_iter()
        .find_map(valid)
        .map(|d| (d, "meta"))
        .or_else(|| {
            ld.date_published
                .as_deref()
                .and_then(valid)
                .map(|d| (d, "json-ld"))
        })
        .or_else(|| {
            c.microdata
                .date_published
                .as_deref()
                .and_then(valid)
                .map(|d| (d, "microdata"))
        })
        .or_else(|| machine_page_date(c, doc, order, not_after).map(|d| (d, "time")))
        .or_else(|| {
            page_date(c, DateKind::Published, false, order, not_after).map(|d| (d, "dateline"))
        })
        .or_else(|| url_date.map(|d| (d, "url")))
        .or_else(|| {
            page_date(c, DateKind::Unknown, false, order, not_after).map(|d| (d, "dateline"))
        })
        .or_else(|| modified_found(c, ld, order, not_after).map(|d| (d, "modified")))
        .or_else(|| script_date(c, not_after).map(|d| (d, "script")))
        .or_else(|| text_date(c, doc, order, not_after).map(|d| (d, "text")))
        .or_else(|| image_url_date(c, not_after).map(|d| (d, "image url")));
    match (found, url_date) {
        (Some((d, _)), Some(u))
            if (d.local_day() - u.local_day()).num_days().abs() > 1
                && !headline_shows(c, &d, order, not_after) =>
        {
            Some((u, "url"))
        }
        _ => found,
    }
}

/// The dateline under the headline shows the day of `found`: what the article tells its
/// readers outranks the day its address was filed under.
fn headline_shows(
    c: &Candidates<'_>,
    found: &FoundDate,
    order: NumericOrder,
    not_after: DateTime<Utc>,
) -> bool {
    headline_dateline(c, order, not_after).is_some_and(|d| d.local_day() == found.local_day())
}

/// Longest `<time>` text read for the date it shows.
const MAX_TIME_TEXT_CHARS: usize = 80;

/// The day in the path of the page's preview image (`/files/2016/05/04/report.png`): sites file
/// an article's images under the day it was made. The last resort, as in htmldate.
fn image_url_date(c: &Candidates<'_>, not_after: DateTime<Utc>) -> Option<FoundDate> {
    c.meta
        .all(IMAGE_KEYS)
        .into_iter()
        .find_map(date_from_url)
        .and_then(FoundDate::from_day)
        .filter(|d| d.utc() <= not_after)
}

/// Nodes after the `<h1>` within which the article's own dateline is looked for.
const DATELINE_WINDOW: u32 = 200;
/// Nodes before the `<h1>` within which a dateline set above the headline is looked for.
const DATELINE_ABOVE_WINDOW: u32 = 30;
/// Different days a dateline area may show (published, updated) before it is a list.
const MAX_DATELINE_DAYS: usize = 2;

/// Corrects a structured publication date by what the page shows its readers.
fn prefer_shown_dates(
    c: &Candidates<'_>,
    doc: &Document,
    ld: &JsonLdInfo,
    mut found: FoundDate,
    mut source: &'static str,
    order: NumericOrder,
    not_after: DateTime<Utc>,
) -> (FoundDate, &'static str) {
    let structured = matches!(source, "json-ld" | "meta" | "microdata");
    let later_modified = modified_found(c, ld, order, not_after)
        .filter(|modified| modified.local_day() > found.local_day());
    if !structured && later_modified.is_none() {
        return (found, source);
    }
    let shown = visible_days(c, doc, order);
    // A page that shows its update date but not its publication date is dated by the
    // former (the visible date is the one readers and archives cite).
    if let Some(modified) = later_modified
        && shown.contains(&modified.local_day())
        && !shown.contains(&found.local_day())
    {
        return (modified, "modified, shown");
    }
    if structured
        && let Some(labelled) = labelled_publication_over_bare_day(c, doc, &found, order, not_after)
    {
        return (labelled, "labelled publication");
    }
    if !structured
        || (shown.contains(&found.local_day())
            && !headline_disowns_bare_day(c, &found, order, not_after))
    {
        return (found, source);
    }
    // A structured date the page never shows loses to another publication date of the page's
    // markup that it does show (or to its own other reading: a German page's meta may be
    // written `11/01/2023` month first), then to the article's dateline under its headline.
    let contradicts = |d: &FoundDate| contradicts_timestamp(&found, d);
    if let Some(other) = structured_dates(c, ld, order, not_after)
        .chain(structured_dates(c, ld, order.flipped(), not_after))
        .find(|d| contradicts(d) && shown.contains(&d.local_day()))
    {
        return (other, "structured, shown");
    }
    if let Some(dateline) = headline_dateline(c, order, not_after)
        .or_else(|| text_under_headline(c, doc, order, not_after))
        && contradicts(&dateline)
    {
        found = dateline;
        source = "dateline under the headline";
    } else if let Some(day) = prevailing_day(&shown)
        && let Some(d) = FoundDate::from_day(day).filter(|d| contradicts(d))
    {
        found = d;
        source = "prevailing shown day";
    }
    (found, source)
}

/// Fewest times a day must be shown to prevail.
const MIN_PREVAILING_SHOWS: usize = 6;

/// The day shown in most of the page's visible dates (a thread's posts of one day), when it
/// is shown at least [`MIN_PREVAILING_SHOWS`] times and in more than half of them.
fn prevailing_day(shown: &[NaiveDate]) -> Option<NaiveDate> {
    let count = |day: &NaiveDate| shown.iter().filter(|d| *d == day).count();
    let day = shown.iter().max_by_key(|d| count(d))?;
    let n = count(day);
    (n >= MIN_PREVAILING_SHOWS && 2 * n > shown.len()).then_some(*day)
}

/// The date the page labels as its publication ("Erschienen am: 13.10.2021"), nearest the
/// headline, when it contradicts a bare structured day in both numeric readings: a bare day
/// is often the last edit ("Zuletzt geändert am: 15.10.2021"), the label says which is which.
fn labelled_publication_over_bare_day(
    c: &Candidates<'_>,
    doc: &Document,
    found: &FoundDate,
    order: NumericOrder,
    not_after: DateTime<Utc>,
) -> Option<FoundDate> {
    if found.has_time {
        return None;
    }
    let labelled = |reading| labelled_publication(c, doc, reading, not_after);
    labelled(order)
        .filter(|d| contradicts_timestamp(found, d))
        .filter(|_| labelled(order.flipped()).is_none_or(|d| contradicts_timestamp(found, &d)))
}

/// The visible date labelled as the publication nearest the headline (the first one without
/// a headline).
fn labelled_publication(
    c: &Candidates<'_>,
    doc: &Document,
    order: NumericOrder,
    not_after: DateTime<Utc>,
) -> Option<FoundDate> {
    let h1 = c.first_h1.unwrap_or(0);
    c.date_texts
        .iter()
        .filter(|d| d.label == DateLabel::Published)
        .filter_map(|d| {
            let found = text_node_date(doc.text(d.node)?, d.prose, order)
                .filter(|f| f.utc() <= not_after)?;
            Some((d.node, found))
        })
        .min_by_key(|&(node, _)| node.abs_diff(h1))
        .map(|(_, found)| found)
}

/// A bare structured day (no time: often the day a CMS last touched the page) that the dateline
/// under the headline contradicts in both numeric readings: that the day shows elsewhere on the
/// page (a teaser list of the same day's posts) does not confirm it against the dateline.
fn headline_disowns_bare_day(
    c: &Candidates<'_>,
    found: &FoundDate,
    order: NumericOrder,
    not_after: DateTime<Utc>,
) -> bool {
    let dateline = |reading| headline_dateline(c, reading, not_after);
    !found.has_time
        && dateline(order).is_some_and(|d| contradicts_timestamp(found, &d))
        && dateline(order.flipped()).is_none_or(|d| contradicts_timestamp(found, &d))
}

/// `other` is not the moment `found` states written in another time zone: they are days
/// apart, or a day apart while `found` is a bare day (it states no time to be shifted) or
/// `other` pins its own instant with a time and offset (the same instant shifts nothing in the
/// UTC result, another one is a real disagreement).
fn contradicts_timestamp(found: &FoundDate, other: &FoundDate) -> bool {
    let days = (other.local_day() - found.local_day()).num_days().abs();
    days > 1
        || (days == 1
            && (!found.has_time
                || (other.has_time && (other.has_offset || clocks_too_far_apart(found, other)))))
}

/// Hours by which a local clock can run ahead of or behind UTC at most (UTC-12 to UTC+14).
const MAX_UTC_OFFSET_HOURS: i64 = 14;

/// Two times of day, as written, further apart than a local clock and UTC can be: they are no
/// one moment written once with and once without the offset.
fn clocks_too_far_apart(a: &FoundDate, b: &FoundDate) -> bool {
    let apart = a.local.naive_local() - b.local.naive_local();
    apart.num_hours().abs() > MAX_UTC_OFFSET_HOURS
}

/// Every publication date the page's markup states: meta tags, JSON-LD, microdata and
/// `<time datetime>` elements that are not modification dates.
fn structured_dates<'a>(
    c: &'a Candidates<'_>,
    ld: &'a JsonLdInfo,
    order: NumericOrder,
    not_after: DateTime<Utc>,
) -> impl Iterator<Item = FoundDate> + 'a {
    let machine_times = c
        .dates
        .iter()
        .filter(|d| d.machine && d.kind != DateKind::Modified)
        .map(|d| d.value.as_str());
    c.meta
        .all(PUBLISHED_KEYS)
        .into_iter()
        .chain(ld.date_published.as_deref())
        .chain(c.microdata.date_published.as_deref())
        .chain(machine_times)
        .filter_map(move |v| valid_date(v, order, not_after))
}

/// The first date candidate within [`DATELINE_WINDOW`] nodes after the first `<h1>` that is
/// not a modification date, else the last one within [`DATELINE_ABOVE_WINDOW`] nodes before it
/// (a dateline set above the headline), when it reads as a date ("vor 26 Minuten" does not).
/// More than [`MAX_DATELINE_DAYS`] different days after the headline make a list of posts, not
/// a dateline.
fn headline_dateline(
    c: &Candidates<'_>,
    order: NumericOrder,
    not_after: DateTime<Utc>,
) -> Option<FoundDate> {
    let h1 = c.first_h1?;
    let not_modified = c.dates.iter().filter(|d| d.kind != DateKind::Modified);
    let mut window = not_modified
        .clone()
        .filter(|d| d.node > h1 && d.node - h1 <= DATELINE_WINDOW);
    let dateline = window.next().or_else(|| {
        not_modified
            .clone()
            .rfind(|d| d.node < h1 && h1 - d.node <= DATELINE_ABOVE_WINDOW)
    })?;
    let first = valid_date(&dateline.value, order, not_after)?;
    let mut days = vec![first.local_day()];
    for d in window.filter_map(|d| valid_date(&d.value, order, not_after)) {
        if !days.contains(&d.local_day()) {
            days.push(d.local_day());
        }
    }
    (days.len() <= MAX_DATELINE_DAYS).then_some(first)
}

/// Nodes after the `<h1>` within which a short text is read as its dateline.
const TEXT_DATELINE_WINDOW: u32 = 12;

/// The date of a short text right under the first `<h1>`, on a page that marks no dateline
/// there (with a date class or `<time>`, read by [`headline_dateline`]).
fn text_under_headline(
    c: &Candidates<'_>,
    doc: &Document,
    order: NumericOrder,
    not_after: DateTime<Utc>,
) -> Option<FoundDate> {
    let h1 = c.first_h1?;
    if c.dates
        .iter()
        .any(|d| d.node > h1 && d.node - h1 <= DATELINE_WINDOW)
    {
        return None;
    }
    c.date_texts
        .iter()
        .filter(|d| d.node > h1 && d.node - h1 <= TEXT_DATELINE_WINDOW)
        .filter(|d| d.label != DateLabel::Updated)
        .find_map(|d| text_node_date(doc.text(d.node)?, d.prose, order))
        .filter(|f| f.utc() <= not_after)
}

/// Publication-date keys of page-state JSON in inline scripts (`"published_at":"2019-03-02T06:22"`).
const SCRIPT_DATE_KEYS: &[&str] = &[
    "datepublished",
    "date_published",
    "published_at",
    "publishedat",
    "publishdate",
    "publish_date",
    "publishedDate",
    "pubdate",
    "firstpublished",
    "first_published_at",
    "publicationdate",
    "publication_date",
    "datecreated",
    "created_at",
];

/// The first ISO date given under a publication key in an inline script.
fn script_date(c: &Candidates<'_>, not_after: DateTime<Utc>) -> Option<FoundDate> {
    for script in &c.scripts {
        let lower = script.to_ascii_lowercase();
        for key in SCRIPT_DATE_KEYS {
            let key = key.to_ascii_lowercase();
            let mut from = 0;
            while let Some(i) = lower[from..].find(&key) {
                let start = from + i;
                from = start + key.len();
                // The key must be quoted (`"key"` or `\"key\"`) and followed by `:` and a string.
                if !lower[..start].ends_with('"') || !lower[from..].starts_with('"') {
                    continue;
                }
                let rest = lower[from + 1..].trim_start_matches(['\\', ' ']);
                let Some(rest) = rest.strip_prefix(':') else {
                    continue;
                };
                let rest = rest.trim_start_matches([' ', '\\', '"']);
                let end = rest.find(['"', '\\']).unwrap_or(rest.len()).min(40);
                let Some(value) = rest.get(..end) else {
                    continue;
                };
                if let Some(d) =
                    parse_iso(&value.to_ascii_uppercase()).filter(|d| d.utc() <= not_after)
                {
                    return Some(d);
                }
            }
        }
    }
    None
}

/// The date in the page's short visible texts (htmldate's "extensive search") written nearest
/// the headline: the article's dateline sits by its `<h1>`, navigation and teaser dates further
/// away. Without an `<h1>`, the first one. A text labelled as the publication ("Erstellt am:
/// ...") comes first, one labelled as an update ("Letzte Änderung: ...") last; among equally
/// labelled ones, a date in the site's header, menus or footer only after the others.
fn text_date(
    c: &Candidates<'_>,
    doc: &Document,
    order: NumericOrder,
    not_after: DateTime<Utc>,
) -> Option<FoundDate> {
    let dated = c.date_texts.iter().filter_map(|d| {
        let found =
            text_node_date(doc.text(d.node)?, d.prose, order).filter(|f| f.utc() <= not_after)?;
        Some(((d.label, d.chrome), d.node, found))
    });
    match c.first_h1 {
        Some(h1) => dated
            .min_by_key(|&(rank, id, _)| (rank, id.abs_diff(h1)))
            .map(|(_, _, d)| d),
        None => dated
            .min_by_key(|&(rank, id, _)| (rank, id))
            .map(|(_, _, d)| d),
    }
}

/// A relative dateline ("vor 3 Stunden", "yesterday") nearest the headline, counted back from
/// the fetch time: a page dated only that way is dated when the fetch time is known.
fn relative_dateline(c: &Candidates<'_>, fetched_at: DateTime<Utc>) -> Option<FoundDate> {
    let distance = |node: NodeId| c.first_h1.map_or(node, |h1| node.abs_diff(h1));
    c.dates
        .iter()
        .filter(|d| !d.machine && d.kind != DateKind::Modified)
        .filter_map(|d| Some((d.node, parse_relative(&d.value, fetched_at)?)))
        .min_by_key(|&(node, _)| distance(node))
        .map(|(_, found)| found)
}

/// The structured modification date with its local offset.
fn modified_found(
    c: &Candidates<'_>,
    ld: &JsonLdInfo,
    order: NumericOrder,
    not_after: DateTime<Utc>,
) -> Option<FoundDate> {
    let valid = |v: &str| valid_date(v, order, not_after);
    ld.date_modified
        .as_deref()
        .and_then(valid)
        .or_else(|| c.meta.all(MODIFIED_KEYS).into_iter().find_map(valid))
}

/// Calendar days written in the page's visible datelines and short texts; an ambiguous
/// `03/04/2020` counts in both readings (the page's locale is only a guess).
fn visible_days(c: &Candidates<'_>, doc: &Document, order: NumericOrder) -> Vec<NaiveDate> {
    let other = order.flipped();
    let datelines = c.dates.iter().filter(|d| !d.machine);
    let texts = c
        .date_texts
        .iter()
        .filter_map(|d| Some((doc.text(d.node)?, d.prose)))
        .filter(|&(t, _)| !is_sentence(t));
    let mut days = Vec::new();
    for reading in [order, other] {
        days.extend(
            datelines
                .clone()
                .filter_map(|d| find_date_in_text(&d.value, reading))
                .chain(
                    texts
                        .clone()
                        .filter_map(|(t, prose)| text_node_date(t, prose, reading)),
                )
                .map(|d| d.local_day()),
        );
    }
    days
}

/// The date of a text node: anywhere in a short one, only at the very start of a long one or of
/// a short piece of a prose paragraph (a date inside a paragraph is what the paragraph talks
/// about: "Seit 4. August 2014 gilt"),
/// unless the long one's opening sentence says it is its publication ("Dieser Beitrag wurde am
/// Samstag, 3. Dezember 2011 veröffentlicht und unter ... abgelegt").
fn text_node_date(text: &str, prose: bool, order: NumericOrder) -> Option<FoundDate> {
    let probe = date_probe(text);
    if !prose && is_short_date_text(text) {
        return find_date_in_text(probe, order);
    }
    leading_date(probe, order).or_else(|| {
        let opening = publication_sentence(text)?;
        find_date_in_text(opening, order)
    })
}

/// Fewest words of a short text ending in a full stop that make it a sentence.
const MIN_SENTENCE_WORDS: usize = 6;

/// A short text that is a whole sentence ("Darüber berichtete das Radio am 29. April 2020."):
/// a date inside it is what it talks about, it does not show the page's date.
fn is_sentence(text: &str) -> bool {
    let text = text.trim();
    text.ends_with(['.', '!', '?'])
        && !text.ends_with("..")
        && text.split_whitespace().count() >= MIN_SENTENCE_WORDS
}

/// A machine-readable `<time datetime>` that is not a modification date: the one nearest the
/// first `<h1>` (a page's other `<time>`s date its teasers and comments), else the first one
/// marked as publication, else the first one. Read as the date it shows (see [`shown_over_machine`]).
fn machine_page_date(
    c: &Candidates<'_>,
    doc: &Document,
    order: NumericOrder,
    not_after: DateTime<Utc>,
) -> Option<FoundDate> {
    let chosen = match c.first_h1 {
        Some(h1) => c
            .dates
            .iter()
            .filter(|d| d.machine && d.kind != DateKind::Modified)
            .filter_map(|d| Some((d, valid_date(&d.value, order, not_after)?)))
            .min_by_key(|&(d, _)| d.node.abs_diff(h1)),
        None => first_machine_date(c, DateKind::Published, order, not_after)
            .or_else(|| first_machine_date(c, DateKind::Unknown, order, not_after)),
    };
    let (candidate, found) = chosen?;
    Some(shown_over_machine(doc, candidate, found, order, not_after))
}

/// The first machine-readable `<time>` of a kind, with its parsed date.
fn first_machine_date<'c>(
    c: &'c Candidates<'_>,
    kind: DateKind,
    order: NumericOrder,
    not_after: DateTime<Utc>,
) -> Option<(&'c DateCandidate, FoundDate)> {
    c.dates
        .iter()
        .filter(|d| d.kind == kind && d.machine)
        .find_map(|d| Some((d, valid_date(&d.value, order, not_after)?)))
}

/// A `<time>` whose `datetime` is days away from the date its text shows readers ("Publié le 29
/// juin 2019" over a `datetime` of 3 July) is dated by its text: the attribute then carries
/// another moment of the page (an edit, a re-index), not what the page says of itself.
fn shown_over_machine(
    doc: &Document,
    candidate: &DateCandidate,
    machine: FoundDate,
    order: NumericOrder,
    not_after: DateTime<Utc>,
) -> FoundDate {
    bounded_text(doc, candidate.node, MAX_TIME_TEXT_CHARS)
        .and_then(|text| find_date_in_text(&text, order))
        .filter(|shown| shown.utc() <= not_after)
        .filter(|shown| (shown.local_day() - machine.local_day()).num_days().abs() > 1)
        .unwrap_or(machine)
}

/// The first `<time>`/dateline candidate of a kind, machine-readable or visible.
fn page_date(
    c: &Candidates<'_>,
    kind: DateKind,
    machine: bool,
    order: NumericOrder,
    not_after: DateTime<Utc>,
) -> Option<FoundDate> {
    c.dates
        .iter()
        .filter(|d| d.kind == kind && d.machine == machine)
        .find_map(|d| valid_date(&d.value, order, not_after))
}

fn modified_date(
    c: &Candidates<'_>,
    ld: &JsonLdInfo,
    order: NumericOrder,
    not_after: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let valid = |v: &str| valid_date(v, order, not_after);
    ld.date_modified
        .as_deref()
        .and_then(valid)
        .or_else(|| c.meta.all(MODIFIED_KEYS).into_iter().find_map(valid))
        .or_else(|| c.microdata.date_modified.as_deref().and_then(valid))
        .or_else(|| page_date(c, DateKind::Modified, true, order, not_after))
        .or_else(|| page_date(c, DateKind::Modified, false, order, not_after))
        .map(|d| d.utc())
}

/// Authors from the first source that names a person, in precedence order (see
/// [`choose_authors`]).
fn authors(
    c: &Candidates<'_>,
    ld: &JsonLdInfo,
    site_names: &[String],
    host: Option<&str>,
    article_page: bool,
    shown: &ShownText<'_>,
) -> Option<(Vec<String>, &'static str)> {
    let host_label = host.and_then(title::host_label).map(|h| fold_key(&h));
    let candidates = AuthorCandidates {
        json_ld: ld
            .authors
            .iter()
            .filter(|(_, org)| !org)
            .map(|(n, _)| n.as_str())
            .collect(),
        meta: c.meta.all(AUTHOR_KEYS),
        microdata: c.microdata.authors.iter().map(String::as_str).collect(),
        rel_authors: c.rel_authors.iter().map(String::as_str).collect(),
        bylines: c.bylines.iter().map(String::as_str).collect(),
        by_lines: c
            .by_lines
            .iter()
            .chain(&c.dated_bylines)
            .map(String::as_str)
            .collect(),
        signature: c.signature.as_deref(),
        article_page,
    };
    let site = SiteNames {
        names: site_names,
        host_label: host_label.as_deref(),
        personal: ld.publisher_is_person,
    };
    choose_authors(&candidates, &|name| site.is_site(name), &|name| {
        shown.shows(name)
    })
}

/// The page presents an article: it is typed or marked up as one, or dated.
fn is_article_page(c: &Candidates<'_>, ld: &JsonLdInfo, m: &Metadata) -> bool {
    m.published_at.is_some()
        || ld.date_published.is_some()
        || c.has_article_element
        || c.meta
            .get("og:type")
            .is_some_and(|t| t.to_ascii_lowercase().contains("article"))
}

/// What the site calls itself, to tell its own name from an author's.
struct SiteNames<'a> {
    names: &'a [String],
    /// The host's registrable label, folded ("larepublica").
    host_label: Option<&'a str>,
    /// The site's publisher is a person: the site is named after its owner.
    personal: bool,
}

impl SiteNames<'_> {
    /// The name is the site's (or the publisher's) own: an organisation, equal to a site name
    /// or to the host's label ("La República" on larepublica.pe). Containment is not enough:
    /// personal sites are named after their author, and on a site whose publisher is a person
    /// the site's name is that person's. A user name is the site's only when it spells the
    /// host ("nationnews" on nationnews.com): a blog's name fields (`og:site_name`,
    /// `twitter:site`) carry its owner's handle ("gnaddrig").
    fn is_site(&self, name: &str) -> bool {
        if is_organisation_name(name) {
            return true;
        }
        if self.personal {
            return false;
        }
        let key = fold_key(name);
        if is_user_name(name) {
            return self.host_label.is_some_and(|h| key.starts_with(h));
        }
        self.names.iter().any(|s| fold_key(s) == key) || self.host_label == Some(key.as_str())
    }
}

/// One lower-case word ("zahlenzauberin", "happy_face313"): an account's name, where a brand
/// writes its name capitalised.
fn is_user_name(name: &str) -> bool {
    !name.contains(char::is_whitespace)
        && name.contains(char::is_alphabetic)
        && !name.contains(char::is_uppercase)
}

/// [`norm_key`] without diacritics ("República" ~ "republica").
fn fold_key(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    norm_key(s)
        .nfd()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

fn tags(c: &Candidates<'_>, ld: &JsonLdInfo) -> Vec<String> {
    let mut tags: Vec<String> = ld.keywords.clone();
    if tags.is_empty() {
        for value in c.meta.all(TAG_KEYS) {
            tags.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned),
            );
        }
    }
    tags.dedup();
    tags.truncate(MAX_TAGS);
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const URL: &str = "https://www.example-news.com/politics/story-123";

    /// The published day and the source that gave it.
    fn published(html: &str, url: &str) -> (Option<String>, Vec<String>) {
        let fetched = Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).single();
        let m = extract_metadata(&Document::parse(html), Some(url), fetched);
        let day = m.published_at.map(|d| d.format("%Y-%m-%d").to_string());
        (day, m.notes)
    }

    #[test]
    fn a_publisher_tag_repeating_the_author_names_no_site() {
        let html = r#"<html><head><meta name="author" content="Jane Doe">
            <meta name="dcterms.publisher" content="Jane Doe">
            <meta property="og:site_name" content="Example News"></head>
            <body><article><h1>Story</h1><p>Von Jane Doe</p></article></body></html>"#;
        let m = extract_metadata(&Document::parse(html), Some(URL), None);
        assert_eq!(m.authors, ["Jane Doe"]);
    }

    #[test]
    fn site_names_are_no_authors_unless_the_site_is_a_persons() {
        let names = ["Example Daily".to_string(), "jdoe".to_string()];
        let site = SiteNames {
            names: &names,
            host_label: Some("exampledaily"),
            personal: false,
        };
        assert!(site.is_site("Example Daily"));
        assert!(site.is_site("exampledaily_de"));
        assert!(!site.is_site("jdoe"));
        assert!(!site.is_site("Jane Doe"));
        let personal = SiteNames {
            personal: true,
            ..site
        };
        assert!(!personal.is_site("Example Daily"));
        assert!(personal.is_site("Example Newsroom"));
    }

    #[test]
    fn meta_publication_date_wins_over_a_disagreeing_json_ld_one() {
        let html = r#"<meta property="article:published_time" content="2017-12-01T12:01:11+01:00">
            <script type="application/ld+json">{"@type":"Article","datePublished":"2015-01-16T14:53:35+01:00"}</script>"#;
        let (day, notes) = published(html, URL);
        assert_eq!(day.as_deref(), Some("2017-12-01"));
        assert!(
            notes.contains(&"published_at: meta".to_string()),
            "{notes:?}"
        );
    }

    #[test]
    fn url_with_unpadded_month_and_day_dates_the_page() {
        let (day, _) = published("<p>text</p>", "https://ex.com/home/2017/7/12/story");
        assert_eq!(day.as_deref(), Some("2017-07-12"));
    }

    #[test]
    fn url_day_loses_to_the_structured_date_the_headline_dateline_shows() {
        let html = r#"<meta property="article:published_time" content="2022-05-08T06:00:00-05:00">
            <body><article><h1>Story</h1><time datetime="2022-05-08T06:00:00-05:00">08 May 2022</time>
            <p>Body.</p></article></body>"#;
        let (day, _) = published(html, "https://ex.com/news/2022/05/02/story");
        assert_eq!(day.as_deref(), Some("2022-05-08"));
        let unshown = r#"<meta property="article:published_time" content="2022-05-08T06:00:00-05:00">
            <body><article><h1>Story</h1><p>Body.</p></article></body>"#;
        let (day, _) = published(unshown, "https://ex.com/news/2022/05/02/story");
        assert_eq!(day.as_deref(), Some("2022-05-02"));
    }

    #[test]
    fn data_date_attribute_by_the_headline_dates_the_page_after_many_teaser_times() {
        let teasers = "<p><time datetime=\"2020-07-01\">1. Juli 2020</time></p>".repeat(30);
        let html = format!(
            r#"<body><div>{teasers}</div><p>Newsletter</p><p>Podcast</p><article><h1>Story</h1>
            <div data-date="18. März 2020" class="timeline__arrow"></div><p>Body.</p></article></body>"#
        );
        let (day, _) = published(&html, URL);
        assert_eq!(day.as_deref(), Some("2020-03-18"));
    }

    #[test]
    fn structured_update_date_outranks_script_and_text_guesses() {
        let html = r#"<meta itemprop="dateUpdate" content="2020-02-14 10:47:36">
            <script>var page = {"created_at":"2012-06-24"};</script>
            <body><h1>Entry</h1><p>Seen 3 March 2015</p></body>"#;
        let (day, notes) = published(html, URL);
        assert_eq!(day.as_deref(), Some("2020-02-14"));
        assert!(
            notes.contains(&"published_at: modified".to_string()),
            "{notes:?}"
        );
    }

    #[test]
    fn unshown_meta_time_loses_to_a_text_dateline_hours_beyond_any_offset() {
        let page = |meta: &str| {
            format!(
                r#"<meta name="date" content="{meta}"><body><h1>Headline</h1>
                <p><span>Stand: 28.04.2020 18:00 Uhr</span></p><p>Body.</p>
                <p>Über dieses Thema berichtete das Radio am 29. April 2020 um 09:53 Uhr.</p></body>"#
            )
        };
        let (day, _) = published(&page("2020-04-29T11:52:23"), URL);
        assert_eq!(day.as_deref(), Some("2020-04-28"));
        // Eight hours apart: the same moment, written once in UTC, once in local time.
        let (day, _) = published(&page("2020-04-29T02:00:00"), URL);
        assert_eq!(day.as_deref(), Some("2020-04-29"));
    }

    #[test]
    fn unshown_structured_date_loses_to_the_day_a_thread_shows_in_most_posts() {
        let posts = "<div><p>03.03.2011, 14:17</p><p>A reply long enough to read as a post \
            in this thread, about the update and when it arrives.</p></div>"
            .repeat(6);
        let html = format!(
            r#"<script type="application/ld+json">{{"@type":"DiscussionForumPosting",
            "datePublished":"2011-02-21T17:47:28+01:00"}}</script>
            <body><h1>Update rollout</h1><ul><li>Forum</li><li>Phones</li><li>Rules</li>
            <li>Search</li><li>Help</li><li>Members</li></ul>{posts}<p>Older thread: 18.10.2010</p></body>"#
        );
        let (day, notes) = published(&html, URL);
        assert_eq!(day.as_deref(), Some("2011-03-03"));
        assert!(
            notes.contains(&"published_at: prevailing shown day".to_string()),
            "{notes:?}"
        );
    }

    #[test]
    fn last_resort_text_date_is_the_one_nearest_the_headline() {
        let html = r#"<body><nav><p>Newsletter vom 28.02.2017</p></nav>
            <article><p>24. April 2020 | Pressemitteilung</p><h1>Headline</h1><p>Body.</p></article>
            <aside><p>Older: 03.03.2019</p></aside></body>"#;
        let (day, notes) = published(html, URL);
        assert_eq!(day.as_deref(), Some("2020-04-24"));
        assert!(
            notes.contains(&"published_at: text".to_string()),
            "{notes:?}"
        );
    }

    #[test]
    fn last_resort_text_date_passes_over_a_menu_teaser_before_the_article() {
        let html = r#"<body><header><nav><div class="newsitem"><a href="/n/1">Preisprotest</a>
            <span>29.11.2022</span></div></nav></header><div class="content">
            <h6>Energiepreiskrise</h6><p>(21. November 2022) Energieverbraucher erhalten eine
            Preiserhöhung nach der nächsten, Grundversorger lehnen neue Kunden ab.</p></div></body>"#;
        assert_eq!(published(html, URL).0.as_deref(), Some("2022-11-21"));
        let only_footer = "<body><p>Text.</p><footer><p>Erstellt 23.02.2020</p></footer></body>";
        assert_eq!(published(only_footer, URL).0.as_deref(), Some("2020-02-23"));
    }

    #[test]
    fn a_date_inside_a_sentence_does_not_date_the_page() {
        let html = r#"<body><h1>Stammtisch</h1><p>Der nächste Stammtisch findet am Mi. 5. Februar
            2020 ab 19 Uhr im <a href="/r">Ratskeller</a> statt, alle Interessierten sind herzlich
            eingeladen.</p><ul><li>Diese Seite wurde zuletzt am 29. Januar 2020 geändert.</li></ul>
            </body>"#;
        assert_eq!(published(html, URL).0.as_deref(), Some("2020-01-29"));
        let dateline = r#"<body><h1>Hunger</h1><p>Pressemitteilung vom 25. Januar 2022 | Berlin
            <strong> </strong>– Die künftige Zusammenarbeit mit dem Welternährungsprogramm wird
            ausgebaut.</p></body>"#;
        assert_eq!(published(dateline, URL).0.as_deref(), Some("2022-01-25"));
    }

    #[test]
    fn last_resort_text_date_passes_over_an_update_label() {
        let html = "<body><h1>Rezension</h1><p>Text.</p><p>Letzte Änderung: 31.10.2023 - \
            14:49:39<br>Erschienen am: 01.11.2023</p></body>";
        assert_eq!(published(html, URL).0.as_deref(), Some("2023-11-01"));
        let only_update = "<body><h1>Reisewarnung</h1><p>Aktualisiert: 12.11.2021</p></body>";
        assert_eq!(published(only_update, URL).0.as_deref(), Some("2021-11-12"));
    }

    #[test]
    fn unshown_structured_date_loses_to_the_dateline_under_the_headline() {
        let html = r#"<meta property="article:published_time" content="2021-12-20T11:02:44+01:00">
            <body><h1>Riesling</h1><span class="news-date">27.01.2022</span><p>Body.</p></body>"#;
        let (day, notes) = published(html, URL);
        assert_eq!(day.as_deref(), Some("2022-01-27"));
        assert!(
            notes.contains(&"published_at: dateline under the headline".to_string()),
            "{notes:?}"
        );
    }

    #[test]
    fn structured_date_stays_when_the_headline_dateline_is_the_same_moment_elsewhere() {
        // 02:25 UTC is the previous evening in New York: one moment, two calendar days.
        let html = r#"<meta property="article:published_time" content="2020-02-25T02:25:54+00:00">
            <body><h1>Story</h1><span class="date">February 24, 2020 | 9:25pm</span></body>"#;
        let (day, notes) = published(html, URL);
        assert_eq!(day.as_deref(), Some("2020-02-25"));
        assert!(
            notes.contains(&"published_at: meta".to_string()),
            "{notes:?}"
        );
    }

    #[test]
    fn unshown_bare_day_loses_to_the_next_days_dateline_under_the_headline() {
        // A bare day states no time that a zone could shift to the day after.
        let html = r#"<meta name="date" content="2020-04-30">
            <body><h1>Mietenstreik</h1><span class="date">29.04.2020, 12:01 Uhr</span></body>"#;
        assert_eq!(published(html, URL).0.as_deref(), Some("2020-04-29"));
    }

    #[test]
    fn unshown_structured_date_loses_to_a_shown_timestamp_a_day_apart() {
        let html = r#"<meta name="date" content="2019-10-18T20:00:25Z">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-10-19T03:00:00Z"}</script>
            <body><h1>Tanz</h1><span class="date">19.10.2019, 05:00 Uhr</span></body>"#;
        let (day, notes) = published(html, URL);
        assert_eq!(day.as_deref(), Some("2019-10-19"));
        assert!(
            notes.contains(&"published_at: structured, shown".to_string()),
            "{notes:?}"
        );
    }

    #[test]
    fn last_resort_text_date_prefers_a_publication_label() {
        let html = "<body><h1>Weltcup</h1><p>01.02.2022 16:28</p>\
            <p>Erstellt am: 30.01.2022 18:36 / sk</p></body>";
        assert_eq!(published(html, URL).0.as_deref(), Some("2022-01-30"));
    }

    #[test]
    fn time_element_is_dated_by_its_text_when_its_attribute_is_days_away() {
        let html = r#"<body><h1>Grenades</h1>
            <time datetime="2019-07-03T10:18:46Z">Publié le 29 juin 2019</time></body>"#;
        assert_eq!(published(html, URL).0.as_deref(), Some("2019-06-29"));
        // Within a day the attribute is the same moment, and the more precise one.
        let html = r#"<body><h1>Story</h1>
            <time datetime="2020-02-25T02:25:54Z">February 24, 2020</time></body>"#;
        assert_eq!(published(html, URL).0.as_deref(), Some("2020-02-25"));
    }

    #[test]
    fn preview_image_path_dates_a_page_with_no_other_date() {
        let html = r#"<meta property="og:image" content="https://ex.org/files/2016/05/04/ar-og.png">
            <body><h1>Annual Report</h1><p>Text.</p></body>"#;
        let (day, notes) = published(html, URL);
        assert_eq!(day.as_deref(), Some("2016-05-04"));
        assert!(
            notes.contains(&"published_at: image url".to_string()),
            "{notes:?}"
        );
        let undated = r#"<meta property="og:image" content="https://ex.org/files/2016/05/og.png">"#;
        assert_eq!(published(undated, URL).0, None);
    }

    #[test]
    fn relative_dateline_dates_a_page_only_against_a_known_fetch_time() {
        let html = r#"<body><h1>Story</h1><span class="date">vor 3 Stunden</span></body>"#;
        let (day, notes) = published(html, URL);
        assert_eq!(day.as_deref(), Some("2024-06-01"));
        assert!(
            notes.contains(&"published_at: relative dateline".to_string()),
            "{notes:?}"
        );
        let unfetched = extract_metadata(&Document::parse(html), Some(URL), None);
        assert_eq!(unfetched.published_at, None);
    }

    #[test]
    fn long_post_footer_stating_its_publication_dates_the_page() {
        let html = "<body><h1>Kein Cyberterrorismus</h1><p>Text.</p><p><small>Dieser Beitrag \
            wurde am Samstag, 3. Dezember 2011 um 10:00 Uhr veröffentlicht und unter \
            <a href=\"/c\">Cybercrime</a> abgelegt.</small></p></body>";
        assert_eq!(published(html, URL).0.as_deref(), Some("2011-12-03"));
    }

    #[test]
    fn structured_date_shown_in_the_other_numeric_reading_counts_as_shown() {
        let html = r#"<html lang="de"><meta property="article:published_time" content="2021-11-01">
            <body><h1>Roller</h1><span class="date">Stand: 11/01/2021, 05:00</span></body></html>"#;
        let (day, _) = published(html, URL);
        assert_eq!(day.as_deref(), Some("2021-11-01"));
    }

    #[test]
    fn relative_dateline_under_the_headline_changes_nothing() {
        let html = r#"<meta property="article:published_time" content="2020-10-26T17:10:00Z">
            <body><h1>Story</h1><span class="date">vor 26 Minuten</span>
            <span class="date">09.08.2020</span></body>"#;
        let (day, _) = published(html, URL);
        assert_eq!(day.as_deref(), Some("2020-10-26"));
    }

    #[test]
    fn long_text_counts_only_when_it_opens_with_its_date() {
        let opens = "<body><h1>Arbeitsmarkt</h1><p>01.02.2022 „Der Arbeitsmarkt ist gut in das \
            neue Jahr gestartet“, sagte der Vorstandsvorsitzende der Bundesagentur.</p></body>";
        assert_eq!(published(opens, URL).0.as_deref(), Some("2022-02-01"));
        let mentions = "<body><h1>Kinderarbeit</h1><p>Seit 4. August 2014 ist in Bolivien ein \
            neues Kinder- und Jugendgesetz in Kraft, das erstmals arbeitende Kinder schützt.</p></body>";
        assert_eq!(published(mentions, URL).0, None);
    }

    #[test]
    fn a_list_of_post_dates_under_the_headline_is_no_dateline() {
        let html = r#"<meta property="article:published_time" content="2012-06-08T13:27:29+00:00">
            <body><h1>Zeitphilosophie</h1><ul>
            <li><span class="posted-on">23. Januar 2020</span></li>
            <li><span class="posted-on">19. Mai 2019</span></li>
            <li><span class="posted-on">24. Februar 2019</span></li></ul></body>"#;
        let (day, notes) = published(html, URL);
        assert_eq!(day.as_deref(), Some("2012-06-08"));
        assert!(
            notes.contains(&"published_at: meta".to_string()),
            "{notes:?}"
        );
    }

    #[test]
    fn dateline_above_the_headline_corrects_an_unshown_bare_day() {
        let html = r#"<meta name="date" content="2020-02-12">
            <body><div class="news-single-timedata">05.02.2020 - Redaktion: Eva Muster</div>
            <h1>Faire Lieferketten</h1><p>Text.</p></body>"#;
        let (day, notes) = published(html, URL);
        assert_eq!(day.as_deref(), Some("2020-02-05"));
        assert!(
            notes.contains(&"published_at: dateline under the headline".to_string()),
            "{notes:?}"
        );
    }

    #[test]
    fn bare_day_shown_only_in_a_teaser_loses_to_the_headline_dateline() {
        let html = r#"<meta name="date" content="2020-04-30">
            <body><article><h1>Mietenstreik</h1><ul><li class="Date"><time>29.04.2020, 12:01 Uhr</time></li></ul>
            <p>Text.</p></article><div class="teaser"><div class="Dateline"><time>30.04.2020</time></div>
            <a href="/other">Andere Meldung</a></div></body>"#;
        assert_eq!(published(html, URL).0.as_deref(), Some("2020-04-29"));
    }

    #[test]
    fn labelled_publication_outranks_a_bare_day_labelled_as_the_update() {
        let html = r#"<meta name="date" content="2021-10-15">
            <body><h1>Neue Präsidentin</h1><span>Erschienen am:</span><h2>13.10.2021</h2>
            <p>Text.</p><h4>Zuletzt geändert am:</h4><ul><li class="timestamp">15.10.2021</li></ul></body>"#;
        let (day, notes) = published(html, URL);
        assert_eq!(day.as_deref(), Some("2021-10-13"));
        assert!(
            notes.contains(&"published_at: labelled publication".to_string()),
            "{notes:?}"
        );
    }

    #[test]
    fn edition_date_in_the_site_banner_does_not_date_the_page() {
        let html = r#"<body><div role="banner"><a class="logo" href="/">Le Club
            <span class="date-edition">lun. 5 août 2019</span></a></div>
            <ul><li><a href="/a">Accueil</a></li><li><a href="/b">Blogs</a></li>
            <li><a href="/c">Éditions</a></li></ul><h1>Violences</h1><ul class="info"><li>27 juin 2019</li></ul><p>Texte.</p></body>"#;
        assert_eq!(published(html, URL).0.as_deref(), Some("2019-06-27"));
    }

    #[test]
    fn teaser_date_linking_to_another_page_does_not_date_the_page() {
        let html = r#"<link rel="canonical" href="https://www.example-news.com/en/colonial-past/a-52060881">
            <body><h1>Berlin confronts its colonial past</h1><ul><li>Date 19.01.2020</li></ul>
            <p>Text.</p><a href="/en/older-story/a-39650712"><span class="date">11.07.2017</span>
            Older story</a></body>"#;
        assert_eq!(published(html, URL).0.as_deref(), Some("2020-01-19"));
    }

    #[test]
    fn commentary_header_holding_the_headline_dates_the_page() {
        let html = r#"<body><article class="ArticleHeaderComment"><h1>Urteil</h1>
            <div class="ArticleHeaderComment_publishDate">29. Januar 2019</div></article>
            <p>Text.</p><aside><h3>Print-Ausgabe vom 30.01.2019</h3></aside>
            <div class="comments"><span class="comment-date">31.01.2019</span></div></body>"#;
        assert_eq!(published(html, URL).0.as_deref(), Some("2019-01-29"));
    }

    #[test]
    fn time_element_nearest_the_headline_dates_the_page() {
        let html = r#"<body><header><time datetime="2019-06-28T13:49:45Z">28 juin</time></header>
            <h1>Chronique</h1><p>Texte.</p><aside>
            <time pubdate datetime="2019-09-22T07:30:29Z">22 sept.</time>
            <time pubdate datetime="2019-09-20T19:01:28Z">20 sept.</time></aside></body>"#;
        let (day, notes) = published(html, URL);
        assert_eq!(day.as_deref(), Some("2019-06-28"));
        assert!(
            notes.contains(&"published_at: time".to_string()),
            "{notes:?}"
        );
    }

    #[test]
    fn ambiguous_meta_date_takes_the_reading_the_page_shows() {
        let html = r#"<html lang="de"><meta name="date" content="11/01/2023 12:43:42">
            <body><h1>Trinkwasser</h1><p>Text.</p><p>Erstellt am: 01.11.2023</p></body></html>"#;
        let (day, notes) = published(html, URL);
        assert_eq!(day.as_deref(), Some("2023-11-01"));
        assert!(
            notes.contains(&"published_at: structured, shown".to_string()),
            "{notes:?}"
        );
    }

    #[test]
    fn unshown_meta_date_loses_to_a_shown_microdata_date() {
        let html = r#"<meta property="article:published_time" content="2022-01-21T15:38:44+01:00">
            <body><p>Aktuelles</p><span itemprop="datePublished" content="2022-01-27">27.01.2022</span>
            <h1>Winter</h1><p>Text.</p></body>"#;
        let (day, notes) = published(html, URL);
        assert_eq!(day.as_deref(), Some("2022-01-27"));
        assert!(
            notes.contains(&"published_at: structured, shown".to_string()),
            "{notes:?}"
        );
    }
}
