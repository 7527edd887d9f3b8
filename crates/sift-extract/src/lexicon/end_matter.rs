//! Headings of the end matter after an article: about the author, contact, further reading,
//! related stories.

/// Headings (lower-cased prefixes) that open the end matter after an article: about the
/// author, contact, further reading, related stories; read by `opens_end_matter` in
/// `content::clean::sections`, after the article's last body paragraph only. English, German,
/// French, Spanish.
pub const END_SECTION_HEADINGS: &[&str] = &[
    "about the author",
    "über den autor",
    "über die autorin",
    "contact",
    "kontakt",
    "ansprechpartner",
    "weitere informationen",
    "mehr informationen",
    "zusatzinformationen",
    "more information",
    "additional information",
    "related",
    "read more",
    "read next",
    "more stories",
    "you may also like",
    "you might also like",
    "ähnliche beiträge",
    "ähnliche artikel",
    "verwandte beiträge",
    "weitere beiträge",
    "weitere artikel",
    "das könnte",
    "lesen sie auch",
    "schon gelesen",
    "mehr zum thema",
    "auch interessant",
    "vous aimerez aussi",
    "à lire aussi",
    "lire aussi",
    "te puede interesar",
    "noticias relacionadas",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::clean::sections::opens_end_matter;
    use crate::lexicon::form::assert_tidy_lower;

    #[test]
    fn list_is_tidy_and_lower_case() {
        assert_tidy_lower("END_SECTION_HEADINGS", END_SECTION_HEADINGS);
    }

    #[test]
    fn end_section_headings_do_not_catch_a_heading_that_only_contains_one() {
        assert!(!opens_end_matter("What the contact tracing app found"));
        assert!(!opens_end_matter("Das Konzert am Sonntag"));
        assert!(opens_end_matter("Das könnte Sie auch interessieren"));
    }
}
