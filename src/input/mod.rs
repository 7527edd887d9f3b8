//! Input decoding: a Kafka message value (raw page or JSON envelope) → a decoded [`Page`].

use chrono::{DateTime, Utc};

/// What the page's bytes turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    Html,
    /// Plain text, as some scrapers deliver (a text dump of the rendered page).
    Text,
}

/// One page, decoded to UTF-8, with what the transport told us about it.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page as valid UTF-8.
    pub text: String,
    pub kind: ContentKind,
    /// The URL the page was fetched from, if known.
    pub url: Option<String>,
    pub fetched_at: Option<DateTime<Utc>>,
    /// Encoding the bytes were decoded from (WHATWG name, e.g. `UTF-8`, `windows-1252`).
    pub charset: &'static str,
    /// How the charset was chosen: `bom`, `transport`, `meta` or `detected`.
    pub charset_source: &'static str,
}
