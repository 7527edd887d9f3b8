//! `sift redrive`: sends dead letters back to the input topic with their original key, value
//! and headers, plus a `sift-redrive-count` header. A dead letter that already came back
//! `max_redrives` times is skipped and reported, so a poison page cannot loop forever.
//!
//! It reads the DLQ as a consumer group, so each run continues where the last one stopped and
//! ends at the DLQ's end as of its start; `--from-beginning` rescans. Each error class keeps
//! its own position (group `<kafka.group_id>-redrive-<class>`, or `<kafka.group_id>-redrive`
//! without `--error-class`): redriving one class does not pass over the dead letters of
//! another. Dead letters `--since` leaves out are passed over like those already handled.

use crate::config::Config;
use crate::internal_events::{Redriven, emit};
use crate::kafka;
use crate::metrics::Metrics;
use crate::route::dlq_headers;
use crate::vocab::{ErrorClass, RedriveResult};
use chrono::{DateTime, Utc};
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::error::KafkaError;
use rdkafka::message::{BorrowedMessage, Header, Headers, Message, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{Offset, TopicPartitionList};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Duration;

/// `[redrive]`: limits of `sift redrive`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RedriveConfig {
    /// A dead letter sent back this many times already is skipped, not redriven again.
    pub max_redrives: u32,
}

impl Default for RedriveConfig {
    fn default() -> Self {
        RedriveConfig { max_redrives: 3 }
    }
}

/// What to redrive.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only dead letters of this error class (`sift-error-class`).
    pub error_class: Option<ErrorClass>,
    /// Only dead letters that failed at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Stop after redriving this many.
    pub limit: Option<usize>,
    /// Report what would be done; send nothing, commit nothing.
    pub dry_run: bool,
    /// Start from the DLQ's beginning instead of the group's position.
    pub from_beginning: bool,
}

/// What a run did, per dead letter.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub sent: usize,
    /// Skipped: at the redrive limit, or truncated (the original payload is not whole).
    pub skipped: Vec<(i32, i64, String)>,
    /// Not selected by the filters.
    pub filtered: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum RedriveError {
    #[error("kafka: {0}")]
    Kafka(#[from] KafkaError),
    #[error(
        "dead letter at {partition}/{offset} names no source topic and no input topic is configured"
    )]
    NoTarget { partition: i32, offset: i64 },
    #[error("topic {0} does not exist")]
    NoTopic(String),
}

const POLL: Duration = Duration::from_millis(500);
const TIMEOUT: Duration = Duration::from_secs(30);

