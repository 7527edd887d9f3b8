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

/// Class/id tokens (split on `-`, `_`, spaces) that name a boilerplate widget: share bars,
/// menus, sidebars, sign-up and rating boxes, bylines and other post metadata. Whole lower-case
/// tokens, compared by `widget_kind` in `content::prune`. English, and the names of widget
/// vendors.
pub const BOILERPLATE_TOKENS: &[&str] = &[
    "banner",
    "share",
    "sharing",
    "shares",
    "social",
    "socials",
    "sidebar",
    "related",
    "newsletter",
    "subscribe",
    "subscription",
    "breadcrumb",
    "breadcrumbs",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "skip",
    "promo",
    "sponsored",
    "recommended",
    "recommendations",
    "popular",
    "trending",
    "mostread",
    "pagination",
    "pager",
    "login",
    "signup",
    "modal",
    "popup",
    "overlay",
    "toolbar",
    "tags",
    "tagcloud",
    "taglist",
    "bio",
    "byline",
    "author",
    "meta",
    "outbrain",
    "taboola",
    "disqus",
    "masthead",
    "dateline",
    "carousel",
    "slider",
    "rating",
    "ratings",
    "cta",
    "affiliate",
    "donation",
    "donate",
];

/// Lower-case starts of a class name that name a widget of the page template ("widget",
/// "widget_text", "widget-area": WordPress sidebars and footers); page builders that merely
/// contain the word ("elementor-widget") wrap content and are not matched. Read by
/// `widget_kind` in `content::prune` and by `names_sidebar` in `content::score`. English.
pub const WIDGET_CLASS_PREFIXES: &[&str] = &["widget"];

/// A whole class word or id that names a sidebar, compared ignoring ASCII case by
/// `names_sidebar` in `content::score`. English.
pub const SIDEBAR_NAMES: &[&str] = &["sidebar"];

/// The class or id token of an element named for printing (`content::prune`): a print button
/// or link when short, chrome beside one of [`PRINT_CHROME_WORDS`]. English.
pub const PRINT_TOKENS: &[&str] = &["print"];

/// Words that, beside one of [`PRINT_TOKENS`] in one lower-case class word, mark page chrome
/// (`is_print_chrome` in `content::prune`): the element is kept off the printed page
/// ("no-print", "hide-for-print", "d-print-none"), or is the masthead or footer that only the
/// printed page shows ("print-header", "print-logo"). English.
pub const PRINT_CHROME_WORDS: &[&str] = &[
    "no", "not", "none", "hide", "hidden", "header", "footer", "logo",
];

/// Class or id words of a dialog, whole or as the last part ("b-dialog", "signup_modal"); a
/// word that starts with one names what lies under the dialog (Drupal's
/// "dialog-off-canvas-main-canvas" wraps the whole page). Lower-case, compared by `is_dialog`
/// in `content::prune`. English.
pub const DIALOG_WORDS: &[&str] = &["dialog", "modal"];

/// Whole class words of a dialog's close control (`<div class=close>`), compared ignoring
/// ASCII case among an element's children by `is_dialog` in `content::prune`. English.
pub const DIALOG_CLOSE_CLASSES: &[&str] = &["close"];

/// Class or id words of the site's chrome (footer, colophon, top bar), lower-case substrings
/// searched for ignoring ASCII case by `metadata::collect::regions`: its "by" lines credit
/// themes and designers, its dates are a clock. English.
pub static CHROME_CLASSES: NeedleSet = NeedleSet::new(CHROME_CLASS_WORDS);

/// The words of [`CHROME_CLASSES`].
const CHROME_CLASS_WORDS: &[&str] = &[
    "footer",
    "copyright",
    "colophon",
    "site-info",
    "navbar",
    "navtop",
    "topbar",
    "top-bar",
    "masthead",
];

/// Class or id words of a post's own parts, which make a chrome word the post's ("post-footer",
/// "entry-footer", "article-footer"); lower-case substrings searched for ignoring ASCII case
/// by `metadata::collect::regions`. English.
pub static POST_PART_CLASSES: NeedleSet = NeedleSet::new(POST_PART_CLASS_WORDS);

/// The words of [`POST_PART_CLASSES`].
const POST_PART_CLASS_WORDS: &[&str] = &["post", "entry", "article"];

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
        assert_tidy_lower("BOILERPLATE_TOKENS", BOILERPLATE_TOKENS);
        assert_tidy_lower("WIDGET_CLASS_PREFIXES", WIDGET_CLASS_PREFIXES);
        assert_tidy_lower("SIDEBAR_NAMES", SIDEBAR_NAMES);
        assert_tidy_lower("PRINT_TOKENS", PRINT_TOKENS);
        assert_tidy_lower("PRINT_CHROME_WORDS", PRINT_CHROME_WORDS);
        assert_tidy_lower("DIALOG_WORDS", DIALOG_WORDS);
        assert_tidy_lower("DIALOG_CLOSE_CLASSES", DIALOG_CLOSE_CLASSES);
        assert_tidy_lower("CHROME_CLASSES", CHROME_CLASS_WORDS);
        assert_tidy_lower("POST_PART_CLASSES", POST_PART_CLASS_WORDS);
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

    #[test]
    fn boilerplate_tokens_do_not_catch_a_content_token() {
        for token in ["shareholders", "content", "entry", "navigator", "metadata"] {
            assert!(!BOILERPLATE_TOKENS.contains(&token), "{token}");
        }
        assert!(BOILERPLATE_TOKENS.contains(&"share"));
    }

    #[test]
    fn widget_prefixes_do_not_catch_a_page_builder_wrapper() {
        let starts_widget =
            |class: &str| WIDGET_CLASS_PREFIXES.iter().any(|p| class.starts_with(p));
        assert!(!starts_widget("elementor-widget"));
        assert!(starts_widget("widget_text"));
        assert!(!SIDEBAR_NAMES.contains(&"has-sidebar"));
    }

    #[test]
    fn print_chrome_words_do_not_catch_content_styled_for_print() {
        let print_chrome = |word: &str| {
            let parts = || word.split(|c: char| !c.is_ascii_alphanumeric());
            parts().any(|w| PRINT_TOKENS.contains(&w))
                && parts().any(|w| PRINT_CHROME_WORDS.contains(&w))
        };
        assert!(!print_chrome("print-full"));
        assert!(!print_chrome("print-step"));
        assert!(!print_chrome("no-footer"));
        assert!(print_chrome("d-print-none"));
    }

    #[test]
    fn dialog_words_do_not_catch_the_wrapper_under_a_dialog() {
        let last = |word: &'static str| word.rsplit(['-', '_']).next().unwrap_or(word);
        assert!(!DIALOG_WORDS.contains(&last("dialog-off-canvas-main-canvas")));
        assert!(DIALOG_WORDS.contains(&last("signup_modal")));
        assert!(!DIALOG_CLOSE_CLASSES.contains(&"closed"));
    }

    #[test]
    fn chrome_classes_do_not_catch_a_post_of_its_own() {
        assert!(!CHROME_CLASSES.found_in_ignoring_ascii_case("site-main content-area"));
        assert!(CHROME_CLASSES.found_in_ignoring_ascii_case("Site-Footer"));
        assert!(POST_PART_CLASSES.found_in_ignoring_ascii_case("entry-footer"));
        assert!(!POST_PART_CLASSES.found_in_ignoring_ascii_case("site-footer"));
    }
}
