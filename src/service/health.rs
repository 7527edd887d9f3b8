//! Liveness and readiness, as the consumer loop and the producer see them.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Shared between the service loop (writer) and the HTTP endpoints (reader).
#[derive(Debug, Default)]
pub struct Health {
    /// The consumer has joined its group (received an assignment, possibly empty).
    joined: AtomicBool,
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

    pub fn set_joined(&self) {
        self.joined.store(true, Ordering::Relaxed);
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
