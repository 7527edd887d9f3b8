//! `sift redrive` against the real broker started by `scripts/test.sh`: dead letters go back
//! to their input topic whole, poison pages stop at the redrive limit, and runs don't repeat.
//!
//! Needs the services of `scripts/test.sh`: built only with `--features integration`.

#![cfg(feature = "integration")]

mod common;

use common::*;
use rdkafka::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use std::process::Command;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(120);

/// A record read back from a topic.
struct Record {
    offset: i64,
    key: Option<Vec<u8>>,
    value: Vec<u8>,
    headers: Vec<(String, Vec<u8>)>,
}

impl Record {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| std::str::from_utf8(v).ok())
    }
}

/// Every record of a one-partition topic from the beginning, once `count` arrived (or `timeout`).
fn read_topic(topic: &str, count: usize, timeout: Duration) -> Vec<Record> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap())
        .set("group.id", unique("reader"))
        .set("enable.auto.commit", "false")
        .set("auto.offset.reset", "earliest")
        .create()
        .expect("consumer");
    consumer.subscribe(&[topic]).expect("subscribe");
    let mut out = Vec::new();
    let deadline = Instant::now() + timeout;
    while out.len() < count && Instant::now() < deadline {
        let Some(Ok(m)) = consumer.poll(Duration::from_millis(200)) else {
            continue;
        };
        out.push(Record {
            offset: m.offset(),
            key: m.key().map(<[u8]>::to_vec),
            value: m.payload().unwrap_or_default().to_vec(),
            headers: headers_of(&m),
        });
    }
    out
}

/// How many records a topic holds (sum of high watermarks: the tests' topics start at 0).
fn record_count(topic: &str) -> i64 {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap())
        .create()
        .expect("consumer");
    let metadata = consumer
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .expect("metadata");
    metadata.topics()[0]
        .partitions()
        .iter()
        .map(|p| {
            consumer
                .fetch_watermarks(topic, p.id(), Duration::from_secs(10))
                .expect("watermarks")
                .1
        })
        .sum()
}

/// What one `sift redrive` run printed.
struct Run {
    stdout: String,
    stderr: String,
}

/// Runs `sift redrive --from <dlq> ARGS` with the instance's environment; it must succeed.
fn redrive(topics: &Topics, group: &str, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_sift"))
        .args(["redrive", "--from", &topics.dlq])
        .args(args)
        .envs(topics.env(group))
        .output()
        .expect("run sift redrive");
    let run = Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        out.status.success(),
        "sift redrive {args:?} failed: {}{}",
        run.stdout,
        run.stderr
    );
    run
}

