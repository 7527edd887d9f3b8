//! The article event: what sift publishes for every page (schema_version 1).
//!
//! One struct, serialized with serde, shared by the service, `sift extract` and the tests.

use serde::{Deserialize, Serialize};

/// Version of the event layout; bump when a field changes meaning or is removed.
pub const SCHEMA_VERSION: u32 = 1;

/// One article, as published on `articles.clean` (and, with `dedup` filled in, on
/// `articles.duplicates`).
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
    /// RFC 3339, UTC. Absent when unknown; never invented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
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
    pub fetched_at: Option<String>,
    /// Why the page is not an article (`too_little_text`, `error_page`, `http_status`):
    /// set on `articles.rejected` records only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected_reason: Option<String>,
    /// The deduplication decision, when dedup ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dedup: Option<DedupInfo>,
    pub diagnostics: Diagnostics,
}

/// The main content, structured.
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DedupInfo {
    /// `new`, `revision`, `repeat`, `same_content` or `near_duplicate`.
    pub reason: String,
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

/// What the extractor decided and why, kept compact.
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
