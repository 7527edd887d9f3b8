//! Dates: parsing timestamps and visible datelines, dates in URL paths, the labels pages
//! write before a visible date, and relative datelines read against the fetch time.

pub mod dates;
pub mod labels;
pub mod relative;
