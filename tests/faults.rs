//! The fault campaign (issue 19): the real `sift run` binary against a real broker, with faults
//! injected mid-stream, then every output record read back with `read_committed` and mapped to
//! the input offset it was made from.
//!
//! Scenarios (each in every delivery mode sift offers; at-least-once first):
//! - `sift-kill`: kill -9 of sift at four random points, restarted each time;
//! - `broker-kill`: kill -9 of the broker, restarted on the same data after 3 s;
//! - `broker-pause`: the broker stopped (SIGSTOP) past the consumer session timeout and its own
//!   controller session, then resumed;
//! - `network-cut`: sift's connections reset and refused twice for 4 s (a TCP proxy the broker
//!   advertises);
//! - `instance-pause`: two instances; one stopped (SIGSTOP) past the session timeout while the
//!   other takes its partitions, then resumed (its late work must be fenced or explained);
//! - `redis-restart`: the `redis` dedup store killed and restarted (its data persisted).
//!
//! Each run checks: no input lost, every input offset committed at the end, a replay decides as
//! the first attempt did, exact repeats and copies still on the duplicates topic, bad input on
//! its topic; exactly-once: no duplicate; at-least-once: each duplicate explained by a fault.
//! It prints duplicates and recovery time (fault end → the broker's append time of the next
//! output record) and a table at the end.
//!
//! The campaign owns its broker (127.0.0.1:29092, state under /tmp/sift-faults) and Redis
//! (26379) and never touches the shared ones of `scripts/test.sh`. It has its own `main`:
//!
//!   cargo test --release --features integration --test faults   every scenario, once per mode
//!   ... --test faults -- broker-pause                           scenarios whose name matches
//!   SIFT_FAULTS_RUNS=20 SIFT_FAULTS_MODES=at-least-once ...     repeat runs, pick modes
//!   SIFT_FAULTS_SEED=N                                          replay the random kill points
//!   SIFT_FAULTS_KAFKA_DEBUG=cgrp,consumer,protocol              librdkafka debug logs (sift's)
//!
//! `scripts/fault-campaign` wraps this.

mod common;
mod fault;

use common::{Sift, Topics, produce, unique};
use fault::inputs::{Feed, feed};
use fault::proxy::Proxy;
use fault::services::{KAFKA_EXTERNAL_PORT, KAFKA_PORT, PROXY_PORT, REDIS_PORT, Service};
use fault::verify::{Check, Fault, Record, Verdict, Violation, read_all, verify};
use fault::{Rng, now_ms, signal, wait_every, wait_for};
use rdkafka::admin::{AdminClient, AdminOptions, AlterConfig, ResourceSpecifier};
use rdkafka::client::DefaultClientContext;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Corpus pages per run (plus repeats, copies and bad inputs: ~295 inputs in all).
const PAGES: usize = 240;
/// The consumer session timeout the campaign runs sift with (librdkafka's default is 45 s;
/// shorter keeps the campaign bounded; the broker's minimum is 6 s).
const SESSION_TIMEOUT_MS: u64 = 10_000;
/// Longer than the consumer session and than the broker's own session with its controller
/// (`broker.session.timeout.ms`, 9 s): the stall after which the issue saw producers wedge.
const PAUSE: Duration = Duration::from_secs(13);
const BROKER_DOWN: Duration = Duration::from_secs(3);
const REDIS_DOWN: Duration = Duration::from_secs(3);
const NETWORK_CUT: Duration = Duration::from_secs(4);
/// How long a run may take to work through its inputs after the last fault (normally 10-30 s;
/// room for a producer that sift must recreate after a stall).
const FINISH_TIMEOUT: Duration = Duration::from_secs(120);
/// Waits for progress before a fault.
const PROGRESS_TIMEOUT: Duration = Duration::from_secs(120);
/// `service.shutdown_timeout_secs` in tests (common::Sift) plus margin.
const STOP_TIMEOUT: Duration = Duration::from_secs(35);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    SiftKill,
    BrokerKill,
    BrokerPause,
    NetworkCut,
    InstancePause,
    RedisRestart,
}

