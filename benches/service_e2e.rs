//! The service end to end through the real broker (`SIFT_TEST_KAFKA_BOOTSTRAP`), with the real
//! `sift run` (this bench's release build) as a child process.
//!
//!     cargo bench --bench service_e2e -- service [--pages N]     (scripts/bench-service)
//!     cargo bench --bench service_e2e -- rebalance [--phase-secs S]  (scripts/bench-rebalance)
//!

//!
//! `rebalance`: one 6-partition topic kept backlogged, sift instances joining (1 -> 2 -> 3) and
//! leaving by SIGTERM (3 -> 2 -> 1). For each event: how long each input partition's output
//! stream paused (largest gap between output CreateTimes around the event, by the
//! `sift-source-partition` header), and pages/s per instance in each phase.
//!
//! Without `--bench` (as `cargo test --all-targets` runs it) it does nothing.

mod common;

#[path = "../tests/common/mod.rs"]
mod harness;

use harness::{Topics, bootstrap, corpus_pages, http_get, metric, unique};
use rdkafka::Message;
use rdkafka::consumer::{BaseConsumer, Consumer, StreamConsumer};
use rdkafka::message::{Header, Headers, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};
use sift::config::KafkaConfig;
use std::collections::HashMap;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const COLLECT_TIMEOUT: Duration = Duration::from_secs(600);
const PARTITIONS: i32 = 6;

