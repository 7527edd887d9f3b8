//! sift: raw scraped pages in, clean article events out.
//!
//! The data flow, one stage per crate or module:
//! [`sift_extract::input`] (message value → decoded `Page`) → [`sift_extract`] (`Page` → article)
//! → [`sift_dedup`] (fingerprints and decisions over a `DedupStore`) → `route` (outcome → output
//! record). `pipeline` strings the pure stages together; `service` runs them against Kafka.

pub mod archive;
pub mod config;
pub mod http;
pub mod kafka;
pub mod metrics;
pub mod pipeline;
pub mod redrive;
pub mod route;
pub mod service;
