//! Typed settings and their layering: `config/default.toml` (compiled in), then `--config FILE`,
//! then environment variables `SIFT__SECTION__KEY`. Sections owned by a stage (input, extract,
//! dedup, output) are defined, and documented, in that stage's module.

use crate::redrive::RedriveConfig;
use crate::route::OutputConfig;
use serde::{Deserialize, Serialize};
use sift_dedup::DedupConfig;
use sift_extract::ExtractConfig;
use sift_extract::input::InputConfig;
use std::collections::BTreeMap;
use std::path::Path;

/// The shipped defaults, every key documented.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// Environment variables for SASL credentials (dotted librdkafka names can't be `SIFT__` keys).
const SASL_ENV: [(&str, &str); 2] = [
    ("SIFT_KAFKA_SASL_USERNAME", "sasl.username"),
    ("SIFT_KAFKA_SASL_PASSWORD", "sasl.password"),
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub kafka: KafkaConfig,
    pub service: ServiceConfig,
    pub http: HttpConfig,
    pub log: LogConfig,
    pub input: InputConfig,
    pub extract: ExtractConfig,
    pub dedup: DedupConfig,
    pub output: OutputConfig,
    pub redrive: RedriveConfig,
}

/// `[kafka]`: the cluster, the group, the input, and librdkafka pass-through properties.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KafkaConfig {
    /// Bootstrap servers, comma separated.
    pub brokers: String,
    /// Consumer group shared by the instances that split the input partitions.
    pub group_id: String,
    /// Topics of raw pages.
    pub input_topics: Vec<String>,
    /// librdkafka properties for consumer and producer.
    pub common: BTreeMap<String, String>,
    /// librdkafka properties for the consumer only.
    pub consumer: BTreeMap<String, String>,
    /// librdkafka properties for the producer only.
    pub producer: BTreeMap<String, String>,
    /// This instance's stable name: `group.instance.id` (static membership) and the suffix of
    /// `transactional.id`. Empty: `$POD_NAME` when set, else none (see [`KafkaConfig::instance`]).
    pub instance_id: String,
    /// Join the group as a static member (`group.instance.id`) when the instance has a name.
    pub static_membership: bool,
}

impl KafkaConfig {
    /// The instance name: `instance_id`, else the `POD_NAME` environment variable (a
    /// Kubernetes StatefulSet pod name is stable across restarts), else `None`.
    pub fn instance(&self) -> Option<String> {
        Some(self.instance_id.trim().to_string())
            .filter(|id| !id.is_empty())
            .or_else(|| {
                std::env::var("POD_NAME")
                    .ok()
                    .filter(|id| !id.trim().is_empty())
            })
    }
}

impl Default for KafkaConfig {
    fn default() -> Self {
        KafkaConfig {
            brokers: "127.0.0.1:9092".into(),
            group_id: "sift".into(),
            input_topics: vec!["pages".into()],
            common: BTreeMap::new(),
            consumer: BTreeMap::new(),
            producer: BTreeMap::new(),
            instance_id: String::new(),
            static_membership: true,
        }
    }
}

/// What a consumed message's output record and its offset commit promise together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Delivery {
    /// Offsets committed after the record is acknowledged: a crash can repeat records.
    #[default]
    AtLeastOnce,
    /// Records and offsets committed in one Kafka transaction (read_committed consumers).
    ExactlyOnce,
}