/// A dead letter as sift writes it: the original message plus sift-* headers.
fn dead_letter(topics: &Topics, class: &str, redrive_count: Option<&str>, value: &str) -> Input {
    let mut headers = vec![
        ("url".to_string(), b"https://example.com/a".to_vec()),
        ("sift-error-stage".into(), b"decode".to_vec()),
        ("sift-error-class".into(), class.as_bytes().to_vec()),
        ("sift-error-message".into(), b"test".to_vec()),
        ("sift-source-topic".into(), topics.input.as_bytes().to_vec()),
        ("sift-source-partition".into(), b"0".to_vec()),
        ("sift-source-offset".into(), b"0".to_vec()),
        ("sift-failed-at".into(), b"2024-03-01T12:00:00Z".to_vec()),
    ];
    if let Some(count) = redrive_count {
        headers.push(("sift-redrive-count".into(), count.as_bytes().to_vec()));
    }
    Input {
        key: Some(value.as_bytes().to_vec()),
        value: value.as_bytes().to_vec(),
        headers,
        partition: Some(0),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_page_is_redriven_whole_and_then_processed() {
    let topics = Topics::create("redrive", 1).await;
    let group = unique("g");
    let (url, page) = corpus_pages(1).remove(0);
    assert!(page.len() > 2000, "the corpus page must exceed the cap");
    let mut input = Input::page(&url, page.clone());
    input.headers.push(("x-trace".into(), b"trace-42".to_vec()));

    let small = Sift::start(&topics, &group, &[("SIFT__INPUT__MAX_PAGE_BYTES", "2000")]);
    produce(&topics.input, &[input]).await;
    let out = collect(&topics, 1, WAIT);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].topic, topics.dlq);
    assert_eq!(
        out[0].header("sift-error-class").as_deref(),
        Some("oversized")
    );
    assert_eq!(small.terminate(Duration::from_secs(30)).code(), Some(0));

    let run = redrive(&topics, &group, &[]);
    assert!(run.stdout.contains("sent 1, skipped 0"), "{}", run.stdout);
    let inputs = read_topic(&topics.input, 2, WAIT);
    assert_eq!(inputs.len(), 2, "the original and the redriven message");
    let (original, redriven) = (&inputs[0], &inputs[1]);
    assert_eq!(redriven.offset, 1);
    assert_eq!(redriven.key, original.key);
    assert_eq!(redriven.value, page);
    assert_eq!(redriven.header("url"), Some(url.as_str()));
    assert_eq!(redriven.header("x-trace"), Some("trace-42"));
    assert_eq!(redriven.header("sift-redrive-count"), Some("1"));
    let sift_headers: Vec<&str> = redriven
        .headers
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| k.starts_with("sift-") && *k != "sift-redrive-count")
        .collect();
    assert!(
        sift_headers.is_empty(),
        "DLQ headers left: {sift_headers:?}"
    );

    let normal = Sift::start(&topics, &group, &[]);
    let out = collect_until(&topics, WAIT, |out| {
        out.iter().any(|o| o.source() == (0, 1))
    });
    let processed = out
        .iter()
        .find(|o| o.source() == (0, 1))
        .expect("the redriven page was processed");
    assert_eq!(processed.topic, topics.clean);
    assert_eq!(processed.json()["url"], url.as_str());
    assert_eq!(normal.terminate(Duration::from_secs(30)).code(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dead_letter_at_the_redrive_limit_is_skipped_and_reported() {
    let topics = Topics::create("redrive-limit", 1).await;
    let group = unique("g");
    produce(
        &topics.dlq,
        &[
            dead_letter(&topics, "binary", Some("3"), "poison"),
            dead_letter(&topics, "binary", Some("2"), "third-try"),
        ],
    )
    .await;

    let run = redrive(&topics, &group, &[]);
    assert!(run.stdout.contains("sent 1, skipped 1"), "{}", run.stdout);
    assert!(
        run.stderr.contains(&format!("skipped {}/0/0", topics.dlq))
            && run.stderr.contains("max_redrives = 3"),
        "{}",
        run.stderr
    );
    let inputs = read_topic(&topics.input, 1, WAIT);
    assert_eq!(inputs.len(), 1);
    assert_eq!(inputs[0].value, b"third-try");
    assert_eq!(inputs[0].header("sift-redrive-count"), Some("3"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_sends_nothing_and_a_later_run_sends_everything() {
    let topics = Topics::create("redrive-dry", 1).await;
    let group = unique("g");
    produce(
        &topics.dlq,
        &[
            dead_letter(&topics, "binary", None, "one"),
            dead_letter(&topics, "oversized", Some("1"), "two"),
        ],
    )
    .await;

    let dry = redrive(&topics, &group, &["--dry-run"]);
    assert!(dry.stdout.contains("would send 2"), "{}", dry.stdout);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(record_count(&topics.input), 0, "a dry run sends nothing");

    let real = redrive(&topics, &group, &[]);
    assert!(real.stdout.contains("sent 2"), "{}", real.stdout);
    assert_eq!(read_topic(&topics.input, 2, WAIT).len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_class_filters_each_class_keeps_its_position_and_nothing_is_resent() {
    let topics = Topics::create("redrive-class", 1).await;
    let group = unique("g");
    produce(
        &topics.dlq,
        &[
            dead_letter(&topics, "binary", None, "a"),
            dead_letter(&topics, "oversized", None, "b"),
            dead_letter(&topics, "envelope", None, "c"),
            dead_letter(&topics, "oversized", None, "d"),
        ],
    )
    .await;

    let first = redrive(&topics, &group, &["--error-class", "oversized"]);
    assert!(
        first.stdout.contains("sent 2, skipped 0, not selected 2"),
        "{}",
        first.stdout
    );
    let values: Vec<Vec<u8>> = read_topic(&topics.input, 2, WAIT)
        .into_iter()
        .map(|r| r.value)
        .collect();
    assert_eq!(values, [b"b".to_vec(), b"d".to_vec()]);

    let second = redrive(&topics, &group, &["--error-class", "oversized"]);
    assert!(second.stdout.contains("sent 0"), "{}", second.stdout);
    produce(&topics.dlq, &[dead_letter(&topics, "oversized", None, "e")]).await;
    let third = redrive(&topics, &group, &["--error-class", "oversized"]);
    assert!(third.stdout.contains("sent 1"), "{}", third.stdout);
    // Each class keeps its own position: redriving oversized passed over no binary letter.
    let binary = redrive(&topics, &group, &["--error-class", "binary"]);
    assert!(binary.stdout.contains("sent 1"), "{}", binary.stdout);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        record_count(&topics.input),
        4,
        "b, d, e, then a: nothing twice"
    );
}
