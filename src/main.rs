//! The `sift` binary: thin commands over the library.

mod extract_cmd;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use sift::config::{Config, LogFormat};
use sift::metrics::Metrics;
use sift::service::health::Health;
use sift::vocab::ErrorClass;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use tokio::sync::watch;

#[derive(Parser)]
#[command(
    name = "sift",
    version,
    about = "Raw scraped pages in, clean article events out."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the service: consume pages from Kafka, publish article events.
    Run {
        /// Configuration file layered over the defaults (then SIFT__* variables).
        #[arg(long, short)]
        config: Option<PathBuf>,
    },
    /// Run the page-to-event pipeline on files, printing instead of producing.
    Extract(extract_cmd::ExtractArgs),
    /// Print the effective configuration (secrets redacted), or say which key is wrong.
    CheckConfig {
        #[arg(long, short)]
        config: Option<PathBuf>,
    },
    /// Send dead letters back to the input topic they came from.
    Redrive(RedriveArgs),
    /// Write the JSON Schemas of sift's output records into DIR (what `schema/` holds).
    Schema { dir: PathBuf },
}

#[derive(clap::Args)]
struct RedriveArgs {
    /// The dead-letter topic to read.
    #[arg(long)]
    from: String,
    /// Only dead letters of this error class (e.g. `oversized`, `dedup_store`).
    #[arg(long, value_parser = parse_error_class)]
    error_class: Option<ErrorClass>,
    /// Only dead letters that failed at or after this time (RFC 3339).
    #[arg(long)]
    since: Option<chrono::DateTime<chrono::Utc>>,
    /// Redrive at most this many.
    #[arg(long)]
    limit: Option<usize>,
    /// Show what would be sent; send and commit nothing.
    #[arg(long)]
    dry_run: bool,
    /// Rescan the whole DLQ instead of continuing where the last run stopped.
    #[arg(long)]
    from_beginning: bool,
    /// Also write the run's counters in Prometheus text format to this file (for a
    /// node_exporter textfile collector).
    #[arg(long)]
    metrics_file: Option<PathBuf>,
    #[arg(long, short)]
    config: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run { config } => run(config),
        Command::Extract(args) => extract_cmd::run(args),
        Command::CheckConfig { config } => check_config(config),
        Command::Redrive(args) => redrive(args),
        Command::Schema { dir } => write_schemas(&dir),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sift: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn parse_error_class(name: &str) -> Result<ErrorClass, String> {
    ErrorClass::parse(name).ok_or_else(|| {
        let names: Vec<&str> = ErrorClass::ALL.iter().map(|c| c.as_str()).collect();
        format!("not an error class; one of {}", names.join(", "))
    })
}

fn write_schemas(dir: &std::path::Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (name, schema) in sift::schema::all() {
        let path = dir.join(name);
        std::fs::write(&path, sift::schema::to_file_text(&schema))
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("{}", path.display());
    }
    Ok(())
}

fn check_config(path: Option<PathBuf>) -> Result<()> {
    let config = Config::load(path.as_deref()).context("invalid configuration")?;
    print!("{}", config.to_redacted_toml());
    Ok(())
}

fn redrive(args: RedriveArgs) -> Result<()> {
    let config = Config::load(args.config.as_deref()).context("invalid configuration")?;
    let selection = sift::redrive::Selection {
        error_class: args.error_class,
        since: args.since,
        limit: args.limit,
        dry_run: args.dry_run,
        from_beginning: args.from_beginning,
    };
    let metrics = Metrics::new().context("cannot register metrics")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let report = runtime.block_on(sift::redrive::redrive(
        &config, &args.from, &selection, &metrics,
    ))?;
    for (partition, offset, why) in &report.skipped {
        eprintln!("skipped {}/{partition}/{offset}: {why}", args.from);
    }
    let verb = if args.dry_run { "would send" } else { "sent" };
    println!(
        "sift redrive: {verb} {}, skipped {}, not selected {}",
        report.sent,
        report.skipped.len(),
        report.filtered
    );
    if let Some(path) = args.metrics_file {
        std::fs::write(&path, metrics.render())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn run(path: Option<PathBuf>) -> Result<()> {
    let config = Config::load(path.as_deref()).context("invalid configuration")?;
    init_logging(&config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let served = runtime.block_on(serve(config));
    // The drain kept its deadline; blocking work still running past it (a dedup store retry, a
    // stuck commit) must not hold the exit.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    served
}

async fn serve(config: Config) -> Result<()> {
    let metrics = Arc::new(Metrics::new().context("cannot register metrics")?);
    let health = Arc::new(Health::new());
    let dedup = if config.dedup.enabled {
        Some(sift_dedup::Deduplicator::new(&config.dedup).context("cannot open the dedup store")?)
    } else {
        None
    };
    let pipeline =
        sift::pipeline::Pipeline::new(config.input.clone(), config.extract.clone(), dedup);
    let (stop_tx, stop_rx) = watch::channel(false);

    let http = if config.http.listen.is_empty() {
        None
    } else {
        let listener = tokio::net::TcpListener::bind(&config.http.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.http.listen))?;
        tracing::info!(address = %config.http.listen, "serving /metrics, /healthz, /readyz");
        let mut stopped = stop_rx.clone();
        let shutdown = async move {
            let _ = stopped.wait_for(|s| *s).await;
        };
        let stall_ms = config.service.stall_timeout_secs as i64 * 1000;
        Some(tokio::spawn(sift::http::serve(
            listener,
            metrics.clone(),
            health.clone(),
            stall_ms,
            shutdown,
        )))
    };

    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("shutdown requested");
        let _ = stop_tx.send(true);
    });
    sift::service::run(config, pipeline, metrics, health, stop_rx).await?;
    if let Some(http) = http {
        http.abort();
    }
    tracing::info!("stopped");
    Ok(())
}

async fn wait_for_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

fn init_logging(config: &Config) -> Result<()> {
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log.level)
        .with_context(|| format!("invalid value for `log.level`: {}", config.log.level))?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let result = match config.log.format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
    result.map_err(|e| anyhow::anyhow!("cannot set up logging: {e}"))
}
