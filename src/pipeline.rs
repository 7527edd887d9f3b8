//! The pure page-to-record path shared by the service and `sift extract`:
//! decode → extract → dedup → disposition. No Kafka, no async; the dedup store is the only state.

use crate::route::{Disposition, Failure, SourceMessage};
use crate::vocab::{ErrorClass, RejectReason, Stage};
use sift_dedup::normalize::NormalizedText;
use sift_dedup::{DedupError, DedupInput, Deduplicator, Position, fingerprint};
use sift_extract::event::ArticleEvent;
use sift_extract::input::{self, InputConfig, Page, Transport};
use sift_extract::{self as extract, ExtractConfig, Verdict};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// Time spent in each pure stage for one message (`None`: the stage did not run).
#[derive(Debug, Default, Clone, Copy)]
pub struct StageTimings {
    pub decode: Option<Duration>,
    pub extract: Option<Duration>,
    pub dedup: Option<Duration>,
}

/// A processed message.
#[derive(Debug)]
pub struct Processed {
    pub disposition: Disposition,
    pub timings: StageTimings,
}

pub struct Pipeline {
    input: InputConfig,
    extract: ExtractConfig,
    dedup: Option<Deduplicator>,
}

/// A message after the parallel stages (decode, extract), before the ordered one (dedup).
#[derive(Debug)]
pub enum Prepared {
    /// Already decided: a dead letter or a rejected page.
    Decided(Disposition),
    /// An article waiting for its dedup decision.
    Article {
        event: Box<ArticleEvent>,
        /// The event's text, normalized once here for its content hash and for dedup.
        normalized_text: NormalizedText,
        /// Fetch time (or, failing that, the record's timestamp): orders articles for dedup.
        fetched_at_ms: i64,
    },
}

impl Pipeline {
    pub fn new(input: InputConfig, extract: ExtractConfig, dedup: Option<Deduplicator>) -> Self {
        Pipeline {
            input,
            extract,
            dedup,
        }
    }

    pub fn deduplicator(&self) -> Option<&Deduplicator> {
        self.dedup.as_ref()
    }

    /// Processes one message start to end (what `sift extract` does for each file).
    pub fn process(&self, msg: &SourceMessage) -> Processed {
        let mut timings = StageTimings::default();
        let disposition = match self.prepare(msg, &mut timings) {
            Prepared::Decided(disposition) => disposition,
            prepared => self.decide(prepared, &mut timings),
        };
        Processed {
            disposition,
            timings,
        }
    }

    /// Decode and extract: pure, independent per message, safe to run in parallel. Never
    /// panics: a panic inside a stage becomes a dead letter.
    pub fn prepare(&self, msg: &SourceMessage, timings: &mut StageTimings) -> Prepared {
        guard(|| self.decode_and_extract(msg, timings)).unwrap_or_else(Prepared::Decided)
    }

    /// Dedup: run in offset order per partition, so that a re-scrape never overtakes its
    /// original. Never panics. A store error makes a `dedup_store` dead letter.
    pub fn decide(&self, prepared: Prepared, timings: &mut StageTimings) -> Disposition {
        self.decide_retrying(prepared, None, timings, &mut |_| false)
    }

    /// [`Pipeline::decide`], asking `retry` after each store error whether to try again (it
    /// may wait first); the dead letter comes only once it says no. `position`: the input's
    /// Kafka position, which keys the stored decision (a replay of it decides as it did the
    /// first time; the same envelope at another position is a repeat). Files have none.
    pub fn decide_retrying(
        &self,
        prepared: Prepared,
        position: Option<Position<'_>>,
        timings: &mut StageTimings,
        retry: &mut dyn FnMut(&DedupError) -> bool,
    ) -> Disposition {
        match prepared {
            Prepared::Decided(disposition) => disposition,
            Prepared::Article {
                event,
                normalized_text,
                fetched_at_ms,
            } => {
                let article = Article {
                    normalized_text: &normalized_text,
                    fetched_at_ms,
                    position,
                };
                guard(|| self.deduplicate(event, &article, timings, retry)).unwrap_or_else(|o| o)
            }
        }
    }