/// `[service]`: delivery, concurrency, backpressure and shutdown.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServiceConfig {
    /// `at-least-once` or `exactly-once`.
    pub delivery: Delivery,
    /// Exactly-once: commit the transaction once it holds this many records ...
    pub transaction_max_records: usize,
    /// ... or once its first record is this old, milliseconds.
    pub transaction_max_ms: u64,
    /// Recreate the producer when sends failed and none succeeded for this long, seconds.
    pub producer_stall_secs: u64,
    /// Recreate the consumer when it has been out of its group (assignment lost, no new one) for
    /// this long, seconds.
    pub rejoin_timeout_secs: u64,
    /// Retry an unreachable dedup store this long before a message becomes a dead letter.
    pub dedup_store_deadline_secs: u64,
    /// Extraction threads; 0 = one per core.
    pub workers: usize,
    /// Messages consumed but not yet acknowledged, across partitions (backpressure bound).
    pub max_in_flight: usize,
    /// Messages of one partition in process at once (published in order regardless).
    pub partition_concurrency: usize,
    /// Deadline for draining after SIGTERM/SIGINT.
    pub shutdown_timeout_secs: u64,
    /// How long a produce waits for its acknowledgement before it is retried.
    pub produce_timeout_secs: u64,
    /// Interval of offset commits.
    pub commit_interval_ms: u64,
    /// Interval of librdkafka's statistics, which carry the consumer lag per partition.
    pub lag_refresh_secs: u64,
    /// /healthz fails after this long without progress while work is pending.
    pub stall_timeout_secs: u64,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            delivery: Delivery::AtLeastOnce,
            transaction_max_records: 1000,
            transaction_max_ms: 100,
            producer_stall_secs: 60,
            rejoin_timeout_secs: 30,
            dedup_store_deadline_secs: 300,
            workers: 0,
            max_in_flight: 256,
            partition_concurrency: 8,
            shutdown_timeout_secs: 30,
            produce_timeout_secs: 30,
            commit_interval_ms: 1000,
            lag_refresh_secs: 1,
            stall_timeout_secs: 120,
        }
    }
}

/// `[http]`: the metrics and health endpoint.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    /// Listen address of /metrics, /healthz, /readyz; empty disables.
    pub listen: String,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            listen: "0.0.0.0:9464".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    Json,
    Pretty,
}

/// `[log]`: structured logs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// `json` or `pretty`.
    pub format: LogFormat,
    /// Level or tracing filter directive.
    pub level: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            format: LogFormat::Json,
            level: "info".into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    Load(#[from] config::ConfigError),
    #[error("invalid value for `{key}`: {why}")]
    Invalid { key: &'static str, why: String },
}

impl Config {
    /// Loads the layers: defaults, then `file`, then `SIFT__*` environment variables.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        Self::load_with_env(file, std::env::vars())
    }

    /// [`Config::load`] with an explicit environment (tests).
    pub fn load_with_env(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        let env: std::collections::HashMap<String, String> = env.into_iter().collect();
        let mut builder = config::Config::builder().add_source(config::File::from_str(
            DEFAULT_TOML,
            config::FileFormat::Toml,
        ));
        if let Some(path) = file {
            builder = builder.add_source(config::File::from(path).format(config::FileFormat::Toml));
        }
        builder = builder.add_source(
            config::Environment::with_prefix("SIFT")
                .prefix_separator("__")
                .separator("__")
                .try_parsing(true)
                .list_separator(",")
                .with_list_parse_key("kafka.input_topics")
                .source(Some(env.clone())),
        );
        let mut cfg: Config = builder.build()?.try_deserialize()?;
        for (var, property) in SASL_ENV {
            if let Some(value) = env.get(var) {
                cfg.kafka.common.insert(property.into(), value.clone());
            }
        }
        cfg.validate()?;
        Ok(cfg)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |key, why: &str| {
            Err(ConfigError::Invalid {
                key,
                why: why.into(),
            })
        };
        if self.kafka.brokers.trim().is_empty() {
            return invalid("kafka.brokers", "must name at least one broker");
        }
        if self.kafka.input_topics.iter().all(|t| t.trim().is_empty()) {
            return invalid("kafka.input_topics", "must name at least one topic");
        }
        if self.service.max_in_flight == 0 {
            return invalid("service.max_in_flight", "must be at least 1");
        }
        if self.service.partition_concurrency == 0 {
            return invalid("service.partition_concurrency", "must be at least 1");
        }
        if self.service.transaction_max_records == 0 || self.service.transaction_max_ms == 0 {
            return invalid(
                "service.transaction_max_records",
                "transaction_max_records and transaction_max_ms must be at least 1",
            );
        }
        if self.service.produce_timeout_secs == 0 {
            return invalid("service.produce_timeout_secs", "must be at least 1");
        }
        if self.input.max_page_bytes == 0 {
            return invalid("input.max_page_bytes", "must be at least 1");
        }
        if !(0.0..=1.0).contains(&self.input.max_replacement_ratio) {
            return invalid("input.max_replacement_ratio", "must be between 0 and 1");
        }
        Ok(())
    }

    /// The effective configuration as TOML, secrets replaced by `***`.
    pub fn to_redacted_toml(&self) -> String {
        let mut value = match toml::Value::try_from(self) {
            Ok(v) => v,
            Err(e) => return format!("# cannot render configuration: {e}\n"),
        };
        redact(&mut value, "");
        toml::to_string_pretty(&value)
            .unwrap_or_else(|e| format!("# cannot render configuration: {e}\n"))
    }
}

