//! Reading the four outputs as a downstream consumer would (`read_committed`) and mapping every
//! record back to the input offset it was made from.

use super::inputs::{Expect, Feed};
use crate::common::{Topics, headers_of, unique};
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::KafkaError;
use rdkafka::message::Message;
use rdkafka::{ClientConfig, Offset, Timestamp, TopicPartitionList};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Out {
    Clean,
    Duplicate,
    Rejected,
    DeadLetter,
}

/// One output record: where it went, what it was made from, when the broker appended it.
#[derive(Debug, Clone)]
pub struct Record {
    pub out: Out,
    pub source_topic: String,
    pub source: (i32, i64),
    /// The broker's append time (the output topics use `LogAppendTime`).
    pub appended_ms: i64,
    /// `dedup.reason`, `rejected_reason` or the dead letter's error class.
    pub reason: Option<String>,
    /// The event's `id` (xxh3 of the canonical URL); none on dead letters.
    pub article_id: Option<String>,
}

/// Every committed record of the four outputs, read from the beginning to the end.
pub fn read_all(
    bootstrap: &str,
    topics: &Topics,
    timeout: Duration,
) -> Result<Vec<Record>, String> {
    let deadline = Instant::now() + timeout;
    let outs = [
        (topics.clean.as_str(), Out::Clean),
        (topics.duplicates.as_str(), Out::Duplicate),
        (topics.rejected.as_str(), Out::Rejected),
        (topics.dlq.as_str(), Out::DeadLetter),
    ];
    let mut records = Vec::new();
    for (topic, out) in outs {
        records.extend(read_topic(bootstrap, topic, out, deadline)?);
    }
    Ok(records)
}

/// One topic per consumer, so that a partition EOF (which names no topic) is unambiguous.
fn read_topic(
    bootstrap: &str,
    topic: &str,
    out: Out,
    deadline: Instant,
) -> Result<Vec<Record>, String> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", unique("fault-reader"))
        .set("enable.auto.commit", "false")
        .set("isolation.level", "read_committed")
        .set("enable.partition.eof", "true")
        .create()
        .map_err(|e| format!("reader: {e}"))?;
    let metadata = consumer
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .map_err(|e| format!("metadata of {topic}: {e}"))?;
    let partitions: Vec<i32> = metadata
        .topics()
        .iter()
        .flat_map(|t| t.partitions().iter().map(|p| p.id()))
        .collect();
    drop(metadata);
    let mut tpl = TopicPartitionList::new();
    for p in &partitions {
        tpl.add_partition_offset(topic, *p, Offset::Beginning)
            .map_err(|e| e.to_string())?;
    }
    consumer.assign(&tpl).map_err(|e| e.to_string())?;
    let mut at_end = BTreeSet::new();
    let mut records = Vec::new();
    while at_end.len() < partitions.len() {
        if Instant::now() > deadline {
            return Err(format!(
                "reading {topic}: partitions {at_end:?} of {partitions:?} reached their end in time"
            ));
        }
        match consumer.poll(Duration::from_millis(200)) {
            Some(Ok(m)) => records.push(record(&m, out)?),
            Some(Err(KafkaError::PartitionEOF(p))) => {
                at_end.insert(p);
            }
            // Transient errors are retried by librdkafka.
            Some(Err(_)) | None => {}
        }
    }
    Ok(records)
}

fn record(m: &impl Message, out: Out) -> Result<Record, String> {
    let headers: HashMap<String, String> = headers_of(m)
        .into_iter()
        .map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned()))
        .collect();
    let header = |name: &str| {
        headers
            .get(name)
            .cloned()
            .ok_or_else(|| format!("{} record without {name}", m.topic()))
    };
    let parse = |name: &str| -> Result<i64, String> {
        header(name)?.parse().map_err(|e| format!("{name}: {e}"))
    };
    let appended_ms = match m.timestamp() {
        Timestamp::LogAppendTime(t) => t,
        other => return Err(format!("{}: {other:?}, not LogAppendTime", m.topic())),
    };
    let (reason, article_id) = match out {
        Out::DeadLetter => (headers.get("sift-error-class").cloned(), None),
        _ => {
            let event: serde_json::Value = serde_json::from_slice(m.payload().unwrap_or_default())
                .map_err(|e| format!("{} record is not JSON: {e}", m.topic()))?;
            let reason = match out {
                Out::Rejected => &event["rejected_reason"],
                _ => &event["dedup"]["reason"],
            };
            let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
            (text(reason), text(&event["id"]))
        }
    };
    Ok(Record {
        out,
        source_topic: header("sift-source-topic")?,
        source: (
            parse("sift-source-partition")? as i32,
            parse("sift-source-offset")?,
        ),
        appended_ms,
        reason,
        article_id,
    })
}

/// An injected fault: when it began and ended, and the group's committed offsets when it began
/// (for a kill of sift: right after it, which is when they stopped moving).
#[derive(Debug, Clone)]
pub struct Fault {
    pub started_ms: i64,
    pub ended_ms: i64,
    pub committed: HashMap<i32, i64>,
}

