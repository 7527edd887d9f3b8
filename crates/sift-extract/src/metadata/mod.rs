//! Article metadata from every source a page offers.
//!
//! One pass over the DOM ([`collect`]) gathers candidates; each field is then resolved from its
//! sources in precedence order: JSON-LD, `<meta>` tags, microdata, `<time>`, visible bylines and
//! datelines, the URL, and `<title>`. A candidate that fails validation (a future date, an
//! organisation as author, the site name as title) falls through to the next source.

pub mod byline;
pub mod collect;
mod dating;

use dating::PageDates;
pub mod jsonld;
pub mod meta_tags;
pub mod microdata;
pub mod time;
pub mod title;

pub use crate::url::canonicalize_url;
pub use byline::authors::clean_author_names;

use crate::dom::Document;
use crate::lexicon::bylines::PUBLICATION_ARTICLES;
use crate::text_key::{Digits, latin_key};
use byline::authors::{is_organisation_name, looks_like_person};
use byline::choose::{AuthorCandidates, choose_authors};
use byline::shown::ShownText;
use chrono::{DateTime, FixedOffset, Utc};
use collect::{Candidates, collect};
use jsonld::JsonLdInfo;
use meta_tags::*;
use time::dates::NumericOrder;
use title::{TitleSources, choose_title};

/// Metadata found on a page. Dates keep the offset their source stated (UTC when it stated none),
/// so the calendar day is the one the page shows its readers: a late-evening `-06:00` timestamp
/// is that day's, though in UTC it falls on the next. Absent when unknown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub description: Option<String>,
    pub authors: Vec<String>,
    pub published_at: Option<DateTime<FixedOffset>>,
    pub modified_at: Option<DateTime<FixedOffset>>,
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
    let dates = PageDates {
        c: &c,
        doc,
        ld: &ld,
        order,
        not_after,
    };
    let published = dates.published_date(url_for_dates).or_else(|| {
        dates
            .relative_dateline(fetched_at?)
            .map(|d| (d, "relative dateline"))
    });
    if let Some((found, source)) = published {
        let (found, source) = dates.prefer_shown_dates(found, source);
        m.published_at = Some(found.local);
        m.notes.push(format!("published_at: {source}"));
    }
    m.modified_at = dates
        .modified_date()
        .filter(|d| m.published_at.is_none_or(|p| *d >= p));
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
    let host_label = host.and_then(folded_host_label);
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
        byline_elements: c.byline_elements.iter().map(String::as_str).collect(),
        byline_texts: c
            .byline_texts
            .iter()
            .chain(&c.dated_bylines)
            .map(String::as_str)
            .collect(),
        signature: c.signature.as_deref(),
        article_page,
    };
    // A site that writes its name as its host ("Lebensmittelpraxis.de") is a publication.
    let named_by_host = host_label.is_some()
        && site_names.iter().any(|s| {
            !s.contains(char::is_whitespace)
                && s.contains('.')
                && folded_host_label(s) == host_label
        });
    let site = SiteNames {
        names: site_names,
        host_label: host_label.as_deref(),
        personal: ld.publisher_is_person,
        named_by_host,
    };
    choose_authors(&candidates, &|name| site.is_site(name), &|name| {
        shown.shows(name)
    })
}

/// The host's registrable label folded as names are ("www.larepublica.pe" → "larepublica").
fn folded_host_label(host: &str) -> Option<String> {
    title::host_label(host).map(|h| latin_key(&h, Digits::Keep))
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
    /// The site gives its host as its name: a name spelling the host is the site's even when
    /// shaped like a person's ("Lebensmittel Praxis" beside "Lebensmittelpraxis.de").
    named_by_host: bool,
}

