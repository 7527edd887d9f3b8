//! The pure page-to-record path shared by the service and `sift extract`:
//! decode → extract → dedup → outcome. No Kafka, no async; the dedup store is the only state.

use crate::dedup::{DedupInput, Deduplicator, decision, fingerprint, normalize};
use crate::event::ArticleEvent;
use crate::extract::{self, ExtractConfig, Verdict};
use crate::input::{self, InputConfig, Page, Transport};
use crate::route::{Failure, Outcome, SourceMessage};
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
    pub outcome: Outcome,
    pub timings: StageTimings,
}

pub struct Pipeline {
    input: InputConfig,
    extract: ExtractConfig,
    dedup: Option<Deduplicator>,
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

    /// Processes one message. Never panics: a panic inside a stage becomes a dead letter.
    pub fn process(&self, msg: &SourceMessage) -> Processed {
        let mut timings = StageTimings::default();
        let outcome = catch_unwind(AssertUnwindSafe(|| self.stages(msg, &mut timings)))
            .unwrap_or_else(|panic| {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "panic".into());
                Outcome::DeadLetter(Failure {
                    stage: "internal",
                    class: "panic",
                    message,
                })
            });
        Processed { outcome, timings }
    }

    fn stages(&self, msg: &SourceMessage, timings: &mut StageTimings) -> Outcome {
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
            Err(e) => return dead_letter("decode", e.class(), e.to_string()),
        };

        let started = Instant::now();
        let extracted = extract::extract(&page, &self.extract);
        timings.extract = Some(started.elapsed());
        let extracted = match extracted {
            Ok(x) => x,
            Err(e) => return dead_letter("extract", "extract", e.to_string()),
        };
        let mut event = extracted.event;
        identify(&mut event);
        if let Some(reason) = rejection(&page, &extracted.verdict) {
            event.rejected_reason = Some(reason);
            return Outcome::Rejected(Box::new(event));
        }

        let Some(dedup) = &self.dedup else {
            return Outcome::Clean(Box::new(event));
        };
        let started = Instant::now();
        let decision = dedup.decide(&DedupInput {
            id: &event.id,
            canonical_url: event.canonical_url.as_deref().or(event.url.as_deref()),
            text: &event.text,
            fetched_at_ms: page
                .fetched_at
                .unwrap_or_else(chrono::Utc::now)
                .timestamp_millis(),
        });
        timings.dedup = Some(started.elapsed());
        match decision {
            Ok(info) => {
                let duplicate = decision::is_duplicate(&info);
                event.dedup = Some(info);
                if duplicate {
                    Outcome::Duplicate(Box::new(event))
                } else {
                    Outcome::Clean(Box::new(event))
                }
            }
            Err(e) => dead_letter("dedup", "dedup_store", e.to_string()),
        }
    }
}

fn dead_letter(stage: &'static str, class: &'static str, message: String) -> Outcome {
    Outcome::DeadLetter(Failure {
        stage,
        class,
        message,
    })
}

/// Why the page goes to `articles.rejected`, if it does.
fn rejection(page: &Page, verdict: &Verdict) -> Option<String> {
    match (page.status, verdict) {
        (Some(status), _) if status >= 400 => Some("http_status".into()),
        (_, Verdict::NotArticle { reason }) => Some(reason.clone()),
        (_, Verdict::Article) => None,
    }
}

/// Fills `content_hash` and the stable `id`: from the canonical URL when there is one, from
/// the content otherwise.
fn identify(event: &mut ArticleEvent) {
    let hash = fingerprint::content_hash(&normalize::normalize_text(&event.text));
    event.content_hash = fingerprint::content_hash_hex(hash);
    let basis = event.canonical_url.as_deref().or(event.url.as_deref());
    event.id = match basis {
        Some(url) => format!("{:016x}", xxhash_rust::xxh3::xxh3_64(url.as_bytes())),
        None => format!("{:016x}", hash as u64),
    };
}
