//! Class and id words of page chrome around an article: boilerplate widgets, ad slots,
//! teasers and lists of other stories. Templates name these in English, German or by the
//! vendor's name; the words are matched against lower-cased class and id tokens.

use crate::needles::NeedleSet;

/// Substrings that name a boilerplate widget even inside a compound token ("relatedposts"),
/// searched for in the joined class and id tokens by `content::prune`. English, German
/// ("kontakt"), and the names of widget vendors and plugins.
pub static BOILERPLATE_STEMS: NeedleSet = NeedleSet::new(BOILERPLATE_STEM_WORDS);

/// The words of [`BOILERPLATE_STEMS`].
const BOILERPLATE_STEM_WORDS: &[&str] = &[
    "newsletter",
    "breadcrumb",
    "sidebar",
    "related",
    "recommend",
    "social",
    "sharing",
    "sharebar",
    "advert",
    "sponsor",
    "subscribe",
    "outbrain",
    "taboola",
    "disqus",
    "pagination",
    "screenreader",
    "visuallyhidden",
    "sociable",
    "nextpost",
    "nextstory",
    "recirculation",
    "disclosure",
    "disclaimer",
    "copyright",
    "licence",
    "footer",
    // Author bio boxes: "author-box", "authorbio", "about-the-author", Simple Author Box.
    "authorbox",
    "authorbio",
    "aboutauthor",
    "abouttheauthor",
    "authorinfo",
    "authorcard",
    "authorprofile",
    "saboxplugin",
    // Post metadata lines ("postmetadata", "entrymeta"): date, categories, tags, comment count.
    "postmeta",
    "entrymeta",
    "contact",
    "kontakt",
    "appstore",
    "wishlist",
    // Jetpack's share and like buttons (`sharedaddy sd-like`).
    "sharedaddy",
];

/// Class/id stems of a list of other stories (related, recommended, next posts), searched for
/// in the joined class and id by `content::prune`. English.
pub static OTHER_STORIES_STEMS: NeedleSet = NeedleSet::new(OTHER_STORIES_STEM_WORDS);

/// The words of [`OTHER_STORIES_STEMS`].
const OTHER_STORIES_STEM_WORDS: &[&str] = &[
    "related",
    "recommend",
    "nextpost",
    "morestories",
    "readmore",
];

/// Class/id tokens of an advertisement slot. Templates also mark a content section that may
/// carry ads ("Section--Ads"), so a slot holding `AD_MAX_PROSE` (in `content::prune`) of
/// prose is content. Whole lower-case tokens; English, German.
pub const AD_TOKENS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "advertisement",
    "anzeige",
    "werbung",
];

/// Class/id tokens of a teaser: a card that links to another story. Only a teaser holding a
/// link is pruned: some CMSs also call the article's own lead "teaser" ("teaser-text"). Whole
/// lower-case tokens (`content::prune`); English, German.
pub const TEASER_TOKENS: &[&str] = &["teaser", "teasers"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::form::assert_tidy_lower;

    #[test]
    fn lists_are_tidy_and_lower_case() {
        assert_tidy_lower("BOILERPLATE_STEMS", BOILERPLATE_STEM_WORDS);
        assert_tidy_lower("OTHER_STORIES_STEMS", OTHER_STORIES_STEM_WORDS);
        assert_tidy_lower("AD_TOKENS", AD_TOKENS);
        assert_tidy_lower("TEASER_TOKENS", TEASER_TOKENS);
    }

    #[test]
    fn boilerplate_stems_do_not_catch_the_article_body() {
        assert!(!BOILERPLATE_STEMS.found_in("entrycontentarticlebody"));
        assert!(BOILERPLATE_STEMS.found_in("relatedposts"));
    }

    #[test]
    fn other_stories_stems_do_not_catch_the_story_itself() {
        assert!(!OTHER_STORIES_STEMS.found_in("storybodymaincontent"));
        assert!(OTHER_STORIES_STEMS.found_in("morestorieswidget"));
    }

    #[test]
    fn ad_and_teaser_tokens_are_whole_tokens_not_stems() {
        assert!(!AD_TOKENS.contains(&"adventure"));
        assert!(!TEASER_TOKENS.contains(&"teasertext"));
    }
}
