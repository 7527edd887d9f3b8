//! Dedup evaluation: recall per variant kind and false drops of distinct articles, run through
//! the real [`Deduplicator`] over a fresh embedded store.
//!
//! ```text
//! scripts/bench-dedup-texts.py "$(../shared/tools/corpus trafilatura-eval)" > /tmp/texts.jsonl
//! cargo bench --bench dedup_eval -- /tmp/texts.jsonl
//! ```
//! Texts are JSON Lines with `text` and `id`, and `canonical_url` or `url` (the output of
//! `scripts/bench-dedup-texts.py`, or of `sift extract`). Set `DEDUP_EVAL_CONFIG` to a JSON
//! object of `[dedup]` keys to evaluate other parameters. Exits non-zero when a target is
//! missed.

mod common;

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::process::ExitCode;
use std::time::Instant;

use serde::Deserialize;
use sift_dedup::normalize::NormalizedText;
use sift_dedup::{DedupConfig, DedupInput, Deduplicator};
use sift_extract::event::DedupReason;

/// One source article.
#[derive(Debug, Clone)]
struct Article {
    id: String,
    url: String,
    text: String,
}

#[derive(Deserialize)]
struct TextRow {
    id: Option<String>,
    canonical_url: Option<String>,
    url: Option<String>,
    source: Option<String>,
    text: Option<String>,
}

/// The source of texts: JSON Lines as written by `bench-dedup-texts.py` or `sift extract`.
fn load_articles(path: &str) -> Result<Vec<Article>, String> {
    let file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut articles = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("{path}: {e}"))?;
        let row: TextRow =
            serde_json::from_str(&line).map_err(|e| format!("{path}:{}: {e}", n + 1))?;
        let (Some(text), Some(url)) = (row.text, row.canonical_url.or(row.url).or(row.source))
        else {
            continue;
        };
        articles.push(Article {
            id: row.id.unwrap_or_else(|| format!("line{}", n + 1)),
            url: canonicalize(&url),
            text,
        });
    }
    Ok(articles)
}

/// The variant kinds, as they occur in the wild, and the decision each should get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Rescrape,
    TrackingParams,
    Boilerplate,
    Headline,
    Dateline,
    Truncated,
    Appended,
    WordsEdited,
    Revision,
}

const KINDS: [Kind; 9] = [
    Kind::Rescrape,
    Kind::TrackingParams,
    Kind::Boilerplate,
    Kind::Headline,
    Kind::Dateline,
    Kind::Truncated,
    Kind::Appended,
    Kind::WordsEdited,
    Kind::Revision,
];

impl Kind {
    fn expected_reason(self) -> DedupReason {
        match self {
            Kind::Rescrape | Kind::TrackingParams => DedupReason::Repeat,
            Kind::Revision => DedupReason::Revision,
            _ => DedupReason::NearDuplicate,
        }
    }

    fn is_near_duplicate(self) -> bool {
        self.expected_reason() == DedupReason::NearDuplicate
    }
}

/// A small deterministic generator (xorshift64*), so every run builds the same variants.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TEMPLATES: [(&str, &str); 3] = [
    (
        "Home | World | Politics | Business | Tech | Science | Sport | Culture\nSubscribe to our newsletter\nShare this article: Facebook Twitter Email WhatsApp",
        "© 2024 The Daily Example. All rights reserved.\nPrivacy Policy | Terms of Use | Cookie Settings | Contact us\nMore from The Daily Example: Most read | Podcasts | Newsletters",
    ),
    (
        "Menü Startseite Nachrichten Wirtschaft Sport Kultur Wissen Panorama\nAnmelden Abo Suche",
        "Mehr zum Thema\nImpressum Datenschutz AGB Kontakt Barrierefreiheit\nCopyright Beispiel Verlag GmbH 2024",
    ),
    (
        "Skip to main content\nAdvertisement\nNews › Local › Regional",
        "Sign up for our daily briefing. Get the news you need to start your day.\nAdvertisement\nComments are closed.\nTags: news, regional, update",
    ),
];

/// Pairs of corpus pages that are themselves near-duplicates, checked by hand: the same press
/// release published by two sites. Dropping the later one is correct, not a false drop.
const KNOWN_CORPUS_DUPLICATES: [(&str, &str); 1] =
    [("jagdverband.de-erschuettert.html", "djz.de-amoklauf.html")];

