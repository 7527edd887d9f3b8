//! The Redis store: state shared by several sift instances.
//!
//! Every command touches one key, so the layout works on Redis Cluster; every key has a TTL of
//! the retention window. A decision is two pipelined round trips: (1) record and read back the
//! URL versions, the content claim, the doc record and the LSH band members; (2) read the
//! candidate docs.
//!
//! | key | type | content |
//! |---|---|---|
//! | `{prefix}u:{url key}` | hash | content hash (16 bytes) → stamp of its first article (`HSETNX`) |
//! | `{prefix}c:{content hash}` | string | stamp of the first article with that content (`SET NX`) |
//! | `{prefix}d:{doc key}` | string | the doc record (signature, shingle count, stamp) |
//! | `{prefix}b:{band key}` | sorted set | doc keys scored by expiry; expired members trimmed on write |
//! | `{prefix}p:{doc key}` | string | the article's decision: `1` published, `0` dropped |

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use redis::{Client, Connection, Pipeline, RedisError, Value};

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

    fn key(&self, kind: &str, hex: &str) -> String {
        format!("{}{kind}:{hex}", self.options.key_prefix)
    }

    /// Round trip 1: every write, then the reads of the same keys, in one pipeline.
    fn record_pipeline(&self, insertion: &Insertion<'_>) -> (Pipeline, bool) {
        let ttl = self.options.retention_ms;
        let expires_at = insertion.now_ms.saturating_add(ttl);
        let stamp = codec::encode_stamp(&insertion.doc.stamp);
        let mut pipe = redis::pipe();
        let has_url = insertion.url_key.is_some();
        if let Some(url_key) = insertion.url_key {
            let key = self.key("u", &format!("{url_key:016x}"));
            let field = insertion.content_hash.to_le_bytes();
            pipe.cmd("HSETNX")
                .arg(&key)
                .arg(&field[..])
                .arg(&stamp)
                .ignore();
            pipe.cmd("PEXPIRE").arg(&key).arg(ttl).ignore();
            pipe.cmd("HGETALL").arg(&key);
        }
        let content_key = self.key("c", &format!("{:032x}", insertion.content_hash));
        pipe.cmd("SET")
            .arg(&content_key)
            .arg(&stamp)
            .arg("NX")
            .arg("PX")
            .arg(ttl)
            .ignore();
        pipe.cmd("GET").arg(&content_key);
        let doc_key = self.key("d", &format!("{:016x}", insertion.doc_key));
        let doc = codec::encode_doc(insertion.doc);
        pipe.cmd("SET")
            .arg(&doc_key)
            .arg(doc)
            .arg("PX")
            .arg(ttl)
            .ignore();
        let member = insertion.doc_key.to_le_bytes();
        for band in insertion.band_keys {
            let key = self.key("b", &format!("{band:016x}"));
            pipe.cmd("ZADD")
                .arg(&key)
                .arg(expires_at)
                .arg(&member[..])
                .ignore();
            pipe.cmd("ZREMRANGEBYSCORE")
                .arg(&key)
                .arg("-inf")
                .arg(insertion.now_ms)
                .ignore();
            pipe.cmd("PEXPIRE").arg(&key).arg(ttl).ignore();
            pipe.cmd("ZRANGE").arg(&key).arg(0).arg(-1);
        }
        (pipe, has_url)
    }

    /// Round trip 2: the candidate docs (all but the article itself).
    fn load_docs(&self, doc_keys: &[u64]) -> Result<Vec<StoredDoc>, DedupError> {
        if doc_keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut pipe = redis::pipe();
        for key in doc_keys {
            pipe.cmd("GET").arg(self.key("d", &format!("{key:016x}")));
            pipe.cmd("GET").arg(self.key("p", &format!("{key:016x}")));
        }
        let replies: Vec<Option<Vec<u8>>> = self.with_connection(|con| pipe.query(con))?;
        let mut docs = Vec::with_capacity(doc_keys.len());
        for pair in replies.chunks_exact(2) {
            if let Some(record) = &pair[0] {
                let mut doc = codec::decode_doc(record)?;
                doc.published = pair[1].as_deref().map(|state| state == b"1");
                docs.push(doc);
            }
        }
        Ok(docs)
    }
}

