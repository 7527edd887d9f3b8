//! Class and id words naming parts of an article: its body and the main region around it, the
//! kicker over a headline, the lead, a picture's caption.

use crate::needles::NeedleSet;

/// Class words of a kicker: the topic line a site sets inside its `<h1>` before the headline
/// (German "Dachzeile", "Spitzmarke"), or a subtitle set in it; lower-case substrings of class
/// names (`metadata::collect::headings`). English, German.
pub static KICKER_CLASSES: NeedleSet = NeedleSet::new(KICKER_CLASS_WORDS);

/// The words of [`KICKER_CLASSES`].
const KICKER_CLASS_WORDS: &[&str] = &[
    "kicker",
    "dachzeile",
    "spitzmarke",
    "overline",
    "topline",
    "roofline",
    "eyebrow",
    "supertitle",
    "subtitle",
];

/// Class/id tokens that name an article's lead paragraph (or a recipe's ingredients) across
/// CMSs and languages, whole lower-case tokens (`content::lead`). English, French ("chapo"),
/// Spanish ("bajada"), German ("zutaten").
pub const LEAD_TOKENS: &[&str] = &[
    "lead",
    "leadtext",
    "intro",
    "introtext",
    "introduction",
    "standfirst",
    "summary",
    "excerpt",
    "abstract",
    "teaser",
    "chapo",
    "dek",
    "subtitle",
    "subheadline",
    "bajada",
    "ingredients",
    "zutaten",
];

/// Class tokens of a picture's caption, legend or credit line, compared ignoring ASCII case
/// (`content::blocks`). English, German.
pub const CAPTION_TOKENS: &[&str] = &["caption", "bildunterschrift", "legend", "credit", "credits"];

/// Class/id fragments that name an article body, searched for in the lower-cased class and id
/// with separators removed ("entry-content" → "entrycontent") by `declares_one_article` in
/// `content::score`; "hentry" is the hAtom microformat's one entry, which blog themes put on
/// the post's wrapper. English.
pub const BODY_NAMES: &[&str] = &[
    "articlebody",
    "articlecontent",
    "articletext",
    "postbody",
    "postcontent",
    "entrycontent",
    "storybody",
    "storycontent",
    "contentbody",
    "articleinner",
    "posttext",
    "blogpost",
    "hentry",
];

/// Class/id fragments of a page's main region, searched for like [`BODY_NAMES`] by
/// `declares_article_body` in `content::score`: a region that on many sites also holds teasers
/// and other stories, unlike an article body. English.
pub const MAIN_REGION_NAMES: &[&str] = &["maincontent"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::form::assert_tidy_lower;

    #[test]
    fn lists_are_tidy_and_lower_case() {
        assert_tidy_lower("KICKER_CLASSES", KICKER_CLASS_WORDS);
        assert_tidy_lower("LEAD_TOKENS", LEAD_TOKENS);
        assert_tidy_lower("CAPTION_TOKENS", CAPTION_TOKENS);
        assert_tidy_lower("BODY_NAMES", BODY_NAMES);
        assert_tidy_lower("MAIN_REGION_NAMES", MAIN_REGION_NAMES);
    }

    #[test]
    fn body_names_do_not_catch_a_teaser_or_the_comments() {
        let names_body = |joined: &str| BODY_NAMES.iter().any(|n| joined.contains(n));
        assert!(!names_body("articleteaser"));
        assert!(!names_body("postcomments"));
        assert!(!names_body("relatedarticles"));
        assert!(names_body("entrycontent"));
        assert!(
            !MAIN_REGION_NAMES
                .iter()
                .any(|n| "mainnavigation".contains(n))
        );
    }

    #[test]
    fn kicker_classes_do_not_catch_the_headline() {
        assert!(!KICKER_CLASSES.found_in("entry-title headline"));
        assert!(KICKER_CLASSES.found_in("headline__kicker"));
    }

    #[test]
    fn lead_and_caption_tokens_are_whole_tokens_not_stems() {
        assert!(!LEAD_TOKENS.contains(&"leaderboard"));
        assert!(!CAPTION_TOKENS.contains(&"legendary"));
    }
}