const SCENARIOS: [Scenario; 6] = [
    Scenario::SiftKill,
    Scenario::BrokerKill,
    Scenario::BrokerPause,
    Scenario::NetworkCut,
    Scenario::InstancePause,
    Scenario::RedisRestart,
];

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::SiftKill => "sift-kill",
            Scenario::BrokerKill => "broker-kill",
            Scenario::BrokerPause => "broker-pause",
            Scenario::NetworkCut => "network-cut",
            Scenario::InstancePause => "instance-pause",
            Scenario::RedisRestart => "redis-restart",
        }
    }

    /// Two instances share their partitions, and then need the shared (redis) dedup store.
    fn input_partitions(self) -> i32 {
        match self {
            Scenario::InstancePause => 6,
            _ => 3,
        }
    }

    fn uses_redis(self) -> bool {
        matches!(self, Scenario::InstancePause | Scenario::RedisRestart)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delivery {
    AtLeastOnce,
    ExactlyOnce,
}

impl Delivery {
    fn name(self) -> &'static str {
        match self {
            Delivery::AtLeastOnce => "at-least-once",
            Delivery::ExactlyOnce => "exactly-once",
        }
    }
}

/// Checks that sift does not pass yet, each a finding of issue 19 (scenario and mode `None`:
/// all): reported on every run and in the table, but not failed, until the fix lands and its
/// line here goes. Everything else fails the campaign.
const KNOWN_FINDINGS: &[(Option<Scenario>, Option<Delivery>, Check, &str)] = &[];

fn known_finding(scenario: Scenario, delivery: Delivery, check: Check) -> Option<&'static str> {
    KNOWN_FINDINGS
        .iter()
        .find(|(s, d, c, _)| {
            s.is_none_or(|s| s == scenario) && d.is_none_or(|d| d == delivery) && *c == check
        })
        .map(|(.., finding)| *finding)
}

/// What the campaign runs on: its own broker, Redis and proxy.
struct Campaign {
    broker: Service,
    redis: Service,
    proxy: Proxy,
    runtime: tokio::runtime::Runtime,
    config_file: PathBuf,
    /// Every run's output records, one TSV per run (the evidence behind a verdict).
    records_dir: PathBuf,
}

/// One scenario run in one mode.
struct Run<'a> {
    campaign: &'a Campaign,
    scenario: Scenario,
    delivery: Delivery,
    topics: Topics,
    group: String,
    redis_prefix: String,
    feed: Feed,
    positions: Vec<(i32, i64)>,
    /// Each instance slot keeps its embedded dedup store across restarts (a pod's volume).
    data_dirs: Vec<tempfile::TempDir>,
    faults: Vec<Fault>,
    /// What kept the run from doing what it set out to.
    harness: Vec<String>,
    /// What is worth knowing but no check (an exit status, a slow drain).
    notes: Vec<String>,
}

struct Report {
    scenario: Scenario,
    delivery: Delivery,
    verdict: Verdict,
    notes: Vec<String>,
    took: Duration,
}