    fn decode_and_extract(&self, msg: &SourceMessage, timings: &mut StageTimings) -> Prepared {
        let transport = Transport {
            key: msg.key.as_deref(),
            headers: msg
                .headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_slice()))
                .collect(),
        };
        let started = Instant::now();
        let page = input::decode(&msg.value, &transport, &self.input);
        timings.decode = Some(started.elapsed());
        let page = match page {
            Ok(page) => page,
            Err(e) => {
                let class = ErrorClass::of_input(&e);
                return Prepared::Decided(dead_letter(Stage::Decode, class, e.to_string()));
            }
        };

        let started = Instant::now();
        let extracted = extract::extract(&page, &self.extract);
        timings.extract = Some(started.elapsed());
        let extracted = match extracted {
            Ok(x) => x,
            Err(e) => {
                let failure = dead_letter(Stage::Extract, ErrorClass::Extract, e.to_string());
                return Prepared::Decided(failure);
            }
        };
        let mut event = extracted.event;
        let normalized_text = NormalizedText::new(&event.text);
        identify(&mut event, &normalized_text);
        if let Some(reason) = rejection(&page, &extracted.verdict) {
            event.rejected_reason = Some(reason);
            return Prepared::Decided(Disposition::Rejected(Box::new(event)));
        }
        let fetched_at_ms = page
            .fetched_at
            .map(|t| t.timestamp_millis())
            .or(msg.timestamp_ms)
            .unwrap_or_else(|| chrono::Utc::now().timestamp_millis());
        Prepared::Article {
            event: Box::new(event),
            normalized_text,
            fetched_at_ms,
        }
    }

    fn deduplicate(
        &self,
        mut event: Box<ArticleEvent>,
        article: &Article<'_>,
        timings: &mut StageTimings,
        retry: &mut dyn FnMut(&DedupError) -> bool,
    ) -> Disposition {
        let Some(dedup) = &self.dedup else {
            return Disposition::Clean(event);
        };
        let input = DedupInput {
            id: &event.id,
            canonical_url: event.canonical_url.as_deref().or(event.url.as_deref()),
            text: article.normalized_text,
            fetched_at_ms: article.fetched_at_ms,
            position: article.position,
        };
        let decision = loop {
            let started = Instant::now();
            let decision = dedup.decide(&input);
            timings.dedup = Some(started.elapsed());
            match decision {
                Err(e) if retry(&e) => continue,
                decided => break decided,
            }
        };
        match decision {
            Ok(info) => {
                let duplicate = info.reason.is_duplicate();
                event.dedup = Some(info);
                if duplicate {
                    Disposition::Duplicate(event)
                } else {
                    Disposition::Clean(event)
                }
            }
            Err(e) => dead_letter(Stage::Dedup, ErrorClass::DedupStore, e.to_string()),
        }
    }
}

/// What dedup needs of a prepared article besides its event.
struct Article<'a> {
    normalized_text: &'a NormalizedText,
    fetched_at_ms: i64,
    position: Option<Position<'a>>,
}

/// Runs `stage`, turning a panic into an internal dead letter.
fn guard<T>(stage: impl FnOnce() -> T) -> Result<T, Disposition> {
    catch_unwind(AssertUnwindSafe(stage)).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".into());
        dead_letter(Stage::Internal, ErrorClass::Panic, message)
    })
}

pub fn dead_letter(stage: Stage, class: ErrorClass, message: String) -> Disposition {
    Disposition::DeadLetter(Failure {
        stage,
        class,
        message,
    })
}

/// Why the page goes to `articles.rejected`, if it does.
fn rejection(page: &Page, verdict: &Verdict) -> Option<RejectReason> {
    match (page.status, verdict) {
        (Some(status), _) if status >= 400 => Some(RejectReason::HttpStatus),
        (_, Verdict::NotArticle(reason)) => Some(*reason),
        (_, Verdict::Article) => None,
    }
}

/// Fills `content_hash` and the stable `id`: from the canonical URL when there is one, from
/// the content otherwise.
fn identify(event: &mut ArticleEvent, normalized_text: &NormalizedText) {
    let hash = fingerprint::content_hash(normalized_text.as_str());
    event.content_hash = fingerprint::content_hash_hex(hash);
    let basis = event.canonical_url.as_deref().or(event.url.as_deref());
    event.id = match basis {
        Some(url) => format!("{:016x}", xxhash_rust::xxh3::xxh3_64(url.as_bytes())),
        None => format!("{:016x}", hash as u64),
    };
}
