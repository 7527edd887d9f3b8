//! Exactly-once delivery (`service.delivery = "exactly-once"`): output records and the consumed
//! offsets they were made from are committed in one Kafka transaction, so a record is visible to
//! a `read_committed` reader if and only if its input offset is committed.
//!
//! One transaction is open at a time and spans many messages, across partitions. A message takes
//! a [`Ticket`] in its partition's ordered stage (after the dedup decision), so tickets follow
//! offset order; its record is sent under the ticket's transaction (epoch) and its next offset
//! recorded when it completes, in order. Committing closes the gate (no new tickets), waits for
//! every ticketed message to complete, then sends the recorded offsets with the consumer's group
//! metadata (`send_offsets_to_transaction`, KIP-447: a zombie whose generation is stale is
//! refused) and commits. The size (`service.transaction_max_records`) and age
//! (`service.transaction_max_ms`) bounds decide when.
//!
//! Failures are never guessed at:
//! - a failed send or an abortable error: abort, then the consumer rewinds every assigned
//!   partition to its committed offset and the messages are processed again;
//! - a fatal error (fenced), or an indefinite one (a commit that timed out: committed or not?):
//!   the producer is recreated. The new producer's `init_transactions` (same `transactional.id`)
//!   settles the old transaction on the coordinator; the committed offsets read back afterwards
//!   say where to replay from.
//!
//! Epochs make stale work harmless: sends check their ticket's epoch under the same lock that
//! ends an epoch, so no record of an aborted transaction can land in the next one.

use super::partitions::TopicPartition;
use super::publish::Publisher;
use crate::metrics::Metrics;
use crate::route::OutputRecord;
use rdkafka::consumer::{Consumer, ConsumerContext};
use rdkafka::error::KafkaError;
use rdkafka::producer::{DeliveryFuture, FutureProducer, Producer};
use rdkafka::{Offset, TopicPartitionList};
use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::Notify;
use tracing::{debug, info, warn};

/// A message's input position.
pub type Position = (String, i32, i64);

/// A message's place in one transaction. Every ticket issued is handed back to
/// [`Transactions::complete`] exactly once.
#[derive(Debug)]
pub struct Ticket {
    epoch: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The ticket's transaction has ended (aborted): the message will be replayed.
    #[error("transaction already ended")]
    Stale,
    #[error("{0}")]
    Kafka(#[from] KafkaError),
}

pub struct Transactions {
    state: Mutex<Epoch>,
    /// Held by [`Self::finish`]: the shutdown's final commit can start while the consumer
    /// loop's last one is still blocked in librdkafka, and must wait for it.
    finishing: Mutex<()>,
    /// Woken when the gate opens.
    opened: Notify,
    max_records: usize,
    max_age: Duration,
    /// Bound of each blocking transaction call after the first `init_transactions`, and of the
    /// rewind after an abort: `kafka::TRANSACTION_CALL_TIMEOUT` at most. One that takes longer
    /// is waiting on a client that reaches no broker; giving up is safe (the producer is
    /// recreated and its `init_transactions` settles the open transaction; a rewind is retried).
    timeout: Duration,
    /// Inputs whose record the broker refused for good: their replay sends a dead letter.
    refused: Mutex<HashMap<Position, String>>,
    /// First offset consumed per partition since it was assigned: the replay point of a
    /// partition without a committed offset.
    first_consumed: Mutex<HashMap<TopicPartition, i64>>,
    metrics: Arc<Metrics>,
}

/// The open transaction.
#[derive(Debug, Default)]
struct Epoch {
    id: u64,
    /// Tickets may be issued: a transaction is open and no commit or rewind is under way.
    open: bool,
    /// A send failed or the transaction must be given up: abort and rewind.
    failed: bool,
    /// The producer must be recreated before anything else.
    needs_producer: bool,
    /// Consumption must go back to the committed offsets before the gate opens.
    needs_rewind: bool,
    issued: usize,
    outstanding: usize,
    started: Option<Instant>,
    /// Next offset to commit per partition (messages completed in this transaction).
    offsets: HashMap<TopicPartition, i64>,
}

impl Transactions {
    /// Initializes transactions on the publisher's (transactional) producer and opens the first.
    pub fn new(
        publisher: &Publisher,
        max_records: usize,
        max_age: Duration,
        timeout: Duration,
        metrics: Arc<Metrics>,
    ) -> Result<Self, KafkaError> {
        let producer = publisher.producer();
        producer.init_transactions(timeout)?;
        producer.begin_transaction()?;
        Ok(Transactions {
            state: Mutex::new(Epoch {
                open: true,
                ..Epoch::default()
            }),
            finishing: Mutex::default(),
            opened: Notify::new(),
            max_records,
            max_age,
            timeout: timeout.min(crate::kafka::TRANSACTION_CALL_TIMEOUT),
            refused: Mutex::default(),
            first_consumed: Mutex::default(),
            metrics,
        })
    }

