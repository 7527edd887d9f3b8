//! Where a node stands on the page: in the site's chrome (header, menus, footer), in a comment
//! section, in a quote, or in a link to another page. The answers for ancestors are memoised.

use super::Candidates;
use super::text::{bounded_text, is_inline};
use crate::dom::{Document, Element, NodeId};
use crate::lexicon::comments::COMMENTS_OR_RELATED_CLASSES;
use crate::lexicon::page_chrome::{CHROME_CLASSES, POST_PART_CLASSES};
use std::cell::Cell;

/// Whether an element names page chrome or a comment section, found out on first use: the
/// texts of one header, footer or comment list all ask about the same ancestors.
#[derive(Debug, Default)]
pub(super) struct RegionMemo {
    chrome: Vec<Cell<Option<bool>>>,
    comments: Vec<Cell<Option<bool>>>,
}

impl RegionMemo {
    pub(super) fn new(nodes: usize) -> Self {
        RegionMemo {
            chrome: vec![Cell::new(None); nodes],
            comments: vec![Cell::new(None); nodes],
        }
    }

    /// `test`'s answer for `id`, computed once.
    fn remember(memo: &[Cell<Option<bool>>], id: NodeId, test: impl FnOnce() -> bool) -> bool {
        let cell = &memo[id as usize];
        cell.get().unwrap_or_else(|| {
            let answer = test();
            cell.set(Some(answer));
            answer
        })
    }
}

/// Inside the page's footer, navigation bar, site header or an aside, outside any `<article>`:
/// its "by" lines credit themes, designers and other posts ("Theme by ThemeGrill", "Website by
/// Dots United"), and its dates are a clock of the day the page was served (a newspaper's
/// edition date by its logo). The ARIA landmarks `banner`, `navigation` and `contentinfo` name
/// the site's header, menus and footer whatever their markup.
pub(super) fn in_page_chrome(doc: &Document, id: NodeId, regions: &RegionMemo) -> bool {
    let mut chrome = false;
    for a in doc.ancestors(id).take(40) {
        let Some(e) = doc.element(a) else { continue };
        if e.is("article") {
            return false;
        }
        chrome = chrome || RegionMemo::remember(&regions.chrome, a, || names_chrome(e));
    }
    chrome
}

/// A footer, navigation bar or aside, by its tag, landmark role, class or id.
fn names_chrome(e: Element<'_>) -> bool {
    matches!(e.name, "footer" | "nav" | "aside")
        || e.attr("role")
            .is_some_and(|r| matches!(r, "banner" | "navigation" | "contentinfo"))
        || ["class", "id"]
            .iter()
            .filter_map(|k| e.attr(k))
            .any(is_chrome_class)
}

/// A class or id naming page chrome ("site-footer"), not a post's own footer ("post-footer",
/// "entry-footer", "article-footer").
fn is_chrome_class(value: &str) -> bool {
    CHROME_CLASSES.found_in_ignoring_ascii_case(value)
        && !POST_PART_CLASSES.found_in_ignoring_ascii_case(value)
}

/// The comment section `id` is in, if any (its bylines and dates belong to commenters): the
/// nearest ancestor whose class or id names comments or related posts. Classes of `<html>` and
/// `<body>` describe the whole page ("pageLayout--related", "comments-open"), not a section.
pub(super) fn comments_section(doc: &Document, id: NodeId, regions: &RegionMemo) -> Option<NodeId> {
    doc.ancestors(id).take(40).find(|&a| {
        RegionMemo::remember(&regions.comments, a, || {
            doc.element(a).is_some_and(|e| {
                !matches!(e.name, "html" | "body")
                    && ["class", "id"]
                        .iter()
                        .filter_map(|k| e.attr(k))
                        .any(|v| COMMENTS_OR_RELATED_CLASSES.found_in_ignoring_ascii_case(v))
            })
        })
    })
}

/// A date inside `section` (see [`comments_section`]) is a commenter's unless the section holds
/// the page's headline: then it is the article itself, named for its genre (an opinion piece's
/// "ArticleHeaderComment"), and its dateline is the page's. Bylines keep the plain test: a
/// commentary's header names its author the same way a comment does.
pub(super) fn dates_a_comment(doc: &Document, section: NodeId, h1: Option<NodeId>) -> bool {
    !h1.is_some_and(|h| doc.ancestors(h).take(40).any(|a| a == section))
}

