//! The long-running service: consume raw pages, run the pipeline, publish one record per
//! message, commit.
//!
//! Delivery is at-least-once: a message's offset is stored for commit only after the broker
//! acknowledged the record it produced, and per partition offsets are stored in order. The
//! offset bookkeeping lives in one place (`partitions::complete`), where a transactional
//! exactly-once mode would instead add the offset to the producer's transaction.
//!
//! Flow: one consumer loop polls Kafka and hands each message, with a share of the global
//! in-flight budget, to its partition's worker; workers run the CPU-bound pipeline on a bounded
//! set of blocking threads and publish. When the budget is spent the loop stops polling
//! (backpressure). Rebalances (cooperative-sticky) revoke workers through [`SiftContext`].

pub mod health;
mod kafka;
mod partitions;
pub mod publish;

use crate::config::Config;
use crate::metrics::Metrics;
use crate::pipeline::Pipeline;
use crate::route::SourceMessage;
use health::Health;
use partitions::{Partitions, Work};
use publish::Publisher;
use rdkafka::consumer::{
    BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance, StreamConsumer,
};
use rdkafka::error::KafkaError;
use rdkafka::message::{BorrowedMessage, Headers, Message};
use rdkafka::producer::{FutureProducer, Producer};
use rdkafka::{ClientContext, Offset, TopicPartitionList};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Semaphore, watch};
use tracing::{info, warn};

pub use kafka::{consumer_config, producer_config};

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("kafka: {0}")]
    Kafka(#[from] KafkaError),
}

/// What the consumer loop, the workers and the rebalance callback share.
pub struct Shared {
    pub config: Config,
    pub pipeline: Arc<Pipeline>,
    pub metrics: Arc<Metrics>,
    pub health: Arc<Health>,
    pub publisher: Publisher,
    pub consumer: Arc<StreamConsumer<SiftContext>>,
    /// Bounds concurrent pipeline runs to `service.workers` threads.
    pub cpu: Semaphore,
}

/// Rebalance handling: on revoke, stop the revoked partitions' workers (finishing running work)
/// and commit what completed before the partitions move.
pub struct SiftContext {
    partitions: Arc<Partitions>,
    metrics: Arc<Metrics>,
    health: Arc<Health>,
    revoke_timeout: Duration,
}

impl ClientContext for SiftContext {}

