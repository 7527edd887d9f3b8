//! Runs `sift_extract::metadata::extract_metadata` over a corpus directory (HTML files plus
//! `evaldata.json`, whose keys are the page URLs) and prints one JSON line per page for
//! `../shared/tools/score_metadata.py`:
//!
//!     cargo run --release --example metadata_corpus -- DIR > out.jsonl
//!
//! Pages are decoded with their BOM or `<meta charset>` (UTF-8 otherwise).

use encoding_rs::Encoding;
use sift_extract::dom::Document;
use sift_extract::metadata::extract_metadata;
use std::io::Write;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: metadata_corpus DIR"))?;
    let evaldata: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&std::fs::read(format!("{dir}/evaldata.json"))?)?;
    let mut seen = std::collections::HashSet::new();
    let mut pages = Vec::new();
    for (url, entry) in &evaldata {
        let Some(file) = entry.get("file").and_then(|f| f.as_str()) else {
            continue;
        };
        if !seen.insert(file.to_string()) {
            continue;
        }
        let path = format!("{dir}/{file}");
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("missing {path}");
            continue;
        };
        pages.push((path, url.clone(), decode(&bytes)));
    }
    let start = Instant::now();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (path, url, html) in &pages {
        let doc = Document::parse(html);
        let m = extract_metadata(&doc, Some(url), None);
        let line = serde_json::json!({
            "source": path,
            "title": m.title,
            "authors": m.authors,
            "published_at": m.published_at.map(|d| d.to_rfc3339()),
            "modified_at": m.modified_at.map(|d| d.to_rfc3339()),
            "notes": m.notes,
        });
        writeln!(out, "{line}")?;
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{} pages in {secs:.2}s: {:.0} pages/s (parse + metadata)",
        pages.len(),
        pages.len() as f64 / secs
    );
    Ok(())
}

/// BOM, then the first `charset=` label in the page's head, then UTF-8 (lossy).
fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let label = head.find("charset=").map(|i| {
        head[i + 8..]
            .trim_start_matches(['"', '\'', ' '])
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .next()
            .unwrap_or("")
            .to_string()
    });
    match label.and_then(|l| Encoding::for_label(l.as_bytes())) {
        Some(e) => e.decode_without_bom_handling(bytes).0.into_owned(),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}
