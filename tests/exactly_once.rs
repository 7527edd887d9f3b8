//! `service.delivery = "exactly-once"` against the real broker started by `scripts/test.sh`:
//! every input offset yields exactly one record visible to a read_committed reader, and a
//! transaction aborted after the dedup store recorded its articles replays to the same
//! decisions.
//!
//! Needs the services of `scripts/test.sh`: built only with `--features integration`.

#![cfg(feature = "integration")]

mod common;

use common::*;
use rdkafka::ClientConfig;
use rdkafka::admin::{AdminClient, AdminOptions, AlterConfig, ResourceSpecifier};
use rdkafka::client::DefaultClientContext;
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::FutureRecord;
use sift::pipeline::Pipeline;
use sift::route::SourceMessage;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(120);

fn exactly_once(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut env = vec![("SIFT__SERVICE__DELIVERY", "exactly-once")];
    env.extend_from_slice(extra);
    env
}

/// A story of `paragraphs` paragraphs of pseudo-random words: distinct seeds give unrelated
/// texts, one seed the same text.
fn story_text(seed: u64, paragraphs: usize) -> Vec<String> {
    const WORDS: [&str; 48] = [
        "council", "budget", "river", "school", "bridge", "mayor", "farmers", "market", "rain",
        "station", "library", "museum", "harbour", "teachers", "doctors", "hospital", "road",
        "village", "festival", "court", "judge", "police", "fire", "storm", "winter", "summer",
        "train", "airport", "factory", "workers", "union", "election", "vote", "party", "minister",
        "report", "study", "water", "energy", "prices", "housing", "rent", "tourists", "forest",
        "wolves", "park", "children", "parents",
    ];
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        WORDS[(state >> 33) as usize % WORDS.len()]
    };
    (0..paragraphs)
        .map(|_| {
            let words: Vec<&str> = (0..40).map(|_| next()).collect();
            format!("The {}.", words.join(" "))
        })
        .collect()
}

fn html(title: &str, paragraphs: &[String]) -> Vec<u8> {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<!doctype html><html lang=en><head><title>{title}</title></head><body>\
         <article><h1>{title}</h1>{body}</article></body></html>"
    )
    .into_bytes()
}

/// One input: its record's key, value, headers and CreateTime.
struct Page {
    url: String,
    value: Vec<u8>,
    headers: Vec<(String, Vec<u8>)>,
    timestamp_ms: i64,
}

impl Page {
    /// A raw page: no `fetched_at`, so the record's timestamp orders it for dedup.
    fn raw(url: &str, value: Vec<u8>, timestamp_ms: i64) -> Page {
        Page {
            url: url.into(),
            value,
            headers: vec![("url".into(), url.as_bytes().to_vec())],
            timestamp_ms,
        }
    }

    /// A JSON envelope with its own `fetched_at` (and a status).
    fn envelope(url: &str, html: Vec<u8>, fetched_at: &str, status: u16, ts: i64) -> Page {
        let value = serde_json::json!({
            "url": url,
            "html": String::from_utf8_lossy(&html),
            "fetched_at": fetched_at,
            "status": status,
        });
        Page {
            url: url.into(),
            value: value.to_string().into_bytes(),
            headers: vec![],
            timestamp_ms: ts,
        }
    }

    fn source(&self, topic: &str, offset: i64) -> SourceMessage {
        SourceMessage {
            topic: topic.into(),
            partition: 0,
            offset,
            timestamp_ms: Some(self.timestamp_ms),
            key: Some(self.url.as_bytes().to_vec()),
            value: self.value.clone(),
            headers: self.headers.clone(),
        }
    }
}

/// Produces `pages` to partition 0 of `topic`, in order, with their timestamps.
async fn produce_pages(topic: &str, pages: &[Page]) {
    let producer = producer();
    for page in pages {
        let mut headers = OwnedHeaders::new();
        for (k, v) in &page.headers {
            headers = headers.insert(Header {
                key: k,
                value: Some(v),
            });
        }
        let record = FutureRecord::to(topic)
            .key(page.url.as_str())
            .payload(page.value.as_slice())
            .partition(0)
            .timestamp(page.timestamp_ms)
            .headers(headers);
        producer
            .send(record, Duration::from_secs(30))
            .await
            .map_err(|(e, _)| e)
            .expect("produce");
    }
}

