//! Class names that hide an element from sighted readers and keep it for screen readers:
//! conventions of CSS frameworks and themes, in English words.

use crate::needles::NeedleSet;

/// Whole class names that hide an element, compared ignoring ASCII case by `is_hidden` in
/// `content::prune`. English (Bootstrap, WordPress and other themes' names).
pub const HIDING_CLASSES: &[&str] = &[
    "hidden",
    "d-none",
    "sr-only",
    "visually-hidden",
    "screen-reader-text",
    "is-hidden",
];

/// Class words of text hidden from sight, kept for screen readers: the separator between a
/// kicker and the headline, and whole `<h1>`s naming the site or a menu ("Post navigation"),
/// which are no headline. Lower-case substrings of the lower-cased class and id, searched for
/// by `metadata::collect` and its `headings`. English.
pub static SCREEN_READER_CLASSES: NeedleSet = NeedleSet::new(SCREEN_READER_CLASS_WORDS);

/// The words of [`SCREEN_READER_CLASSES`].
const SCREEN_READER_CLASS_WORDS: &[&str] = &[
    "visually-hidden",
    "visuallyhidden",
    "sr-only",
    "screen-reader",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::form::assert_tidy_lower;

    #[test]
    fn lists_are_tidy_and_lower_case() {
        assert_tidy_lower("HIDING_CLASSES", HIDING_CLASSES);
        assert_tidy_lower("SCREEN_READER_CLASSES", SCREEN_READER_CLASS_WORDS);
    }

    #[test]
    fn hiding_classes_do_not_catch_a_class_that_only_contains_one() {
        let hides = |class: &str| HIDING_CLASSES.iter().any(|h| class.eq_ignore_ascii_case(h));
        assert!(!hides("hidden-xs"));
        assert!(!hides("overflow-hidden"));
        assert!(hides("SR-ONLY"));
    }

    #[test]
    fn screen_reader_classes_do_not_catch_a_visible_headline() {
        assert!(!SCREEN_READER_CLASSES.found_in("entry-title headline"));
        assert!(SCREEN_READER_CLASSES.found_in("screen-reader-text"));
    }
}
