//! sift-extract: page bytes in, article event out. Pure, synchronous, no I/O: no async runtime,
//! no network, no Kafka or Redis, so a crawler, a batch job or a fuzzer can link it alone.
//!
//! It is the extraction engine of the sift service (which adds Kafka, deduplication and
//! routing around it) and of `sift extract`; this crate is all of it that decides what a page says.
//!
//! # Data flow
//!
//! ```text
//! message value (bytes)  +  Transport (url, content-type, fetched_at, status headers; key)
//!        │ input::decode: envelope or raw page, size cap, binary sniffing,
//!        │                charset (BOM, transport, <meta>, detection), HTML or text dump
//!        ▼
//! input::Page (UTF-8 text, kind, url, fetched_at, status, charset)
//!        │ extract: HTML → dom::Document (bounded tree) → content (main blocks)
//!        │                                              + metadata (title, authors, dates, ...)
//!        │          text dump → text_dump (line roles)
//!        ▼
//! Extracted { event: event::ArticleEvent, verdict: Verdict }
//! ```
//!
//! - [`input::decode`] turns a message value (a raw page, or a JSON envelope carrying the page
//!   and its metadata) into a [`input::Page`], or a typed [`input::InputError`] for empty,
//!   oversized, binary, undecodable or broken input.
//! - [`extract`] turns the page into an [`event::ArticleEvent`] (main text and structured
//!   [`event::Block`]s, title, authors, dates, language, ...) and a [`Verdict`]: whether the
//!   page holds an article at all. A page without one is not an error; its event says what was
//!   found and the verdict says why it is not an article.
//! - HTML pages are parsed into a bounded [`dom::Document`]; [`content`] picks the main content
//!   and turns it into blocks; [`metadata`] reads title, authors, dates and the rest. Plain-text
//!   pages (a scraper's text dump) go through [`text_dump`] instead.
//!
//! The event leaves `id`, `content_hash` and `dedup` empty: the service fills them after
//! deduplication (crate `sift-dedup`). The HTTP status is passed through in [`input::Page::status`]
//! and not judged here: the caller decides what to do with error responses.
//!
//! Hostile input cannot stall it: nesting is bounded, traversals are iterative, and each hostile
//! case of `tests/extract_hostile.rs` (2.6 MB pages of attributes, entities, comments, tiny
//! elements, ...) gives a result in well under a second; `benches/hostile.rs` times them at two
//! sizes to show that the cost grows with the page, not faster.
//!
//! # Example
//!
//! A crawler has fetched a page: its body, its URL and its response headers.
//!
//! ```
//! use sift_extract::input::{InputConfig, Transport, decode};
//! use sift_extract::{ExtractConfig, Verdict, extract};
//!
//! let body = "<html><head><title>Bridge reopens | Example News</title>\
//!     <meta name=author content=\"Jane Example\">\
//!     <meta property=article:published_time content=2024-05-01T08:00:00Z></head>\
//!     <body><nav><a href=/>Home</a> <a href=/news>News</a></nav><article>\
//!     <h1>Bridge reopens</h1><p class=byline>By Jane Example</p>\
//!     <p>The old bridge over the river reopened on Wednesday after two years of repairs, \
//!     the city said, and traffic was flowing again by the afternoon.</p>\
//!     <p>Engineers replaced the deck and strengthened the piers; the work cost less than \
//!     planned, according to the council's report.</p></article>\
//!     <footer>Copyright Example News</footer></body></html>".as_bytes();
//! let transport = Transport {
//!     key: None,
//!     headers: vec![
//!         ("url", b"https://news.example.com/bridge".as_slice()),
//!         ("content-type", b"text/html; charset=utf-8".as_slice()),
//!     ],
//! };
//!
//! let page = decode(body, &transport, &InputConfig::default())?;
//! let extracted = extract(&page, &ExtractConfig::default())?;
//!
//! assert_eq!(extracted.verdict, Verdict::Article);
//! let event = &extracted.event;
//! assert_eq!(event.title.as_deref(), Some("Bridge reopens"));
//! assert_eq!(event.authors, ["Jane Example"]);
//! assert_eq!(event.published_at.as_deref(), Some("2024-05-01T08:00:00Z"));
//! assert!(event.text.contains("The old bridge over the river reopened"));
//! assert!(!event.text.contains("Copyright"));
//! // The event serialises as the service publishes it, and renders as Markdown.
//! let json = serde_json::to_string(event)?;
//! assert!(json.contains("\"word_count\""));
//! assert!(event.to_markdown().starts_with("# Bridge reopens"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! `examples/extract_file.rs` does the same for a page on disk:
//! `cargo run --release -p sift-extract --example extract_file -- page.html https://example.com/a`.

