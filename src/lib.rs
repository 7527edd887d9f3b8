//! sift: raw scraped pages in, clean article events out.
//!
//! The data flow, one module per stage:
//! `input` (message value → decoded `Page`) → `extract` (`Page` → article) →
//! `dedup` (fingerprints and decisions over a `DedupStore`) → `route` (outcome → output record).
//! `pipeline` strings the pure stages together; `service` runs them against Kafka.

pub mod config;
pub mod dedup;
pub mod event;
pub mod extract;
pub mod http;
pub mod input;
pub mod metrics;
pub mod pipeline;
pub mod redrive;
pub mod route;
pub mod service;
