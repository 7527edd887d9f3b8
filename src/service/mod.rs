//! The long-running service: consume raw pages, run the pipeline, publish one record per
//! message, commit.
//!
//! Delivery (`service.delivery`): at-least-once stores a message's offset for commit only after
//! the broker acknowledged the record it produced, per partition in order; exactly-once adds
//! the offset to the producer's transaction instead (`transaction.rs`). The offset bookkeeping
//! of both lives in one place (`partitions::complete`).
//!
//! Flow: one consumer loop polls Kafka and hands each message, with a share of the global
//! in-flight budget, to its partition's worker; workers run the CPU-bound pipeline on a bounded
//! set of blocking threads and publish. When the budget is spent the loop stops polling
//! (backpressure). Rebalances (cooperative-sticky) revoke workers through [`SiftContext`].

pub mod health;
mod partitions;
pub mod publish;
mod store_retry;
mod transaction;

use crate::config::{Config, Delivery};
use crate::internal_events::{ConsumerLag, DedupStoreMeasured, MessageConsumed, Rebalanced, emit};
use crate::kafka;
use crate::metrics::Metrics;
use crate::pipeline::Pipeline;
use crate::route::SourceMessage;
use crate::vocab::RebalanceKind;
use health::Health;
use partitions::{Partitions, Work};
use publish::Publisher;
use rdkafka::consumer::{
    BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance, StreamConsumer,
};
use rdkafka::error::KafkaError;
use rdkafka::message::{BorrowedMessage, Headers, Message};
use rdkafka::producer::{BaseProducer, Producer};
use rdkafka::statistics::Partition;
use rdkafka::{ClientContext, Statistics, TopicPartitionList};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::{Semaphore, watch};
use tracing::{info, warn};
use transaction::Transactions;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("kafka: {0}")]
    Kafka(#[from] KafkaError),
}

/// Builds the service's consumer (subscribed) with a fresh [`SiftContext`]: at start, and again
/// whenever the running one can no longer consume (see [`consumer_unusable`]).
type ConsumerFactory =
    Box<dyn Fn() -> Result<StreamConsumer<SiftContext>, KafkaError> + Send + Sync>;

/// What the consumer loop, the workers and the rebalance callback share.
pub struct Shared {
    pub config: Config,
    pub pipeline: Arc<Pipeline>,
    pub metrics: Arc<Metrics>,
    pub health: Arc<Health>,
    pub publisher: Arc<Publisher>,
    /// Exactly-once: the transactions records and offsets are committed in.
    txn: Option<Arc<Transactions>>,
    /// The consumer sits in a slot so it can be replaced (`recreate_consumer`).
    consumer: RwLock<Arc<StreamConsumer<SiftContext>>>,
    /// Set by the broker probe (`refresh_gauges`) when the consumer reaches no broker while a
    /// newly bootstrapped client does; cleared when it is replaced.
    consumer_wedged: AtomicBool,
    new_consumer: ConsumerFactory,
    /// Bounds concurrent pipeline runs to `service.workers` threads.
    pub cpu: Semaphore,
}

/// Rebalance handling: on revoke, stop the revoked partitions' workers (finishing running work)
/// and commit what completed before the partitions move. A lost assignment (the session
/// expired: the partitions may already be someone else's) waits for nothing and commits
/// nothing; exactly-once aborts the open transaction and replays what is still assigned.
pub struct SiftContext {
    /// Set when this context's consumer has been replaced: its callbacks (run while it closes)
    /// must not touch the partitions or the transaction, which belong to its successor now.
    retired: AtomicBool,
    partitions: Arc<Partitions>,
    metrics: Arc<Metrics>,
    health: Arc<Health>,
    publisher: Arc<Publisher>,
    txn: Option<Arc<Transactions>>,
    revoke_timeout: Duration,
}

/// librdkafka's statistics (every `service.lag_refresh_secs`) give each assigned partition's
/// lag: the high watermark minus the offset stored for commit (acknowledged downstream); before
/// this instance stored one, or under exactly-once (offsets go into transactions), minus the
/// offset handed to sift, else minus the committed offset.
impl ClientContext for SiftContext {
    fn stats(&self, statistics: Statistics) {
        if self.is_retired() {
            return;
        }
        for (topic, t) in &statistics.topics {
            for p in t.partitions.values() {
                // -1 is librdkafka's queue for unassigned messages; `desired`: assigned to us.
                if p.partition < 0 || !p.desired {
                    continue;
                }
                if let Some(lag) = partition_lag(p) {
                    let partition = p.partition;
                    emit(
                        &self.metrics,
                        ConsumerLag {
                            topic,
                            partition,
                            lag,
                        },
                    );
                }
            }
        }
    }
}

