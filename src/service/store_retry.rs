//! Dedup store outages are waited out in place: a decision that failed on the store is retried
//! with backoff until `service.dedup_store_deadline_secs` after its first failure; only then
//! does the message become a `dedup_store` dead letter. Meanwhile `/readyz` says not ready and
//! `sift_dedup_store_up` is 0; the first decision that succeeds again clears both.

use super::health::Health;
use crate::metrics::Metrics;
use sift_dedup::DedupError;
use std::time::{Duration, Instant};
use tracing::warn;

const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// The retry policy of one message's decision (runs on a blocking thread: it sleeps).
pub struct StoreRetry<'a> {
    deadline: Duration,
    first_failure: Option<Instant>,
    backoff: Duration,
    metrics: &'a Metrics,
    health: &'a Health,
}

impl<'a> StoreRetry<'a> {
    pub fn new(deadline: Duration, metrics: &'a Metrics, health: &'a Health) -> Self {
        StoreRetry {
            deadline,
            first_failure: None,
            backoff: FIRST_BACKOFF,
            metrics,
            health,
        }
    }

    /// After a store error: whether to try again (having waited), or give up.
    pub fn retry(&mut self, error: &DedupError) -> bool {
        if !error.is_store_unavailable() {
            return false;
        }
        let first = *self.first_failure.get_or_insert_with(Instant::now);
        self.mark_down(true);
        let elapsed = first.elapsed();
        if elapsed >= self.deadline {
            warn!(%error, waited_secs = elapsed.as_secs(), "dedup store still unreachable at the deadline; dead-lettering the message");
            return false;
        }
        if self.backoff == FIRST_BACKOFF {
            warn!(%error, "dedup store unreachable; retrying the decision");
        }
        self.metrics.dedup_store_retries.inc();
        std::thread::sleep(self.backoff.min(self.deadline - elapsed));
        self.backoff = (self.backoff * 2).min(MAX_BACKOFF);
        true
    }

    /// After the decision: a store that answered is up again.
    pub fn decided(&self, store_answered: bool) {
        if store_answered && self.health.dedup_store_down() {
            warn!("dedup store reachable again");
            self.mark_down(false);
        }
    }

    fn mark_down(&self, down: bool) {
        self.health.set_dedup_store_down(down);
        self.metrics.dedup_store_up.set(i64::from(!down));
    }
}
