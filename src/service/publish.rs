//! Producing output records until the broker acknowledges them.
//!
//! A consumed offset is stored for commit only after its record is acknowledged, so a failed
//! produce is retried (with backoff) rather than skipped. A record the broker refuses for good
//! (too large, invalid) is replaced by a dead letter saying so, so that no partition stalls.

use crate::metrics::Metrics;
use crate::route::{
    Destination, Failure, Outcome, OutputConfig, OutputRecord, SourceMessage, route,
};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};
use std::time::Duration;
use tracing::warn;

const MAX_BACKOFF: Duration = Duration::from_secs(5);

pub struct Publisher {
    pub producer: FutureProducer,
    pub output: OutputConfig,
    pub timeout: Duration,
}

impl Publisher {
    /// Produces `record`, retrying transient failures; returns the destination that was acked.
    pub async fn publish(
        &self,
        mut record: OutputRecord,
        source: &SourceMessage,
        metrics: &Metrics,
    ) -> Destination {
        let mut backoff = Duration::from_millis(100);
        loop {
            match self.send(&record).await {
                Ok(()) => return record.destination,
                Err(e) => {
                    metrics.produce_errors.inc();
                    if is_permanent(&e) && record.destination != Destination::DeadLetter {
                        warn!(error = %e, topic = self.output.topic(record.destination), "record refused; sending a dead letter instead");
                        let failure = Failure {
                            stage: "produce",
                            class: "produce_refused",
                            message: e.to_string(),
                        };
                        record = route(
                            &Outcome::DeadLetter(failure),
                            source,
                            &self.output,
                            &now_rfc3339(),
                        );
                        continue;
                    }
                    warn!(error = %e, topic = self.output.topic(record.destination), ?backoff, "produce failed; retrying");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
        }
    }

    async fn send(&self, record: &OutputRecord) -> Result<(), KafkaError> {
        let mut headers = OwnedHeaders::new_with_capacity(record.headers.len());
        for (k, v) in &record.headers {
            headers = headers.insert(Header {
                key: k,
                value: Some(v),
            });
        }
        let fr = FutureRecord::to(self.output.topic(record.destination))
            .key(&record.key)
            .payload(&record.payload)
            .headers(headers);
        self.producer
            .send(fr, self.timeout)
            .await
            .map(|_| ())
            .map_err(|(e, _)| e)
    }
}

/// Errors that retrying the same record cannot fix.
fn is_permanent(e: &KafkaError) -> bool {
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
