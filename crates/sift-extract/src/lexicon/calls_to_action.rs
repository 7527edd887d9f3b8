//! Calls to action: the words of subscription and paywall notices, app and newsletter
//! promotion, "follow us" and donation appeals, and the words by which a text speaks to its
//! reader.

/// Words that name what the reader is asked to do, compared as lower-cased word prefixes; read by
/// `is_reader_prompt` in `content::prompt`, as are the lists below. By language:
pub const ACTION_STEMS: &[&str] = &[
    // English
    "subscri",
    "newsletter",
    "download",
    "signing",
    "paywall",
    "donat",
    // German
    "abonn",
    "herunterlad",
    "einlogg",
    "eingeloggt",
    "unterstütz",
    "mitmach",
    "bezahlschranke",
    // French
    "inscri",
    "connectez",
    "télécharg",
    "suivez",
    "soutenez",
    "partagez",
    // Spanish, Portuguese
    "suscri",
    "únete",
    "unete",
    "síguenos",
    "siguenos",
    "descarg",
    "assine",
    "baixe",
    "apoie",
];

/// Whole words that name a reader action but would match too much as prefixes ("supporting"
/// but not "support", which German borrows as a noun: "der Remote Support"). English, German
/// ("abo", "teilen"), French ("compte"), Portuguese ("siga").
pub const ACTION_WORDS: &[&str] = &[
    "app",
    "apps",
    "follow",
    "join",
    "login",
    "sign",
    "supporting",
    "abo",
    "teilen",
    "compte",
    "siga",
];

/// Second-person words: the text speaks to the reader (the formal German forms apart, below);
/// also read by `speaks_to_reader`. By language:
pub const READER_WORDS: &[&str] = &[
    // English
    "you", "your", "yours", "yourself", // German (informal)
    "du", "dich", "dir", "dein", "deine", "deinen", "deinem", "deiner", "euch", "euer", "eure",
    "euren", // French
    "vous", "votre", "vos", "tu", "ton", // Spanish, Portuguese
    "tú", "tus", "usted", "você", "vocês",
];

/// Words that name the publisher's own offer ("our newsletter") or ask politely. English,
/// German, French, Spanish, Portuguese.
pub const OFFER_WORDS: &[&str] = &[
    "our", "please", "bitte", "unser", "unsere", "unseren", "unserem", "unserer", "notre",
    "nuestro", "nuestra", "nosso", "nossa",
];

/// The formal German address, told from "sie" (they) and "ihr" (her) by its capital where no
/// sentence starts: the one list here written with capitals. German.
pub const FORMAL_ADDRESS_WORDS: &[&str] =
    &["Sie", "Ihnen", "Ihr", "Ihre", "Ihren", "Ihrem", "Ihrer"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::prompt::is_reader_prompt;
    use crate::lexicon::form::{assert_tidy, assert_tidy_lower};

    #[test]
    fn lists_are_tidy_and_lower_case_but_the_formal_address() {
        assert_tidy_lower("ACTION_STEMS", ACTION_STEMS);
        assert_tidy_lower("ACTION_WORDS", ACTION_WORDS);
        assert_tidy_lower("READER_WORDS", READER_WORDS);
        assert_tidy_lower("OFFER_WORDS", OFFER_WORDS);
        assert_tidy("FORMAL_ADDRESS_WORDS", FORMAL_ADDRESS_WORDS);
    }

    #[test]
    fn action_stems_do_not_catch_a_report_of_the_action() {
        assert!(!is_reader_prompt(
            "Die Gewerkschaft will die Forderung der Pflegekräfte unterstützen."
        ));
    }

    #[test]
    fn formal_address_does_not_catch_they_opening_a_sentence() {
        assert!(!is_reader_prompt(
            "Die Eltern sind besorgt. Sie unterstützen die Forderung der Lehrer."
        ));
    }
}
