//! Liveness and readiness, as the consumer loop and the producer see them.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Shared between the service loop (writer) and the HTTP endpoints (reader).
#[derive(Debug, Default)]
pub struct Health {
    /// The consumer has joined its group (received an assignment, possibly empty).
    joined: AtomicBool,
    /// Unix ms since which the consumer has been out of its group (its assignment lost, no
    /// assignment received since); 0 while it is in it.
    out_of_group_since_ms: AtomicI64,
    /// The last metadata request to the cluster through the producer succeeded.
    broker_reachable: AtomicBool,
    /// Unix ms of the last consumer poll and of the last finished message.
    last_poll_ms: AtomicI64,
    last_progress_ms: AtomicI64,
    /// Set once shutdown begins: not ready, still alive.
    draining: AtomicBool,
    /// Set while dedup decisions are retried against an unreachable store: not ready; alive
    /// (a restart would not bring the store back), so no progress is expected meanwhile.
    dedup_store_down: AtomicBool,
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl Health {
    pub fn new() -> Self {
        let h = Health::default();
        h.polled();
        h.progressed();
        h
    }

    /// An assignment (possibly empty) was received: the consumer is in its group.
    pub fn set_joined(&self) {
        self.joined.store(true, Ordering::Relaxed);
        self.out_of_group_since_ms.store(0, Ordering::Relaxed);
    }

    /// The consumer's assignment was lost: it is rejoining its group (unless it was already out
    /// of it, which keeps the earlier time).
    pub fn left_group(&self) {
        let _ = self.out_of_group_since_ms.compare_exchange(
            0,
            now_ms(),
            Ordering::Relaxed,
            Ordering::Relaxed,
        );
    }

    /// A new consumer starts joining now (the rejoin timeout starts over).
    pub fn rejoining(&self) {
        self.out_of_group_since_ms
            .store(now_ms(), Ordering::Relaxed);
    }

    /// How long the consumer has been out of its group, if it is.
    pub fn out_of_group_for(&self) -> Option<std::time::Duration> {
        let since = self.out_of_group_since_ms.load(Ordering::Relaxed);
        (since > 0).then(|| {
            let ms = now_ms().saturating_sub(since);
            std::time::Duration::from_millis(u64::try_from(ms).unwrap_or(0))
        })
    }

    pub fn set_broker_reachable(&self, reachable: bool) {
        self.broker_reachable.store(reachable, Ordering::Relaxed);
    }

    pub fn set_dedup_store_down(&self, down: bool) {
        self.dedup_store_down.store(down, Ordering::Relaxed);
    }

    pub fn dedup_store_down(&self) -> bool {
        self.dedup_store_down.load(Ordering::Relaxed)
    }

    pub fn set_draining(&self) {
        self.draining.store(true, Ordering::Relaxed);
    }

    pub fn polled(&self) {
        self.last_poll_ms.store(now_ms(), Ordering::Relaxed);
    }

    pub fn progressed(&self) {
        self.last_progress_ms.store(now_ms(), Ordering::Relaxed);
    }

    /// Alive unless the loop stopped polling, or work is pending and nothing finished, for
    /// longer than `stall_ms` (unless the dedup store is down: the stall is explained).
    pub fn live(&self, in_flight: i64, stall_ms: i64) -> Result<(), String> {
        let now = now_ms();
        let since_poll = now - self.last_poll_ms.load(Ordering::Relaxed);
        let since_progress = now - self.last_progress_ms.load(Ordering::Relaxed);
        if since_poll > stall_ms && !self.draining.load(Ordering::Relaxed) {
            return Err(format!("consumer loop has not polled for {since_poll} ms"));
        }
        if in_flight > 0 && since_progress > stall_ms && !self.dedup_store_down() {
            return Err(format!(
                "{in_flight} messages in flight and none finished for {since_progress} ms"
            ));
        }
        Ok(())
    }

    /// Ready when joined to the group, the broker and the dedup store answer, and not shutting
    /// down.
    pub fn ready(&self) -> Result<(), &'static str> {
        if self.draining.load(Ordering::Relaxed) {
            return Err("shutting down");
        }
        if !self.joined.load(Ordering::Relaxed) {
            return Err("not yet joined the consumer group");
        }
        if !self.broker_reachable.load(Ordering::Relaxed) {
            return Err("broker unreachable");
        }
        if self.dedup_store_down() {
            return Err("dedup store unreachable");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_group_from_the_first_loss_until_the_next_assignment() {
        let health = Health::new();
        assert_eq!(health.out_of_group_for(), None);
        health.left_group();
        let first = health.out_of_group_since_ms.load(Ordering::Relaxed);
        assert!(first > 0);
        // A second loss before rejoining keeps the first time: the timeout runs from there.
        std::thread::sleep(std::time::Duration::from_millis(5));
        health.left_group();
        assert_eq!(health.out_of_group_since_ms.load(Ordering::Relaxed), first);
        assert!(health.out_of_group_for().is_some());
        health.set_joined();
        assert_eq!(health.out_of_group_for(), None);
        // A replaced consumer starts its own timeout.
        health.rejoining();
        assert!(health.out_of_group_since_ms.load(Ordering::Relaxed) >= first);
    }
}
