//! Shared harness for tests against the real broker: topics per test, the real `sift` binary
//! as a child process, producing inputs and collecting every output record.
#![allow(dead_code)]

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Header, Headers, Message, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{ClientConfig, TopicPartitionList};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The broker `scripts/test.sh` started. Tests fail (not skip) without one.
pub fn bootstrap() -> String {
    std::env::var("SIFT_TEST_KAFKA_BOOTSTRAP").unwrap_or_else(|_| {
        panic!("SIFT_TEST_KAFKA_BOOTSTRAP is not set: run the tests with scripts/test.sh, which starts a local broker")
    })
}

pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{prefix}-{}-{:x}", std::process::id(), nanos & 0xffff_ffff)
}

/// One test's topics: input plus the four outputs.
pub struct Topics {
    pub input: String,
    pub clean: String,
    pub duplicates: String,
    pub rejected: String,
    pub dlq: String,
}

impl Topics {
    pub async fn create(name: &str, input_partitions: i32) -> Topics {
        let base = unique(name);
        let t = Topics {
            input: format!("{base}.pages"),
            clean: format!("{base}.clean"),
            duplicates: format!("{base}.duplicates"),
            rejected: format!("{base}.rejected"),
            dlq: format!("{base}.dlq"),
        };
        let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
            .set("bootstrap.servers", bootstrap())
            .create()
            .expect("admin client");
        let mut topics = vec![NewTopic::new(
            &t.input,
            input_partitions,
            TopicReplication::Fixed(1),
        )];
        for out in t.outputs() {
            topics.push(
                NewTopic::new(out, 3, TopicReplication::Fixed(1))
                    .set("max.message.bytes", "16777216"),
            );
        }
        let results = admin
            .create_topics(&topics, &AdminOptions::new())
            .await
            .expect("create topics");
        for r in results {
            r.expect("topic created");
        }
        t
    }

    pub fn outputs(&self) -> [&str; 4] {
        [&self.clean, &self.duplicates, &self.rejected, &self.dlq]
    }

    /// Environment that points a sift instance at these topics.
    pub fn env(&self, group: &str) -> Vec<(String, String)> {
        vec![
            ("SIFT__KAFKA__BROKERS".into(), bootstrap()),
            ("SIFT__KAFKA__GROUP_ID".into(), group.into()),
            ("SIFT__KAFKA__INPUT_TOPICS".into(), self.input.clone()),
            ("SIFT__OUTPUT__CLEAN_TOPIC".into(), self.clean.clone()),
            (
                "SIFT__OUTPUT__DUPLICATES_TOPIC".into(),
                self.duplicates.clone(),
            ),
            ("SIFT__OUTPUT__REJECTED_TOPIC".into(), self.rejected.clone()),
            ("SIFT__OUTPUT__DLQ_TOPIC".into(), self.dlq.clone()),
        ]
    }
}

/// A running `sift run` child process.
pub struct Sift {
    child: Child,
    pub metrics_addr: String,
    _data: tempfile::TempDir,
}

impl Sift {
    pub fn start(topics: &Topics, group: &str, extra_env: &[(&str, &str)]) -> Sift {
        Sift::start_with_args(topics, group, &[], extra_env)
    }

    /// [`Sift::start`] with more arguments after `run` (e.g. `--config FILE`).
    pub fn start_with_args(
        topics: &Topics,
        group: &str,
        args: &[&str],
        extra_env: &[(&str, &str)],
    ) -> Sift {
        let data = tempfile::tempdir().expect("tempdir");
        let metrics_addr = free_local_addr();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sift"));
        cmd.arg("run")
            .args(args)
            .envs(topics.env(group))
            .env("SIFT__HTTP__LISTEN", &metrics_addr)
            .env("SIFT__DEDUP__DATA_DIR", data.path())
            .env("SIFT__LOG__LEVEL", "info")
            .env("SIFT__SERVICE__LAG_REFRESH_SECS", "1")
            .env("SIFT__SERVICE__SHUTDOWN_TIMEOUT_SECS", "20")
            .stdout(Stdio::null())
            .stderr(Stdio::from(log_file(group)));
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("spawn sift");
        let sift = Sift {
            child,
            metrics_addr,
            _data: data,
        };
        sift.wait_until_ready(Duration::from_secs(60));
        sift
    }