impl<'a> Run<'a> {
    fn new(
        campaign: &'a Campaign,
        scenario: Scenario,
        delivery: Delivery,
    ) -> Result<Run<'a>, String> {
        let topics = campaign
            .runtime
            .block_on(Topics::create(scenario.name(), scenario.input_partitions()));
        campaign.runtime.block_on(log_append_time(&topics))?;
        let feed = feed(PAGES);
        let positions = campaign
            .runtime
            .block_on(produce(&topics.input, &feed.inputs));
        Ok(Run {
            campaign,
            scenario,
            delivery,
            group: unique(&format!("faults-{}-{}", scenario.name(), delivery.name())),
            redis_prefix: format!("{}:", unique("faults")),
            topics,
            feed,
            positions,
            data_dirs: Vec::new(),
            faults: Vec::new(),
            harness: Vec::new(),
            notes: Vec::new(),
        })
    }

    /// Starts sift in instance slot `slot`, bootstrapped through the proxy; waits until ready.
    fn start_sift(&mut self, slot: usize) -> Sift {
        self.start_sift_with(slot, &[])
    }

    fn start_sift_with(&mut self, slot: usize, extra_env: &[(&str, &str)]) -> Sift {
        while self.data_dirs.len() <= slot {
            self.data_dirs.push(tempfile::tempdir().expect("tempdir"));
        }
        let data_dir = self.data_dirs[slot].path().display().to_string();
        // A stable name per slot, as a StatefulSet pod has (a sift that knows `POD_NAME` uses
        // it for static membership and its transactional.id).
        let pod_name = format!("sift-{slot}");
        let brokers = format!("127.0.0.1:{PROXY_PORT}");
        let redis_url = format!("redis://127.0.0.1:{REDIS_PORT}/");
        let mut env = vec![
            ("SIFT__KAFKA__BROKERS", brokers.as_str()),
            ("SIFT__DEDUP__DATA_DIR", data_dir.as_str()),
            ("POD_NAME", pod_name.as_str()),
        ];
        if self.delivery == Delivery::ExactlyOnce {
            env.push(("SIFT__SERVICE__DELIVERY", self.delivery.name()));
        }
        if self.scenario.uses_redis() {
            env.push(("SIFT__DEDUP__STORE", "redis"));
            env.push(("SIFT__DEDUP__REDIS_URL", redis_url.as_str()));
            env.push(("SIFT__DEDUP__REDIS_KEY_PREFIX", self.redis_prefix.as_str()));
        }
        // SIFT_FAULTS_KAFKA_DEBUG=cgrp,consumer,protocol: librdkafka's debug contexts for the
        // consumer and the producer, logged by sift (target/tmp/), to find out why a run stalled.
        let kafka_debug = std::env::var("SIFT_FAULTS_KAFKA_DEBUG").unwrap_or_default();
        if !kafka_debug.is_empty() {
            env.push(("SIFT__KAFKA__COMMON__DEBUG", kafka_debug.as_str()));
            env.push(("SIFT__LOG__LEVEL", "info,librdkafka=debug"));
        }
        env.extend_from_slice(extra_env);
        let config = self.campaign.config_file.display().to_string();
        Sift::start_with_args(&self.topics, &self.group, &["--config", &config], &env)
    }

    /// The group's committed offsets; retried while the coordinator is moving (after a broker
    /// fault), empty (nothing committed) if it never answers.
    fn committed(&mut self) -> HashMap<i32, i64> {
        let mut last_error = None;
        for _ in 0..10 {
            match self.try_committed() {
                Ok(offsets) => return offsets,
                Err(e) => last_error = Some(e),
            }
            std::thread::sleep(Duration::from_secs(1));
        }
        self.harness
            .push(format!("committed offsets unreadable: {last_error:?}"));
        HashMap::new()
    }

    fn try_committed(&self) -> Result<HashMap<i32, i64>, rdkafka::error::KafkaError> {
        common::try_committed(
            &self.topics.input,
            self.scenario.input_partitions(),
            &self.group,
        )
    }

    /// Runs `inject` (which returns once the fault is over) and records the fault.
    /// `inject` returns the moment the fault ended (ms since the epoch).
    fn fault(
        &mut self,
        what: &str,
        inject: impl FnOnce() -> Result<i64, String>,
    ) -> Result<(), String> {
        let committed = self.committed();
        let started_ms = now_ms();
        let ended_ms = inject()?;
        self.push_fault(what, started_ms, ended_ms, committed);
        Ok(())
    }

    fn push_fault(
        &mut self,
        what: &str,
        started_ms: i64,
        ended_ms: i64,
        committed: HashMap<i32, i64>,
    ) {
        println!(
            "  {}: {what}, {:.1} s",
            self.scenario.name(),
            (ended_ms - started_ms) as f64 / 1000.0
        );
        self.faults.push(Fault {
            started_ms,
            ended_ms,
            committed,
        });
    }

    /// Waits until every input offset is committed, stops the instances, reads the outputs.
    fn finish(mut self, instances: Vec<Sift>, started: Instant) -> Report {
        let ends = end_offsets(&self.positions);
        let all_committed = || self.try_committed().is_ok_and(|c| c == ends);
        let every = Duration::from_secs(1);
        if let Err(e) = wait_every(
            "every input offset committed",
            FINISH_TIMEOUT,
            every,
            all_committed,
        ) {
            self.notes.push(e);
        }
        for sift in instances {
            let stopping = Instant::now();
            match sift.stop(STOP_TIMEOUT) {
                Some(status) if status.success() => {}
                Some(status) => self.notes.push(format!("sift exited with {status}")),
                None => self.notes.push(format!(
                    "sift still running {:.0} s after SIGTERM (killed)",
                    stopping.elapsed().as_secs_f64()
                )),
            }
        }
        let committed = self.committed();
        let bootstrap = format!("127.0.0.1:{KAFKA_PORT}");
        let records = match read_all(&bootstrap, &self.topics, Duration::from_secs(60)) {
            Ok(records) => records,
            Err(e) => {
                self.harness.push(e);
                Vec::new()
            }
        };
        if let Err(e) = self.write_records(&records) {
            self.notes.push(e);
        }
        let mut verdict = verify(&fault::verify::Run {
            feed: &self.feed,
            input_topic: &self.topics.input,
            positions: &self.positions,
            records: &records,
            faults: &self.faults,
            committed: &committed,
            exactly_once: self.delivery == Delivery::ExactlyOnce,
        });
        for e in self.harness {
            verdict.violation(Check::Harness, e);
        }
        Report {
            scenario: self.scenario,
            delivery: self.delivery,
            verdict,
            notes: self.notes,
            took: started.elapsed(),
        }
    }
}

