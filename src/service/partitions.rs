//! Per-partition workers: messages of one partition are processed concurrently (up to
//! `partition_concurrency`) and published and committed in offset order; partitions run in
//! parallel. Revoking a partition (rebalance) or stopping (shutdown) drops the work not yet
//! started and lets what is running finish, so committed offsets stay a contiguous prefix.

use super::Shared;
use super::store_retry::StoreRetry;
use super::transaction::{SendError, Ticket};
use crate::internal_events::{
    DeadLettered, DedupDecided, MessageFinished, MessageStageTimed, PageRejected, RecordPublished,
    StageFinished, emit,
};
use crate::pipeline::{Prepared, StageTimings, dead_letter};
use crate::route::{Disposition, SourceMessage, route};
use crate::vocab::{ErrorClass, Outcome, Stage};
use futures_util::StreamExt;
use rdkafka::consumer::Consumer;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, mpsc};
use tokio::task::JoinHandle;
use tracing::warn;

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
    /// Set on revoke and shutdown: messages not yet started are dropped (uncommitted, so the
    /// partition's next consumer gets them again); started ones finish.
    stopping: Arc<AtomicBool>,
    /// Messages handed to this worker and not yet done.
    pending: Arc<AtomicUsize>,
    /// Set once the partition's offsets are no longer this worker's to store (at-least-once):
    /// after a revoke's commit, or when the consumer is replaced. Work finishing later stores
    /// nothing: the partition's next consumer processes it again. Storing it would move a
    /// successor's offsets back and forth, and past work it has not done yet.
    fenced: Arc<AtomicBool>,
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
            w.stopping.store(true, Ordering::SeqCst);
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
        for w in &stopping {
            w.fenced.store(true, Ordering::SeqCst);
        }
    }

    /// Stops every worker (as [`Partitions::revoke`] does, without waiting) and returns their
    /// tasks, which end once the work already started is done.
    pub fn stop_all(&self) -> Vec<JoinHandle<()>> {
        self.stop_all_with_fences()
            .into_iter()
            .map(|(task, _)| task)
            .collect()
    }

    /// Stops every worker, waits up to `wait` for the work already started, then fences them:
    /// what finishes later stores no offset (the consumer is being replaced). False when some
    /// work was still running at the deadline.
    pub async fn stop_all_fenced(&self, wait: Duration) -> bool {
        let (tasks, fences): (Vec<_>, Vec<_>) = self.stop_all_with_fences().into_iter().unzip();
        let finished = tokio::time::timeout(wait, futures_util::future::join_all(tasks))
            .await
            .is_ok();
        for fence in fences {
            fence.store(true, Ordering::SeqCst);
        }
        finished
    }

    fn stop_all_with_fences(&self) -> Vec<(JoinHandle<()>, Arc<AtomicBool>)> {
        self.lock()
            .drain()
            .map(|(_, w)| {
                w.stopping.store(true, Ordering::SeqCst);
                (w.task, w.fenced)
            })
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<TopicPartition, Worker>> {
        // A poisoned lock only means another thread panicked mid-update of a plain map.
        self.workers.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn spawn_worker(shared: Arc<Shared>) -> Worker {
    let (tx, rx) = mpsc::unbounded_channel();
    let stopping = Arc::new(AtomicBool::new(false));
    let pending = Arc::new(AtomicUsize::new(0));
    let fenced = Arc::new(AtomicBool::new(false));
    let task = tokio::spawn(run_worker(
        rx,
        shared,
        stopping.clone(),
        pending.clone(),
        fenced.clone(),
    ));
    Worker {
        tx,
        stopping,
        pending,
        fenced,
        task,
    }
}

/// What became of one message.
struct Done {
    msg: SourceMessage,
    consumed_at: Instant,
    /// When the previous stage (the broker's acknowledgement) ended.
    stage_ended: Instant,
    /// `None`: dropped because the partition was stopping (or, exactly-once, its transaction
    /// failed: it will be replayed).
    published: Option<Outcome>,
    /// Exactly-once: its place in a transaction.
    ticket: Option<Ticket>,
    _permit: OwnedSemaphorePermit,
}

/// A message between stages.
struct InProgress<T> {
    msg: SourceMessage,
    consumed_at: Instant,
    permit: OwnedSemaphorePermit,
    timings: StageTimings,
    /// When the previous stage ended: the wait from there to the next one is measured.
    stage_ended: Instant,
    /// `None`: dropped because the partition was stopping.
    state: Option<T>,
    /// Exactly-once: its place in a transaction, taken in offset order after the decision.
    ticket: Option<Ticket>,
}

async fn run_worker(
    rx: mpsc::UnboundedReceiver<Work>,
    shared: Arc<Shared>,
    stopping: Arc<AtomicBool>,
    pending: Arc<AtomicUsize>,
    fenced: Arc<AtomicBool>,
) {
    let concurrency = shared.config.service.partition_concurrency;
    let messages =
        futures_util::stream::unfold(rx, |mut rx| async { rx.recv().await.map(|w| (w, rx)) });
    // `buffered` runs up to `concurrency` futures at once and yields them in offset order;
    // `then` runs one at a time. So extraction and produce are parallel, dedup decisions,
    // transaction tickets and offset storing follow the partition's order.
    // Each stage owns its handles: futures held by the stream combinators can't borrow.
    let (s1, s2, s3, s4) = (
        shared.clone(),
        shared.clone(),
        shared.clone(),
        shared.clone(),
    );
    let (r1, r2, r3) = (stopping.clone(), stopping.clone(), stopping.clone());
    let f1 = fenced.clone();
    messages
        .map(move |work| prepare(work, s1.clone(), r1.clone()))
        .buffered(concurrency)
        .then(move |p| decide(p, s2.clone()))
        .then(move |p| take_ticket(p, s3.clone(), r2.clone()))
        .map(move |p| publish(p, s4.clone(), r3.clone(), f1.clone()))
        .buffered(concurrency)
        .for_each(|done| {
            complete(done, &shared, fenced.load(Ordering::SeqCst));
            pending.fetch_sub(1, Ordering::SeqCst);
            async {}
        })
        .await;
}

/// Decode and extract on a blocking thread, at most `service.workers` at a time.
async fn prepare(
    work: Work,
    shared: Arc<Shared>,
    stopping: Arc<AtomicBool>,
) -> InProgress<Prepared> {
    let mut timings = StageTimings::default();
    let (state, msg) = if stopping.load(Ordering::SeqCst) {
        (None, work.msg)
    } else {
        let (prepared, msg) =
            prepare_on_worker_thread(&shared, work.msg, work.consumed_at, &mut timings).await;
        (Some(prepared), msg)
    };
    InProgress {
        msg,
        consumed_at: work.consumed_at,
        permit: work.permit,
        timings,
        stage_ended: Instant::now(),
        state,
        ticket: None,
    }
}

/// The dedup decision, in offset order.
async fn decide(p: InProgress<Prepared>, shared: Arc<Shared>) -> InProgress<Disposition> {
    let InProgress {
        msg,
        consumed_at,
        permit,
        mut timings,
        stage_ended,
        state,
        ticket,
    } = p;
    let started = observe_stage(&shared, "order", stage_ended);
    let state = match state {
        None => None,
        Some(Prepared::Decided(disposition)) => Some(disposition),
        Some(prepared) => {
            let s = shared.clone();
            let mut t = timings;
            let (topic, partition, offset) = (msg.topic.clone(), msg.partition, msg.offset);
            let joined = tokio::task::spawn_blocking(move || {
                let deadline = Duration::from_secs(s.config.service.dedup_store_deadline_secs);
                let mut retry = StoreRetry::new(deadline, &s.metrics, &s.health);
                let position = sift_dedup::Position {
                    topic: &topic,
                    partition,
                    offset,
                };
                let disposition =
                    s.pipeline
                        .decide_retrying(prepared, Some(position), &mut t, &mut |e| retry.retry(e));
                retry.decided(!is_store_failure(&disposition));
                (disposition, t)
            })
            .await;
            Some(match joined {
                Ok((disposition, t)) => {
                    timings = t;
                    disposition
                }
                Err(e) => dead_letter(Stage::Internal, ErrorClass::Internal, e.to_string()),
            })
        }
    };
    InProgress {
        msg,
        consumed_at,
        permit,
        timings,
        stage_ended: observe_stage(&shared, "dedup", started),
        state,
        ticket,
    }
}

/// Exactly-once: a place in the open transaction (waiting while a commit is under way).
async fn take_ticket(
    mut p: InProgress<Disposition>,
    shared: Arc<Shared>,
    stopping: Arc<AtomicBool>,
) -> InProgress<Disposition> {
    if let (Some(txn), Some(_)) = (&shared.txn, &p.state) {
        p.ticket = txn.ticket(&stopping).await;
        if p.ticket.is_none() {
            p.state = None;
        }
    }
    p
}

/// `fenced`: at-least-once gives a failing produce up once it is set (the worker's fence).
async fn publish(
    p: InProgress<Disposition>,
    shared: Arc<Shared>,
    stopping: Arc<AtomicBool>,
    fenced: Arc<AtomicBool>,
) -> Done {
    let published = match p.state {
        Some(disposition) if !stopping.load(Ordering::SeqCst) => {
            observe_stage(&shared, "publish_wait", p.stage_ended);
            record_processing(&disposition, &p.msg, &p.timings, &shared);
            let record = route(
                &disposition,
                &p.msg,
                &shared.publisher.output,
                &super::publish::now_rfc3339(),
            );
            let started = Instant::now();
            let outcome = match &p.ticket {
                Some(ticket) => publish_in_transaction(record, ticket, &p.msg, &shared).await,
                None => {
                    let abandon = || fenced.load(Ordering::SeqCst);
                    shared
                        .publisher
                        .publish(record, &p.msg, &shared.metrics, &abandon)
                        .await
                }
            };
            let took = started.elapsed();
            emit(
                &shared.metrics,
                StageFinished {
                    stage: Stage::Produce,
                    took,
                },
            );
            observe_stage(&shared, "produce", started);
            outcome
        }
        _ => None,
    };
    Done {
        msg: p.msg,
        consumed_at: p.consumed_at,
        stage_ended: Instant::now(),
        published,
        ticket: p.ticket,
        _permit: p.permit,
    }
}

/// Sends `record` in the ticket's transaction, once: a failure fails the transaction (it is
/// aborted and the message replayed). A record the broker refused for good is remembered, so
/// that its replay sends a dead letter instead.
async fn publish_in_transaction(
    record: crate::route::OutputRecord,
    ticket: &Ticket,
    msg: &SourceMessage,
    shared: &Shared,
) -> Option<Outcome> {
    let Some(txn) = &shared.txn else {
        return None;
    };
    let publisher = &shared.publisher;
    let position = (msg.topic.clone(), msg.partition, msg.offset);
    let record = match txn.refusal(&position) {
        Some(why) => super::publish::refused(msg, &publisher.output, why, &shared.metrics),
        None => record,
    };
    let acked = match txn.send(ticket, publisher, &record) {
        Ok(delivery) => match delivery.await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err((e, _))) => Err(e),
            Err(_canceled) => Err(rdkafka::error::KafkaError::Canceled),
        },
        Err(SendError::Stale) => return None,
        Err(SendError::Kafka(e)) => Err(e),
    };
    publisher.note(&acked, &shared.metrics);
    match acked {
        Ok(()) => Some(record.outcome),
        Err(e) => {
            if super::publish::is_permanent(&e) && record.outcome != Outcome::DeadLetter {
                txn.remember_refused(position, e.to_string());
            }
            txn.fail(ticket, &e);
            None
        }
    }
}

