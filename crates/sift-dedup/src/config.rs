//! `[dedup]` configuration. Defaults match `config/default.toml`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::DedupError;
use super::decision::MatchParams;
use super::fingerprint::FingerprintParams;

/// Where deduplication state lives.
#[derive(Deserialize, Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StoreKind {
    /// A fjall database under `data_dir`: zero set-up, one instance.
    Embedded,
    /// A Redis (or Valkey) server at `redis_url`, shared by several instances.
    Redis,
}

/// The `[dedup]` section.
#[derive(Deserialize, Serialize, Debug, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct DedupConfig {
    /// Run deduplication at all; when false every article is published as is.
    pub enabled: bool,
    /// `embedded` (fjall database under `data_dir`) or `redis` (server at `redis_url`).
    pub store: StoreKind,
    /// Directory of the embedded store (a fjall database); created when missing.
    pub data_dir: PathBuf,
    /// Redis server URL, e.g. `redis://127.0.0.1:6379/0`; used when `store = "redis"`.
    pub redis_url: String,
    /// Prefix of every Redis key, so several pipelines can share one server.
    pub redis_key_prefix: String,
    /// Redis connections kept open (each used by one thread at a time).
    pub redis_connections: usize,
    /// Redis connect and command timeout, milliseconds.
    pub redis_timeout_ms: u64,
    /// Bucket hashes per kind of Redis entry and time window. Entries are hash fields, and a
    /// hash of up to 128 small fields is stored compactly (a listpack), so aim for about
    /// `articles per retention period × bands / 100`; the default suits ~1M articles.
    pub redis_buckets: u64,
    /// How long an article is remembered, seconds (default 14 days). Older state expires.
    pub retention_secs: u64,
    /// Fsync the embedded store's journal this often, milliseconds; 0 fsyncs every decision.
    /// Every decision reaches the OS at once either way (a crash of sift loses nothing); the
    /// interval bounds what a crash of the machine can lose.
    pub fsync_interval_ms: u64,
    /// Words per shingle for near-duplicate fingerprints.
    pub shingle_words: usize,
    /// MinHash values per article (the similarity estimates use all of them).
    pub minhash_values: usize,
    /// LSH bands, over the first `minhash_bands × minhash_rows_per_band` values.
    pub minhash_bands: usize,
    /// MinHash values per LSH band.
    pub minhash_rows_per_band: usize,
    /// Near-duplicate when the estimated Jaccard similarity of the shingle sets reaches this.
    pub jaccard_threshold: f64,
    /// Near-duplicate when the estimated share of the smaller text found in the larger reaches
    /// this (truncated or extended copies, other boilerplate) ...
    pub containment_threshold: f64,
    /// ... and the Jaccard similarity is at least this (a short text inside a much longer one is
    /// a quotation, not a copy).
    pub containment_min_jaccard: f64,
    /// Texts with fewer distinct shingles are only matched exactly (too short to judge).
    pub min_shingles: u32,
    /// When a similar article later in the (fetch time, id) order is being decided at the same
    /// moment elsewhere, wait this long (milliseconds) for its decision before publishing.
    pub concurrent_wait_ms: u64,
}

impl Default for DedupConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            store: StoreKind::Embedded,
            data_dir: PathBuf::from("data/dedup"),
            redis_url: "redis://127.0.0.1:6379/0".to_owned(),
            redis_key_prefix: "sift:dedup:".to_owned(),
            redis_connections: 8,
            redis_timeout_ms: 2000,
            redis_buckets: 131_072,
            retention_secs: 14 * 24 * 3600,
            fsync_interval_ms: 1000,
            shingle_words: 5,
            minhash_values: 96,
            minhash_bands: 16,
            minhash_rows_per_band: 3,
            jaccard_threshold: 0.5,
            containment_threshold: 0.8,
            containment_min_jaccard: 0.25,
            min_shingles: 10,
            concurrent_wait_ms: 200,
        }
    }
}

impl DedupConfig {
    /// Checks values that serde cannot.
    pub fn validate(&self) -> Result<(), DedupError> {
        let invalid = |reason: &str| Err(DedupError::Config(reason.to_owned()));
        if self.shingle_words == 0 || self.minhash_bands == 0 || self.minhash_rows_per_band == 0 {
            return invalid("shingle_words, minhash_bands and minhash_rows_per_band must be > 0");
        }
        if self.minhash_bands > usize::from(u16::MAX) {
            return invalid("minhash_bands must be at most 65535");
        }
        if self.minhash_bands * self.minhash_rows_per_band > self.minhash_values {
            return invalid("minhash_bands x minhash_rows_per_band must not exceed minhash_values");
        }
        if self.retention_secs == 0 {
            return invalid("retention_secs must be > 0");
        }
        if self.store == StoreKind::Redis
            && (self.redis_connections == 0 || self.redis_buckets == 0)
        {
            return invalid("redis_connections and redis_buckets must be > 0");
        }
        let thresholds = [
            self.jaccard_threshold,
            self.containment_threshold,
            self.containment_min_jaccard,
        ];
        if thresholds.iter().any(|t| !(0.0..=1.0).contains(t)) {
            return invalid("similarity thresholds must be within 0..=1");
        }
        Ok(())
    }

    /// Retention in milliseconds.
    pub fn retention_ms(&self) -> i64 {
        i64::try_from(self.retention_secs.saturating_mul(1000)).unwrap_or(i64::MAX)
    }

    pub(crate) fn fingerprint_params(&self) -> FingerprintParams {
        FingerprintParams {
            shingle_words: self.shingle_words,
            values: self.minhash_values,
            bands: self.minhash_bands,
            rows_per_band: self.minhash_rows_per_band,
        }
    }

    pub(crate) fn match_params(&self) -> MatchParams {
        MatchParams {
            jaccard_threshold: self.jaccard_threshold,
            containment_threshold: self.containment_threshold,
            containment_min_jaccard: self.containment_min_jaccard,
            min_shingles: self.min_shingles,
        }
    }
}
