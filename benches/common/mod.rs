//! What every benchmark binary shares.

/// `cargo bench` passes `--bench`; `cargo test --all-targets` runs bench binaries without it.
/// Benchmarks take minutes and their figures mean nothing under a test run, so they only say
/// how to run them then.
pub fn invoked_by_cargo_bench(name: &str) -> bool {
    if std::env::args().any(|a| a == "--bench") {
        return true;
    }
    println!("{name}: a benchmark; run it with `cargo bench --bench {name}`");
    false
}
