//! The decision: pure, from an article's fingerprint and what the store observed.

use sift_extract::event::{DedupInfo, DedupReason};

use super::fingerprint::{content_hash_hex, estimate_containment, estimate_jaccard};
use super::store::{Observations, Stamp, StoredDoc, UrlVersion};

/// When two fingerprints count as near-duplicates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatchParams {
    pub jaccard_threshold: f64,
    pub containment_threshold: f64,
    pub containment_min_jaccard: f64,
    pub min_shingles: u32,
}

/// The article being decided, as the decision sees it.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub doc: &'a StoredDoc,
    pub content_hash: u128,
}

/// The outcome of deciding on what the store observed.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Decided(DedupInfo),
    /// Similar articles later in the total order are being decided right now (by another
    /// thread or instance): wait for their decisions, then decide again.
    AwaitDecisions(Vec<Stamp>),
}

/// Decides, in this order: exact repeat or revision of the canonical URL, same content under
/// another URL, near-duplicate of an earlier or already published article, else new.
pub fn decide(subject: &Subject<'_>, seen: &Observations, params: &MatchParams) -> Verdict {
    url_decision(subject, &seen.url_versions)
        .or_else(|| same_content_decision(&subject.doc.stamp, &seen.content_first))
        .map(Verdict::Decided)
        .or_else(|| near_duplicate_verdict(subject.doc, &seen.candidates, params))
        .unwrap_or_else(|| Verdict::Decided(info(DedupReason::New)))
}

/// Repeat: this URL already carried this content (first carried by another article).
/// Revision: this URL carried other content earlier in the total order.
fn url_decision(subject: &Subject<'_>, versions: &[UrlVersion]) -> Option<DedupInfo> {
    let me = &subject.doc.stamp;
    let mine = versions
        .iter()
        .find(|v| v.content_hash == subject.content_hash)?;
    if mine.first != *me {
        return Some(DedupInfo {
            duplicate_of: Some(mine.first.id.clone()),
            ..info(DedupReason::Repeat)
        });
    }
    let mut earlier: Vec<&UrlVersion> = versions.iter().filter(|v| v.first < *me).collect();
    earlier.sort_by(|a, b| a.first.cmp(&b.first));
    let previous = earlier.last()?;
    Some(DedupInfo {
        revision: Some(u32::try_from(earlier.len()).unwrap_or(u32::MAX)),
        supersedes: Some(content_hash_hex(previous.content_hash)),
        ..info(DedupReason::Revision)
    })
}

/// Same content under another URL (or without one): the first claimant is the original.
fn same_content_decision(me: &Stamp, content_first: &Stamp) -> Option<DedupInfo> {
    (content_first != me).then(|| DedupInfo {
        duplicate_of: Some(content_first.id.clone()),
        ..info(DedupReason::SameContent)
    })
}

/// Near-duplicate of the earliest similar candidate that precedes this article in the total
/// order, else of the earliest similar later candidate already published. A later candidate
/// still undecided makes this article wait for its decision.
///
/// Why no story is lost: an article is dropped only for an earlier one (and the earliest of a
/// group is never dropped that way) or for one already published. Why a story is published
/// once: whichever of two concurrent near-duplicates is stored second sees the first; if that
/// one is earlier, the order decides; if it is later, its decision (or its publication) decides.
fn near_duplicate_verdict(
    me: &StoredDoc,
    candidates: &[StoredDoc],
    params: &MatchParams,
) -> Option<Verdict> {
    let similar: Vec<(&StoredDoc, f64)> = candidates
        .iter()
        .filter(|c| c.stamp != me.stamp)
        .filter_map(|c| similarity(me, c, params).map(|s| (c, s)))
        .collect();
    let earliest = |keep: &dyn Fn(&StoredDoc) -> bool| {
        similar
            .iter()
            .filter(|(c, _)| keep(c))
            .min_by(|(a, _), (b, _)| a.stamp.cmp(&b.stamp))
    };
    let original =
        earliest(&|c| c.stamp < me.stamp).or_else(|| earliest(&|c| c.published == Some(true)));
    if let Some((original, jaccard)) = original {
        return Some(Verdict::Decided(DedupInfo {
            duplicate_of: Some(original.stamp.id.clone()),
            similarity: Some(round_to_thousandths(*jaccard)),
            ..info(DedupReason::NearDuplicate)
        }));
    }
    let undecided: Vec<Stamp> = similar
        .iter()
        .filter(|(c, _)| c.published.is_none())
        .map(|(c, _)| c.stamp.clone())
        .collect();
    (!undecided.is_empty()).then_some(Verdict::AwaitDecisions(undecided))
}

