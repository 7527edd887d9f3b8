//! Dating the page: the publication and modification dates by source precedence (structured
//! markup, `<time>` elements, datelines, the URL, scripts, short texts), corrected by what the page
//! shows its readers.

use super::collect::{
    Candidates, DateCandidate, DateKind, bounded_text, date_probe, is_short_date_text,
};
use super::jsonld::JsonLdInfo;
use super::meta_tags::{IMAGE_KEYS, MODIFIED_KEYS, PUBLISHED_KEYS};
use super::time::dates::{
    FoundDate, NumericOrder, date_from_url, find_date_in_text, leading_date, parse_iso,
    parse_timestamp,
};
use super::time::labels::{DateLabel, publication_sentence};
use super::time::relative::parse_relative;
use crate::dom::{Document, NodeId};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use memchr::memmem;
use std::sync::LazyLock;

/// Longest `<time>` text read for the date it shows.
const MAX_TIME_TEXT_CHARS: usize = 80;

/// Nodes after the `<h1>` within which the article's own dateline is looked for.
const DATELINE_WINDOW: u32 = 200;

/// Nodes before the `<h1>` within which a dateline set above the headline is looked for.
const DATELINE_ABOVE_WINDOW: u32 = 30;

/// Different days a dateline area may show (published, updated) before it is a list.
const MAX_DATELINE_DAYS: usize = 2;

/// Fewest times a day must be shown to prevail.
const MIN_PREVAILING_SHOWS: usize = 6;

/// Hours by which a local clock can run ahead of or behind UTC at most (UTC-12 to UTC+14).
const MAX_UTC_OFFSET_HOURS: i64 = 14;

/// Nodes after the `<h1>` within which a short text is read as its dateline.
const TEXT_DATELINE_WINDOW: u32 = 12;

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

/// [`SCRIPT_DATE_KEYS`] lower-cased, each with its searcher built once: a page's inline scripts
/// run to hundreds of kilobytes, which `str::find` scanned with a searcher built per call.
static SCRIPT_DATE_FINDERS: LazyLock<Vec<memmem::Finder<'static>>> = LazyLock::new(|| {
    SCRIPT_DATE_KEYS
        .iter()
        .map(|key| memmem::Finder::new(&key.to_ascii_lowercase()).into_owned())
        .collect()
});

/// Fewest words of a short text ending in a full stop that make it a sentence.
const MIN_SENTENCE_WORDS: usize = 6;

/// What a page offers for dating it, and how to read its numbers: the candidates gathered in one
/// pass, the document, the JSON-LD, the page's numeric date order (day or month first) and the
/// latest acceptable moment (the fetch time). Every rule of the precedence reads the same five.
#[derive(Clone, Copy)]
pub(super) struct PageDates<'a> {
    pub(super) c: &'a Candidates<'a>,
    pub(super) doc: &'a Document,
    pub(super) ld: &'a JsonLdInfo,
    pub(super) order: NumericOrder,
    pub(super) not_after: DateTime<Utc>,
}

impl<'a> PageDates<'a> {
    /// The same page with its numeric dates read in `order` (for the other reading of
    /// `03/04/2020`).
    fn read_as(&self, order: NumericOrder) -> Self {
        PageDates { order, ..*self }
    }

    /// A parsed date no later than `not_after`.
    fn valid_date(&self, value: &str) -> Option<FoundDate> {
        parse_timestamp(value, self.order).filter(|d| d.utc() <= self.not_after)
    }

