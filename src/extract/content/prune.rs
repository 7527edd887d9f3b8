//! Which nodes are out before any scoring: non-content tags, hidden elements, and elements whose
//! class, id, role or label names a boilerplate widget (cookie banner, share bar, sidebar, ...).
//!
//! One forward pass over the arena: a parent always precedes its children, so a node inherits
//! its parent's flags before its own are applied.

use crate::extract::ExtractConfig;
use crate::extract::dom::{Document, Element, NodeId, NodeKind, ROOT};

/// Per-node facts used by scoring and block collection, indexed by `NodeId`.
pub struct NodeFlags {
    /// The node or an ancestor is boilerplate or invisible.
    pub removed: Vec<bool>,
    /// The node is inside a link.
    pub in_link: Vec<bool>,
}

/// Tags whose content is never main text.
const NON_CONTENT_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "audio", "video", "button", "select", "input", "textarea", "option", "head", "title", "nav",
    "aside", "footer", "menu", "dialog", "map", "link", "meta",
];

/// Landmarks that hold page chrome rather than content.
const BOILERPLATE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "dialog",
    "alertdialog",
    "toolbar",
];

/// Class/id tokens (split on `-`, `_`, spaces) that name a boilerplate widget.
const BOILERPLATE_TOKENS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "advertisement",
    "anzeige",
    "werbung",
    "banner",
    "share",
    "sharing",
    "shares",
    "social",
    "socials",
    "sidebar",
    "related",
    "comment",
    "comments",
    "kommentare",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
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
    "print",
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
];

/// Substrings that name a boilerplate widget even inside a compound token ("relatedposts").
const BOILERPLATE_STEMS: &[&str] = &[
    "cookie",
    "newsletter",
    "consent",
    "breadcrumb",
    "sidebar",
    "related",
    "recommend",
    "social",
    "sharing",
    "sharebar",
    "advert",
    "sponsor",
    "comment",
    "subscribe",
    "outbrain",
    "taboola",
    "disqus",
    "pagination",
    "screenreader",
    "visuallyhidden",
];

/// Whole class names that hide an element from sighted readers.
const HIDING_CLASSES: &[&str] = &[
    "hidden",
    "d-none",
    "sr-only",
    "visually-hidden",
    "screen-reader-text",
    "is-hidden",
];

/// Class-based pruning never removes an element holding more than this share of the page's text:
/// such an element is a page wrapper whose class merely mentions a widget ("has-sidebar").
const MAX_PRUNED_SHARE: f64 = 0.5;

pub fn flag_nodes(doc: &Document, config: &ExtractConfig) -> NodeFlags {
    let visible = visible_chars(doc);
    let page_chars = visible[ROOT as usize].max(1) as f64;
    let n = doc.len();
    let mut removed = vec![false; n];
    let mut in_link = vec![false; n];
    let mut in_article = vec![false; n];
    for id in 1..n {
        let node = id as NodeId;
        let parent = doc.parent(node).unwrap_or(ROOT) as usize;
        removed[id] = removed[parent];
        in_link[id] = in_link[parent];
        in_article[id] = in_article[parent];
        let Some(el) = doc.element(node) else {
            continue;
        };
        if removed[id] {
            continue;
        }
        in_link[id] |= el.is("a");
        in_article[id] |= el.is("article") || el.is("main");
        let small = (visible[id] as f64) < MAX_PRUNED_SHARE * page_chars;
        removed[id] = is_non_content(el, in_article[parent], small)
            || is_hidden(el)
            || (small && names_boilerplate(el, config));
    }
    NodeFlags { removed, in_link }
}

/// Non-whitespace text bytes below each node, script and style excluded.
fn visible_chars(doc: &Document) -> Vec<usize> {
    let mut chars = vec![0usize; doc.len()];
    for id in (1..doc.len()).rev() {
        let node = id as NodeId;
        if let NodeKind::Text(t) = &doc.node(node).kind {
            chars[id] = t.bytes().filter(|b| !b.is_ascii_whitespace()).count();
        }
        let raw = doc
            .element(node)
            .is_some_and(|e| matches!(&*e.name, "script" | "style" | "noscript" | "template"));
        if raw {
            chars[id] = 0;
        }
        if let Some(p) = doc.parent(node) {
            chars[p as usize] += chars[id];
        }
    }
    chars
}

/// Tags that hold no content; `header` and `form` only outside an article and when small (some
/// sites wrap the whole page in a `<form>`).
fn is_non_content(el: &Element, inside_article: bool, small: bool) -> bool {
    NON_CONTENT_TAGS.contains(&&*el.name)
        || (el.is("header") && !inside_article && small)
        || (el.is("form") && small)
}

fn is_hidden(el: &Element) -> bool {
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    let class = el.attr("class").unwrap_or("");
    if class
        .split_ascii_whitespace()
        .any(|c| HIDING_CLASSES.contains(&c.to_ascii_lowercase().as_str()))
    {
        return true;
    }
    el.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// The element's class, id, role or aria-label names a boilerplate widget.
fn names_boilerplate(el: &Element, config: &ExtractConfig) -> bool {
    if matches!(&*el.name, "html" | "body" | "main" | "article") {
        return false;
    }
    if el
        .attr("role")
        .is_some_and(|r| BOILERPLATE_ROLES.contains(&r.trim().to_ascii_lowercase().as_str()))
    {
        return true;
    }
    let names = el.class_and_id();
    let tokens: Vec<&str> = names
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let is_comment = tokens
        .iter()
        .any(|t| t.starts_with("comment") || *t == "disqus");
    if is_comment {
        return !config.include_comments;
    }
    let joined: String = tokens.concat();
    tokens.iter().any(|t| BOILERPLATE_TOKENS.contains(t))
        || BOILERPLATE_STEMS.iter().any(|s| joined.contains(s))
}
