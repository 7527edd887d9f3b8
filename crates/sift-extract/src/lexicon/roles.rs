//! Words of roles in a byline: job titles and the other words at which a name ends, the
//! endings of compound job titles, and the participles that credit an editor, not an author.

/// Words at which a byline's name ends and which are never part of one (lower-case): job titles
/// and roles ("Staff Writer"), but also date and filing words ("updated", "am", "under"),
/// reading times and link labels ("min", "more", "profile"), social networks and actions
/// ("twitter", "share", "reply"), degrees ("phd", "dr") and joining words ("with", "in", "is").
/// A part made only of these is no name, and a name is cut where they start ("Jane Doe Staff
/// Writer", "Jane Doe in Berlin"). Read by `is_role` in `metadata::byline::authors`, as are
/// the lists below. Mostly English and German, with French, Spanish and Italian words.
pub const NAME_END_WORDS: &[&str] = &[
    "redakteur",
    "redakteurin",
    "redaktor",
    "korrespondent",
    "korrespondentin",
    "reporter",
    "reporterin",
    "journalist",
    "journalistin",
    "journalists",
    "autor",
    "autorin",
    "staff",
    "writer",
    "writers",
    "editor",
    "editors",
    "correspondent",
    "correspondents",
    "contributor",
    "contributors",
    "columnist",
    "senior",
    "chief",
    "associate",
    "managing",
    "political",
    "reporters",
    "photographer",
    "illustrator",
    "author",
    "under",
    "unter",
    "filed",
    "mitglied",
    "member",
    "ilustrator",
    "illustratorin",
    "fotograf",
    "fotografin",
    "foto",
    "fotos",
    "photo",
    "photos",
    "bild",
    "bilder",
    "video",
    "grafik",
    "rédacteur",
    "rédactrice",
    "journaliste",
    "envoyé",
    "spécial",
    "redactor",
    "redactora",
    "periodista",
    "corresponsal",
    "giornalista",
    "inviato",
    "updated",
    "aktualisiert",
    "published",
    "veröffentlicht",
    "am",
    "on",
    "um",
    "at",
    "le",
    "el",
    "il",
    "min",
    "minutes",
    "minuten",
    "read",
    "lesezeit",
    "mehr",
    "more",
    "alle",
    "all",
    "view",
    "zeige",
    "show",
    "anzeigen",
    "herausgeber",
    "herausgeberin",
    "hrsg",
    "articles",
    "artikel",
    "beiträge",
    "posts",
    "profile",
    "bio",
    "disclosure",
    "profil",
    "follow",
    "folgen",
    "email",
    "e-mail",
    "twitter",
    "facebook",
    "instagram",
    "linkedin",
    "kommentare",
    "comments",
    "comment",
    "share",
    "like",
    "likes",
    "reply",
    "tweet",
    "antworten",
    "teilen",
    "phd",
    "dr",
    "prof",
    "mit",
    "with",
    "für",
    "for",
    "in",
    "aus",
    "ist",
    "is",
    "de",
    "engineer",
    "developer",
    "entwickler",
    "consultant",
    "berater",
    "beraterin",
    "manager",
    "founder",
    "attorney",
    "lawyer",
    "expert",
    "reviewer",
    "gründer",
    "gründerin",
    "ceo",
    "inhaber",
    "inhaberin",
    "owner",
    "geschäftsführer",
    "student",
];

/// Endings of compound job titles ("Projektleiterin", "Pressesprecher", "Chefredakteur",
/// "Gastautorin"), lower-case; a compound needs a few letters before one. German.
pub const ROLE_ENDINGS: &[&str] = &[
    "anwalt",
    "anwältin",
    "leiter",
    "leiterin",
    "sprecher",
    "sprecherin",
    "referent",
    "referentin",
    "redakteur",
    "redakteurin",
    "korrespondent",
    "korrespondentin",
    "journalist",
    "journalistin",
    "direktor",
    "direktorin",
    "präsident",
    "präsidentin",
    "vorsitzender",
    "vorsitzende",
    "beauftragter",
    "beauftragte",
    "mitarbeiter",
    "mitarbeiterin",
    "expertin",
    "beraterin",
    "autor",
    "autorin",
    "reporter",
    "reporterin",
    "fotograf",
    "fotografin",
    "wissenschaftler",
    "wissenschaftlerin",
];

/// Participles that make the name after "by"/"von" an editor or translator, not the author
/// ("Edited by Jane Doe", "Übersetzt von Max Muster"), lower-case. English, German, French,
/// Spanish, Italian.
pub const EDITOR_WORDS: &[&str] = &[
    "edited",
    "compiled",
    "translated",
    "curated",
    "herausgegeben",
    "übersetzt",
    "bearbeitet",
    "traduit",
    "traducido",
    "tradotto",
];

