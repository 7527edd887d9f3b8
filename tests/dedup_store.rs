//! Dedup against real stores: the embedded fjall database (restart, expiry, threads) and a real Redis
//! server (two instances, the concurrent near-duplicate race).
//!
//! Redis tests (built with `--features integration`) need `SIFT_TEST_REDIS_URL` (e.g. `redis://127.0.0.1:16379/`, started by
//! `scripts/redis-local.sh start`); they fail, not skip, when it is unset or unreachable.

use std::sync::{Arc, Barrier};
use std::thread;

use sift_dedup::normalize::NormalizedText;
use sift_dedup::{
    DedupConfig, DedupError, DedupInput, DedupStore, Deduplicator, Position, StoreKind,
};
use sift_extract::event::{DedupInfo, DedupReason};

const STORY: &str = "The city council approved the new budget on Tuesday after a long debate \
    about school funding, road repairs and the future of the public library. The mayor said the \
    plan balances spending with modest tax increases, while opponents warned that reserves \
    would fall to their lowest level in a decade. The vote was seven to two. Final approval is \
    expected next month after a public hearing at city hall.";

const OTHER_STORY: &str = "Heavy rain flooded several streets in the harbour district overnight, \
    and firefighters pumped water out of dozens of basements. The weather service expects more \
    showers through the weekend and has issued a warning for the coastal region, where rivers \
    are already close to their banks. Schools will open late on Monday.";

/// One article to decide; `.input()` borrows it as the deduplicator's input.
struct Article<'a> {
    id: &'a str,
    url: &'a str,
    text: NormalizedText,
    fetched_at_ms: i64,
}

impl Article<'_> {
    fn input(&self) -> DedupInput<'_> {
        DedupInput {
            id: self.id,
            canonical_url: Some(self.url),
            text: &self.text,
            fetched_at_ms: self.fetched_at_ms,
            position: None,
        }
    }

    /// The input as read from partition 1 of topic `pages` at `offset`.
    fn input_at(&self, offset: i64) -> DedupInput<'_> {
        DedupInput {
            position: Some(Position {
                topic: "pages",
                partition: 1,
                offset,
            }),
            ..self.input()
        }
    }
}

fn article<'a>(id: &'a str, url: &'a str, text: &str, fetched_at_ms: i64) -> Article<'a> {
    Article {
        id,
        url,
        text: NormalizedText::new(text),
        fetched_at_ms,
    }
}

fn syndicated(text: &str) -> String {
    format!("Home | News | Sport\n\nWASHINGTON (AP) — {text}\n\n© 2024 Example Media")
}

fn reason(info: &DedupInfo) -> &str {
    info.reason.as_str()
}

fn embedded_config(dir: &std::path::Path) -> DedupConfig {
    DedupConfig {
        store: StoreKind::Embedded,
        data_dir: dir.to_path_buf(),
        ..DedupConfig::default()
    }
}

#[test]
fn embedded_store_keeps_decisions_across_restart() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let config = embedded_config(dir.path());
    {
        let dedup = Deduplicator::new(&config)?;
        let first = dedup.decide(&article("a", "https://a.example/1", STORY, 1_000).input())?;
        assert_eq!(reason(&first), "new");
    }
    let dedup = Deduplicator::new(&config)?;
    let rescrape = dedup.decide(&article("a", "https://a.example/1", STORY, 2_000).input())?;
    assert_eq!(reason(&rescrape), "repeat");
    assert_eq!(rescrape.duplicate_of.as_deref(), Some("a"));
    assert!(rescrape.reason.is_duplicate());

    let copy = syndicated(STORY);
    let near = dedup.decide(&article("b", "https://b.example/x", &copy, 3_000).input())?;
    assert_eq!(reason(&near), "near_duplicate");
    assert_eq!(near.duplicate_of.as_deref(), Some("a"));
    assert!(near.similarity.is_some_and(|s| s > 0.3 && s <= 1.0));

    let same = dedup.decide(&article("c", "https://c.example/y", STORY, 4_000).input())?;
    assert_eq!(reason(&same), "same_content");
    assert_eq!(same.duplicate_of.as_deref(), Some("a"));

    let updated = STORY.replace("seven to two", "six to three");
    let revision = dedup.decide(&article("a", "https://a.example/1", &updated, 5_000).input())?;
    assert_eq!(reason(&revision), "revision");
    assert_eq!(revision.revision, Some(1));
    assert!(!revision.reason.is_duplicate());

    let stale = dedup.decide(&article("a", "https://a.example/1", STORY, 6_000).input())?;
    assert_eq!(
        reason(&stale),
        "repeat",
        "an older version served again is a repeat"
    );

    let other = dedup.decide(&article("d", "https://a.example/2", OTHER_STORY, 7_000).input())?;
    assert_eq!(reason(&other), "new");
    assert!(dedup.stats().entries >= 6);
    Ok(())
}