/// Builds one variant of `article`; `other` is another article (headline, appended paragraph).
fn variant(kind: Kind, article: &Article, other: &Article, rng: &mut Rng) -> (String, String) {
    let syndicated_url = format!(
        "https://syndicator{}.example/{}",
        rng.below(1000),
        rng.next()
    );
    match kind {
        Kind::Rescrape | Kind::Revision => (article.url.clone(), text_for(kind, article, rng)),
        Kind::TrackingParams => (
            canonicalize(&format!(
                "{}{}utm_source=twitter&utm_medium=social&utm_campaign=x{}",
                article.url,
                if article.url.contains('?') { '&' } else { '?' },
                rng.below(99)
            )),
            article.text.clone(),
        ),
        Kind::Headline => {
            let headline: Vec<&str> = other.text.split_whitespace().take(12).collect();
            (
                syndicated_url,
                replace_headline(&article.text, &headline.join(" ")),
            )
        }
        Kind::Appended => {
            let paragraph: Vec<&str> = other.text.split_whitespace().take(60).collect();
            (
                syndicated_url,
                format!("{}\n\n{}", article.text, paragraph.join(" ")),
            )
        }
        _ => (syndicated_url, text_for(kind, article, rng)),
    }
}

fn text_for(kind: Kind, article: &Article, rng: &mut Rng) -> String {
    let text = &article.text;
    match kind {
        Kind::Boilerplate => {
            let (header, footer) = TEMPLATES[rng.below(TEMPLATES.len())];
            format!("{header}\n\n{text}\n\n{footer}")
        }
        Kind::Dateline => format!(
            "WASHINGTON, {} (AP) — {text}\n\nAssociated Press contributed to this report.",
            ["March 3", "June 12", "Oct. 9"][rng.below(3)]
        ),
        Kind::Truncated => {
            let words: Vec<&str> = text.split_whitespace().collect();
            let keep_share = 70 + rng.below(11); // cut the last 20–30%
            words[..words.len() * keep_share / 100].join(" ")
        }
        Kind::WordsEdited | Kind::Revision => edit_words(text, 3 + rng.below(3), rng),
        _ => text.clone(),
    }
}

/// Replaces `edits` random words: numbers by other numbers, words by another word.
fn edit_words(text: &str, edits: usize, rng: &mut Rng) -> String {
    let mut words: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
    for _ in 0..edits {
        let i = rng.below(words.len());
        words[i] = if words[i].chars().any(|c| c.is_ascii_digit()) {
            format!("{}", rng.below(10_000))
        } else {
            ["reportedly", "officials", "however", "Tuesday", "nearly"][rng.below(5)].to_owned()
        };
    }
    words.join(" ")
}

/// Replaces the first line when it looks like a headline (at most 20 words), else puts the
/// new headline on top.
fn replace_headline(text: &str, headline: &str) -> String {
    match text.split_once('\n') {
        Some((first, rest)) if first.split_whitespace().count() <= 20 => {
            format!("{headline}\n{rest}")
        }
        _ => format!("{headline}\n{text}"),
    }
}

/// Drops `utm_*` query parameters (the extractor's canonicalization does more).
fn canonicalize(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.starts_with("utm_"))
        .collect();
    if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    }
}

#[derive(Default)]
struct Tally {
    cases: usize,
    caught: usize,
    wrong_original: usize,
}