    /// The publication date, by source precedence. A full date in the URL path is strong evidence:
    /// a structured date more than a day away from it loses to it, unless the dateline under the
    /// headline shows that date. A page stating no publication date but a structured update date
    /// is dated by the latter (as htmldate does) before guesses from scripts and texts.
    pub(super) fn published_date(
        &self,
        page_url: Option<&str>,
    ) -> Option<(FoundDate, &'static str)> {
        let valid = |v: &str| self.valid_date(v);
        let url_date = page_url
            .and_then(date_from_url)
            .and_then(FoundDate::from_day)
            .filter(|d| d.utc() <= self.not_after);
        let found = self
            .c
            .meta
            .all(PUBLISHED_KEYS)
            .into_iter()
            .find_map(valid)
            .map(|d| (d, "meta"))
            .or_else(|| {
                self.ld
                    .date_published
                    .as_deref()
                    .and_then(valid)
                    .map(|d| (d, "json-ld"))
            })
            .or_else(|| {
                self.c
                    .microdata
                    .date_published
                    .as_deref()
                    .and_then(valid)
                    .map(|d| (d, "microdata"))
            })
            .or_else(|| self.machine_page_date().map(|d| (d, "time")))
            .or_else(|| {
                self.page_date(DateKind::Published, false)
                    .map(|d| (d, "dateline"))
            })
            .or_else(|| url_date.map(|d| (d, "url")))
            .or_else(|| {
                self.page_date(DateKind::Unknown, false)
                    .map(|d| (d, "dateline"))
            })
            .or_else(|| self.modified_found().map(|d| (d, "modified")))
            .or_else(|| self.script_date().map(|d| (d, "script")))
            .or_else(|| self.text_date().map(|d| (d, "text")))
            .or_else(|| self.image_url_date().map(|d| (d, "image url")));
        match (found, url_date) {
            (Some((d, _)), Some(u))
                if (d.local_day() - u.local_day()).num_days().abs() > 1
                    && !self.headline_shows(&d) =>
            {
                Some((u, "url"))
            }
            _ => found,
        }
    }

    /// The dateline under the headline shows the day of `found`: what the article tells its
    /// readers outranks the day its address was filed under.
    fn headline_shows(&self, found: &FoundDate) -> bool {
        self.headline_dateline()
            .is_some_and(|d| d.local_day() == found.local_day())
    }

    /// The day in the path of the page's preview image (`/files/2016/05/04/report.png`): sites file
    /// an article's images under the day it was made. The last resort, as in htmldate.
    fn image_url_date(&self) -> Option<FoundDate> {
        self.c
            .meta
            .all(IMAGE_KEYS)
            .into_iter()
            .find_map(date_from_url)
            .and_then(FoundDate::from_day)
            .filter(|d| d.utc() <= self.not_after)
    }

