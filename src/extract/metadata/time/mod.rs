//! Dates: parsing timestamps and visible datelines, dates in URL paths, and the labels pages
//! write before a visible date.

pub mod dates;
pub mod labels;
