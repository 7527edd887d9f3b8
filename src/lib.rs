//! sift: raw scraped pages in, clean article events out.
//!
//! The data flow, one stage per crate or module:
//! [`sift_extract::input`] (message value → decoded `Page`) → [`sift_extract`] (`Page` → article)
//! → [`sift_dedup`] (fingerprints and decisions over a `DedupStore`) → `route` (disposition →
//! output record). `pipeline` strings the pure stages together; `service` runs them against
//! Kafka. `vocab` names every outcome, stage, error class and reason; `internal_events` is the
//! one place that updates metrics and logs what happened.

pub mod archive;
pub mod config;
pub mod http;
pub mod internal_events;
pub mod kafka;
pub mod metrics;
pub mod pipeline;
pub mod redrive;
pub mod route;
pub mod schema;
pub mod service;
pub mod vocab;