    /// Corrects a structured publication date by what the page shows its readers.
    pub(super) fn prefer_shown_dates(
        &self,
        mut found: FoundDate,
        mut source: &'static str,
    ) -> (FoundDate, &'static str) {
        let structured = matches!(source, "json-ld" | "meta" | "microdata");
        let later_modified = self
            .modified_found()
            .filter(|modified| modified.local_day() > found.local_day());
        if !structured && later_modified.is_none() {
            return (found, source);
        }
        let shown = self.visible_days();
        // A page that shows its update date but not its publication date is dated by the
        // former (the visible date is the one readers and archives cite).
        if let Some(modified) = later_modified
            && shown.contains(&modified.local_day())
            && !shown.contains(&found.local_day())
        {
            return (modified, "modified, shown");
        }
        if structured && let Some(labelled) = self.labelled_publication_over_bare_day(&found) {
            return (labelled, "labelled publication");
        }
        if !structured
            || (shown.contains(&found.local_day()) && !self.headline_disowns_bare_day(&found))
        {
            return (found, source);
        }
        // A structured date the page never shows loses to another publication date of the page's
        // markup that it does show (or to its own other reading: a German page's meta may be
        // written `11/01/2023` month first), then to the article's dateline under its headline.
        let contradicts = |d: &FoundDate| contradicts_timestamp(&found, d);
        if let Some(other) = self
            .structured_dates()
            .chain(self.read_as(self.order.flipped()).structured_dates())
            .find(|d| contradicts(d) && shown.contains(&d.local_day()))
        {
            return (other, "structured, shown");
        }
        if let Some(dateline) = self
            .headline_dateline()
            .or_else(|| self.text_under_headline())
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

    /// The date the page labels as its publication ("Erschienen am: 13.10.2021"), nearest the
    /// headline, when it contradicts a bare structured day in both numeric readings: a bare day
    /// is often the last edit ("Zuletzt geändert am: 15.10.2021"), the label says which is which.
    fn labelled_publication_over_bare_day(&self, found: &FoundDate) -> Option<FoundDate> {
        if found.has_time {
            return None;
        }
        let labelled = |reading| self.read_as(reading).labelled_publication();
        labelled(self.order)
            .filter(|d| contradicts_timestamp(found, d))
            .filter(|_| {
                labelled(self.order.flipped()).is_none_or(|d| contradicts_timestamp(found, &d))
            })
    }

    /// The visible date labelled as the publication nearest the headline (the first one without
    /// a headline).
    fn labelled_publication(&self) -> Option<FoundDate> {
        let h1 = self.c.first_h1.unwrap_or(0);
        self.c
            .date_texts
            .iter()
            .filter(|d| d.label == DateLabel::Published)
            .filter_map(|d| {
                let found = text_node_date(self.doc.text(d.node)?, d.prose, self.order)
                    .filter(|f| f.utc() <= self.not_after)?;
                Some((d.node, found))
            })
            .min_by_key(|&(node, _)| node.abs_diff(h1))
            .map(|(_, found)| found)
    }

    /// A bare structured day (no time: often the day a CMS last touched the page) that the dateline
    /// under the headline contradicts in both numeric readings: that the day shows elsewhere on the
    /// page (a teaser list of the same day's posts) does not confirm it against the dateline.
    fn headline_disowns_bare_day(&self, found: &FoundDate) -> bool {
        let dateline = |reading| self.read_as(reading).headline_dateline();
        !found.has_time
            && dateline(self.order).is_some_and(|d| contradicts_timestamp(found, &d))
            && dateline(self.order.flipped()).is_none_or(|d| contradicts_timestamp(found, &d))
    }

    /// Every publication date the page's markup states: meta tags, JSON-LD, microdata and
    /// `<time datetime>` elements that are not modification dates.
    fn structured_dates(&self) -> impl Iterator<Item = FoundDate> + 'a {
        let page = *self;
        let machine_times = self
            .c
            .dates
            .iter()
            .filter(|d| d.machine && d.kind != DateKind::Modified)
            .map(|d| d.value.as_str());
        self.c
            .meta
            .all(PUBLISHED_KEYS)
            .into_iter()
            .chain(self.ld.date_published.as_deref())
            .chain(self.c.microdata.date_published.as_deref())
            .chain(machine_times)
            .filter_map(move |v| page.valid_date(v))
    }

    /// The first date candidate within [`DATELINE_WINDOW`] nodes after the first `<h1>` that is
    /// not a modification date, else the last one within [`DATELINE_ABOVE_WINDOW`] nodes before it
    /// (a dateline set above the headline), when it reads as a date ("vor 26 Minuten" does not).
    /// More than [`MAX_DATELINE_DAYS`] different days after the headline make a list of posts, not
    /// a dateline.
    fn headline_dateline(&self) -> Option<FoundDate> {
        let h1 = self.c.first_h1?;
        let not_modified = self.c.dates.iter().filter(|d| d.kind != DateKind::Modified);
        let mut window = not_modified
            .clone()
            .filter(|d| d.node > h1 && d.node - h1 <= DATELINE_WINDOW);
        let dateline = window.next().or_else(|| {
            not_modified
                .clone()
                .rfind(|d| d.node < h1 && h1 - d.node <= DATELINE_ABOVE_WINDOW)
        })?;
        let first = self.valid_date(&dateline.value)?;
        let mut days = vec![first.local_day()];
        for d in window.filter_map(|d| self.valid_date(&d.value)) {
            if !days.contains(&d.local_day()) {
                days.push(d.local_day());
            }
        }
        (days.len() <= MAX_DATELINE_DAYS).then_some(first)
    }