pub mod content;
pub mod dom;
pub mod event;
pub mod input;
pub mod language;
pub mod lexicon;
pub mod metadata;
pub mod needles;
pub mod text_dump;
pub mod text_key;
mod text_runs;
pub mod url;

use crate::event::{ArticleEvent, Block, Diagnostics, RejectReason, SCHEMA_VERSION};
use crate::input::{ContentKind, Page};
use crate::lexicon::error_pages::{NOT_FOUND_PHRASES, STATUS_WORDS};
use chrono::{DateTime, SecondsFormat, TimeZone};
use metadata::Metadata;
use serde::{Deserialize, Serialize};

/// Settings of the extractor (config section `[extract]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExtractConfig {
    /// Keep reader comments below the article (default false: comment sections are boilerplate).
    pub include_comments: bool,
    /// Keep data tables as table blocks (default true).
    pub include_tables: bool,
    /// Keep image captions as figure blocks (default true). Captions never enter `text`.
    pub include_figures: bool,
    /// Fewer characters of main text than this make the page `NotArticle(TooLittleText)`
    /// (default 200).
    pub min_text_chars: usize,
    /// Pages longer than this many bytes are cut (at a character boundary) before parsing, so one
    /// huge page cannot stall a worker (default 8 MiB). The cut is noted in `diagnostics`.
    pub max_input_bytes: usize,
    /// Page types that are articles (default: all seven, see config/default.toml); a page the
    /// page-type model gives another type is `NotArticle(PageType)` and keeps its text.
    pub page_types: Vec<String>,
    /// Which learned models choose the main content and the page type (not a config key: the
    /// embedded models, or a model file given to `sift extract --model` for evaluation).
    #[serde(skip)]
    pub models: ModelChoice,
}

/// The page types the page-type model tells apart (wcxb-dev's labels).
pub const PAGE_TYPES: [&str; 7] = [
    "article",
    "forum",
    "product",
    "collection",
    "listing",
    "documentation",
    "service",
];

/// The models content selection uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum ModelChoice {
    /// The models compiled into sift (`crates/sift-extract/models/sift.model`).
    #[default]
    Embedded,
    /// No model: the structural rules alone choose the content, and no page type is given.
    RulesOnly,
    /// Models read from a file (out-of-fold evaluation, trying a retrained model).
    Loaded(std::sync::Arc<content::model::Models>),
}

impl ModelChoice {
    pub fn resolve(&self) -> Option<std::sync::Arc<content::model::Models>> {
        match self {
            ModelChoice::Embedded => content::model::Models::embedded(),
            ModelChoice::RulesOnly => None,
            ModelChoice::Loaded(models) => Some(models.clone()),
        }
    }
}

impl Default for ExtractConfig {
    fn default() -> Self {
        ExtractConfig {
            include_comments: false,
            include_tables: true,
            include_figures: true,
            min_text_chars: 200,
            max_input_bytes: 8 * 1024 * 1024,
            page_types: PAGE_TYPES.iter().map(|t| t.to_string()).collect(),
            models: ModelChoice::Embedded,
        }
    }
}

/// An extracted page: the event (without `id`, `content_hash` and `dedup`, which the pipeline
/// fills) and whether it is an article at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub event: ArticleEvent,
    pub verdict: Verdict,
}

/// Whether the page holds an article. `NotArticle` pages go to `articles.rejected`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Article,
    /// `TooLittleText`, `ErrorPage` or `PageType` (`HttpStatus` is the pipeline's).
    NotArticle(RejectReason),
}