impl Run<'_> {
    /// Writes the run's faults and records (with the input each was made from) to a TSV file.
    fn write_records(&self, records: &[Record]) -> Result<(), String> {
        use std::fmt::Write as _;
        let path = self
            .campaign
            .records_dir
            .join(format!("{}.tsv", self.group));
        let mut text = String::new();
        for f in &self.faults {
            let _ = writeln!(
                text,
                "# fault {} → {} ms, committed before {:?}",
                f.started_ms, f.ended_ms, f.committed
            );
        }
        let expect: HashMap<(i32, i64), String> = self
            .positions
            .iter()
            .zip(&self.feed.expects)
            .map(|(p, e)| (*p, format!("{e:?}")))
            .collect();
        text.push_str("partition\toffset\tinput\toutput\treason\tappended_ms\n");
        for r in records {
            let (p, o) = r.source;
            let input = expect.get(&r.source).map_or("?", String::as_str);
            let _ = writeln!(
                text,
                "{p}\t{o}\t{input}\t{:?}\t{}\t{}",
                r.out,
                r.reason.as_deref().unwrap_or("-"),
                r.appended_ms
            );
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("  records: {}", path.display());
        Ok(())
    }
}

fn end_offsets(positions: &[(i32, i64)]) -> HashMap<i32, i64> {
    let mut ends = HashMap::new();
    for (p, o) in positions {
        let end = ends.entry(*p).or_insert(0);
        *end = (*end).max(o + 1);
    }
    ends
}

/// Sum of `sift_events_published_total` over outcomes, as the instance reports it.
fn published(sift: &Sift) -> u64 {
    sift.metrics()
        .lines()
        .filter(|l| l.starts_with("sift_events_published_total{"))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum::<f64>() as u64
}

