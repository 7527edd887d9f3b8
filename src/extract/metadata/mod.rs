//! Article metadata from every source a page offers. (being written)

use chrono::{DateTime, Utc};

/// Metadata found on a page. Dates are UTC; absent when unknown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub description: Option<String>,
    pub authors: Vec<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub modified_at: Option<DateTime<Utc>>,
    pub canonical_url: Option<String>,
    pub site_name: Option<String>,
    /// BCP 47 hint from markup (`<html lang>`, `og:locale`, `content-language`).
    pub language_hint: Option<String>,
    pub section: Option<String>,
    pub tags: Vec<String>,
    pub image: Option<String>,
    /// Short notes on which source won for each field, for `diagnostics`.
    pub notes: Vec<String>,
}