/// Runs [`crate::pipeline::Pipeline::prepare`] on a blocking thread once a CPU permit is free, handing the
/// message back.
async fn prepare_on_worker_thread(
    shared: &Shared,
    msg: SourceMessage,
    consumed_at: Instant,
    timings: &mut StageTimings,
) -> (Prepared, SourceMessage) {
    let failed = |why: &str| {
        Prepared::Decided(dead_letter(
            Stage::Internal,
            ErrorClass::Internal,
            why.into(),
        ))
    };
    let position = (msg.topic.clone(), msg.partition, msg.offset);
    let Ok(_cpu) = shared.cpu.acquire().await else {
        return (failed("worker pool closed"), msg);
    };
    let pipeline = shared.pipeline.clone();
    let mut t = *timings;
    let joined = tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let prepared = pipeline.prepare(&msg, &mut t);
        (prepared, msg, t, started)
    })
    .await;
    match joined {
        Ok((prepared, msg, t, started)) => {
            *timings = t;
            observe_span(shared, "queue", consumed_at, started);
            observe_stage(shared, "extract", started);
            (prepared, msg)
        }
        // The pipeline catches its own panics; a JoinError means the runtime is going away.
        Err(e) => {
            let (topic, partition, offset) = position;
            let msg = SourceMessage {
                topic,
                partition,
                offset,
                ..SourceMessage::default()
            };
            (failed(&e.to_string()), msg)
        }
    }
}