fn wait_published(instances: &[&Sift], n: u64) -> Result<(), String> {
    wait_for(&format!("{n} records published"), PROGRESS_TIMEOUT, || {
        instances.iter().map(|s| published(s)).sum::<u64>() >= n
    })
}

/// Output records get the broker's append time, so recovery is measured where records land.
/// (AlterConfigs replaces a topic's whole configuration: the size limit is set again.)
async fn log_append_time(topics: &Topics) -> Result<(), String> {
    let admin: AdminClient<DefaultClientContext> = rdkafka::ClientConfig::new()
        .set("bootstrap.servers", common::bootstrap())
        .create()
        .map_err(|e| e.to_string())?;
    let configs: Vec<AlterConfig<'_>> = topics
        .outputs()
        .iter()
        .map(|t| {
            AlterConfig::new(ResourceSpecifier::Topic(t))
                .set("message.timestamp.type", "LogAppendTime")
                .set("max.message.bytes", "16777216")
        })
        .collect();
    let results = admin
        .alter_configs(&configs, &AdminOptions::new())
        .await
        .map_err(|e| e.to_string())?;
    for r in results {
        r.map_err(|(resource, code)| format!("{resource:?}: {code}"))?;
    }
    Ok(())
}

fn sift_kill(run: &mut Run<'_>, rng: &mut Rng) -> Result<Vec<Sift>, String> {
    let mut sift = run.start_sift(0);
    for i in 1..=4 {
        let point = rng.between(15, 45);
        wait_published(&[&sift], point)?;
        let started_ms = now_ms();
        drop(sift); // SIGKILL, and reaped
        // The group's offsets stop moving with the process: read them now.
        let committed = run.committed();
        let ended_ms = now_ms();
        run.push_fault(
            &format!("kill -9 #{i} after {point} records"),
            started_ms,
            ended_ms,
            committed,
        );
        sift = run.start_sift(0);
    }
    Ok(vec![sift])
}

/// kill -9 of one of the campaign's services mid-stream; restarted on its data after `down`.
fn service_kill(
    run: &mut Run<'_>,
    service: fn(&Campaign) -> &Service,
    down: Duration,
    what: &str,
) -> Result<Vec<Sift>, String> {
    let sift = run.start_sift(0);
    wait_published(&[&sift], 60)?;
    let service = service(run.campaign);
    run.fault(what, || {
        service.kill9()?;
        std::thread::sleep(down);
        service.restart()
    })?;
    Ok(vec![sift])
}

fn broker_pause(run: &mut Run<'_>) -> Result<Vec<Sift>, String> {
    let sift = run.start_sift(0);
    wait_published(&[&sift], 60)?;
    let broker = &run.campaign.broker;
    run.fault(&format!("broker paused {} s", PAUSE.as_secs()), || {
        broker.pause()?;
        std::thread::sleep(PAUSE);
        broker.resume().map(|()| now_ms())
    })?;
    Ok(vec![sift])
}

fn network_cut(run: &mut Run<'_>) -> Result<Vec<Sift>, String> {
    let sift = run.start_sift(0);
    let proxy = &run.campaign.proxy;
    for (i, progress) in [(1, 40), (2, 100)] {
        wait_published(&[&sift], progress)?;
        run.fault(
            &format!("network cut #{i}, {} s", NETWORK_CUT.as_secs()),
            || {
                proxy.cut();
                std::thread::sleep(NETWORK_CUT);
                proxy.restore();
                Ok(now_ms())
            },
        )?;
    }
    Ok(vec![sift])
}