impl DedupStore for RedisStore {
    fn record_and_observe(&self, insertion: &Insertion<'_>) -> Result<Observations, DedupError> {
        let (pipe, has_url) = self.record_pipeline(insertion);
        let replies: Vec<Value> = self.with_connection(|con| pipe.query(con))?;
        let mut replies = replies.into_iter();
        let url_versions = if has_url {
            parse_url_versions(next_reply(&mut replies)?)?
        } else {
            Vec::new()
        };
        let content_first =
            match redis::from_redis_value::<Option<Vec<u8>>>(next_reply(&mut replies)?)
                .map_err(RedisError::from)?
            {
                Some(bytes) => codec::decode_stamp(&bytes)?,
                // Expired between SET NX and GET: this article is the first.
                None => insertion.doc.stamp.clone(),
            };
        let mut doc_keys = Vec::new();
        for reply in replies {
            let members: Vec<Vec<u8>> = redis::from_redis_value(reply).map_err(RedisError::from)?;
            doc_keys.extend(members.iter().filter_map(|m| decode_doc_key(m)));
        }
        doc_keys.sort_unstable();
        doc_keys.dedup();
        doc_keys.retain(|&key| key != insertion.doc_key);
        let mut candidates = self.load_docs(&doc_keys)?;
        candidates.push(insertion.doc.clone());
        Ok(Observations {
            url_versions,
            content_first,
            candidates,
        })
    }

    fn record_decision(
        &self,
        doc_key: u64,
        published: bool,
        _now_ms: i64,
    ) -> Result<(), DedupError> {
        let key = self.key("p", &format!("{doc_key:016x}"));
        let state = if published { "1" } else { "0" };
        let ttl = self.options.retention_ms;
        self.with_connection(|con| {
            redis::cmd("SET")
                .arg(&key)
                .arg(state)
                .arg("PX")
                .arg(ttl)
                .query::<()>(con)
        })
    }

    fn decisions(&self, doc_keys: &[u64]) -> Result<Vec<Option<bool>>, DedupError> {
        let mut pipe = redis::pipe();
        for key in doc_keys {
            pipe.cmd("GET").arg(self.key("p", &format!("{key:016x}")));
        }
        let states: Vec<Option<String>> = self.with_connection(|con| pipe.query(con))?;
        Ok(states
            .into_iter()
            .map(|s| s.map(|state| state == "1"))
            .collect())
    }

    fn stats(&self) -> Result<StoreStats, DedupError> {
        let (entries, info): (u64, String) = self.with_connection(|con| {
            redis::pipe()
                .cmd("DBSIZE")
                .cmd("INFO")
                .arg("memory")
                .cmd("INFO")
                .arg("stats")
                .query::<(u64, String, String)>(con)
                .map(|(entries, memory, stats)| (entries, memory + &stats))
        })?;
        Ok(StoreStats {
            entries,
            approximate_bytes: info_field(&info, "used_memory"),
            evictions_total: info_field(&info, "expired_keys"),
        })
    }
}

fn next_reply(replies: &mut impl Iterator<Item = Value>) -> Result<Value, DedupError> {
    replies.next().ok_or(DedupError::Corrupt(
        "redis pipeline returned too few replies",
    ))
}

fn parse_url_versions(reply: Value) -> Result<Vec<UrlVersion>, DedupError> {
    let fields: Vec<(Vec<u8>, Vec<u8>)> =
        redis::from_redis_value(reply).map_err(RedisError::from)?;
    fields
        .into_iter()
        .map(|(field, stamp)| {
            let hash: [u8; 16] = field
                .as_slice()
                .try_into()
                .map_err(|_| DedupError::Corrupt("URL version field is not a content hash"))?;
            Ok(UrlVersion {
                content_hash: u128::from_le_bytes(hash),
                first: codec::decode_stamp(&stamp)?,
            })
        })
        .collect()
}

fn decode_doc_key(member: &[u8]) -> Option<u64> {
    member.try_into().ok().map(u64::from_le_bytes)
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
        assert_eq!(decode_doc_key(&42u64.to_le_bytes()), Some(42));
        assert_eq!(decode_doc_key(b"short"), None);
    }
}
