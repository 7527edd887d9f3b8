//! The Redis store: state shared by several sift instances.
//!
//! Every command touches one key, so the layout works on Redis Cluster. A decision is two
//! pipelined round trips: (1) record and read back the URL versions, the content claim, the doc
//! record and the LSH band members; (2) read the candidate docs.
//!
//! Compact layout: a Redis key costs ~100 bytes of its own, so entries are not keys but fields
//! of *bucket hashes*: `{prefix}{kind}:{window}:{bucket}`, the bucket being the entry's key
//! modulo `buckets`. Small hashes are stored as listpacks (a few bytes per field). Expiry works
//! per bucket: time is cut into windows of half the retention, every bucket written in window
//! `w` expires at the end of `w` plus the retention, and reads look at every window that can
//! still hold live state (two or three). So an entry lives between one and one and a half
//! retention periods, and nothing is ever scanned for expiry.
//!
//! | kind | field | value |
//! |---|---|---|
//! | `u` | URL key (8 bytes) | the content versions seen under the URL, appended by a script |
//! | `c` | content hash (16 bytes) | stamp of the first article with that content (`HSETNX`) |
//! | `d` | doc key (8 bytes) | the doc record (signature, shingle count, stamp) |
//! | `d` | doc key + `p` | the article's decision: `1` published, `0` dropped |
//! | `b` | LSH band key (8 bytes) | the doc keys under the band, appended by a script |
//!
//! Besides, `{prefix}n:{window}` is a HyperLogLog of the articles recorded in the window (the
//! entries metric).

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use redis::{Client, Connection, ErrorKind, Pipeline, RedisError, Script, ServerErrorKind, Value};

use super::DedupError;
use super::store::codec;
use super::store::{DedupStore, Insertion, Observations, StoreStats, StoredDoc, UrlVersion};

/// Settings of the Redis store.
#[derive(Debug, Clone)]
pub struct RedisOptions {
    pub url: String,
    pub key_prefix: String,
    pub connections: usize,
    pub timeout: Duration,
    pub retention_ms: i64,
    /// Bucket hashes per kind and time window.
    pub buckets: u64,
}

/// Redis-backed [`DedupStore`]: a fixed set of connections, each behind a mutex, reconnected
/// when broken.
pub struct RedisStore {
    client: Client,
    connections: Vec<Mutex<Option<Connection>>>,
    next: AtomicUsize,
    options: RedisOptions,
}

impl RedisStore {
    /// Connects once to check the server is there (fails fast on a wrong URL).
    pub fn open(options: RedisOptions) -> Result<Self, DedupError> {
        let client = Client::open(options.url.as_str())?;
        let store = Self {
            client,
            connections: (0..options.connections.max(1))
                .map(|_| Mutex::new(None))
                .collect(),
            next: AtomicUsize::new(0),
            options,
        };
        store.with_connection(|con| redis::cmd("PING").query::<String>(con))?;
        Ok(store)
    }

    /// Runs `op` on one pooled connection; a broken connection is replaced and `op` retried
    /// once (every write here is idempotent for the same article).
    fn with_connection<T>(
        &self,
        op: impl Fn(&mut Connection) -> Result<T, RedisError>,
    ) -> Result<T, DedupError> {
        let slot = self.next.fetch_add(1, Ordering::Relaxed) % self.connections.len();
        let mut guard = self.connections[slot]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut attempts_left = 2;
        loop {
            attempts_left -= 1;
            let con = match guard.as_mut() {
                Some(con) => con,
                None => guard.insert(self.connect()?),
            };
            match op(con) {
                Ok(value) => return Ok(value),
                Err(err) if is_missing_script(&err) && attempts_left > 0 => {
                    append_script().load(con)?;
                }
                Err(err) if is_broken_connection(&err) && attempts_left > 0 => *guard = None,
                Err(err) => {
                    if is_broken_connection(&err) {
                        *guard = None;
                    }
                    return Err(err.into());
                }
            }
        }
    }

    fn connect(&self) -> Result<Connection, RedisError> {
        let con = self
            .client
            .get_connection_with_timeout(self.options.timeout)?;
        con.set_read_timeout(Some(self.options.timeout))?;
        con.set_write_timeout(Some(self.options.timeout))?;
        Ok(con)
    }

    /// The bucket hash holding `entry` (a URL, content, doc or band key) in time window `window`.
    fn bucket(&self, kind: &str, window: i64, entry: u64) -> String {
        let bucket = entry % self.options.buckets.max(1);
        format!("{}{kind}:{window}:{bucket}", self.options.key_prefix)
    }

    /// The HyperLogLog counting the articles recorded in `window` (for the entries metric).
    fn articles_key(&self, window: i64) -> String {
        format!("{}n:{window}", self.options.key_prefix)
    }

