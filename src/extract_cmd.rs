//! `sift extract`: the service's pipeline on files, one output per page.
//!
//! Inputs are loose files, directories (every file below, in name order), `-` (standard input)
//! and WARC archives (`.warc`, `.warc.gz`: every HTTP `response` record is a page). Pages are
//! decoded and extracted on `--jobs` threads; the results are written, and deduplicated, in
//! input order, so the output does not depend on the number of jobs.

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use sift::archive::{self, Compression, WarcItem, WarcPages};
use sift::config::Config;
use sift::pipeline::{Pipeline, Prepared, StageTimings};
use sift::route::{Disposition, SourceMessage};
use sift::vocab::Outcome;
use sift_dedup::Deduplicator;
use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[derive(Args)]
pub struct ExtractArgs {
    /// Files, directories or WARC archives (`.warc`, `.warc.gz`) to process (`-` reads
    /// standard input): raw pages or JSON envelopes.
    #[arg(required = true)]
    paths: Vec<String>,
    /// The page URL of loose files (as the `url` header would give it to the service).
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
    /// Threads extracting pages (default: the available cores). Output is the same for any N.
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Configuration file (its [input], [extract] and [dedup] sections apply).
    #[arg(long, short)]
    config: Option<PathBuf>,
    /// A model file to use instead of the embedded models (out-of-fold evaluation; see
    /// training/retrain).
    #[arg(long, hide = true)]
    model: Option<PathBuf>,
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

/// Pages read ahead of the one being written, per job: bounds memory when one page is slow.
const READ_AHEAD_PER_JOB: usize = 8;

pub fn run(args: ExtractArgs) -> Result<()> {
    let mut config = Config::load(args.config.as_deref()).context("invalid configuration")?;
    if let Some(path) = &args.model {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let models = sift_extract::content::model::Models::parse(&text)
            .with_context(|| format!("bad model file {}", path.display()))?;
        config.extract.models = sift_extract::ModelChoice::Loaded(std::sync::Arc::new(models));
    }
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
    let inputs = list_inputs(&args.paths)?;
    let jobs = match args.jobs {
        Some(0) => anyhow::bail!("--jobs must be at least 1"),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let mut summary = Summary::new(&inputs, jobs);
    let sources = Mutex::new(Sources::new(inputs, args.url.clone()));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    run_jobs(&pipeline, &sources, jobs, |done| {
        write_done(&pipeline, &mut out, done, args.format, &mut summary)
    })?;
    out.flush()?;
    summary.finish();
    Ok(())
}

/// An input named on the command line, or found in a directory named there.
struct Input {
    path: String,
    kind: InputKind,
    /// Size in bytes (0 for standard input): the progress bar's total.
    len: u64,
}

enum InputKind {
    Stdin,
    Page,
    Archive(Compression),
}

/// Expands directories (recursively, in name order) and classifies every path.
fn list_inputs(paths: &[String]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for path in paths {
        if path == "-" {
            inputs.push(Input {
                path: path.clone(),
                kind: InputKind::Stdin,
                len: 0,
            });
        } else {
            add_path(Path::new(path), &mut inputs)?;
        }
    }
    Ok(inputs)
}

fn add_path(path: &Path, inputs: &mut Vec<Input>) -> Result<()> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if meta.is_dir() {
        let mut entries = std::fs::read_dir(path)
            .with_context(|| format!("cannot list {}", path.display()))?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<std::io::Result<Vec<_>>>()
            .with_context(|| format!("cannot list {}", path.display()))?;
        entries.sort();
        for entry in entries {
            add_path(&entry, inputs)?;
        }
        return Ok(());
    }
    let kind = match archive::archive_kind(path) {
        Some(compression) => InputKind::Archive(compression),
        None => InputKind::Page,
    };
    inputs.push(Input {
        path: path.display().to_string(),
        kind,
        len: meta.len(),
    });
    Ok(())
}

/// What one input position holds, in input order.
enum Work {
    Page {
        source: String,
        message: SourceMessage,
    },
    /// A WARC record that is not a page: its type.
    SkippedRecord(String),
    /// A WARC record that could not be read: where and why.
    Malformed { source: String, why: String },
}

/// A unit of work and how many input bytes have been read once it is.
struct Item {
    work: Work,
    read_bytes: u64,
}

/// The inputs, read one page or record at a time.
struct Sources {
    inputs: std::vec::IntoIter<Input>,
    archive: Option<(String, WarcPages)>,
    /// Bytes of the inputs finished before the current archive.
    finished_bytes: u64,
    url: Option<String>,
}

impl Sources {
    fn new(inputs: Vec<Input>, url: Option<String>) -> Self {
        Sources {
            inputs: inputs.into_iter(),
            archive: None,
            finished_bytes: 0,
            url,
        }
    }