fn main() -> ExitCode {
    if !common::invoked_by_cargo_bench("dedup_eval") {
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("dedup_eval: {err}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<bool, String> {
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .ok_or("usage: dedup_eval TEXTS.jsonl")?;
    let articles = load_articles(&path)?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let config = eval_config(dir.path())?;
    let dedup = Deduplicator::new(&config).map_err(|e| e.to_string())?;
    let mut clock = 1_700_000_000_000_i64;
    let mut latencies = Vec::new();
    let mut decide = |id: &str, url: &str, text: &str| {
        clock += 1000;
        let started = Instant::now();
        // Normalizing is timed too: per article it is part of what dedup costs.
        let text = NormalizedText::new(text);
        let input = DedupInput {
            id,
            canonical_url: Some(url),
            text: &text,
            fetched_at_ms: clock,
            position: None,
        };
        let info = dedup.decide(&input).map_err(|e| e.to_string());
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        info
    };

    // Negatives: every article against every earlier one (same sites included).
    let mut false_drops = Vec::new();
    for article in &articles {
        let info = decide(&article.id, &article.url, &article.text)?;
        if info.reason != DedupReason::New {
            false_drops.push(format!(
                "{} {:?} of {:?}",
                article.id, info.reason, info.duplicate_of
            ));
        }
    }

    // Variants, each after its original; a variant's id is its article's id plus the kind.
    let mut family: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    for (later, earlier) in KNOWN_CORPUS_DUPLICATES {
        if let (Some(&a), Some(&b)) = (family.get(later), family.get(earlier)) {
            let shared = a.min(b);
            family.insert(later, shared);
            family.insert(earlier, shared);
        }
    }
    let mut rng = Rng(0x5eed_dedb);
    let mut tallies: HashMap<Kind, Tally> = HashMap::new();
    for (i, article) in articles.iter().enumerate() {
        let other = &articles[(i + 1 + rng.below(articles.len() - 1)) % articles.len()];
        for kind in KINDS {
            let (url, text) = variant(kind, article, other, &mut rng);
            let id = match kind {
                Kind::Rescrape | Kind::TrackingParams | Kind::Revision => article.id.clone(),
                _ => format!("{}#{kind:?}", article.id),
            };
            let info = decide(&id, &url, &text)?;
            let original = info
                .duplicate_of
                .as_deref()
                .map(|d| d.split('#').next().unwrap_or(d));
            let own_family = family.get(article.id.as_str());
            let right_family = original.is_none_or(|d| family.get(d) == own_family);
            let tally = tallies.entry(kind).or_default();
            tally.cases += 1;
            let caught = info.reason == kind.expected_reason()
                || (kind.is_near_duplicate() && info.reason == DedupReason::SameContent);
            if caught && right_family {
                tally.caught += 1;
            }
            if !right_family {
                tally.wrong_original += 1;
            }
        }
    }
    Ok(report(&articles, &false_drops, &tallies, &mut latencies))
}

fn eval_config(dir: &std::path::Path) -> Result<DedupConfig, String> {
    let overrides = std::env::var("DEDUP_EVAL_CONFIG").unwrap_or_else(|_| "{}".to_owned());
    let mut config: DedupConfig =
        serde_json::from_str(&overrides).map_err(|e| format!("DEDUP_EVAL_CONFIG: {e}"))?;
    config.data_dir = dir.to_path_buf();
    Ok(config)
}

/// Prints the table; true when every target is met.
fn report(
    articles: &[Article],
    false_drops: &[String],
    tallies: &HashMap<Kind, Tally>,
    latencies: &mut [f64],
) -> bool {
    println!(
        "articles: {} distinct; falsely dropped: {}",
        articles.len(),
        false_drops.len()
    );
    for drop in false_drops.iter().take(10) {
        println!("  false drop: {drop}");
    }
    println!("| variant | expected | cases | caught | recall | wrong original |");
    println!("|---|---|---:|---:|---:|---:|");
    let mut ok = false_drops.is_empty();
    let (mut near_cases, mut near_caught) = (0, 0);
    for kind in KINDS {
        let Some(t) = tallies.get(&kind) else {
            continue;
        };
        let recall = t.caught as f64 / t.cases.max(1) as f64;
        println!(
            "| {kind:?} | {} | {} | {} | {recall:.4} | {} |",
            kind.expected_reason(),
            t.cases,
            t.caught,
            t.wrong_original
        );
        let target = if kind.is_near_duplicate() { 0.97 } else { 1.0 };
        ok &= recall >= target && t.wrong_original == 0;
        if kind.is_near_duplicate() {
            near_cases += t.cases;
            near_caught += t.caught;
        }
    }
    let near_recall = near_caught as f64 / near_cases.max(1) as f64;
    println!("near-duplicate recall overall: {near_recall:.4} ({near_caught}/{near_cases})");
    ok &= near_recall >= 0.99;
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
    println!(
        "decision latency (embedded, {} decisions): p50 {:.3} ms, p99 {:.3} ms",
        latencies.len(),
        at(0.5),
        at(0.99)
    );
    println!("targets met: {ok}");
    ok
}