    /// Half the retention: every live entry is in one of the last two or three windows.
    fn window_ms(&self) -> i64 {
        (self.options.retention_ms / 2).max(1)
    }

    /// The window written at `now_ms`, and every earlier window that can still hold live state.
    fn windows(&self, now_ms: i64) -> (i64, std::ops::RangeInclusive<i64>) {
        let current = now_ms.div_euclid(self.window_ms());
        let oldest = now_ms
            .saturating_sub(self.options.retention_ms)
            .div_euclid(self.window_ms());
        (current, oldest..=current)
    }

    /// Time to live of the buckets of the window written at `now_ms`: until a retention period
    /// after the window ends. Relative to `now_ms`, so the store follows the caller's clock.
    fn ttl_ms(&self, now_ms: i64) -> i64 {
        let (window, _) = self.windows(now_ms);
        let expires_at = window
            .saturating_add(1)
            .saturating_mul(self.window_ms())
            .saturating_add(self.options.retention_ms);
        expires_at.saturating_sub(now_ms).max(1)
    }

    /// The live windows in the order band and URL fields are read: the current one (read by
    /// the append itself), then the older ones.
    fn lookup_order(&self, now_ms: i64) -> Vec<i64> {
        let (current, windows) = self.windows(now_ms);
        std::iter::once(current)
            .chain(windows.rev().skip(1))
            .collect()
    }

    /// `HGET` of a field in every older window, after the append in the current one.
    fn read_older(&self, pipe: &mut Pipeline, kind: &str, entry: u64, field: &[u8], now_ms: i64) {
        for window in self.lookup_order(now_ms).into_iter().skip(1) {
            pipe.cmd("HGET")
                .arg(self.bucket(kind, window, entry))
                .arg(field);
        }
    }

    /// Round trip 1: every write with the reads of the same fields, in one pipeline. Replies in
    /// order: URL versions (current window, then older), content claims (every window, oldest
    /// first), then per band its members (current window, then older).
    fn record_pipeline(&self, insertion: &Insertion<'_>) -> Pipeline {
        let now_ms = insertion.now_ms;
        let (window, windows) = self.windows(now_ms);
        let ttl = self.ttl_ms(now_ms);
        let stamp = codec::encode_stamp(&insertion.doc.stamp);
        let mut pipe = redis::pipe();
        if let Some(url_key) = insertion.url_key {
            let key = self.bucket("u", window, url_key);
            let field = url_key.to_le_bytes();
            let needle = insertion.content_hash.to_le_bytes();
            let version = codec::encode_versions(&[UrlVersion {
                content_hash: insertion.content_hash,
                first: insertion.doc.stamp.clone(),
            }]);
            append_unless_present(&mut pipe, &key, &field, &needle, &version, ttl);
            self.read_older(&mut pipe, "u", url_key, &field, now_ms);
        }
        let hash = insertion.content_hash;
        let content_field = hash.to_le_bytes();
        let content_key = self.bucket("c", window, hash as u64);
        pipe.cmd("HSETNX")
            .arg(&content_key)
            .arg(&content_field[..])
            .arg(&stamp)
            .ignore();
        pipe.cmd("PEXPIRE").arg(&content_key).arg(ttl).ignore();
        for w in windows {
            pipe.cmd("HGET")
                .arg(self.bucket("c", w, hash as u64))
                .arg(&content_field[..]);
        }
        let doc_bucket = self.bucket("d", window, insertion.doc_key);
        pipe.cmd("HSET")
            .arg(&doc_bucket)
            .arg(&insertion.doc_key.to_le_bytes()[..])
            .arg(codec::encode_doc(insertion.doc))
            .ignore();
        pipe.cmd("PEXPIRE").arg(&doc_bucket).arg(ttl).ignore();
        let counted = self.articles_key(window);
        pipe.cmd("PFADD")
            .arg(&counted)
            .arg(&insertion.doc_key.to_le_bytes()[..])
            .ignore();
        pipe.cmd("PEXPIRE").arg(&counted).arg(ttl).ignore();
        let member = insertion.doc_key.to_le_bytes();
        for &band in insertion.band_keys {
            let field = band.to_le_bytes();
            let key = self.bucket("b", window, band);
            append_unless_present(&mut pipe, &key, &field, &member, &member, ttl);
            self.read_older(&mut pipe, "b", band, &field, now_ms);
        }
        pipe
    }

