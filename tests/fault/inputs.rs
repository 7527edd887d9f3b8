//! What the campaign feeds sift: corpus pages (raw without a fetch time, or JSON envelopes with
//! one), exact repeats and copies under another URL placed soon after their originals, and bad
//! inputs; each with what its output must be.

use crate::common::{Input, corpus_pages};

/// What one input is, for the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The `n`th corpus page, first occurrence of its URL: never a repeat of itself.
    Original(usize),
    /// The same key, value and headers as original `n` (a raw page: its fetch time is the
    /// record's timestamp, later than the original's): a `repeat` when `n` was published.
    Repeat(usize),
    /// The same envelope as original `n`, fetch time included: the same page sent twice.
    Resend(usize),
    /// Original `n`'s page under another URL (same key, so same partition, after it).
    Copy(usize),
    /// Input that can only be a dead letter.
    DeadLetter,
    /// Input that can only be rejected.
    Rejected,
}

pub struct Feed {
    pub inputs: Vec<Input>,
    pub expects: Vec<Expect>,
}

/// Originals `n` with `n % REPEAT_EVERY` 0 (an envelope) or 1 (a raw page) are sent again.
const REPEAT_EVERY: usize = 12;
const COPY_EVERY: usize = 24;
const BAD_EVERY: usize = 50;
/// Inputs between an original and its repeat or copy, so both are often in flight together.
const LAG: usize = 5;

/// `pages` corpus pages plus ~1/12 repeats, ~1/24 copies and 5 bad inputs per 50 pages.
pub fn feed(pages: usize) -> Feed {
    let pages = corpus_pages(pages);
    let mut feed = Feed {
        inputs: Vec::new(),
        expects: Vec::new(),
    };
    // Copies are fetched after every original (an hour from now), so in the dedup order
    // (fetch time, id) the original always comes first.
    let now = chrono::Utc::now();
    let copies_fetched_at = (now + chrono::Duration::hours(1)).to_rfc3339();
    let originals: Vec<Input> = pages
        .iter()
        .enumerate()
        .map(|(i, (url, html))| page(url, html, original_fetched_at(i, now)))
        .collect();
    for i in 0..pages.len() {
        feed.push(originals[i].clone(), Expect::Original(i));
        if let Some(n) = i.checked_sub(LAG).filter(|n| n % REPEAT_EVERY <= 1) {
            let again = match original_fetched_at(n, now) {
                Some(_) => Expect::Resend(n),
                None => Expect::Repeat(n),
            };
            feed.push(originals[n].clone(), again);
        }
        if let Some(n) = i.checked_sub(LAG + 1).filter(|n| n % COPY_EVERY == 0) {
            let mirror = format!("https://mirror.example/{n}/copy");
            let mut copy = page(&mirror, &pages[n].1, Some(copies_fetched_at.clone()));
            copy.key = Some(pages[n].0.as_bytes().to_vec());
            feed.push(copy, Expect::Copy(n));
        }
        if i % BAD_EVERY == BAD_EVERY / 2 {
            for (input, expect) in bad_inputs(i) {
                feed.push(input, expect);
            }
        }
    }
    feed
}

impl Feed {
    fn push(&mut self, input: Input, expect: Expect) {
        self.inputs.push(input);
        self.expects.push(expect);
    }
}

/// Every third page is a JSON envelope with a fetch time (within the last day: older than
/// `dedup.retention_secs` would never be remembered); the others are raw pages without one (the
/// dedup stamp must replay identically in both cases).
fn original_fetched_at(i: usize, now: chrono::DateTime<chrono::Utc>) -> Option<String> {
    let fetched = now - chrono::Duration::minutes(1 + i as i64 % 1440);
    i.is_multiple_of(3).then(|| fetched.to_rfc3339())
}

/// A page, as an envelope when it has a fetch time. Keyed by URL, so a repeat shares its
/// original's partition.
fn page(url: &str, html: &[u8], fetched_at: Option<String>) -> Input {
    let mut input = match fetched_at {
        Some(fetched_at) => {
            let envelope = serde_json::json!({
                "url": url,
                "html": String::from_utf8_lossy(html),
                "fetched_at": fetched_at,
                "status": 200,
            });
            Input::value(envelope.to_string().into_bytes())
        }
        None => Input::page(url, html.to_vec()),
    };
    input.key = Some(url.as_bytes().to_vec());
    input
}

fn bad_inputs(i: usize) -> Vec<(Input, Expect)> {
    let keyed = |value: Vec<u8>| {
        let mut input = Input::value(value);
        input.key = Some(format!("bad-{i}").into_bytes());
        input
    };
    let not_found = serde_json::json!({
        "url": format!("https://example.org/gone/{i}"),
        "html": "<html><body><h1>Not found</h1></body></html>",
        "status": 404,
    });
    vec![
        (keyed(Vec::new()), Expect::DeadLetter),
        (
            keyed(br#"{"url": "https://x", "html": "<p>cut"#.to_vec()),
            Expect::DeadLetter,
        ),
        (
            keyed(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0".to_vec()),
            Expect::DeadLetter,
        ),
        (keyed(not_found.to_string().into_bytes()), Expect::Rejected),
        (
            keyed(b"<html><body><p>Too short to be an article.</p></body></html>".to_vec()),
            Expect::Rejected,
        ),
    ]
}
