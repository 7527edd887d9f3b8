//! The embedded store: a fjall (LSM-tree) database in a local directory, zero set-up, survives
//! restarts.
//!
//! Why an LSM-tree: every article writes ~20 small random keys (one per LSH band) and reads them
//! back. A copy-on-write B-tree (redb, measured before) rewrites a 4 KiB page per random key and
//! fsyncs those pages: 2.8–3.5 KiB of file per article and a p99 of 17–28 ms at 100k articles.
//! An LSM-tree appends the same writes to a journal and sorts them into compact tables in the
//! background, so a decision is a few memory inserts and cached reads.
//!
//! Expiry without a scan: every value starts with its expiry time; reads ignore what has
//! expired, and a compaction filter drops it when the background compaction rewrites its table
//! (the usual LSM time-to-live), so nothing ever walks the state looking for old entries.
//!
//! Durability: each decision's batch reaches the OS at commit (a crash of sift loses nothing);
//! a background thread fsyncs the journal every `fsync_interval_ms` (a machine crash loses at
//! most that much), or every commit fsyncs when it is 0.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use fjall::compaction::filter::{
    CompactionFilter, CompactionFilterResult, Context, Factory, ItemAccessor, Verdict,
};
use fjall::config::FilterPolicy;
use fjall::{Database, Keyspace, KeyspaceCreateOptions, PersistMode};

use super::DedupError;
use super::store::codec;
use super::store::{DedupStore, Insertion, Observations, Stamp, StoreStats, StoredDoc, UrlVersion};

/// doc key → the encoded [`StoredDoc`].
const DOCS: &str = "docs";
/// LSH band key ‖ doc key → nothing; a band's members are one prefix scan.
const BANDS: &str = "bands";
/// URL key → the content versions seen under the URL.
const URLS: &str = "urls";
/// content hash → the stamp of the first article with that content.
const CONTENTS: &str = "contents";
/// doc key → 1 when published, 0 when dropped as a duplicate.
const DECISIONS: &str = "decisions";

/// Memtable size per keyspace: bounds the memory the store holds before writing a table.
const MEMTABLE_BYTES: u64 = 8 * 1024 * 1024;
/// Journal size that makes fjall flush the oldest memtables (its minimum; the default is 512
/// MiB), which bounds both the disk the journal takes and the replay at start.
const JOURNAL_BYTES: u64 = 64 * 1024 * 1024;

/// Settings of the embedded store.
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedOptions {
    pub retention_ms: i64,
    /// Fsync the journal this often; 0 fsyncs every commit.
    pub fsync_interval_ms: u64,
}

/// fjall-backed [`DedupStore`].
pub struct EmbeddedStore {
    db: Database,
    /// Where the database's files are (for their size on disk).
    data_dir: PathBuf,
    docs: Keyspace,
    bands: Keyspace,
    urls: Keyspace,
    contents: Keyspace,
    decisions: Keyspace,
    options: EmbeddedOptions,
    /// Serializes decisions: reading a URL's versions or a content claim and writing it back
    /// must not interleave with another decision of this process.
    write_lock: Mutex<()>,
    evictions: Arc<AtomicU64>,
    syncer: Option<Syncer>,
}

