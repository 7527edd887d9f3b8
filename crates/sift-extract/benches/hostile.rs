//! Hostile pages at two sizes: decode + extract time at about N and 4N bytes for every case of
//! `tests/hostile/cases.rs`. A path linear in the input takes about 4× as long at 4N; a ratio
//! well above that is a path that grows faster than the page.
//!
//!     cargo bench -p sift-extract --bench hostile -- [N_BYTES] [CASE_FILTER]
//!
//! N defaults to 650,000 bytes (4N is about the 2.6 MB page of 200,000 attributes that took 30 s
//! before the attribute fix). Each figure is the best of three runs, in CPU time of this thread
//! (Linux's `/proc/thread-self/schedstat`; wall time elsewhere), so that other jobs on a shared
//! machine do not count.

#[path = "../tests/hostile/cases.rs"]
mod cases;

use std::time::Duration;

/// Whether extraction kept the article's prose, where the case says it must.
fn prose_ok(case: &cases::Case, page: &str) -> bool {
    !case.keeps_prose
        || cases::decode_and_extract(page).is_ok_and(|x| x.event.text.contains(cases::PROSE))
}

/// Batches of runs shorter than this are repeated: the CPU clock may tick in milliseconds.
const MIN_BATCH: Duration = Duration::from_millis(100);

/// Time of one decode and extract of `page`: the best of three batches, each of as many runs
/// as make [`MIN_BATCH`].
fn best_of_three(page: &str) -> Duration {
    let run = || {
        let _ = std::hint::black_box(cases::decode_and_extract(page));
    };
    let once = cases::time(run).max(Duration::from_micros(10));
    let runs = MIN_BATCH
        .as_nanos()
        .div_ceil(once.as_nanos())
        .clamp(1, 1000) as u32;
    (0..3)
        .map(|_| cases::time(|| (0..runs).for_each(|_| run())) / runs)
        .min()
        .unwrap_or_default()
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let n_bytes: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(650_000);
    let filter = args.get(1).map(String::as_str).unwrap_or("");
    println!(
        "{:<40} {:>10} {:>10} {:>10} {:>10} {:>6}",
        "case", "N bytes", "N cpu ms", "4N bytes", "4N cpu ms", "ratio"
    );
    for case in cases::ALL.iter().filter(|c| c.name.contains(filter)) {
        let small = cases::page_of_size(case, n_bytes);
        let large = cases::page_of_size(case, 4 * n_bytes);
        let (t_small, t_large) = (best_of_three(&small), best_of_three(&large));
        let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-6);
        let mut flag = if ratio > 6.0 { "  <- superlinear?" } else { "" }.to_string();
        if !prose_ok(case, &large) {
            flag.push_str("  (prose lost)");
        }
        println!(
            "{:<40} {:>10} {:>10.1} {:>10} {:>10.1} {:>6.1}{flag}",
            case.name,
            small.len(),
            t_small.as_secs_f64() * 1e3,
            large.len(),
            t_large.as_secs_f64() * 1e3,
            ratio,
        );
    }
}
