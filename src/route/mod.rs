//! Routing: the outcome of processing one message → the one record sift publishes for it.
//!
//! Pure and synchronous; the service produces what this returns.

use crate::vocab::{ErrorClass, Outcome, Stage};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sift_extract::event::ArticleEvent;

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
    /// The topic of each outcome's records. Every consumed message yields exactly one record
    /// on one of the four.
    pub fn topic(&self, outcome: Outcome) -> &str {
        match outcome {
            Outcome::Clean => &self.clean_topic,
            Outcome::Duplicate => &self.duplicates_topic,
            Outcome::Rejected => &self.rejected_topic,
            Outcome::DeadLetter => &self.dlq_topic,
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
    pub stage: Stage,
    pub class: ErrorClass,
    pub message: String,
}

/// What processing decided for one message: its [`Outcome`], with what the record carries.
#[derive(Debug, Clone)]
pub enum Disposition {
    Clean(Box<ArticleEvent>),
    /// The event's `dedup` says why and of what.
    Duplicate(Box<ArticleEvent>),
    /// The event's `rejected_reason` says why.
    Rejected(Box<ArticleEvent>),
    DeadLetter(Failure),
}

impl Disposition {
    pub fn outcome(&self) -> Outcome {
        match self {
            Disposition::Clean(_) => Outcome::Clean,
            Disposition::Duplicate(_) => Outcome::Duplicate,
            Disposition::Rejected(_) => Outcome::Rejected,
            Disposition::DeadLetter(_) => Outcome::DeadLetter,
        }
    }

    /// The article event, unless the message is a dead letter.
    pub fn event(&self) -> Option<&ArticleEvent> {
        match self {
            Disposition::Clean(e) | Disposition::Duplicate(e) | Disposition::Rejected(e) => Some(e),
            Disposition::DeadLetter(_) => None,
        }
    }
}

/// One record ready to produce.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputRecord {
    /// Decides the topic ([`OutputConfig::topic`]).
    pub outcome: Outcome,
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

/// Builds the record for `disposition`. `now` stamps dead letters (RFC 3339).
pub fn route(
    disposition: &Disposition,
    source: &SourceMessage,
    config: &OutputConfig,
    now: &str,
) -> OutputRecord {
    match disposition {
        Disposition::DeadLetter(failure) => dead_letter(failure, source, config, now),
        Disposition::Clean(event)
        | Disposition::Duplicate(event)
        | Disposition::Rejected(event) => event_record(disposition.outcome(), event, source),
    }
}

fn event_record(outcome: Outcome, event: &ArticleEvent, source: &SourceMessage) -> OutputRecord {
    let mut headers = vec![("content-type".to_string(), b"application/json".to_vec())];
    headers.extend(as_headers(&SourceHeaders::of(source)));
    OutputRecord {
        outcome,
        key: event.id.as_bytes().to_vec(),
        // Serializing plain data with string keys cannot fail.
        payload: serde_json::to_vec(event).unwrap_or_default(),
        headers,
    }
}

/// Lineage on every record: the message it was made from. Header values are text; in JSON
/// (and `schema/`) each header is a string property.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SourceHeaders {
    /// The input topic.
    #[serde(rename = "sift-source-topic")]
    pub topic: String,
    /// The input partition, in decimal.
    #[serde(rename = "sift-source-partition")]
    #[schemars(extend("pattern" = "^[0-9]+$"))]
    pub partition: String,
    /// The input offset, in decimal.
    #[serde(rename = "sift-source-offset")]
    #[schemars(extend("pattern" = "^[0-9]+$"))]
    pub offset: String,
}

/// The headers sift adds to a dead letter, beside the original message's own headers (which
/// it keeps, `sift-redrive-count` among them after a redrive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DeadLetterHeaders {
    #[serde(rename = "sift-error-stage")]
    pub stage: Stage,
    #[serde(rename = "sift-error-class")]
    pub class: ErrorClass,
    /// What went wrong, for people.
    #[serde(rename = "sift-error-message")]
    pub message: String,
    /// When sift gave up on the message (RFC 3339, UTC).
    #[serde(rename = "sift-failed-at")]
    #[schemars(extend("format" = "date-time"))]
    pub failed_at: String,
    #[serde(flatten)]
    pub source: SourceHeaders,
    /// Present when the payload was cut to `output.dlq_max_payload_bytes` (such a dead letter
    /// cannot be redriven).
    #[serde(
        rename = "sift-payload-truncated",
        skip_serializing_if = "Option::is_none"
    )]
    pub payload_truncated: Option<Truncated>,
}