    /// Each article's stored decision (state byte, then memo), from the window of `now_ms` or
    /// the one before.
    fn decision_values(
        &self,
        doc_keys: &[u64],
        now_ms: i64,
    ) -> Result<Vec<Option<Vec<u8>>>, DedupError> {
        let (window, _) = self.windows(now_ms);
        let mut pipe = redis::pipe();
        for &key in doc_keys {
            for w in [window, window - 1] {
                pipe.cmd("HGET")
                    .arg(self.bucket("d", w, key))
                    .arg(&decision_field(key)[..]);
            }
        }
        let values: Vec<Option<Vec<u8>>> = self.with_connection(|con| pipe.query(con))?;
        Ok(values
            .chunks(2)
            .map(|pair| pair.iter().flatten().next().cloned())
            .collect())
    }

    /// Round trip 2: the candidate docs with their decisions, each looked up in the window its
    /// band entry was found in.
    fn load_docs(&self, doc_keys: &[(u64, i64)]) -> Result<Vec<StoredDoc>, DedupError> {
        if doc_keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut pipe = redis::pipe();
        for &(key, window) in doc_keys {
            let bucket = self.bucket("d", window, key);
            pipe.cmd("HMGET")
                .arg(&bucket)
                .arg(&key.to_le_bytes()[..])
                .arg(&decision_field(key)[..]);
        }
        type RecordAndDecision = (Option<Vec<u8>>, Option<Vec<u8>>);
        let replies: Vec<RecordAndDecision> = self.with_connection(|con| pipe.query(con))?;
        let mut docs = Vec::with_capacity(doc_keys.len());
        for (record, state) in replies {
            if let Some(record) = record {
                let mut doc = codec::decode_doc(&record)?;
                doc.published = state.as_deref().map(|state| state.first() == Some(&b'1'));
                docs.push(doc);
            }
        }
        Ok(docs)
    }
}

impl DedupStore for RedisStore {
    fn record_and_observe(&self, insertion: &Insertion<'_>) -> Result<Observations, DedupError> {
        let pipe = self.record_pipeline(insertion);
        let replies: Vec<Option<Vec<u8>>> = self.with_connection(|con| pipe.query(con))?;
        let (_, windows) = self.windows(insertion.now_ms);
        let lookup_order = self.lookup_order(insertion.now_ms);
        let mut replies = replies.into_iter();
        let mut url_versions = Vec::new();
        if insertion.url_key.is_some() {
            for value in take(&mut replies, lookup_order.len())?
                .into_iter()
                .flatten()
            {
                for version in codec::decode_versions(&value)? {
                    if !url_versions
                        .iter()
                        .any(|v: &UrlVersion| v.content_hash == version.content_hash)
                    {
                        url_versions.push(version);
                    }
                }
            }
        }
        // The claim of the oldest window wins: it was made first.
        let content_first = match take(&mut replies, windows.count())?
            .into_iter()
            .flatten()
            .next()
        {
            Some(bytes) => codec::decode_stamp(&bytes)?,
            // Expired between HSETNX and HGET: this article is the first.
            None => insertion.doc.stamp.clone(),
        };
        let mut doc_keys = Vec::new();
        for _ in insertion.band_keys {
            let values = take(&mut replies, lookup_order.len())?;
            for (value, &w) in values.into_iter().zip(&lookup_order) {
                let members = value.unwrap_or_default();
                doc_keys.extend(decode_doc_keys(&members).map(|key| (key, w)));
            }
        }
        doc_keys.sort_unstable();
        doc_keys.dedup();
        doc_keys.retain(|&(key, _)| key != insertion.doc_key);
        let mut candidates = self.load_docs(&doc_keys)?;
        candidates.push(insertion.doc.clone());
        Ok(Observations {
            url_versions,
            content_first,
            candidates,
        })
    }

    /// Stored beside the doc record, in the bucket of the same window (the decision is taken
    /// at the time the doc was recorded).
    fn record_decision(
        &self,
        doc_key: u64,
        published: bool,
        memo: &[u8],
        now_ms: i64,
    ) -> Result<(), DedupError> {
        let (window, _) = self.windows(now_ms);
        let bucket = self.bucket("d", window, doc_key);
        let mut state = Vec::with_capacity(1 + memo.len());
        state.push(if published { b'1' } else { b'0' });
        state.extend_from_slice(memo);
        let ttl = self.ttl_ms(now_ms);
        self.with_connection(|con| {
            redis::pipe()
                .cmd("HSET")
                .arg(&bucket)
                .arg(&decision_field(doc_key)[..])
                .arg(&state[..])
                .ignore()
                .cmd("PEXPIRE")
                .arg(&bucket)
                .arg(ttl)
                .ignore()
                .query::<()>(con)
        })
    }

    /// Looks in the last two windows: the articles awaited are being decided right now.
    fn decisions(&self, doc_keys: &[u64]) -> Result<Vec<Option<bool>>, DedupError> {
        let values = self.decision_values(doc_keys, super::now_ms())?;
        Ok(values
            .into_iter()
            .map(|value| value.map(|state| state.first() == Some(&b'1')))
            .collect())
    }