fn is_store_failure(disposition: &Disposition) -> bool {
    matches!(disposition, Disposition::DeadLetter(f) if f.class == ErrorClass::DedupStore)
}

/// Books the time from `since` to now as `stage` of `sift_message_stage_seconds`; returns now,
/// where the next stage starts.
fn observe_stage(shared: &Shared, stage: &'static str, since: Instant) -> Instant {
    let now = Instant::now();
    observe_span(shared, stage, since, now);
    now
}

fn observe_span(shared: &Shared, stage: &'static str, from: Instant, to: Instant) {
    let took = to.saturating_duration_since(from);
    emit(&shared.metrics, MessageStageTimed { stage, took });
}

fn record_processing(
    disposition: &Disposition,
    source: &SourceMessage,
    t: &StageTimings,
    shared: &Shared,
) {
    let m = &shared.metrics;
    for (stage, took) in [
        (Stage::Decode, t.decode),
        (Stage::Extract, t.extract),
        (Stage::Dedup, t.dedup),
    ] {
        if let Some(took) = took {
            emit(m, StageFinished { stage, took });
        }
    }
    match disposition {
        Disposition::Clean(e) | Disposition::Duplicate(e) => {
            if let Some(d) = &e.dedup {
                emit(m, DedupDecided { reason: d.reason });
            }
        }
        Disposition::Rejected(e) => {
            if let Some(reason) = e.rejected_reason {
                emit(m, PageRejected { reason, source });
            }
        }
        Disposition::DeadLetter(failure) => emit(m, DeadLettered { failure, source }),
    }
}

