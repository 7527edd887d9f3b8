//! Words of an error page's title: a page whose title or first heading announces an HTTP error
//! is no article.

/// Phrases that announce a missing page anywhere in a lower-cased title or heading (read by
/// `announces_http_error` in the crate root). English, German, French.
pub const NOT_FOUND_PHRASES: &[&str] = &["not found", "nicht gefunden", "page introuvable"];

/// Words that stand beside a status code in an error title ("Error 404", "Fehler 404 - Seite"),
/// lower-case: a part of a title made of "404" and these alone announces an error. English,
/// German, French.
pub const STATUS_WORDS: &[&str] = &["error", "fehler", "erreur", "http", "oops", "page", "seite"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::announces_http_error;
    use crate::lexicon::form::assert_tidy_lower;

    #[test]
    fn lists_are_tidy_and_lower_case() {
        assert_tidy_lower("NOT_FOUND_PHRASES", NOT_FOUND_PHRASES);
        assert_tidy_lower("STATUS_WORDS", STATUS_WORDS);
    }

    #[test]
    fn status_words_do_not_catch_a_headline_opening_with_the_code() {
        assert!(!announces_http_error("404 jobs cut at plant"));
        assert!(!announces_http_error(
            "Page 404 of the court files | Example News"
        ));
        assert!(announces_http_error("Error 404 | Example News"));
    }
}
