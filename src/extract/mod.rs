//! Extraction: `Page` → article event. Pure, synchronous, no I/O.

pub mod dom;
pub mod metadata;
