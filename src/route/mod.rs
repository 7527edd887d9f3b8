//! Routing: the outcome of processing one message → the one record sift publishes for it.
//!
//! Pure and synchronous; the service produces what this returns.

use sift_extract::event::ArticleEvent;
use serde::{Deserialize, Serialize};

/// The four destinations. Every consumed message yields exactly one record on one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Destination {
    Clean,
    Duplicates,
    Rejected,
    DeadLetter,
}

impl Destination {
    /// The `outcome` label of `sift_events_published_total`.
    pub fn outcome(self) -> &'static str {
        match self {
            Destination::Clean => "clean",
            Destination::Duplicates => "duplicate",
            Destination::Rejected => "rejected",
            Destination::DeadLetter => "dead_letter",
        }
    }
}

/// `[output]`: where records go.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputConfig {
    /// Topic for article events.
    pub clean_topic: String,
    /// Topic for duplicates (event plus `dedup.duplicate_of` and reason).
    pub duplicates_topic: String,
    /// Topic for pages that are not articles (event plus `rejected_reason`).
    pub rejected_topic: String,
    /// Topic for messages that could not be processed (original payload plus error headers).
    pub dlq_topic: String,
    /// Largest original payload copied into a dead letter; longer ones are cut and flagged
    /// with the `sift-payload-truncated` header.
    pub dlq_max_payload_bytes: usize,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            clean_topic: "articles.clean".into(),
            duplicates_topic: "articles.duplicates".into(),
            rejected_topic: "articles.rejected".into(),
            dlq_topic: "articles.dlq".into(),
            dlq_max_payload_bytes: 1024 * 1024,
        }
    }
}

impl OutputConfig {
    pub fn topic(&self, destination: Destination) -> &str {
        match destination {
            Destination::Clean => &self.clean_topic,
            Destination::Duplicates => &self.duplicates_topic,
            Destination::Rejected => &self.rejected_topic,
            Destination::DeadLetter => &self.dlq_topic,
        }
    }
}

/// Where a message came from: kept on dead letters so they can be traced and redriven.
#[derive(Debug, Clone, Default)]
pub struct SourceMessage {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    /// The record's timestamp (ms since the epoch), when the broker gave one.
    pub timestamp_ms: Option<i64>,
    pub key: Option<Vec<u8>>,
    pub value: Vec<u8>,
    pub headers: Vec<(String, Vec<u8>)>,
}

/// Why a message became a dead letter.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// Pipeline stage: `decode`, `extract`, `dedup` or `internal`.
    pub stage: &'static str,
    /// Stable short name (`empty`, `oversized`, `envelope`, `binary`, ...): the metric label.
    pub class: &'static str,
    pub message: String,
}

/// What processing decided for one message.
#[derive(Debug, Clone)]
pub enum Outcome {
    Clean(Box<ArticleEvent>),
    /// The event's `dedup` says why and of what.
    Duplicate(Box<ArticleEvent>),
    /// The event's `rejected_reason` says why.
    Rejected(Box<ArticleEvent>),
    DeadLetter(Failure),
}

/// One record ready to produce.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputRecord {
    pub destination: Destination,
    pub key: Vec<u8>,
    pub payload: Vec<u8>,
    pub headers: Vec<(String, Vec<u8>)>,
}

/// Headers sift adds: `sift-source-*` on every record (lineage), the rest on dead letters,
/// which also keep the original message's own headers.
pub mod dlq_headers {
    pub const STAGE: &str = "sift-error-stage";
    pub const CLASS: &str = "sift-error-class";
    pub const MESSAGE: &str = "sift-error-message";
    pub const SOURCE_TOPIC: &str = "sift-source-topic";
    pub const SOURCE_PARTITION: &str = "sift-source-partition";
    pub const SOURCE_OFFSET: &str = "sift-source-offset";
    pub const TRUNCATED: &str = "sift-payload-truncated";
    pub const FAILED_AT: &str = "sift-failed-at";
    /// Set by `sift redrive`: how many times this message has been sent back.
    pub const REDRIVE_COUNT: &str = "sift-redrive-count";

    /// Whether a header was added by sift (and so is not part of the original message).
    pub fn is_sift_header(name: &str) -> bool {
        name.starts_with("sift-error-")
            || name.starts_with("sift-source-")
            || name == TRUNCATED
            || name == FAILED_AT
    }
}

/// Builds the record for `outcome`. `now` stamps dead letters (RFC 3339).
pub fn route(
    outcome: &Outcome,
    source: &SourceMessage,
    config: &OutputConfig,
    now: &str,
) -> OutputRecord {
    match outcome {
        Outcome::Clean(event) => event_record(Destination::Clean, event, source),
        Outcome::Duplicate(event) => event_record(Destination::Duplicates, event, source),
        Outcome::Rejected(event) => event_record(Destination::Rejected, event, source),
        Outcome::DeadLetter(failure) => dead_letter(failure, source, config, now),
    }
}