fn instance_pause(run: &mut Run<'_>) -> Result<Vec<Sift>, String> {
    // One worker each, so that the paused instance is caught with work in flight and the
    // other has work left when it takes the paused one's partitions.
    let one_worker = [("SIFT__SERVICE__WORKERS", "1")];
    let paused = run.start_sift_with(0, &one_worker);
    let other = run.start_sift_with(1, &one_worker);
    wait_published(&[&paused, &other], 30)?;
    let pid = paused.pid();
    let wait = Duration::from_millis(SESSION_TIMEOUT_MS) + Duration::from_secs(5);
    run.fault(
        "one of two instances paused past the session timeout",
        || {
            signal(pid, "STOP")?;
            std::thread::sleep(wait);
            signal(pid, "CONT").map(|()| now_ms())
        },
    )?;
    Ok(vec![paused, other])
}

fn run_scenario(
    campaign: &Campaign,
    scenario: Scenario,
    delivery: Delivery,
    rng: &mut Rng,
) -> Report {
    let started = Instant::now();
    let mut run = match Run::new(campaign, scenario, delivery) {
        Ok(run) => run,
        Err(e) => return failed_report(scenario, delivery, e, started),
    };
    println!(
        "{} / {}: {} inputs, group {}",
        scenario.name(),
        delivery.name(),
        run.positions.len(),
        run.group
    );
    let instances = match scenario {
        Scenario::SiftKill => sift_kill(&mut run, rng),
        Scenario::BrokerKill => service_kill(
            &mut run,
            |c| &c.broker,
            BROKER_DOWN,
            "broker kill -9, restarted",
        ),
        Scenario::BrokerPause => broker_pause(&mut run),
        Scenario::NetworkCut => network_cut(&mut run),
        Scenario::InstancePause => instance_pause(&mut run),
        Scenario::RedisRestart => service_kill(
            &mut run,
            |c| &c.redis,
            REDIS_DOWN,
            "redis kill -9, restarted",
        ),
    };
    match instances {
        Ok(instances) => run.finish(instances, started),
        Err(e) => {
            run.harness.push(e);
            run.finish(Vec::new(), started)
        }
    }
}

fn failed_report(
    scenario: Scenario,
    delivery: Delivery,
    error: String,
    started: Instant,
) -> Report {
    Report {
        scenario,
        delivery,
        verdict: Verdict {
            violations: vec![Violation {
                check: Check::Harness,
                what: error,
            }],
            ..Verdict::default()
        },
        notes: Vec::new(),
        took: started.elapsed(),
    }
}

impl Report {
    /// Violations that fail the run, and those that are known findings (with the finding).
    fn split(&self) -> (Vec<&Violation>, Vec<(&Violation, &'static str)>) {
        let mut failed = Vec::new();
        let mut known = Vec::new();
        for v in &self.verdict.violations {
            match known_finding(self.scenario, self.delivery, v.check) {
                Some(finding) => known.push((v, finding)),
                None => failed.push(v),
            }
        }
        (failed, known)
    }

    fn result(&self) -> String {
        let (failed, known) = self.split();
        let mut findings: Vec<&str> = known.iter().map(|(_, f)| *f).collect();
        findings.sort_unstable();
        findings.dedup();
        match (failed.is_empty(), findings.is_empty()) {
            (false, _) => "FAILED".to_string(),
            (true, true) => "ok".to_string(),
            (true, false) => format!("known: {}", findings.join("; ")),
        }
    }
}

fn print_report(r: &Report) {
    let v = &r.verdict;
    println!(
        "{} / {}: {} inputs, {} records, lost {}, stalled {}, duplicates {} ({} unexplained), recovery {} s, dedup_store dead letters {}, {:.0} s",
        r.scenario.name(),
        r.delivery.name(),
        v.inputs,
        v.records,
        v.lost,
        v.stalled,
        v.duplicates,
        v.unexplained,
        recovery(&v.recovery_s),
        v.dedup_store_dead_letters,
        r.took.as_secs_f64()
    );
    for n in &r.notes {
        println!("  note: {n}");
    }
    let (failed, known) = r.split();
    for v in failed {
        println!("  FAILED {:?}: {}", v.check, v.what);
    }
    for (v, finding) in known {
        println!("  known finding ({finding}) {:?}: {}", v.check, v.what);
    }
}

/// Recovery seconds per fault; "none" when no record followed a fault (all work done during it,
/// or none done after it: the lost and stalled counts tell which).
fn recovery(seconds: &[Option<f64>]) -> String {
    let each: Vec<String> = seconds
        .iter()
        .map(|s| s.map_or("none".to_string(), |s| format!("{s:.1}")))
        .collect();
    if each.is_empty() {
        "-".to_string()
    } else {
        each.join(", ")
    }
}

fn print_table(reports: &[Report]) {
    println!(
        "\n| scenario | mode | lost | stalled | duplicates | recovery s (fault end → next output) | result |"
    );
    println!("|---|---|---|---|---|---|---|");
    for r in reports {
        let v = &r.verdict;
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            r.scenario.name(),
            r.delivery.name(),
            v.lost,
            v.stalled,
            v.duplicates,
            recovery(&v.recovery_s),
            r.result()
        );
    }
}