/// Replaces values whose key names a secret, and credentials inside URLs.
fn redact(value: &mut toml::Value, key: &str) {
    const SECRET_WORDS: [&str; 5] = ["password", "secret", "token", "credential", "sasl.username"];
    match value {
        toml::Value::Table(table) => {
            for (k, v) in table.iter_mut() {
                redact(v, k);
            }
        }
        toml::Value::String(s) => {
            let lower = key.to_ascii_lowercase();
            if SECRET_WORDS.iter().any(|w| lower.contains(w)) {
                *s = "***".into();
            } else if let Ok(mut url) = url::Url::parse(s)
                && url.password().is_some()
            {
                let _ = url.set_password(Some("***"));
                *s = url.to_string();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn shipped_defaults_match_the_typed_defaults() {
        let loaded = Config::load_with_env(None, env(&[])).expect("defaults load");
        let typed = Config::default();
        assert_eq!(
            serde_json::to_value(&loaded).expect("json"),
            serde_json::to_value(&typed).expect("json")
        );
    }

    #[test]
    fn environment_overrides_file_and_defaults() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("sift.toml");
        std::fs::write(
            &file,
            "[kafka]\nbrokers = \"file:9092\"\ngroup_id = \"g\"\n",
        )
        .expect("write");
        let cfg = Config::load_with_env(
            Some(&file),
            env(&[
                ("SIFT__KAFKA__BROKERS", "env:9092"),
                ("SIFT__KAFKA__INPUT_TOPICS", "a,b"),
                ("SIFT__SERVICE__MAX_IN_FLIGHT", "7"),
            ]),
        )
        .expect("loads");
        assert_eq!(cfg.kafka.brokers, "env:9092");
        assert_eq!(cfg.kafka.group_id, "g");
        assert_eq!(cfg.kafka.input_topics, ["a", "b"]);
        assert_eq!(cfg.service.max_in_flight, 7);
    }

    #[test]
    fn unknown_keys_are_errors_that_name_the_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("sift.toml");
        std::fs::write(&file, "[kafka]\nbrokerz = \"x\"\n").expect("write");
        let err = Config::load_with_env(Some(&file), env(&[])).expect_err("must fail");
        assert!(err.to_string().contains("brokerz"), "{err}");
    }

    #[test]
    fn invalid_values_name_the_key_and_why() {
        let err = Config::load_with_env(None, env(&[("SIFT__SERVICE__MAX_IN_FLIGHT", "0")]))
            .expect_err("must fail");
        assert_eq!(
            err.to_string(),
            "invalid value for `service.max_in_flight`: must be at least 1"
        );
    }

    #[test]
    fn secrets_are_redacted() {
        let cfg = Config::load_with_env(
            None,
            env(&[
                ("SIFT_KAFKA_SASL_PASSWORD", "hunter2"),
                ("SIFT__DEDUP__REDIS_URL", "redis://user:pw@host:6379/0"),
            ]),
        )
        .expect("loads");
        assert_eq!(cfg.kafka.common["sasl.password"], "hunter2");
        let shown = cfg.to_redacted_toml();
        assert!(
            !shown.contains("hunter2") && !shown.contains(":pw@"),
            "{shown}"
        );
        assert!(shown.contains("\"sasl.password\" = \"***\""), "{shown}");
    }
}
