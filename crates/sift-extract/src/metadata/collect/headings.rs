//! `<h1>` candidates for the headline: the kicker set inside one, and headings that are the site's
//! logo or link home rather than a headline.

use super::MAX_TEXT_NODES;
use super::text::{collapse_whitespace, push_collapsed};
use crate::dom::{Document, NodeId};
use crate::lexicon::article_parts::KICKER_CLASSES;
use crate::lexicon::hiding::SCREEN_READER_CLASSES;
use crate::needles::NeedleSet;

/// An `<h1>`: all its text, and its headline without the kicker set in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub text: String,
    /// The text without a kicker ("<span class=\"kicker\">Klimaschutz</span><span>Bohren, bis
    /// es heiß wird</span>" → "Bohren, bis es heiß wird"); the whole text when it has none.
    pub headline: String,
}

/// Characters left at the edges of a headline once its kicker is dropped.
fn is_kicker_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '|' | '·' | '•' | '/')
}

/// The text of a heading without the elements its classes name a kicker (and the hidden
/// separators that go with one) and without a `<time>` set in it (a blog's date before its
/// title), when it has one of these and text besides.
pub(super) fn headline_without_kicker(doc: &Document, heading: NodeId) -> Option<String> {
    let mut out = String::new();
    let mut dropped = false;
    for (walked, d) in doc.descendants(heading).enumerate() {
        if walked > MAX_TEXT_NODES {
            return None;
        }
        let Some(t) = doc.text(d) else { continue };
        let within = |words: &NeedleSet| {
            doc.ancestors(d).take_while(|&a| a != heading).any(|a| {
                doc.element(a)
                    .is_some_and(|e| words.found_in(&e.class_and_id()))
            })
        };
        let in_time = doc
            .ancestors(d)
            .take_while(|&a| a != heading)
            .any(|a| doc.element(a).is_some_and(|e| e.is("time")));
        if in_time || within(&KICKER_CLASSES) {
            dropped = true;
        } else if !within(&SCREEN_READER_CLASSES) {
            out.push(' ');
            push_collapsed(&mut out, t);
        }
    }
    let headline = out.trim_matches(is_kicker_separator);
    (dropped && !headline.is_empty()).then(|| collapse_whitespace(headline))
}

/// An `<h1>` wrapping the site's logo (an image, at most its alt name as text): the page's
/// headline is a later `<h1>`.
pub(super) fn is_logo_heading(doc: &Document, h1: NodeId) -> bool {
    doc.descendants(h1).take(MAX_TEXT_NODES).any(|d| {
        doc.element(d)
            .is_some_and(|e| matches!(e.name, "img" | "svg"))
    })
}

/// An `<h1>` holding a link to the site's home page (`rel="home"`, or an address with no
/// path): the site's name set as a heading above its posts, not a headline.
pub(super) fn links_home(doc: &Document, h1: NodeId) -> bool {
    doc.descendants(h1).take(MAX_TEXT_NODES).any(|d| {
        doc.element(d).filter(|e| e.is("a")).is_some_and(|a| {
            a.attr("rel")
                .is_some_and(|r| r.split_ascii_whitespace().any(|r| r == "home"))
                || a.attr("href").is_some_and(is_home_address)
        })
    })
}

/// `/`, `https://example.com` or `https://example.com/`, also archived
/// (`https://web.archive.org/web/2008/http://example.com/`): an address with no path.
fn is_home_address(href: &str) -> bool {
    let href = href.trim().trim_end_matches('/');
    match href.rfind("://") {
        Some(i) => !href[i + 3..].contains('/'),
        None => href.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::Document;
    use crate::metadata::collect::collect;

    #[test]
    fn a_kicker_or_a_date_set_in_the_h1_is_no_part_of_its_headline() {
        let doc = Document::parse(
            r#"<h1><span class="article-heading__kicker">Klimaschutz</span><span
            class="visually-hidden">: </span><span>Bohren, bis es heiß wird</span></h1>
            <h1><span class="dachzeile">Interne Unterlagen</span> Daten gehackt</h1>
            <h1>Plain <b>headline</b></h1>
            <h1><a href="/post"><time datetime="2025-12-18">Dec 18 2025</time> A post</a></h1>"#,
        );
        let c = collect(&doc);
        let got: Vec<_> = c
            .h1s
            .iter()
            .map(|h| (h.text.as_str(), h.headline.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Klimaschutz : Bohren, bis es heiß wird",
                    "Bohren, bis es heiß wird"
                ),
                ("Interne Unterlagen Daten gehackt", "Daten gehackt"),
                ("Plain headline", "Plain headline"),
                ("Dec 18 2025 A post", "A post"),
            ]
        );
    }

    #[test]
    fn a_heading_linking_home_or_hidden_is_no_headline() {
        let doc = Document::parse(
            r#"<h1><a href="https://web.archive.org/web/2008/http://www.blog.de/">Blog</a></h1>
            <h1 id="site-title"><a href="/start" rel="home">Blog</a></h1>
            <h1>Was ist <a href="/wiki/Marketing">virales Marketing</a>?</h1>"#,
        );
        let c = collect(&doc);
        let h1s: Vec<_> = c.h1s.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(h1s, ["Was ist virales Marketing?"]);
        let hidden = Document::parse(
            r#"<h1 class="visuallyhidden">Beige</h1><h1 class="Article__title">Provence</h1>"#,
        );
        let c = collect(&hidden);
        let h1s: Vec<_> = c.h1s.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(h1s, ["Provence"]);
        assert!(is_home_address("/"));
        assert!(is_home_address("https://example.com"));
        assert!(!is_home_address("https://example.com/2008/07/post/"));
    }

    #[test]
    fn the_headline_is_the_first_h1_that_is_no_logo() {
        let doc = Document::parse(
            r#"<h1 class="logo"><a href="/"><img src="logo.png"><span>Site</span></a></h1>
            <p>Menu</p><h1>Headline</h1>"#,
        );
        let c = collect(&doc);
        let headline = doc.elements_named("h1").nth(1).map(|(id, _)| id);
        assert_eq!(c.first_h1, headline);
    }
}
