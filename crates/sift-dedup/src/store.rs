//! The storage edge: what a store records for each article and what it reads back.
//!
//! Every decision is *insert-then-query*: the store first records the article (its URL version,
//! its content hash claim, its MinHash signature under each LSH band key), then reads what else
//! is known under those keys. Whatever the interleaving of two instances, at least one of two
//! concurrent articles sees the other, and the total order on [`Stamp`] decides which one is the
//! original, so no cross-key atomicity is needed.

use super::DedupError;

/// An article's place in the total order that every instance agrees on: fetch time, then id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    pub fetched_at_ms: i64,
    pub id: String,
}

/// One content version seen under a canonical URL, with the article that first carried it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlVersion {
    pub content_hash: u128,
    pub first: Stamp,
}

/// A remembered article, as near-duplicate candidates are read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDoc {
    pub stamp: Stamp,
    pub shingle_count: u32,
    pub signature: Vec<u16>,
    /// Its decision as far as the store knows: published (`Some(true)`), dropped as a duplicate
    /// (`Some(false)`) or not decided yet (`None`). Kept apart from the record itself.
    pub published: Option<bool>,
}

/// What one decision writes.
#[derive(Debug, Clone, Copy)]
pub struct Insertion<'a> {
    pub doc: &'a StoredDoc,
    /// Store key of the article id.
    pub doc_key: u64,
    /// Store key of the canonical URL, when there is one.
    pub url_key: Option<u64>,
    pub content_hash: u128,
    /// LSH band keys; empty when the text is too short for near-duplicate matching.
    pub band_keys: &'a [u64],
    /// Wall-clock time of the decision; state written now expires at `now_ms + retention`.
    pub now_ms: i64,
}

/// What the store knows after recording an article, the article itself included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observations {
    /// Every content version remembered for the canonical URL (empty without a URL).
    pub url_versions: Vec<UrlVersion>,
    /// The article that claimed this content hash first (possibly the article itself).
    pub content_first: Stamp,
    /// Remembered articles sharing at least one LSH band (possibly the article itself).
    pub candidates: Vec<StoredDoc>,
}

/// Size and churn of a store, exported as metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreStats {
    /// Remembered articles (approximate: LSM-tree estimate, or HyperLogLog counts in Redis).
    pub entries: u64,
    /// Approximate bytes used: disk space of the database (embedded) or the server's
    /// `used_memory` (redis).
    pub approximate_bytes: u64,
    /// Articles dropped by expiry since start (embedded), or keys (buckets) expired by the
    /// server (redis).
    pub evictions_total: u64,
}

/// Persistent deduplication state. Sync; shared by many worker threads.
pub trait DedupStore: Send + Sync {
    /// Records `insertion`, then reads back what is known under its keys (insert-then-query).
    fn record_and_observe(&self, insertion: &Insertion<'_>) -> Result<Observations, DedupError>;

    /// Records an article's decision, so that concurrent near-duplicates can wait for it, with
    /// `memo` (the whole decision, encoded) for a replay of the same article.
    fn record_decision(
        &self,
        doc_key: u64,
        published: bool,
        memo: &[u8],
        now_ms: i64,
    ) -> Result<(), DedupError>;

    /// The memo recorded with this article's decision, if it was decided before (a replay).
    fn decision_memo(&self, doc_key: u64, now_ms: i64) -> Result<Option<Vec<u8>>, DedupError>;

    /// The recorded decisions of these articles, in order (`None`: not decided yet).
    fn decisions(&self, doc_keys: &[u64]) -> Result<Vec<Option<bool>>, DedupError>;

    /// Current size and churn.
    fn stats(&self) -> Result<StoreStats, DedupError>;
}

/// Binary layout of persisted records: little-endian integers, the id's UTF-8 bytes last.
pub(crate) mod codec {
    use super::{Stamp, StoredDoc, UrlVersion};
    use crate::DedupError;
    use sift_extract::event::{DedupInfo, DedupReason};

    /// A decision: reason, duplicate_of, supersedes (each u16 length + UTF-8), then flags
    /// (1: similarity, 2: revision) and those values (f64 bits, u32).
    pub fn encode_info(info: &DedupInfo) -> Vec<u8> {
        let mut out = Vec::with_capacity(48);
        for text in [
            Some(info.reason.as_str()),
            info.duplicate_of.as_deref(),
            info.supersedes.as_deref(),
        ] {
            let bytes = text.unwrap_or_default().as_bytes();
            let len = u16::try_from(bytes.len()).unwrap_or(u16::MAX);
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&bytes[..usize::from(len)]);
        }
        let flags = u8::from(info.similarity.is_some()) | (u8::from(info.revision.is_some()) << 1);
        out.push(flags);
        if let Some(similarity) = info.similarity {
            out.extend_from_slice(&similarity.to_bits().to_le_bytes());
        }
        if let Some(revision) = info.revision {
            out.extend_from_slice(&revision.to_le_bytes());
        }
        out
    }

