//! The embedded store: one redb file, zero set-up, survives restarts.
//!
//! redb (pure Rust, ACID, copy-on-write B-trees, no compaction threads or C++ build) fits a
//! workload of small point writes and range reads from one process. Each decision is a single
//! write transaction, so decisions within one process are serialized and atomic.
//!
//! Expiry without a full scan: every write also inserts `(expires_at, kind, key)` into an
//! expiry table ordered by time; each transaction deletes at most `expiry_batch` entries from
//! the front of that table whose time has passed.

use std::path::Path;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use redb::{
    Database, Durability, ReadableDatabase, ReadableTable, ReadableTableMetadata, Table,
    TableDefinition, WriteTransaction,
};

use super::DedupError;
use super::fingerprint::band_keys;
use super::store::codec::{self, Reader};
use super::store::{DedupStore, Insertion, Observations, Stamp, StoreStats, StoredDoc, UrlVersion};

/// doc key → encoded [`StoredDoc`].
const DOCS: TableDefinition<u64, &[u8]> = TableDefinition::new("docs");
/// (LSH band key, doc key) → nothing; a band's members are one range read.
const BANDS: TableDefinition<(u64, u64), ()> = TableDefinition::new("bands");
/// URL key → expiry then the versions seen under the URL.
const URLS: TableDefinition<u64, &[u8]> = TableDefinition::new("urls");
/// content hash → expiry then the stamp of the first article with that content.
const CONTENTS: TableDefinition<u128, &[u8]> = TableDefinition::new("contents");
/// doc key → 1 when published, 0 when dropped as a duplicate.
const DECISIONS: TableDefinition<u64, u8> = TableDefinition::new("decisions");
/// (expires_at_ms, kind, key) → nothing.
const EXPIRY: TableDefinition<(i64, u8, u128), ()> = TableDefinition::new("expiry");

const KIND_DOC: u8 = 0;
const KIND_URL: u8 = 1;
const KIND_CONTENT: u8 = 2;

/// File name inside the data dir.
pub const FILE_NAME: &str = "dedup.redb";

/// Settings of the embedded store.
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedOptions {
    pub retention_ms: i64,
    /// Expired entries deleted per transaction at most.
    pub expiry_batch: usize,
    /// Rows per LSH band, to find a doc's band entries again when it expires.
    pub rows_per_band: usize,
    /// Fsync every commit.
    pub durable_commits: bool,
    /// Without `durable_commits`: fsync every n-th commit.
    pub durable_commit_every: u32,
}

/// redb-backed [`DedupStore`].
pub struct EmbeddedStore {
    db: Database,
    path: std::path::PathBuf,
    options: EmbeddedOptions,
    commits: AtomicU32,
    evictions: AtomicU64,
}

impl EmbeddedStore {
    /// Opens (or creates) `dedup.redb` under `data_dir`, creating the directory if needed.
    pub fn open(data_dir: &Path, options: EmbeddedOptions) -> Result<Self, DedupError> {
        std::fs::create_dir_all(data_dir).map_err(|source| DedupError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let path = data_dir.join(FILE_NAME);
        let db = Database::create(&path).map_err(redb::Error::from)?;
        let store = Self {
            db,
            path,
            options,
            commits: AtomicU32::new(0),
            evictions: AtomicU64::new(0),
        };
        store.create_tables()?;
        Ok(store)
    }

    fn create_tables(&self) -> Result<(), DedupError> {
        let txn = self.db.begin_write().map_err(redb::Error::from)?;
        txn.open_table(DOCS).map_err(redb::Error::from)?;
        txn.open_table(BANDS).map_err(redb::Error::from)?;
        txn.open_table(URLS).map_err(redb::Error::from)?;
        txn.open_table(CONTENTS).map_err(redb::Error::from)?;
        txn.open_table(EXPIRY).map_err(redb::Error::from)?;
        txn.open_table(DECISIONS).map_err(redb::Error::from)?;
        txn.commit().map_err(redb::Error::from)?;
        Ok(())
    }

    fn begin(&self) -> Result<WriteTransaction, DedupError> {
        let mut txn = self.db.begin_write().map_err(redb::Error::from)?;
        if !self.commit_is_durable() {
            txn.set_durability(Durability::None)
                .map_err(redb::Error::from)?;
        }
        Ok(txn)
    }

    fn commit_is_durable(&self) -> bool {
        let every = self.options.durable_commit_every.max(1);
        self.options.durable_commits
            || self
                .commits
                .fetch_add(1, Ordering::Relaxed)
                .is_multiple_of(every)
    }

    fn expires_at(&self, now_ms: i64) -> i64 {
        now_ms.saturating_add(self.options.retention_ms)
    }
}

impl DedupStore for EmbeddedStore {
    fn record_and_observe(&self, insertion: &Insertion<'_>) -> Result<Observations, DedupError> {
        let txn = self.begin()?;
        let observations = {
            let mut tables = Tables::open(&txn)?;
            let expired = tables.delete_expired(insertion.now_ms, &self.options)?;
            self.evictions.fetch_add(expired, Ordering::Relaxed);
            let expires_at = self.expires_at(insertion.now_ms);
            let url_versions = match insertion.url_key {
                Some(url_key) => tables.record_url_version(url_key, insertion, expires_at)?,
                None => Vec::new(),
            };
            let content_first = tables.claim_content(insertion, expires_at)?;
            tables.insert_doc(insertion, expires_at)?;
            let candidates = tables.band_members(insertion.band_keys)?;
            Observations {
                url_versions,
                content_first,
                candidates,
            }
        };
        txn.commit().map_err(redb::Error::from)?;
        Ok(observations)
    }