/// Genuine extraction failures (a page with no article is a [`Verdict`], not an error).
#[derive(thiserror::Error, Debug)]
pub enum ExtractError {
    #[error("extract: empty page")]
    EmptyPage,
}

/// Extracts the article from one decoded page.
pub fn extract(page: &Page, config: &ExtractConfig) -> Result<Extracted, ExtractError> {
    let (input, truncated) = cut_to_limit(&page.text, config.max_input_bytes);
    if input.trim().is_empty() {
        return Err(ExtractError::EmptyPage);
    }
    let mut notes = Vec::new();
    if truncated {
        notes.push(format!("input cut to {} bytes", input.len()));
    }
    let mut event = ArticleEvent {
        schema_version: SCHEMA_VERSION,
        url: page.url.clone(),
        fetched_at: page.fetched_at.as_ref().map(rfc3339),
        ..ArticleEvent::default()
    };
    let mut language_hint = None;
    let input_kind = match page.kind {
        ContentKind::Html => {
            let doc = dom::Document::parse(input);
            let found = content::extract_content(&doc, config);
            event.page_type = content::page_type(&found, page.url.as_deref(), config);
            notes.extend(found.notes);
            event.blocks = found.blocks;
            let mut meta = metadata::extract_metadata(&doc, page.url.as_deref(), page.fetched_at);
            if let Some(body) = meta.declared_body.take() {
                notes.extend(content::complete_from_declared_body(
                    &mut event.blocks,
                    &body,
                    config,
                ));
            }
            notes.extend(meta.notes.iter().cloned());
            language_hint = meta.language_hint.clone();
            fill_metadata(&mut event, meta);
            "html"
        }
        ContentKind::Text => {
            let dump = text_dump::extract_text_dump(input, config);
            notes.extend(dump.notes);
            event.title = dump.title;
            event.authors = dump.authors;
            event.blocks = dump.blocks;
            "text"
        }
    };
    event.text = content::render_text(&event.blocks);
    event.word_count = event.text.split_whitespace().count();
    event.language = language::detect_language(language_hint.as_deref(), &event.text);
    let verdict = judge(&event, config);
    if let Verdict::NotArticle(reason) = &verdict {
        notes.push(format!("verdict: {reason}"));
    }
    if page.repaired_chars > 0 {
        notes.push(format!(
            "input: {} double-encoded characters decoded again",
            page.repaired_chars
        ));
    }
    event.diagnostics = Diagnostics {
        input_kind: input_kind.into(),
        charset: page.charset.into(),
        charset_source: page.charset_source.into(),
        notes,
    };
    Ok(Extracted { event, verdict })
}