/// Which scenarios, modes and how many runs, from the environment and the arguments.
struct Selection {
    scenarios: Vec<Scenario>,
    modes: Vec<Delivery>,
    runs: usize,
    seed: u64,
}

/// Name filters and `--skip` filters from libtest-style arguments (`cargo test -- ARGS` hands
/// them to every test binary); other libtest flags are ignored, with their values.
fn filters() -> (Vec<String>, Vec<String>) {
    const WITH_VALUE: [&str; 6] = [
        "--test-threads",
        "--color",
        "--format",
        "--logfile",
        "-Z",
        "--shuffle-seed",
    ];
    let (mut keep, mut skip) = (Vec::new(), Vec::new());
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--skip" {
            skip.extend(args.next());
        } else if WITH_VALUE.contains(&arg.as_str()) {
            args.next();
        } else if !arg.starts_with('-') {
            keep.push(arg);
        }
    }
    (keep, skip)
}

fn selection(supported: &[Delivery]) -> Result<Selection, String> {
    let (keep, skip) = filters();
    let listed = std::env::var("SIFT_FAULTS_SCENARIOS").unwrap_or_default();
    let scenarios = SCENARIOS
        .into_iter()
        .filter(|s| keep.is_empty() || keep.iter().any(|f| s.name().contains(f.as_str())))
        .filter(|s| !skip.iter().any(|f| s.name().contains(f.as_str())))
        .filter(|s| listed.is_empty() || listed.split(',').any(|l| l.trim() == s.name()))
        .collect();
    let modes = match std::env::var("SIFT_FAULTS_MODES") {
        Ok(m) if !m.is_empty() => {
            let mut modes = Vec::new();
            for name in m.split(',') {
                let mode = supported
                    .iter()
                    .find(|d| d.name() == name.trim())
                    .ok_or_else(|| format!("delivery mode {name:?} not offered by this sift"))?;
                modes.push(*mode);
            }
            modes
        }
        _ => supported.to_vec(),
    };
    let number = |var: &str, default: u64| -> Result<u64, String> {
        std::env::var(var).ok().map_or(Ok(default), |v| {
            v.parse().map_err(|e| format!("{var}: {e}"))
        })
    };
    Ok(Selection {
        scenarios,
        modes,
        runs: number("SIFT_FAULTS_RUNS", 1)? as usize,
        seed: number("SIFT_FAULTS_SEED", now_ms() as u64)?,
    })
}

/// The delivery modes this sift offers: exactly-once once `service.delivery` exists.
fn supported_modes() -> Vec<Delivery> {
    let exactly_once = std::process::Command::new(env!("CARGO_BIN_EXE_sift"))
        .arg("check-config")
        .env("SIFT__SERVICE__DELIVERY", Delivery::ExactlyOnce.name())
        .output()
        .is_ok_and(|o| o.status.success());
    if exactly_once {
        vec![Delivery::AtLeastOnce, Delivery::ExactlyOnce]
    } else {
        vec![Delivery::AtLeastOnce]
    }
}

