//! Words a page writes before a visible date to say what the date is ("Veröffentlicht am
//! 28.01.2020", "Last updated: ..."): the publication date outranks unlabelled dates, which
//! outrank the update date.

/// What the label opening a text says about the date after it. Ordered by preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateLabel {
    Published,
    None,
    Updated,
}

/// Labels opening a text that gives the publication of a page, lower-case.
const PUBLISHED_LABELS: &[&str] = &[
    "published",
    "posted",
    "first published",
    "veröffentlicht",
    "erstellt",
    "erschienen",
    "publiziert",
    "publié",
    "publicado",
    "pubblicato",
    "gepubliceerd",
    "geplaatst",
    "opublikowano",
];

/// Labels opening a text that gives the last update of a page, lower-case.
const UPDATED_LABELS: &[&str] = &[
    "last updated",
    "last modified",
    "updated",
    "letzte änderung",
    "zuletzt geändert",
    "zuletzt aktualisiert",
    "aktualisiert",
    "mis à jour",
    "modifié le",
    "actualizado",
    "aggiornato",
];

/// The label a text opens with ("Erstellt am: 30.01.2022 18:36" is a publication date).
pub fn date_label(text: &str) -> DateLabel {
    let lower = text.trim_start().to_lowercase();
    if UPDATED_LABELS.iter().any(|l| lower.starts_with(l)) {
        DateLabel::Updated
    } else if PUBLISHED_LABELS.iter().any(|l| lower.starts_with(l)) {
        DateLabel::Published
    } else {
        DateLabel::None
    }
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
    fn prefers_publication_over_plain_over_update() {
        assert!(DateLabel::Published < DateLabel::None);
        assert!(DateLabel::None < DateLabel::Updated);
    }
}
