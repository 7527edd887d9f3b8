//! Class names that hide an element from sighted readers and keep it for screen readers, and
//! the responsive ones that show it again on a wide screen: conventions of CSS frameworks and
//! themes, in English words.

use crate::needles::NeedleSet;

/// Whole class names that hide an element with `display: none`, which a breakpoint's display
/// class undoes ([`shows_from_a_breakpoint`]); compared ignoring ASCII case by `is_hidden` in
/// `content::prune`. English (Tailwind, Bootstrap, Bulma).
pub const DISPLAY_HIDING_CLASSES: &[&str] = &["d-none", "hidden", "is-hidden"];

/// Whole class names that clip an element to nothing and keep it for screen readers: no
/// `display` value shows it again, only Tailwind's `md:not-sr-only`
/// ([`unclips_from_a_breakpoint`]). English (Bootstrap, Tailwind, WordPress themes).
pub const SCREEN_READER_ONLY_CLASSES: &[&str] =
    &["screen-reader-text", "sr-only", "visually-hidden"];

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
    let display = match class.split_once(':') {
        Some(_) => after_a_breakpoint(class),
        None => class
            .strip_prefix("d-")
            .and_then(|rest| rest.split_once('-'))
            .filter(|(breakpoint, _)| is_breakpoint(breakpoint))
            .map(|(_, display)| display),
    };
    display.is_some_and(|display| {
        SHOWN_DISPLAYS
            .iter()
            .any(|d| display.eq_ignore_ascii_case(d))
    })
}

/// Whether a class name undoes a screen-reader-only class from a breakpoint on: Tailwind's
/// "sr-only md:not-sr-only".
pub fn unclips_from_a_breakpoint(class: &str) -> bool {
    after_a_breakpoint(class).is_some_and(|rest| rest.eq_ignore_ascii_case("not-sr-only"))
}

/// What a Tailwind class applies from a breakpoint on ("block" of "md:block").
fn after_a_breakpoint(class: &str) -> Option<&str> {
    class
        .split_once(':')
        .filter(|(breakpoint, _)| is_breakpoint(breakpoint))
        .map(|(_, rest)| rest)
}

fn is_breakpoint(word: &str) -> bool {
    BREAKPOINTS.iter().any(|b| word.eq_ignore_ascii_case(b))
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
        assert_tidy_lower("DISPLAY_HIDING_CLASSES", DISPLAY_HIDING_CLASSES);
        assert_tidy_lower("SCREEN_READER_ONLY_CLASSES", SCREEN_READER_ONLY_CLASSES);
        assert_tidy_lower("SCREEN_READER_CLASSES", SCREEN_READER_CLASS_WORDS);
        assert_tidy_lower("BREAKPOINTS", BREAKPOINTS);
        assert_tidy_lower("SHOWN_DISPLAYS", SHOWN_DISPLAYS);
    }

    #[test]
    fn hiding_classes_do_not_catch_a_class_that_only_contains_one() {
        let hides = |class: &str| {
            DISPLAY_HIDING_CLASSES
                .iter()
                .chain(SCREEN_READER_ONLY_CLASSES)
                .any(|h| class.eq_ignore_ascii_case(h))
        };
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
        assert!(!shows_from_a_breakpoint("md:not-sr-only"));
        assert!(unclips_from_a_breakpoint("lg:not-sr-only"));
        assert!(!unclips_from_a_breakpoint("focus:not-sr-only"));
        assert!(!unclips_from_a_breakpoint("md:block"));
    }

    #[test]
    fn screen_reader_classes_do_not_catch_a_visible_headline() {
        assert!(!SCREEN_READER_CLASSES.found_in("entry-title headline"));
        assert!(SCREEN_READER_CLASSES.found_in("screen-reader-text"));
    }
}