    pub fn decode_info(bytes: &[u8]) -> Result<DedupInfo, DedupError> {
        let mut reader = Reader(bytes);
        let mut text = || -> Result<String, DedupError> {
            let len = u16::from_le_bytes(reader.take()?);
            String::from_utf8(reader.take_slice(usize::from(len))?.to_vec())
                .map_err(|_| DedupError::Corrupt("decision is not UTF-8"))
        };
        let (reason, duplicate_of, supersedes) = (text()?, text()?, text()?);
        let [flags] = reader.take::<1>()?;
        let similarity = if flags & 1 != 0 {
            Some(f64::from_bits(u64::from_le_bytes(reader.take()?)))
        } else {
            None
        };
        let revision = if flags & 2 != 0 {
            Some(u32::from_le_bytes(reader.take()?))
        } else {
            None
        };
        let non_empty = |s: String| (!s.is_empty()).then_some(s);
        let reason =
            DedupReason::parse(&reason).ok_or(DedupError::Corrupt("unknown dedup reason"))?;
        Ok(DedupInfo {
            reason,
            duplicate_of: non_empty(duplicate_of),
            similarity,
            revision,
            supersedes: non_empty(supersedes),
        })
    }

    /// `fetched_at_ms` (8) then the id.
    pub fn encode_stamp(stamp: &Stamp) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + stamp.id.len());
        out.extend_from_slice(&stamp.fetched_at_ms.to_le_bytes());
        out.extend_from_slice(stamp.id.as_bytes());
        out
    }

    pub fn decode_stamp(bytes: &[u8]) -> Result<Stamp, DedupError> {
        let mut reader = Reader(bytes);
        let fetched_at_ms = i64::from_le_bytes(reader.take()?);
        Ok(Stamp {
            fetched_at_ms,
            id: reader.rest_as_string()?,
        })
    }

    /// `fetched_at_ms` (8), shingle count (4), signature length (2), signature (2 each), id.
    pub fn encode_doc(doc: &StoredDoc) -> Vec<u8> {
        let mut out = Vec::with_capacity(14 + 2 * doc.signature.len() + doc.stamp.id.len());
        out.extend_from_slice(&doc.stamp.fetched_at_ms.to_le_bytes());
        out.extend_from_slice(&doc.shingle_count.to_le_bytes());
        let len = u16::try_from(doc.signature.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&len.to_le_bytes());
        for value in doc.signature.iter().take(usize::from(len)) {
            out.extend_from_slice(&value.to_le_bytes());
        }
        out.extend_from_slice(doc.stamp.id.as_bytes());
        out
    }

    pub fn decode_doc(bytes: &[u8]) -> Result<StoredDoc, DedupError> {
        let mut reader = Reader(bytes);
        let fetched_at_ms = i64::from_le_bytes(reader.take()?);
        let shingle_count = u32::from_le_bytes(reader.take()?);
        let len = u16::from_le_bytes(reader.take()?);
        let signature = (0..len)
            .map(|_| reader.take().map(u16::from_le_bytes))
            .collect::<Result<Vec<u16>, DedupError>>()?;
        Ok(StoredDoc {
            stamp: Stamp {
                fetched_at_ms,
                id: reader.rest_as_string()?,
            },
            shingle_count,
            signature,
            published: None,
        })
    }

    /// Per version: content hash (16), fetched_at (8), id length (2), id.
    pub fn encode_versions(versions: &[UrlVersion]) -> Vec<u8> {
        let mut out = Vec::new();
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

    pub fn decode_versions(bytes: &[u8]) -> Result<Vec<UrlVersion>, DedupError> {
        let mut reader = Reader(bytes);
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
        Ok(versions)
    }

    /// Reads fixed-size fields off the front of a record.
    pub struct Reader<'a>(pub &'a [u8]);

    impl Reader<'_> {
        pub fn take<const N: usize>(&mut self) -> Result<[u8; N], DedupError> {
            let (head, tail) = self
                .0
                .split_first_chunk::<N>()
                .ok_or(DedupError::Corrupt("record too short"))?;
            self.0 = tail;
            Ok(*head)
        }

        pub fn take_slice(&mut self, len: usize) -> Result<&[u8], DedupError> {
            if self.0.len() < len {
                return Err(DedupError::Corrupt("record too short"));
            }
            let (head, tail) = self.0.split_at(len);
            self.0 = tail;
            Ok(head)
        }

        pub fn is_empty(&self) -> bool {
            self.0.is_empty()
        }

        pub fn rest_as_string(self) -> Result<String, DedupError> {
            String::from_utf8(self.0.to_vec()).map_err(|_| DedupError::Corrupt("id is not UTF-8"))
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn records_round_trip() {
            let doc = StoredDoc {
                stamp: Stamp {
                    fetched_at_ms: -5,
                    id: "ïd-1".to_owned(),
                },
                shingle_count: 77,
                signature: vec![1, 65535, 0, 42],
                published: None,
            };
            assert_eq!(decode_doc(&encode_doc(&doc)).ok(), Some(doc.clone()));
            assert_eq!(
                decode_stamp(&encode_stamp(&doc.stamp)).ok(),
                Some(doc.stamp)
            );
        }

        #[test]
        fn url_versions_round_trip() {
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
            assert_eq!(
                decode_versions(&encode_versions(&versions)).ok(),
                Some(versions)
            );
            assert!(decode_versions(&[1, 2, 3, 4, 5, 6, 7, 8, 9]).is_err());
        }

        #[test]
        fn truncated_records_are_errors_not_panics() {
            assert!(decode_doc(&[1, 2, 3]).is_err());
            assert!(decode_stamp(&[]).is_err());
            assert!(decode_doc(&[0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 9, 0, 1]).is_err());
        }
    }
}
