//! The service end to end against the real broker started by `scripts/test.sh`.
//!
//! Needs the services of `scripts/test.sh`: built only with `--features integration`.

#![cfg(feature = "integration")]

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(120);

fn article_html(title: &str, paragraphs: usize) -> Vec<u8> {
    let body: String = (0..paragraphs)
        .map(|i| {
            format!(
                "<p>Paragraph {i} of the story about {title}: the council met on Tuesday and argued for hours about the budget, \
                 the schools, the roads and the new library, before agreeing to meet again next month.</p>"
            )
        })
        .collect();
    format!(
        "<!doctype html><html lang=en><head><title>{title} | Example Times</title></head>\
         <body><nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>{title}</h1>{body}</article>\
         <footer>Copyright Example Times</footer></body></html>"
    )
    .into_bytes()
}

fn by_topic(outputs: &[Output]) -> BTreeMap<String, Vec<&Output>> {
    let mut map: BTreeMap<String, Vec<&Output>> = BTreeMap::new();
    for o in outputs {
        map.entry(o.topic.clone()).or_default().push(o);
    }
    map
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raw_page_becomes_a_clean_article_event() {
    let topics = Topics::create("happy", 1).await;
    let group = unique("g");
    let sift = Sift::start(&topics, &group, &[]);
    let url = "https://example.com/news/council-budget?utm_source=x";
    produce(
        &topics.input,
        &[Input::page(url, article_html("Council agrees budget", 6))],
    )
    .await;

    let out = collect(&topics, 1, WAIT);
    assert_eq!(out.len(), 1, "one record per message");
    assert_eq!(out[0].topic, topics.clean);
    let event = out[0].json();
    assert_eq!(event["schema_version"], 1);
    assert_eq!(event["title"], "Council agrees budget");
    assert_eq!(event["url"], url);
    assert!(
        event["text"]
            .as_str()
            .unwrap_or("")
            .contains("Paragraph 3 of the story")
    );
    assert!(!event["text"].as_str().unwrap_or("").contains("Copyright"));
    assert_eq!(out[0].key, event["id"].as_str().unwrap_or("-").as_bytes());

    let metrics = wait_for_metrics(&sift, Duration::from_secs(10), |m| {
        m.contains("sift_consumer_lag_messages{")
    });
    assert_eq!(metric(&metrics, "sift_consumed_messages_total"), Some(1.0));
    assert_eq!(
        metric(&metrics, "sift_events_published_total{outcome=\"clean\"}"),
        Some(1.0)
    );
    assert!(metrics.contains("sift_stage_duration_seconds_bucket{stage=\"extract\""));
    assert!(metrics.contains("sift_consumer_lag_messages{"));
    assert_eq!(sift.terminate(Duration::from_secs(30)).code(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_outcome_and_every_bad_input_lands_on_its_topic() {
    let topics = Topics::create("outcomes", 1).await;
    let group = unique("g");
    let sift = Sift::start(
        &topics,
        &group,
        &[("SIFT__INPUT__MAX_PAGE_BYTES", "200000")],
    );
    let story = article_html("Bridge reopens after repairs", 8);
    // A different story (a synthetic one would be a near-duplicate of the first).
    let (other_url, other_page) = corpus_pages(1).remove(0);
    let envelope = serde_json::json!({
        "url": other_url,
        "html": String::from_utf8_lossy(&other_page),
        "fetched_at": "2024-03-01T12:00:00Z",
        "status": 200,
    });
    let not_found = serde_json::json!({"url": "https://example.org/gone", "html": "<html><body><h1>Not found</h1></body></html>", "status": 404});
    let mut latin1_junk = b"<html><head><meta charset=\"utf-8\"></head><body><p>".to_vec();
    latin1_junk.extend((0..3000u32).map(|i| 0x80 + (i % 0x7f) as u8));
    latin1_junk.extend(b"</p></body></html>");
    let mut oversized = b"<html><body><p>".to_vec();
    oversized.extend(std::iter::repeat_n(b'a', 300_000));
    let cases: Vec<(&str, Input, &str)> = vec![
        (
            "raw page",
            Input::page("https://example.com/bridge", story.clone()),
            &topics.clean,
        ),
        (
            "re-scrape",
            Input::page("https://example.com/bridge", story),
            &topics.duplicates,
        ),
        (
            "envelope",
            Input::value(envelope.to_string().into_bytes()),
            &topics.clean,
        ),
        (
            "too little text",
            Input::page(
                "https://example.com/tiny",
                b"<html><body><p>Hi.</p></body></html>".to_vec(),
            ),
            &topics.rejected,
        ),
        (
            "http 404 envelope",
            Input::value(not_found.to_string().into_bytes()),
            &topics.rejected,
        ),
        ("empty value", Input::value(Vec::new()), &topics.dlq),
        (
            "broken envelope",
            Input::value(br#"{"url": "https://x", "html": "<p>unterminated"#.to_vec()),
            &topics.dlq,
        ),
        (
            "png",
            Input::value(
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0".to_vec(),
            ),
            &topics.dlq,
        ),
        ("oversized", Input::value(oversized), &topics.dlq),
        (
            "invalid utf-8 behind a utf-8 declaration",
            Input::value(latin1_junk),
            "any",
        ),
    ];
    let inputs: Vec<Input> = cases
        .iter()
        .map(|(_, i, _)| Input {
            key: i.key.clone(),
            value: i.value.clone(),
            headers: i.headers.clone(),
            partition: None,
        })
        .collect();
    let positions = produce(&topics.input, &inputs).await;

    let out = collect(&topics, cases.len(), WAIT);
    assert_eq!(
        out.len(),
        cases.len(),
        "one record per message: {:?}",
        by_topic(&out).keys()
    );
    for ((name, _, expected), position) in cases.iter().zip(&positions) {
        let record = out
            .iter()
            .find(|o| o.source() == *position)
            .unwrap_or_else(|| panic!("{name}: no record"));
        if *expected != "any" {
            assert_eq!(&record.topic, expected, "{name}");
        }
        if record.topic == topics.dlq {
            assert!(
                record.header("sift-error-class").is_some(),
                "{name}: error class header"
            );
            assert!(
                record.header("sift-error-message").is_some(),
                "{name}: error message header"
            );
            assert_eq!(
                record.header("sift-source-topic").as_deref(),
                Some(topics.input.as_str())
            );
        } else {
            let event = record.json();
            assert!(event["text"].is_string(), "{name}: valid UTF-8 JSON event");
        }
    }
    let dup = out
        .iter()
        .find(|o| o.topic == topics.duplicates)
        .map(Output::json)
        .expect("duplicate");
    assert_eq!(dup["dedup"]["reason"], "repeat");
    let rejected: BTreeSet<String> = out
        .iter()
        .filter(|o| o.topic == topics.rejected)
        .map(|o| {
            o.json()["rejected_reason"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert!(
        rejected.contains("http_status") && rejected.contains("too_little_text"),
        "{rejected:?}"
    );
    let dlq_payload = out
        .iter()
        .find(|o| o.header("sift-error-class").as_deref() == Some("oversized"))
        .expect("oversized");
    assert_eq!(
        dlq_payload.header("sift-payload-truncated").as_deref(),
        None,
        "300 kB is below the 1 MiB DLQ cap"
    );
    assert_eq!(dlq_payload.value.len(), 300_015);

    let metrics = sift.metrics();
    for class in ["empty", "envelope", "binary", "oversized"] {
        assert!(
            metrics.contains(&format!(
                "sift_dead_letters_total{{error_class=\"{class}\"}} 1"
            )),
            "{class}"
        );
    }
    assert_eq!(sift.terminate(Duration::from_secs(30)).code(), Some(0));
    let committed = committed(&topics.input, 1, &group);
    assert_eq!(
        committed.get(&0).copied(),
        Some(cases.len() as i64),
        "all offsets committed after drain"
    );
}

fn covers(positions: &[(i32, i64)]) -> impl Fn(&[Output]) -> bool + '_ {
    move |out| {
        let seen: BTreeSet<(i32, i64)> = out.iter().map(Output::source).collect();
        positions.iter().all(|p| seen.contains(p))
    }
}

/// Every consumed offset yields exactly one record on exactly one output topic.
fn assert_one_record_per_offset(out: &[Output], positions: &[(i32, i64)], exact: bool) {
    let mut seen: BTreeMap<(i32, i64), usize> = BTreeMap::new();
    for o in out {
        *seen.entry(o.source()).or_default() += 1;
    }
    for p in positions {
        let n = seen.get(p).copied().unwrap_or(0);
        assert!(n >= 1, "offset {p:?} produced no record");
        if exact {
            assert_eq!(n, 1, "offset {p:?} produced {n} records");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corpus_stream_yields_one_record_per_offset() {
    let topics = Topics::create("corpus", 3).await;
    let group = unique("g");
    let sift = Sift::start(&topics, &group, &[]);
    let inputs: Vec<Input> = corpus_pages(300)
        .into_iter()
        .map(|(url, html)| Input::page(&url, html))
        .collect();
    let positions = produce(&topics.input, &inputs).await;

    let out = collect(&topics, inputs.len(), WAIT * 2);
    assert_eq!(out.len(), inputs.len());
    assert_one_record_per_offset(&out, &positions, true);
    let clean = out.iter().filter(|o| o.topic == topics.clean).count();
    assert!(
        clean > inputs.len() / 2,
        "most corpus pages are articles: {clean}"
    );
    assert_eq!(sift.terminate(Duration::from_secs(30)).code(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_in_the_middle_of_a_stream_loses_nothing() {
    let topics = Topics::create("restart", 3).await;
    let group = unique("g");
    let inputs: Vec<Input> = corpus_pages(200)
        .into_iter()
        .map(|(url, html)| Input::page(&url, html))
        .collect();
    let first = Sift::start(&topics, &group, &[("SIFT__SERVICE__WORKERS", "1")]);
    let positions = produce(&topics.input, &inputs).await;
    // Stop once part of the stream is out.
    let partial = collect(&topics, 40, WAIT);
    assert!(partial.len() >= 40);
    assert_eq!(first.terminate(Duration::from_secs(30)).code(), Some(0));

    let second = Sift::start(&topics, &group, &[]);
    let out = collect_until(&topics, WAIT * 2, covers(&positions));
    // A graceful stop commits exactly what was published: nothing twice, nothing lost.
    assert_one_record_per_offset(&out, &positions, true);
    assert_eq!(second.terminate(Duration::from_secs(30)).code(), Some(0));
    let committed = committed(&topics.input, 3, &group);
    let ends = positions.iter().fold(BTreeMap::new(), |mut m, (p, o)| {
        let e = m.entry(*p).or_insert(0);
        *e = (*e).max(o + 1);
        m
    });
    for (p, end) in ends {
        assert_eq!(
            committed.get(&p).copied(),
            Some(end),
            "partition {p} fully committed"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_six_partitions_and_one_leaving_loses_nothing() {
    let topics = Topics::create("group", 6).await;
    let group = unique("g");
    let inputs: Vec<Input> = corpus_pages(240)
        .into_iter()
        .map(|(url, html)| Input::page(&url, html))
        .collect();
    let a = Sift::start(&topics, &group, &[("SIFT__SERVICE__WORKERS", "1")]);
    let b = Sift::start(&topics, &group, &[("SIFT__SERVICE__WORKERS", "1")]);
    let positions = produce(&topics.input, &inputs).await;
    let partial = collect(&topics, inputs.len() / 2, WAIT);
    assert!(partial.len() >= inputs.len() / 2);
    // One instance leaves halfway; the other takes over its partitions.
    assert_eq!(a.terminate(Duration::from_secs(30)).code(), Some(0));

    let out = collect_until(&topics, WAIT * 2, covers(&positions));
    assert_one_record_per_offset(&out, &positions, false);
    let rebalances = metric(&b.metrics(), "sift_rebalances_total{kind=\"assign\"}").unwrap_or(0.0);
    assert!(
        rebalances >= 2.0,
        "the remaining instance got the leaver's partitions: {rebalances}"
    );
    assert_eq!(b.terminate(Duration::from_secs(30)).code(), Some(0));
}