    fn wait_until_ready(&self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if http_get(&self.metrics_addr, "/readyz").is_some_and(|(status, _)| status == 200) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("sift did not become ready within {timeout:?}");
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn metrics(&self) -> String {
        http_get(&self.metrics_addr, "/metrics")
            .map(|(_, body)| body)
            .unwrap_or_default()
    }

    /// SIGTERM, then the exit status (panics if it takes longer than `timeout`).
    pub fn terminate(self, timeout: Duration) -> std::process::ExitStatus {
        self.stop(timeout)
            .unwrap_or_else(|| panic!("sift did not exit within {timeout:?} of SIGTERM"))
    }

    /// SIGTERM, then the exit status; `None` (and SIGKILL) if it takes longer than `timeout`.
    pub fn stop(mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Sift {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn log_file(name: &str) -> std::fs::File {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("{}.log", unique(name)));
    std::fs::File::create(path).expect("log file")
}

fn free_local_addr() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").to_string()
}

/// Minimal HTTP/1.0 GET: status and body.
pub fn http_get(addr: &str, path: &str) -> Option<(u16, String)> {
    let mut s = std::net::TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    let status = buf.split_whitespace().nth(1)?.parse().ok()?;
    let body = buf
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Some((status, body))
}

pub fn producer() -> FutureProducer {
    ClientConfig::new()
        .set("bootstrap.servers", bootstrap())
        .set("message.max.bytes", "16777216")
        .set("linger.ms", "5")
        .create()
        .expect("producer")
}

/// An input message.
#[derive(Clone)]
pub struct Input {
    pub key: Option<Vec<u8>>,
    pub value: Vec<u8>,
    pub headers: Vec<(String, Vec<u8>)>,
    pub partition: Option<i32>,
}

impl Input {
    pub fn page(url: &str, value: Vec<u8>) -> Input {
        Input {
            key: Some(url.as_bytes().to_vec()),
            value,
            headers: vec![("url".into(), url.as_bytes().to_vec())],
            partition: None,
        }
    }

    pub fn value(value: Vec<u8>) -> Input {
        Input {
            key: None,
            value,
            headers: vec![],
            partition: None,
        }
    }
}

/// Produces `inputs` in order; returns their (partition, offset).
pub async fn produce(topic: &str, inputs: &[Input]) -> Vec<(i32, i64)> {
    let producer = producer();
    let mut positions = Vec::new();
    for input in inputs {
        let mut headers = OwnedHeaders::new();
        for (k, v) in &input.headers {
            headers = headers.insert(Header {
                key: k,
                value: Some(v),
            });
        }
        let mut record = FutureRecord::<Vec<u8>, Vec<u8>>::to(topic)
            .payload(&input.value)
            .headers(headers);
        if let Some(k) = &input.key {
            record = record.key(k);
        }
        if let Some(p) = input.partition {
            record = record.partition(p);
        }
        let (partition, offset) = producer
            .send(record, Duration::from_secs(30))
            .await
            .map(|d| (d.partition, d.offset))
            .map_err(|(e, _)| e)
            .expect("produce");
        positions.push((partition, offset));
    }
    positions
}

/// An output record as a test sees it.
#[derive(Debug, Clone)]
pub struct Output {
    pub topic: String,
    pub key: Vec<u8>,
    pub value: Vec<u8>,
    pub headers: HashMap<String, Vec<u8>>,
}

impl Output {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.value).expect("output is JSON")
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v).into_owned())
    }

    /// (partition, offset) of the input message this record was made from.
    pub fn source(&self) -> (i32, i64) {
        let p = self
            .header("sift-source-partition")
            .and_then(|v| v.parse().ok())
            .expect("source partition");
        let o = self
            .header("sift-source-offset")
            .and_then(|v| v.parse().ok())
            .expect("source offset");
        (p, o)
    }
}

/// Reads every output topic from the beginning until `count` records arrived (or `timeout`).
pub fn collect(topics: &Topics, count: usize, timeout: Duration) -> Vec<Output> {
    collect_until(topics, timeout, |out| out.len() >= count)
}