    /// Not fsynced: a decision lost in a crash only makes a later near-duplicate wait, then
    /// count it as unpublished (the safe side).
    fn record_decision(
        &self,
        doc_key: u64,
        published: bool,
        _now_ms: i64,
    ) -> Result<(), DedupError> {
        let mut txn = self.db.begin_write().map_err(redb::Error::from)?;
        txn.set_durability(Durability::None)
            .map_err(redb::Error::from)?;
        txn.open_table(DECISIONS)
            .map_err(redb::Error::from)?
            .insert(doc_key, u8::from(published))
            .map_err(redb::Error::from)?;
        txn.commit().map_err(redb::Error::from)?;
        Ok(())
    }

    fn decisions(&self, doc_keys: &[u64]) -> Result<Vec<Option<bool>>, DedupError> {
        let txn = self.db.begin_read().map_err(redb::Error::from)?;
        let table = txn.open_table(DECISIONS).map_err(redb::Error::from)?;
        doc_keys
            .iter()
            .map(|&key| {
                let state = table.get(key).map_err(redb::Error::from)?;
                Ok(state.map(|s| s.value() == 1))
            })
            .collect()
    }

    fn stats(&self) -> Result<StoreStats, DedupError> {
        let txn = self.db.begin_read().map_err(redb::Error::from)?;
        let entries = txn
            .open_table(DOCS)
            .map_err(redb::Error::from)?
            .len()
            .map_err(redb::Error::from)?;
        let approximate_bytes = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        Ok(StoreStats {
            entries,
            approximate_bytes,
            evictions_total: self.evictions.load(Ordering::Relaxed),
        })
    }
}

/// The tables of one write transaction.
struct Tables<'txn> {
    docs: Table<'txn, u64, &'static [u8]>,
    bands: Table<'txn, (u64, u64), ()>,
    urls: Table<'txn, u64, &'static [u8]>,
    contents: Table<'txn, u128, &'static [u8]>,
    expiry: Table<'txn, (i64, u8, u128), ()>,
    decisions: Table<'txn, u64, u8>,
}

impl<'txn> Tables<'txn> {
    fn open(txn: &'txn WriteTransaction) -> Result<Self, DedupError> {
        Ok(Self {
            docs: txn.open_table(DOCS).map_err(redb::Error::from)?,
            bands: txn.open_table(BANDS).map_err(redb::Error::from)?,
            urls: txn.open_table(URLS).map_err(redb::Error::from)?,
            contents: txn.open_table(CONTENTS).map_err(redb::Error::from)?,
            expiry: txn.open_table(EXPIRY).map_err(redb::Error::from)?,
            decisions: txn.open_table(DECISIONS).map_err(redb::Error::from)?,
        })
    }