    /// The date of a short text right under the first `<h1>`, on a page that marks no dateline
    /// there (with a date class or `<time>`, read by [`headline_dateline`]).
    fn text_under_headline(&self) -> Option<FoundDate> {
        let h1 = self.c.first_h1?;
        if self
            .c
            .dates
            .iter()
            .any(|d| d.node > h1 && d.node - h1 <= DATELINE_WINDOW)
        {
            return None;
        }
        self.c
            .date_texts
            .iter()
            .filter(|d| d.node > h1 && d.node - h1 <= TEXT_DATELINE_WINDOW)
            .filter(|d| d.label != DateLabel::Updated)
            .find_map(|d| text_node_date(self.doc.text(d.node)?, d.prose, self.order))
            .filter(|f| f.utc() <= self.not_after)
    }

    /// The first ISO date given under a publication key in an inline script.
    fn script_date(&self) -> Option<FoundDate> {
        for script in &self.c.scripts {
            let lower = script.to_ascii_lowercase();
            for key in SCRIPT_DATE_FINDERS.iter() {
                for start in key.find_iter(lower.as_bytes()) {
                    let from = start + key.needle().len();
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
                        parse_iso(&value.to_ascii_uppercase()).filter(|d| d.utc() <= self.not_after)
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
    fn text_date(&self) -> Option<FoundDate> {
        let dated = self.c.date_texts.iter().filter_map(|d| {
            let found = text_node_date(self.doc.text(d.node)?, d.prose, self.order)
                .filter(|f| f.utc() <= self.not_after)?;
            Some(((d.label, d.chrome), d.node, found))
        });
        match self.c.first_h1 {
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
    pub(super) fn relative_dateline(&self, fetched_at: DateTime<Utc>) -> Option<FoundDate> {
        let distance = |node: NodeId| self.c.first_h1.map_or(node, |h1| node.abs_diff(h1));
        self.c
            .dates
            .iter()
            .filter(|d| !d.machine && d.kind != DateKind::Modified)
            .filter_map(|d| Some((d.node, parse_relative(&d.value, fetched_at)?)))
            .min_by_key(|&(node, _)| distance(node))
            .map(|(_, found)| found)
    }

    /// The structured modification date with its local offset.
    fn modified_found(&self) -> Option<FoundDate> {
        let valid = |v: &str| self.valid_date(v);
        self.ld
            .date_modified
            .as_deref()
            .and_then(valid)
            .or_else(|| self.c.meta.all(MODIFIED_KEYS).into_iter().find_map(valid))
    }

    /// Calendar days written in the page's visible datelines and short texts; an ambiguous
    /// `03/04/2020` counts in both readings (the page's locale is only a guess).
    fn visible_days(&self) -> Vec<NaiveDate> {
        let other = self.order.flipped();
        let datelines = self.c.dates.iter().filter(|d| !d.machine);
        let texts = self
            .c
            .date_texts
            .iter()
            .filter_map(|d| Some((self.doc.text(d.node)?, d.prose)))
            .filter(|&(t, _)| !is_sentence(t));
        let mut days = Vec::new();
        for reading in [self.order, other] {
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

    /// A machine-readable `<time datetime>` that is not a modification date: the one nearest the
    /// first `<h1>` (a page's other `<time>`s date its teasers and comments), else the first one
    /// marked as publication, else the first one. Read as the date it shows (see [`shown_over_machine`]).
    fn machine_page_date(&self) -> Option<FoundDate> {
        let chosen = match self.c.first_h1 {
            Some(h1) => self
                .c
                .dates
                .iter()
                .filter(|d| d.machine && d.kind != DateKind::Modified)
                .filter_map(|d| Some((d, self.valid_date(&d.value)?)))
                .min_by_key(|&(d, _)| d.node.abs_diff(h1)),
            None => self
                .first_machine_date(DateKind::Published)
                .or_else(|| self.first_machine_date(DateKind::Unknown)),
        };
        let (candidate, found) = chosen?;
        Some(self.shown_over_machine(candidate, found))
    }

    /// The first machine-readable `<time>` of a kind, with its parsed date.
    fn first_machine_date(&self, kind: DateKind) -> Option<(&'a DateCandidate, FoundDate)> {
        self.c
            .dates
            .iter()
            .filter(|d| d.kind == kind && d.machine)
            .find_map(|d| Some((d, self.valid_date(&d.value)?)))
    }

    /// A `<time>` whose `datetime` is days away from the date its text shows readers ("Publié le 29
    /// juin 2019" over a `datetime` of 3 July) is dated by its text: the attribute then carries
    /// another moment of the page (an edit, a re-index), not what the page says of itself.
    fn shown_over_machine(&self, candidate: &DateCandidate, machine: FoundDate) -> FoundDate {
        bounded_text(self.doc, candidate.node, MAX_TIME_TEXT_CHARS)
            .and_then(|text| find_date_in_text(&text, self.order))
            .filter(|shown| shown.utc() <= self.not_after)
            .filter(|shown| (shown.local_day() - machine.local_day()).num_days().abs() > 1)
            .unwrap_or(machine)
    }

    /// The first `<time>`/dateline candidate of a kind, machine-readable or visible.
    fn page_date(&self, kind: DateKind, machine: bool) -> Option<FoundDate> {
        self.c
            .dates
            .iter()
            .filter(|d| d.kind == kind && d.machine == machine)
            .find_map(|d| self.valid_date(&d.value))
    }

    pub(super) fn modified_date(&self) -> Option<DateTime<FixedOffset>> {
        let valid = |v: &str| self.valid_date(v);
        self.modified_found()
            .or_else(|| self.c.microdata.date_modified.as_deref().and_then(valid))
            .or_else(|| self.page_date(DateKind::Modified, true))
            .or_else(|| self.page_date(DateKind::Modified, false))
            .map(|d| d.local)
    }
}

/// The day shown in most of the page's visible dates (a thread's posts of one day), when it
/// is shown at least [`MIN_PREVAILING_SHOWS`] times and in more than half of them.
fn prevailing_day(shown: &[NaiveDate]) -> Option<NaiveDate> {
    let count = |day: &NaiveDate| shown.iter().filter(|d| *d == day).count();
    let day = shown.iter().max_by_key(|d| count(d))?;
    let n = count(day);
    (n >= MIN_PREVAILING_SHOWS && 2 * n > shown.len()).then_some(*day)
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

/// Two times of day, as written, further apart than a local clock and UTC can be: they are no
/// one moment written once with and once without the offset.
fn clocks_too_far_apart(a: &FoundDate, b: &FoundDate) -> bool {
    let apart = a.local.naive_local() - b.local.naive_local();
    apart.num_hours().abs() > MAX_UTC_OFFSET_HOURS
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

/// A short text that is a whole sentence ("Darüber berichtete das Radio am 29. April 2020."):
/// a date inside it is what it talks about, it does not show the page's date.
fn is_sentence(text: &str) -> bool {
    let text = text.trim();
    text.ends_with(['.', '!', '?'])
        && !text.ends_with("..")
        && text.split_whitespace().count() >= MIN_SENTENCE_WORDS
}

#[cfg(test)]
mod tests {
    use crate::dom::Document;
    use crate::metadata::extract_metadata;
    use chrono::TimeZone;
    use chrono::Utc;

    const URL: &str = "https://www.example-news.com/politics/story-123";

    /// The published day and the source that gave it.
    fn published(html: &str, url: &str) -> (Option<String>, Vec<String>) {
        let fetched = Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).single();
        let m = extract_metadata(&Document::parse(html), Some(url), fetched);
        let day = m.published_at.map(|d| d.format("%Y-%m-%d").to_string());
        (day, m.notes)
    }

    /// The page at `URL` is dated `day`, and its notes say `note` (which source won).
    fn assert_published(html: &str, day: &str, note: &str) {
        let (found, notes) = published(html, URL);
        assert_eq!(found.as_deref(), Some(day));
        assert!(notes.contains(&note.to_string()), "{notes:?}");
    }

    #[test]
    fn meta_publication_date_wins_over_a_disagreeing_json_ld_one() {
        let html = r#"<meta property="article:published_time" content="2017-12-01T12:01:11+01:00">
            <script type="application/ld+json">{"@type":"Article","datePublished":"2015-01-16T14:53:35+01:00"}</script>"#;
        assert_published(html, "2017-12-01", "published_at: meta");
    }

    #[test]
    fn a_meta_tag_named_published_dates_the_page_in_words() {
        let html = r#"<meta name="published" content="July 17, 2023"><p>text</p>"#;
        assert_published(html, "2023-07-17", "published_at: meta");
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
        assert_published(html, "2020-02-14", "published_at: modified");
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
        assert_published(html, "2020-04-24", "published_at: text");
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
        assert_published(
            html,
            "2022-01-27",
            "published_at: dateline under the headline",
        );
    }

    #[test]
    fn structured_date_stays_when_the_headline_dateline_is_the_same_moment_elsewhere() {
        // 02:25 UTC is the previous evening in New York: one moment, two calendar days.
        let html = r#"<meta property="article:published_time" content="2020-02-25T02:25:54+00:00">
            <body><h1>Story</h1><span class="date">February 24, 2020 | 9:25pm</span></body>"#;
        assert_published(html, "2020-02-25", "published_at: meta");
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
        assert_published(html, "2019-10-19", "published_at: structured, shown");
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
        assert_published(html, "2016-05-04", "published_at: image url");
        let undated = r#"<meta property="og:image" content="https://ex.org/files/2016/05/og.png">"#;
        assert_eq!(published(undated, URL).0, None);
    }

    #[test]
    fn relative_dateline_dates_a_page_only_against_a_known_fetch_time() {
        let html = r#"<body><h1>Story</h1><span class="date">vor 3 Stunden</span></body>"#;
        assert_published(html, "2024-06-01", "published_at: relative dateline");
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
        assert_published(html, "2012-06-08", "published_at: meta");
    }

    #[test]
    fn dateline_above_the_headline_corrects_an_unshown_bare_day() {
        let html = r#"<meta name="date" content="2020-02-12">
            <body><div class="news-single-timedata">05.02.2020 - Redaktion: Eva Muster</div>
            <h1>Faire Lieferketten</h1><p>Text.</p></body>"#;
        assert_published(
            html,
            "2020-02-05",
            "published_at: dateline under the headline",
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
        assert_published(html, "2021-10-13", "published_at: labelled publication");
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
        assert_published(html, "2019-06-28", "published_at: time");
    }

    #[test]
    fn ambiguous_meta_date_takes_the_reading_the_page_shows() {
        let html = r#"<html lang="de"><meta name="date" content="11/01/2023 12:43:42">
            <body><h1>Trinkwasser</h1><p>Text.</p><p>Erstellt am: 01.11.2023</p></body></html>"#;
        assert_published(html, "2023-11-01", "published_at: structured, shown");
    }

    #[test]
    fn unshown_meta_date_loses_to_a_shown_microdata_date() {
        let html = r#"<meta property="article:published_time" content="2022-01-21T15:38:44+01:00">
            <body><p>Aktuelles</p><span itemprop="datePublished" content="2022-01-27">27.01.2022</span>
            <h1>Winter</h1><p>Text.</p></body>"#;
        assert_published(html, "2022-01-27", "published_at: structured, shown");
    }
}