    fn decision_memo(&self, doc_key: u64, now_ms: i64) -> Result<Option<Vec<u8>>, DedupError> {
        let value = self.decision_values(&[doc_key], now_ms)?.into_iter().next();
        Ok(value
            .flatten()
            .and_then(|state| state.get(1..).filter(|m| !m.is_empty()).map(<[u8]>::to_vec)))
    }

    fn stats(&self) -> Result<StoreStats, DedupError> {
        let (_, windows) = self.windows(super::now_ms());
        let (counts, info): (Vec<u64>, String) = self.with_connection(|con| {
            let mut pipe = redis::pipe();
            for window in windows.clone() {
                pipe.cmd("PFCOUNT").arg(self.articles_key(window));
            }
            pipe.cmd("INFO").arg("memory").cmd("INFO").arg("stats");
            let mut replies: Vec<Value> = pipe.query(con)?;
            let info: Vec<String> = redis::from_redis_value(Value::Array(
                replies.split_off(replies.len().saturating_sub(2)),
            ))?;
            let counts: Vec<u64> = redis::from_redis_value(Value::Array(replies))?;
            Ok((counts, info.concat()))
        })?;
        Ok(StoreStats {
            entries: counts.iter().sum(),
            approximate_bytes: info_field(&info, "used_memory"),
            evictions_total: info_field(&info, "expired_keys"),
        })
    }
}

/// Appends `entry` to a hash field unless `needle` is already in it, sets the bucket's
/// expiry, and replies with the field's value (idempotent on redelivery).
fn append_unless_present(
    pipe: &mut Pipeline,
    key: &str,
    field: &[u8],
    needle: &[u8],
    entry: &[u8],
    ttl_ms: i64,
) {
    pipe.cmd("EVALSHA")
        .arg(append_script().get_hash())
        .arg(1)
        .arg(key)
        .arg(field)
        .arg(needle)
        .arg(entry)
        .arg(ttl_ms);
}

/// The next `n` replies of a pipeline.
fn take(
    replies: &mut impl Iterator<Item = Option<Vec<u8>>>,
    n: usize,
) -> Result<Vec<Option<Vec<u8>>>, DedupError> {
    let taken: Vec<_> = replies.take(n).collect();
    if taken.len() < n {
        return Err(DedupError::Corrupt(
            "redis pipeline returned too few replies",
        ));
    }
    Ok(taken)
}

/// Doc keys appended to a band field, 8 bytes each.
fn decode_doc_keys(members: &[u8]) -> impl Iterator<Item = u64> + '_ {
    members
        .chunks_exact(8)
        .filter_map(|m| m.try_into().ok().map(u64::from_le_bytes))
}

/// The field of an article's decision, beside its doc record.
fn decision_field(doc_key: u64) -> [u8; 9] {
    let mut field = [b'p'; 9];
    field[..8].copy_from_slice(&doc_key.to_le_bytes());
    field
}

/// Appends ARGV[3] to field ARGV[1] of hash KEYS[1] unless ARGV[2] is already in it, sets
/// the key's time to live to ARGV[4] ms and returns the field's value.
fn append_script() -> &'static Script {
    static SCRIPT: std::sync::OnceLock<Script> = std::sync::OnceLock::new();
    SCRIPT.get_or_init(|| {
        Script::new(
            r"local value = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if not string.find(value, ARGV[2], 1, true) then
  value = value .. ARGV[3]
  redis.call('HSET', KEYS[1], ARGV[1], value)
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return value",
        )
    })
}

fn is_missing_script(err: &RedisError) -> bool {
    err.kind() == ErrorKind::Server(ServerErrorKind::NoScript)
}

/// A numeric `name:value` line of `INFO` output; 0 when absent.
fn info_field(info: &str, name: &str) -> u64 {
    info.lines()
        .filter_map(|line| line.trim_end().split_once(':'))
        .find(|(key, _)| *key == name)
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0)
}

fn is_broken_connection(err: &RedisError) -> bool {
    err.is_io_error() || err.is_connection_dropped() || err.is_unrecoverable_error()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numeric_info_fields() {
        let info =
            "# Memory\r\nused_memory:1024\r\nused_memory_human:1K\r\n# Stats\r\nexpired_keys:7\r\n";
        assert_eq!(info_field(info, "used_memory"), 1024);
        assert_eq!(info_field(info, "expired_keys"), 7);
        assert_eq!(info_field(info, "missing"), 0);
    }

    #[test]
    fn band_members_decode_to_doc_keys() {
        let mut members = 42u64.to_le_bytes().to_vec();
        members.extend_from_slice(&7u64.to_le_bytes());
        members.extend_from_slice(b"odd");
        assert_eq!(decode_doc_keys(&members).collect::<Vec<_>>(), vec![42, 7]);
    }
}
