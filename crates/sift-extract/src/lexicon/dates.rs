//! Words around dates: labels saying what a visible date is, and the words of relative
//! datelines ("vor 3 Stunden", "2 days ago"), the month and weekday names that end a byline's
//! name, labels of dates that are not the page's, and the class words of a dateline.

use crate::needles::NeedleSet;

/// Labels opening a text that gives the publication of a page, lower-case; read by
/// [`crate::metadata::time::labels::date_label`]. English, German, French, Spanish, Italian,
/// Dutch, Polish.
pub const PUBLISHED_LABELS: &[&str] = &[
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

/// Labels opening a text that gives the last update of a page, lower-case; read by
/// [`crate::metadata::time::labels::date_label`]. English, German, French, Spanish, Italian.
pub const UPDATED_LABELS: &[&str] = &[
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

/// Words that say a sentence gives the publication of the text it sits in, lower-case; searched
/// for by [`crate::metadata::time::labels::publication_sentence`]. English, German, French,
/// Spanish, Italian.
pub const PUBLICATION_WORDS: &[&str] = &[
    "posted",
    "published",
    "veröffentlicht",
    "publié",
    "publicado",
    "pubblicato",
];

/// Minute units of a relative dateline, lower-case words; read by
/// [`crate::metadata::time::relative::parse_relative`], as are the lists after it. English,
/// German, Italian, Spanish.
pub const MINUTE_WORDS: &[&str] = &[
    "minute", "minutes", "min", "mins", "minuten", "minuto", "minutos", "minuti",
];

/// Hour units of a relative dateline. English, German, French, Spanish, Italian.
pub const HOUR_WORDS: &[&str] = &[
    "hour", "hours", "hr", "hrs", "stunde", "stunden", "heure", "heures", "hora", "horas", "ora",
    "ore",
];

/// Day units of a relative dateline. English, German, French, Spanish (with and without accent),
/// Italian.
pub const DAY_WORDS: &[&str] = &[
    "day", "days", "tag", "tagen", "jour", "jours", "día", "días", "dia", "dias", "giorno",
    "giorni",
];

/// Week units of a relative dateline. English, German, French, Spanish, Italian.
pub const WEEK_WORDS: &[&str] = &[
    "week",
    "weeks",
    "woche",
    "wochen",
    "semaine",
    "semaines",
    "semana",
    "semanas",
    "settimana",
    "settimane",
];

/// Words after an amount of time that make it past ("3 hours ago", "3 giorni fa"). English,
/// Italian.
pub const AGO_AFTER: &[&str] = &["ago", "fa"];

/// Words before an amount of time that make it past ("vor 3 Stunden", "hace 3 horas"). German,
/// Spanish. (French "il y a" is two words, matched where the list is read.)
pub const AGO_BEFORE: &[&str] = &["vor", "hace"];

/// The day before the fetch. English, German, Spanish, Italian.
pub const YESTERDAY: &[&str] = &["yesterday", "gestern", "ayer", "ieri"];

/// The day of the fetch. English, German, Spanish, Italian.
pub const TODAY: &[&str] = &["today", "heute", "hoy", "oggi"];

/// Words that end a name: dates, times and "ago" words ("Jane Doe 3 hours ago",
/// "Max Muster vor 2 Stunden", "Ana Pérez hace 13 horas"), read by `metadata::byline::authors`
/// as are the month and weekday words below. Spanish, English, German.
pub const TIME_WORDS: &[&str] = &[
    "hace", "ago", "vor", "datum", "date", "fecha", "uhr", "stand",
];

/// Month names and abbreviations (lower-case): in a byline, a month right before a number is
/// the start of a date. English, German, French, Spanish.
pub const MONTH_WORDS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "januar",
    "jänner",
    "februar",
    "märz",
    "mai",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "janvier",
    "février",
    "mars",
    "avril",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// Weekday names and their two-letter abbreviations (matched as written): they end a name
/// ("Tomas Spahn Fr, 18.10.2019"). English, German.
pub const WEEKDAY_WORDS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
    "Mon",
    "Tue",
    "Wed",
    "Thu",
    "Fri",
    "Sat",
    "Sun",
    "Mo",
    "Di",
    "Mi",
    "Do",
    "Fr",
    "Sa",
    "So",
];

/// Labels of dates that are not the page's, lower-case: a clock showing when the page was
/// generated (forum software prints "It is currently ..." on every page) and the day a
/// member joined, shown next to each forum post. Compared with a text's opening, ignoring
/// ASCII case (`labels_other_date` in `metadata::collect::date_candidates`). English, German,
/// French, Spanish, Dutch.
pub const OTHER_DATE_LABELS: &[&str] = &[
    "it is currently",
    "current time",
    "aktuelle zeit",
    "es ist jetzt",
    "nous sommes le",
    "fecha actual",
    "het is nu",
    "joined",
    "member since",
    "registered",
    "registriert",
    "mitglied seit",
    "dabei seit",
    "anmeldedatum",
    "inscrit le",
    "inscription",
    "registrado",
];

/// Class or id words of a dateline, lower-case substrings (`metadata::collect`). English,
/// German.
pub static DATELINE_CLASSES: NeedleSet = NeedleSet::new(DATELINE_CLASS_WORDS);

/// The words of [`DATELINE_CLASSES`].
pub(crate) const DATELINE_CLASS_WORDS: &[&str] =
    &["date", "datum", "publish", "posted", "dateline", "time"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::form::{assert_tidy, assert_tidy_lower};
    use crate::metadata::byline::authors::clean_author_names;
    use crate::metadata::collect::date_candidates::labels_other_date;
    use crate::metadata::time::labels::{DateLabel, date_label, publication_sentence};
    use crate::metadata::time::relative::parse_relative;
    use chrono::{TimeZone, Utc};

    #[test]
    fn lists_are_tidy_and_lower_case() {
        let lists: &[(&str, &[&str])] = &[
            ("PUBLISHED_LABELS", PUBLISHED_LABELS),
            ("UPDATED_LABELS", UPDATED_LABELS),
            ("PUBLICATION_WORDS", PUBLICATION_WORDS),
            ("MINUTE_WORDS", MINUTE_WORDS),
            ("HOUR_WORDS", HOUR_WORDS),
            ("DAY_WORDS", DAY_WORDS),
            ("WEEK_WORDS", WEEK_WORDS),
            ("AGO_AFTER", AGO_AFTER),
            ("AGO_BEFORE", AGO_BEFORE),
            ("YESTERDAY", YESTERDAY),
            ("TODAY", TODAY),
            ("TIME_WORDS", TIME_WORDS),
            ("MONTH_WORDS", MONTH_WORDS),
            ("OTHER_DATE_LABELS", OTHER_DATE_LABELS),
            ("DATELINE_CLASSES", DATELINE_CLASS_WORDS),
        ];
        for (name, list) in lists {
            assert_tidy_lower(name, list);
        }
        assert_tidy("WEEKDAY_WORDS", WEEKDAY_WORDS);
    }

    #[test]
    fn date_labels_do_not_catch_a_word_that_merely_starts_a_sentence() {
        assert_eq!(
            date_label("Postal workers strike on 3 May 2021"),
            DateLabel::None
        );
        assert_eq!(date_label("Updating the rules, 2021"), DateLabel::None);
    }

    #[test]
    fn publication_words_do_not_catch_prose_about_publishing() {
        let prose = "The ministry will publish its figures on 4 August 2014, a spokesman said.";
        assert_eq!(publication_sentence(prose), None);
    }

    #[test]
    fn relative_words_do_not_catch_an_amount_that_is_not_past() {
        let fetched = Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).single();
        let read = |text| fetched.and_then(|f| parse_relative(text, f));
        assert!(read("in 3 days").is_none());
        assert!(read("a 3 hours walk").is_none());
        assert!(read("Holidays in Oggiono").is_none());
    }

    #[test]
    fn month_and_weekday_words_do_not_cut_a_name_that_is_one() {
        assert_eq!(clean_author_names("By May Johnson"), ["May Johnson"]);
        assert_eq!(clean_author_names("By Mo Farah"), ["Mo Farah"]);
    }

    #[test]
    fn other_date_labels_do_not_catch_a_word_they_open() {
        assert!(!labels_other_date("Joint venture announced on 12.03.2021"));
        assert!(labels_other_date("Joined: 12.03.2021"));
    }

    #[test]
    fn dateline_classes_do_not_catch_a_headline_class() {
        assert!(!DATELINE_CLASSES.found_in("headline"));
        assert!(DATELINE_CLASSES.found_in("post-dateline"));
    }
}