/// The value of `sift-payload-truncated`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Truncated {
    #[serde(rename = "true")]
    True,
}

impl SourceHeaders {
    fn of(source: &SourceMessage) -> Self {
        SourceHeaders {
            topic: source.topic.clone(),
            partition: source.partition.to_string(),
            offset: source.offset.to_string(),
        }
    }
}

/// A header struct as Kafka headers: one header per (string) field, in name order.
fn as_headers(headers: &impl Serialize) -> Vec<(String, Vec<u8>)> {
    match serde_json::to_value(headers) {
        Ok(serde_json::Value::Object(fields)) => fields
            .into_iter()
            .filter_map(|(name, value)| Some((name, value.as_str()?.as_bytes().to_vec())))
            .collect(),
        // Structs of strings always serialize to an object.
        _ => Vec::new(),
    }
}

fn dead_letter(
    failure: &Failure,
    source: &SourceMessage,
    config: &OutputConfig,
    now: &str,
) -> OutputRecord {
    let cap = config.dlq_max_payload_bytes;
    let added = DeadLetterHeaders {
        stage: failure.stage,
        class: failure.class,
        message: failure.message.clone(),
        failed_at: now.to_owned(),
        source: SourceHeaders::of(source),
        payload_truncated: (source.value.len() > cap).then_some(Truncated::True),
    };
    let mut headers = source.headers.clone();
    headers.extend(as_headers(&added));
    OutputRecord {
        outcome: Outcome::DeadLetter,
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
            schema_version: sift_extract::event::SCHEMA_VERSION,
            id: id.into(),
            ..ArticleEvent::default()
        })
    }

    #[test]
    fn each_outcome_goes_to_its_topic_keyed_by_article_id() {
        let config = OutputConfig::default();
        let src = SourceMessage::default();
        for (disposition, topic) in [
            (Disposition::Clean(event("a1")), "articles.clean"),
            (Disposition::Duplicate(event("a1")), "articles.duplicates"),
            (Disposition::Rejected(event("a1")), "articles.rejected"),
        ] {
            let rec = route(&disposition, &src, &config, "now");
            assert_eq!(config.topic(rec.outcome), topic);
            assert_eq!(rec.key, b"a1");
            let json: serde_json::Value = serde_json::from_slice(&rec.payload).expect("json");
            // The version the README's output contract documents.
            assert_eq!(json["schema_version"], 1);
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
            stage: Stage::Decode,
            class: ErrorClass::Binary,
            message: "binary content (png)".into(),
        };
        let rec = route(
            &Disposition::DeadLetter(failure),
            &src,
            &config,
            "2026-01-01T00:00:00Z",
        );
        assert_eq!(rec.outcome, Outcome::DeadLetter);
        assert_eq!(rec.key, b"k");
        assert_eq!(rec.payload, b"0123");
        let header = |n: &str| {
            rec.headers
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.as_slice())
        };
        assert_eq!(header("url"), Some(&b"https://x"[..]));
        assert_eq!(header(dlq_headers::STAGE), Some(&b"decode"[..]));
        assert_eq!(header(dlq_headers::CLASS), Some(&b"binary"[..]));
        assert_eq!(header(dlq_headers::SOURCE_OFFSET), Some(&b"42"[..]));
        assert_eq!(header(dlq_headers::TRUNCATED), Some(&b"true"[..]));
        let mut added: Vec<&str> = rec.headers[1..].iter().map(|(k, _)| k.as_str()).collect();
        added.sort();
        let mut named = [
            dlq_headers::CLASS,
            dlq_headers::MESSAGE,
            dlq_headers::STAGE,
            dlq_headers::FAILED_AT,
            dlq_headers::TRUNCATED,
            dlq_headers::SOURCE_OFFSET,
            dlq_headers::SOURCE_PARTITION,
            dlq_headers::SOURCE_TOPIC,
        ];
        named.sort();
        assert_eq!(
            added, named,
            "the header names of DeadLetterHeaders are dlq_headers'"
        );
    }
}
