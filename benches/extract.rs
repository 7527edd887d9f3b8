//! Extraction speed, one thread, all pages preloaded: a bare parse (`Document::parse`) beside
//! full extraction (`extract`, metadata included), plus the peak heap each page needs.
//!
//!     cargo bench --bench extract -- [DIR] [RUNS]
//!
//! DIR defaults to the trafilatura-eval corpus (`../shared/tools/corpus trafilatura-eval`).
//! `scripts/bench-extract` runs this and trafilatura on the same pages.

mod common;

use sift::extract::dom::Document;
use sift::extract::{ExtractConfig, extract};
use sift::input::{ContentKind, Page};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// The system allocator, counting live bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn corpus_dir() -> anyhow::Result<String> {
    let tool = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/tools/corpus");
    let out = std::process::Command::new(tool)
        .arg("trafilatura-eval")
        .output()?;
    Ok(String::from_utf8(out.stdout)?.trim().to_string())
}

fn load_pages(dir: &str) -> anyhow::Result<Vec<Page>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            Ok(Page {
                text: String::from_utf8_lossy(&std::fs::read(&p)?).into_owned(),
                kind: ContentKind::Html,
                url: None,
                fetched_at: None,
                status: None,
                charset: "UTF-8",
                charset_source: "detected",
            })
        })
        .collect()
}

/// Median seconds of `runs` passes of `work` over all pages.
fn time_passes(pages: &[Page], runs: usize, work: impl Fn(&Page)) -> f64 {
    let mut secs: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            pages.iter().for_each(&work);
            start.elapsed().as_secs_f64()
        })
        .collect();
    secs.sort_by(f64::total_cmp);
    secs[secs.len() / 2]
}

/// Peak extra heap of extracting each page alone, in bytes, sorted.
fn peak_heap_per_page(pages: &[Page], config: &ExtractConfig) -> Vec<usize> {
    let mut peaks: Vec<usize> = pages
        .iter()
        .map(|page| {
            let base = LIVE.load(Ordering::Relaxed);
            PEAK.store(base, Ordering::Relaxed);
            let _ = black_box(extract(page, config));
            PEAK.load(Ordering::Relaxed).saturating_sub(base)
        })
        .collect();
    peaks.sort_unstable();
    peaks
}

fn main() -> anyhow::Result<()> {
    if !common::invoked_by_cargo_bench("extract") {
        return Ok(());
    }
    // `cargo bench` passes `--bench`; positional arguments are ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let dir = match args.first() {
        Some(d) => d.clone(),
        None => corpus_dir()?,
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3).max(1);
    let pages = load_pages(&dir)?;
    anyhow::ensure!(!pages.is_empty(), "no .html pages in {dir}");
    let bytes: usize = pages.iter().map(|p| p.text.len()).sum();
    let mb = bytes as f64 / 1e6;
    let n = pages.len() as f64;
    let config = ExtractConfig::default();

    let parse = time_passes(&pages, runs, |p| {
        black_box(Document::parse(&p.text));
    });
    let full = time_passes(&pages, runs, |p| {
        let _ = black_box(extract(p, &config));
    });
    let peaks = peak_heap_per_page(&pages, &config);
    let largest_page = pages.iter().map(|p| p.text.len()).max().unwrap_or(0);
    let mib = |b: usize| b as f64 / (1024.0 * 1024.0);

    println!(
        "{} pages, {:.1} MB, one thread, median of {runs} runs",
        pages.len(),
        mb
    );
    println!("| system | pages/s | MB/s |");
    println!("|---|---|---|");
    println!(
        "| sift bare parse (Document::parse) | {:.0} | {:.1} |",
        n / parse,
        mb / parse
    );
    println!(
        "| sift full extraction (metadata included) | {:.0} | {:.1} |",
        n / full,
        mb / full
    );
    println!(
        "peak heap per page: median {:.1} MiB, p99 {:.1} MiB, max {:.1} MiB (largest page {:.1} MiB)",
        mib(peaks[peaks.len() / 2]),
        mib(peaks[peaks.len() * 99 / 100]),
        mib(*peaks.last().unwrap_or(&0)),
        mib(largest_page),
    );
    Ok(())
}