#[test]
fn embedded_store_forgets_after_retention() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    forgets_after_retention(&embedded_config(dir.path()))
}

/// Within the retention an article is remembered; past it, its state no longer counts.
fn forgets_after_retention(config: &DedupConfig) -> Result<(), Box<dyn std::error::Error>> {
    let config = DedupConfig {
        retention_secs: 60,
        ..config.clone()
    };
    let dedup = Deduplicator::new(&config)?;
    let t0 = 1_700_000_000_000;
    let first = dedup.decide_at(&article("a", "https://a.example/1", STORY, t0).input(), t0)?;
    assert_eq!(reason(&first), "new");
    let within = dedup.decide_at(
        &article("b", "https://b.example/1", STORY, t0 + 1).input(),
        t0 + 59_000,
    )?;
    assert_eq!(reason(&within), "same_content");

    let later = t0 + 200_000;
    let again = dedup.decide_at(
        &article("a", "https://a.example/1", STORY, later).input(),
        later,
    )?;
    assert_eq!(
        reason(&again),
        "new",
        "state past the retention window is gone"
    );
    Ok(())
}

#[test]
fn embedded_store_is_shared_by_threads() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let dedup = Arc::new(Deduplicator::new(&embedded_config(dir.path()))?);
    let decisions = race(&[dedup.clone(), dedup], 0)?;
    assert_exactly_one_published(&decisions);
    Ok(())
}