    /// The bound of each blocking transaction call.
    pub fn call_timeout(&self) -> Duration {
        self.timeout
    }

    fn state(&self) -> MutexGuard<'_, Epoch> {
        // A poisoned lock only means a thread panicked between plain field updates.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits for the gate to open and takes a place in the open transaction; `None` once
    /// `stopping` is set (the message is dropped, uncommitted).
    pub async fn ticket(&self, stopping: &AtomicBool) -> Option<Ticket> {
        const RECHECK: Duration = Duration::from_millis(50);
        loop {
            if stopping.load(std::sync::atomic::Ordering::SeqCst) {
                return None;
            }
            let opened = self.opened.notified();
            {
                let mut s = self.state();
                if s.open {
                    s.issued += 1;
                    s.outstanding += 1;
                    s.started.get_or_insert_with(Instant::now);
                    return Some(Ticket { epoch: s.id });
                }
            }
            tokio::select! {
                _ = opened => {}
                _ = tokio::time::sleep(RECHECK) => {}
            }
        }
    }

    /// Enqueues `record` in the ticket's transaction, unless that transaction has ended.
    pub fn send(
        &self,
        ticket: &Ticket,
        publisher: &Publisher,
        record: &OutputRecord,
    ) -> Result<DeliveryFuture, SendError> {
        let s = self.state();
        if s.id != ticket.epoch {
            return Err(SendError::Stale);
        }
        Ok(publisher.enqueue(&publisher.producer(), record)?)
    }

    /// A send of this ticket's transaction failed: the transaction must be aborted.
    pub fn fail(&self, ticket: &Ticket, error: &KafkaError) {
        let mut s = self.state();
        if s.id == ticket.epoch && !s.failed {
            warn!(%error, "send failed; the transaction will be aborted and replayed");
            s.failed = true;
            s.open = false;
        }
    }

    /// The open transaction must be aborted (its partitions were lost).
    pub fn require_abort(&self) {
        let mut s = self.state();
        s.failed = true;
        s.open = false;
    }

    /// Whether consumption must rewind before the gate opens.
    pub fn rewind_pending(&self) -> bool {
        self.state().needs_rewind
    }

    /// Gives the producer up (it stalled): recreate it, abort, replay.
    pub fn require_new_producer(&self) {
        let mut s = self.state();
        s.needs_producer = true;
        s.failed = true;
        s.open = false;
    }

    /// Hands a ticket back; `published` is the input position whose record was acknowledged.
    pub fn complete(&self, ticket: Ticket, published: Option<(&str, i32, i64)>) {
        let mut s = self.state();
        if s.id != ticket.epoch {
            return;
        }
        s.outstanding = s.outstanding.saturating_sub(1);
        if let Some((topic, partition, offset)) = published {
            s.offsets.insert((topic.to_string(), partition), offset + 1);
        }
    }

    /// The transaction should end now: full, old enough, failed, or closed.
    pub fn due(&self) -> bool {
        let s = self.state();
        !s.open
            || s.failed
            || s.issued >= self.max_records
            || s.started.is_some_and(|t| t.elapsed() >= self.max_age)
    }

    /// Remembers where a partition's consumption started since its assignment.
    pub fn note_consumed(&self, tp: &TopicPartition, offset: i64) {
        let mut first = self
            .first_consumed
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if !first.contains_key(tp) {
            first.insert(tp.clone(), offset);
        }
    }

    /// Forgets partitions that are no longer ours.
    pub fn forget(&self, partitions: &[TopicPartition]) {
        let mut first = self
            .first_consumed
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        for tp in partitions {
            first.remove(tp);
        }
        drop(first);
        let mut refused = self.refused.lock().unwrap_or_else(|p| p.into_inner());
        refused.retain(|(t, p, _), _| !partitions.iter().any(|(rt, rp)| rt == t && rp == p));
    }