    fn next_item(&mut self) -> Option<Result<Item>> {
        loop {
            if let Some((path, pages)) = &mut self.archive {
                match pages.next() {
                    Some(item) => {
                        let read_bytes = self.finished_bytes + pages.position();
                        let item =
                            item.with_context(|| format!("cannot read {path}"))
                                .map(|item| Item {
                                    work: archive_work(path, item),
                                    read_bytes,
                                });
                        return Some(item);
                    }
                    None => {
                        self.finished_bytes += pages.file_bytes();
                        self.archive = None;
                    }
                }
            }
            let input = self.inputs.next()?;
            match input.kind {
                InputKind::Archive(compression) => {
                    match WarcPages::open(Path::new(&input.path), compression) {
                        Ok(pages) => self.archive = Some((input.path, pages)),
                        Err(e) => {
                            return Some(
                                Err(e).with_context(|| format!("cannot read {}", input.path)),
                            );
                        }
                    }
                }
                InputKind::Stdin | InputKind::Page => {
                    self.finished_bytes += input.len;
                    let item = self.loose_page(&input).map(|work| Item {
                        work,
                        read_bytes: self.finished_bytes,
                    });
                    return Some(item);
                }
            }
        }
    }

    fn loose_page(&self, input: &Input) -> Result<Work> {
        let value = match input.kind {
            InputKind::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut buf)
                    .context("cannot read standard input")?;
                buf
            }
            _ => {
                std::fs::read(&input.path).with_context(|| format!("cannot read {}", input.path))?
            }
        };
        let headers = self
            .url
            .iter()
            .map(|u| ("url".to_string(), u.clone().into_bytes()))
            .collect();
        Ok(Work::Page {
            source: input.path.clone(),
            message: file_message(value, headers),
        })
    }
}

fn file_message(value: Vec<u8>, headers: Vec<(String, Vec<u8>)>) -> SourceMessage {
    SourceMessage {
        topic: "file".into(),
        key: None,
        value,
        headers,
        ..SourceMessage::default()
    }
}

/// A WARC item as work: a page carries the record's URL, fetch time, status and content type
/// as the transport headers the service would read.
fn archive_work(path: &str, item: WarcItem) -> Work {
    match item {
        WarcItem::Page(page) => {
            let mut headers = vec![
                ("fetched_at".to_string(), page.fetched_at.into_bytes()),
                ("status".to_string(), page.status.to_string().into_bytes()),
            ];
            if let Some(url) = page.url {
                headers.push(("url".into(), url.into_bytes()));
            }
            if let Some(content_type) = page.content_type {
                headers.push(("content-type".into(), content_type.into_bytes()));
            }
            Work::Page {
                source: format!("{path}@{}", page.offset),
                message: file_message(page.body, headers),
            }
        }
        WarcItem::Skipped(kind) => Work::SkippedRecord(kind),
        WarcItem::Malformed { offset, why } => Work::Malformed {
            source: format!("{path}@{offset}"),
            why,
        },
    }
}

/// Work after the parallel stages, ready to be decided and written in input order.
enum Done {
    Page { source: String, prepared: Prepared },
    SkippedRecord(String),
    Malformed { source: String, why: String },
}

