//! Authors: cleaning raw bylines into person names and choosing among sources.

pub mod authors;
pub mod choose;
pub mod shown;
