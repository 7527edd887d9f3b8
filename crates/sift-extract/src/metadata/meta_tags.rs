//! `<meta>` tags: OpenGraph, Twitter cards, Dublin Core, citation_*, Parse.ly, Sailthru and the
//! generic names sites use. Keys are matched lower-case, in the priority order of each list.

/// Publication date keys, most specific first.
pub const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "published_time",
    "datepublished",
    "date_published",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "publish-date",
    "publish_date",
    "publishdate",
    "published-date",
    "published_date",
    "publication_date",
    "publication-date",
    "pubdate",
    "pub_date",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "citation_online_date",
    "citation_date",
    "prism.publicationdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "dc.date.published",
    "article:post_date",
    "cxenseparse:recs:publishtime",
    "date",
    "created",
    "published",
    "displaydate",
    "og:pubdate",
    "datecreated",
];

/// Modification date keys.
pub const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:article:modified_time",
    "article:modified",
    "og:updated_time",
    "datemodified",
    "dateupdate",
    "date_modified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "lastmod",
    "revised",
    "updated_time",
];

/// Author keys (values are names or, for some, profile URLs which are skipped).
pub const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "og:article:author",
    "article:author_name",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "citation_authors",
    "byl",
    "cxenseparse:author",
    "author_name",
];

pub const TITLE_KEYS: &[&str] = &[
    "og:title",
    "twitter:title",
    "parsely-title",
    "sailthru.title",
    "citation_title",
    "dc.title",
    "dcterms.title",
    "headline",
];

pub const SITE_NAME_KEYS: &[&str] = &[
    "og:site_name",
    "application-name",
    "apple-mobile-web-app-title",
    "al:ios:app_name",
    "publisher",
    "dc.publisher",
    "dcterms.publisher",
    "citation_publisher",
    "citation_journal_title",
];

pub const DESCRIPTION_KEYS: &[&str] = &[
    "og:description",
    "description",
    "twitter:description",
    "dc.description",
    "dcterms.abstract",
];

pub const IMAGE_KEYS: &[&str] = &[
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
];

pub const SECTION_KEYS: &[&str] = &[
    "article:section",
    "parsely-section",
    "section",
    "sailthru.section",
    "category",
];

pub const TAG_KEYS: &[&str] = &[
    "article:tag",
    "news_keywords",
    "keywords",
    "parsely-tags",
    "sailthru.tags",
];

pub const LANGUAGE_KEYS: &[&str] = &[
    "og:locale",
    "content-language",
    "dc.language",
    "dcterms.language",
    "language",
];

pub const CANONICAL_KEYS: &[&str] = &["og:url", "twitter:url"];

/// All `<meta>` key/content pairs of a page, keys lower-cased.
#[derive(Debug, Default)]
pub struct MetaTags<'d> {
    pairs: Vec<(String, &'d str)>,
}

impl<'d> MetaTags<'d> {
    /// Bounded: pages with thousands of meta tags keep the first ones.
    const MAX_PAIRS: usize = 1000;

    /// Records one `<meta>`: its key is `property`, `name`, `itemprop` or `http-equiv`.
    pub fn push(&mut self, key: &str, content: &'d str) {
        let content = content.trim();
        if content.is_empty() || self.pairs.len() >= Self::MAX_PAIRS {
            return;
        }
        self.pairs.push((key.trim().to_ascii_lowercase(), content));
    }

    /// The value of the first key of `keys` (in priority order) that the page has.
    pub fn first(&self, keys: &[&str]) -> Option<&'d str> {
        keys.iter().find_map(|k| self.get(k))
    }

    pub fn get(&self, key: &str) -> Option<&'d str> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    /// Every value for any of `keys`, in priority order then document order.
    pub fn all(&self, keys: &[&str]) -> Vec<&'d str> {
        keys.iter()
            .flat_map(|k| {
                self.pairs
                    .iter()
                    .filter(move |(key, _)| key == k)
                    .map(|(_, v)| *v)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_follow_key_priority_not_document_order() {
        let mut tags = MetaTags::default();
        tags.push("DATE", "2019-01-01");
        tags.push("article:published_time", "2020-01-28");
        tags.push("Author", " Jane Doe ");
        tags.push("author", "John Roe");
        tags.push("empty", "  ");
        assert_eq!(tags.first(PUBLISHED_KEYS), Some("2020-01-28"));
        assert_eq!(tags.first(AUTHOR_KEYS), Some("Jane Doe"));
        assert_eq!(tags.all(AUTHOR_KEYS), ["Jane Doe", "John Roe"]);
        assert_eq!(tags.get("empty"), None);
    }

    #[test]
    fn every_citation_author_is_an_author_in_either_spelling() {
        let mut tags = MetaTags::default();
        tags.push("citation_authors", "Jane Doe");
        tags.push("citation_authors", "John Roe");
        tags.push("citation_author", "Ann Poe");
        assert_eq!(tags.all(AUTHOR_KEYS), ["Ann Poe", "Jane Doe", "John Roe"]);
    }
}
