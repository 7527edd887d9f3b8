//! Extraction speed, one thread, all pages preloaded as bytes: full extraction (input decoding
//! and `extract`, metadata included) beside a bare parse of the same pages (`Document::parse`)
//! and, to show what the parser choice costs, sift's tokenizer alone and html5ever's tokenizer
//! alone; plus the peak heap each page needs.
//!
//!     cargo bench --bench extract -- [DIR] [RUNS]
//!
//! DIR defaults to the trafilatura-eval corpus (`../shared/tools/corpus trafilatura-eval`).
//! `scripts/bench-extract` runs this and trafilatura on the same pages.

mod common;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use sift_extract::dom::tokenizer::{self, StartTag, TextMode, TokenSink};
use sift_extract::dom::{Document, text_mode};
use sift_extract::input::{InputConfig, Page, Transport, decode};
use sift_extract::{ExtractConfig, extract};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

/// The system allocator, counting live bytes and their high-water mark while [`COUNTING`] is
/// on: only in the heap pass, so that the timed passes pay no atomic operations per allocation
/// (the service does not count).
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

fn shrank(by: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        LIVE.fetch_sub(by, Ordering::Relaxed);
    }
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
        shrank(layout.size());
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            shrank(layout.size());
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The trafilatura-eval corpus, unpacked by `../shared/tools/corpus` (the development corpora
/// live beside the clone, not in it).
fn corpus_dir() -> anyhow::Result<String> {
    let tool = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/tools/corpus");
    let out = std::process::Command::new(tool)
        .arg("trafilatura-eval")
        .output()
        .map_err(|e| {
            anyhow::anyhow!("{tool}: {e}: this bench reads the corpora in ../shared beside the clone; pass a DIR of pages instead")
        })?;
    anyhow::ensure!(
        out.status.success(),
        "{tool} trafilatura-eval: {}",
        String::from_utf8_lossy(&out.stderr).trim()
    );
    Ok(String::from_utf8(out.stdout)?.trim().to_string())
}

/// One corpus file: its bytes, and the page the input stage makes of them.
struct Sample {
    bytes: Vec<u8>,
    page: Page,
}

fn load_samples(dir: &str) -> anyhow::Result<Vec<Sample>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    paths.sort();
    let mut samples = Vec::with_capacity(paths.len());
    for path in paths {
        let bytes = std::fs::read(&path)?;
        // Pages the input stage refuses (binary, empty) are not extraction work.
        if let Ok(page) = decode_page(&bytes) {
            samples.push(Sample { bytes, page });
        }
    }
    Ok(samples)
}

fn decode_page(bytes: &[u8]) -> Result<Page, sift_extract::input::InputError> {
    let transport = Transport {
        key: None,
        headers: Vec::new(),
    };
    decode(bytes, &transport, &InputConfig::default())
}

/// Counts tokens, so that neither tokenizer's work can be optimised away.
#[derive(Default)]
struct Counter(usize);

impl TokenSink for Counter {
    fn start_tag(&mut self, tag: &StartTag<'_>) -> TextMode {
        self.0 += 1;
        text_mode(&tag.name)
    }
    fn end_tag(&mut self, _name: &str) {
        self.0 += 1;
    }
    fn text(&mut self, _text: &str) {
        self.0 += 1;
    }
}

/// html5ever's tokenizer with the same raw-text decisions as sift's tree builder.
struct Html5everCounter(std::cell::Cell<usize>);

impl html5ever::tokenizer::TokenSink for Html5everCounter {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        self.0.set(self.0.get() + 1);
        if let Token::TagToken(tag) = token
            && tag.kind == TagKind::StartTag
        {
            match text_mode(&tag.name) {
                TextMode::Markup => {}
                TextMode::Raw if &*tag.name == "script" => {
                    return TokenSinkResult::RawData(RawKind::ScriptData);
                }
                TextMode::Raw => return TokenSinkResult::RawData(RawKind::Rawtext),
                TextMode::Rcdata => return TokenSinkResult::RawData(RawKind::Rcdata),
            }
        }
        TokenSinkResult::Continue
    }
}

fn html5ever_token_count(html: &str) -> usize {
    let tokenizer = Tokenizer::new(
        Html5everCounter(std::cell::Cell::new(0)),
        TokenizerOpts::default(),
    );
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.0.get()
}

/// Median seconds of `runs` passes of `work` over all pages.
fn time_passes(samples: &[Sample], runs: usize, work: impl Fn(&Sample)) -> f64 {
    let mut secs: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            samples.iter().for_each(&work);
            start.elapsed().as_secs_f64()
        })
        .collect();
    secs.sort_by(f64::total_cmp);
    secs[secs.len() / 2]
}

/// Peak extra heap of extracting each page alone, in bytes, sorted.
fn peak_heap_per_page(samples: &[Sample], config: &ExtractConfig) -> Vec<usize> {
    let mut peaks: Vec<usize> = samples
        .iter()
        .map(|sample| {
            // Everything the page allocates is freed before counting stops.
            let base = LIVE.load(Ordering::Relaxed);
            PEAK.store(base, Ordering::Relaxed);
            COUNTING.store(true, Ordering::Relaxed);
            let _ = black_box(decode_page(&sample.bytes).map(|page| extract(&page, config)));
            COUNTING.store(false, Ordering::Relaxed);
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
    let samples = load_samples(&dir)?;
    anyhow::ensure!(!samples.is_empty(), "no .html pages in {dir}");
    let bytes: usize = samples.iter().map(|s| s.bytes.len()).sum();
    let mb = bytes as f64 / 1e6;
    let n = samples.len() as f64;
    let config = ExtractConfig::default();

    let rows: [(&str, f64); 4] = [
        (
            "sift full extraction (decoding + metadata included)",
            time_passes(&samples, runs, |s| {
                let _ = black_box(decode_page(&s.bytes).map(|page| extract(&page, &config)));
            }),
        ),
        (
            "sift bare parse (`Document::parse`: tokenizer + tree)",
            time_passes(&samples, runs, |s| {
                black_box(Document::parse(&s.page.text));
            }),
        ),
        (
            "sift tokenizer alone",
            time_passes(&samples, runs, |s| {
                let mut counter = Counter::default();
                tokenizer::tokenize(&s.page.text, &mut counter);
                black_box(counter.0);
            }),
        ),
        (
            "html5ever 0.40 tokenizer alone (for comparison)",
            time_passes(&samples, runs, |s| {
                black_box(html5ever_token_count(&s.page.text));
            }),
        ),
    ];
    let peaks = peak_heap_per_page(&samples, &config);
    let largest_page = samples.iter().map(|s| s.bytes.len()).max().unwrap_or(0);
    let mib = |b: usize| b as f64 / (1024.0 * 1024.0);

    println!(
        "{} pages, {:.1} MB, one thread, median of {runs} runs",
        samples.len(),
        mb
    );
    println!("| system | pages/s | MB/s |");
    println!("|---|---|---|");
    for (label, secs) in rows {
        println!("| {label} | {:.0} | {:.1} |", n / secs, mb / secs);
    }
    println!(
        "peak heap per page: median {:.1} MiB, p99 {:.1} MiB, max {:.1} MiB (largest page {:.1} MiB)",
        mib(peaks[peaks.len() / 2]),
        mib(peaks[peaks.len() * 99 / 100]),
        mib(*peaks.last().unwrap_or(&0)),
        mib(largest_page),
    );
    Ok(())
}