fn event_record(
    destination: Destination,
    event: &ArticleEvent,
    source: &SourceMessage,
) -> OutputRecord {
    let mut headers = vec![("content-type".to_string(), b"application/json".to_vec())];
    headers.extend(source_headers(source));
    OutputRecord {
        destination,
        key: event.id.as_bytes().to_vec(),
        // Serializing plain data with string keys cannot fail.
        payload: serde_json::to_vec(event).unwrap_or_default(),
        headers,
    }
}

/// Lineage on every record: the message it was made from.
fn source_headers(source: &SourceMessage) -> [(String, Vec<u8>); 3] {
    use dlq_headers::*;
    [
        (SOURCE_TOPIC.to_string(), source.topic.as_bytes().to_vec()),
        (
            SOURCE_PARTITION.to_string(),
            source.partition.to_string().into_bytes(),
        ),
        (
            SOURCE_OFFSET.to_string(),
            source.offset.to_string().into_bytes(),
        ),
    ]
}

fn dead_letter(
    failure: &Failure,
    source: &SourceMessage,
    config: &OutputConfig,
    now: &str,
) -> OutputRecord {
    use dlq_headers::*;
    let cap = config.dlq_max_payload_bytes;
    let truncated = source.value.len() > cap;
    let mut headers = source.headers.clone();
    headers.extend([
        (STAGE.to_string(), failure.stage.as_bytes().to_vec()),
        (CLASS.to_string(), failure.class.as_bytes().to_vec()),
        (MESSAGE.to_string(), failure.message.as_bytes().to_vec()),
        (SOURCE_TOPIC.to_string(), source.topic.as_bytes().to_vec()),
        (
            SOURCE_PARTITION.to_string(),
            source.partition.to_string().into_bytes(),
        ),
        (
            SOURCE_OFFSET.to_string(),
            source.offset.to_string().into_bytes(),
        ),
        (FAILED_AT.to_string(), now.as_bytes().to_vec()),
    ]);
    if truncated {
        headers.push((TRUNCATED.to_string(), b"true".to_vec()));
    }
    OutputRecord {
        destination: Destination::DeadLetter,
        key: source.key.clone().unwrap_or_default(),
        payload: source.value[..source.value.len().min(cap)].to_vec(),
        headers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str) -> Box<ArticleEvent> {
        Box::new(ArticleEvent {
            id: id.into(),
            ..ArticleEvent::default()
        })
    }

    #[test]
    fn each_outcome_goes_to_its_topic_keyed_by_article_id() {
        let config = OutputConfig::default();
        let src = SourceMessage::default();
        for (outcome, topic) in [
            (Outcome::Clean(event("a1")), "articles.clean"),
            (Outcome::Duplicate(event("a1")), "articles.duplicates"),
            (Outcome::Rejected(event("a1")), "articles.rejected"),
        ] {
            let rec = route(&outcome, &src, &config, "now");
            assert_eq!(config.topic(rec.destination), topic);
            assert_eq!(rec.key, b"a1");
            let json: serde_json::Value = serde_json::from_slice(&rec.payload).expect("json");
            assert_eq!(json["schema_version"], 0);
        }
    }

    #[test]
    fn dead_letters_keep_payload_key_headers_and_say_where_from() {
        let config = OutputConfig {
            dlq_max_payload_bytes: 4,
            ..OutputConfig::default()
        };
        let src = SourceMessage {
            topic: "pages".into(),
            partition: 3,
            offset: 42,
            key: Some(b"k".to_vec()),
            value: b"0123456789".to_vec(),
            headers: vec![("url".into(), b"https://x".to_vec())],
            ..SourceMessage::default()
        };
        let failure = Failure {
            stage: "decode",
            class: "binary",
            message: "binary content (png)".into(),
        };
        let rec = route(
            &Outcome::DeadLetter(failure),
            &src,
            &config,
            "2026-01-01T00:00:00Z",
        );
        assert_eq!(rec.destination, Destination::DeadLetter);
        assert_eq!(rec.key, b"k");
        assert_eq!(rec.payload, b"0123");
        let header = |n: &str| {
            rec.headers
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.as_slice())
        };
        assert_eq!(header("url"), Some(&b"https://x"[..]));
        assert_eq!(header(dlq_headers::CLASS), Some(&b"binary"[..]));
        assert_eq!(header(dlq_headers::SOURCE_OFFSET), Some(&b"42"[..]));
        assert_eq!(header(dlq_headers::TRUNCATED), Some(&b"true"[..]));
    }
}
