//! Every librdkafka client sift creates, built in one place: the service's consumer and
//! producer (per delivery mode) and the standalone ones of `sift redrive` and the benchmarks. Each gets sift's defaults, then the user's
//! pass-through properties (`[kafka.common]`, then `[kafka.consumer]` / `[kafka.producer]`),
//! then what its role cannot do without.

use crate::config::{Delivery, KafkaConfig, ServiceConfig};
use rdkafka::ClientConfig;
use std::collections::BTreeMap;
use std::time::Duration;

/// Defaults for every client.
const COMMON_DEFAULTS: &[(&str, &str)] = &[
    // librdkafka re-bootstraps when it had no metadata from any broker for this long (default
    // 5 min): after a broker stall that decommissioned every known broker, a producer otherwise
    // sits on "no usable brokers" for minutes.
    ("metadata.recovery.rebootstrap.trigger.ms", "10000"),
    // Reconnect backoff: librdkafka starts at 100 ms and doubles up to this (default 10 s),
    // which made recovery after a broker restart or a network cut take 5-7 s.
    ("reconnect.backoff.max.ms", "2000"),
];

/// Consumer defaults that the service relies on or that suit the workload.
const CONSUMER_DEFAULTS: &[(&str, &str)] = &[
    ("partition.assignment.strategy", "cooperative-sticky"),
    ("auto.offset.reset", "earliest"),
    // Bound what librdkafka prefetches per partition (it's memory, before our own bound).
    ("queued.max.messages.kbytes", "16384"),
    // Inputs written by transactional producers: never process aborted records. Also makes
    // committed-offset fetches wait for pending transactional commits (KIP-447).
    ("isolation.level", "read_committed"),
];

const PRODUCER_DEFAULTS: &[(&str, &str)] = &[
    ("enable.idempotence", "true"),
    ("acks", "all"),
    ("linger.ms", "5"),
    ("compression.type", "lz4"),
    ("message.max.bytes", "16777216"),
];

/// The longest a transactional call (commit, abort, re-initialisation, sending the offsets) may
/// block, and in exactly-once mode the producer's `socket.timeout.ms`: librdkafka lets a request
/// to the transaction coordinator run to the socket timeout whatever the API call's own timeout
/// (the campaign saw `send_offsets_to_transaction` called with 10 s return after 60 s, "Failed to
/// add offsets to transaction ... Timed out (after 59966ms)", on a producer that reached no
/// broker). Each call is one or two round trips when the cluster is up.
pub const TRANSACTION_CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// The smallest transaction timeout sift asks for (librdkafka's and the broker's default).
const MIN_TRANSACTION_TIMEOUT_MS: u64 = 60_000;

/// The service's consumer. At-least-once stores offsets itself (after the ack) and lets the
/// auto-committer commit them; exactly-once commits them through the producer's transaction.
pub fn service_consumer(kafka: &KafkaConfig, service: &ServiceConfig) -> ClientConfig {
    let mut cfg = with_defaults(kafka, CONSUMER_DEFAULTS);
    if kafka.static_membership
        && let Some(instance) = kafka.instance()
    {
        set_default(&mut cfg, "group.instance.id", &instance);
    }
    apply_user(&mut cfg, &kafka.consumer);
    cfg.set("group.id", &kafka.group_id);
    cfg.set("enable.auto.offset.store", "false");
    match service.delivery {
        Delivery::AtLeastOnce => {
            cfg.set("enable.auto.commit", "true");
            cfg.set(
                "auto.commit.interval.ms",
                service.commit_interval_ms.to_string(),
            );
        }
        Delivery::ExactlyOnce => {
            cfg.set("enable.auto.commit", "false");
        }
    }
    // librdkafka's statistics carry the lag of each assigned partition (SiftContext::stats).
    let stats_interval_ms = service.lag_refresh_secs.max(1).saturating_mul(1000);
    cfg.set("statistics.interval.ms", stats_interval_ms.to_string());
    cfg
}

/// The service's producer: `service.produce_timeout_secs` bounds a record from send to
/// acknowledgement (`message.timeout.ms`), not only its enqueueing.
pub fn service_producer(kafka: &KafkaConfig, service: &ServiceConfig) -> ClientConfig {
    let mut cfg = with_defaults(kafka, PRODUCER_DEFAULTS);
    let message_timeout_ms = service.produce_timeout_secs.saturating_mul(1000);
    set_default(
        &mut cfg,
        "message.timeout.ms",
        &message_timeout_ms.to_string(),
    );
    if service.delivery == Delivery::ExactlyOnce {
        // librdkafka refuses a message timeout longer than the transaction timeout.
        let txn_timeout = message_timeout_ms.max(MIN_TRANSACTION_TIMEOUT_MS);
        set_default(&mut cfg, "transaction.timeout.ms", &txn_timeout.to_string());
        let call_ms = TRANSACTION_CALL_TIMEOUT.as_millis().to_string();
        set_default(&mut cfg, "socket.timeout.ms", &call_ms);
        cfg.set("transactional.id", transactional_id(kafka));
    }
    apply_user(&mut cfg, &kafka.producer);
    cfg
}

/// `<group_id>-<instance>`: stable across restarts of a named instance, so that its successor's
/// `init_transactions` fences it and settles its open transaction at once. Without a name it
/// is unique per process (correct, since KIP-447 fences zombies by the consumer generation; but
/// a crashed instance's open transaction then holds back read_committed readers until
/// `transaction.timeout.ms`).
pub fn transactional_id(kafka: &KafkaConfig) -> String {
    match kafka.instance() {
        Some(instance) => format!("{}-{instance}", kafka.group_id),
        None => format!("{}-{}-{}", kafka.group_id, hostname(), std::process::id()),
    }
}

