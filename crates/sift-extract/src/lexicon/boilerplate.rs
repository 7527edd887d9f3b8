//! Words of page chrome that a template leaves among the article's paragraphs: share and
//! navigation lines, ad labels, picture credits, widget labels, reading times.

/// Short lines that are page chrome in any article: share prompts, ad labels, "related",
/// reading time, "back to top". Compared whole after lower-casing and trimming punctuation, by
/// `is_boilerplate_line` in `content::clean::notices` (as are the lists below but
/// [`CREDIT_MARKERS`] and [`AD_LABELS`]). English, German, French, Spanish, Italian, Polish.
pub const BOILERPLATE_LINES: &[&str] = &[
    "share",
    "share this",
    "share this article",
    "share on facebook",
    "share on twitter",
    "tweet",
    "teilen",
    "diesen artikel teilen",
    "beitrag teilen",
    "partager",
    "compartir",
    "advertisement",
    "advertising",
    "sponsored",
    "anzeige",
    "werbung",
    "publicité",
    "publicidad",
    "related",
    "related articles",
    "related posts",
    "related stories",
    "read more",
    "read next",
    "weiterlesen",
    "mehr lesen",
    "lesen sie auch",
    "mehr zum thema",
    "auch interessant",
    "print",
    "drucken",
    "email",
    "e-mail",
    "back to top",
    "nach oben",
    "top",
    "skip to content",
    "skip to main content",
    "zum inhalt springen",
    "menu",
    "menü",
    "close",
    "schließen",
    "subscribe",
    "abonnieren",
    "sign up",
    "log in",
    "login",
    "anmelden",
    "newsletter",
    "comments",
    "kommentare",
    "leave a reply",
    "leave a comment",
    "schreibe einen kommentar",
    "kommentar verfassen",
    "like this",
    "gefällt mir",
    "loading",
    "wird geladen",
    "chargement",
    "cargando",
    "caricamento",
    "bild anzeigen",
    "beitragsbild",
    "alle angaben ohne gewähr",
    "angaben ohne gewähr",
    // The label over a blocked embed (see `is_embed_consent_notice`).
    "external content",
    "externer inhalt",
    "contenu externe",
    "contenido externo",
    "schon gelesen",
    "das könnte dich auch interessieren",
    "das könnte sie auch interessieren",
    "ähnliche beiträge",
    "verwandte beiträge",
    "vous aimerez aussi",
    "à lire aussi",
    "lire aussi",
    "tags",
    "schlagworte",
    "table of contents",
    "inhaltsverzeichnis",
    "sommaire",
    "índice",
    "spis treści",
    "share via",
    "follow us",
    "folgen sie uns",
];

/// What opens a picture credit inside a caption ("... Foto: Agency", "... © AFP / Name"),
/// searched for in lower-cased text by `is_credited_caption` in `content::clean::notices`.
/// English, German, and the names of picture agencies.
pub const CREDIT_MARKERS: &[&str] = &[
    "©",
    "foto:",
    "fotos:",
    "photo:",
    "photos:",
    "bild:",
    "image:",
    "credit:",
    "(foto",
    "(photo",
    "istock",
    "getty images",
];

/// Ad labels that open a sponsored notice or an ad slot's text, compared lower-cased as the
/// first word by `is_ad_notice` in `content::clean::notices`. English, German, French, Spanish.
pub const AD_LABELS: &[&str] = &[
    "advertisement",
    "advertorial",
    "sponsored",
    "anzeige",
    "werbung",
    "publicité",
    "publicidad",
];

/// Words opening a picture credit ("Foto: Agency", "Photo credits"), compared with the first
/// lower-cased word of a line. German, English.
pub const PICTURE_CREDIT_LABELS: &[&str] = &[
    "foto",
    "fotos",
    "photo",
    "photos",
    "bild",
    "bilder",
    "image",
    "images",
    "credit",
    "credits",
    "quelle",
    "source",
    "titelbild",
    "abbildung",
];

/// Stems that, beside a word of [`PICTURE_CREDIT_LABELS`] opening a line, make it a picture
/// credit even without a colon ("Photo credits", "Bild credit Jane Doe"); searched for in the
/// lower-cased line by `is_picture_credit` in `content::clean::notices`. English.
pub const PICTURE_CREDIT_STEMS: &[&str] = &["credit"];

/// Picture agencies whose name anywhere in a short line makes it a picture credit ("Foto:
/// John Roe / Getty Images"), searched for in the lower-cased line by `is_picture_credit`.
/// Proper names, no language.
pub const PICTURE_AGENCIES: &[&str] = &["getty images"];

/// Endings of a short line that make it a picture credit ("Jane Doe/dpa"), compared with the
/// lower-cased line by `is_picture_credit`. Agency names, no language.
pub const PICTURE_CREDIT_ENDINGS: &[&str] = &["/dpa"];

