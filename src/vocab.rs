//! sift's vocabulary: every name that reaches a metric label, a dead-letter header, the event
//! JSON or the docs is a variant here, spelled once by its `as_str()` (and, where it is
//! serialized, by a serde name equal to it; a test checks).
//!
//! Names that appear in the article event live beside it in `sift_extract::event` and are
//! re-exported here: [`RejectReason`] and [`DedupReason`]. The rest are the service's own.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sift_extract::input::InputError;

pub use sift_extract::event::{DedupReason, RejectReason};

/// Where processing a message stands or failed: the `stage` label of
/// `sift_stage_duration_seconds` and the dead-letter header `sift-error-stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Message value → page: envelope, charset, binary sniffing, size cap.
    Decode,
    /// Page → article event.
    Extract,
    /// The dedup decision over the store.
    Dedup,
    /// Producing the output record until the broker acknowledges it.
    Produce,
    /// sift itself: a panic caught in a stage, a worker that went away.
    Internal,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Decode,
        Stage::Extract,
        Stage::Dedup,
        Stage::Produce,
        Stage::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Decode => "decode",
            Stage::Extract => "extract",
            Stage::Dedup => "dedup",
            Stage::Produce => "produce",
            Stage::Internal => "internal",
        }
    }
}

/// Why a message became a dead letter: the `error_class` label of `sift_dead_letters_total`,
/// the header `sift-error-class`, and what `sift redrive --error-class` selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorClass {
    /// Empty value or body.
    Empty,
    /// Over `input.max_page_bytes`.
    Oversized,
    /// Broken JSON envelope or base64 body.
    Envelope,
    /// An image, PDF, archive, ... or control bytes: not a page.
    Binary,
    /// More than `input.max_replacement_ratio` of the text lost in decoding.
    Undecodable,
    /// The extractor failed on the page.
    Extract,
    /// The dedup store failed.
    DedupStore,
    /// The broker refused the output record for good (e.g. too large).
    ProduceRefused,
    /// A stage panicked (caught; the message is kept).
    Panic,
    /// The worker pool or runtime went away while the message was in it.
    Internal,
}

impl ErrorClass {
    pub const ALL: [ErrorClass; 10] = [
        ErrorClass::Empty,
        ErrorClass::Oversized,
        ErrorClass::Envelope,
        ErrorClass::Binary,
        ErrorClass::Undecodable,
        ErrorClass::Extract,
        ErrorClass::DedupStore,
        ErrorClass::ProduceRefused,
        ErrorClass::Panic,
        ErrorClass::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorClass::Empty => "empty",
            ErrorClass::Oversized => "oversized",
            ErrorClass::Envelope => "envelope",
            ErrorClass::Binary => "binary",
            ErrorClass::Undecodable => "undecodable",
            ErrorClass::Extract => "extract",
            ErrorClass::DedupStore => "dedup_store",
            ErrorClass::ProduceRefused => "produce_refused",
            ErrorClass::Panic => "panic",
            ErrorClass::Internal => "internal",
        }
    }

    /// The class of a message value that could not become a page.
    pub fn of_input(error: &InputError) -> ErrorClass {
        match error {
            InputError::Empty => ErrorClass::Empty,
            InputError::Oversized { .. } => ErrorClass::Oversized,
            InputError::BrokenEnvelope(_) => ErrorClass::Envelope,
            InputError::Binary(_) => ErrorClass::Binary,
            InputError::Undecodable { .. } => ErrorClass::Undecodable,
        }
    }

    /// The class named `name` (its `as_str()`), e.g. from the command line.
    pub fn parse(name: &str) -> Option<ErrorClass> {
        ErrorClass::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// What became of a message, and so which output topic its record goes to: the `outcome`
/// label of `sift_events_published_total` and the `outcome` field of `sift extract --format
/// jsonl`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// An article, published (`output.clean_topic`).
    Clean,
    /// An article already seen (`output.duplicates_topic`).
    Duplicate,
    /// Not an article (`output.rejected_topic`).
    Rejected,
    /// Could not be processed (`output.dlq_topic`).
    DeadLetter,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Clean,
        Outcome::Duplicate,
        Outcome::Rejected,
        Outcome::DeadLetter,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Clean => "clean",
            Outcome::Duplicate => "duplicate",
            Outcome::Rejected => "rejected",
            Outcome::DeadLetter => "dead_letter",
        }
    }
}

/// Consumer-group rebalance events: the `kind` label of `sift_rebalances_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RebalanceKind {
    Assign,
    Revoke,
    /// The assignment was lost (the session expired): the partitions may be another's already.
    Lost,
    Error,
}

impl RebalanceKind {
    pub const ALL: [RebalanceKind; 4] = [
        RebalanceKind::Assign,
        RebalanceKind::Revoke,
        RebalanceKind::Lost,
        RebalanceKind::Error,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RebalanceKind::Assign => "assign",
            RebalanceKind::Revoke => "revoke",
            RebalanceKind::Lost => "lost",
            RebalanceKind::Error => "error",
        }
    }
}

/// What `sift redrive` did with a dead letter: the `result` label of
/// `sift_redriven_messages_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RedriveResult {
    /// Sent back to its input topic.
    Sent,
    /// Left alone: at the redrive limit, or its payload was truncated.
    Skipped,
}

impl RedriveResult {
    pub const ALL: [RedriveResult; 2] = [RedriveResult::Sent, RedriveResult::Skipped];

    pub fn as_str(self) -> &'static str {
        match self {
            RedriveResult::Sent => "sent",
            RedriveResult::Skipped => "skipped",
        }
    }
}

macro_rules! display_as_str {
    ($($name:ty),+) => {$(
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )+};
}

display_as_str!(Stage, ErrorClass, Outcome, RebalanceKind, RedriveResult);

#[cfg(test)]
mod tests {
    use super::*;

    fn serde_name(value: impl Serialize) -> Option<String> {
        serde_json::to_value(value)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
    }

    #[test]
    fn serde_names_are_the_as_str_names() {
        for s in Stage::ALL {
            assert_eq!(serde_name(s).as_deref(), Some(s.as_str()));
        }
        for c in ErrorClass::ALL {
            assert_eq!(serde_name(c).as_deref(), Some(c.as_str()));
        }
        for o in Outcome::ALL {
            assert_eq!(serde_name(o).as_deref(), Some(o.as_str()));
        }
    }

    #[test]
    fn error_classes_parse_from_their_names() {
        for c in ErrorClass::ALL {
            assert_eq!(ErrorClass::parse(c.as_str()), Some(c));
        }
        assert_eq!(ErrorClass::parse("decode"), None);
    }
}