fn partition_lag(p: &Partition) -> Option<i64> {
    let handed_over = (p.hi_offset >= 0 && p.app_offset >= 0).then(|| p.hi_offset - p.app_offset);
    [
        Some(p.consumer_lag_stored),
        handed_over,
        Some(p.consumer_lag),
    ]
    .into_iter()
    .flatten()
    .find(|lag| *lag >= 0)
}

impl SiftContext {
    fn is_retired(&self) -> bool {
        self.retired.load(Ordering::SeqCst)
    }

    /// Ends the open transaction inside the rebalance callback: commits what completed (the
    /// revoked partitions' work included), or aborts it when `lost`.
    fn finish_transaction(&self, txn: &Transactions, consumer: &BaseConsumer<Self>, lost: bool) {
        if lost {
            txn.require_abort();
        }
        let finish = || txn.finish(&self.publisher, consumer, self.revoke_timeout);
        let ready = match tokio::runtime::Handle::try_current() {
            Ok(_) => tokio::task::block_in_place(finish),
            Err(_) => finish(),
        };
        // A rewind (after an abort) is the consumer loop's to do; it opens the gate after.
        if ready && !txn.rewind_pending() {
            txn.open();
        }
    }
}

impl ConsumerContext for SiftContext {
    fn pre_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if self.is_retired() {
            return;
        }
        match rebalance {
            Rebalance::Revoke(tpl) => {
                let lost = consumer.assignment_lost();
                if lost {
                    // Out of the group until the next assignment; watched by
                    // `consumer_unusable`.
                    self.health.left_group();
                }
                let kind = if lost {
                    RebalanceKind::Lost
                } else {
                    RebalanceKind::Revoke
                };
                let revoked = topic_partitions(tpl);
                emit(
                    &self.metrics,
                    Rebalanced {
                        kind,
                        partitions: &revoked,
                        error: None,
                    },
                );
                let wait = if lost {
                    Duration::ZERO
                } else {
                    self.revoke_timeout
                };
                self.partitions.revoke(&revoked, wait);
                match &self.txn {
                    Some(txn) => {
                        self.finish_transaction(txn, consumer, lost);
                        txn.forget(&revoked);
                    }
                    None if !lost => commit_stored(consumer),
                    None => {}
                }
            }
            Rebalance::Assign(_) => {}
            Rebalance::Error(e) => {
                let (kind, error) = (RebalanceKind::Error, Some(e as &dyn std::fmt::Display));
                emit(
                    &self.metrics,
                    Rebalanced {
                        kind,
                        partitions: &[],
                        error,
                    },
                );
            }
        }
    }

    fn post_rebalance(&self, _consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if self.is_retired() {
            return;
        }
        if let Rebalance::Assign(tpl) = rebalance {
            self.health.set_joined();
            let (kind, partitions) = (RebalanceKind::Assign, topic_partitions(tpl));
            emit(
                &self.metrics,
                Rebalanced {
                    kind,
                    partitions: &partitions,
                    error: None,
                },
            );
        }
    }
}

fn topic_partitions(tpl: &TopicPartitionList) -> Vec<(String, i32)> {
    tpl.elements()
        .iter()
        .map(|e| (e.topic().to_string(), e.partition()))
        .collect()
}

/// Commits the offsets stored so far; "nothing stored" is not an error.
fn commit_stored<C: Consumer<X>, X: ConsumerContext>(consumer: &C) {
    match consumer.commit_consumer_state(CommitMode::Sync) {
        Ok(()) => {}
        Err(KafkaError::ConsumerCommit(rdkafka::types::RDKafkaErrorCode::NoOffset)) => {}
        Err(e) => warn!(error = %e, "offset commit failed"),
    }
}