/// What a record says was decided: outcome topic kind, dedup reason, and the original.
fn decision_of(topics: &Topics, out: &Output) -> (String, String, String) {
    let kind = if out.topic == topics.clean {
        "clean"
    } else if out.topic == topics.duplicates {
        "duplicate"
    } else if out.topic == topics.rejected {
        "rejected"
    } else {
        "dead_letter"
    };
    let (reason, original) = if kind == "dead_letter" {
        (
            out.header("sift-error-class").unwrap_or_default(),
            String::new(),
        )
    } else {
        let event = out.json();
        let dedup = &event["dedup"];
        (
            dedup["reason"].as_str().unwrap_or("-").to_string(),
            dedup["duplicate_of"].as_str().unwrap_or("-").to_string(),
        )
    };
    (kind.to_string(), reason, original)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_once_publishes_each_offset_once_and_commits_it() {
    let topics = Topics::create("eos-stream", 3).await;
    let group = unique("g");
    let inputs: Vec<Input> = corpus_pages(40)
        .into_iter()
        .map(|(url, page)| Input::page(&url, page))
        .chain([
            Input::value(Vec::new()),
            Input::value(b"\x89PNG\r\n\x1a\n".to_vec()),
        ])
        .collect();
    let positions = produce(&topics.input, &inputs).await;
    let sift = Sift::start(
        &topics,
        &group,
        &exactly_once(&[("SIFT__SERVICE__TRANSACTION_MAX_RECORDS", "7")]),
    );

    let out = collect(&topics, positions.len(), WAIT);
    let sources: BTreeSet<(i32, i64)> = out.iter().map(Output::source).collect();
    assert_eq!(out.len(), positions.len(), "one committed record per input");
    assert_eq!(sources, positions.iter().copied().collect());
    // Nothing more arrives later (no duplicate from a second attempt).
    let again = collect(&topics, positions.len() + 1, Duration::from_secs(3));
    assert_eq!(again.len(), positions.len());

    let metrics = wait_for_metrics(&sift, Duration::from_secs(10), |m| {
        metric(m, "sift_transactions_total{result=\"committed\"}").is_some_and(|c| c >= 2.0)
    });
    assert!(
        metric(&metrics, "sift_transactions_total{result=\"committed\"}").unwrap_or(0.0) >= 2.0,
        "records spread over several transactions:\n{metrics}"
    );
    assert_eq!(sift.terminate(Duration::from_secs(30)).code(), Some(0));
    let mut ends: BTreeMap<i32, i64> = BTreeMap::new();
    for (p, o) in &positions {
        let end = ends.entry(*p).or_insert(0);
        *end = (*end).max(o + 1);
    }
    let committed: BTreeMap<i32, i64> = committed(&topics.input, 3, &group).into_iter().collect();
    assert_eq!(committed, ends, "every input offset committed");
}

/// The first transaction holds every article and ends in a record the broker refuses (larger
/// than the rejected topic allows), so it aborts after the dedup store recorded all of them;
/// the replay must decide each article as an undisturbed run over the same inputs does:
/// exact repeats, near-duplicate pairs in and against offset order, pages with and without a
/// `fetched_at`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_aborted_transaction_replays_to_the_same_dedup_decisions() {
    let topics = Topics::create("eos-replay", 1).await;
    let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
        .set("bootstrap.servers", bootstrap())
        .create()
        .expect("admin");
    let small = AlterConfig::new(ResourceSpecifier::Topic(&topics.rejected))
        .set("max.message.bytes", "4096");
    for r in admin
        .alter_configs(&[small], &AdminOptions::new())
        .await
        .expect("alter configs")
    {
        r.expect("rejected topic limited");
    }

    let t0 = chrono::Utc::now().timestamp_millis() - 3_600_000;
    let a = story_text(1, 12);
    let mut a_edited = a.clone();
    a_edited.push(story_text(2, 1).remove(0));
    let b = story_text(3, 12);
    let c = story_text(4, 12);
    let mut c_cut = c.clone();
    c_cut.truncate(11);
    let d = story_text(5, 12);
    let mut d_edited = d.clone();
    d_edited[0] = story_text(6, 1).remove(0);
    let big = story_text(7, 120);
    let pages = vec![
        // A and its edited copy under another URL, with fetched_at, in order.
        Page::envelope(
            "https://a.example/story",
            html("A", &a),
            "2025-10-01T10:00:00Z",
            200,
            t0,
        ),
        Page::envelope(
            "https://b.example/copy-of-a",
            html("A copy", &a_edited),
            "2025-10-01T11:00:00Z",
            200,
            t0 + 1,
        ),
        // B raw (no fetched_at), then its exact re-scrape: a repeat, never of itself.
        Page::raw("https://b.example/b", html("B", &b), t0 + 2),
        Page::raw("https://b.example/b", html("B", &b), t0 + 3),
        // C raw, a cut copy later in offset order but fetched earlier (record timestamp).
        Page::raw("https://c.example/c", html("C", &c), t0 + 10_000),
        Page::raw("https://d.example/cut-of-c", html("C cut", &c_cut), t0 + 4),
        // D with fetched_at, its edited copy fetched earlier but later in offset order.
        Page::envelope(
            "https://d.example/d",
            html("D", &d),
            "2025-10-02T12:00:00Z",
            200,
            t0 + 5,
        ),
        Page::envelope(
            "https://e.example/d-edit",
            html("D edit", &d_edited),
            "2025-10-02T08:00:00Z",
            200,
            t0 + 6,
        ),
        // Last: a rejected page whose event is larger than the rejected topic takes.
        Page::envelope(
            "https://f.example/error",
            html("Error", &big),
            "2025-10-03T00:00:00Z",
            500,
            t0 + 7,
        ),
    ];
    produce_pages(&topics.input, &pages).await;

    // What an undisturbed pipeline decides, in offset order, on a fresh store.
    let store = tempfile::tempdir().expect("tempdir");
    let dedup_config = sift_dedup::DedupConfig {
        data_dir: store.path().to_path_buf(),
        ..sift_dedup::DedupConfig::default()
    };
    let deduplicator = sift_dedup::Deduplicator::new(&dedup_config).expect("store");
    let config = sift::config::Config::default();
    let pipeline = Pipeline::new(
        config.input.clone(),
        config.extract.clone(),
        Some(deduplicator),
    );
    let mut expected = Vec::new();
    for (offset, page) in pages.iter().enumerate() {
        let disposition = pipeline
            .process(&page.source(&topics.input, offset as i64))
            .disposition;
        let (reason, original) = match &disposition {
            sift::route::Disposition::Clean(e) | sift::route::Disposition::Duplicate(e) => {
                let d = e.dedup.as_ref().expect("dedup info");
                (
                    d.reason.as_str().to_owned(),
                    d.duplicate_of.clone().unwrap_or("-".into()),
                )
            }
            _ => ("-".into(), "-".into()),
        };
        let kind = disposition.outcome().as_str().to_string();
        expected.push((kind, reason, original));
    }
    // The refused record is replaced by a dead letter.
    let last = expected.len() - 1;
    expected[last] = (
        "dead_letter".into(),
        "produce_refused".into(),
        String::new(),
    );
    let reasons: Vec<&str> = expected.iter().map(|(_, r, _)| r.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "new",
            "near_duplicate",
            "new",
            "repeat",
            "new",
            "near_duplicate",
            "new",
            "near_duplicate",
            "produce_refused"
        ],
        "the inputs cover what the test means to cover"
    );

    let group = unique("g");
    let sift = Sift::start(
        &topics,
        &group,
        &exactly_once(&[("SIFT__SERVICE__TRANSACTION_MAX_MS", "10000")]),
    );
    let out = collect(&topics, pages.len(), WAIT);
    let metrics = sift.metrics();
    assert!(
        metric(&metrics, "sift_transactions_total{result=\"aborted\"}").unwrap_or(0.0) >= 1.0,
        "the first transaction was aborted:\n{metrics}"
    );
    let mut got: BTreeMap<i64, (String, String, String)> = BTreeMap::new();
    for o in &out {
        let (_, offset) = o.source();
        assert!(
            got.insert(offset, decision_of(&topics, o)).is_none(),
            "offset {offset} published twice"
        );
    }
    let got: Vec<(String, String, String)> = got.into_values().collect();
    assert_eq!(
        got, expected,
        "replayed decisions equal the undisturbed run's"
    );
    assert_eq!(sift.terminate(Duration::from_secs(30)).code(), Some(0));
}
