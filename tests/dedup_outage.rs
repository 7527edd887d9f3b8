//! A dedup store outage is waited out in place: Redis killed mid-stream and restarted makes no
//! dead letter, `/readyz` says not ready and `sift_dedup_store_up` is 0 meanwhile, and every
//! input still yields exactly one record (exactly-once mode, read_committed).
//!
//! Uses its own `redis-server` (a free port, its own directory), never the shared one; Kafka is
//! the broker of `scripts/test.sh`. Built only with `--features integration`.

#![cfg(feature = "integration")]

mod common;

use common::*;
use std::collections::BTreeSet;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A redis-server of this test's own, persisting to `dir` (append-only file), so a restart
/// keeps the dedup state as a production Redis would.
struct OwnRedis {
    port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl OwnRedis {
    fn start() -> OwnRedis {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let mut redis = OwnRedis {
            port,
            dir: tempfile::tempdir().expect("tempdir"),
            child: None,
        };
        redis.launch();
        redis
    }

    fn launch(&mut self) {
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string()])
            .args([
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ])
            .arg("--dir")
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server (apt-get install redis-server)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        self.kill();
    }
}

fn pages(from: usize, to: usize) -> Vec<Input> {
    corpus_pages(to)
        .into_iter()
        .skip(from)
        .map(|(url, page)| Input::page(&url, page))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_restart_makes_no_dead_letter() {
    let mut redis = OwnRedis::start();
    let topics = Topics::create("redis-outage", 2).await;
    let group = unique("g");
    let url = redis.url();
    let sift = Sift::start(
        &topics,
        &group,
        &[
            ("SIFT__SERVICE__DELIVERY", "exactly-once"),
            ("SIFT__DEDUP__STORE", "redis"),
            ("SIFT__DEDUP__REDIS_URL", url.as_str()),
            ("SIFT__DEDUP__REDIS_TIMEOUT_MS", "500"),
            ("SIFT__SERVICE__DEDUP_STORE_DEADLINE_SECS", "120"),
        ],
    );
    let mut positions = produce(&topics.input, &pages(0, 10)).await;
    let first = collect(&topics, positions.len(), Duration::from_secs(120));
    assert_eq!(first.len(), positions.len(), "flowing before the outage");

    redis.kill();
    positions.extend(produce(&topics.input, &pages(10, 30)).await);
    let down = wait_for_metrics(&sift, Duration::from_secs(30), |m| {
        metric(m, "sift_dedup_store_up").is_some_and(|v| v == 0.0)
    });
    assert_eq!(metric(&down, "sift_dedup_store_up"), Some(0.0), "{down}");
    let ready = http_get(&sift.metrics_addr, "/readyz").map(|(status, _)| status);
    assert_eq!(ready, Some(503), "not ready while the store is down");
    // Down for longer than many retries' backoff.
    std::thread::sleep(Duration::from_secs(8));

    redis.launch();
    let out = collect(&topics, positions.len(), Duration::from_secs(120));
    let up = wait_for_metrics(&sift, Duration::from_secs(30), |m| {
        metric(m, "sift_dedup_store_up") == Some(1.0)
    });
    assert_eq!(metric(&up, "sift_dedup_store_up"), Some(1.0), "{up}");
    assert!(
        metric(&up, "sift_dedup_store_retries_total").unwrap_or(0.0) >= 1.0,
        "decisions were retried:\n{up}"
    );
    let dead: Vec<_> = out.iter().filter(|o| o.topic == topics.dlq).collect();
    assert!(
        dead.is_empty(),
        "no dead letter: {:?}",
        dead.iter()
            .map(|o| o.header("sift-error-class"))
            .collect::<Vec<_>>()
    );
    let sources: BTreeSet<(i32, i64)> = out.iter().map(Output::source).collect();
    assert_eq!(out.len(), positions.len(), "one record per input");
    assert_eq!(sources, positions.iter().copied().collect());
    assert_eq!(sift.terminate(Duration::from_secs(30)).code(), Some(0));
}
