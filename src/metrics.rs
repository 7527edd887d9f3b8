//! Every metric sift exports, defined in one place.
//!
//! Names follow Prometheus conventions: `sift_` prefix, `_total` for counters, `_seconds` and
//! `_bytes` units, and only low-cardinality labels, whose values are the names of
//! [`crate::vocab`]. They are updated from [`crate::internal_events`] only. The README's
//! "Metrics" section lists them; keep both in step.

use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge,
    IntGaugeVec, Opts, Registry, TextEncoder,
};

/// Buckets from 100 µs to 10 s: extraction is milliseconds, produce acks tens of milliseconds.
const DURATION_BUCKETS: &[f64] = &[
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
    5.0, 10.0,
];

/// The parts of a message's way through the service, in order; together they are its latency
/// from the input record's timestamp to the offset being stored.
pub const MESSAGE_STAGES: [&str; 8] = [
    "fetch",
    "queue",
    "extract",
    "order",
    "dedup",
    "publish_wait",
    "produce",
    "ack_order",
];

/// Finer buckets for the per-message stages, whose tails the latency budget is about.
const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15,
    0.2, 0.3, 0.5, 0.75, 1.0, 2.0, 5.0, 10.0,
];

pub struct Metrics {
    pub registry: Registry,
    pub consumed_messages: IntCounter,
    pub consumed_bytes: IntCounter,
    /// Published records by [`crate::vocab::Outcome`].
    pub published: IntCounterVec,
    /// Rejected pages by [`crate::vocab::RejectReason`].
    pub rejected: IntCounterVec,
    /// Dead letters by [`crate::vocab::ErrorClass`].
    pub dead_letters: IntCounterVec,
    /// By [`crate::vocab::Stage`] (`internal` is never timed).
    pub stage_duration: HistogramVec,
    pub end_to_end_duration: Histogram,
    /// Wall-clock time of each of [`MESSAGE_STAGES`] per message.
    pub message_stage: HistogramVec,
    pub consumer_lag: IntGaugeVec,
    pub in_flight: IntGauge,
    pub produce_errors: IntCounter,
    /// Rebalance events by [`crate::vocab::RebalanceKind`].
    pub rebalances: IntCounterVec,
    pub last_progress: IntGauge,
    /// By [`crate::vocab::DedupReason`].
    pub dedup_decisions: IntCounterVec,
    pub dedup_store_entries: IntGauge,
    pub dedup_store_bytes: IntGauge,
    pub dedup_evictions: IntCounter,
    /// Redriven dead letters by [`crate::vocab::RedriveResult`].
    pub redriven: IntCounterVec,
    /// Exactly-once transactions by result: committed, aborted.
    pub transactions: IntCounterVec,
    /// Producers replaced after a stall or a fatal or indefinite transaction error.
    pub producer_recreations: IntCounter,
    /// Consumers replaced because the running one could no longer consume.
    pub consumer_recreations: IntCounter,
    /// 1 while the dedup store answers, 0 while decisions are retried against an outage.
    pub dedup_store_up: IntGauge,
    /// Dedup decisions retried after a store error.
    pub dedup_store_retries: IntCounter,
}