/// A duplicate counts as caused by a fault when its input was not committed when the fault
/// began, its first copy reached the broker before the group settled after the fault (the
/// session timeout plus a rebalance, with margin) and the next one after the fault began.
pub const SETTLE_MS: i64 = 30_000;

/// The kinds of check a run makes (a violation names one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Check {
    /// An input with no output record although its offset was committed: gone for good.
    Lost,
    /// An input with no output record and its offset not committed: sift stopped working
    /// (a restart would redo it).
    Stalled,
    /// A partition's committed offset short of its log end offset at the end.
    Uncommitted,
    /// Exactly-once: any duplicate record.
    Duplicates,
    /// At-least-once: a duplicate no fault explains.
    Unexplained,
    /// A replay decided differently, or a repeat or copy was not a duplicate.
    Decision,
    /// The same envelope sent twice (fetch time included) was not a duplicate the second time.
    Resend,
    /// Bad input on the wrong topic, or a record that maps to no input.
    Routing,
    /// A `dedup_store` dead letter: a store outage was not ridden out.
    DeadLetters,
    /// The run could not do what it set out to (a wait timed out, a service did not come back).
    Harness,
}

#[derive(Debug, Clone)]
pub struct Violation {
    pub check: Check,
    pub what: String,
}

/// What one scenario run found.
#[derive(Debug, Default)]
pub struct Verdict {
    pub inputs: usize,
    pub records: usize,
    pub lost: usize,
    pub stalled: usize,
    pub duplicates: usize,
    pub unexplained: usize,
    /// Seconds from each fault's end to the next output record; `None`: none came.
    pub recovery_s: Vec<Option<f64>>,
    pub dedup_store_dead_letters: usize,
    pub violations: Vec<Violation>,
}

impl Verdict {
    pub fn violation(&mut self, check: Check, what: String) {
        // The first few of a kind say enough; the counts say how many.
        if self.violations.iter().filter(|v| v.check == check).count() < 5 {
            self.violations.push(Violation { check, what });
        }
    }
}

pub struct Run<'a> {
    pub feed: &'a Feed,
    pub input_topic: &'a str,
    pub positions: &'a [(i32, i64)],
    pub records: &'a [Record],
    pub faults: &'a [Fault],
    /// The group's committed offsets once sift has finished.
    pub committed: &'a HashMap<i32, i64>,
    pub exactly_once: bool,
}

/// Every check of the campaign on one scenario run.
pub fn verify(run: &Run<'_>) -> Verdict {
    let mut v = Verdict {
        inputs: run.positions.len(),
        records: run.records.len(),
        ..Verdict::default()
    };
    let mut by_source: BTreeMap<(i32, i64), Vec<&Record>> = BTreeMap::new();
    for r in run.records {
        if r.source_topic != run.input_topic {
            v.violation(
                Check::Routing,
                format!("record from unknown topic {}", r.source_topic),
            );
            continue;
        }
        by_source.entry(r.source).or_default().push(r);
    }
    for copies in by_source.values_mut() {
        copies.sort_by_key(|r| r.appended_ms);
    }
    let known: BTreeSet<&(i32, i64)> = run.positions.iter().collect();
    for source in by_source.keys().filter(|s| !known.contains(s)) {
        v.violation(
            Check::Routing,
            format!("record made from offset {source:?}, which was never produced"),
        );
    }
    check_lost_and_duplicates(run, &by_source, &mut v);
    check_decisions(run, &by_source, &mut v);
    check_committed(run, &mut v);
    v.dedup_store_dead_letters = run
        .records
        .iter()
        .filter(|r| r.reason.as_deref() == Some("dedup_store"))
        .count();
    if v.dedup_store_dead_letters > 0 {
        v.violation(
            Check::DeadLetters,
            format!("{} dedup_store dead letters", v.dedup_store_dead_letters),
        );
    }
    v.recovery_s = run
        .faults
        .iter()
        .map(|f| {
            run.records
                .iter()
                .map(|r| r.appended_ms)
                .filter(|t| *t >= f.ended_ms)
                .min()
                .map(|t| (t - f.ended_ms) as f64 / 1000.0)
        })
        .collect();
    v
}

fn check_lost_and_duplicates(
    run: &Run<'_>,
    by_source: &BTreeMap<(i32, i64), Vec<&Record>>,
    v: &mut Verdict,
) {
    for position in run.positions {
        let Some(copies) = by_source.get(position) else {
            let (partition, offset) = *position;
            if run.committed.get(&partition).is_some_and(|c| offset < *c) {
                v.lost += 1;
                v.violation(
                    Check::Lost,
                    format!("input {position:?}: committed, no record"),
                );
            } else {
                v.stalled += 1;
                v.violation(
                    Check::Stalled,
                    format!("input {position:?}: no record, not committed"),
                );
            }
            continue;
        };
        v.duplicates += copies.len() - 1;
        if run.exactly_once || copies.len() == 1 {
            continue;
        }
        if !explained(run.faults, *position, copies) {
            v.unexplained += copies.len() - 1;
            v.violation(Check::Unexplained, format!(
                "input {position:?}: {} copies, first appended at {} ms, not explained by any fault",
                copies.len(),
                copies[0].appended_ms
            ));
        }
    }
    if run.exactly_once && v.duplicates > 0 {
        v.violation(
            Check::Duplicates,
            format!("{} duplicate records", v.duplicates),
        );
    }
}

