//! Producing output records.
//!
//! At-least-once: a consumed offset is stored for commit only after its record is acknowledged,
//! so a failed produce is retried (with backoff) rather than skipped. A record the broker
//! refuses for good (too large, invalid) is replaced by a dead letter saying so, so that no
//! partition stalls. Exactly-once sends through [`Publisher::enqueue`] inside a transaction
//! (`transaction.rs`), which aborts and replays instead of retrying.
//!
//! The producer sits in a slot so it can be replaced: a producer that has had no usable broker
//! for `service.producer_stall_secs` is recreated (`service::watch_producer`), and exactly-once
//! recreates its producer after a fatal or indefinite transaction error.

use crate::internal_events::{DeadLettered, ProduceFailed, emit};
use crate::metrics::Metrics;
use crate::route::{Disposition, Failure, OutputConfig, OutputRecord, SourceMessage, route};
use crate::vocab::{ErrorClass, Outcome, Stage};
use rdkafka::ClientConfig;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{DeliveryFuture, FutureProducer, FutureRecord};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tracing::warn;

const MAX_BACKOFF: Duration = Duration::from_secs(5);

pub struct Publisher {
    producer: RwLock<Arc<FutureProducer>>,
    /// How the producer was built, to build it again.
    client_config: ClientConfig,
    pub output: OutputConfig,
    /// Enqueue timeout of at-least-once sends; the acknowledgement is bounded by the
    /// producer's message.timeout.ms (the same value).
    pub timeout: Duration,
    /// Unix ms of the last acknowledged record and of the last failed one.
    last_ack_ms: AtomicI64,
    last_failure_ms: AtomicI64,
}

impl Publisher {
    pub fn new(
        client_config: ClientConfig,
        output: OutputConfig,
        timeout: Duration,
    ) -> Result<Self, KafkaError> {
        let producer: FutureProducer = client_config.create()?;
        Ok(Publisher {
            producer: RwLock::new(Arc::new(producer)),
            client_config,
            output,
            timeout,
            last_ack_ms: AtomicI64::new(super::health::now_ms()),
            last_failure_ms: AtomicI64::new(0),
        })
    }

    /// The current producer.
    pub fn producer(&self) -> Arc<FutureProducer> {
        // A poisoned lock only means a thread panicked while swapping an Arc.
        self.producer
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Builds a new producer from the same configuration (not yet installed).
    pub fn build_producer(&self) -> Result<FutureProducer, KafkaError> {
        self.client_config.create()
    }

    /// Installs `producer`; returns the one it replaces (drop it off the async runtime: its
    /// destruction waits for librdkafka's threads).
    pub fn replace_producer(&self, producer: FutureProducer) -> Arc<FutureProducer> {
        let mut slot = self.producer.write().unwrap_or_else(|p| p.into_inner());
        self.last_ack_ms
            .store(super::health::now_ms(), Ordering::Relaxed);
        std::mem::replace(&mut *slot, Arc::new(producer))
    }

    /// How long sends have failed with none acknowledged since, if they have.
    pub fn failing_for(&self) -> Option<Duration> {
        let (ack, failure) = (
            self.last_ack_ms.load(Ordering::Relaxed),
            self.last_failure_ms.load(Ordering::Relaxed),
        );
        (failure > ack).then(|| {
            let ms = super::health::now_ms().saturating_sub(ack);
            Duration::from_millis(u64::try_from(ms).unwrap_or(0))
        })
    }

    /// Notes the outcome of one send, for [`Publisher::failing_for`].
    pub fn note(&self, result: &Result<(), KafkaError>, metrics: &Metrics) {
        let now = super::health::now_ms();
        match result {
            Ok(()) => self.last_ack_ms.store(now, Ordering::Relaxed),
            Err(error) => {
                emit(metrics, ProduceFailed { error });
                self.last_failure_ms.store(now, Ordering::Relaxed);
            }
        }
    }

    /// At-least-once: produces `record`, retrying transient failures; returns the outcome of
    /// the record that was acked (a dead letter when the broker refused the first for good).
    /// `None`: a send failed after `abandon` turned true, and the record is given up: its
    /// partition is no longer this worker's, and its next owner processes the message again.
    /// (Retrying it anyway published it twice after a broker stall: once from here, once from
    /// the partition's next owner, both once the producer was back.)
    pub async fn publish(
        &self,
        mut record: OutputRecord,
        source: &SourceMessage,
        metrics: &Metrics,
        abandon: &(dyn Fn() -> bool + Sync),
    ) -> Option<Outcome> {
        let mut backoff = Duration::from_millis(100);
        loop {
            let result = self.send(&record).await;
            self.note(&result, metrics);
            let Err(e) = result else {
                return Some(record.outcome);
            };
            if abandon() {
                warn!(error = %e, topic = self.output.topic(record.outcome), "produce failed after the partition was given up; not retrying");
                return None;
            }
            if is_permanent(&e) && record.outcome != Outcome::DeadLetter {
                warn!(error = %e, topic = self.output.topic(record.outcome), "record refused; sending a dead letter instead");
                record = refused(source, &self.output, e.to_string(), metrics);
                continue;
            }
            warn!(error = %e, topic = self.output.topic(record.outcome), ?backoff, "produce failed; retrying");
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }

    async fn send(&self, record: &OutputRecord) -> Result<(), KafkaError> {
        self.producer()
            .send(self.future_record(record), self.timeout)
            .await
            .map(|_| ())
            .map_err(|(e, _)| e)
    }

    /// Exactly-once: enqueues `record` on `producer` (the transaction's) without waiting;
    /// the returned future resolves on acknowledgement.
    pub fn enqueue(
        &self,
        producer: &FutureProducer,
        record: &OutputRecord,
    ) -> Result<DeliveryFuture, KafkaError> {
        producer
            .send_result(self.future_record(record))
            .map_err(|(e, _)| e)
    }

    fn future_record<'a>(&'a self, record: &'a OutputRecord) -> FutureRecord<'a, [u8], [u8]> {
        let mut headers = OwnedHeaders::new_with_capacity(record.headers.len());
        for (k, v) in &record.headers {
            headers = headers.insert(Header {
                key: k,
                value: Some(v),
            });
        }
        FutureRecord::to(self.output.topic(record.outcome))
            .key(record.key.as_slice())
            .payload(record.payload.as_slice())
            .headers(headers)
    }
}

/// The dead letter that replaces a record the broker refused for good.
pub fn refused(
    source: &SourceMessage,
    output: &OutputConfig,
    why: String,
    metrics: &Metrics,
) -> OutputRecord {
    let failure = Failure {
        stage: Stage::Produce,
        class: ErrorClass::ProduceRefused,
        message: why,
    };
    emit(
        metrics,
        DeadLettered {
            failure: &failure,
            source,
        },
    );
    route(
        &Disposition::DeadLetter(failure),
        source,
        output,
        &now_rfc3339(),
    )
}

/// Errors that retrying the same record cannot fix.
pub fn is_permanent(e: &KafkaError) -> bool {
    matches!(
        e.rdkafka_error_code(),
        Some(
            RDKafkaErrorCode::MessageSizeTooLarge
                | RDKafkaErrorCode::InvalidMessageSize
                | RDKafkaErrorCode::InvalidMessage
                | RDKafkaErrorCode::InvalidRecord
        )
    )
}

pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
