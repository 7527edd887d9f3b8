//! Class names that hide an element from sighted readers and keep it for screen readers, and
//! the responsive ones that show it again on a wide screen: conventions of CSS frameworks and
//! themes, in English words.

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

/// Screen widths of CSS frameworks' responsive classes (Tailwind's `md:`, Bootstrap's
/// `d-md-…`), up from a phone's.
const BREAKPOINTS: &[&str] = &["sm", "md", "lg", "xl", "xxl", "2xl"];

/// `display` values that show an element.
const SHOWN_DISPLAYS: &[&str] = &[
    "block",
    "flex",
    "grid",
    "inline",
    "inline-block",
    "inline-flex",
    "table",
];

/// Whether a class name shows its element again from a breakpoint on, as a wide screen sees
/// it: "hidden md:block" (Tailwind) and "d-none d-lg-flex" (Bootstrap) hide it on phones only.
pub fn shows_from_a_breakpoint(class: &str) -> bool {
    let (breakpoint, display) = match class.split_once(':') {
        Some(pair) => pair,
        None => match class
            .strip_prefix("d-")
            .and_then(|rest| rest.split_once('-'))
        {
            Some(pair) => pair,
            None => return false,
        },
    };
    BREAKPOINTS
        .iter()
        .any(|b| breakpoint.eq_ignore_ascii_case(b))
        && SHOWN_DISPLAYS
            .iter()
            .any(|d| display.eq_ignore_ascii_case(d))
}

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
        assert_tidy_lower("BREAKPOINTS", BREAKPOINTS);
        assert_tidy_lower("SHOWN_DISPLAYS", SHOWN_DISPLAYS);
    }

    #[test]
    fn hiding_classes_do_not_catch_a_class_that_only_contains_one() {
        let hides = |class: &str| HIDING_CLASSES.iter().any(|h| class.eq_ignore_ascii_case(h));
        assert!(!hides("hidden-xs"));
        assert!(!hides("overflow-hidden"));
        assert!(hides("SR-ONLY"));
    }

    #[test]
    fn breakpoint_displays_do_not_catch_other_states_or_values() {
        assert!(shows_from_a_breakpoint("md:block"));
        assert!(shows_from_a_breakpoint("d-lg-flex"));
        assert!(!shows_from_a_breakpoint("hover:block"));
        assert!(!shows_from_a_breakpoint("group-hover:flex"));
        assert!(!shows_from_a_breakpoint("md:hidden"));
        assert!(!shows_from_a_breakpoint("d-md-none"));
        assert!(!shows_from_a_breakpoint("d-block"));
        assert!(!shows_from_a_breakpoint("block"));
    }

    #[test]
    fn screen_reader_classes_do_not_catch_a_visible_headline() {
        assert!(!SCREEN_READER_CLASSES.found_in("entry-title headline"));
        assert!(SCREEN_READER_CLASSES.found_in("screen-reader-text"));
    }
}
