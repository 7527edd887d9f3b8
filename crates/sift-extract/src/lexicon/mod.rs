//! The natural-language word lists of extraction, in one place: words and phrases of human
//! languages that the code matches against page text or class and id names. Structural
//! vocabulary (tag, attribute and meta key names, schema.org types, feature names) lives with
//! the code that reads it; what is here is what a page's language or a site's wording decides.
//!
//! One submodule per concept. Each list says in its doc comment what it is for, where it is
//! used and which languages it holds; its tests check its form (no duplicates, no stray
//! whitespace, lower case where matching is lower-cased) and pin one thing it must not catch.

pub mod article_parts;
pub mod boilerplate;
pub mod bylines;
pub mod calls_to_action;
pub mod comments;
pub mod consent;
pub mod dates;
pub mod end_matter;
pub mod error_pages;
pub mod hiding;
pub mod organisations;
pub mod page_chrome;
pub mod roles;

/// Checks of a list's form, shared by the tests of every concept.
#[cfg(test)]
pub(crate) mod form {
    use std::collections::HashSet;

    /// `list` has no duplicate and no entry that is empty or has leading or trailing whitespace.
    pub fn assert_tidy(name: &str, list: &[&str]) {
        let mut seen = HashSet::new();
        for entry in list {
            assert!(!entry.is_empty(), "{name}: empty entry");
            assert_eq!(
                entry.trim(),
                *entry,
                "{name}: stray whitespace in {entry:?}"
            );
            assert!(seen.insert(entry), "{name}: duplicate {entry:?}");
        }
    }

    /// [`assert_tidy`], and every entry is lower-case: for lists matched against lower-cased text.
    pub fn assert_tidy_lower(name: &str, list: &[&str]) {
        assert_tidy(name, list);
        for entry in list {
            assert_eq!(
                entry.to_lowercase(),
                *entry,
                "{name}: upper case in {entry:?}"
            );
        }
    }
}