/// Two near-duplicates (same fetch time, ids `r{round}-a` and `r{round}-b`) decided at the same
/// moment on two threads, one per deduplicator.
fn race(dedups: &[Arc<Deduplicator>; 2], round: u32) -> Result<[DedupInfo; 2], String> {
    let barrier = Arc::new(Barrier::new(2));
    let story = distinct_story(round);
    let texts = [story.clone(), syndicated(&story)];
    let handles: Vec<_> = (0..2)
        .map(|i| {
            let dedup = dedups[i].clone();
            let barrier = barrier.clone();
            let text = texts[i].clone();
            thread::spawn(move || {
                let id = format!("r{round}-{}", ["a", "b"][i]);
                let url = format!("https://site{i}.example/{round}");
                barrier.wait();
                dedup
                    .decide(&article(&id, &url, &text, 1_000 + i64::from(round)).input())
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    let mut decisions = Vec::new();
    for handle in handles {
        decisions.push(handle.join().map_err(|_| "decision thread panicked")??);
    }
    decisions
        .try_into()
        .map_err(|_| "two decisions expected".to_owned())
}

/// A story sharing no sentence with any other round's.
fn distinct_story(round: u32) -> String {
    (0..120)
        .map(|w| format!("story{round}word{}", (w * 7919 + round) % 1000))
        .collect::<Vec<_>>()
        .join(" ")
}

fn assert_exactly_one_published(decisions: &[DedupInfo; 2]) {
    let dropped: Vec<&DedupInfo> = decisions
        .iter()
        .filter(|d| d.reason.is_duplicate())
        .collect();
    assert_eq!(
        dropped.len(),
        1,
        "exactly one of two near-duplicates is published: {decisions:?}"
    );
    assert_eq!(
        dropped[0].reason,
        DedupReason::NearDuplicate,
        "{decisions:?}"
    );
}

/// Redis: needs `SIFT_TEST_REDIS_URL` (`scripts/test.sh` sets it), so only with
/// `--features integration`.
#[cfg(feature = "integration")]
mod redis {
    use super::*;

    fn redis_config(prefix: &str) -> DedupConfig {
        let url = std::env::var("SIFT_TEST_REDIS_URL").unwrap_or_else(|_| {
            panic!(
                "SIFT_TEST_REDIS_URL is not set: start Redis (scripts/redis-local.sh start) and set \
                 SIFT_TEST_REDIS_URL=redis://127.0.0.1:16379/"
            )
        });
        DedupConfig {
            store: StoreKind::Redis,
            redis_url: url,
            redis_key_prefix: format!("sift-test:{prefix}:{}:{}:", std::process::id(), unique()),
            ..DedupConfig::default()
        }
    }

    fn unique() -> u128 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    }

    fn open_redis(config: &DedupConfig) -> Deduplicator {
        Deduplicator::new(config).unwrap_or_else(|err| {
            panic!(
                "cannot reach Redis at SIFT_TEST_REDIS_URL={}: {err}",
                config.redis_url
            )
        })
    }

    #[test]
    fn redis_store_forgets_after_retention() -> Result<(), Box<dyn std::error::Error>> {
        forgets_after_retention(&redis_config("retention"))
    }

    #[test]
    fn redis_store_two_instances_publish_each_story_once() -> Result<(), Box<dyn std::error::Error>>
    {
        let config = redis_config("instances");
        let one = open_redis(&config);
        let two = open_redis(&config);
        let copy = syndicated(STORY);
        let stream = [
            (&one, "a", "https://a.example/1", STORY),
            (&two, "a", "https://a.example/1", STORY),
            (&two, "b", "https://b.example/x", copy.as_str()),
            (&one, "c", "https://c.example/y", STORY),
            (&one, "d", "https://d.example/z", OTHER_STORY),
            (&two, "d", "https://d.example/z", OTHER_STORY),
        ];
        let mut reasons = Vec::new();
        for (n, (dedup, id, url, text)) in stream.into_iter().enumerate() {
            let info = dedup.decide(&article(id, url, text, 1_000 * (n as i64 + 1)).input())?;
            reasons.push(info.reason.as_str());
        }
        assert_eq!(
            reasons,
            [
                "new",
                "repeat",
                "near_duplicate",
                "same_content",
                "new",
                "repeat"
            ]
        );
        let updated = STORY.replace("seven to two", "six to three");
        let revision = two.decide(&article("a", "https://a.example/1", &updated, 9_000).input())?;
        assert_eq!(
            (revision.reason.as_str(), revision.revision),
            ("revision", Some(1))
        );
        assert_eq!(
            one.stats().entries,
            7,
            "every article occurrence is counted once"
        );
        Ok(())
    }

    #[test]
    fn redis_store_concurrent_near_duplicates_publish_exactly_one() {
        let config = redis_config("race");
        let dedups = [Arc::new(open_redis(&config)), Arc::new(open_redis(&config))];
        for round in 0..100 {
            let decisions =
                race(&dedups, round).unwrap_or_else(|err| panic!("round {round}: {err}"));
            assert_exactly_one_published(&decisions);
        }
    }

    #[test]
    fn redis_store_replays_decisions() -> Result<(), Box<dyn std::error::Error>> {
        replays_keep_their_first_decision(&open_redis(&redis_config("replay")))
    }

    #[test]
    fn redis_store_tells_a_resend_from_a_replay() -> Result<(), Box<dyn std::error::Error>> {
        a_resend_is_a_repeat_and_a_replay_is_not(&open_redis(&redis_config("resend")))
    }
}

/// The same envelope (same fetch time and id) at a second input position is an exact repeat,
/// while a replay of either position gets the decision that position got first, even after the
/// other position was decided. Without positions the two cannot be told apart.
fn a_resend_is_a_repeat_and_a_replay_is_not(
    dedup: &Deduplicator,
) -> Result<(), Box<dyn std::error::Error>> {
    let page = article("a", "https://a.example/sent-twice", OTHER_STORY, 7_000);
    let at = |offset| page.input_at(offset);
    let first = dedup.decide(&at(10))?;
    assert_eq!(reason(&first), "new");
    let resend = dedup.decide(&at(14))?;
    assert_eq!(reason(&resend), "repeat");
    assert_eq!(resend.duplicate_of.as_deref(), Some("a"));
    // Replays (a redelivery, an aborted transaction), in either order.
    assert_eq!(dedup.decide(&at(14))?, resend);
    assert_eq!(dedup.decide(&at(10))?, first);
    // Another partition's offset 10 is another position.
    let elsewhere = DedupInput {
        position: Some(Position {
            topic: "pages",
            partition: 2,
            offset: 10,
        }),
        ..page.input()
    };
    assert_eq!(reason(&dedup.decide(&elsewhere)?), "repeat");
    Ok(())
}

#[test]
fn embedded_store_tells_a_resend_from_a_replay() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    a_resend_is_a_repeat_and_a_replay_is_not(&Deduplicator::new(&embedded_config(dir.path()))?)
}

/// A store whose decision writes fail once, at the one after the first `failing` writes: a first
/// attempt that stops between its position's memo and its stamp's (sift paused or killed
/// there, its work taken over by another instance).
struct FailsOneDecisionWrite {
    inner: Arc<dyn DedupStore>,
    /// Decision writes still let through before the one that fails; `None` once it failed.
    failing: std::sync::Mutex<Option<u64>>,
}

impl DedupStore for FailsOneDecisionWrite {
    fn record_and_observe(
        &self,
        insertion: &sift_dedup::store::Insertion<'_>,
    ) -> Result<sift_dedup::store::Observations, DedupError> {
        self.inner.record_and_observe(insertion)
    }

    fn record_decision(
        &self,
        doc_key: u64,
        published: bool,
        memo: &[u8],
        now_ms: i64,
    ) -> Result<(), DedupError> {
        let mut failing = self.failing.lock().unwrap_or_else(|p| p.into_inner());
        match *failing {
            // The second decision written is the stamp's: fail it once.
            Some(0) => {
                *failing = None;
                return Err(DedupError::Corrupt("stopped between the two writes"));
            }
            Some(n) => *failing = Some(n - 1),
            None => {}
        }
        drop(failing);
        self.inner.record_decision(doc_key, published, memo, now_ms)
    }

    fn decision_memo(&self, doc_key: u64, now_ms: i64) -> Result<Option<Vec<u8>>, DedupError> {
        self.inner.decision_memo(doc_key, now_ms)
    }

    fn decisions(&self, doc_keys: &[u64]) -> Result<Vec<Option<bool>>, DedupError> {
        self.inner.decisions(doc_keys)
    }

    fn stats(&self) -> Result<sift_dedup::StoreStats, DedupError> {
        self.inner.stats()
    }
}

/// Pinned by the fault campaign (instance pause, exactly-once): the first attempt at offset 10
/// recorded its position's decision, not its stamp's, before it stopped; the replay took the
/// position's decision and returned, and the resend at offset 14 found no decision under the
/// stamp: published twice as new.
#[test]
fn resend_after_a_first_attempt_stopped_between_its_writes_is_a_repeat()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let config = embedded_config(dir.path());
    let shared: Arc<dyn DedupStore> = Arc::new(sift_dedup::embedded::EmbeddedStore::open(
        &config.data_dir,
        sift_dedup::embedded::EmbeddedOptions {
            retention_ms: config.retention_ms(),
            fsync_interval_ms: config.fsync_interval_ms,
        },
    )?);
    let page = article("a", "https://a.example/sent-twice", OTHER_STORY, 7_000);
    let at = |offset| page.input_at(offset);
    let stopped = Deduplicator::with_store(
        &config,
        Box::new(FailsOneDecisionWrite {
            inner: shared.clone(),
            failing: std::sync::Mutex::new(Some(1)),
        }),
    );
    assert!(stopped.decide(&at(10)).is_err());
    let taken_over = Deduplicator::with_store(
        &config,
        Box::new(FailsOneDecisionWrite {
            inner: shared,
            failing: std::sync::Mutex::new(None),
        }),
    );
    assert_eq!(reason(&taken_over.decide(&at(10))?), "new");
    assert_eq!(reason(&taken_over.decide(&at(14))?), "repeat");
    Ok(())
}

/// A near-duplicate pair decided against offset order (the later-fetched article first), then
/// both decided again, as after an aborted transaction: each replay gets its first decision,
/// although the store now holds the other article under an earlier stamp.
fn replays_keep_their_first_decision(
    dedup: &Deduplicator,
) -> Result<(), Box<dyn std::error::Error>> {
    let later = article("later", "https://a.example/later", STORY, 2_000);
    let copy = format!("{STORY} A spokesperson declined to comment.");
    let earlier = article("earlier", "https://b.example/earlier", &copy, 1_000);
    let first = [
        dedup.decide(&later.input())?,
        dedup.decide(&earlier.input())?,
    ];
    assert_eq!(
        [reason(&first[0]), reason(&first[1])],
        ["new", "near_duplicate"]
    );
    let replay = [
        dedup.decide(&later.input())?,
        dedup.decide(&earlier.input())?,
    ];
    assert_eq!(replay, first);
    Ok(())
}

#[test]
fn embedded_store_replays_decisions() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    replays_keep_their_first_decision(&Deduplicator::new(&embedded_config(dir.path()))?)
}