impl SiteNames<'_> {
    /// The name is the site's (or the publisher's) own: an organisation, equal to a site name
    /// or to the host's label ("La República" on larepublica.pe). Containment is not enough:
    /// personal sites are named after their author, and on a site whose publisher is a person
    /// the site's name is that person's. A user name is the site's only when it spells the
    /// host ("nationnews" on nationnews.com): a blog's name fields (`og:site_name`,
    /// `twitter:site`) carry its owner's handle ("gnaddrig"). A person's name that spells the
    /// host is its owner's ("Erin Spain" on erinspain.com), see [`names_a_person`].
    fn is_site(&self, name: &str) -> bool {
        if is_organisation_name(name) {
            return true;
        }
        if self.personal {
            return false;
        }
        let key = latin_key(name, Digits::Keep);
        if is_user_name(name) {
            return self.host_label.is_some_and(|h| key.starts_with(h));
        }
        self.names.iter().any(|s| latin_key(s, Digits::Keep) == key)
            || (self.host_label == Some(key.as_str())
                && (self.named_by_host || !names_a_person(name)))
    }
}

/// Shaped like a person's name ("Erin Spain") and not opening with a definite article, which
/// opens publications' names ("Die Tagespresse", "El Colombiano") and no person's.
fn names_a_person(name: &str) -> bool {
    let opens_with_article = name
        .split_whitespace()
        .next()
        .is_some_and(|w| PUBLICATION_ARTICLES.contains(&w.to_lowercase().as_str()));
    looks_like_person(name) && !opens_with_article
}

/// One lower-case word ("zahlenzauberin", "happy_face313"): an account's name, where a brand
/// writes its name capitalised.
fn is_user_name(name: &str) -> bool {
    !name.contains(char::is_whitespace)
        && name.contains(char::is_alphabetic)
        && !name.contains(char::is_uppercase)
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

    const URL: &str = "https://www.example-news.com/politics/story-123";

    #[test]
    fn a_publisher_tag_repeating_the_author_names_no_site() {
        let html = r#"<html><head><meta name="author" content="Jane Doe">
            <meta name="dcterms.publisher" content="Jane Doe">
            <meta property="og:site_name" content="Example News"></head>
            <body><article><h1>Story</h1><p>Von Jane Doe</p></article></body></html>"#;
        let m = extract_metadata(&Document::parse(html), Some(URL), None);
        assert_eq!(m.authors, ["Jane Doe"]);
    }

    /// The authors of a page at `url` whose author meta tag and byline name `author`, with
    /// `head` beside the tag.
    fn author_of(url: &str, author: &str, head: &str) -> Vec<String> {
        let html = format!(
            r#"<html><head><meta name="author" content="{author}">{head}</head>
            <body><article><h1>A story</h1><p class="byline">By {author}</p>
            <p>Some text of the story.</p></article></body></html>"#
        );
        extract_metadata(&Document::parse(&html), Some(url), None).authors
    }

    #[test]
    fn a_personal_site_named_after_its_owner_gives_the_owner_as_author() {
        assert_eq!(
            author_of("https://erinspain.com/notes/1", "Erin Spain", ""),
            ["Erin Spain"]
        );
        // Publications named like people: a definite article opens the name, or the site
        // gives its host as its name.
        assert!(author_of("https://www.dietagespresse.com/a", "Die Tagespresse", "").is_empty());
        assert!(author_of("https://www.elcolombiano.com/a", "El Colombiano", "").is_empty());
        let host_named = r#"<meta property="og:site_name" content="Lebensmittelpraxis.de">"#;
        assert!(
            author_of(
                "https://lebensmittelpraxis.de/a",
                "Lebensmittel Praxis",
                host_named
            )
            .is_empty()
        );
        // A brand's one word spelling the host stays the site's.
        assert!(author_of("https://www.swoogo.com/a", "Swoogo", "").is_empty());
    }

    #[test]
    fn site_names_are_no_authors_unless_the_site_is_a_persons() {
        let names = ["Example Daily".to_string(), "jdoe".to_string()];
        let site = SiteNames {
            names: &names,
            host_label: Some("exampledaily"),
            personal: false,
            named_by_host: false,
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
}