    /// Forgets every partition (the consumer was replaced: its successor starts from the
    /// committed offsets).
    pub fn forget_all(&self) {
        self.first_consumed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// Remembers that the broker refused this input's record for good, and why.
    pub fn remember_refused(&self, position: Position, why: String) {
        let mut refused = self.refused.lock().unwrap_or_else(|p| p.into_inner());
        refused.insert(position, why);
    }

    /// Why the broker refused this input's record before, if it did.
    pub fn refusal(&self, position: &Position) -> Option<String> {
        let refused = self.refused.lock().unwrap_or_else(|p| p.into_inner());
        refused.get(position).cloned()
    }

    /// Whether consumption must rewind before the gate opens; clears the request.
    pub fn take_rewind(&self) -> bool {
        std::mem::take(&mut self.state().needs_rewind)
    }

    /// Asks for a rewind again (the last one could not seek).
    pub fn request_rewind(&self) {
        self.state().needs_rewind = true;
    }

    /// Opens the gate: tickets may be issued in the open transaction.
    pub fn open(&self) {
        let mut s = self.state();
        if !s.needs_rewind && !s.failed && !s.needs_producer {
            s.open = true;
            drop(s);
            self.opened.notify_waiters();
        }
    }

    /// Blocking: ends the open transaction, committing what completed (or aborting when it
    /// failed, or when its messages do not complete within `wait`), and opens a new one. Returns
    /// true when a transaction is open again; the caller then rewinds if [`Self::take_rewind`]
    /// says so and calls [`Self::open`]. False: the producer could not be recreated yet; call
    /// again later.
    pub fn finish<C, X>(&self, publisher: &Publisher, consumer: &C, wait: Duration) -> bool
    where
        C: Consumer<X>,
        X: ConsumerContext,
    {
        let _finishing = self.finishing.lock().unwrap_or_else(|p| p.into_inner());
        if self.state().needs_producer {
            return self.recreate_producer(publisher);
        }
        self.state().open = false;
        let drained = self.wait_for_outstanding(wait);
        let (failed, issued, offsets) = self.end_epoch();
        let failed = failed || !drained;
        if issued == 0 && !failed {
            return true;
        }
        if self.state().needs_producer {
            // Given up while its messages were awaited (the producer reaches no broker): an
            // abort would only wait out its bound; the new producer settles the transaction.
            self.count_aborted();
            return self.recreate_producer(publisher);
        }
        if failed {
            return self.abort(publisher);
        }
        let producer = publisher.producer();
        let started = Instant::now();
        let committed = self
            .send_offsets(&producer, consumer, &offsets)
            .and_then(|()| producer.commit_transaction(self.timeout));
        match committed {
            Ok(()) => {
                self.metrics
                    .transactions
                    .with_label_values(&["committed"])
                    .inc();
                debug!(
                    records = issued,
                    took_ms = started.elapsed().as_millis() as u64,
                    "transaction committed"
                );
                self.forget_refused_before(&offsets);
                self.begin(publisher)
            }
            Err(e) if requires_abort(&e) => {
                warn!(error = %e, "transaction commit failed; aborting and replaying");
                self.abort(publisher)
            }
            Err(e) => {
                warn!(error = %e, "transaction commit failed or its outcome is unknown; recreating the producer");
                self.count_aborted();
                self.state().needs_producer = true;
                self.state().needs_rewind = true;
                self.recreate_producer(publisher)
            }
        }
    }

    /// Ends the epoch: tickets of it are stale from now on. Returns whether it failed, how many
    /// tickets it issued and the offsets its messages completed.
    fn end_epoch(&self) -> (bool, usize, HashMap<TopicPartition, i64>) {
        let mut s = self.state();
        s.id += 1;
        let ended = (s.failed, s.issued, std::mem::take(&mut s.offsets));
        s.failed = false;
        s.issued = 0;
        s.outstanding = 0;
        s.started = None;
        ended
    }

    /// Waits until every ticketed message completed or the transaction failed.
    fn wait_for_outstanding(&self, wait: Duration) -> bool {
        let deadline = Instant::now() + wait;
        loop {
            {
                let s = self.state();
                if s.outstanding == 0 || s.failed {
                    return s.outstanding == 0;
                }
            }
            if Instant::now() >= deadline {
                warn!("transaction's messages did not complete in time; aborting it");
                return false;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    fn send_offsets<C, X>(
        &self,
        producer: &FutureProducer,
        consumer: &C,
        offsets: &HashMap<TopicPartition, i64>,
    ) -> Result<(), KafkaError>
    where
        C: Consumer<X>,
        X: ConsumerContext,
    {
        if offsets.is_empty() {
            return Ok(());
        }
        let mut tpl = TopicPartitionList::with_capacity(offsets.len());
        for ((topic, partition), offset) in offsets {
            tpl.add_partition_offset(topic, *partition, Offset::Offset(*offset))?;
        }
        // Not in the group (any more): the offsets cannot be committed, the work is replayed.
        let Some(group) = consumer.group_metadata() else {
            return Err(KafkaError::ConsumerCommit(
                rdkafka::types::RDKafkaErrorCode::State,
            ));
        };
        producer.send_offsets_to_transaction(&tpl, &group, self.timeout)
    }

    /// Offsets below the committed ones will not be replayed: their refusals can go.
    fn forget_refused_before(&self, committed: &HashMap<TopicPartition, i64>) {
        let mut refused = self.refused.lock().unwrap_or_else(|p| p.into_inner());
        refused.retain(|(t, p, o), _| {
            committed
                .get(&(t.clone(), *p))
                .is_none_or(|&next| *o >= next)
        });
    }

    fn abort(&self, publisher: &Publisher) -> bool {
        self.count_aborted();
        self.state().needs_rewind = true;
        match publisher.producer().abort_transaction(self.timeout) {
            Ok(()) => {
                info!("transaction aborted; replaying from the committed offsets");
                self.begin(publisher)
            }
            Err(e) => {
                warn!(error = %e, "transaction abort failed; recreating the producer");
                self.state().needs_producer = true;
                self.recreate_producer(publisher)
            }
        }
    }

    fn count_aborted(&self) {
        self.metrics
            .transactions
            .with_label_values(&["aborted"])
            .inc();
    }

    fn begin(&self, publisher: &Publisher) -> bool {
        match publisher.producer().begin_transaction() {
            Ok(()) => true,
            Err(e) => {
                warn!(error = %e, "cannot begin a transaction; recreating the producer");
                let mut s = self.state();
                s.needs_producer = true;
                s.needs_rewind = true;
                drop(s);
                self.recreate_producer(publisher)
            }
        }
    }

    /// A new producer with the same `transactional.id`: its `init_transactions` fences the old
    /// one and settles its last transaction (committed or aborted) on the coordinator.
    fn recreate_producer(&self, publisher: &Publisher) -> bool {
        let fresh = publisher.build_producer().and_then(|p| {
            p.init_transactions(self.timeout)?;
            p.begin_transaction()?;
            Ok(p)
        });
        match fresh {
            Ok(producer) => {
                // Whatever the old producer's transaction held is settled and replayed.
                self.end_epoch();
                drop(publisher.replace_producer(producer));
                self.metrics.producer_recreations.inc();
                let mut s = self.state();
                s.needs_producer = false;
                s.needs_rewind = true;
                info!("producer recreated; replaying from the committed offsets");
                true
            }
            Err(e) => {
                warn!(error = %e, "cannot recreate the transactional producer yet");
                false
            }
        }
    }
}

/// Whether aborting the transaction is the documented way out of `e` (or, for a consumer that
/// left the group, the only one).
fn requires_abort(e: &KafkaError) -> bool {
    match e {
        KafkaError::Transaction(err) => err.txn_requires_abort() && !err.is_fatal(),
        KafkaError::ConsumerCommit(_) => true,
        _ => false,
    }
}

/// Where each assigned partition's replay starts: its committed offset, else the first offset
/// consumed since it was assigned (nothing of it was committed yet).
pub fn replay_positions<C, X>(
    txn: &Transactions,
    consumer: &C,
    timeout: Duration,
) -> Result<TopicPartitionList, KafkaError>
where
    C: Consumer<X>,
    X: ConsumerContext,
{
    let assignment = consumer.assignment()?;
    let committed = consumer.committed_offsets(assignment, timeout)?;
    let first = txn
        .first_consumed
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let mut seek = TopicPartitionList::new();
    for e in committed.elements() {
        let tp = (e.topic().to_string(), e.partition());
        let start = match e.offset() {
            Offset::Offset(o) => Some(o),
            _ => first.get(&tp).copied(),
        };
        if let Some(o) = start {
            seek.add_partition_offset(&tp.0, tp.1, Offset::Offset(o))?;
        }
    }
    // Lists borrowed from the consumer must go before it does (rdkafka hangs otherwise).
    drop(committed);
    Ok(seek)
}
