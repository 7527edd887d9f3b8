//! Per-partition workers: messages of one partition are processed concurrently (up to
//! `partition_concurrency`) and published and committed in offset order; partitions run in
//! parallel. The registry also serves the rebalance callback: revoking a partition drops its
//! queued work and waits for what is already running.

use super::Shared;
use crate::pipeline::Processed;
use crate::route::{Destination, Failure, Outcome, SourceMessage, route};
use futures_util::StreamExt;
use rdkafka::consumer::Consumer;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, mpsc};
use tokio::task::JoinHandle;
use tracing::{debug, warn};

pub type TopicPartition = (String, i32);

/// One consumed message on its way through a partition worker.
pub struct Work {
    pub msg: SourceMessage,
    pub consumed_at: Instant,
    /// A share of `service.max_in_flight`, returned when the message is done.
    pub permit: OwnedSemaphorePermit,
}

struct Worker {
    tx: mpsc::UnboundedSender<Work>,
    /// Set on revoke: queued messages are dropped (the next owner gets them again).
    revoked: Arc<AtomicBool>,
    /// Messages handed to this worker and not yet done.
    pending: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

#[derive(Default)]
pub struct Partitions {
    workers: Mutex<HashMap<TopicPartition, Worker>>,
}

impl Partitions {
    /// Hands `work` to its partition's worker, starting one if needed.
    pub fn dispatch(&self, work: Work, shared: &Arc<Shared>) {
        let tp = (work.msg.topic.clone(), work.msg.partition);
        let mut workers = self.lock();
        let worker = workers
            .entry(tp)
            .or_insert_with(|| spawn_worker(shared.clone()));
        worker.pending.fetch_add(1, Ordering::SeqCst);
        if let Err(mpsc::error::SendError(work)) = worker.tx.send(work) {
            // The worker is gone (it only ends when its sender is dropped, so this is not
            // expected); the message stays uncommitted and will be redelivered.
            warn!(topic = %work.msg.topic, partition = work.msg.partition, "partition worker gone; message left uncommitted");
        }
    }

