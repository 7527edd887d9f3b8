//! The article event: what sift publishes for every page (schema_version 1).
//!
//! One struct, serialized with serde, shared by the service, `sift extract` and the tests.

use serde::{Deserialize, Serialize};

/// Version of the event layout; bump when a field changes meaning or is removed.
pub const SCHEMA_VERSION: u32 = 1;

/// One article, as published on `articles.clean` (and, with `dedup` filled in, on
/// `articles.duplicates`).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleEvent {
    pub schema_version: u32,
    /// Stable id: xxh3 of the canonical URL, or of the normalized text when there is no URL.
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub authors: Vec<String>,
    /// RFC 3339, in the offset the page stated (`Z` when it stated UTC or none), so its calendar
    /// day is the one the page shows. Absent when unknown; never invented.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date-time")))]
    pub published_at: Option<String>,
    /// RFC 3339, in the offset the page stated, like `published_at`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date-time")))]
    pub modified_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// BCP 47 tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    pub tags: Vec<String>,
    /// Lead image URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Main text: paragraphs separated by blank lines, headings and list items on their own lines.
    pub text: String,
    pub blocks: Vec<Block>,
    pub word_count: usize,
    /// What kind of page this is, as the page-type model says (`article`, `forum`, `product`,
    /// `collection`, `listing`, `documentation`, `service`); absent for plain-text input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_type: Option<String>,
    /// xxh3-128 (hex) of the normalized text.
    pub content_hash: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date-time")))]
    pub fetched_at: Option<String>,
    /// Why the page is not an article: set on `articles.rejected` records only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected_reason: Option<RejectReason>,
    /// The deduplication decision, when dedup ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dedup: Option<DedupInfo>,
    pub diagnostics: Diagnostics,
}

/// The main content, structured.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Heading {
        level: u8,
        text: String,
    },
    Paragraph {
        text: String,
    },
    List {
        ordered: bool,
        items: Vec<String>,
    },
    Quote {
        text: String,
    },
    Table {
        rows: Vec<Vec<String>>,
    },
    Figure {
        #[serde(skip_serializing_if = "Option::is_none")]
        src: Option<String>,
        caption: String,
    },
    Code {
        text: String,
    },
}

/// What deduplication decided for this article.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DedupInfo {
    pub reason: DedupReason,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    /// Content hash of the version this revision replaces.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
}

/// Why a page is not an article (the event's `rejected_reason`, the `reason` label of
/// `sift_rejected_total`).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// Less main text than `extract.min_text_chars`.
    TooLittleText,
    /// The page says it is an error ("page not found", ...) and holds little text.
    ErrorPage,
    /// A page type outside `extract.page_types`.
    PageType,
    /// The envelope's HTTP `status` is 400 or more.
    HttpStatus,
}

impl RejectReason {
    pub const ALL: [RejectReason; 4] = [
        RejectReason::TooLittleText,
        RejectReason::ErrorPage,
        RejectReason::PageType,
        RejectReason::HttpStatus,
    ];

    /// The name in the event JSON, metric labels and docs.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::TooLittleText => "too_little_text",
            RejectReason::ErrorPage => "error_page",
            RejectReason::PageType => "page_type",
            RejectReason::HttpStatus => "http_status",
        }
    }
}

/// What deduplication decided (the event's `dedup.reason`, the `reason` label of
/// `sift_dedup_decisions_total`).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DedupReason {
    /// Nothing like it seen before: published.
    New,
    /// Same canonical URL, new content: published, with `revision` and `supersedes`.
    Revision,
    /// Same canonical URL, content seen before for it (any earlier version).
    Repeat,
    /// Same normalized text under another URL.
    SameContent,
    /// Syndicated, re-templated, cut or extended copy, small edits.
    NearDuplicate,
}

impl DedupReason {
    pub const ALL: [DedupReason; 5] = [
        DedupReason::New,
        DedupReason::Revision,
        DedupReason::Repeat,
        DedupReason::SameContent,
        DedupReason::NearDuplicate,
    ];

    /// The name in the event JSON, metric labels and docs.
    pub fn as_str(self) -> &'static str {
        match self {
            DedupReason::New => "new",
            DedupReason::Revision => "revision",
            DedupReason::Repeat => "repeat",
            DedupReason::SameContent => "same_content",
            DedupReason::NearDuplicate => "near_duplicate",
        }
    }

    /// The reason named `name` (its `as_str()`).
    pub fn parse(name: &str) -> Option<DedupReason> {
        DedupReason::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// Whether the article goes to `articles.duplicates` rather than `articles.clean`.
    pub fn is_duplicate(self) -> bool {
        matches!(
            self,
            DedupReason::Repeat | DedupReason::SameContent | DedupReason::NearDuplicate
        )
    }
}

impl std::fmt::Display for RejectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for DedupReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the extractor decided and why, kept compact.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Diagnostics {
    /// `html` or `text`.
    pub input_kind: String,
    /// The charset the page was decoded from and how it was chosen (`bom`, `transport`, `meta`, `detected`).
    pub charset: String,
    pub charset_source: String,
    /// Free-form notes on extraction choices (e.g. `main: article`, `title: og:title`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl ArticleEvent {
    /// The article as Markdown: title, then the blocks.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        if let Some(title) = &self.title {
            out.push_str(&format!("# {title}\n\n"));
        }
        for block in &self.blocks {
            match block {
                Block::Heading { level, text } => {
                    let hashes = "#".repeat(usize::from((*level).clamp(1, 6)));
                    out.push_str(&format!("{hashes} {text}\n\n"));
                }
                Block::Paragraph { text } => out.push_str(&format!("{text}\n\n")),
                Block::List { ordered, items } => {
                    for (i, item) in items.iter().enumerate() {
                        match ordered {
                            true => out.push_str(&format!("{}. {item}\n", i + 1)),
                            false => out.push_str(&format!("- {item}\n")),
                        }
                    }
                    out.push('\n');
                }
                Block::Quote { text } => {
                    for line in text.lines() {
                        out.push_str(&format!("> {line}\n"));
                    }
                    out.push('\n');
                }
                Block::Table { rows } => {
                    for (i, row) in rows.iter().enumerate() {
                        out.push_str(&format!("| {} |\n", row.join(" | ")));
                        if i == 0 {
                            out.push_str(&format!("|{}\n", " --- |".repeat(row.len())));
                        }
                    }
                    out.push('\n');
                }
                Block::Figure { src, caption } => {
                    out.push_str(&format!(
                        "![{caption}]({})\n\n",
                        src.as_deref().unwrap_or("")
                    ));
                }
                Block::Code { text } => out.push_str(&format!("```\n{text}\n```\n\n")),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON name of each variant is its `as_str()`: one word per reason everywhere.
    #[test]
    fn serde_names_are_the_as_str_names() {
        for r in RejectReason::ALL {
            assert_eq!(serde_json::to_value(r).ok(), Some(r.as_str().into()));
        }
        for r in DedupReason::ALL {
            assert_eq!(serde_json::to_value(r).ok(), Some(r.as_str().into()));
        }
    }

    #[test]
    fn duplicates_are_the_three_dropping_reasons() {
        let dropping: Vec<DedupReason> = DedupReason::ALL
            .into_iter()
            .filter(|r| r.is_duplicate())
            .collect();
        assert_eq!(
            dropping,
            [
                DedupReason::Repeat,
                DedupReason::SameContent,
                DedupReason::NearDuplicate
            ]
        );
    }
}