/// `copies` in append order: the first before the group settled after the fault, the others
/// after the fault began.
fn explained(faults: &[Fault], (partition, offset): (i32, i64), copies: &[&Record]) -> bool {
    let (first, second) = (copies[0].appended_ms, copies[1].appended_ms);
    faults.iter().any(|f| {
        offset >= f.committed.get(&partition).copied().unwrap_or(0)
            && first <= f.ended_ms + SETTLE_MS
            && second >= f.started_ms
    })
}

/// Replays decide as the first attempt did; repeats and copies stay duplicates; bad input goes
/// where it must.
fn check_decisions(run: &Run<'_>, by_source: &BTreeMap<(i32, i64), Vec<&Record>>, v: &mut Verdict) {
    let decision = |i: usize| {
        by_source
            .get(&run.positions[i])
            .map(|copies| (copies[0].out, copies[0].reason.clone()))
    };
    let original_at: HashMap<usize, usize> = run
        .feed
        .expects
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            Expect::Original(n) => Some((*n, i)),
            _ => None,
        })
        .collect();
    // Articles (by id, i.e. canonical URL) that more than one original page turned into: the
    // corpus has a few pages that name the same canonical URL.
    let mut originals_by_id: HashMap<&str, usize> = HashMap::new();
    for (i, expect) in run.feed.expects.iter().enumerate() {
        let first = by_source.get(&run.positions[i]).map(|copies| copies[0]);
        if let (Expect::Original(_), Some(id)) =
            (expect, first.and_then(|r| r.article_id.as_deref()))
        {
            *originals_by_id.entry(id).or_default() += 1;
        }
    }
    for (i, expect) in run.feed.expects.iter().enumerate() {
        let position = run.positions[i];
        let Some(copies) = by_source.get(&position) else {
            continue;
        };
        let (out, reason) = (copies[0].out, copies[0].reason.clone());
        if copies.iter().any(|c| c.out != out || c.reason != reason) {
            let all: Vec<_> = copies.iter().map(|c| (c.out, c.reason.clone())).collect();
            v.violation(
                Check::Decision,
                format!("input {position:?}: a replay changed the decision: {all:?}"),
            );
        }
        let wrong = match expect {
            // A repeat of itself, unless another original page is the same article.
            Expect::Original(_) => {
                let shared = copies[0]
                    .article_id
                    .as_deref()
                    .is_some_and(|id| originals_by_id.get(id).copied().unwrap_or(0) > 1);
                (out == Out::Duplicate && reason.as_deref() == Some("repeat") && !shared)
                    .then_some(Check::Decision)
            }
            Expect::Repeat(n) | Expect::Copy(n) | Expect::Resend(n) => {
                let expected = match original_at.get(n).and_then(|at| decision(*at)) {
                    Some((Out::Clean | Out::Duplicate, _)) => Some(Out::Duplicate),
                    Some((Out::Rejected, _)) => Some(Out::Rejected),
                    // A dead-lettered original never reached the dedup store.
                    Some((Out::DeadLetter, _)) | None => None,
                };
                let check = match expect {
                    Expect::Resend(_) => Check::Resend,
                    _ => Check::Decision,
                };
                expected.is_some_and(|e| e != out).then_some(check)
            }
            Expect::DeadLetter => (out != Out::DeadLetter).then_some(Check::Routing),
            Expect::Rejected => (out != Out::Rejected).then_some(Check::Routing),
        };
        // A record the store outage turned into a dead letter is counted under DeadLetters.
        let store_failed = out == Out::DeadLetter && reason.as_deref() == Some("dedup_store");
        if let Some(check) = wrong.filter(|_| !store_failed) {
            v.violation(
                check,
                format!("input {position:?} ({expect:?}) went to {out:?} ({reason:?})"),
            );
        }
    }
}

fn check_committed(run: &Run<'_>, v: &mut Verdict) {
    let mut ends: BTreeMap<i32, i64> = BTreeMap::new();
    for (p, o) in run.positions {
        let end = ends.entry(*p).or_default();
        *end = (*end).max(o + 1);
    }
    for (p, end) in ends {
        let committed = run.committed.get(&p).copied();
        if committed != Some(end) {
            v.violation(
                Check::Uncommitted,
                format!("partition {p}: committed offset {committed:?}, log end offset {end}"),
            );
        }
    }
}