/// Runs until `shutdown` turns true, then drains within `service.shutdown_timeout_secs`.
pub async fn run(
    config: Config,
    pipeline: Pipeline,
    metrics: Arc<Metrics>,
    health: Arc<Health>,
    mut shutdown: watch::Receiver<bool>,
) -> Result<(), ServiceError> {
    let svc = &config.service;
    let partitions = Arc::new(Partitions::default());
    let produce_timeout = Duration::from_secs(svc.produce_timeout_secs);
    let publisher = Arc::new(Publisher::new(
        kafka::service_producer(&config.kafka, svc),
        config.output.clone(),
        produce_timeout,
    )?);
    let txn = match svc.delivery {
        Delivery::AtLeastOnce => None,
        Delivery::ExactlyOnce => Some(Arc::new(Transactions::new(
            &publisher,
            svc.transaction_max_records,
            Duration::from_millis(svc.transaction_max_ms),
            produce_timeout,
            metrics.clone(),
        )?)),
    };
    let new_consumer: ConsumerFactory = {
        let (client_config, topics) = (
            kafka::service_consumer(&config.kafka, svc),
            config.kafka.input_topics.clone(),
        );
        let (partitions, metrics, health) = (partitions.clone(), metrics.clone(), health.clone());
        let (publisher, txn) = (publisher.clone(), txn.clone());
        let revoke_timeout = Duration::from_secs(svc.shutdown_timeout_secs);
        Box::new(move || {
            let context = SiftContext {
                retired: AtomicBool::new(false),
                partitions: partitions.clone(),
                metrics: metrics.clone(),
                health: health.clone(),
                publisher: publisher.clone(),
                txn: txn.clone(),
                revoke_timeout,
            };
            let consumer: StreamConsumer<SiftContext> =
                client_config.create_with_context(context)?;
            let topics: Vec<&str> = topics.iter().map(String::as_str).collect();
            consumer.subscribe(&topics)?;
            Ok(consumer)
        })
    };
    let consumer = new_consumer()?;
    let workers = match svc.workers {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let budget = Arc::new(Semaphore::new(svc.max_in_flight));
    let shared = Arc::new(Shared {
        publisher,
        txn,
        pipeline: Arc::new(pipeline),
        metrics,
        health,
        consumer: RwLock::new(Arc::new(consumer)),
        consumer_wedged: AtomicBool::new(false),
        new_consumer,
        cpu: Semaphore::new(workers),
        config,
    });
    info!(topics = ?shared.config.kafka.input_topics, workers, delivery = ?shared.config.service.delivery, "sift running");
    let refresher = tokio::spawn(refresh_gauges(shared.clone(), shutdown.clone()));

    let consumed = consume(&shared, &partitions, &budget, &mut shutdown).await;

    drain(&shared, &partitions).await;
    refresher.abort();
    consumed
}

impl Shared {
    /// The current consumer.
    pub fn consumer(&self) -> Arc<StreamConsumer<SiftContext>> {
        // A poisoned lock only means a thread panicked while swapping an Arc.
        self.consumer
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Installs `consumer`; returns the one it replaces.
    fn replace_consumer(
        &self,
        consumer: StreamConsumer<SiftContext>,
    ) -> Arc<StreamConsumer<SiftContext>> {
        let mut slot = self.consumer.write().unwrap_or_else(|p| p.into_inner());
        std::mem::replace(&mut *slot, Arc::new(consumer))
    }
}

/// Why the consumer must be replaced, if it must. A fatal error is for good: librdkafka will not
/// consume again. The one seen here is `FencedInstanceId` after a broker outage or stall: once
/// the client timed its session out, librdkafka resets the static member's id to "" and a
/// heartbeat or offset commit it sends with its `group.instance.id` meanwhile is refused as
/// "fenced by other consumer with same group.instance.id", i.e. by itself
/// (confluentinc/librdkafka#3437). Only a new consumer (which takes the instance id over)
/// consumes again.
///
/// Also when the consumer has been out of its group for `service.rejoin_timeout_secs` after its
/// assignment was lost (its session timed out): a broker stalled past its controller session is
/// fenced when it resumes, and a metadata response from that window lists no brokers; librdkafka
/// then decommissions its only broker ("Decommissioning this broker ... _DESTROY_BROKER") and
/// its group stays in `query-coord` ("no broker available for coordinator query") for good,
/// never rejoining. A new consumer bootstraps again. And when the broker probe finds it wedged
/// that way (see `Reach`) while it still holds its assignment.
fn consumer_unusable(shared: &Shared) -> Option<String> {
    if let Some((code, why)) = shared.consumer().client().fatal_error() {
        return Some(format!("fatal consumer error ({code:?}): {why}"));
    }
    if shared.consumer_wedged.load(Ordering::SeqCst) {
        return Some("it reaches no broker while a newly bootstrapped client does".into());
    }
    let limit = Duration::from_secs(shared.config.service.rejoin_timeout_secs);
    let out = shared.health.out_of_group_for()?;
    (out >= limit).then(|| {
        format!(
            "no assignment for {} s after the last one was lost",
            out.as_secs()
        )
    })
}

/// Replaces a consumer that cannot consume any more, in place of a process restart:
/// - the old consumer's work stops (running work finishes; nothing more is dispatched);
/// - exactly-once: the open transaction can no longer commit offsets for the old consumer's
///   group generation: the producer is recreated, whose `init_transactions` (same
///   `transactional.id`) aborts it, and the new consumer replays from the committed offsets;
/// - at-least-once: offsets stored but not yet committed by the old consumer are lost with it,
///   so that work is done again (duplicates, never a gap);
/// - the new consumer (with the same `group.instance.id`, if static) joins the group and
///   resumes from the committed offsets. The old one is closed off the async runtime.
///
/// False (try again shortly) when no consumer could be built.
async fn recreate_consumer(shared: &Arc<Shared>, partitions: &Partitions, why: &str) -> bool {
    warn!(%why, "the consumer cannot consume any more; recreating it");
    if let Some(txn) = &shared.txn {
        txn.require_new_producer();
    }
    if !partitions.stop_all_fenced(shared.publisher.timeout).await {
        warn!("work of the replaced consumer still running; recreating it anyway");
    }
    let fresh = match (shared.new_consumer)() {
        Ok(c) => c,
        Err(e) => {
            warn!(error = %e, "cannot create a consumer yet");
            return false;
        }
    };
    let old = shared.replace_consumer(fresh);
    shared.consumer_wedged.store(false, Ordering::SeqCst);
    old.context().retired.store(true, Ordering::SeqCst);
    if let Some(txn) = &shared.txn {
        txn.forget_all();
    }
    shared.metrics.consumer_recreations.inc();
    // The new consumer has yet to join: if it does not within the rejoin timeout either, it is
    // replaced in turn.
    shared.health.rejoining();
    close_in_background(old);
    info!("consumer recreated; resuming from the committed offsets");
    // At-least-once: a producer whose sends fail went through the same broker stall, and
    // librdkafka decommissions its broker the same way (in the campaign's logs both clients
    // logged "Decommissioning this broker" within 1 ms). Replace it now rather than after
    // `service.producer_stall_secs`. (Exactly-once recreated its producer above.)
    if shared.txn.is_none() && shared.publisher.failing_for().is_some() {
        warn!("sends are failing too; recreating the producer");
        replace_producer(shared);
    }
    true
}

/// Drops a replaced consumer on a thread of its own: closing it polls until librdkafka is done,
/// which must neither hold up the consumer loop nor run on the async runtime, and a close that
/// never ends (a consumer without a usable broker) must not hold up the process's exit either,
/// as a runtime blocking task would.
fn close_in_background(consumer: Arc<StreamConsumer<SiftContext>>) {
    let closing = std::thread::Builder::new()
        .name("consumer-close".into())
        .spawn(move || {
            let started = Instant::now();
            drop(consumer);
            info!(
                took_ms = started.elapsed().as_millis() as u64,
                "replaced consumer closed"
            );
        });
    if let Err(e) = closing {
        warn!(error = %e, "cannot start a thread to close the replaced consumer; it was closed in place");
    }
}

/// The consumer loop: take an in-flight permit, poll one message, dispatch it. Exactly-once:
/// also end the open transaction when it is due. A consumer that can no longer consume is
/// replaced. Ends at shutdown.
async fn consume(
    shared: &Arc<Shared>,
    partitions: &Partitions,
    budget: &Arc<Semaphore>,
    shutdown: &mut watch::Receiver<bool>,
) -> Result<(), ServiceError> {
    // Wake at least this often to report liveness while idle or at the in-flight bound, and
    // (exactly-once) to notice a transaction that is due.
    let tick = match shared.txn {
        Some(_) => Duration::from_millis(20),
        None => Duration::from_secs(1),
    };
    let mut permit = None;
    while !*shutdown.borrow() {
        if let Some(why) = consumer_unusable(shared)
            && !recreate_consumer(shared, partitions, &why).await
        {
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        shared.health.polled();
        if let Some(txn) = &shared.txn
            && txn.due()
        {
            // A commit can block for the transaction calls' bound; shutdown must not wait for
            // it here (the drain's final commit waits its turn within the shutdown deadline).
            tokio::select! {
                _ = end_transaction(shared, txn, partitions) => {}
                _ = shutdown.changed() => break,
            }
        }
        if permit.is_none() {
            tokio::select! {
                p = budget.clone().acquire_owned() => match p {
                    Ok(p) => permit = Some(p),
                    Err(_) => break,
                },
                _ = tokio::time::sleep(tick) => continue,
                _ = shutdown.changed() => break,
            }
        }
        let consumer = shared.consumer();
        let polled = tokio::select! {
            m = consumer.recv() => m,
            _ = tokio::time::sleep(tick) => continue,
            _ = shutdown.changed() => break,
        };
        match polled {
            Ok(m) => {
                let Some(p) = permit.take() else { continue };
                let msg = to_source(&m);
                emit(
                    &shared.metrics,
                    MessageConsumed {
                        bytes: msg.value.len(),
                    },
                );
                if let Some(txn) = &shared.txn {
                    txn.note_consumed(&(msg.topic.clone(), msg.partition), msg.offset);
                }
                if let Some(created_ms) = msg.timestamp_ms {
                    let fetch_ms = (chrono::Utc::now().timestamp_millis() - created_ms).max(0);
                    shared
                        .metrics
                        .message_stage
                        .with_label_values(&["fetch"])
                        .observe(fetch_ms as f64 / 1000.0);
                }
                let work = Work {
                    msg,
                    consumed_at: Instant::now(),
                    permit: p,
                };
                partitions.dispatch(work, shared);
            }
            Err(e) => {
                warn!(error = %e, "consumer error");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    Ok(())
}

/// Exactly-once: commits (or aborts) the open transaction off the async runtime, rewinds the
/// consumer when the transaction was aborted, then lets work into the next transaction.
async fn end_transaction(shared: &Arc<Shared>, txn: &Arc<Transactions>, partitions: &Partitions) {
    let wait = shared.publisher.timeout;
    let (s, t) = (shared.clone(), txn.clone());
    let ready =
        tokio::task::spawn_blocking(move || t.finish(&s.publisher, s.consumer().as_ref(), wait))
            .await
            .unwrap_or(false);
    if !ready {
        // No producer yet (the broker is unreachable): try again shortly.
        tokio::time::sleep(Duration::from_secs(1)).await;
        return;
    }
    if txn.take_rewind() && !rewind(shared, txn, partitions).await {
        txn.request_rewind();
        // A consumer that cannot read its committed offsets may be wedged: probe it now rather
        // than at the next refresh, and have it replaced (its successor starts from them).
        let s = shared.clone();
        let reach = tokio::task::spawn_blocking(move || probe_brokers(&s)).await;
        if reach.is_ok_and(|r| r.consumer_wedged()) {
            shared.consumer_wedged.store(true, Ordering::SeqCst);
        } else {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        return;
    }
    txn.open();
}

/// After an abort: drop every partition's queued work, let running work end, and seek each
/// assigned partition back to its committed offset, so that the aborted messages are
/// processed again. False when the positions could not be read or set (try again).
async fn rewind(shared: &Arc<Shared>, txn: &Arc<Transactions>, partitions: &Partitions) -> bool {
    let tasks = partitions.stop_all();
    // Bounded like a transaction call: a wedged consumer must not hold up its replacement.
    let wait = txn.call_timeout();
    if tokio::time::timeout(wait, futures_util::future::join_all(tasks))
        .await
        .is_err()
    {
        warn!("work of the aborted transaction still running; rewinding anyway");
    }
    let (s, t) = (shared.clone(), txn.clone());
    let sought = tokio::task::spawn_blocking(move || {
        let consumer = s.consumer();
        let consumer = consumer.as_ref();
        let positions = transaction::replay_positions(&t, consumer, wait)?;
        let count = positions.count();
        if count > 0 {
            let result = consumer.seek_partitions(positions, wait)?;
            for e in result.elements() {
                e.error()?;
            }
        }
        Ok::<usize, KafkaError>(count)
    })
    .await;
    match sought {
        Ok(Ok(count)) => {
            info!(partitions = count, "rewound to the committed offsets");
            true
        }
        Ok(Err(e)) => {
            warn!(error = %e, "cannot rewind to the committed offsets; retrying");
            false
        }
        Err(e) => {
            warn!(error = %e, "rewind task failed; retrying");
            false
        }
    }
}

/// Shutdown: stop taking work, finish what has started, then flush and commit (at-least-once)
/// or commit the transaction (exactly-once), all within `service.shutdown_timeout_secs`: running
/// work gets the deadline less a reserve for the rest. Messages not started stay uncommitted
/// and are consumed again after a restart.
async fn drain(shared: &Arc<Shared>, partitions: &Partitions) {
    shared.health.set_draining();
    let deadline = Duration::from_secs(shared.config.service.shutdown_timeout_secs);
    let reserve = (deadline / 3).min(Duration::from_secs(5));
    let started = Instant::now();
    info!(in_flight = shared.metrics.in_flight.get(), "draining");
    let tasks = partitions.stop_all();
    let work_deadline = deadline.saturating_sub(reserve);
    let finished = tokio::time::timeout(work_deadline, futures_util::future::join_all(tasks)).await;
    if finished.is_err() {
        warn!(
            in_flight = shared.metrics.in_flight.get(),
            "drain deadline reached; unfinished messages stay uncommitted"
        );
    }
    // Half of what is left for flush and commit, the rest for closing the consumer.
    let left = deadline.saturating_sub(started.elapsed()) / 2;
    let s = shared.clone();
    let committing = tokio::task::spawn_blocking(move || match &s.txn {
        Some(txn) => {
            txn.finish(&s.publisher, s.consumer().as_ref(), left);
        }
        None => {
            let _ = s.publisher.producer().flush(left);
            commit_stored(s.consumer().as_ref());
        }
    });
    if tokio::time::timeout(left, committing).await.is_err() {
        warn!("final commit did not finish in time");
    }
    info!(took_ms = started.elapsed().as_millis() as u64, "drained");
}

fn to_source(m: &BorrowedMessage<'_>) -> SourceMessage {
    let headers = m
        .headers()
        .map(|hs| {
            hs.iter()
                .map(|h| {
                    (
                        h.key.to_string(),
                        h.value.map(<[u8]>::to_vec).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    SourceMessage {
        topic: m.topic().to_string(),
        partition: m.partition(),
        offset: m.offset(),
        timestamp_ms: m.timestamp().to_millis(),
        key: m.key().map(<[u8]>::to_vec),
        value: m.payload().map(<[u8]>::to_vec).unwrap_or_default(),
        headers,
    }
}

/// Every few seconds: broker reachability, a wedged client or stalled producer, dedup store
/// size. (Consumer lag comes with librdkafka's statistics: `SiftContext::stats`.)
async fn refresh_gauges(shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    const EVERY: Duration = Duration::from_secs(5);
    // Probes in a row that found a client wedged before it is replaced: one slow metadata
    // reply under load must not cost a transaction.
    const WEDGED_PROBES: u32 = 2;
    let mut evictions_seen = 0;
    let (mut producer_wedged, mut consumer_wedged) = (0, 0);
    loop {
        let s = shared.clone();
        let measured = tokio::task::spawn_blocking(move || {
            let reach = probe_brokers(&s);
            s.health.set_broker_reachable(reach.anyone());
            watch_producer(&s);
            (reach, s.pipeline.deduplicator().map(|d| d.stats()))
        })
        .await;
        let (reach, stats) = measured.unwrap_or_default();
        producer_wedged = if reach.producer_wedged() {
            producer_wedged + 1
        } else {
            0
        };
        consumer_wedged = if reach.consumer_wedged() {
            consumer_wedged + 1
        } else {
            0
        };
        if producer_wedged >= WEDGED_PROBES {
            producer_wedged = 0;
            warn!(
                "the producer reaches no broker while a newly bootstrapped client does; recreating it"
            );
            give_up_producer(&shared);
        }
        if consumer_wedged >= WEDGED_PROBES {
            consumer_wedged = 0;
            shared.consumer_wedged.store(true, Ordering::SeqCst);
        }
        if let Some(stats) = stats {
            let measured = DedupStoreMeasured {
                entries: stats.entries,
                bytes: stats.approximate_bytes,
                new_evictions: stats.evictions_total.saturating_sub(evictions_seen),
            };
            emit(&shared.metrics, measured);
            evictions_seen = evictions_seen.max(stats.evictions_total);
        }
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = shutdown.changed() => return,
        }
    }
}

/// Which clients a metadata request reached. A client that reaches no broker while a newly
/// bootstrapped one does is wedged: after a broker stall librdkafka can decommission every
/// broker it knew and then sit on "no usable brokers" for good (its rebootstrap did not
/// trigger in the campaign's runs). A wedged transactional producer fails every send and
/// abort with a timeout; a wedged consumer fetches nothing, yet keeps its assignment.
#[derive(Debug, Clone, Copy, Default)]
struct Reach {
    producer: bool,
    consumer: bool,
    /// Asked only when one of ours failed.
    fresh_client: bool,
}

impl Reach {
    fn anyone(self) -> bool {
        self.producer || self.consumer || self.fresh_client
    }

    fn producer_wedged(self) -> bool {
        !self.producer && self.fresh_client
    }

    fn consumer_wedged(self) -> bool {
        !self.consumer && self.fresh_client
    }
}

/// Asks the producer and the consumer for metadata and, when either fails, a client
/// bootstrapped afresh.
fn probe_brokers(shared: &Shared) -> Reach {
    // One input topic's metadata, not the whole cluster's (thousands of topics on a shared one).
    let topic = shared.config.kafka.input_topics.first().map(String::as_str);
    fn reaches<C: ClientContext>(client: &rdkafka::client::Client<C>, topic: Option<&str>) -> bool {
        client.fetch_metadata(topic, Duration::from_secs(2)).is_ok()
    }
    let mut reach = Reach {
        producer: reaches(shared.publisher.producer().client(), topic),
        consumer: reaches(shared.consumer().client(), topic),
        fresh_client: false,
    };
    if !(reach.producer && reach.consumer) {
        let fresh: Result<BaseProducer, _> = kafka::probe_client(&shared.config.kafka).create();
        reach.fresh_client = match fresh {
            Ok(probe) => reaches(probe.client(), topic),
            Err(e) => {
                warn!(error = %e, "cannot create a client to probe the brokers");
                false
            }
        };
    }
    reach
}

/// Recreates a producer whose sends failed with none acknowledged for
/// `service.producer_stall_secs`, the fallback for a stall the probe does not see.
fn watch_producer(shared: &Shared) {
    let stall = Duration::from_secs(shared.config.service.producer_stall_secs);
    let Some(failing) = shared.publisher.failing_for() else {
        return;
    };
    if failing < stall {
        return;
    }
    warn!(
        failing_secs = failing.as_secs(),
        "no record acknowledged while sends fail; recreating the producer"
    );
    give_up_producer(shared);
}

/// Replaces the producer: at-least-once at once; exactly-once hands that to the transaction,
/// which also aborts and replays.
fn give_up_producer(shared: &Shared) {
    match &shared.txn {
        Some(txn) => txn.require_new_producer(),
        None => replace_producer(shared),
    }
}

/// At-least-once: installs a new producer. Records queued on the old one fail and are retried
/// on the new one by their senders. The old one is closed on a thread of its own (its
/// destruction waits for librdkafka's threads).
fn replace_producer(shared: &Shared) {
    match shared.publisher.build_producer() {
        Ok(producer) => {
            let old = shared.publisher.replace_producer(producer);
            shared.metrics.producer_recreations.inc();
            let dropped = std::thread::Builder::new()
                .name("producer-close".into())
                .spawn(move || drop(old));
            if let Err(e) = dropped {
                warn!(error = %e, "cannot start a thread to close the replaced producer; it was closed in place");
            }
        }
        Err(e) => warn!(error = %e, "cannot create a producer"),
    }
}