/// Reads every output topic from the beginning until `done` says so (or `timeout`).
pub fn collect_until(
    topics: &Topics,
    timeout: Duration,
    done: impl Fn(&[Output]) -> bool,
) -> Vec<Output> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap())
        .set("group.id", unique("collector"))
        .set("enable.auto.commit", "false")
        .set("auto.offset.reset", "earliest")
        .set("isolation.level", "read_committed")
        .create()
        .expect("consumer");
    consumer.subscribe(&topics.outputs()).expect("subscribe");
    let mut out = Vec::new();
    let deadline = Instant::now() + timeout;
    while !done(&out) && Instant::now() < deadline {
        // Transient errors (a broker connection dropping) are retried by librdkafka.
        let Some(Ok(m)) = consumer.poll(Duration::from_millis(200)) else {
            continue;
        };
        out.push(Output {
            topic: m.topic().to_string(),
            key: m.key().unwrap_or_default().to_vec(),
            value: m.payload().unwrap_or_default().to_vec(),
            headers: headers_of(&m).into_iter().collect(),
        });
    }
    out
}

/// A consumed record's headers, names and values as sent.
pub fn headers_of(m: &impl Message) -> Vec<(String, Vec<u8>)> {
    m.headers()
        .map(|hs| {
            hs.iter()
                .map(|h| (h.key.to_string(), h.value.unwrap_or_default().to_vec()))
                .collect()
        })
        .unwrap_or_default()
}

/// Committed offsets of `group` on `topic`, per partition.
pub fn committed(topic: &str, partitions: i32, group: &str) -> HashMap<i32, i64> {
    try_committed(topic, partitions, group).expect("committed")
}

/// [`committed`], or the error (e.g. the group coordinator is moving).
pub fn try_committed(
    topic: &str,
    partitions: i32,
    group: &str,
) -> Result<HashMap<i32, i64>, rdkafka::error::KafkaError> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap())
        .set("group.id", group)
        .create()?;
    let mut tpl = TopicPartitionList::new();
    for p in 0..partitions {
        tpl.add_partition(topic, p);
    }
    let offsets = consumer.committed_offsets(tpl, Duration::from_secs(10))?;
    let result = offsets
        .elements()
        .iter()
        .filter_map(|e| match e.offset() {
            rdkafka::Offset::Offset(o) => Some((e.partition(), o)),
            _ => None,
        })
        .collect();
    drop(offsets);
    Ok(result)
}

/// Pages from the trafilatura-eval corpus, as (url, bytes), in a stable order.
pub fn corpus_pages(n: usize) -> Vec<(String, Vec<u8>)> {
    let dir = corpus_dir("trafilatura-eval");
    let eval: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("evaldata.json")).expect("evaldata.json"))
            .expect("json");
    let mut entries: Vec<(String, String)> = eval
        .as_object()
        .expect("object")
        .iter()
        .filter_map(|(url, e)| Some((url.clone(), e.get("file")?.as_str()?.to_string())))
        .collect();
    entries.sort();
    entries
        .into_iter()
        .filter_map(|(url, file)| Some((url, std::fs::read(dir.join(file)).ok()?)))
        .take(n)
        .collect()
}

/// Unpacks a corpus with `../shared/tools/corpus` and returns its directory.
pub fn corpus_dir(name: &str) -> PathBuf {
    let tool = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/corpus");
    let out = Command::new(&tool).arg(name).output().unwrap_or_else(|e| {
        panic!(
            "{}: {e} (these tests read the development corpora in ../shared beside the clone)",
            tool.display()
        )
    });
    assert!(
        out.status.success(),
        "corpus {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// Polls the instance's metrics until `check` accepts them (gauges refresh periodically).
pub fn wait_for_metrics(sift: &Sift, timeout: Duration, check: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + timeout;
    loop {
        let text = sift.metrics();
        if check(&text) || Instant::now() > deadline {
            return text;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The value of a counter or gauge line in Prometheus text (first match of `prefix`).
pub fn metric(text: &str, prefix: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}
