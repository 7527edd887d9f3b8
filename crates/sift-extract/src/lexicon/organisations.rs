//! Words that mark an organisation, an editorial desk or a wire service rather than a person:
//! a byline crediting one of them names no author.

/// Words that mark an organisation, desk or wire service rather than a person, lower-case, matched
/// as whole words by [`crate::metadata::byline::authors::is_organisation_name`] and by the
/// byline cleaning of that module. English, German, French, Spanish, Italian (legal forms such as
/// "GmbH", "Ltd", "e.V." included).
pub const ORGANISATION_WORDS: &[&str] = &[
    "redaktion",
    "redaktionen",
    "staff",
    "newsroom",
    "news",
    "agency",
    "agencies",
    "agentur",
    "agence",
    "nachrichtenagentur",
    "team",
    "desk",
    "editorial",
    "editors",
    "press",
    "presse",
    "media",
    "medien",
    "verlag",
    "online",
    "magazin",
    "magazine",
    "zeitung",
    "gmbh",
    "inc",
    "ltd",
    "llc",
    "kg",
    "ohg",
    "plc",
    "ag",
    "e.v",
    "ev",
    "verein",
    "association",
    "group",
    "gruppe",
    "associated",
    "admin",
    "administrator",
    "webmaster",
    "guest",
    "gast",
    "anonymous",
    "anonym",
    "unknown",
    "service",
    "services",
    "office",
    "büro",
    "bureau",
    "club",
    "partei",
    "blog",
    "community",
    "support",
    "marketing",
    "company",
    "solutions",
    "corporation",
    "foundation",
    "stiftung",
    "institut",
    "institute",
    "university",
    "universität",
    "ministerium",
    "ministry",
    "customs",
    "police",
    "polizei",
    "government",
    "department",
    "wire",
    "feed",
    "rss",
    "redazione",
    "rédaction",
    "redacción",
    "redaccion",
    "digital",
    "tv",
    "radio",
    "aktuell",
    "sport",
    "sports",
    "contributors",
    "editor",
    "writers",
    "pressemitteilung",
    "pressestelle",
    "communications",
    "kommunikation",
    "shop",
    "store",
    "network",
    "publisher",
    "user",
    "anónimo",
    "anonimo",
    "anonyme",
    "zvg",
    "kitchen",
    "kitchens",
    "family",
    "familie",
];

/// Words that name an editorial desk or a site's team rather than an outside organisation
/// (lower-case): "Redaktion", "PETA-Team", "Redacción Diario Ejemplo"; matched as whole
/// words by [`crate::metadata::byline::authors::is_desk_name`]. German, Italian, French, Spanish,
/// Portuguese, Dutch, Polish, English.
pub const DESK_WORDS: &[&str] = &[
    "redaktion",
    "redaktionen",
    "redazione",
    "rédaction",
    "redacción",
    "redaccion",
    "redação",
    "redactie",
    "redakcja",
    "newsroom",
    "desk",
    "team",
    "editorial",
];

/// Endings of a compound naming an editorial desk ("Onlineredaktion", "Sportredaktion"),
/// compared with a lower-cased word by [`crate::metadata::byline::authors::is_desk_name`].
/// German.
pub const DESK_ENDINGS: &[&str] = &["redaktion"];

/// Stems that make a single word a site's name rather than a user name ("SeglerBlog"),
/// searched for in the lower-cased word by `looks_like_user_name` in
/// `metadata::byline::authors`. English, German.
pub const SITE_NAME_STEMS: &[&str] = &["blog"];

/// News agencies and wire services by name (lower-case). Several are also people's names ("Sid
/// Meier", "Michael Bloomberg"), so one names the agency only as the whole name or written the
/// way agencies write themselves, all capitals or all lower-case ("SID", "dpa/AFP"), never as a
/// capitalised word of a longer name; see
/// [`crate::metadata::byline::authors::is_organisation_name`]. Proper names, no language.
pub const NEWS_AGENCIES: &[&str] = &[
    "dpa",
    "afp",
    "reuters",
    "ap",
    "apa",
    "sid",
    "kna",
    "epd",
    "ddp",
    "ansa",
    "efe",
    "upi",
    "bloomberg",
];

