//! Words of bylines: the class names of byline elements, the openers, labels and preambles
//! before an author's name, the words joining names, the particles inside a name, the labels of
//! picture credits, and the kinds of piece a byline names.

use crate::needles::NeedleSet;

/// Class or id words of a byline, lower-case substrings (`metadata::collect`). English,
/// German.
pub static BYLINE_CLASSES: NeedleSet = NeedleSet::new(BYLINE_CLASS_WORDS);

/// The words of [`BYLINE_CLASSES`].
pub(crate) const BYLINE_CLASS_WORDS: &[&str] =
    &["byline", "author", "autor", "verfasser", "contributor"];

/// Class or id words of an author's picture or bio box, which holds no byline; lower-case
/// substrings (`metadata::collect`). English.
pub static NOT_BYLINE_CLASSES: NeedleSet = NeedleSet::new(NOT_BYLINE_CLASS_WORDS);

/// The words of [`NOT_BYLINE_CLASSES`].
const NOT_BYLINE_CLASS_WORDS: &[&str] = &[
    "bio",
    "avatar",
    "image",
    "img",
    "photo",
    "about-author",
    "authorbox",
];

/// Words joining the names of a byline written as separate elements, compared ignoring ASCII
/// case (`extend_by_line` in `metadata::collect::bylines`). German, English, French, Spanish,
/// Italian and Portuguese ("e").
pub const NAME_JOINS: &[&str] = &["und", "and", "&", ",", "et", "y", "e", "sowie"];

/// Openers of a byline, lower-case ("By Jane Doe", "von Max Muster", "Par Jean Dupont"), read by
/// `metadata::collect::bylines` as are the lists below. English, German, French, Spanish, Dutch.
pub const BYLINE_OPENERS: &[&str] = &["by", "von", "par", "por", "door"];

/// Author labels that open a byline even without a colon ("Autor Max Muster"), lower-case.
/// German, English, French.
pub const BARE_AUTHOR_LABELS: &[&str] = &[
    "autor",
    "autorin",
    "autoren",
    "author",
    "authors",
    "auteur",
    "verfasser",
    "verfasserin",
];

/// Author labels that need a colon ("Text:", "记者："): "Text" and "Redaktion" are too often
/// words of a sentence or a menu. Chinese, English, German, French.
pub const COLON_AUTHOR_LABELS: &[&str] = &[
    "作者",
    "编辑",
    "责任编辑",
    "记者",
    "text",
    "texte",
    "redaktion",
];

/// Words before an opener in a byline ("Posted by", "Ein Artikel von", "Publié par"),
/// lower-case. English, German, French, Spanish, Italian.
pub const BYLINE_PREAMBLE: &[&str] = &[
    "posted",
    "written",
    "geschrieben",
    "verfasst",
    "erstellt",
    "eingestellt",
    "gespeichert",
    "veröffentlicht",
    "gepostet",
    "ein",
    "eine",
    "artikel",
    "beitrag",
    "blog",
    "blogbeitrag",
    "story",
    "article",
    "interview",
    "text",
    "texte",
    "publié",
    "écrit",
    "publicado",
    "publicada",
    "escrito",
    "escrita",
    "scritto",
    "pubblicato",
];

/// Kinds of piece a byline's preamble names ("Eine Kolumne von Jane Doe", "A column by Jane
/// Doe"), lower-case. Comments are left out: "Kommentar von" heads a reader's comment as often
/// as an op-ed. Read by `metadata::byline::authors` and `metadata::collect::bylines`. German,
/// English, French, Spanish.
pub const PIECE_WORDS: &[&str] = &[
    "kolumne",
    "column",
    "gastbeitrag",
    "gastkommentar",
    "essay",
    "reportage",
    "rezension",
    "review",
    "analyse",
    "analysis",
    "glosse",
    "bericht",
    "report",
    "feature",
    "chronique",
    "tribune",
    "columna",
    "crónica",
    "reportaje",
];

/// Words that introduce a byline, lower-case; removed from the start of a name when
/// `metadata::byline::authors` cleans one (as are the lists below read there). Wider than
/// [`BYLINE_OPENERS`], which decides whether a visible text is a byline at all. English, German,
/// French, Spanish, Italian, Portuguese, Dutch, Chinese.
pub const BYLINE_WORDS: &[&str] = &[
    "by",
    "von",
    "vom",
    "par",
    "por",
    "door",
    "di",
    "da",
    "from",
    "written",
    "posted",
    "author",
    "authors",
    "autor",
    "autorin",
    "autoren",
    "auteur",
    "text",
    "texte",
    "reporting",
    "story",
    "words",
    "geschrieben",
    "verfasst",
    "redigiert",
    "publié",
    "publicado",
    "pubblicato",
    "scritto",
    "作者",
    "编辑",
    "责任编辑",
    "记者",
];

/// Openers that may stand inside a byline, after a preamble ("Posted on 3 May by Jane Doe",
/// "Ein Artikel von Max Muster"). "von" only counts after a preamble word or a number, since
/// it is also a name particle. English, French, Spanish, Dutch.
pub const INNER_OPENERS: &[&str] = &["by", "par", "por", "door"];