    /// Adds this content to the URL's versions unless already there; returns all versions.
    fn record_url_version(
        &mut self,
        url_key: u64,
        insertion: &Insertion<'_>,
        expires_at: i64,
    ) -> Result<Vec<UrlVersion>, DedupError> {
        let mut versions = match self.urls.get(url_key).map_err(redb::Error::from)? {
            Some(bytes) => decode_url_record(bytes.value())?.1,
            None => Vec::new(),
        };
        if !versions
            .iter()
            .any(|v| v.content_hash == insertion.content_hash)
        {
            versions.push(UrlVersion {
                content_hash: insertion.content_hash,
                first: insertion.doc.stamp.clone(),
            });
        }
        let record = encode_url_record(expires_at, &versions);
        self.urls
            .insert(url_key, record.as_slice())
            .map_err(redb::Error::from)?;
        self.schedule(expires_at, KIND_URL, u128::from(url_key))?;
        Ok(versions)
    }

    /// Claims the content hash for this article unless a live claim exists; returns the claimant.
    fn claim_content(
        &mut self,
        insertion: &Insertion<'_>,
        expires_at: i64,
    ) -> Result<Stamp, DedupError> {
        let hash = insertion.content_hash;
        if let Some(bytes) = self.contents.get(hash).map_err(redb::Error::from)? {
            let (claim_expires_at, first) = decode_expiring_stamp(bytes.value())?;
            if claim_expires_at > insertion.now_ms {
                return Ok(first);
            }
        }
        let mut record = expires_at.to_le_bytes().to_vec();
        record.extend_from_slice(&codec::encode_stamp(&insertion.doc.stamp));
        self.contents
            .insert(hash, record.as_slice())
            .map_err(redb::Error::from)?;
        self.schedule(expires_at, KIND_CONTENT, hash)?;
        Ok(insertion.doc.stamp.clone())
    }

    fn insert_doc(&mut self, insertion: &Insertion<'_>, expires_at: i64) -> Result<(), DedupError> {
        let record = codec::encode_doc(insertion.doc);
        self.docs
            .insert(insertion.doc_key, record.as_slice())
            .map_err(redb::Error::from)?;
        for &band in insertion.band_keys {
            self.bands
                .insert((band, insertion.doc_key), ())
                .map_err(redb::Error::from)?;
        }
        self.schedule(expires_at, KIND_DOC, u128::from(insertion.doc_key))
    }

    /// Every remembered doc under any of the band keys, each once.
    fn band_members(&self, band_keys: &[u64]) -> Result<Vec<StoredDoc>, DedupError> {
        let mut keys = Vec::new();
        for &band in band_keys {
            for entry in self
                .bands
                .range((band, 0)..=(band, u64::MAX))
                .map_err(redb::Error::from)?
            {
                let (key, _) = entry.map_err(redb::Error::from)?;
                keys.push(key.value().1);
            }
        }
        keys.sort_unstable();
        keys.dedup();
        let mut docs = Vec::with_capacity(keys.len());
        for key in keys {
            if let Some(bytes) = self.docs.get(key).map_err(redb::Error::from)? {
                let mut doc = codec::decode_doc(bytes.value())?;
                let state = self.decisions.get(key).map_err(redb::Error::from)?;
                doc.published = state.map(|s| s.value() == 1);
                docs.push(doc);
            }
        }
        Ok(docs)
    }

    fn schedule(&mut self, expires_at: i64, kind: u8, key: u128) -> Result<(), DedupError> {
        self.expiry
            .insert((expires_at, kind, key), ())
            .map_err(redb::Error::from)?;
        Ok(())
    }

    /// Deletes up to `expiry_batch` due entries from the front of the expiry table; returns how
    /// many articles were forgotten.
    fn delete_expired(
        &mut self,
        now_ms: i64,
        options: &EmbeddedOptions,
    ) -> Result<u64, DedupError> {
        let mut forgotten = 0;
        for _ in 0..options.expiry_batch {
            let Some((expires_at, kind, key)) = self.first_due(now_ms)? else {
                break;
            };
            self.expiry
                .remove((expires_at, kind, key))
                .map_err(redb::Error::from)?;
            match kind {
                KIND_DOC => forgotten += self.forget_doc(key, options.rows_per_band)?,
                KIND_URL => self.forget_url_if_due(key, now_ms)?,
                _ => self.forget_content_if_due(key, now_ms)?,
            }
        }
        Ok(forgotten)
    }

