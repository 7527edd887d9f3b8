//! Writes the feature rows the learned models see, for training (`training/train.py`).
//!
//!     cargo run --release -p sift-extract --example dump_features -- OUT_DIR [PAGE...]
//!
//! With no PAGE, the page paths are read from standard input, one a line.
//! Writes `OUT_DIR/blocks.jsonl` (one line per visible block: `file`, `i`, `text`, `x`) and
//! `OUT_DIR/pages.jsonl` (one line per page: `file`, `x`), plus `OUT_DIR/names.json` with the
//! feature names. Pages are decoded as `sift extract` decodes them (raw pages or envelopes).

use anyhow::{Context, Result};
use sift_extract::ExtractConfig;
use sift_extract::content::{dump_features, features, render_text};
use sift_extract::dom::Document;
use sift_extract::input::{InputConfig, Transport, decode};
use std::io::Write;
use std::path::Path;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (out_dir, pages) = args
        .split_first()
        .context("usage: dump_features OUT_DIR [PAGE...]")?;
    let pages: Vec<String> = if pages.is_empty() {
        std::io::stdin().lines().collect::<Result<_, _>>()?
    } else {
        pages.to_vec()
    };
    let out_dir = Path::new(out_dir);
    std::fs::create_dir_all(out_dir)?;
    let mut blocks = std::io::BufWriter::new(std::fs::File::create(out_dir.join("blocks.jsonl"))?);
    let mut page_rows =
        std::io::BufWriter::new(std::fs::File::create(out_dir.join("pages.jsonl"))?);
    let names = serde_json::json!({
        "block": features::block_feature_names(),
        "page": features::page_feature_names(),
    });
    std::fs::write(out_dir.join("names.json"), names.to_string())?;
    let config = ExtractConfig::default();
    for path in &pages {
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {path}"))?;
        let file = Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let transport = Transport {
            key: None,
            headers: Vec::new(),
        };
        let Ok(page) = decode(&bytes, &transport, &InputConfig::default()) else {
            eprintln!("{path}: not decodable, skipped");
            continue;
        };
        let doc = Document::parse(&page.text);
        let dump = dump_features(&doc, page.url.as_deref(), &config);
        for (i, (block, row)) in dump.blocks.iter().enumerate() {
            let text = render_text(std::slice::from_ref(block));
            let line = serde_json::json!({"file": file, "i": i, "text": text, "x": row});
            writeln!(blocks, "{line}")?;
        }
        writeln!(
            page_rows,
            "{}",
            serde_json::json!({"file": file, "x": dump.page})
        )?;
    }
    blocks.flush()?;
    page_rows.flush()?;
    Ok(())
}