    /// Stops the workers of `revoked`: their queued messages are dropped, running ones finish
    /// (bounded by `timeout`). Called from the rebalance callback before offsets are committed.
    pub fn revoke(&self, revoked: &[TopicPartition], timeout: Duration) {
        let stopping: Vec<Worker> = {
            let mut workers = self.lock();
            revoked.iter().filter_map(|tp| workers.remove(tp)).collect()
        };
        for w in &stopping {
            w.revoked.store(true, Ordering::SeqCst);
        }
        let deadline = Instant::now() + timeout;
        let drained = || {
            stopping
                .iter()
                .all(|w| w.pending.load(Ordering::SeqCst) == 0)
        };
        // The running work completes on other runtime threads; this callback thread waits.
        let wait = || {
            while !drained() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(2));
            }
        };
        match tokio::runtime::Handle::try_current() {
            Ok(_) => tokio::task::block_in_place(wait),
            Err(_) => wait(),
        }
        if !drained() {
            warn!(
                ?revoked,
                "revoked partitions still had work running at the deadline"
            );
        }
    }

    /// Closes every worker's queue and returns their tasks; queued work still runs (drain).
    pub fn close_all(&self) -> Vec<JoinHandle<()>> {
        self.lock().drain().map(|(_, w)| w.task).collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<TopicPartition, Worker>> {
        // A poisoned lock only means another thread panicked mid-update of a plain map.
        self.workers.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn spawn_worker(shared: Arc<Shared>) -> Worker {
    let (tx, rx) = mpsc::unbounded_channel();
    let revoked = Arc::new(AtomicBool::new(false));
    let pending = Arc::new(AtomicUsize::new(0));
    let task = tokio::spawn(run_worker(rx, shared, revoked.clone(), pending.clone()));
    Worker {
        tx,
        revoked,
        pending,
        task,
    }
}

/// What became of one message.
struct Done {
    msg: SourceMessage,
    consumed_at: Instant,
    /// `None`: dropped because the partition was revoked.
    published: Option<Destination>,
    _permit: OwnedSemaphorePermit,
}

async fn run_worker(
    rx: mpsc::UnboundedReceiver<Work>,
    shared: Arc<Shared>,
    revoked: Arc<AtomicBool>,
    pending: Arc<AtomicUsize>,
) {
    let concurrency = shared.config.service.partition_concurrency;
    let messages =
        futures_util::stream::unfold(rx, |mut rx| async { rx.recv().await.map(|w| (w, rx)) });
    messages
        .map(|work| handle(work, &shared, &revoked))
        // `buffered` runs up to `concurrency` messages at once and yields them in offset order,
        // so offsets are stored in order.
        .buffered(concurrency)
        .for_each(|done| {
            complete(done, &shared, &revoked);
            pending.fetch_sub(1, Ordering::SeqCst);
            async {}
        })
        .await;
}

async fn handle(work: Work, shared: &Shared, revoked: &AtomicBool) -> Done {
    let Work {
        msg,
        consumed_at,
        permit,
    } = work;
    if revoked.load(Ordering::SeqCst) {
        return Done {
            msg,
            consumed_at,
            published: None,
            _permit: permit,
        };
    }
    let (processed, msg) = process(msg, shared).await;
    record_processing(&processed, shared);
    let record = route(
        &processed.outcome,
        &msg,
        &shared.publisher.output,
        &super::publish::now_rfc3339(),
    );
    let started = Instant::now();
    let destination = shared
        .publisher
        .publish(record, &msg, &shared.metrics)
        .await;
    shared
        .metrics
        .stage_duration
        .with_label_values(&["produce"])
        .observe(started.elapsed().as_secs_f64());
    Done {
        msg,
        consumed_at,
        published: Some(destination),
        _permit: permit,
    }
}

/// Runs the pure pipeline on a blocking thread, at most `service.workers` at a time.
async fn process(msg: SourceMessage, shared: &Shared) -> (Processed, SourceMessage) {
    let Ok(_cpu) = shared.cpu.acquire().await else {
        return (internal_failure("worker pool closed"), msg);
    };
    let pipeline = shared.pipeline.clone();
    let offset_info = (msg.topic.clone(), msg.partition, msg.offset);
    match tokio::task::spawn_blocking(move || {
        let processed = pipeline.process(&msg);
        (processed, msg)
    })
    .await
    {
        Ok(done) => done,
        Err(e) => {
            // The closure itself catches panics; a JoinError means the runtime is going away.
            let (topic, partition, offset) = offset_info;
            let msg = SourceMessage {
                topic,
                partition,
                offset,
                ..SourceMessage::default()
            };
            (internal_failure(&e.to_string()), msg)
        }
    }
}

fn internal_failure(message: &str) -> Processed {
    Processed {
        outcome: Outcome::DeadLetter(Failure {
            stage: "internal",
            class: "internal",
            message: message.into(),
        }),
        timings: Default::default(),
    }
}

fn record_processing(processed: &Processed, shared: &Shared) {
    let m = &shared.metrics;
    let t = &processed.timings;
    for (stage, took) in [
        ("decode", t.decode),
        ("extract", t.extract),
        ("dedup", t.dedup),
    ] {
        if let Some(took) = took {
            m.stage_duration
                .with_label_values(&[stage])
                .observe(took.as_secs_f64());
        }
    }
    match &processed.outcome {
        Outcome::Clean(e) | Outcome::Duplicate(e) => {
            if let Some(d) = &e.dedup {
                m.dedup_decisions
                    .with_label_values(&[d.reason.as_str()])
                    .inc();
            }
        }
        Outcome::Rejected(e) => {
            let reason = e.rejected_reason.as_deref().unwrap_or("unknown");
            m.rejected.with_label_values(&[reason]).inc();
        }
        Outcome::DeadLetter(f) => {
            m.dead_letters.with_label_values(&[f.class]).inc();
            debug!(stage = f.stage, class = f.class, error = %f.message, "dead letter");
        }
    }
}

/// Books a finished message: stores its offset for commit (it is acknowledged downstream).
fn complete(done: Done, shared: &Shared, revoked: &AtomicBool) {
    let m = &shared.metrics;
    m.in_flight.dec();
    let Some(destination) = done.published else {
        return;
    };
    m.published
        .with_label_values(&[destination.outcome()])
        .inc();
    m.end_to_end_duration
        .observe(done.consumed_at.elapsed().as_secs_f64());
    m.last_progress.set(super::health::now_ms() / 1000);
    shared.health.progressed();
    if revoked.load(Ordering::SeqCst) {
        // Revoked meanwhile: the new owner re-processes from the last commit (at-least-once).
        return;
    }
    if let Err(e) =
        shared
            .consumer
            .store_offset(&done.msg.topic, done.msg.partition, done.msg.offset)
    {
        warn!(error = %e, topic = %done.msg.topic, partition = done.msg.partition, "could not store offset");
    }
}
