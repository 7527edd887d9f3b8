//! Words of consent: cookie banners, privacy plugins that block an embed until the reader
//! agrees, and the class names such banners carry. Matched as substrings of lower-cased text.

use crate::needles::NeedleSet;

/// Substrings of a consent or cookie banner's class or id, lower-case: such a banner never wraps
/// the article, however much of the page's prose its policy text holds. Searched for in the
/// joined class and id tokens by `content::prune`. English, German ("dsgvo").
pub static CONSENT_STEMS: NeedleSet = NeedleSet::new(CONSENT_STEM_WORDS);

/// The words of [`CONSENT_STEMS`].
const CONSENT_STEM_WORDS: &[&str] = &[COOKIE, "consent", "gdpr", "dsgvo"];

/// The word every cookie notice holds (lower case), in any language that borrows it.
pub const COOKIE: &str = "cookie";

/// Words that, in a text mentioning cookies, make it a consent notice: the site, the browser, a
/// policy (`is_cookie_notice` in `content::clean::notices`). English, German.
pub const COOKIE_CONTEXT: &[&str] = &[
    "website",
    "site",
    "browser",
    "consent",
    "policy",
    "accept",
    "datenschutz",
];

/// Phrases saying that cookies are used, a consent notice even without [`COOKIE_CONTEXT`] ("we
/// use cookies", "korzystamy z cookies"). English, German, French, Spanish, Italian, Polish.
pub const USING_COOKIES: &[&str] = &[
    "use cookies",
    "uses cookies",
    "verwendung von cookies",
    "verwendet cookies",
    "verwenden cookies",
    "nutzt cookies",
    "setzt cookies",
    "utilise des cookies",
    "utilisons des cookies",
    "utiliza cookies",
    "utilizamos cookies",
    "usa cookies",
    "z cookies",
    "plików cookies",
];

/// Stems of privacy in the placeholder of a blocked embed (`is_embed_consent_notice` in
/// `content::clean::notices`, which needs one of these, one of [`EMBED_CONSENT_STEMS`] and one
/// of [`EMBED_LOADING_STEMS`]). English, German, French, Spanish.
pub const EMBED_PRIVACY_STEMS: &[&str] = &[
    "privacy",
    "personal data",
    "privatsphäre",
    "personenbezogen",
    "persönlichen daten",
    "persönliche daten",
    "datenschutz",
    "données personnelles",
    "datos personales",
];

/// Stems of agreeing or allowing in the placeholder of a blocked embed. English, German,
/// Spanish.
pub const EMBED_CONSENT_STEMS: &[&str] = &[
    "consent",
    "accept",
    "allow",
    "enable",
    "unblock",
    "einverst",
    "zustimm",
    "stimme",
    "akzeptier",
    "erlaub",
    "freischalt",
    "aktivier",
    "acepta",
];

/// Stems of loading or showing content in the placeholder of a blocked embed. English, German,
/// French, Spanish.
pub const EMBED_LOADING_STEMS: &[&str] = &[
    "content",
    "load",
    "display",
    "connection",
    "inhalt",
    "laden",
    "anzeig",
    "verbindung",
    "contenu",
    "contenido",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::clean::is_boilerplate_line;
    use crate::lexicon::form::assert_tidy_lower;

    #[test]
    fn lists_are_tidy_and_lower_case() {
        let lists: &[(&str, &[&str])] = &[
            ("CONSENT_STEMS", CONSENT_STEM_WORDS),
            ("COOKIE_CONTEXT", COOKIE_CONTEXT),
            ("USING_COOKIES", USING_COOKIES),
            ("EMBED_PRIVACY_STEMS", EMBED_PRIVACY_STEMS),
            ("EMBED_CONSENT_STEMS", EMBED_CONSENT_STEMS),
            ("EMBED_LOADING_STEMS", EMBED_LOADING_STEMS),
        ];
        for (name, list) in lists {
            assert_tidy_lower(name, list);
        }
    }

    #[test]
    fn consent_stems_do_not_catch_an_unrelated_class() {
        assert!(!CONSENT_STEMS.found_in("articlebodycontent"));
        assert!(CONSENT_STEMS.found_in("cookiebanner"));
    }

    #[test]
    fn cookie_words_do_not_catch_a_recipe() {
        assert!(!is_boilerplate_line(
            "Bake the cookies for twelve minutes, then let them cool on a wire rack."
        ));
    }

    #[test]
    fn embed_consent_stems_do_not_catch_prose_about_privacy() {
        assert!(!is_boilerplate_line(
            "The regulator said the company must allow users to delete personal data and \
             display a clear notice, after a two-year inquiry into its practices."
        ));
    }
}