/// The estimated Jaccard similarity when the pair counts as near-duplicates.
pub fn similarity(a: &StoredDoc, b: &StoredDoc, params: &MatchParams) -> Option<f64> {
    if a.shingle_count < params.min_shingles || b.shingle_count < params.min_shingles {
        return None;
    }
    let jaccard = estimate_jaccard(&a.signature, &b.signature);
    let containment = estimate_containment(jaccard, a.shingle_count, b.shingle_count);
    let similar = jaccard >= params.jaccard_threshold
        || (containment >= params.containment_threshold
            && jaccard >= params.containment_min_jaccard);
    similar.then_some(jaccard)
}

fn round_to_thousandths(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

pub(crate) fn info(reason: DedupReason) -> DedupInfo {
    DedupInfo {
        reason,
        duplicate_of: None,
        similarity: None,
        revision: None,
        supersedes: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAMS: MatchParams = MatchParams {
        jaccard_threshold: 0.5,
        containment_threshold: 0.8,
        containment_min_jaccard: 0.25,
        min_shingles: 10,
    };

    fn stamp(t: i64, id: &str) -> Stamp {
        Stamp {
            fetched_at_ms: t,
            id: id.to_owned(),
        }
    }

    fn doc(t: i64, id: &str, count: u32, signature: &[u16]) -> StoredDoc {
        StoredDoc {
            stamp: stamp(t, id),
            shingle_count: count,
            signature: signature.to_vec(),
            published: Some(true),
        }
    }

    fn with_state(mut doc: StoredDoc, published: Option<bool>) -> StoredDoc {
        doc.published = published;
        doc
    }

    fn version(hash: u128, t: i64, id: &str) -> UrlVersion {
        UrlVersion {
            content_hash: hash,
            first: stamp(t, id),
        }
    }

    /// A 10-value signature equal to `base` in the first `equal` positions.
    fn sig(equal: usize) -> Vec<u16> {
        (0..10u16)
            .map(|i| if usize::from(i) < equal { i } else { 1000 + i })
            .collect()
    }

    struct Case {
        name: &'static str,
        me: StoredDoc,
        hash: u128,
        seen: Observations,
        expected: Verdict,
    }

    fn expect(reason: DedupReason) -> DedupInfo {
        info(reason)
    }

    impl From<DedupInfo> for Verdict {
        fn from(info: DedupInfo) -> Self {
            Verdict::Decided(info)
        }
    }

    #[test]
    fn decisions_table() {
        let me = doc(100, "me", 50, &sig(10));
        let alone = |versions: Vec<UrlVersion>, candidates: Vec<StoredDoc>| Observations {
            url_versions: versions,
            content_first: stamp(100, "me"),
            candidates,
        };
        let cases = vec![
            Case {
                name: "first sight is new",
                me: me.clone(),
                hash: 1,
                seen: alone(vec![version(1, 100, "me")], vec![me.clone()]),
                expected: (expect(DedupReason::New)).into(),
            },
            Case {
                name: "same URL, same content as an earlier version: repeat",
                me: me.clone(),
                hash: 1,
                seen: alone(
                    vec![version(1, 50, "v1"), version(2, 70, "v2")],
                    vec![me.clone()],
                ),
                expected: (DedupInfo {
                    duplicate_of: Some("v1".into()),
                    ..expect(DedupReason::Repeat)
                })
                .into(),
            },
            Case {
                name: "same URL, changed content: second revision supersedes the latest",
                me: me.clone(),
                hash: 3,
                seen: alone(
                    vec![
                        version(1, 50, "v1"),
                        version(2, 70, "v2"),
                        version(3, 100, "me"),
                    ],
                    vec![me.clone(), doc(70, "v2", 50, &sig(10))],
                ),
                expected: (DedupInfo {
                    revision: Some(2),
                    supersedes: Some(content_hash_hex(2)),
                    ..expect(DedupReason::Revision)
                })
                .into(),
            },
            Case {
                name: "a later version of the URL does not make an earlier one a revision",
                me: me.clone(),
                hash: 1,
                seen: alone(
                    vec![version(1, 100, "me"), version(2, 200, "later")],
                    vec![],
                ),
                expected: (expect(DedupReason::New)).into(),
            },
            Case {
                name: "same content claimed first by another URL",
                me: me.clone(),
                hash: 1,
                seen: Observations {
                    content_first: stamp(300, "other"),
                    ..alone(vec![version(1, 100, "me")], vec![])
                },
                expected: (DedupInfo {
                    duplicate_of: Some("other".into()),
                    ..expect(DedupReason::SameContent)
                })
                .into(),
            },
            Case {
                name: "near-duplicate of the earliest matching earlier candidate",
                me: me.clone(),
                hash: 1,
                seen: alone(
                    vec![],
                    vec![
                        doc(90, "b", 50, &sig(8)),
                        doc(80, "a", 50, &sig(6)),
                        doc(70, "unrelated", 50, &sig(1)),
                        me.clone(),
                    ],
                ),
                expected: (DedupInfo {
                    duplicate_of: Some("a".into()),
                    similarity: Some(0.6),
                    ..expect(DedupReason::NearDuplicate)
                })
                .into(),
            },
            Case {
                name: "a later near-duplicate dropped never drops the earlier article",
                me: me.clone(),
                hash: 1,
                seen: alone(
                    vec![],
                    vec![
                        with_state(doc(100, "zz", 50, &sig(10)), Some(false)),
                        with_state(doc(200, "b", 50, &sig(10)), Some(false)),
                    ],
                ),
                expected: (expect(DedupReason::New)).into(),
            },
            Case {
                name: "a later near-duplicate already published: duplicate of it",
                me: me.clone(),
                hash: 1,
                seen: alone(vec![], vec![doc(200, "later", 50, &sig(9))]),
                expected: (DedupInfo {
                    duplicate_of: Some("later".into()),
                    similarity: Some(0.9),
                    ..expect(DedupReason::NearDuplicate)
                })
                .into(),
            },
            Case {
                name: "a later near-duplicate dropped: new",
                me: me.clone(),
                hash: 1,
                seen: alone(
                    vec![],
                    vec![with_state(doc(200, "later", 50, &sig(9)), Some(false))],
                ),
                expected: expect(DedupReason::New).into(),
            },
            Case {
                name: "a later near-duplicate undecided: wait for it",
                me: me.clone(),
                hash: 1,
                seen: alone(
                    vec![],
                    vec![with_state(doc(200, "later", 50, &sig(9)), None)],
                ),
                expected: Verdict::AwaitDecisions(vec![stamp(200, "later")]),
            },
            Case {
                name: "same fetch time: the smaller id is the original",
                me: doc(100, "m", 50, &sig(10)),
                hash: 1,
                seen: Observations {
                    content_first: stamp(100, "m"),
                    ..alone(vec![], vec![doc(100, "a", 50, &sig(10))])
                },
                expected: (DedupInfo {
                    duplicate_of: Some("a".into()),
                    similarity: Some(1.0),
                    ..expect(DedupReason::NearDuplicate)
                })
                .into(),
            },
            Case {
                name: "truncated copy matches by containment",
                me: doc(100, "me", 50, &sig(4)),
                hash: 1,
                seen: Observations {
                    content_first: stamp(100, "me"),
                    ..alone(vec![], vec![doc(10, "long", 150, &sig(10))])
                },
                expected: (DedupInfo {
                    duplicate_of: Some("long".into()),
                    similarity: Some(0.4),
                    ..expect(DedupReason::NearDuplicate)
                })
                .into(),
            },
            Case {
                name: "too short to judge: only exact matches",
                me: doc(100, "me", 5, &sig(10)),
                hash: 1,
                seen: Observations {
                    content_first: stamp(100, "me"),
                    ..alone(vec![], vec![doc(10, "a", 5, &sig(10))])
                },
                expected: (expect(DedupReason::New)).into(),
            },
        ];
        for case in cases {
            let subject = Subject {
                doc: &case.me,
                content_hash: case.hash,
            };
            assert_eq!(
                decide(&subject, &case.seen, &PARAMS),
                case.expected,
                "{}",
                case.name
            );
        }
    }
}
