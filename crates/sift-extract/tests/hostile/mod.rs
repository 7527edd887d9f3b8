//! Hostile-input cases shared by `tests/extract_hostile.rs` and `benches/hostile.rs`.

pub mod cases;