pub async fn redrive(
    config: &Config,
    dlq_topic: &str,
    selection: &Selection,
    metrics: &Metrics,
) -> Result<Report, RedriveError> {
    let group = redrive_group(&config.kafka.group_id, selection);
    let consumer: BaseConsumer = kafka::standalone_consumer(&config.kafka, &group).create()?;
    let producer: FutureProducer = kafka::standalone_producer(&config.kafka).create()?;
    let ends = assign_to_end(&consumer, dlq_topic, selection.from_beginning)?;

    let mut report = Report::default();
    while !reached(&consumer, dlq_topic, &ends)? && selection.limit.is_none_or(|l| report.sent < l)
    {
        let Some(polled) = consumer.poll(POLL) else {
            continue;
        };
        let m = polled?;
        match judge(&m, selection, config.redrive.max_redrives) {
            Verdict::Filtered => report.filtered += 1,
            Verdict::Skip(why) => {
                count(metrics, selection, RedriveResult::Skipped);
                report.skipped.push((m.partition(), m.offset(), why));
            }
            Verdict::Send(redrives) => {
                if !selection.dry_run {
                    send_back(&producer, &m, redrives, config).await?;
                }
                count(metrics, selection, RedriveResult::Sent);
                report.sent += 1;
            }
        }
        if !selection.dry_run {
            consumer.store_offset_from_message(&m)?;
        }
    }
    if !selection.dry_run {
        match consumer.commit_consumer_state(CommitMode::Sync) {
            Ok(())
            | Err(KafkaError::ConsumerCommit(rdkafka::types::RDKafkaErrorCode::NoOffset)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(report)
}

/// The consumer group holding the position of runs with this selection's error class.
fn redrive_group(group_id: &str, selection: &Selection) -> String {
    match &selection.error_class {
        Some(class) => format!("{group_id}-redrive-{class}"),
        None => format!("{group_id}-redrive"),
    }
}

/// A dry run counts nothing: its metrics would claim work that was not done.
fn count(metrics: &Metrics, selection: &Selection, result: RedriveResult) {
    if !selection.dry_run {
        emit(metrics, Redriven { result });
    }
}

/// Whether the consumer's position reached `ends` on every partition. Positions, not the
/// offsets of delivered messages: the last offsets of a partition may never be delivered
/// (transaction markers, compacted records).
fn reached(
    consumer: &BaseConsumer,
    topic: &str,
    ends: &HashMap<i32, i64>,
) -> Result<bool, KafkaError> {
    let positions = consumer.position()?;
    let all = ends.iter().all(|(&partition, &end)| {
        positions
            .find_partition(topic, partition)
            .is_some_and(|p| matches!(p.offset(), Offset::Offset(o) if o >= end))
    });
    Ok(all)
}

/// Assigns every DLQ partition (from the group's position, or the beginning) and returns the
/// end offsets as of now of the partitions with something to read: the run stops there.
fn assign_to_end(
    consumer: &BaseConsumer,
    topic: &str,
    from_beginning: bool,
) -> Result<HashMap<i32, i64>, RedriveError> {
    let start = if from_beginning {
        Offset::Beginning
    } else {
        Offset::Stored
    };
    let mut tpl = TopicPartitionList::new();
    let mut ends = HashMap::new();
    for p in partitions(consumer, topic)? {
        tpl.add_partition_offset(topic, p, start)?;
        let (low, high) = consumer.fetch_watermarks(topic, p, TIMEOUT)?;
        if high > low {
            ends.insert(p, high);
        }
    }
    consumer.assign(&tpl)?;
    if !from_beginning {
        for e in consumer.committed(TIMEOUT)?.elements() {
            if let Offset::Offset(o) = e.offset()
                && ends.get(&e.partition()).is_some_and(|&end| o >= end)
            {
                ends.remove(&e.partition());
            }
        }
    }
    Ok(ends)
}

fn partitions(consumer: &BaseConsumer, topic: &str) -> Result<Vec<i32>, RedriveError> {
    let metadata = consumer.fetch_metadata(Some(topic), TIMEOUT)?;
    let Some(t) = metadata.topics().iter().find(|t| t.name() == topic) else {
        return Err(RedriveError::NoTopic(topic.into()));
    };
    if t.error().is_some() || t.partitions().is_empty() {
        return Err(RedriveError::NoTopic(topic.into()));
    }
    Ok(t.partitions().iter().map(|p| p.id()).collect())
}

enum Verdict {
    Filtered,
    Skip(String),
    /// Send back with this redrive count.
    Send(u32),
}

fn header<'a>(m: &'a BorrowedMessage<'_>, name: &str) -> Option<&'a str> {
    m.headers()?
        .iter()
        .find(|h| h.key == name)
        .and_then(|h| std::str::from_utf8(h.value?).ok())
}

fn judge(m: &BorrowedMessage<'_>, selection: &Selection, max_redrives: u32) -> Verdict {
    if let Some(class) = &selection.error_class
        && header(m, dlq_headers::CLASS) != Some(class.as_str())
    {
        return Verdict::Filtered;
    }
    if let Some(since) = selection.since {
        let failed_at =
            header(m, dlq_headers::FAILED_AT).and_then(|t| DateTime::parse_from_rfc3339(t).ok());
        if failed_at.is_none_or(|t| t < since) {
            return Verdict::Filtered;
        }
    }
    if header(m, dlq_headers::TRUNCATED) == Some("true") {
        return Verdict::Skip("payload was truncated in the DLQ".into());
    }
    let count: u32 = header(m, dlq_headers::REDRIVE_COUNT)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    if count >= max_redrives {
        return Verdict::Skip(format!(
            "redriven {count} times already (max_redrives = {max_redrives})"
        ));
    }
    Verdict::Send(count + 1)
}

async fn send_back(
    producer: &FutureProducer,
    m: &BorrowedMessage<'_>,
    count: u32,
    config: &Config,
) -> Result<(), RedriveError> {
    let target = header(m, dlq_headers::SOURCE_TOPIC)
        .or(config.kafka.input_topics.first().map(String::as_str))
        .ok_or(RedriveError::NoTarget {
            partition: m.partition(),
            offset: m.offset(),
        })?;
    let count = count.to_string();
    let mut headers = OwnedHeaders::new();
    for h in m.headers().iter().flat_map(|hs| hs.iter()) {
        if !dlq_headers::is_sift_header(h.key) && h.key != dlq_headers::REDRIVE_COUNT {
            headers = headers.insert(Header {
                key: h.key,
                value: h.value,
            });
        }
    }
    headers = headers.insert(Header {
        key: dlq_headers::REDRIVE_COUNT,
        value: Some(&count),
    });
    let mut record = FutureRecord::<[u8], [u8]>::to(target)
        .payload(m.payload().unwrap_or_default())
        .headers(headers);
    if let Some(key) = m.key().filter(|k| !k.is_empty()) {
        record = record.key(key);
    }
    producer
        .send(record, TIMEOUT)
        .await
        .map_err(|(e, _)| RedriveError::Kafka(e))?;
    Ok(())
}
