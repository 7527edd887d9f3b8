//! What sift reports about itself, one type per event: each emits its metrics and its log line
//! together, from here only (Vector's internal events are the model). Call sites say what
//! happened (`emit(&metrics, DeadLettered { .. })`); which counter moves and what the log says
//! is decided once, so a metric cannot drift from its log line or from the vocabulary.

use crate::metrics::Metrics;
use crate::route::{Failure, SourceMessage};
use crate::vocab::{DedupReason, Outcome, RebalanceKind, RedriveResult, RejectReason, Stage};
use std::time::Duration;
use tracing::{debug, info, warn};

/// An event sift reports: updates `metrics` and logs.
pub trait InternalEvent {
    fn emit(self, metrics: &Metrics);
}

pub fn emit(metrics: &Metrics, event: impl InternalEvent) {
    event.emit(metrics);
}

/// A message taken from an input topic.
pub struct MessageConsumed {
    pub bytes: usize,
}

impl InternalEvent for MessageConsumed {
    fn emit(self, m: &Metrics) {
        m.consumed_messages.inc();
        m.consumed_bytes.inc_by(self.bytes as u64);
        m.in_flight.inc();
    }
}

/// A stage finished for one message.
pub struct StageFinished {
    pub stage: Stage,
    pub took: Duration,
}

impl InternalEvent for StageFinished {
    fn emit(self, m: &Metrics) {
        m.stage_duration
            .with_label_values(&[self.stage.as_str()])
            .observe(self.took.as_secs_f64());
    }
}

/// One part of a message's way (`sift_message_stage_seconds`: fetch, queue, extract, ...).
pub struct MessageStageTimed {
    pub stage: &'static str,
    pub took: Duration,
}

impl InternalEvent for MessageStageTimed {
    fn emit(self, m: &Metrics) {
        m.message_stage
            .with_label_values(&[self.stage])
            .observe(self.took.as_secs_f64());
    }
}

/// Deduplication decided on an article.
pub struct DedupDecided {
    pub reason: DedupReason,
}

impl InternalEvent for DedupDecided {
    fn emit(self, m: &Metrics) {
        m.dedup_decisions
            .with_label_values(&[self.reason.as_str()])
            .inc();
    }
}

/// A page that is not an article.
pub struct PageRejected<'a> {
    pub reason: RejectReason,
    pub source: &'a SourceMessage,
}

impl InternalEvent for PageRejected<'_> {
    fn emit(self, m: &Metrics) {
        m.rejected.with_label_values(&[self.reason.as_str()]).inc();
        let s = self.source;
        debug!(reason = %self.reason, topic = %s.topic, partition = s.partition, offset = s.offset, "page rejected");
    }
}

/// A message that becomes a dead letter (also when the broker refused its first record).
pub struct DeadLettered<'a> {
    pub failure: &'a Failure,
    pub source: &'a SourceMessage,
}

impl InternalEvent for DeadLettered<'_> {
    fn emit(self, m: &Metrics) {
        let (f, s) = (self.failure, self.source);
        m.dead_letters.with_label_values(&[f.class.as_str()]).inc();
        debug!(
            stage = %f.stage, class = %f.class, error = %f.message,
            topic = %s.topic, partition = s.partition, offset = s.offset,
            "dead letter"
        );
    }
}

/// A produce attempt the broker did not acknowledge (the caller logs what it does next:
/// retry, dead letter, or abort the transaction).
pub struct ProduceFailed<'a> {
    pub error: &'a rdkafka::error::KafkaError,
}

impl InternalEvent for ProduceFailed<'_> {
    fn emit(self, m: &Metrics) {
        m.produce_errors.inc();
        debug!(error = %self.error, "produce failed");
    }
}

/// The broker acknowledged the one record of a consumed message.
pub struct RecordPublished {
    pub outcome: Outcome,
    /// Since the message was consumed.
    pub took: Duration,
    pub now_secs: i64,
}

impl InternalEvent for RecordPublished {
    fn emit(self, m: &Metrics) {
        m.published
            .with_label_values(&[self.outcome.as_str()])
            .inc();
        m.end_to_end_duration.observe(self.took.as_secs_f64());
        m.last_progress.set(self.now_secs);
    }
}

/// A consumed message is done with (published, or dropped on revoke or shutdown).
pub struct MessageFinished;

impl InternalEvent for MessageFinished {
    fn emit(self, m: &Metrics) {
        m.in_flight.dec();
    }
}

/// A consumer-group rebalance event.
pub struct Rebalanced<'a> {
    pub kind: RebalanceKind,
    pub partitions: &'a [(String, i32)],
    pub error: Option<&'a dyn std::fmt::Display>,
}

impl InternalEvent for Rebalanced<'_> {
    fn emit(self, m: &Metrics) {
        m.rebalances.with_label_values(&[self.kind.as_str()]).inc();
        match (self.kind, self.error) {
            (RebalanceKind::Error, Some(e)) => warn!(error = %e, "rebalance error"),
            (RebalanceKind::Error, None) => warn!("rebalance error"),
            (RebalanceKind::Lost, _) => {
                warn!(partitions = ?self.partitions, "partitions lost");
                forget_lag(m, self.partitions);
            }
            (RebalanceKind::Assign, _) => {
                info!(partitions = ?self.partitions, "partitions assigned")
            }
            (RebalanceKind::Revoke, _) => {
                info!(partitions = ?self.partitions, "partitions revoked");
                forget_lag(m, self.partitions);
            }
        }
    }
}

/// Partitions no longer ours have no lag of ours.
fn forget_lag(m: &Metrics, partitions: &[(String, i32)]) {
    for (topic, partition) in partitions {
        let _ = m
            .consumer_lag
            .remove_label_values(&[topic, &partition.to_string()]);
    }
}

/// librdkafka's statistics: the lag of one assigned partition.
pub struct ConsumerLag<'a> {
    pub topic: &'a str,
    pub partition: i32,
    pub lag: i64,
}

impl InternalEvent for ConsumerLag<'_> {
    fn emit(self, m: &Metrics) {
        m.consumer_lag
            .with_label_values(&[self.topic, &self.partition.to_string()])
            .set(self.lag.max(0));
    }
}

/// The dedup store measured (every few seconds).
pub struct DedupStoreMeasured {
    pub entries: u64,
    pub bytes: u64,
    /// Articles expired since the last measurement.
    pub new_evictions: u64,
}

impl InternalEvent for DedupStoreMeasured {
    fn emit(self, m: &Metrics) {
        m.dedup_store_entries
            .set(i64::try_from(self.entries).unwrap_or(i64::MAX));
        m.dedup_store_bytes
            .set(i64::try_from(self.bytes).unwrap_or(i64::MAX));
        m.dedup_evictions.inc_by(self.new_evictions);
    }
}

/// `sift redrive` handled a dead letter.
pub struct Redriven {
    pub result: RedriveResult,
}

impl InternalEvent for Redriven {
    fn emit(self, m: &Metrics) {
        m.redriven.with_label_values(&[self.result.as_str()]).inc();
    }
}