/// Phrases of a rights notice ("© Example Media. All rights reserved."), searched for in a
/// lower-cased short line by `is_boilerplate_line`. English, German.
pub const RIGHTS_RESERVED: &[&str] = &["all rights reserved", "alle rechte vorbehalten"];

/// Words of a short label of a signup prompt, a download link or an ad slot ("Subscribe to our
/// newsletter", "Top banner 2"), when one heads or ends the label. English, German, French,
/// Spanish.
pub const WIDGET_LABEL_WORDS: &[&str] = &[
    "newsletter",
    "subscribe",
    "download",
    "herunterladen",
    "télécharger",
    "descargar",
    "banner",
    "advertisement",
    "anzeige",
    "werbung",
    "sponsored",
];

/// Units of minutes in a reading time ("5 min read"). English, German, Spanish.
pub const READING_TIME_UNITS: &[&str] = &["min", "mins", "minute", "minutes", "minuten", "minutos"];

/// The only other words a reading time may hold ("Lesezeit", "de lecture"). English, German,
/// French, Spanish, Portuguese, Italian.
pub const READING_TIME_WORDS: &[&str] = &[
    "read",
    "reading",
    "time",
    "lesezeit",
    "lesedauer",
    "de",
    "lecture",
    "lectura",
    "leitura",
    "lettura",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::clean::is_boilerplate_line;
    use crate::content::clean::notices::{is_ad_notice, is_credited_caption};
    use crate::lexicon::form::assert_tidy_lower;

    #[test]
    fn lists_are_tidy_and_lower_case() {
        let lists: &[(&str, &[&str])] = &[
            ("BOILERPLATE_LINES", BOILERPLATE_LINES),
            ("CREDIT_MARKERS", CREDIT_MARKERS),
            ("AD_LABELS", AD_LABELS),
            ("PICTURE_CREDIT_LABELS", PICTURE_CREDIT_LABELS),
            ("PICTURE_CREDIT_STEMS", PICTURE_CREDIT_STEMS),
            ("PICTURE_AGENCIES", PICTURE_AGENCIES),
            ("PICTURE_CREDIT_ENDINGS", PICTURE_CREDIT_ENDINGS),
            ("RIGHTS_RESERVED", RIGHTS_RESERVED),
            ("WIDGET_LABEL_WORDS", WIDGET_LABEL_WORDS),
            ("READING_TIME_UNITS", READING_TIME_UNITS),
            ("READING_TIME_WORDS", READING_TIME_WORDS),
        ];
        for (name, list) in lists {
            assert_tidy_lower(name, list);
        }
    }

    #[test]
    fn boilerplate_lines_do_not_catch_a_headline_opening_with_one() {
        assert!(!is_boilerplate_line("Share prices fell"));
        assert!(is_boilerplate_line("Share this article"));
    }

    #[test]
    fn credit_markers_do_not_catch_a_caption_followed_by_a_sentence() {
        assert!(!is_credited_caption(
            "Das Bild: Polizisten vor dem Rathaus. Die Demonstration blieb friedlich."
        ));
    }

    #[test]
    fn ad_labels_do_not_catch_a_sentence_about_advertising() {
        assert!(!is_ad_notice("Werbung wirkt, sagen Forscher."));
        assert!(is_ad_notice("ANZEIGE - Heute mal ausgehen?"));
    }

    #[test]
    fn picture_credit_labels_do_not_catch_a_headline() {
        assert!(!is_boilerplate_line("Source of the Nile found"));
    }

    #[test]
    fn picture_credit_stems_and_agencies_do_not_catch_a_headline_naming_one() {
        assert!(!is_boilerplate_line("Photos of the flooded village"));
        assert!(!is_boilerplate_line("Getty Museum opens a new wing"));
        assert!(!is_boilerplate_line("Ein Interview mit der dpa"));
        assert!(is_boilerplate_line("Photo credits"));
        assert!(is_boilerplate_line("Jane Doe/dpa"));
    }

    #[test]
    fn rights_reserved_does_not_catch_a_headline_about_rights() {
        assert!(!is_boilerplate_line(
            "Civil rights reserved for all citizens"
        ));
        assert!(is_boilerplate_line("Example Media. All rights reserved."));
    }

    #[test]
    fn widget_labels_do_not_catch_a_word_inside_a_phrase() {
        assert!(!is_boilerplate_line("A banner year for farmers"));
    }

    #[test]
    fn reading_time_words_do_not_catch_a_phrase_with_minutes() {
        assert!(!is_boilerplate_line("The final 10 minutes"));
        assert!(is_boilerplate_line("5 min read"));
    }
}