impl ConsumerContext for SiftContext {
    fn pre_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Revoke(tpl) => {
                self.metrics.rebalances.with_label_values(&["revoke"]).inc();
                let revoked = topic_partitions(tpl);
                info!(partitions = ?revoked, "partitions revoked");
                self.partitions.revoke(&revoked, self.revoke_timeout);
                commit_stored(consumer);
                for (topic, partition) in &revoked {
                    let _ = self
                        .metrics
                        .consumer_lag
                        .remove_label_values(&[topic, &partition.to_string()]);
                }
            }
            Rebalance::Assign(_) => {}
            Rebalance::Error(e) => {
                self.metrics.rebalances.with_label_values(&["error"]).inc();
                warn!(error = %e, "rebalance error");
            }
        }
    }

    fn post_rebalance(&self, _consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Assign(tpl) = rebalance {
            self.metrics.rebalances.with_label_values(&["assign"]).inc();
            self.health.set_joined();
            info!(partitions = ?topic_partitions(tpl), "partitions assigned");
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
    let context = SiftContext {
        partitions: partitions.clone(),
        metrics: metrics.clone(),
        health: health.clone(),
        revoke_timeout: Duration::from_secs(svc.shutdown_timeout_secs),
    };
    let consumer: StreamConsumer<SiftContext> =
        consumer_config(&config.kafka, svc.commit_interval_ms).create_with_context(context)?;
    let topics: Vec<&str> = config
        .kafka
        .input_topics
        .iter()
        .map(String::as_str)
        .collect();
    consumer.subscribe(&topics)?;
    drop(topics);
    let producer: FutureProducer = producer_config(&config.kafka).create()?;
    let workers = match svc.workers {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let budget = Arc::new(Semaphore::new(svc.max_in_flight));
    let shared = Arc::new(Shared {
        publisher: Publisher {
            producer,
            output: config.output.clone(),
            timeout: Duration::from_secs(svc.produce_timeout_secs),
        },
        pipeline: Arc::new(pipeline),
        metrics,
        health,
        consumer: Arc::new(consumer),
        cpu: Semaphore::new(workers),
        config,
    });
    info!(topics = ?shared.config.kafka.input_topics, workers, "sift running");
    let refresher = tokio::spawn(refresh_gauges(shared.clone(), shutdown.clone()));

    consume(&shared, &partitions, &budget, &mut shutdown).await;

    drain(&shared, &partitions).await;
    refresher.abort();
    Ok(())
}

/// The consumer loop: take an in-flight permit, poll one message, dispatch it.
async fn consume(
    shared: &Arc<Shared>,
    partitions: &Partitions,
    budget: &Arc<Semaphore>,
    shutdown: &mut watch::Receiver<bool>,
) {
    // Wake at least this often to report liveness while idle or at the in-flight bound.
    const TICK: Duration = Duration::from_secs(1);
    let mut permit = None;
    while !*shutdown.borrow() {
        shared.health.polled();
        if permit.is_none() {
            tokio::select! {
                p = budget.clone().acquire_owned() => match p {
                    Ok(p) => permit = Some(p),
                    Err(_) => break,
                },
                _ = tokio::time::sleep(TICK) => continue,
                _ = shutdown.changed() => break,
            }
        }
        let polled = tokio::select! {
            m = shared.consumer.recv() => m,
            _ = tokio::time::sleep(TICK) => continue,
            _ = shutdown.changed() => break,
        };
        match polled {
            Ok(m) => {
                let Some(p) = permit.take() else { continue };
                let msg = to_source(&m);
                shared.metrics.consumed_messages.inc();
                shared.metrics.consumed_bytes.inc_by(msg.value.len() as u64);
                shared.metrics.in_flight.inc();
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
}

/// Shutdown: stop taking work, finish what has started, flush, commit — within the deadline.
/// Messages not started stay uncommitted and are consumed again after a restart.
async fn drain(shared: &Arc<Shared>, partitions: &Partitions) {
    shared.health.set_draining();
    let deadline = Duration::from_secs(shared.config.service.shutdown_timeout_secs);
    let started = Instant::now();
    info!(in_flight = shared.metrics.in_flight.get(), "draining");
    let tasks = partitions.stop_all();
    let finished = tokio::time::timeout(deadline, futures_util::future::join_all(tasks)).await;
    if finished.is_err() {
        warn!(
            in_flight = shared.metrics.in_flight.get(),
            "drain deadline reached; unfinished messages stay uncommitted"
        );
    }
    let left = deadline.saturating_sub(started.elapsed());
    let producer = shared.publisher.producer.clone();
    let _ = tokio::task::spawn_blocking(move || producer.flush(left)).await;
    commit_stored(shared.consumer.as_ref());
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

/// Periodically: consumer lag per partition, broker reachability, dedup store size.
async fn refresh_gauges(shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    let every = Duration::from_secs(shared.config.service.lag_refresh_secs.max(1));
    let mut evictions_seen = 0;
    loop {
        let s = shared.clone();
        let evictions = tokio::task::spawn_blocking(move || {
            refresh_lag(&s);
            let reachable = s
                .publisher
                .producer
                .client()
                .fetch_metadata(None, Duration::from_secs(2))
                .is_ok();
            s.health.set_broker_reachable(reachable);
            s.pipeline.deduplicator().map(|d| {
                let stats = d.stats();
                s.metrics.dedup_store_entries.set(stats.entries as i64);
                s.metrics
                    .dedup_store_bytes
                    .set(stats.approximate_bytes as i64);
                stats.evictions_total
            })
        })
        .await;
        if let Ok(Some(total)) = evictions {
            shared
                .metrics
                .dedup_evictions
                .inc_by(total.saturating_sub(evictions_seen));
            evictions_seen = evictions_seen.max(total);
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = shutdown.changed() => return,
        }
    }
}

fn refresh_lag(shared: &Shared) {
    let consumer = shared.consumer.as_ref();
    let Ok(assignment) = consumer.assignment() else {
        return;
    };
    let positions = consumer.position().ok();
    for e in assignment.elements() {
        let (topic, partition) = (e.topic(), e.partition());
        let Ok((_low, high)) = consumer.fetch_watermarks(topic, partition, Duration::from_secs(1))
        else {
            continue;
        };
        let position = positions
            .as_ref()
            .and_then(|p| p.find_partition(topic, partition))
            .and_then(|p| match p.offset() {
                Offset::Offset(o) => Some(o),
                _ => None,
            });
        // Not consumed from yet: the committed offset is unknown here, count from the start.
        let lag = high - position.unwrap_or(0);
        shared
            .metrics
            .consumer_lag
            .with_label_values(&[topic, &partition.to_string()])
            .set(lag.max(0));
    }
    // Lists borrowed from the consumer must go before it does (rdkafka hangs otherwise).
    drop(positions);
}
