//! Prints where each text of a page sits in sift's tree, for `scripts/tree-diff`, which compares
//! it with a conforming HTML parser's tree of the same page.
//!
//!     cargo run --release -p sift-extract --example tree_paths -- PAGE...
//!
//! For each page, a line `#PAGE path`, then one line per text node with words, in document
//! order: the names of its ancestor elements joined by `>`, a tab, and its words joined by single
//! spaces (the first 60 characters). Pages are read as UTF-8, invalid bytes replaced, as the
//! comparing side reads them.

use anyhow::{Context, Result};
use sift_extract::dom::{Document, NodeId, NodeKind};
use std::io::Write;

fn main() -> Result<()> {
    let pages: Vec<String> = std::env::args().skip(1).collect();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for page in &pages {
        let bytes = std::fs::read(page).with_context(|| format!("reading {page}"))?;
        let doc = Document::parse(&String::from_utf8_lossy(&bytes));
        writeln!(out, "#PAGE {page}")?;
        for id in 0..doc.len() as NodeId {
            let NodeKind::Text(span) = &doc.node(id).kind else {
                continue;
            };
            let words: String = doc
                .text_at(*span)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .take(60)
                .collect();
            if !words.is_empty() {
                writeln!(out, "{}\t{words}", ancestor_path(&doc, id))?;
            }
        }
    }
    Ok(())
}

/// `html>body>div>p` for a text in that paragraph.
fn ancestor_path(doc: &Document, id: NodeId) -> String {
    let mut names = Vec::new();
    let mut at = doc.parent(id);
    while let Some(parent) = at {
        if let Some(element) = doc.element(parent) {
            names.push(element.name.to_string());
        }
        at = doc.parent(parent);
    }
    names.reverse();
    names.join(">")
}