/// Runs decode and extract on `jobs` threads and hands the results to `write` in input order.
/// At most `jobs * READ_AHEAD_PER_JOB` items are between reading and writing at any time.
fn run_jobs(
    pipeline: &Pipeline,
    sources: &Mutex<Sources>,
    jobs: usize,
    write: impl FnMut((Done, u64)) -> Result<()>,
) -> Result<()> {
    let window = jobs * READ_AHEAD_PER_JOB;
    let (permit_tx, permit_rx) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        permit_tx.send(()).context("cannot start the jobs")?;
    }
    let permits = Mutex::new(permit_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, Result<(Done, u64)>)>();
    let next_index = Mutex::new(0usize);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let (permits, next_index) = (&permits, &next_index);
            scope.spawn(move || {
                while let Some((index, item)) = take_item(permits, sources, next_index) {
                    let done = item.map(|item| (prepare(pipeline, item.work), item.read_bytes));
                    if done_tx.send((index, done)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        write_in_order(done_rx, permit_tx, write)
    })
}

/// Hands results to `write` in input order, returning a read-ahead permit for each. Returns
/// on the first error; dropping the permits' sender then stops the jobs.
fn write_in_order(
    done_rx: mpsc::Receiver<(usize, Result<(Done, u64)>)>,
    permit_tx: mpsc::SyncSender<()>,
    mut write: impl FnMut((Done, u64)) -> Result<()>,
) -> Result<()> {
    let mut waiting = BTreeMap::new();
    let mut next_out = 0usize;
    for (index, done) in done_rx {
        waiting.insert(index, done);
        while let Some(done) = waiting.remove(&next_out) {
            write(done?)?;
            next_out += 1;
            // The jobs may have stopped (input exhausted): a permit nobody takes is fine.
            let _ = permit_tx.try_send(());
        }
    }
    Ok(())
}

/// Waits for a read-ahead permit, then takes the next item and its position in input order.
fn take_item(
    permits: &Mutex<mpsc::Receiver<()>>,
    sources: &Mutex<Sources>,
    next_index: &Mutex<usize>,
) -> Option<(usize, Result<Item>)> {
    permits.lock().ok()?.recv().ok()?;
    // The index is taken under the sources lock so that indices follow reading order.
    let mut sources = sources.lock().ok()?;
    let item = sources.next_item()?;
    let mut index = next_index.lock().ok()?;
    let this = *index;
    *index += 1;
    Some((this, item))
}

/// The parallel part of one item: decode and extract a page.
fn prepare(pipeline: &Pipeline, work: Work) -> Done {
    match work {
        Work::Page { source, message } => Done::Page {
            source,
            prepared: pipeline.prepare(&message, &mut StageTimings::default()),
        },
        Work::SkippedRecord(kind) => Done::SkippedRecord(kind),
        Work::Malformed { source, why } => Done::Malformed { source, why },
    }
}

/// The ordered part: the dedup decision, the output, the counts.
fn write_done(
    pipeline: &Pipeline,
    out: &mut impl Write,
    (done, read_bytes): (Done, u64),
    format: Format,
    summary: &mut Summary,
) -> Result<()> {
    match done {
        Done::Page { source, prepared } => {
            let disposition = pipeline.decide(prepared, &mut StageTimings::default());
            write_outcome(out, &source, &disposition, format)?;
            summary.count(disposition.outcome());
        }
        Done::SkippedRecord(kind) => *summary.skipped.entry(kind).or_default() += 1,
        Done::Malformed { source, why } => {
            summary.clear_progress();
            eprintln!("sift extract: {source}: record skipped: {why}");
            summary.malformed += 1;
        }
    }
    summary.progress(read_bytes);
    Ok(())
}

fn write_outcome(
    out: &mut impl Write,
    source: &str,
    disposition: &Disposition,
    format: Format,
) -> Result<()> {
    let (name, event) = (disposition.outcome().as_str(), disposition.event());
    match format {
        Format::Jsonl | Format::Json => {
            let mut value = match disposition {
                Disposition::DeadLetter(f) => serde_json::json!({
                    "error": {"stage": f.stage, "class": f.class, "message": f.message}
                }),
                _ => serde_json::to_value(event)?,
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

/// How often the progress bar is redrawn.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

/// Outcome counts, a progress bar on a terminal, and a one-line summary at the end.
struct Summary {
    total_bytes: u64,
    jobs: usize,
    started: Instant,
    counts: [usize; 4],
    /// WARC records that are not pages, by type.
    skipped: HashMap<String, usize>,
    malformed: usize,
    interactive: bool,
    drawn: Option<Instant>,
}

impl Summary {
    fn new(inputs: &[Input], jobs: usize) -> Self {
        let many = inputs.len() > 1
            || inputs
                .iter()
                .any(|i| matches!(i.kind, InputKind::Archive(_)));
        Summary {
            total_bytes: inputs.iter().map(|i| i.len).sum(),
            jobs,
            started: Instant::now(),
            counts: [0; 4],
            skipped: HashMap::new(),
            malformed: 0,
            interactive: std::io::stderr().is_terminal() && many,
            drawn: None,
        }
    }

    fn pages(&self) -> usize {
        self.counts.iter().sum()
    }

    fn count(&mut self, outcome: Outcome) {
        let i = Outcome::ALL.iter().position(|o| *o == outcome).unwrap_or(0);
        self.counts[i] += 1;
    }

    /// Redraws the bar: input read so far, pages/s, and the time left at that pace.
    fn progress(&mut self, read_bytes: u64) {
        if !self.interactive || self.drawn.is_some_and(|t| t.elapsed() < PROGRESS_EVERY) {
            return;
        }
        self.drawn = Some(Instant::now());
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        let share = read_bytes as f64 / self.total_bytes.max(1) as f64;
        let width = 30;
        let filled = ((share * width as f64) as usize).min(width);
        let eta = if share > 0.0 {
            format!("{:.0}s", secs * (1.0 - share).max(0.0) / share)
        } else {
            "?".into()
        };
        eprint!(
            "\r[{}{}] {:3.0}% {} pages, {:.0} pages/s, ETA {eta}   ",
            "#".repeat(filled),
            " ".repeat(width - filled),
            share * 100.0,
            self.pages(),
            self.pages() as f64 / secs,
        );
    }

    fn clear_progress(&self) {
        if self.interactive && self.drawn.is_some() {
            eprint!("\r{}\r", " ".repeat(80));
        }
    }

    fn finish(&self) {
        self.clear_progress();
        let pages = self.pages();
        let secs = self.started.elapsed().as_secs_f64();
        let counts: Vec<String> = Outcome::ALL
            .iter()
            .zip(self.counts)
            .map(|(outcome, n)| format!("{outcome} {n}"))
            .collect();
        let mut line = format!("sift extract: {pages} pages ({})", counts.join(", "));
        let skipped: usize = self.skipped.values().sum();
        if skipped + self.malformed > 0 {
            let mut kinds: Vec<_> = self.skipped.iter().collect();
            kinds.sort();
            let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
            line += &format!(
                "; WARC records skipped: {skipped} not pages ({}), {} malformed",
                kinds.join(", "),
                self.malformed
            );
        }
        let cpu = process_cpu_seconds()
            .map(|cpu| format!(", CPU {:.2} ms/page", 1000.0 * cpu / pages.max(1) as f64))
            .unwrap_or_default();
        eprintln!(
            "{line}; {secs:.2}s on {} jobs, {:.0} pages/s{cpu}",
            self.jobs,
            pages as f64 / secs.max(1e-9)
        );
    }
}

/// User plus system CPU time of this process so far (Linux: `/proc/self/stat`, in the
/// kernel's fixed 100 ticks per second), for the cost per page in the summary.
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) end with ") ".
    let fields: Vec<&str> = stat.rsplit_once(") ")?.1.split(' ').collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}
