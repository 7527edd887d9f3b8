//! The fault campaign's own infrastructure: a broker and a Redis it may kill and pause, a TCP
//! proxy it may cut, the inputs it feeds and the checks it makes on what came out.

pub mod inputs;
pub mod proxy;
pub mod services;
pub mod verify;

use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Milliseconds since the epoch: the unit of Kafka timestamps, which recovery is measured in.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Sends `signal` (e.g. "KILL", "STOP", "CONT") to `pid`.
pub fn signal(pid: u32, signal: &str) -> Result<(), String> {
    let status = Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .map_err(|e| format!("kill -{signal} {pid}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("kill -{signal} {pid}: {status}"))
    }
}

/// True while `pid` is a live process (a zombie nobody reaped counts as gone).
pub fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        // The state follows the parenthesised command name: "123 (java) S ...".
        stat.rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X")
    })
}

/// Polls `ready` every 100 ms until it holds, or fails with `what` after `timeout`.
pub fn wait_for(what: &str, timeout: Duration, ready: impl FnMut() -> bool) -> Result<(), String> {
    wait_every(what, timeout, Duration::from_millis(100), ready)
}

/// [`wait_for`], polling every `every` (for checks that cost a broker round trip).
pub fn wait_every(
    what: &str,
    timeout: Duration,
    every: Duration,
    mut ready: impl FnMut() -> bool,
) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    while !ready() {
        if Instant::now() > deadline {
            return Err(format!("timed out after {timeout:?} waiting for {what}"));
        }
        std::thread::sleep(every);
    }
    Ok(())
}

/// A small deterministic generator for the fault points, so a run can be replayed by its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// Uniform in `low..=high` (xorshift64; quality is not the point here).
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        low + self.0 % (high - low + 1)
    }
}