/// Books a finished message: at-least-once stores its offset for commit (it is acknowledged
/// downstream); exactly-once adds it to the ticket's transaction.
fn complete(done: Done, shared: &Shared, fenced: bool) {
    emit(&shared.metrics, MessageFinished);
    if done.published.is_some() {
        observe_stage(shared, "ack_order", done.stage_ended);
    }
    if let (Some(txn), Some(ticket)) = (&shared.txn, done.ticket) {
        let position = (done.msg.topic.as_str(), done.msg.partition, done.msg.offset);
        txn.complete(ticket, done.published.map(|_| position));
        if let Some(outcome) = done.published {
            count_published(outcome, done.consumed_at, shared);
        }
        return;
    }
    let Some(outcome) = done.published else {
        return;
    };
    count_published(outcome, done.consumed_at, shared);
    if fenced {
        // Published after its partition was revoked or its consumer replaced: the partition's
        // next consumer processes the message again (at-least-once).
        return;
    }
    // Fails only when the partition is no longer ours: its next consumer then processes the
    // message again (at-least-once).
    if let Err(e) =
        shared
            .consumer()
            .store_offset(&done.msg.topic, done.msg.partition, done.msg.offset)
    {
        warn!(error = %e, topic = %done.msg.topic, partition = done.msg.partition, "could not store offset");
    }
}

fn count_published(outcome: Outcome, consumed_at: Instant, shared: &Shared) {
    let published = RecordPublished {
        outcome,
        took: consumed_at.elapsed(),
        now_secs: super::health::now_ms() / 1000,
    };
    emit(&shared.metrics, published);
    shared.health.progressed();
}
