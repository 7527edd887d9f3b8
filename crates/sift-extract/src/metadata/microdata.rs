//! Microdata (`itemprop`): the article properties, read from `content`/`datetime` attributes or
//! the element's text.

use super::collect::bounded_text;
use crate::dom::{Document, Element, NodeId};
use crate::needles::contains_ignore_ascii_case;

/// Longest itemprop text kept (a wrapper element's whole text is no property value).
const MAX_VALUE_CHARS: usize = 300;

/// Article properties found in microdata, first occurrence of each.
#[derive(Debug, Default)]
pub struct Microdata {
    pub date_published: Option<String>,
    pub date_modified: Option<String>,
    pub headline: Option<String>,
    pub authors: Vec<String>,
    /// The item whose authors are kept: the first one naming an author. Later items are
    /// teasers of other articles ("related posts"), each with its own author.
    author_item: Option<NodeId>,
}

impl Microdata {
    /// Records an element carrying `itemprop`.
    pub fn visit(&mut self, doc: &Document, id: NodeId, element: Element<'_>, itemprop: &str) {
        for prop in itemprop.split_ascii_whitespace() {
            match prop {
                "datePublished" | "dateCreated" if self.date_published.is_none() => {
                    self.date_published = property_value(doc, id, element);
                }
                "dateModified" if self.date_modified.is_none() => {
                    self.date_modified = property_value(doc, id, element);
                }
                "headline" if self.headline.is_none() => {
                    self.headline = property_value(doc, id, element);
                }
                "author" | "creator" if self.authors.len() < 10 && !in_review(doc, id) => {
                    let item = enclosing_item(doc, id);
                    if (self.authors.is_empty() || item == self.author_item)
                        && let Some(name) = author_name(doc, id, element)
                    {
                        self.author_item = item;
                        self.authors.push(name);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Ancestors looked at for an enclosing review or comment.
const MAX_SCOPE_DEPTH: usize = 20;

/// Inside a review, comment or citation item: its author wrote the review or the cited work,
/// not the page.
fn in_review(doc: &Document, id: NodeId) -> bool {
    doc.ancestors(id).take(MAX_SCOPE_DEPTH).any(|a| {
        doc.element(a).is_some_and(|e| {
            let says = |attr: &str| {
                e.attr(attr).is_some_and(|v| {
                    ["review", "comment", "citation"]
                        .iter()
                        .any(|n| contains_ignore_ascii_case(v, n))
                })
            };
            says("itemtype") || says("itemprop")
        })
    })
}

/// The nearest enclosing element with `itemscope`: the item a property belongs to.
fn enclosing_item(doc: &Document, id: NodeId) -> Option<NodeId> {
    doc.ancestors(id).take(MAX_SCOPE_DEPTH).find(|&a| {
        doc.element(a)
            .is_some_and(|e| e.attr("itemscope").is_some())
    })
}

/// `content`, `datetime` or the text, in that order.
fn property_value(doc: &Document, id: NodeId, element: Element<'_>) -> Option<String> {
    let attr = element.attr("content").or_else(|| element.attr("datetime"));
    match attr {
        Some(v) => Some(v.trim().to_string()).filter(|v| !v.is_empty()),
        None => bounded_text(doc, id, MAX_VALUE_CHARS),
    }
}

/// An author item's `name` property when it has one, else its own value (links to profile pages
/// are not names).
fn author_name(doc: &Document, id: NodeId, element: Element<'_>) -> Option<String> {
    let named = doc.descendants(id).take(200).find_map(|d| {
        let e = doc.element(d)?;
        (e.attr("itemprop")? == "name").then(|| property_value(doc, d, e))?
    });
    if named.is_some() {
        return named;
    }
    if element.is("link") || element.attr("content").is_some_and(|c| c.contains("://")) {
        return None;
    }
    property_value(doc, id, element)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::ROOT;

    fn read(html: &str) -> Microdata {
        let doc = Document::parse(html);
        let mut md = Microdata::default();
        for id in doc.descendants(ROOT) {
            if let Some(e) = doc.element(id)
                && let Some(p) = e.attr("itemprop")
            {
                md.visit(&doc, id, e, p);
            }
        }
        md
    }

    #[test]
    fn reads_article_properties() {
        let md = read(
            r#"<article itemscope><h1 itemprop="headline">Big news</h1>
            <meta itemprop="datePublished" content="2020-01-28">
            <time itemprop="dateModified" datetime="2020-01-29T08:00:00Z">Jan 29</time>
            <span itemprop="author" itemscope><a href="/jd"><span itemprop="name">Jane Doe</span></a></span>
            <span itemprop="author">John Roe</span></article>"#,
        );
        assert_eq!(md.headline.as_deref(), Some("Big news"));
        assert_eq!(md.date_published.as_deref(), Some("2020-01-28"));
        assert_eq!(md.date_modified.as_deref(), Some("2020-01-29T08:00:00Z"));
        assert_eq!(md.authors, ["Jane Doe", "John Roe"]);
    }

    #[test]
    fn review_authors_are_not_the_page_author() {
        let md = read(
            r#"<div itemscope itemtype="https://schema.org/Product">
            <div itemprop="review" itemscope itemtype="https://schema.org/Review">
            <span itemprop="author">Georg N.</span></div></div>"#,
        );
        assert!(md.authors.is_empty());
    }

    #[test]
    fn authors_of_cited_works_are_not_the_page_author() {
        let md = read(
            r#"<article itemscope itemtype="https://schema.org/ScholarlyArticle">
            <meta itemprop="author" content="Jane Doe">
            <li itemprop="citation" itemscope itemtype="https://schema.org/CreativeWork">
            <meta itemprop="author" content="R. Roe, "></li></article>"#,
        );
        assert_eq!(md.authors, ["Jane Doe"]);
    }

    #[test]
    fn teasers_of_other_articles_do_not_add_authors() {
        let md = read(
            r#"<article itemscope itemtype="https://schema.org/BlogPosting">
            <span itemprop="author">Jane Doe</span><span itemprop="author">John Roe</span></article>
            <aside><div itemscope itemtype="https://schema.org/BlogPosting">
            <span itemprop="author">Max Muster</span></div></aside>"#,
        );
        assert_eq!(md.authors, ["Jane Doe", "John Roe"]);
    }
}
