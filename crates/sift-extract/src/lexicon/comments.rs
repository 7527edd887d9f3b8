//! Class and id words of reader comment sections, whose bylines and dates are the commenters'
//! and whose text is not the article's.

use crate::needles::NeedleSet;

/// Lower-case starts of a class/id token naming reader comments ("comments", "commentlist",
/// "kommentare"), read by `is_comment_token` in `content::prune` unless the token starts with
/// one of [`NOT_COMMENT_PREFIXES`]. English, German.
pub const COMMENT_TOKEN_PREFIXES: &[&str] = &["comment", "kommentare"];

/// Starts of a token that begins like a comment's and is none: "commentary", an article genre.
/// English.
pub const NOT_COMMENT_PREFIXES: &[&str] = &["commentar"];

/// Whole class/id tokens of a comment system, by its vendor's name (`content::prune`).
pub const COMMENT_TOKENS: &[&str] = &["disqus"];

/// Class or id words of a section of comments or related posts, whose bylines and dates are
/// not the article's: lower-case substrings searched for ignoring ASCII case by
/// `comments_section` in `metadata::collect::regions`. English.
pub static COMMENTS_OR_RELATED_CLASSES: NeedleSet = NeedleSet::new(COMMENTS_OR_RELATED_WORDS);

/// The words of [`COMMENTS_OR_RELATED_CLASSES`].
const COMMENTS_OR_RELATED_WORDS: &[&str] = &["comment", "related"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::form::assert_tidy_lower;

    #[test]
    fn lists_are_tidy_and_lower_case() {
        assert_tidy_lower("COMMENT_TOKEN_PREFIXES", COMMENT_TOKEN_PREFIXES);
        assert_tidy_lower("NOT_COMMENT_PREFIXES", NOT_COMMENT_PREFIXES);
        assert_tidy_lower("COMMENT_TOKENS", COMMENT_TOKENS);
        assert_tidy_lower("COMMENTS_OR_RELATED_CLASSES", COMMENTS_OR_RELATED_WORDS);
    }

    #[test]
    fn comment_prefixes_do_not_catch_a_commentary() {
        let names_comments = |token: &str| {
            COMMENT_TOKEN_PREFIXES.iter().any(|p| token.starts_with(p))
                && !NOT_COMMENT_PREFIXES.iter().any(|p| token.starts_with(p))
        };
        assert!(!names_comments("commentary"));
        assert!(!names_comments("kommentar"));
        assert!(names_comments("commentlist"));
        assert!(names_comments("kommentare"));
        assert!(!COMMENT_TOKENS.contains(&"disqusjs"));
    }

    #[test]
    fn comments_or_related_classes_do_not_catch_the_article() {
        assert!(
            !COMMENTS_OR_RELATED_CLASSES.found_in_ignoring_ascii_case("entry-content post-body")
        );
        assert!(COMMENTS_OR_RELATED_CLASSES.found_in_ignoring_ascii_case("CommentList"));
    }
}