fn main() -> ExitCode {
    if !common::invoked_by_cargo_bench("service_e2e") {
        return ExitCode::SUCCESS;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    if args.iter().any(|a| a == "rebalance") {
        runtime.block_on(rebalance_bench(option(&args, "--phase-secs", 25)));
    } else if args.iter().any(|a| a == "restart") {
        runtime.block_on(restart_bench());
    } else {
        runtime.block_on(service_bench(option(&args, "--pages", 990)));
    }
    ExitCode::SUCCESS
}

fn option(args: &[String], name: &str, default: usize) -> usize {
    args.windows(2)
        .find(|w| w[0] == name)
        .and_then(|w| w[1].parse().ok())
        .unwrap_or(default)
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// `n` corpus pages, cycling through the corpus when it has fewer.
fn pages(n: usize) -> Vec<(String, Vec<u8>)> {
    let corpus = corpus_pages(usize::MAX);
    (0..n)
        .map(|i| {
            let (url, html) = &corpus[i % corpus.len()];
            let url = if i < corpus.len() {
                url.clone()
            } else {
                format!("{url}#copy{i}")
            };
            (url, html.clone())
        })
        .collect()
}

// ------------------------------------------------------------------ a sift child process

struct SiftProcess {
    child: Child,
    metrics_addr: String,
    _data: tempfile::TempDir,
}

impl SiftProcess {
    fn start(topics: &Topics, group: &str, extra_env: &[(&str, &str)]) -> SiftProcess {
        let sift = Self::spawn(
            topics,
            group,
            extra_env,
            tempfile::tempdir().expect("tempdir"),
        );
        sift.wait_until_ready();
        sift
    }

    /// Starts sift on `data` (its dedup store) without waiting for it to join.
    fn spawn(
        topics: &Topics,
        group: &str,
        extra_env: &[(&str, &str)],
        data: tempfile::TempDir,
    ) -> SiftProcess {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let metrics_addr = listener.local_addr().expect("addr").to_string();
        drop(listener);
        let child = Command::new(env!("CARGO_BIN_EXE_sift"))
            .arg("run")
            .envs(topics.env(group))
            .env("SIFT__HTTP__LISTEN", &metrics_addr)
            .env("SIFT__DEDUP__DATA_DIR", data.path())
            .env("SIFT__LOG__LEVEL", "warn")
            .envs(extra_env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn sift");
        SiftProcess {
            child,
            metrics_addr,
            _data: data,
        }
    }

    /// SIGKILL; hands back its dedup store for a successor.
    fn kill(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::mem::replace(&mut self._data, tempfile::tempdir().expect("tempdir"))
    }

    fn wait_until_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while http_get(&self.metrics_addr, "/readyz").is_none_or(|(status, _)| status != 200) {
            assert!(Instant::now() < deadline, "sift not ready within 60 s");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn consumed(&self) -> f64 {
        self.metric("sift_consumed_messages_total").unwrap_or(0.0)
    }

    fn metric(&self, name: &str) -> Option<f64> {
        http_get(&self.metrics_addr, "/metrics").and_then(|(_, body)| metric(&body, name))
    }

    /// Peak resident set size (VmHWM), KiB.
    fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// SIGTERM and wait for the exit (sift drains, flushes, commits).
    fn terminate(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for SiftProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ------------------------------------------------------------------ producing and collecting

fn bench_kafka(group: &str) -> KafkaConfig {
    KafkaConfig {
        brokers: bootstrap(),
        group_id: group.into(),
        ..KafkaConfig::default()
    }
}

/// The producer sift itself uses (acks=all, idempotent, lz4, linger 5 ms).
fn producer() -> FutureProducer {
    sift::kafka::standalone_producer(&bench_kafka("bench"))
        .create()
        .expect("producer")
}

/// Produces `pages` round-robin over the input partitions, `per_second` at most (None: all at
/// once). Returns the CreateTime and page index of each input message by (partition, offset).
async fn produce_pages(
    topic: &str,
    pages: &[(String, Vec<u8>)],
    per_second: Option<f64>,
) -> HashMap<(i32, i64), (i64, usize)> {
    let producer = producer();
    let start = tokio::time::Instant::now();
    let mut deliveries = Vec::with_capacity(pages.len());
    for (i, (url, html)) in pages.iter().enumerate() {
        if let Some(rate) = per_second {
            tokio::time::sleep_until(start + Duration::from_secs_f64(i as f64 / rate)).await;
        }
        let created = now_ms();
        let record = FutureRecord::to(topic)
            .key(url.as_str())
            .payload(html.as_slice())
            .partition(i as i32 % PARTITIONS)
            .timestamp(created)
            .headers(OwnedHeaders::new().insert(Header {
                key: "url",
                value: Some(url.as_str()),
            }));
        let delivery = producer
            .send_result(record)
            .map_err(|(e, _)| e)
            .expect("enqueue");
        deliveries.push((created, delivery));
    }
    let mut created_at = HashMap::with_capacity(pages.len());
    for (index, (created, delivery)) in deliveries.into_iter().enumerate() {
        let d = delivery
            .await
            .expect("delivery")
            .map_err(|(e, _)| e)
            .expect("produce");
        created_at.insert((d.partition, d.offset), (created, index));
    }
    created_at
}

/// An output record: the input it came from, its own CreateTime and when a read_committed
/// reader received it.
struct Out {
    source: (i32, i64),
    created: i64,
    received: i64,
}

fn header_i64(m: &rdkafka::message::BorrowedMessage<'_>, name: &str) -> Option<i64> {
    m.headers()?
        .iter()
        .find(|h| h.key == name)
        .and_then(|h| std::str::from_utf8(h.value?).ok()?.parse().ok())
}

/// Reads `topics` from the beginning until `done` (or the timeout); `seen` counts outputs.
fn collect_outputs(topics: &[&str], seen: &AtomicUsize, done: impl Fn(usize) -> bool) -> Vec<Out> {
    let consumer: BaseConsumer = rdkafka::ClientConfig::new()
        .set("bootstrap.servers", bootstrap())
        .set("group.id", unique("bench-collector"))
        .set("enable.auto.commit", "false")
        .set("auto.offset.reset", "earliest")
        .set("isolation.level", "read_committed")
        .set("fetch.wait.max.ms", "10")
        .create()
        .expect("collector");
    consumer.subscribe(topics).expect("subscribe");
    let deadline = Instant::now() + COLLECT_TIMEOUT;
    let mut out = Vec::new();
    while !done(out.len()) && Instant::now() < deadline {
        let Some(Ok(m)) = consumer.poll(Duration::from_millis(100)) else {
            continue;
        };
        let (Some(p), Some(o), Some(created)) = (
            header_i64(&m, "sift-source-partition"),
            header_i64(&m, "sift-source-offset"),
            m.timestamp().to_millis(),
        ) else {
            continue;
        };
        out.push(Out {
            source: (p as i32, o),
            created,
            received: now_ms(),
        });
        seen.store(out.len(), Ordering::Relaxed);
    }
    out
}

// ------------------------------------------------------------------ the pass-through

/// Copies every record of `input` to `output` as it is, adding the source headers sift adds:
/// the Kafka cost of the service without its processing.
async fn pass_through(input: String, output: String, stop: Arc<AtomicBool>) {
    let kafka = bench_kafka(&unique("passthrough"));
    let consumer: StreamConsumer = sift::kafka::standalone_consumer(&kafka, &kafka.group_id)
        .create()
        .expect("pass-through consumer");
    consumer.subscribe(&[&input]).expect("subscribe");
    let producer = producer();
    while !stop.load(Ordering::Relaxed) {
        let Ok(Ok(m)) = tokio::time::timeout(Duration::from_millis(200), consumer.recv()).await
        else {
            continue;
        };
        let partition = m.partition().to_string();
        let offset = m.offset().to_string();
        let mut headers = OwnedHeaders::new();
        for h in m.headers().iter().flat_map(|hs| hs.iter()) {
            headers = headers.insert(h);
        }
        let headers = headers
            .insert(Header {
                key: "sift-source-partition",
                value: Some(&partition),
            })
            .insert(Header {
                key: "sift-source-offset",
                value: Some(&offset),
            });
        let record = FutureRecord::to(&output)
            .key(m.key().unwrap_or_default())
            .payload(m.payload().unwrap_or_default())
            .headers(headers);
        // Acknowledgements are awaited concurrently, as sift's workers do.
        match producer.send_result(record) {
            Ok(delivery) => drop(tokio::spawn(delivery)),
            Err((e, _)) => panic!("pass-through produce: {e}"),
        }
    }
}

// ------------------------------------------------------------------ service bench

#[derive(Clone, Copy, PartialEq)]
enum Side {
    /// sift in a delivery mode, with this label and these settings.
    Sift(&'static str, &'static [(&'static str, &'static str)]),
    PassThrough,
}

const AT_LEAST_ONCE: Side = Side::Sift("at-least-once", &[]);
const EXACTLY_ONCE: Side = Side::Sift(
    "exactly-once",
    &[("SIFT__SERVICE__DELIVERY", "exactly-once")],
);
const EXACTLY_ONCE_1000MS: Side = Side::Sift(
    "exactly-once, transaction_max_ms 1000",
    &[
        ("SIFT__SERVICE__DELIVERY", "exactly-once"),
        ("SIFT__SERVICE__TRANSACTION_MAX_MS", "1000"),
    ],
);

struct Measured {
    label: String,
    pages: usize,
    megabytes: f64,
    seconds: f64,
    latencies_ms: Vec<i64>,
    /// (page bytes, latency ms) of every page.
    by_size: Vec<(usize, i64)>,
    peak_rss_kib: Option<u64>,
    /// sift's process CPU time (user + system) over the run, seconds.
    cpu_seconds: Option<f64>,
    /// sift's `/metrics` at the end of the run.
    metrics: Option<String>,
}

impl Measured {
    fn percentile(&self, p: f64) -> i64 {
        let i = ((self.latencies_ms.len() as f64 - 1.0) * p).round() as usize;
        self.latencies_ms.get(i).copied().unwrap_or(-1)
    }

    fn row(&self) -> String {
        format!(
            "| {} | {} | {:.1} | {:.2} | {} | {} | {} |",
            self.label,
            self.pages,
            self.pages as f64 / self.seconds,
            self.megabytes / self.seconds,
            self.percentile(0.5),
            self.percentile(0.99),
            self.peak_rss_kib
                .map_or("-".into(), |k| format!("{:.0}", k as f64 / 1024.0)),
        )
    }
}

async fn measure(side: Side, pages: &[(String, Vec<u8>)], per_second: Option<f64>) -> Measured {
    let topics = Topics::create("bench", PARTITIONS).await;
    let stop = Arc::new(AtomicBool::new(false));
    let sift = match side {
        Side::Sift(_, env) => Some(SiftProcess::start(&topics, &unique("bench"), env)),
        Side::PassThrough => {
            tokio::spawn(pass_through(
                topics.input.clone(),
                topics.clean.clone(),
                stop.clone(),
            ));
            tokio::time::sleep(Duration::from_secs(3)).await; // joined its group
            None
        }
    };
    let cpu_before = sift
        .as_ref()
        .and_then(|s| s.metric("process_cpu_seconds_total"));
    let n = pages.len();
    let outputs: Vec<String> = topics.outputs().iter().map(|t| t.to_string()).collect();
    // Reading from the start, so that receive times are taken as records become readable.
    let collector = tokio::task::spawn_blocking(move || {
        let topics: Vec<&str> = outputs.iter().map(String::as_str).collect();
        collect_outputs(&topics, &AtomicUsize::new(0), |got| got >= n)
    });
    let created_at = produce_pages(&topics.input, pages, per_second).await;
    let outputs = collector.await.expect("collector");
    stop.store(true, Ordering::Relaxed);
    let peak_rss_kib = sift.as_ref().and_then(SiftProcess::peak_rss_kib);
    let cpu_after = sift
        .as_ref()
        .and_then(|s| s.metric("process_cpu_seconds_total"));
    let metrics = sift
        .as_ref()
        .and_then(|s| http_get(&s.metrics_addr, "/metrics"))
        .map(|(_, body)| body);
    let cpu_seconds = cpu_before.zip(cpu_after).map(|(b, a)| a - b);
    if let Some(sift) = sift {
        sift.terminate();
    }
    assert_eq!(outputs.len(), n, "every page came out");
    let by_size: Vec<(usize, i64)> = outputs
        .iter()
        .map(|o| {
            let (created, index) = created_at[&o.source];
            (pages[index].1.len(), o.received - created)
        })
        .collect();
    let mut latencies_ms: Vec<i64> = by_size.iter().map(|(_, ms)| *ms).collect();
    latencies_ms.sort_unstable();
    let first_in = created_at.values().map(|(c, _)| *c).min().unwrap_or(0);
    let last_out = outputs.iter().map(|o| o.received).max().unwrap_or(0);
    let name = match side {
        Side::Sift(mode, _) => format!("sift run ({mode})"),
        Side::PassThrough => "pass-through".to_string(),
    };
    let load = per_second.map_or("saturated".to_string(), |r| format!("paced {r:.0}/s"));
    Measured {
        label: format!("{name}, {load}"),
        pages: n,
        megabytes: pages.iter().map(|(_, h)| h.len()).sum::<usize>() as f64 / 1e6,
        seconds: (last_out - first_in).max(1) as f64 / 1000.0,
        latencies_ms,
        by_size,
        peak_rss_kib,
        cpu_seconds,
        metrics,
    }
}

/// Per stage of `sift_message_stage_seconds`: (upper bound s, cumulative count) by bucket.
fn stage_buckets(metrics: &str) -> HashMap<String, Vec<(f64, f64)>> {
    let mut stages: HashMap<String, Vec<(f64, f64)>> = HashMap::new();
    for line in metrics.lines() {
        let Some(rest) = line.strip_prefix("sift_message_stage_seconds_bucket{") else {
            continue;
        };
        let field = |name: &str| {
            let start = rest.find(&format!("{name}=\""))? + name.len() + 2;
            Some(rest[start..].split('"').next()?.to_string())
        };
        let (Some(stage), Some(le), Some(count)) = (
            field("stage"),
            field("le"),
            line.rsplit(' ').next().and_then(|v| v.parse::<f64>().ok()),
        ) else {
            continue;
        };
        let le = if le == "+Inf" {
            f64::INFINITY
        } else {
            le.parse().unwrap_or(f64::NAN)
        };
        stages.entry(stage).or_default().push((le, count));
    }
    stages
}

/// The `q` quantile of a histogram in ms, interpolated linearly inside its bucket; "< x" when
/// it falls in the first bucket, "> x" in the open top one.
fn histogram_quantile_ms(buckets: &[(f64, f64)], q: f64) -> String {
    let total = buckets.last().map_or(0.0, |b| b.1);
    let rank = q * total;
    let mut lower = (0.0, 0.0);
    for &(le, count) in buckets {
        if count >= rank {
            if le.is_infinite() {
                return format!("> {:.0}", lower.0 * 1000.0);
            }
            if lower.0 == 0.0 {
                return format!("< {}", le * 1000.0);
            }
            let share = if count > lower.1 {
                (rank - lower.1) / (count - lower.1)
            } else {
                0.0
            };
            return format!("{:.1}", 1000.0 * (lower.0 + share * (le - lower.0)));
        }
        lower = (le, count);
    }
    "-".into()
}

/// Where the time of the paced runs goes: p50 and p99 of each stage of the message's way, and
/// the pages that are large.
fn stage_table(m: &Measured) {
    let Some(metrics) = &m.metrics else { return };
    let stages = stage_buckets(metrics);
    println!(
        "\n{}: per stage (sift_message_stage_seconds, ms)\n",
        m.label
    );
    println!("| stage | messages | p50 ms | p99 ms |");
    println!("|---|---:|---:|---:|");
    for stage in sift::metrics::MESSAGE_STAGES {
        let Some(buckets) = stages.get(stage) else {
            continue;
        };
        println!(
            "| {stage} | {:.0} | {} | {} |",
            buckets.last().map_or(0.0, |b| b.1),
            histogram_quantile_ms(buckets, 0.5),
            histogram_quantile_ms(buckets, 0.99),
        );
    }
    println!(
        "| end to end (output minus input CreateTime, exact) | {} | {} | {} |",
        m.pages,
        m.percentile(0.5),
        m.percentile(0.99)
    );
    let p99 = m.percentile(0.99);
    let mut slow: Vec<&(usize, i64)> = m.by_size.iter().filter(|(_, ms)| *ms >= p99).collect();
    slow.sort_by_key(|(_, ms)| std::cmp::Reverse(*ms));
    let large = |bytes: usize| bytes >= 1_000_000;
    let (big, small): (Vec<_>, Vec<_>) = m.by_size.iter().partition(|(b, _)| large(*b));
    let worst = |v: &[&(usize, i64)]| v.iter().map(|(_, ms)| *ms).max().unwrap_or(0);
    println!(
        "\npages of 1 MB or more: {} (latency max {} ms); the rest: {} (max {} ms); \
         at or above the p99 ({p99} ms): {}",
        big.len(),
        worst(&big),
        small.len(),
        worst(&small),
        slow.iter()
            .map(|(bytes, ms)| format!("{} KB {ms} ms", bytes / 1000))
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// CPU time per page of `sift extract --jobs 1` (and `extract_args`) on `pages` (as a plain WARC
/// of HTTP responses under the same URLs, the way the service gets them: URL, no content type),
/// ms, from the summary line.
fn extract_cpu_ms_per_page(pages: &[(String, Vec<u8>)], extract_args: &[&str]) -> f64 {
    use warc::{RecordBuilder, RecordType, WarcHeader, WarcWriter};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("pages.warc");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create WARC"));
    let mut writer = WarcWriter::new(&mut file);
    for (url, html) in pages {
        let mut body = b"HTTP/1.1 200 OK\r\n\r\n".to_vec();
        body.extend_from_slice(html);
        let record = RecordBuilder::default()
            .warc_type(RecordType::Response)
            .header(WarcHeader::TargetURI, url.as_str())
            .body(body)
            .build()
            .expect("record");
        writer.write(&record).expect("write WARC");
    }
    std::io::Write::flush(&mut file).expect("flush WARC");
    let out = Command::new(env!("CARGO_BIN_EXE_sift"))
        .args(["extract", "--jobs", "1"])
        .args(extract_args)
        .arg(&path)
        .stdout(Stdio::null())
        .output()
        .expect("run sift extract");
    let summary = String::from_utf8_lossy(&out.stderr);
    summary
        .split("CPU ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no CPU figure in: {summary}"))
}

async fn service_bench(n: usize) {
    let pages = pages(n);
    let mb = pages.iter().map(|(_, h)| h.len()).sum::<usize>() as f64 / 1e6;
    eprintln!("service_e2e: {n} pages, {mb:.1} MB, broker {}", bootstrap());
    let sides = [
        AT_LEAST_ONCE,
        EXACTLY_ONCE,
        EXACTLY_ONCE_1000MS,
        Side::PassThrough,
    ];
    let mut rows = Vec::new();
    for side in sides {
        rows.push(measure(side, &pages, None).await);
    }
    let paced_rate = (rows[0].pages as f64 / rows[0].seconds / 2.0).max(1.0);
    let paced_pages = &pages[..n.min((paced_rate * 20.0) as usize).max(1)];
    for side in sides {
        rows.push(measure(side, paced_pages, Some(paced_rate)).await);
    }
    println!("| path | pages | pages/s | MB/s | p50 latency ms | p99 latency ms | peak RSS MiB |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for m in &rows {
        println!("{}", m.row());
    }
    let (sift, sift_paced) = (&rows[0], &rows[sides.len()]);
    stage_table(sift_paced);
    stage_table(sift);
    println!(
        "\nworkers: {} cores; saturated = all pages produced at once (latency includes the \
         wait behind the backlog); paced = half of sift's at-least-once saturated rate; \
         latency = received by a read_committed reader - input CreateTime.",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    if let Some(cpu) = sift.cpu_seconds {
        let service_ms = 1000.0 * cpu / sift.pages as f64;
        let extract_ms = extract_cpu_ms_per_page(&pages, &[]);
        let dedup_ms = extract_cpu_ms_per_page(&pages, &["--dedup"]);
        println!(
            "\nCPU time per page: sift run, saturated {service_ms:.2} ms (process CPU over the \
             run); sift extract --jobs 1 on the same pages {extract_ms:.2} ms (ratio {:.2}x), \
             with --dedup {dedup_ms:.2} ms (ratio {:.2}x)",
            service_ms / extract_ms,
            service_ms / dedup_ms
        );
    }
}

// ------------------------------------------------------------------ restart bench

/// Per input partition, seconds from `restarted` to the first output received that the new
/// process made (created after `killed`); `None` when a partition had none.
fn recovery(outputs: &[Out], killed: i64, restarted: i64) -> Vec<Option<f64>> {
    (0..PARTITIONS)
        .map(|p| {
            outputs
                .iter()
                .filter(|o| o.source.0 == p && o.created > killed)
                .map(|o| o.received)
                .min()
                .map(|t| (t - restarted) as f64 / 1000.0)
        })
        .collect()
}

async fn restart_bench() {
    println!(
        "| delivery | membership | recovery s, max over partitions | median | partitions recovered |"
    );
    println!("|---|---|---:|---:|---:|");
    for (mode, mode_env) in [
        ("at-least-once", "at-least-once"),
        ("exactly-once", "exactly-once"),
    ] {
        for membership in ["dynamic", "static"] {
            let topics = Arc::new(Topics::create("restart", PARTITIONS).await);
            let group = unique("restart");
            let instance = unique("instance");
            let mut env = vec![
                ("SIFT__DEDUP__ENABLED", "false"),
                ("SIFT__SERVICE__DELIVERY", mode_env),
            ];
            if membership == "static" {
                env.push(("SIFT__KAFKA__INSTANCE_ID", instance.as_str()));
            }
            let seen = Arc::new(AtomicUsize::new(0));
            let stop = Arc::new(AtomicBool::new(false));
            tokio::spawn(feed(topics.input.clone(), seen.clone(), stop.clone(), 300));
            let done = Arc::new(AtomicBool::new(false));
            let collector = {
                let (outputs, seen, done) = (
                    topics.outputs().map(str::to_string),
                    seen.clone(),
                    done.clone(),
                );
                tokio::task::spawn_blocking(move || {
                    let topics: Vec<&str> = outputs.iter().map(String::as_str).collect();
                    collect_outputs(&topics, &seen, |_| done.load(Ordering::Relaxed))
                })
            };
            let first = SiftProcess::start(&topics, &group, &env);
            tokio::time::sleep(Duration::from_secs(10)).await;
            let killed = now_ms();
            let data = first.kill();
            let second = SiftProcess::spawn(&topics, &group, &env, data);
            let restarted = now_ms();
            // Long enough for a session timeout (45 s) and a transaction timeout (60 s).
            tokio::time::sleep(Duration::from_secs(75)).await;
            done.store(true, Ordering::Relaxed);
            stop.store(true, Ordering::Relaxed);
            let outputs = collector.await.expect("collector");
            drop(second);
            let mut times: Vec<f64> = recovery(&outputs, killed, restarted)
                .into_iter()
                .flatten()
                .collect();
            times.sort_by(f64::total_cmp);
            let max = times.last().copied().unwrap_or(f64::NAN);
            let median = times.get(times.len() / 2).copied().unwrap_or(f64::NAN);
            println!(
                "| {mode} | {membership} | {max:.1} | {median:.1} | {}/{PARTITIONS} |",
                times.len()
            );
        }
    }
    println!(
        "\nkill -9 after 10 s of a 300-page backlog, restarted at once; recovery = restart -> \
         first output of the new process received by a read_committed reader, per partition."
    );
}

// ------------------------------------------------------------------ rebalance bench

/// Keeps about `backlog` pages unprocessed on the topic until `stop`.
async fn feed(topic: String, seen: Arc<AtomicUsize>, stop: Arc<AtomicBool>, backlog: usize) {
    let pages = pages(990);
    let producer = producer();
    let mut produced = 0usize;
    while !stop.load(Ordering::Relaxed) {
        if produced.saturating_sub(seen.load(Ordering::Relaxed)) >= backlog {
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        }
        let (url, html) = &pages[produced % pages.len()];
        let record = FutureRecord::to(&topic)
            .key(url.as_str())
            .payload(html.as_slice())
            .partition(produced as i32 % PARTITIONS);
        producer
            .send(record, Duration::from_secs(30))
            .await
            .map_err(|(e, _)| e)
            .expect("produce");
        produced += 1;
    }
}

struct Event {
    what: String,
    at_ms: i64,
}

/// Pages/s of each live instance over the second half of a phase.
fn phase_rates(instances: &[(String, SiftProcess)], phase: Duration) -> Vec<(String, f64)> {
    std::thread::sleep(phase / 2);
    let before: Vec<f64> = instances.iter().map(|(_, s)| s.consumed()).collect();
    let t = Instant::now();
    std::thread::sleep(phase / 2);
    let secs = t.elapsed().as_secs_f64();
    instances
        .iter()
        .zip(before)
        .map(|((name, s), b)| (name.clone(), (s.consumed() - b) / secs))
        .collect()
}

/// Per partition: the longest gap between consecutive outputs from `at` to `at + window`
/// (the gap spanning `at` included), ms.
fn pauses(outputs: &[Out], at: i64, window: i64) -> Vec<i64> {
    (0..PARTITIONS)
        .map(|p| {
            let mut times: Vec<i64> = outputs
                .iter()
                .filter(|o| o.source.0 == p)
                .map(|o| o.created)
                .collect();
            times.sort_unstable();
            times
                .windows(2)
                .filter(|w| w[1] >= at && w[0] <= at + window)
                .map(|w| w[1] - w[0])
                .max()
                .unwrap_or(-1)
        })
        .collect()
}

/// Median gap between consecutive outputs of a partition over the run: the normal cadence.
fn typical_gap(outputs: &[Out]) -> i64 {
    let mut gaps = Vec::new();
    for p in 0..PARTITIONS {
        let mut times: Vec<i64> = outputs
            .iter()
            .filter(|o| o.source.0 == p)
            .map(|o| o.created)
            .collect();
        times.sort_unstable();
        gaps.extend(times.windows(2).map(|w| w[1] - w[0]));
    }
    gaps.sort_unstable();
    gaps.get(gaps.len() / 2).copied().unwrap_or(-1)
}

async fn rebalance_bench(phase_secs: usize) {
    let phase = Duration::from_secs(phase_secs as u64);
    let topics = Topics::create("rebalance", PARTITIONS).await;
    let group = unique("rebalance");
    let seen = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    tokio::spawn(feed(topics.input.clone(), seen.clone(), stop.clone(), 600));
    let collector = {
        let (outputs, seen, stop) = (
            topics.outputs().map(str::to_string),
            seen.clone(),
            stop.clone(),
        );
        tokio::task::spawn_blocking(move || {
            let topics: Vec<&str> = outputs.iter().map(String::as_str).collect();
            collect_outputs(&topics, &seen, |_| stop.load(Ordering::Relaxed))
        })
    };
    // Repeated corpus pages would be duplicates: dedup off, every page costs a full extraction.
    let env = [("SIFT__DEDUP__ENABLED", "false")];
    let topics = Arc::new(topics);
    let start = |name: &str| {
        let t = topics.clone();
        let (g, n) = (group.clone(), name.to_string());
        tokio::task::spawn_blocking(move || (n, SiftProcess::start(&t, &g, &env)))
    };
    let mut events = Vec::new();
    let mut rates = Vec::new();
    let mut live: Vec<(String, SiftProcess)> = Vec::new();
    for (step, name) in ["join A", "join B", "join C", "leave C", "leave B"]
        .iter()
        .enumerate()
    {
        let at_ms = now_ms();
        if step < 3 {
            live.push(start(&name[5..]).await.expect("start sift"));
        } else if let Some((_, leaving)) = live.pop() {
            tokio::task::spawn_blocking(move || leaving.terminate())
                .await
                .expect("terminate");
        }
        events.push(Event {
            what: name.to_string(),
            at_ms,
        });
        let instances = std::mem::take(&mut live);
        let (instances, r) = tokio::task::spawn_blocking(move || {
            let r = phase_rates(&instances, phase);
            (instances, r)
        })
        .await
        .expect("phase");
        live = instances;
        rates.push((name.to_string(), r));
    }
    stop.store(true, Ordering::Relaxed);
    let outputs = collector.await.expect("collector");
    for (_, s) in live {
        s.terminate();
    }
    print_rebalance(&events, &rates, &outputs);
}

fn print_rebalance(events: &[Event], rates: &[(String, Vec<(String, f64)>)], outputs: &[Out]) {
    println!(
        "Partition pauses (longest gap between outputs of each input partition, ms, from the event to 15 s after; typical gap {} ms):\n",
        typical_gap(outputs)
    );
    println!("| event | p0 | p1 | p2 | p3 | p4 | p5 |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for e in events.iter().skip(1) {
        let cells: Vec<String> = pauses(outputs, e.at_ms, 15_000)
            .iter()
            .map(i64::to_string)
            .collect();
        println!("| {} | {} |", e.what, cells.join(" | "));
    }
    println!("\nThroughput per instance (pages/s, second half of each phase):\n");
    println!("| after | instances | pages/s per instance | total pages/s |");
    println!("|---|---:|---|---:|");
    for (event, r) in rates {
        let each: Vec<String> = r.iter().map(|(n, v)| format!("{n} {v:.1}")).collect();
        let total: f64 = r.iter().map(|(_, v)| v).sum();
        println!(
            "| {event} | {} | {} | {total:.1} |",
            r.len(),
            each.join(", ")
        );
    }
}