impl EmbeddedStore {
    /// Opens (or creates) the store under `data_dir`, creating the directory if needed.
    pub fn open(data_dir: &Path, options: EmbeddedOptions) -> Result<Self, DedupError> {
        std::fs::create_dir_all(data_dir).map_err(|source| DedupError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let evictions = Arc::new(AtomicU64::new(0));
        let expiry = Arc::new(ExpiryFilter {
            evictions: Arc::clone(&evictions),
        });
        let db = Database::builder(data_dir)
            .max_journaling_size(JOURNAL_BYTES)
            .with_compaction_filter_factories(Arc::new(move |keyspace: &str| {
                let factory: Arc<dyn Factory> = Arc::new(ExpiryFactory {
                    counts_evictions: keyspace == DOCS,
                    filter: Arc::clone(&expiry),
                });
                Some(factory)
            }))
            .open()?;
        let open = |name: &str, bloom: bool| {
            db.keyspace(name, || {
                let options = KeyspaceCreateOptions::default().max_memtable_size(MEMTABLE_BYTES);
                if bloom {
                    options
                } else {
                    options.filter_policy(FilterPolicy::disabled())
                }
            })
        };
        // Band members are read by prefix, which a per-key Bloom filter cannot answer.
        let bands = open(BANDS, false)?;
        let store = Self {
            docs: open(DOCS, true)?,
            bands,
            urls: open(URLS, true)?,
            contents: open(CONTENTS, true)?,
            decisions: open(DECISIONS, true)?,
            syncer: (options.fsync_interval_ms > 0)
                .then(|| Syncer::start(db.clone(), options.fsync_interval_ms)),
            db,
            data_dir: data_dir.to_path_buf(),
            options,
            write_lock: Mutex::new(()),
            evictions,
        };
        Ok(store)
    }

    fn expires_at(&self, now_ms: i64) -> u32 {
        expiry_secs(now_ms.saturating_add(self.options.retention_ms))
    }

    /// The content versions remembered for a URL, if any are still live.
    fn url_versions(&self, url_key: u64, now_ms: i64) -> Result<Vec<UrlVersion>, DedupError> {
        match live_payload(self.urls.get(url_key.to_be_bytes())?, now_ms) {
            Some(payload) => codec::decode_versions(&payload),
            None => Ok(Vec::new()),
        }
    }

    /// The live claim on a content hash, if any.
    fn content_claim(&self, hash: u128, now_ms: i64) -> Result<Option<Stamp>, DedupError> {
        live_payload(self.contents.get(hash.to_be_bytes())?, now_ms)
            .map(|payload| codec::decode_stamp(&payload))
            .transpose()
    }

    /// Every live remembered doc under any of the band keys, each once.
    fn band_members(&self, band_keys: &[u64], now_ms: i64) -> Result<Vec<StoredDoc>, DedupError> {
        let mut keys = Vec::new();
        for band in band_keys {
            for entry in self.bands.prefix(band.to_be_bytes()) {
                let (key, value) = entry.into_inner()?;
                if is_live(&value, now_ms)
                    && let Some(doc_key) = key.get(8..16)
                {
                    keys.push(<[u8; 8]>::try_from(doc_key).map_err(|_| corrupt())?);
                }
            }
        }
        keys.sort_unstable();
        keys.dedup();
        let mut docs = Vec::with_capacity(keys.len());
        for key in keys {
            if let Some(payload) = live_payload(self.docs.get(key)?, now_ms) {
                let mut doc = codec::decode_doc(&payload)?;
                doc.published = self.decision(key)?;
                docs.push(doc);
            }
        }
        Ok(docs)
    }

    fn decision(&self, doc_key: [u8; 8]) -> Result<Option<bool>, DedupError> {
        let value = self.decisions.get(doc_key)?;
        Ok(value.and_then(|v| v.get(4).map(|&state| state == 1)))
    }
}

impl DedupStore for EmbeddedStore {
    fn record_and_observe(&self, insertion: &Insertion<'_>) -> Result<Observations, DedupError> {
        let _serialized = self
            .write_lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now_ms = insertion.now_ms;
        let expires_at = self.expires_at(now_ms);
        let mut batch = self.db.batch();

        let mut url_versions = Vec::new();
        if let Some(url_key) = insertion.url_key {
            url_versions = self.url_versions(url_key, now_ms)?;
            if !url_versions
                .iter()
                .any(|v| v.content_hash == insertion.content_hash)
            {
                url_versions.push(UrlVersion {
                    content_hash: insertion.content_hash,
                    first: insertion.doc.stamp.clone(),
                });
            }
            let value = with_expiry(expires_at, &codec::encode_versions(&url_versions));
            batch.insert(&self.urls, url_key.to_be_bytes(), value);
        }

        let content_first = match self.content_claim(insertion.content_hash, now_ms)? {
            Some(first) => first,
            None => {
                let value = with_expiry(expires_at, &codec::encode_stamp(&insertion.doc.stamp));
                batch.insert(&self.contents, insertion.content_hash.to_be_bytes(), value);
                insertion.doc.stamp.clone()
            }
        };

        let doc_key = insertion.doc_key.to_be_bytes();
        let doc = with_expiry(expires_at, &codec::encode_doc(insertion.doc));
        batch.insert(&self.docs, doc_key, doc);
        for band in insertion.band_keys {
            let mut key = band.to_be_bytes().to_vec();
            key.extend_from_slice(&doc_key);
            batch.insert(&self.bands, key, expires_at.to_le_bytes());
        }
        if self.syncer.is_none() {
            batch = batch.durability(Some(PersistMode::SyncData));
        }
        batch.commit()?;

        Ok(Observations {
            url_versions,
            content_first,
            candidates: self.band_members(insertion.band_keys, now_ms)?,
        })
    }