    fn first_due(&self, now_ms: i64) -> Result<Option<(i64, u8, u128)>, DedupError> {
        let first = self.expiry.first().map_err(redb::Error::from)?;
        Ok(first
            .map(|(key, _)| key.value())
            .filter(|(expires_at, _, _)| *expires_at <= now_ms))
    }

    fn forget_doc(&mut self, key: u128, rows_per_band: usize) -> Result<u64, DedupError> {
        let Ok(doc_key) = u64::try_from(key) else {
            return Ok(0);
        };
        let Some(bytes) = self.docs.remove(doc_key).map_err(redb::Error::from)? else {
            return Ok(0);
        };
        let doc = codec::decode_doc(bytes.value())?;
        drop(bytes);
        self.decisions.remove(doc_key).map_err(redb::Error::from)?;
        for band in band_keys(&doc.signature, rows_per_band) {
            self.bands
                .remove((band, doc_key))
                .map_err(redb::Error::from)?;
        }
        Ok(1)
    }

    /// A URL's expiry moves forward with every new version; only the last schedule deletes it.
    fn forget_url_if_due(&mut self, key: u128, now_ms: i64) -> Result<(), DedupError> {
        let Ok(url_key) = u64::try_from(key) else {
            return Ok(());
        };
        let due = match self.urls.get(url_key).map_err(redb::Error::from)? {
            Some(bytes) => decode_url_record(bytes.value())?.0 <= now_ms,
            None => false,
        };
        if due {
            self.urls.remove(url_key).map_err(redb::Error::from)?;
        }
        Ok(())
    }

    fn forget_content_if_due(&mut self, hash: u128, now_ms: i64) -> Result<(), DedupError> {
        let due = match self.contents.get(hash).map_err(redb::Error::from)? {
            Some(bytes) => decode_expiring_stamp(bytes.value())?.0 <= now_ms,
            None => false,
        };
        if due {
            self.contents.remove(hash).map_err(redb::Error::from)?;
        }
        Ok(())
    }
}

/// `expires_at` (8), then per version: content hash (16), fetched_at (8), id length (2), id.
fn encode_url_record(expires_at: i64, versions: &[UrlVersion]) -> Vec<u8> {
    let mut out = expires_at.to_le_bytes().to_vec();
    for version in versions {
        let id = version.first.id.as_bytes();
        let id_len = u16::try_from(id.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&version.content_hash.to_le_bytes());
        out.extend_from_slice(&version.first.fetched_at_ms.to_le_bytes());
        out.extend_from_slice(&id_len.to_le_bytes());
        out.extend_from_slice(&id[..usize::from(id_len)]);
    }
    out
}

fn decode_url_record(bytes: &[u8]) -> Result<(i64, Vec<UrlVersion>), DedupError> {
    let mut reader = Reader(bytes);
    let expires_at = i64::from_le_bytes(reader.take()?);
    let mut versions = Vec::new();
    while !reader.is_empty() {
        let content_hash = u128::from_le_bytes(reader.take()?);
        let fetched_at_ms = i64::from_le_bytes(reader.take()?);
        let id_len = u16::from_le_bytes(reader.take()?);
        let id = String::from_utf8(reader.take_slice(usize::from(id_len))?.to_vec())
            .map_err(|_| DedupError::Corrupt("id is not UTF-8"))?;
        versions.push(UrlVersion {
            content_hash,
            first: Stamp { fetched_at_ms, id },
        });
    }
    Ok((expires_at, versions))
}

/// `expires_at` (8) then an encoded stamp.
fn decode_expiring_stamp(bytes: &[u8]) -> Result<(i64, Stamp), DedupError> {
    let mut reader = Reader(bytes);
    let expires_at = i64::from_le_bytes(reader.take()?);
    Ok((expires_at, codec::decode_stamp(reader.0)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_records_round_trip() {
        let versions = vec![
            UrlVersion {
                content_hash: 7,
                first: Stamp {
                    fetched_at_ms: 1,
                    id: "a".into(),
                },
            },
            UrlVersion {
                content_hash: u128::MAX,
                first: Stamp {
                    fetched_at_ms: -2,
                    id: "bé".into(),
                },
            },
        ];
        let decoded = decode_url_record(&encode_url_record(99, &versions)).ok();
        assert_eq!(decoded, Some((99, versions)));
        assert!(decode_url_record(&[1, 2, 3, 4, 5, 6, 7, 8, 9]).is_err());
    }
}