impl Metrics {
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        let reg = Registrar(&registry);
        let metrics = Metrics {
            consumed_messages: reg.counter(
                "sift_consumed_messages_total",
                "Messages consumed from the input topics.",
            )?,
            consumed_bytes: reg.counter(
                "sift_consumed_bytes_total",
                "Bytes of message values consumed.",
            )?,
            published: reg.counter_vec(
                "sift_events_published_total",
                "Records acknowledged by the broker, by outcome.",
                &["outcome"],
            )?,
            rejected: reg.counter_vec(
                "sift_rejected_total",
                "Pages routed to the rejected topic, by reason.",
                &["reason"],
            )?,
            dead_letters: reg.counter_vec(
                "sift_dead_letters_total",
                "Messages routed to the dead-letter topic, by error class.",
                &["error_class"],
            )?,
            stage_duration: reg.histogram_vec(
                "sift_stage_duration_seconds",
                "Processing time per stage.",
                &["stage"],
            )?,
            end_to_end_duration: reg.histogram(
                "sift_processing_duration_seconds",
                "Time from consuming a message to the broker acknowledging its output.",
            )?,
            message_stage: reg.register(HistogramVec::new(
                HistogramOpts::new(
                    "sift_message_stage_seconds",
                    "Wall-clock time of each part of a message's way from the input record's \
                     timestamp to its offset being stored, by stage.",
                )
                .buckets(LATENCY_BUCKETS.to_vec()),
                &["stage"],
            )?)?,
            consumer_lag: reg.gauge_vec(
                "sift_consumer_lag_messages",
                "Messages not yet acknowledged downstream per assigned partition: high watermark minus the stored (else committed) offset, from librdkafka's statistics.",
                &["topic", "partition"],
            )?,
            in_flight: reg.gauge(
                "sift_in_flight_messages",
                "Messages consumed and not yet acknowledged downstream.",
            )?,
            produce_errors: reg.counter(
                "sift_produce_errors_total",
                "Produce attempts the broker did not acknowledge.",
            )?,
            rebalances: reg.counter_vec(
                "sift_rebalances_total",
                "Consumer group rebalance events, by kind.",
                &["kind"],
            )?,
            last_progress: reg.gauge(
                "sift_last_progress_timestamp_seconds",
                "Unix time of the last acknowledged output record.",
            )?,
            dedup_decisions: reg.counter_vec(
                "sift_dedup_decisions_total",
                "Deduplication decisions, by reason.",
                &["reason"],
            )?,
            dedup_store_entries: reg.gauge(
                "sift_dedup_store_entries",
                "Articles remembered by the deduplication store.",
            )?,
            dedup_store_bytes: reg.gauge(
                "sift_dedup_store_bytes",
                "Bytes of deduplication state: the embedded store's data on disk (tables and journal, without unused preallocated journal space), or Redis used_memory.",
            )?,
            dedup_evictions: reg.counter(
                "sift_dedup_evictions_total",
                "Articles expired from the deduplication store.",
            )?,
            redriven: reg.counter_vec(
                "sift_redriven_messages_total",
                "Dead letters handled by `sift redrive`, by result.",
                &["result"],
            )?,
            transactions: reg.counter_vec(
                "sift_transactions_total",
                "Exactly-once transactions, by result (committed, aborted).",
                &["result"],
            )?,
            producer_recreations: reg.counter(
                "sift_producer_recreations_total",
                "Producers replaced after a stall or a fatal or indefinite transaction error.",
            )?,
            consumer_recreations: reg.counter(
                "sift_consumer_recreations_total",
                "Consumers replaced because the running one could no longer consume (a fatal error, or no assignment while the group has work).",
            )?,
            dedup_store_up: reg.gauge(
                "sift_dedup_store_up",
                "1 while the dedup store answers, 0 while an outage is being retried.",
            )?,
            dedup_store_retries: reg.counter(
                "sift_dedup_store_retries_total",
                "Dedup decisions retried after a store error.",
            )?,
            registry,
        };
        metrics.dedup_store_up.set(1);
        let build_info = IntGaugeVec::new(
            Opts::new(
                "sift_build_info",
                "Always 1; labels carry the build's version.",
            ),
            &["version"],
        )?;
        build_info
            .with_label_values(&[env!("CARGO_PKG_VERSION")])
            .set(1);
        metrics.registry.register(Box::new(build_info))?;
        #[cfg(target_os = "linux")]
        metrics.registry.register(Box::new(
            prometheus::process_collector::ProcessCollector::for_self(),
        ))?;
        Ok(metrics)
    }

    /// The registry in Prometheus text exposition format.
    pub fn render(&self) -> String {
        let mut buf = Vec::new();
        // Encoding to a Vec cannot fail for the text format.
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    }
}

/// Creates metrics and registers them in one step.
struct Registrar<'a>(&'a Registry);

impl Registrar<'_> {
    fn register<M: prometheus::core::Collector + Clone + 'static>(
        &self,
        metric: M,
    ) -> Result<M, prometheus::Error> {
        self.0.register(Box::new(metric.clone()))?;
        Ok(metric)
    }

    fn counter(&self, name: &str, help: &str) -> Result<IntCounter, prometheus::Error> {
        self.register(IntCounter::new(name, help)?)
    }

    fn counter_vec(
        &self,
        name: &str,
        help: &str,
        labels: &[&str],
    ) -> Result<IntCounterVec, prometheus::Error> {
        self.register(IntCounterVec::new(Opts::new(name, help), labels)?)
    }

    fn gauge(&self, name: &str, help: &str) -> Result<IntGauge, prometheus::Error> {
        self.register(IntGauge::new(name, help)?)
    }

    fn gauge_vec(
        &self,
        name: &str,
        help: &str,
        labels: &[&str],
    ) -> Result<IntGaugeVec, prometheus::Error> {
        self.register(IntGaugeVec::new(Opts::new(name, help), labels)?)
    }

    fn histogram(&self, name: &str, help: &str) -> Result<Histogram, prometheus::Error> {
        self.register(Histogram::with_opts(
            HistogramOpts::new(name, help).buckets(DURATION_BUCKETS.to_vec()),
        )?)
    }

    fn histogram_vec(
        &self,
        name: &str,
        help: &str,
        labels: &[&str],
    ) -> Result<HistogramVec, prometheus::Error> {
        self.register(HistogramVec::new(
            HistogramOpts::new(name, help).buckets(DURATION_BUCKETS.to_vec()),
            labels,
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_family_with_the_sift_prefix() {
        let m = Metrics::new().expect("metrics register");
        m.published.with_label_values(&["clean"]).inc();
        let text = m.render();
        assert!(text.contains("sift_events_published_total{outcome=\"clean\"} 1"));
        assert!(text.contains("sift_build_info{version="));
        assert!(text.contains("process_resident_memory_bytes"));
    }
}