/// Words that precede an inner "von"/"by" in a byline's preamble (lower-case), when a name is
/// cleaned; [`BYLINE_PREAMBLE`] is its counterpart for finding a visible byline. German, English.
pub const PREAMBLE_WORDS: &[&str] = &[
    "erstellt",
    "eingestellt",
    "gespeichert",
    "beitrag",
    "beiträge",
    "artikel",
    "posts",
    "articles",
    "gepostet",
    "veröffentlicht",
    "publiziert",
    "geteilt",
    "ein",
    "eine",
    "interview",
    "edited",
    "published",
    "updated",
    "uhr",
];

/// Lower-case particles allowed inside a name ("Ursula von der Leyen"). German, Dutch, French,
/// Spanish, Italian, Portuguese, Arabic.
pub const NAME_PARTICLES: &[&str] = &[
    "von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la", "zu", "ten",
    "ter", "bin", "al", "el", "y", "dos", "das",
];

/// Labels that credit pictures, not text: a byline labelled only with these names no author
/// ("Fotos: Jane Doe"); after a name they end it. German, English.
pub const PHOTO_WORDS: &[&str] = &[
    "foto",
    "fotos",
    "photo",
    "photos",
    "bild",
    "bilder",
    "grafik",
    "video",
    "illustration",
    "kamera",
    "camera",
    "images",
    "image",
    "credit",
    "credits",
    "bildquelle",
    "quelle",
    "source",
];

/// Words joining the names of one byline string, with the spaces around them, found by
/// `split_names` in `metadata::byline::authors` as written (case-sensitive, hence the capital
/// forms): "Jane Doe and John Roe", "Jane Doe im Gespräch mit John Roe" (an interview's guest
/// and host). English, German, French, Spanish, Italian and Portuguese ("e").
pub const NAME_SPLIT_JOINS: &[&str] = &[
    " and ",
    " und ",
    " et ",
    " y ",
    " e ",
    " AND ",
    " UND ",
    " And ",
    // An interview's guest and host: "Jane Doe im Gespräch mit John Roe".
    " im Gespräch mit ",
    " in conversation with ",
    " en conversation avec ",
    " en conversación con ",
];

/// First words of a visible byline line that say outright it names the author ("Posted by
/// jdoe", "Written by"), so that a single user name is kept (`clean_by_line` in
/// `metadata::byline::authors`). English.
pub const AUTHOR_PREAMBLE_VERBS: &[&str] = &["posted", "written"];

/// Indefinite articles, which open a byline's preamble ("Ein Artikel von", "Eine Kolumne von")
/// without saying outright that a user name follows (`clean_by_line` in
/// `metadata::byline::authors`). German.
pub const INDEFINITE_ARTICLES: &[&str] = &["ein", "eine"];

/// Openers that are also name particles ("Von Olga", "Ursula von der Leyen"): an opener only
/// when capitalised, or after a date, a preamble or a byline word (`metadata::byline::authors`).
/// German.
pub const PARTICLE_OPENERS: &[&str] = &["von"];

/// Words joining label words ("Text & Fotos:"). German, English, French, Spanish, and signs.
pub const LABEL_JOINS: &[&str] = &["&", "und", "and", "+", "/", "et", "y"];

/// Definite articles that open the name of a publication ("Die Tagespresse", "El Colombiano"),
/// never a person's: a name spelling a site's host that opens with one names the site, not its
/// owner. English, German, Spanish, French, Italian, Dutch. Not "le", "les", "lo", "de": they
/// open people's names ("Les Paul", "Le Minh Anh", "Lo Kwok-wai", "De Niro").
pub const PUBLICATION_ARTICLES: &[&str] = &[
    "das", "der", "die", "el", "het", "il", "la", "las", "los", "the",
];

