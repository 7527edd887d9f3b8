//! The dashboard's and the alerts' PromQL against a real Prometheus (Debian's `prometheus`)
//! scraping a real sift that processes corpus pages through the broker of `scripts/test.sh`.
//! Fails, never skips, when `prometheus` is not installed.
//!
//! Needs the services of `scripts/test.sh`: built only with `--features integration`.

#![cfg(feature = "integration")]

mod common;

use common::*;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(180);
/// Scrapes (every second) to let accumulate after the traffic, so rates and `deriv` have points.
const SCRAPE_TIME: Duration = Duration::from_secs(15);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A Prometheus started by `scripts/prometheus-local.sh` on a port and state dir of its own;
/// stopped on drop, so also when the test fails.
struct Prometheus {
    port: String,
    state: tempfile::TempDir,
}

impl Prometheus {
    fn start(target: &str) -> Prometheus {
        let installed = Command::new("prometheus").arg("--version").output();
        assert!(
            installed.is_ok_and(|o| o.status.success()),
            "`prometheus` is not installed: apt-get install prometheus (this test checks the \
             dashboard and the alerts against a real Prometheus and does not skip)"
        );
        let port = free_local_addr()
            .rsplit(':')
            .next()
            .expect("port")
            .to_string();
        let prometheus = Prometheus {
            port,
            state: tempfile::tempdir().expect("tempdir"),
        };
        let started = prometheus.script(&["start", target]);
        assert!(started.status.success(), "prometheus-local.sh start failed");
        prometheus
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn script(&self, args: &[&str]) -> std::process::Output {
        Command::new(repo().join("scripts/prometheus-local.sh"))
            .args(args)
            .env("SIFT_PROM_PORT", &self.port)
            .env("SIFT_PROM_STATE", self.state.path())
            .env("SIFT_PROM_SCRAPE_INTERVAL", "1s")
            .stderr(std::process::Stdio::inherit())
            .output()
            .expect("run scripts/prometheus-local.sh")
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.state.path().join("prometheus.log")).unwrap_or_default()
    }
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        self.script(&["stop"]);
    }
}

fn free_local_addr() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").to_string()
}

/// Corpus pages, each re-scraped twice (duplicates), and inputs for every kind of dead letter
/// and rejection: traffic that makes every series of the dashboard and the alerts exist.
fn traffic() -> Vec<Input> {
    let pages = corpus_pages(60);
    let mut inputs: Vec<Input> = pages
        .iter()
        .map(|(url, html)| Input::page(url, html.clone()))
        .collect();
    for (url, html) in pages.iter().take(2) {
        inputs.push(Input::page(url, html.clone()));
    }
    let not_found = serde_json::json!({"url": "https://example.org/gone",
        "html": "<html><body><h1>Not found</h1></body></html>", "status": 404});
    inputs.extend([
        Input::value(Vec::new()),
        Input::value(br#"{"url": "https://x", "html": "<p>unterminated"#.to_vec()),
        Input::value(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0".to_vec()),
        Input::page(
            "https://example.com/tiny",
            b"<html><body><p>Hi.</p></body></html>".to_vec(),
        ),
        Input::value(not_found.to_string().into_bytes()),
    ]);
    inputs
}

fn check_promql(url: &str) -> (bool, String) {
    let out = Command::new(repo().join("scripts/check-promql"))
        .args(["--url", url, "--wait", "60"])
        // `sift run` never redrives; every other family must have series after this traffic.
        .arg("--optional=sift_redriven_messages_total")
        .output()
        .expect("run scripts/check-promql");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

fn summary_counts(report: &str) -> Option<(u32, u32)> {
    let line = report
        .lines()
        .find(|l| l.starts_with("check-promql:") && l.contains("passed"))?;
    let mut numbers = line
        .split_whitespace()
        .filter_map(|w| w.trim_end_matches(',').parse().ok());
    Some((numbers.next()?, numbers.next()?))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_and_alert_queries_hold_against_a_live_prometheus() {
    let topics = Topics::create("ops-prom", 3).await;
    let group = unique("g");
    let sift = Sift::start(&topics, &group, &[]);
    let prometheus = Prometheus::start(&sift.metrics_addr);

    let inputs = traffic();
    produce(&topics.input, &inputs).await;
    let out = collect(&topics, inputs.len(), WAIT);
    assert_eq!(out.len(), inputs.len(), "one record per input");
    for topic in topics.outputs() {
        assert!(
            out.iter().any(|o| o.topic == topic),
            "the traffic must reach {topic}"
        );
    }
    std::thread::sleep(SCRAPE_TIME);

    let (ok, report) = check_promql(&prometheus.url());
    assert!(
        ok,
        "scripts/check-promql failed:\n{report}\nprometheus log:\n{}",
        prometheus.log()
    );
    let (passed, failed) = summary_counts(&report).expect("check-promql summary line");
    assert!(passed > 30 && failed == 0, "{report}");
    drop(prometheus);
    assert_eq!(sift.terminate(Duration::from_secs(30)).code(), Some(0));
}
