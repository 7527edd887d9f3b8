//! librdkafka client configuration: sift's defaults, then the user's pass-through properties.

use crate::config::KafkaConfig;
use rdkafka::ClientConfig;
use std::collections::BTreeMap;

/// Consumer defaults that the at-least-once design relies on or that suit the workload.
/// The user's `[kafka.consumer]` may override any of them.
const CONSUMER_DEFAULTS: &[(&str, &str)] = &[
    ("partition.assignment.strategy", "cooperative-sticky"),
    // Offsets are stored only once the output record is acknowledged; the auto-committer
    // then commits stored offsets only.
    ("enable.auto.commit", "true"),
    ("enable.auto.offset.store", "false"),
    ("auto.offset.reset", "earliest"),
    // Bound what librdkafka prefetches per partition (it's memory, before our own bound).
    ("queued.max.messages.kbytes", "16384"),
];

const PRODUCER_DEFAULTS: &[(&str, &str)] = &[
    ("enable.idempotence", "true"),
    ("acks", "all"),
    ("linger.ms", "5"),
    ("compression.type", "lz4"),
    ("message.max.bytes", "16777216"),
];

pub fn consumer_config(kafka: &KafkaConfig, commit_interval_ms: u64) -> ClientConfig {
    let mut cfg = base(kafka);
    cfg.set("group.id", &kafka.group_id);
    cfg.set("auto.commit.interval.ms", commit_interval_ms.to_string());
    apply(&mut cfg, CONSUMER_DEFAULTS.iter().copied(), &kafka.consumer);
    cfg
}

pub fn producer_config(kafka: &KafkaConfig) -> ClientConfig {
    let mut cfg = base(kafka);
    apply(&mut cfg, PRODUCER_DEFAULTS.iter().copied(), &kafka.producer);
    cfg
}

fn base(kafka: &KafkaConfig) -> ClientConfig {
    let mut cfg = ClientConfig::new();
    cfg.set("bootstrap.servers", &kafka.brokers);
    for (k, v) in &kafka.common {
        cfg.set(k, v);
    }
    cfg
}

/// Sets `defaults` unless `[kafka.common]` already did, then the user's own properties.
fn apply<'a>(
    cfg: &mut ClientConfig,
    defaults: impl Iterator<Item = (&'a str, &'a str)>,
    user: &BTreeMap<String, String>,
) {
    for (k, v) in defaults {
        if cfg.get(k).is_none() {
            cfg.set(k, v);
        }
    }
    for (k, v) in user {
        cfg.set(k, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_properties_override_defaults() {
        let mut kafka = KafkaConfig::default();
        kafka
            .consumer
            .insert("auto.offset.reset".into(), "latest".into());
        kafka
            .common
            .insert("security.protocol".into(), "SASL_SSL".into());
        let cfg = consumer_config(&kafka, 500);
        assert_eq!(cfg.get("auto.offset.reset"), Some("latest"));
        assert_eq!(
            cfg.get("partition.assignment.strategy"),
            Some("cooperative-sticky")
        );
        assert_eq!(cfg.get("security.protocol"), Some("SASL_SSL"));
        assert_eq!(cfg.get("auto.commit.interval.ms"), Some("500"));
        assert_eq!(
            producer_config(&kafka).get("enable.idempotence"),
            Some("true")
        );
    }
}
