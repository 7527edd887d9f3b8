//! Words a page writes before a visible date to say what the date is ("Veröffentlicht am
//! 28.01.2020", "Last updated: ..."): the publication date outranks unlabelled dates, which
//! outrank the update date. The words are in [`crate::lexicon::dates`].

use crate::lexicon::dates::{PUBLICATION_WORDS, PUBLISHED_LABELS, UPDATED_LABELS};

/// What the label opening a text says about the date after it. Ordered by preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateLabel {
    Published,
    None,
    Updated,
}

/// The label a text opens with ("Erstellt am: 30.01.2022 18:36" is a publication date).
/// Allocation-free: it runs on every short text of a page.
pub fn date_label(text: &str) -> DateLabel {
    let text = text.trim_start();
    // Every label opens with a lower-case ASCII letter: comparing that byte first spares the
    // Unicode walk for almost every text.
    let Some(first) = text.bytes().next().map(|b| b.to_ascii_lowercase()) else {
        return DateLabel::None;
    };
    let opens = |l: &&str| l.as_bytes().first() == Some(&first) && opens_with(text, l);
    if UPDATED_LABELS.iter().any(opens) {
        DateLabel::Updated
    } else if PUBLISHED_LABELS.iter().any(opens) {
        DateLabel::Published
    } else {
        DateLabel::None
    }
}

/// `text` opens with the lower-case `label`, ignoring case.
fn opens_with(text: &str, label: &str) -> bool {
    let mut lower = text.chars().flat_map(char::to_lowercase);
    label.chars().all(|l| lower.next() == Some(l))
}

/// Bytes of a long text whose opening sentence is searched for a publication statement.
const OPENING_BYTES: usize = 160;

/// The opening of a long text when it states a publication ("This entry was posted on Monday,
/// March 5th, 2012 and is filed under ..."): its first [`OPENING_BYTES`].
pub fn publication_sentence(text: &str) -> Option<&str> {
    let t = text.trim_start();
    let mut end = OPENING_BYTES.min(t.len());
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    let opening = &t[..end];
    let lower = opening.to_lowercase();
    PUBLICATION_WORDS
        .iter()
        .any(|w| lower.contains(w))
        .then_some(opening)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_label_opening_a_text() {
        let cases = [
            ("Erstellt am: 30.01.2022 18:36 / sk", DateLabel::Published),
            ("Published on January 28, 2020", DateLabel::Published),
            ("Publié le 3 mars 2019", DateLabel::Published),
            ("Letzte Änderung: 31.10.2023", DateLabel::Updated),
            ("Updated Jan 28, 2020", DateLabel::Updated),
            ("28.01.2020 Der Arbeitsmarkt", DateLabel::None),
        ];
        for (text, want) in cases {
            assert_eq!(date_label(text), want, "{text}");
        }
    }

    #[test]
    fn finds_a_publication_statement_in_the_opening_of_a_long_text() {
        let wp = "Dieser Beitrag wurde am Samstag, 3. Dezember 2011 um 10:00 Uhr veröffentlicht \
            und unter Cybercrime, Cyberterrorismus gespeichert. Du kannst die Kommentare verfolgen.";
        assert!(publication_sentence(wp).is_some_and(|o| o.contains("2011")));
        let prose = "Seit 4. August 2014 gilt die Regel für alle Betriebe, die mehr als zehn \
            Beschäftigte haben und im Inland tätig sind, wie das Ministerium mitteilte.";
        assert_eq!(publication_sentence(prose), None);
    }

    #[test]
    fn prefers_publication_over_plain_over_update() {
        assert!(DateLabel::Published < DateLabel::None);
        assert!(DateLabel::None < DateLabel::Updated);
    }
}