    /// Not fsynced on its own: a decision lost in a crash only makes a later near-duplicate
    /// wait, then count it as unpublished (the safe side).
    fn record_decision(
        &self,
        doc_key: u64,
        published: bool,
        memo: &[u8],
        now_ms: i64,
    ) -> Result<(), DedupError> {
        let mut state = Vec::with_capacity(1 + memo.len());
        state.push(u8::from(published));
        state.extend_from_slice(memo);
        let value = with_expiry(self.expires_at(now_ms), &state);
        self.decisions.insert(doc_key.to_be_bytes(), value)?;
        Ok(())
    }

    fn decision_memo(&self, doc_key: u64, now_ms: i64) -> Result<Option<Vec<u8>>, DedupError> {
        let state = live_payload(self.decisions.get(doc_key.to_be_bytes())?, now_ms);
        Ok(state.and_then(|s| s.get(1..).filter(|m| !m.is_empty()).map(<[u8]>::to_vec)))
    }

    fn decisions(&self, doc_keys: &[u64]) -> Result<Vec<Option<bool>>, DedupError> {
        doc_keys
            .iter()
            .map(|key| self.decision(key.to_be_bytes()))
            .collect()
    }

    fn stats(&self) -> Result<StoreStats, DedupError> {
        Ok(StoreStats {
            entries: u64::try_from(self.docs.approximate_len()).unwrap_or(u64::MAX),
            approximate_bytes: allocated_bytes(&self.data_dir).map_err(|source| {
                DedupError::DataDir {
                    path: self.data_dir.clone(),
                    source,
                }
            })?,
            evictions_total: self.evictions.load(Ordering::Relaxed),
        })
    }
}

impl Drop for EmbeddedStore {
    fn drop(&mut self) {
        if let Some(syncer) = self.syncer.take() {
            syncer.stop();
        }
    }
}

/// Disk space the files under `dir` take: allocated blocks, not lengths. fjall preallocates its
/// active journal (a 64 MiB sparse file), so its length says nothing about the data in it
/// (`Database::disk_space` reported 64 MiB for a store of 21 articles).
fn allocated_bytes(dir: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let meta = entry.metadata()?;
            if meta.is_dir() {
                pending.push(entry.path());
            } else {
                total += on_disk(&meta);
            }
        }
    }
    Ok(total)
}

#[cfg(unix)]
fn on_disk(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    // st_blocks counts 512-byte units whatever the file system's block size.
    meta.blocks() * 512
}

#[cfg(not(unix))]
fn on_disk(meta: &std::fs::Metadata) -> u64 {
    meta.len()
}

/// The background thread that fsyncs the journal every interval, and once more when stopped.
struct Syncer {
    stop: mpsc::Sender<()>,
    thread: JoinHandle<()>,
}

impl Syncer {
    fn start(db: Database, interval_ms: u64) -> Self {
        let (stop, stopped) = mpsc::channel::<()>();
        let interval = Duration::from_millis(interval_ms);
        let thread = std::thread::spawn(move || {
            loop {
                let last_round = !matches!(
                    stopped.recv_timeout(interval),
                    Err(RecvTimeoutError::Timeout)
                );
                if let Err(err) = db.persist(PersistMode::SyncData) {
                    tracing::error!(error = %err, "dedup store fsync failed");
                }
                if last_round {
                    break;
                }
            }
        });
        Self { stop, thread }
    }

    fn stop(self) {
        drop(self.stop);
        if self.thread.join().is_err() {
            tracing::error!("dedup store fsync thread panicked");
        }
    }
}

/// Drops expired entries while compaction rewrites a table.
struct ExpiryFilter {
    evictions: Arc<AtomicU64>,
}

struct ExpiryFactory {
    /// Expired docs are the forgotten articles the eviction metric counts.
    counts_evictions: bool,
    filter: Arc<ExpiryFilter>,
}

impl Factory for ExpiryFactory {
    fn name(&self) -> &str {
        "sift-dedup-expiry"
    }

    fn make_filter(&self, _ctx: &Context) -> Box<dyn CompactionFilter> {
        Box::new(ExpiryRun {
            now_secs: expiry_secs(super::now_ms()),
            counts_evictions: self.counts_evictions,
            evictions: Arc::clone(&self.filter.evictions),
        })
    }
}