fn hostname() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "sift".into())
}

/// A consumer outside the service (`sift redrive`, benchmarks): it never joins the service's
/// group as a member (no `group.instance.id`, which would fence the running instance that owns it) and
/// commits its position explicitly.
pub fn standalone_consumer(kafka: &KafkaConfig, group: &str) -> ClientConfig {
    let mut cfg = with_defaults(kafka, CONSUMER_DEFAULTS);
    apply_user(&mut cfg, &kafka.consumer);
    cfg.remove("group.instance.id");
    cfg.set("group.id", group);
    cfg.set("enable.auto.commit", "false");
    cfg.set("enable.auto.offset.store", "false");
    cfg
}

/// A producer outside the service (`sift redrive`, benchmarks): idempotent, not transactional.
pub fn standalone_producer(kafka: &KafkaConfig) -> ClientConfig {
    let mut cfg = with_defaults(kafka, PRODUCER_DEFAULTS);
    apply_user(&mut cfg, &kafka.producer);
    cfg.remove("transactional.id");
    cfg
}

/// A short-lived client that only asks a broker for metadata, bootstrapped afresh: whether it
/// reaches the cluster tells a wedged producer (one that reaches no broker while the cluster is
/// up) from a broker outage (`service::probe_brokers`).
pub fn probe_client(kafka: &KafkaConfig) -> ClientConfig {
    let mut cfg = with_defaults(kafka, &[]);
    cfg.remove("transactional.id");
    cfg
}

/// Bootstrap servers, `[kafka.common]`, then `role` defaults the common table did not set.
fn with_defaults(kafka: &KafkaConfig, role: &[(&str, &str)]) -> ClientConfig {
    let mut cfg = ClientConfig::new();
    cfg.set("bootstrap.servers", &kafka.brokers);
    for (k, v) in &kafka.common {
        cfg.set(k, v);
    }
    for (k, v) in COMMON_DEFAULTS.iter().chain(role) {
        set_default(&mut cfg, k, v);
    }
    cfg
}

fn set_default(cfg: &mut ClientConfig, key: &str, value: &str) {
    if cfg.get(key).is_none() {
        cfg.set(key, value);
    }
}

fn apply_user(cfg: &mut ClientConfig, user: &BTreeMap<String, String>) {
    for (k, v) in user {
        cfg.set(k, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exactly_once() -> ServiceConfig {
        ServiceConfig {
            delivery: Delivery::ExactlyOnce,
            ..ServiceConfig::default()
        }
    }

    #[test]
    fn user_properties_override_defaults() {
        let mut kafka = KafkaConfig::default();
        kafka
            .consumer
            .insert("auto.offset.reset".into(), "latest".into());
        kafka
            .common
            .insert("security.protocol".into(), "SASL_SSL".into());
        let service = ServiceConfig {
            commit_interval_ms: 500,
            ..ServiceConfig::default()
        };
        let cfg = service_consumer(&kafka, &service);
        assert_eq!(cfg.get("auto.offset.reset"), Some("latest"));
        assert_eq!(
            cfg.get("partition.assignment.strategy"),
            Some("cooperative-sticky")
        );
        assert_eq!(cfg.get("security.protocol"), Some("SASL_SSL"));
        assert_eq!(cfg.get("auto.commit.interval.ms"), Some("500"));
        let producer = service_producer(&kafka, &service);
        assert_eq!(producer.get("enable.idempotence"), Some("true"));
        assert_eq!(producer.get("transactional.id"), None);
    }

    #[test]
    fn produce_timeout_is_the_message_timeout() {
        let service = ServiceConfig {
            produce_timeout_secs: 7,
            ..ServiceConfig::default()
        };
        let cfg = service_producer(&KafkaConfig::default(), &service);
        assert_eq!(cfg.get("message.timeout.ms"), Some("7000"));
        // At-least-once keeps librdkafka's request timeout: it never blocks on a request.
        assert_eq!(cfg.get("socket.timeout.ms"), None);
    }

    #[test]
    fn exactly_once_is_transactional_with_a_stable_id_and_manual_commits() {
        let kafka = KafkaConfig {
            group_id: "g".into(),
            instance_id: "sift-2".into(),
            ..KafkaConfig::default()
        };
        let service = ServiceConfig {
            produce_timeout_secs: 90,
            ..exactly_once()
        };
        let producer = service_producer(&kafka, &service);
        assert_eq!(producer.get("transactional.id"), Some("g-sift-2"));
        assert_eq!(producer.get("transaction.timeout.ms"), Some("90000"));
        assert_eq!(producer.get("socket.timeout.ms"), Some("10000"));
        let consumer = service_consumer(&kafka, &service);
        assert_eq!(consumer.get("enable.auto.commit"), Some("false"));
        assert_eq!(consumer.get("group.instance.id"), Some("sift-2"));
        assert_eq!(consumer.get("isolation.level"), Some("read_committed"));
    }

    #[test]
    fn standalone_clients_are_plain_members_of_their_own_group() {
        let mut kafka = KafkaConfig {
            instance_id: "sift-0".into(),
            ..KafkaConfig::default()
        };
        kafka.producer.insert("transactional.id".into(), "x".into());
        let consumer = standalone_consumer(&kafka, "sift-redrive");
        assert_eq!(consumer.get("group.id"), Some("sift-redrive"));
        assert_eq!(consumer.get("group.instance.id"), None);
        assert_eq!(consumer.get("enable.auto.commit"), Some("false"));
        assert_eq!(standalone_producer(&kafka).get("transactional.id"), None);
    }
}