/// One campaign at a time on this machine: they share ports.
fn lock() -> Result<std::fs::File, String> {
    let path = std::env::temp_dir().join("sift-faults.lock");
    let file = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    wait_for(
        "the campaign lock (another campaign is running)",
        Duration::from_secs(1800),
        || file.try_lock().is_ok(),
    )?;
    Ok(file)
}

fn setup() -> Result<Campaign, String> {
    let state = std::env::temp_dir().join("sift-faults");
    // The proxy first: the broker's EXTERNAL listener advertises it.
    let proxy = Proxy::start(PROXY_PORT, KAFKA_EXTERNAL_PORT)?;
    let broker = fault::services::broker(state.join("kafka"))?;
    let redis = fault::services::redis(state.join("redis"))?;
    let config_file = state.join("sift.toml");
    std::fs::write(
        &config_file,
        format!("[kafka.consumer]\n\"session.timeout.ms\" = \"{SESSION_TIMEOUT_MS}\"\n"),
    )
    .map_err(|e| format!("{}: {e}", config_file.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let records_dir = state.join("records");
    std::fs::create_dir_all(&records_dir).map_err(|e| format!("{}: {e}", records_dir.display()))?;
    Ok(Campaign {
        broker,
        redis,
        proxy,
        runtime,
        config_file,
        records_dir,
    })
}

fn main() -> ExitCode {
    if std::env::args().any(|a| a == "--list") {
        for s in SCENARIOS {
            println!("{}: test", s.name());
        }
        return ExitCode::SUCCESS;
    }
    let supported = supported_modes();
    let selection = match selection(&supported) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("faults: {e}");
            return ExitCode::FAILURE;
        }
    };
    if selection.scenarios.is_empty() || selection.runs == 0 {
        println!("faults: no scenario selected");
        return ExitCode::SUCCESS;
    }
    // SAFETY: no other thread exists yet. The shared test helpers (tests/common) reach the
    // broker through this variable: here it is the campaign's own broker, not the shared one.
    unsafe {
        std::env::set_var(
            "SIFT_TEST_KAFKA_BOOTSTRAP",
            format!("127.0.0.1:{KAFKA_PORT}"),
        );
    }
    let _lock = match lock() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("faults: {e}");
            return ExitCode::FAILURE;
        }
    };
    let campaign = match setup() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("faults: setup failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "faults: modes {:?}, scenarios {:?}, {} run(s) each, seed {}",
        selection.modes.iter().map(|m| m.name()).collect::<Vec<_>>(),
        selection
            .scenarios
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>(),
        selection.runs,
        selection.seed
    );
    let mut rng = Rng::new(selection.seed);
    let mut reports = Vec::new();
    for &delivery in &selection.modes {
        for &scenario in &selection.scenarios {
            for _ in 0..selection.runs {
                let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    run_scenario(&campaign, scenario, delivery, &mut rng)
                }))
                .unwrap_or_else(|panic| {
                    let what = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    failed_report(
                        scenario,
                        delivery,
                        format!("panicked: {what}"),
                        Instant::now(),
                    )
                });
                print_report(&report);
                reports.push(report);
                // The next run starts on healthy services whatever this one left behind.
                campaign.proxy.restore();
                for (what, result) in [
                    ("broker", campaign.broker.ensure_running()),
                    ("redis", campaign.redis.ensure_running()),
                ] {
                    if let Err(e) = result {
                        eprintln!("faults: cannot bring the {what} back: {e}");
                    }
                }
            }
        }
    }
    print_table(&reports);
    let _ = campaign.broker.stop();
    let _ = campaign.redis.stop();
    if reports.iter().all(|r| r.split().0.is_empty()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
