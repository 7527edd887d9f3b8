//! JSON Schemas (draft 2020-12) of every record sift publishes, generated from the Rust types
//! that produce them: the article event (`sift_extract::event::ArticleEvent`) as each of the
//! three event topics carries it, and the headers of a dead letter ([`DeadLetterHeaders`]).
//!
//! `sift schema DIR` writes them; the copies committed under `schema/` are checked against
//! this generator by `tests/schema.rs`, and real outputs against the copies by
//! `scripts/check-schema`.

use crate::route::DeadLetterHeaders;
use crate::vocab::{DedupReason, Outcome};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::{Value, json};
use sift_extract::event::ArticleEvent;

/// Every schema, by file name: `article-event`, one per event topic (`clean`, `duplicate`,
/// `rejected`: the outcome's name) and `dead-letter-headers`.
pub fn all() -> Vec<(String, Value)> {
    let mut schemas = vec![("article-event.schema.json".to_owned(), article_event())];
    for outcome in Outcome::ALL {
        if let Some(schema) = event_topic(outcome) {
            schemas.push((format!("{outcome}.schema.json"), schema));
        }
    }
    schemas.push((
        "dead-letter-headers.schema.json".to_owned(),
        dead_letter_headers(),
    ));
    schemas
}

/// A schema as its file holds it: pretty JSON and a final newline.
pub fn to_file_text(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

fn root_schema<T: JsonSchema>() -> Schema {
    SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>()
}

/// Any article event, whatever its topic.
fn article_event() -> Value {
    let mut schema = root_schema::<ArticleEvent>().to_value();
    describe(
        &mut schema,
        "sift article event",
        "An article event as published on articles.clean, articles.duplicates and \
         articles.rejected (JSON, UTF-8). Fields without a value are absent.",
    );
    schema
}

/// The article event as the topic of `outcome` carries it: the base schema plus what that
/// topic guarantees. `None` for dead letters, which carry the original message.
fn event_topic(outcome: Outcome) -> Option<Value> {
    let reasons = |duplicate: bool| -> Vec<&str> {
        DedupReason::ALL
            .into_iter()
            .filter(|r| r.is_duplicate() == duplicate)
            .map(DedupReason::as_str)
            .collect()
    };
    let (title, description, guarantees) = match outcome {
        Outcome::Clean => (
            "sift clean article event",
            "A record of articles.clean: a new article or a revision; `dedup` is present when \
             deduplication is on.",
            json!({
                "not": {"required": ["rejected_reason"]},
                "properties": {"dedup": {"properties": {"reason": {"enum": reasons(false)}}}}
            }),
        ),
        Outcome::Duplicate => (
            "sift duplicate article event",
            "A record of articles.duplicates: `dedup` says why and of which article.",
            json!({
                "required": ["dedup"],
                "not": {"required": ["rejected_reason"]},
                "properties": {"dedup": {
                    "required": ["duplicate_of"],
                    "properties": {"reason": {"enum": reasons(true)}}
                }}
            }),
        ),
        Outcome::Rejected => (
            "sift rejected article event",
            "A record of articles.rejected: a page that is not an article, and why.",
            json!({
                "required": ["rejected_reason"],
                "not": {"required": ["dedup"]}
            }),
        ),
        Outcome::DeadLetter => return None,
    };
    let mut schema = article_event();
    describe(&mut schema, title, description);
    if let Some(fields) = schema.as_object_mut() {
        fields.insert("allOf".into(), json!([guarantees]));
    }
    Some(schema)
}

fn dead_letter_headers() -> Value {
    let mut schema = root_schema::<DeadLetterHeaders>().to_value();
    describe(
        &mut schema,
        "sift dead-letter headers",
        "The headers sift adds to a record of articles.dlq, as a JSON object of header name to \
         (UTF-8) value. The record's key, value and other headers are the original message's.",
    );
    schema
}

fn describe(schema: &mut Value, title: &str, description: &str) {
    if let Some(fields) = schema.as_object_mut() {
        fields.insert("title".into(), title.into());
        fields.insert("description".into(), description.into());
    }
}