/// Word stems that make a compound an organisation ("Bundesverband", "Werbeagentur"): German
/// puts a compound's head last, so the stem must end the word, at most with a case or plural
/// ending ("Instituts", "Zeitungen"). A stem inside a word names nothing ("Thomas Kreuzer").
/// German (lower-case); read by [`crate::metadata::byline::authors::is_organisation_name`].
pub const ORGANISATION_STEMS: &[&str] = &[
    "anstalt",
    "agentur",
    "verband",
    "fraktion",
    "redaktion",
    "zeitung",
    "magazin",
    "verlag",
    "ministerium",
    "institut",
    "stiftung",
    "gesellschaft",
    "genossenschaft",
    "abteilung",
    "departement",
    "kommission",
    "behörde",
    "feuerwehr",
    "kreuz",
    "diakonie",
    "caritas",
];

/// Case and plural endings an [`ORGANISATION_STEMS`] head may carry ("Verbandes", "Zeitungen").
/// German; the empty ending is the bare stem.
pub const ORGANISATION_STEM_ENDINGS: &[&str] = &["", "s", "es", "e", "en", "n"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::form::assert_tidy_lower;
    use crate::metadata::byline::authors::{
        clean_author_field, is_desk_name, is_organisation_name,
    };

    #[test]
    fn lists_are_tidy_and_lower_case() {
        assert_tidy_lower("ORGANISATION_WORDS", ORGANISATION_WORDS);
        assert_tidy_lower("DESK_WORDS", DESK_WORDS);
        assert_tidy_lower("NEWS_AGENCIES", NEWS_AGENCIES);
        assert_tidy_lower("ORGANISATION_STEMS", ORGANISATION_STEMS);
        assert_tidy_lower("DESK_ENDINGS", DESK_ENDINGS);
        assert_tidy_lower("SITE_NAME_STEMS", SITE_NAME_STEMS);
        // The bare stem is an ending too: only the endings after it must be tidy.
        assert_eq!(ORGANISATION_STEM_ENDINGS.first(), Some(&""));
        assert_tidy_lower("ORGANISATION_STEM_ENDINGS", &ORGANISATION_STEM_ENDINGS[1..]);
    }

    #[test]
    fn organisation_words_do_not_catch_a_name_that_contains_one() {
        assert!(!is_organisation_name("Agnes Teamworth"));
        assert!(!is_organisation_name("Anna Pressler"));
    }

    #[test]
    fn desk_words_do_not_catch_a_name_that_contains_one() {
        assert!(!is_desk_name("Tina Teamster"));
        assert!(is_desk_name("Redaktion Berlin"));
    }

    #[test]
    fn desk_endings_do_not_catch_a_role_that_starts_with_one() {
        assert!(!is_desk_name("Redaktionsleiterin Jane Doe"));
        assert!(is_desk_name("Sportredaktion"));
    }

    #[test]
    fn site_name_stems_do_not_catch_a_user_name_that_resembles_one() {
        assert_eq!(clean_author_field("globetrotter"), ["globetrotter"]);
        assert_eq!(clean_author_field("SeglerBlog"), Vec::<String>::new());
    }

    #[test]
    fn agencies_do_not_catch_a_person_of_the_same_name() {
        assert!(!is_organisation_name("Sid Meier"));
        assert!(!is_organisation_name("Michael Bloomberg"));
        assert!(is_organisation_name("SID"));
    }

    #[test]
    fn stems_do_not_catch_a_name_that_holds_one_inside() {
        assert!(!is_organisation_name("Thomas Kreuzer"));
        assert!(is_organisation_name("Deutsches Rotes Kreuz"));
    }
}
