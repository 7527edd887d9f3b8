//! Authors: cleaning raw bylines into person names.

pub mod authors;