/// Ancestors searched for the link a date sits in.
const MAX_LINK_DEPTH: usize = 8;

/// Inside a link to another page than this one (by its canonical URL or `og:url`): a teaser's
/// date dates the page it links to. A permalink around the post's own date links here.
pub(super) fn in_link_elsewhere(doc: &Document, id: NodeId, c: &Candidates<'_>) -> bool {
    let Some(page) = c.canonical_link.or_else(|| c.meta.get("og:url")) else {
        return false;
    };
    doc.ancestors(id)
        .take(MAX_LINK_DEPTH)
        .filter_map(|a| doc.element(a))
        .find(|e| e.is("a"))
        .and_then(|a| a.attr("href"))
        .is_some_and(|href| links_to_another_page(href, page))
}

/// `href` names another page than `page`: their paths differ (scheme, host, query, fragment and
/// a trailing slash aside). A relative `href` is compared by its last path segment; an empty
/// one, a fragment or a script stays on the page.
fn links_to_another_page(href: &str, page: &str) -> bool {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') || href.starts_with("javascript:") {
        return false;
    }
    let (href_path, page_path) = (url_path(href), url_path(page));
    if href_path.starts_with('/') {
        return href_path != page_path;
    }
    last_segment(href_path) != last_segment(page_path)
}

fn last_segment(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or_default()
}

/// The path of a URL without its query, fragment and trailing slash.
fn url_path(url: &str) -> &str {
    let url = url.split(['#', '?']).next().unwrap_or_default();
    let path = if let Some(i) = url.find("://") {
        after_host(&url[i + 3..])
    } else if let Some(rest) = url.strip_prefix("//") {
        after_host(rest)
    } else {
        url
    };
    path.trim_end_matches('/')
}

/// What follows the host in `host/path`.
fn after_host(rest: &str) -> &str {
    rest.find('/').map_or("", |i| &rest[i..])
}

/// Inside a `<blockquote>`: an embedded post (tweet, Instagram) carries its own date.
pub(super) fn in_quote(doc: &Document, id: NodeId) -> bool {
    doc.ancestors(id)
        .take(40)
        .any(|a| doc.element(a).is_some_and(|e| e.is("blockquote")))
}

/// Whether the text node `id` is a piece of a sentence: its paragraph (the `<p>` above its
/// inline elements) holds more than `max_chars` of text. "By integrating <a>our tool</a>, the
/// team ..." in running prose opens like a byline and is none.
pub(super) fn in_prose(doc: &Document, id: NodeId, max_chars: usize) -> bool {
    doc.ancestors(id)
        .find(|&a| doc.element(a).is_none_or(|e| !is_inline(e)))
        .filter(|&a| doc.element(a).is_some_and(|e| e.is("p")))
        .is_some_and(|p| bounded_text(doc, p, max_chars).is_none())
}

pub(super) fn inside(doc: &Document, id: NodeId, names: &[&str]) -> bool {
    doc.ancestors(id)
        .any(|a| doc.element(a).is_some_and(|e| names.contains(&e.name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_inside_a_long_paragraph_is_prose() {
        let doc = Document::parse(
            "<p>By integrating <a>the tool</a> into its stack, the team cut costs by half.</p>\
             <p>By <a>Jane Doe</a></p><div>By integrating <a>it</a> the team cut costs.</div>",
        );
        let texts: Vec<NodeId> = doc
            .descendants(crate::dom::ROOT)
            .filter(|&d| doc.text(d).is_some())
            .collect();
        let prose: Vec<bool> = texts.iter().map(|&t| in_prose(&doc, t, 40)).collect();
        assert_eq!(prose, [true, true, true, false, false, false, false, false]);
    }

    #[test]
    fn tells_links_to_other_pages_from_permalinks() {
        let page = "https://www.example.org/news/story-1/";
        assert!(links_to_another_page("/news/story-2", page));
        assert!(links_to_another_page(
            "https://example.org/news/story-2/",
            page
        ));
        assert!(!links_to_another_page(
            "http://www.example.org/news/story-1",
            page
        ));
        assert!(!links_to_another_page("/news/story-1/#comments", page));
        assert!(!links_to_another_page("story-1", page));
        assert!(!links_to_another_page("#top", page));
    }
}
