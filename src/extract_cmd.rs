//! `sift extract`: the service's pipeline on files, one output per input.

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use sift::config::Config;
use sift_dedup::Deduplicator;
use sift::pipeline::Pipeline;
use sift::route::{Outcome, SourceMessage};
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Args)]
pub struct ExtractArgs {
    /// Files to process (`-` reads standard input): raw pages or JSON envelopes.
    #[arg(required = true)]
    paths: Vec<String>,
    /// The page URL (as the `url` header would give it to the service).
    #[arg(long)]
    url: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Deduplicate across the inputs, in the order given.
    #[arg(long)]
    dedup: bool,
    /// Directory of the embedded dedup store to use (default: a fresh temporary one).
    #[arg(long, requires = "dedup")]
    store: Option<PathBuf>,
    /// Configuration file (its [input], [extract] and [dedup] sections apply).
    #[arg(long, short)]
    config: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One JSON object per line: the event plus `source` and `outcome`.
    Jsonl,
    /// Pretty-printed JSON per input.
    Json,
    /// The main text only.
    Text,
    /// Title and blocks as Markdown.
    Markdown,
}

pub fn run(args: ExtractArgs) -> Result<()> {
    let config = Config::load(args.config.as_deref()).context("invalid configuration")?;
    // Kept alive until the end: the temporary store is deleted on drop.
    let mut _temp_store = None;
    let dedup = if args.dedup {
        let mut dedup_config = config.dedup.clone();
        dedup_config.store = sift_dedup::StoreKind::Embedded;
        dedup_config.data_dir = match &args.store {
            Some(dir) => dir.clone(),
            None => {
                let dir = tempfile::tempdir().context("cannot create a temporary dedup store")?;
                let path = dir.path().to_path_buf();
                _temp_store = Some(dir);
                path
            }
        };
        Some(Deduplicator::new(&dedup_config).context("cannot open the dedup store")?)
    } else {
        None
    };
    let pipeline = Pipeline::new(config.input, config.extract, dedup);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut summary = Summary::new(args.paths.len());
    for path in &args.paths {
        let value = read_input(path)?;
        let msg = SourceMessage {
            topic: "file".into(),
            key: None,
            value,
            headers: args
                .url
                .iter()
                .map(|u| ("url".to_string(), u.clone().into_bytes()))
                .collect(),
            ..SourceMessage::default()
        };
        let outcome = pipeline.process(&msg).outcome;
        summary.count(&outcome);
        write_outcome(&mut out, path, &outcome, args.format)?;
    }
    out.flush()?;
    summary.finish();
    Ok(())
}

fn read_input(path: &str) -> Result<Vec<u8>> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
        Ok(buf)
    } else {
        std::fs::read(path).with_context(|| format!("cannot read {path}"))
    }
}

fn write_outcome(
    out: &mut impl Write,
    source: &str,
    outcome: &Outcome,
    format: Format,
) -> Result<()> {
    let (name, event) = match outcome {
        Outcome::Clean(e) => ("clean", Some(e)),
        Outcome::Duplicate(e) => ("duplicate", Some(e)),
        Outcome::Rejected(e) => ("rejected", Some(e)),
        Outcome::DeadLetter(_) => ("dead_letter", None),
    };
    match format {
        Format::Jsonl | Format::Json => {
            let mut value = match (event, outcome) {
                (Some(e), _) => serde_json::to_value(e)?,
                (None, Outcome::DeadLetter(f)) => serde_json::json!({
                    "error": {"stage": f.stage, "class": f.class, "message": f.message}
                }),
                (None, _) => serde_json::json!({}),
            };
            if let Some(obj) = value.as_object_mut() {
                obj.insert("source".into(), source.into());
                obj.insert("outcome".into(), name.into());
            }
            match format {
                Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?,
                _ => writeln!(out, "{}", serde_json::to_string(&value)?)?,
            }
        }
        Format::Text => match event {
            Some(e) => writeln!(out, "{}", e.text)?,
            None => eprintln!("{source}: {name}"),
        },
        Format::Markdown => match event {
            Some(e) => write!(out, "{}", e.to_markdown())?,
            None => eprintln!("{source}: {name}"),
        },
    }
    Ok(())
}

/// Outcome counts, a progress line on a terminal, and a one-line summary at the end.
struct Summary {
    total: usize,
    started: Instant,
    counts: [usize; 4],
    interactive: bool,
}

impl Summary {
    fn new(total: usize) -> Self {
        Summary {
            total,
            started: Instant::now(),
            counts: [0; 4],
            interactive: std::io::stderr().is_terminal() && total > 1,
        }
    }

    fn count(&mut self, outcome: &Outcome) {
        let i = match outcome {
            Outcome::Clean(_) => 0,
            Outcome::Duplicate(_) => 1,
            Outcome::Rejected(_) => 2,
            Outcome::DeadLetter(_) => 3,
        };
        self.counts[i] += 1;
        if self.interactive {
            let done: usize = self.counts.iter().sum();
            let width = 30;
            let filled = done * width / self.total.max(1);
            eprint!(
                "\r[{}{}] {done}/{}",
                "#".repeat(filled),
                " ".repeat(width - filled),
                self.total
            );
        }
    }

    fn finish(&self) {
        if self.interactive {
            eprintln!();
        }
        let done: usize = self.counts.iter().sum();
        let secs = self.started.elapsed().as_secs_f64();
        let [clean, duplicate, rejected, dead] = self.counts;
        eprintln!(
            "sift extract: {done} pages (clean {clean}, duplicate {duplicate}, rejected {rejected}, dead_letter {dead}) in {secs:.2}s, {:.0} pages/s",
            done as f64 / secs.max(1e-9)
        );
    }
}