/// Articles that open a teaser's title after its date ("12.01.2020 - Die Liste"), not a name;
/// compared with the capitalised first word. English, German.
pub const TITLE_ARTICLES: &[&str] = &["The", "A", "An", "Der", "Die", "Das", "Ein", "Eine"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::form::{assert_tidy, assert_tidy_lower};
    use crate::metadata::byline::authors::{clean_author_field, clean_author_names, clean_by_line};
    use crate::metadata::collect::bylines::{by_line_text, dated_byline};

    #[test]
    fn lists_are_tidy_and_lower_case_but_title_articles() {
        let lists: &[(&str, &[&str])] = &[
            ("BYLINE_CLASSES", BYLINE_CLASS_WORDS),
            ("NOT_BYLINE_CLASSES", NOT_BYLINE_CLASS_WORDS),
            ("NAME_JOINS", NAME_JOINS),
            ("BYLINE_OPENERS", BYLINE_OPENERS),
            ("BARE_AUTHOR_LABELS", BARE_AUTHOR_LABELS),
            ("COLON_AUTHOR_LABELS", COLON_AUTHOR_LABELS),
            ("BYLINE_PREAMBLE", BYLINE_PREAMBLE),
            ("PIECE_WORDS", PIECE_WORDS),
            ("BYLINE_WORDS", BYLINE_WORDS),
            ("INNER_OPENERS", INNER_OPENERS),
            ("PREAMBLE_WORDS", PREAMBLE_WORDS),
            ("NAME_PARTICLES", NAME_PARTICLES),
            ("PHOTO_WORDS", PHOTO_WORDS),
            ("LABEL_JOINS", LABEL_JOINS),
            ("AUTHOR_PREAMBLE_VERBS", AUTHOR_PREAMBLE_VERBS),
            ("INDEFINITE_ARTICLES", INDEFINITE_ARTICLES),
            ("PARTICLE_OPENERS", PARTICLE_OPENERS),
            ("PUBLICATION_ARTICLES", PUBLICATION_ARTICLES),
        ];
        for (name, list) in lists {
            assert_tidy_lower(name, list);
        }
        assert_tidy("TITLE_ARTICLES", TITLE_ARTICLES);
    }

    #[test]
    fn publication_articles_open_no_persons_name() {
        for name in [
            "Les Paul",
            "Le Minh Anh",
            "Lo Kwok-wai",
            "De Niro",
            "Dana Lee",
        ] {
            let first = name.split(' ').next().unwrap_or_default().to_lowercase();
            assert!(!PUBLICATION_ARTICLES.contains(&first.as_str()), "{name}");
        }
    }

    #[test]
    fn name_split_joins_are_words_between_single_spaces() {
        let words: Vec<&str> = NAME_SPLIT_JOINS
            .iter()
            .map(|j| {
                let inner = j.strip_prefix(' ').and_then(|j| j.strip_suffix(' '));
                inner.unwrap_or_else(|| panic!("NAME_SPLIT_JOINS: {j:?} lacks its spaces"))
            })
            .collect();
        assert_tidy("NAME_SPLIT_JOINS", &words);
    }

    #[test]
    fn name_split_joins_do_not_catch_a_name_that_contains_one() {
        assert_eq!(clean_author_names("By Andrea Etter"), ["Andrea Etter"]);
        assert_eq!(clean_author_names("Randy Andersen"), ["Randy Andersen"]);
        assert_eq!(
            clean_author_names("Jane Doe and John Roe"),
            ["Jane Doe", "John Roe"]
        );
    }

    #[test]
    fn preamble_verbs_and_articles_do_not_catch_a_word_that_starts_like_one() {
        // Said outright, the line would keep "Postmaster" as a user name.
        assert_eq!(clean_by_line("Postmaster 2019"), Vec::<String>::new());
        assert_eq!(clean_by_line("Posted by jdoe99"), ["jdoe99"]);
        assert_eq!(clean_by_line("Eingestellt von rasos"), ["rasos"]);
    }

    #[test]
    fn particle_openers_do_not_catch_a_particle_inside_a_name() {
        assert_eq!(
            clean_author_field("Ursula von der Leyen"),
            ["Ursula von der Leyen"]
        );
        assert_eq!(clean_by_line("Seite 1 von 3"), Vec::<String>::new());
        assert_eq!(clean_by_line("06.11.2023 13:30 von Olga"), ["Olga"]);
    }

    #[test]
    fn byline_classes_do_not_catch_a_class_that_only_resembles_one() {
        assert!(!BYLINE_CLASSES.found_in("contribution-form"));
        assert!(!NOT_BYLINE_CLASSES.found_in("byline-name"));
    }

    #[test]
    fn openers_and_labels_do_not_catch_a_sentence_opening_with_one() {
        assert_eq!(by_line_text("Byron Bay floods again", None), None);
        assert_eq!(by_line_text("Text messages reveal the plan", None), None);
        assert_eq!(by_line_text("Posted letters arrive late", None), None);
    }

    #[test]
    fn title_articles_keep_a_dated_teaser_from_passing_for_a_byline() {
        assert_eq!(dated_byline("12.01.2020 - Die Liste", 5, Some(1)), None);
        assert!(dated_byline("12.01.2020 - Jane Doe", 5, Some(1)).is_some());
    }

    #[test]
    fn byline_words_do_not_catch_a_name_that_opens_like_one() {
        assert_eq!(clean_author_names("By Fromm Weber"), ["Fromm Weber"]);
        assert_eq!(clean_author_names("Von Byrne Textor"), ["Byrne Textor"]);
    }

    #[test]
    fn photo_words_do_not_catch_a_name_that_starts_like_one() {
        assert_eq!(
            clean_author_names("By Jane Fotheringham"),
            ["Jane Fotheringham"]
        );
        assert_eq!(
            clean_by_line("Text: Jane Doe, Fotos: John Roe"),
            ["Jane Doe"]
        );
    }

    #[test]
    fn name_particles_keep_a_name_whole() {
        assert_eq!(
            clean_author_names("By Ursula von der Leyen"),
            ["Ursula von der Leyen"]
        );
    }
}