/// RFC 3339 in the time's own offset (a page's dates keep the offset the page stated), `Z` for
/// UTC.
fn rfc3339<Tz: TimeZone>(t: &DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn fill_metadata(event: &mut ArticleEvent, meta: Metadata) {
    event.canonical_url = meta.canonical_url;
    event.title = meta.title;
    event.description = meta.description;
    event.authors = meta.authors;
    event.published_at = meta.published_at.as_ref().map(rfc3339);
    event.modified_at = meta.modified_at.as_ref().map(rfc3339);
    event.site_name = meta.site_name;
    event.section = meta.section;
    event.tags = meta.tags;
    event.image = meta.image;
}

/// `text` cut to at most `limit` bytes at a character boundary; true when something was cut.
fn cut_to_limit(text: &str, limit: usize) -> (&str, bool) {
    if text.len() <= limit {
        return (text, false);
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

/// Decides whether the extracted content is an article.
fn judge(event: &ArticleEvent, config: &ExtractConfig) -> Verdict {
    let body_chars: usize = event.blocks.iter().map(body_chars).sum();
    let reason = if looks_like_error_page(event) && body_chars < 4 * config.min_text_chars {
        RejectReason::ErrorPage
    } else if body_chars < config.min_text_chars {
        RejectReason::TooLittleText
    } else if event
        .page_type
        .as_ref()
        .is_some_and(|t| !config.page_types.contains(t))
    {
        RejectReason::PageType
    } else {
        return Verdict::Article;
    };
    Verdict::NotArticle(reason)
}

/// Characters a block adds to the body: paragraphs, quotes, list items and table cells (a page
/// of results, a price list or a work catalogue holds its content in a table). Headings,
/// code and captions do not make an article.
fn body_chars(block: &Block) -> usize {
    let count = |texts: &[String]| texts.iter().map(|t| t.chars().count()).sum::<usize>();
    match block {
        Block::Paragraph { text } | Block::Quote { text } => text.chars().count(),
        Block::List { items, .. } => count(items),
        Block::Table { rows } => rows.iter().map(|row| count(row)).sum(),
        _ => 0,
    }
}

/// A title or first heading announcing an HTTP error ("404", "Not Found", "Seite nicht gefunden").
fn looks_like_error_page(event: &ArticleEvent) -> bool {
    let first_heading = event.blocks.iter().find_map(|b| match b {
        Block::Heading { text, .. } => Some(text.as_str()),
        _ => None,
    });
    [event.title.as_deref(), first_heading]
        .into_iter()
        .flatten()
        .any(announces_http_error)
}

/// A title or heading naming an HTTP error: an error phrase, or a part (between separators such
/// as " | " and " - ") made of "404" and status words only. A headline that opens with the
/// number ("404 jobs cut at plant") goes on with words of its own.
fn announces_http_error(text: &str) -> bool {
    let t = text.to_lowercase();
    let status_part = |part: &str| {
        let words: Vec<&str> = part
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words.contains(&"404")
            && words
                .iter()
                .all(|w| *w == "404" || STATUS_WORDS.contains(w))
    };
    NOT_FOUND_PHRASES.iter().any(|p| t.contains(p))
        || t.split(['|', '-', '–', '—', ':', '·']).any(status_part)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict_of(html: &str) -> Verdict {
        let page = Page {
            text: html.into(),
            kind: ContentKind::Html,
            url: None,
            fetched_at: None,
            status: None,
            charset: "UTF-8",
            charset_source: "meta",
            repaired_chars: 0,
        };
        match extract(&page, &ExtractConfig::default()) {
            Ok(event) => event.verdict,
            Err(e) => panic!("extraction failed: {e}"),
        }
    }

    #[test]
    fn a_page_of_a_type_not_taken_is_rejected_with_its_text() {
        let prose = "The council approved the new budget on Tuesday, after a long debate. ";
        let html = format!(
            "<html><body><article><h1>Budget passed</h1><p>{}</p></article></body></html>",
            prose.repeat(5)
        );
        let page = Page {
            text: html,
            kind: ContentKind::Html,
            url: Some("https://example.org/news/budget".into()),
            fetched_at: None,
            status: None,
            charset: "UTF-8",
            charset_source: "meta",
            repaired_chars: 0,
        };
        let none_taken = ExtractConfig {
            page_types: Vec::new(),
            ..ExtractConfig::default()
        };
        let out = extract(&page, &none_taken).expect("extracts");
        assert!(out.event.page_type.is_some());
        assert_eq!(out.verdict, Verdict::NotArticle(RejectReason::PageType));
        assert!(out.event.text.contains("long debate"), "{}", out.event.text);
    }

    #[test]
    fn a_page_of_results_in_a_table_is_an_article() {
        let rows = "<tr><td>1</td><td>Jane Example</td><td>Athletics Club Northtown</td>\
                    <td>12.41 s</td></tr>"
            .repeat(8);
        let html = format!(
            "<html><body><article><h1>Results of the spring meeting</h1>\
             <table>{rows}</table></article></body></html>"
        );
        assert_eq!(verdict_of(&html), Verdict::Article);
    }

    #[test]
    fn a_page_with_a_heading_only_has_too_little_text() {
        let html = "<html><body><article><h1>Results of the spring meeting</h1>\
                    <p>Coming soon.</p></article></body></html>";
        assert_eq!(
            verdict_of(html),
            Verdict::NotArticle(RejectReason::TooLittleText)
        );
    }
}
