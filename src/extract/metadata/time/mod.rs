//! Dates: parsing timestamps and visible datelines, and dates in URL paths.

pub mod dates;