/// Participles that credit a contributor other than the author ("Reviewed by Jane Doe",
/// "Updated by Jane Doe", "Aktualisiert von Max Muster"), lower-case: a name they credit is
/// dropped beside an author's, and is the byline's credit when no one else is named (a review
/// site's only byline). English, German.
pub const CONTRIBUTOR_WORDS: &[&str] = &[
    "aktualisiert",
    "fact-checked",
    "researched",
    "reviewed",
    "updated",
];

/// Courtesy and academic titles before a name ("Dr. Jane Doe", "Prof. Dr. Max Muster"): not
/// part of it, as a degree after it is not (lower-case, compared without their dots). English,
/// German.
pub const HONORIFICS: &[&str] = &["dr", "mr", "mrs", "ms", "prof"];

/// Date and filing prepositions that may follow a role ("Redakteur am 3. Mai", "filed under"):
/// a text holding one is not only roles (`is_role_only`). German, English, French, Spanish,
/// Italian.
pub const DATE_PREPOSITIONS: &[&str] = &[
    "am", "on", "um", "at", "le", "el", "il", "de", "in", "under", "unter", "filed",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::form::assert_tidy_lower;
    use crate::metadata::byline::authors::{clean_author_names, is_role_only};

    #[test]
    fn lists_are_tidy_and_lower_case() {
        assert_tidy_lower("NAME_END_WORDS", NAME_END_WORDS);
        assert_tidy_lower("ROLE_ENDINGS", ROLE_ENDINGS);
        assert_tidy_lower("EDITOR_WORDS", EDITOR_WORDS);
        assert_tidy_lower("DATE_PREPOSITIONS", DATE_PREPOSITIONS);
        assert_tidy_lower("HONORIFICS", HONORIFICS);
        assert_tidy_lower("CONTRIBUTOR_WORDS", CONTRIBUTOR_WORDS);
    }

    #[test]
    fn role_endings_do_not_catch_a_surname_ending_like_a_role() {
        assert!(!is_role_only("Schleiter"));
        assert!(is_role_only("Projektleiterin"));
    }

    #[test]
    fn name_end_words_do_not_catch_a_role_before_a_date() {
        assert!(!is_role_only("Redakteur am"));
        assert!(is_role_only("Staff Writer"));
    }

    #[test]
    fn a_contributor_is_dropped_beside_the_author_and_credited_alone() {
        assert_eq!(
            clean_author_names("By Shelby Loos, DVM. Reviewed by Molly Price, DVM"),
            ["Shelby Loos"]
        );
        assert_eq!(
            clean_author_names("Reviewed by Justin Doe, Trial Attorney at Doe & Roe"),
            ["Justin Doe"]
        );
        // Not a participle before an opener: a name, and a role that ends one.
        assert_eq!(
            clean_author_names("By Updike Reviewer"),
            Vec::<String>::new()
        );
        assert_eq!(clean_author_names("By Anna Reviewed"), ["Anna Reviewed"]);
    }

    #[test]
    fn a_credential_run_on_into_a_repeated_name_adds_no_name() {
        assert_eq!(
            clean_author_names("Jane Doe, MS, RD, FAND Jane Doe, MS, RD, FAND"),
            ["Jane Doe"]
        );
        assert_eq!(
            clean_author_names("Jane Doe and Anna Jane Doe"),
            ["Jane Doe", "Anna Jane Doe"]
        );
    }

    #[test]
    fn link_labels_beside_a_name_are_no_name() {
        assert!(clean_author_names("Full Bio").is_empty());
        assert_eq!(
            clean_author_names("Mike Doe, Advertiser Disclosure"),
            ["Mike Doe"]
        );
        assert_eq!(clean_author_names("By Biola Doe"), ["Biola Doe"]);
    }

    #[test]
    fn honorifics_before_a_name_are_dropped_and_catch_no_name() {
        assert_eq!(clean_author_names("By Dr. Jane Doe"), ["Jane Doe"]);
        assert_eq!(clean_author_names("Prof. Dr. Max Muster"), ["Max Muster"]);
        assert_eq!(clean_author_names("Drew Doe"), ["Drew Doe"]);
        assert_eq!(clean_author_names("Mrsa Proffitt"), ["Mrsa Proffitt"]);
    }

    #[test]
    fn editor_words_keep_an_editor_from_passing_for_the_author() {
        assert!(clean_author_names("Edited by Jane Doe").is_empty());
        assert_eq!(clean_author_names("By Jane Doe"), ["Jane Doe"]);
    }
}
