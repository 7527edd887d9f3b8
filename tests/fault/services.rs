//! The campaign's own Kafka broker and Redis, started through scripts/kafka-local.sh and
//! scripts/redis-local.sh on ports and state dirs of their own (never the shared ones that
//! scripts/test.sh leases to the other tests), so that killing or pausing them hurts no one else.

use super::{alive, now_ms, signal, wait_for};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Ports of the campaign's services. The broker's PLAINTEXT listener (tools, the test's own
/// clients) is reached directly; its EXTERNAL listener advertises the proxy's port, so sift,
/// bootstrapped through the proxy, stays behind it.
pub const KAFKA_PORT: u16 = 29092;
pub const KAFKA_CONTROLLER_PORT: u16 = 29093;
pub const KAFKA_EXTERNAL_PORT: u16 = 29094;
pub const PROXY_PORT: u16 = 29095;
pub const REDIS_PORT: u16 = 26379;

/// Generous: a broker start took up to 58 s while other builds loaded the 2 cores.
const START_TIMEOUT: Duration = Duration::from_secs(150);

/// A service run by one of the scripts, with its state dir and the environment it reads.
pub struct Service {
    script: &'static str,
    state: PathBuf,
    env: Vec<(&'static str, String)>,
    /// The script's pid file, in the state dir.
    pid_file: &'static str,
    /// Where clients reach it.
    port: u16,
}

impl Service {
    /// Stops one that an interrupted campaign left running, empties its state dir, starts it.
    fn start_fresh(self) -> Result<Service, String> {
        std::fs::create_dir_all(&self.state)
            .map_err(|e| format!("{}: {e}", self.state.display()))?;
        self.stop()?;
        std::fs::remove_dir_all(&self.state)
            .and_then(|()| std::fs::create_dir_all(&self.state))
            .map_err(|e| format!("{}: {e}", self.state.display()))?;
        self.start()?;
        Ok(self)
    }

    /// `script ACTION`; the script's output goes to a log in the state dir.
    fn run(&self, action: &str) -> Result<(), String> {
        let log = self.state.join("campaign-script.log");
        let out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("scripts")
            .join(self.script);
        let status = Command::new("timeout")
            .arg(START_TIMEOUT.as_secs().to_string())
            .arg(script)
            .arg(action)
            .envs(self.env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .status()
            .map_err(|e| format!("{} {action}: {e}", self.script))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!(
                "{} {action}: {status} (log: {})",
                self.script,
                log.display()
            ))
        }
    }

    /// Starts the service (on its existing data) and waits until it answers.
    pub fn start(&self) -> Result<(), String> {
        self.run("start")
    }

    pub fn stop(&self) -> Result<(), String> {
        self.run("stop")
    }

    /// [`Service::start`], returning the moment (ms since the epoch) its port first accepted a
    /// connection: when clients can reach it again (the script's readiness check takes longer).
    pub fn restart(&self) -> Result<i64, String> {
        let address = std::net::SocketAddr::from(([127, 0, 0, 1], self.port));
        std::thread::scope(|scope| {
            let starting = scope.spawn(|| self.start());
            let mut reachable_ms = None;
            while reachable_ms.is_none() && !starting.is_finished() {
                if std::net::TcpStream::connect_timeout(&address, Duration::from_millis(200))
                    .is_ok()
                {
                    reachable_ms = Some(now_ms());
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            starting
                .join()
                .map_err(|_| format!("{} start panicked", self.script))??;
            Ok(reachable_ms.unwrap_or_else(now_ms))
        })
    }

    pub fn pause(&self) -> Result<(), String> {
        signal(self.pid()?, "STOP")
    }

    pub fn resume(&self) -> Result<(), String> {
        signal(self.pid()?, "CONT")
    }

    fn pid(&self) -> Result<u32, String> {
        let file = self.state.join(self.pid_file);
        std::fs::read_to_string(&file)
            .map_err(|e| format!("{}: {e}", file.display()))?
            .trim()
            .parse()
            .map_err(|e| format!("{}: {e}", file.display()))
    }

    /// SIGKILL, and wait until the process is gone.
    pub fn kill9(&self) -> Result<(), String> {
        let pid = self.pid()?;
        signal(pid, "KILL")?;
        wait_for(
            "the killed process to exit",
            Duration::from_secs(10),
            || !alive(pid),
        )
    }

    /// After a scenario: running, and not stopped by a signal, for the next one.
    pub fn ensure_running(&self) -> Result<(), String> {
        if let Ok(pid) = self.pid() {
            let _ = signal(pid, "CONT");
            if alive(pid) {
                return Ok(());
            }
        }
        self.start()
    }
}

/// A single-node KRaft broker owned by the campaign, fresh (an earlier campaign's state is
/// discarded). Clients of the test reach it at [`KAFKA_PORT`]; sift through the proxy.
pub fn broker(state: PathBuf) -> Result<Service, String> {
    let env = vec![
        ("SIFT_KAFKA_PORT", KAFKA_PORT.to_string()),
        (
            "SIFT_KAFKA_CONTROLLER_PORT",
            KAFKA_CONTROLLER_PORT.to_string(),
        ),
        ("SIFT_KAFKA_EXTERNAL_PORT", KAFKA_EXTERNAL_PORT.to_string()),
        (
            "SIFT_KAFKA_EXTERNAL_ADVERTISED_PORT",
            PROXY_PORT.to_string(),
        ),
        ("SIFT_KAFKA_STATE", state.display().to_string()),
    ];
    Service {
        script: "kafka-local.sh",
        state,
        env,
        pid_file: "kafka.pid",
        port: KAFKA_PORT,
    }
    .start_fresh()
}

/// A Redis owned by the campaign, fresh, persisting to an append-only file (fsync per write)
/// like a production Redis would, so that a restart keeps the dedup state.
pub fn redis(state: PathBuf) -> Result<Service, String> {
    let env = vec![
        ("SIFT_REDIS_PORT", REDIS_PORT.to_string()),
        ("SIFT_REDIS_STATE", state.display().to_string()),
        ("SIFT_REDIS_PERSIST", "1".to_string()),
    ];
    Service {
        script: "redis-local.sh",
        state,
        env,
        pid_file: "redis.pid",
        port: REDIS_PORT,
    }
    .start_fresh()
}