/// One compaction's filter, with the time it started.
struct ExpiryRun {
    now_secs: u32,
    counts_evictions: bool,
    evictions: Arc<AtomicU64>,
}

impl CompactionFilter for ExpiryRun {
    fn filter_item(&mut self, item: ItemAccessor<'_>, _ctx: &Context) -> CompactionFilterResult {
        let value = item.value()?;
        if expiry_of(&value).is_some_and(|expires_at| expires_at > self.now_secs) {
            return Ok(Verdict::Keep);
        }
        if self.counts_evictions {
            self.evictions.fetch_add(1, Ordering::Relaxed);
        }
        Ok(Verdict::Remove)
    }
}

/// Every value starts with its expiry: seconds since the Unix epoch, u32 little-endian (until
/// 2106), then the payload.
fn with_expiry(expires_at_secs: u32, payload: &[u8]) -> Vec<u8> {
    let mut value = Vec::with_capacity(4 + payload.len());
    value.extend_from_slice(&expires_at_secs.to_le_bytes());
    value.extend_from_slice(payload);
    value
}

fn expiry_of(value: &[u8]) -> Option<u32> {
    value
        .first_chunk::<4>()
        .map(|bytes| u32::from_le_bytes(*bytes))
}

fn is_live(value: &[u8], now_ms: i64) -> bool {
    expiry_of(value).is_some_and(|expires_at| expires_at > expiry_secs(now_ms))
}

/// The payload of a value that has not expired.
fn live_payload(value: Option<fjall::Slice>, now_ms: i64) -> Option<Vec<u8>> {
    value
        .filter(|v| is_live(v, now_ms))
        .map(|v| v.get(4..).unwrap_or_default().to_vec())
}

fn expiry_secs(ms: i64) -> u32 {
    u32::try_from(ms.div_euclid(1000).max(0)).unwrap_or(u32::MAX)
}

fn corrupt() -> DedupError {
    DedupError::Corrupt("band entry key is not 16 bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str) -> StoredDoc {
        StoredDoc {
            stamp: Stamp {
                fetched_at_ms: 1,
                id: id.to_owned(),
            },
            shingle_count: 40,
            signature: vec![3; 12],
            published: None,
        }
    }

    /// The reported size is the data, not the journal's preallocation (64 MiB): 21 articles,
    /// as in the service's demo, take well under a MiB.
    #[test]
    fn reported_bytes_are_the_data_not_the_preallocated_journal()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let options = EmbeddedOptions {
            retention_ms: 60_000,
            fsync_interval_ms: 0,
        };
        let store = EmbeddedStore::open(dir.path(), options)?;
        for n in 1..=21_u64 {
            let doc = doc(&format!("d{n}"));
            let band_keys: Vec<u64> = (0..16).map(|b| n * 100 + b).collect();
            store.record_and_observe(&Insertion {
                doc: &doc,
                doc_key: n,
                url_key: Some(n),
                content_hash: u128::from(n),
                band_keys: &band_keys,
                now_ms: crate::now_ms(),
            })?;
        }
        store.db.persist(PersistMode::SyncAll)?;
        let bytes = store.stats()?.approximate_bytes;
        assert!(bytes > 0, "the journal holds the 21 articles");
        assert!(bytes < 1024 * 1024, "{bytes} bytes for 21 articles");
        Ok(())
    }

    /// Compaction physically drops what expired (by the wall clock) and counts the articles.
    #[test]
    fn compaction_drops_expired_state() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let options = EmbeddedOptions {
            retention_ms: 60_000,
            fsync_interval_ms: 0,
        };
        let store = EmbeddedStore::open(dir.path(), options)?;
        let long_ago = crate::now_ms() - 3_600_000;
        let live = crate::now_ms();
        for (n, now_ms) in [(1_u64, long_ago), (2, long_ago), (3, live)] {
            let doc = doc(&format!("d{n}"));
            store.record_and_observe(&Insertion {
                doc: &doc,
                doc_key: n,
                url_key: Some(n),
                content_hash: u128::from(n),
                band_keys: &[n, 100 + n],
                now_ms,
            })?;
        }
        for keyspace in [&store.docs, &store.bands, &store.urls, &store.contents] {
            keyspace.rotate_memtable_and_wait()?;
            keyspace.major_compact()?;
        }
        assert_eq!(store.stats()?.evictions_total, 2);
        assert_eq!(store.docs.len()?, 1);
        assert_eq!(store.bands.len()?, 2);
        assert_eq!(store.urls.len()?, 1);
        Ok(())
    }
}
