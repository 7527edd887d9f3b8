//! Dedup cost: bytes of state per article and decision latency (p50/p99) for each store, as the
//! store grows. Synthetic distinct texts (300 words from a 20k-word vocabulary).
//!
//! ```text
//! cargo bench --bench dedup_cost -- embedded 10000,100000
//! SIFT_TEST_REDIS_URL=redis://127.0.0.1:16379/ cargo bench --bench dedup_cost -- redis 10000,100000
//! ```
//! `DEDUP_COST_CONFIG` (a JSON object of `[dedup]` keys) overrides settings, e.g.
//! `{"fsync_interval_ms": 0}`. At each size the latency is measured over the last 1000 decisions before it.

mod common;

use std::process::ExitCode;
use std::time::Instant;

use sift_dedup::normalize::NormalizedText;
use sift_dedup::{DedupConfig, DedupInput, Deduplicator, StoreKind};

const WORDS_PER_TEXT: usize = 300;
const VOCABULARY: u64 = 20_000;
const MEASURED: usize = 1000;

fn main() -> ExitCode {
    if !common::invoked_by_cargo_bench("dedup_cost") {
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("dedup_cost: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let store = args.first().map_or("embedded", String::as_str);
    let sizes: Vec<usize> = args
        .get(1)
        .map_or("10000", String::as_str)
        .split(',')
        .map(|s| s.parse().map_err(|e| format!("size {s}: {e}")))
        .collect::<Result<_, _>>()?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let config = match store {
        "redis" => DedupConfig {
            store: StoreKind::Redis,
            redis_url: std::env::var("SIFT_TEST_REDIS_URL")
                .map_err(|_| "set SIFT_TEST_REDIS_URL for the redis store")?,
            redis_key_prefix: format!("sift-bench:{}:", std::process::id()),
            ..DedupConfig::default()
        },
        _ => DedupConfig {
            data_dir: dir.path().to_path_buf(),
            ..DedupConfig::default()
        },
    };
    let overrides = std::env::var("DEDUP_COST_CONFIG").unwrap_or_else(|_| "{}".to_owned());
    let overrides: serde_json::Value =
        serde_json::from_str(&overrides).map_err(|e| format!("DEDUP_COST_CONFIG: {e}"))?;
    let config = with_overrides(config, overrides)?;
    let dedup = Deduplicator::new(&config).map_err(|e| e.to_string())?;
    let baseline = dedup.stats().approximate_bytes;
    println!("| store | articles | bytes/article | p50 ms | p99 ms |");
    println!("|---|---:|---:|---:|---:|");
    let mut latencies = Vec::with_capacity(MEASURED);
    let mut done = 0;
    for size in sizes {
        while done < size {
            let text = synthetic_text(done as u64);
            let id = format!("a{done}");
            let url = format!("https://site{}.example/{done}", done % 50);
            let started = Instant::now();
            // Normalizing is timed too: per article it is part of what dedup costs.
            let text = NormalizedText::new(&text);
            let input = DedupInput {
                id: &id,
                canonical_url: Some(&url),
                text: &text,
                fetched_at_ms: 1_700_000_000_000 + done as i64,
                position: None,
            };
            dedup.decide(&input).map_err(|e| e.to_string())?;
            if size - done <= MEASURED {
                latencies.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            done += 1;
        }
        latencies.sort_by(f64::total_cmp);
        let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
        let stats = dedup.stats();
        let per_article = stats.approximate_bytes.saturating_sub(baseline) / done as u64;
        println!(
            "| {store} | {done} | {per_article} | {:.3} | {:.3} |",
            at(0.5),
            at(0.99)
        );
        latencies.clear();
    }
    Ok(())
}

/// `config` with the keys of a JSON object (`DEDUP_COST_CONFIG`) replaced.
fn with_overrides(
    config: DedupConfig,
    overrides: serde_json::Value,
) -> Result<DedupConfig, String> {
    let mut merged = serde_json::to_value(config).map_err(|e| e.to_string())?;
    if let (Some(target), Some(source)) = (merged.as_object_mut(), overrides.as_object()) {
        target.extend(source.clone());
    }
    serde_json::from_value(merged).map_err(|e| format!("DEDUP_COST_CONFIG: {e}"))
}

/// Distinct pseudo-random text number `n` (splitmix64 over a fixed vocabulary).
fn synthetic_text(n: u64) -> String {
    let mut state = n.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5eed;
    (0..WORDS_PER_TEXT)
        .map(|_| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            format!("w{}", (z ^ (z >> 31)) % VOCABULARY)
        })
        .collect::<Vec<_>>()
        .join(" ")
}
