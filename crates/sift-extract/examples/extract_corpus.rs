//! Runs `sift_extract::extract` on every file of a directory and prints one JSON line per page
//! (`source`, `text`, `title`, `authors`, `published_at`, `verdict`): the input of
//! `../shared/tools/score_segments.py` and `score_metadata.py`.
//!
//!     cargo run --release --example extract_corpus -- DIR > out.jsonl
//!
//! Bytes are decoded by the service's input stage (charset detection); pages it refuses are
//! decoded lossily so that every file still gets a line.

use sift_extract::input::{ContentKind, InputConfig, Page, Transport, decode};
use sift_extract::{ExtractConfig, Verdict, extract};
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: extract_corpus DIR"))?;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "html" || x == "htm" || x == "txt")
        })
        .collect();
    paths.sort();
    let config = ExtractConfig::default();
    for path in paths {
        let bytes = std::fs::read(&path)?;
        let kind = if path.extension().is_some_and(|x| x == "txt") {
            ContentKind::Text
        } else {
            ContentKind::Html
        };
        let page = decode_page(&bytes, kind);
        let line = match extract(&page, &config) {
            Ok(x) => serde_json::json!({
                "source": path.display().to_string(),
                "text": x.event.text,
                "title": x.event.title,
                "authors": x.event.authors,
                "published_at": x.event.published_at,
                "verdict": match x.verdict {
                    Verdict::Article => "article".to_string(),
                    Verdict::NotArticle(reason) => reason.as_str().to_string(),
                },
                "notes": x.event.diagnostics.notes,
            }),
            Err(e) => {
                serde_json::json!({"source": path.display().to_string(), "error": e.to_string()})
            }
        };
        println!("{line}");
    }
    Ok(())
}

fn decode_page(bytes: &[u8], kind: ContentKind) -> Page {
    let transport = Transport {
        key: None,
        headers: Vec::new(),
    };
    let decoded = decode(bytes, &transport, &InputConfig::default()).ok();
    let mut page = decoded.unwrap_or_else(|| Page {
        text: String::from_utf8_lossy(bytes).into_owned(),
        kind,
        url: None,
        fetched_at: None,
        status: None,
        charset: "UTF-8",
        charset_source: "lossy",
        repaired_chars: 0,
    });
    page.kind = kind;
    page
}
