//! Choosing a page's authors among its sources.
//!
//! Sources are tried in precedence order (JSON-LD, meta tags, microdata, `rel=author` links,
//! elements classed as bylines, text lines opening with "By"/"Von"); the first that names a
//! person wins. A name read on past the element that holds it is cut at that element's bounds.
//! A single word (a user name, a first name) is completed from a source that spells the full
//! name. A structured source's names count only when the page shows them. When no
//! source names a person, an editorial desk a visible byline credits ("Von Redaktion") is the
//! author.

use super::authors::{
    clean_author_field, clean_author_names, clean_by_line, clean_structured_author, is_desk_name,
    leading_organisation, names_organisation_first,
};
use crate::text_key::{Digits, latin_key};

/// A page's raw author candidates, by source.
#[derive(Debug, Default)]
pub struct AuthorCandidates<'a> {
    /// JSON-LD author entries not typed as organisations.
    pub json_ld: Vec<&'a str>,
    pub meta: Vec<&'a str>,
    pub microdata: Vec<&'a str>,
    pub rel_authors: Vec<&'a str>,
    /// Texts of elements classed as bylines.
    pub byline_elements: Vec<&'a str>,
    /// Text lines opening with a byline word.
    pub byline_texts: Vec<&'a str>,
    /// A name signing the end of the article: the last resort.
    pub signature: Option<&'a str>,
    /// The page presents an article (typed, marked up or dated as one). On other pages (home
    /// pages, shops, guides) an `author` meta tag names the site's maker.
    pub article_page: bool,
}

/// One source's label and the names cleaned from its values.
struct Source {
    label: &'static str,
    names: Vec<String>,
}

/// The authors and the source they came from, or `None`. `is_site` tells names that are the
/// site's or publisher's own, `is_shown` names that the page's visible text repeats.
pub fn choose_authors(
    c: &AuthorCandidates<'_>,
    is_site: &dyn Fn(&str) -> bool,
    is_shown: &dyn Fn(&str) -> bool,
) -> Option<(Vec<String>, &'static str)> {
    let meta = if c.article_page { &c.meta[..] } else { &[] };
    let sources = [
        all_names("json-ld", &c.json_ld, is_site).shown_only(is_shown),
        all_names("meta", meta, is_site).shown_only(is_shown),
        all_names("microdata", &c.microdata, is_site).shown_only(is_shown),
        first_names("rel-author", &c.rel_authors, clean_author_field, is_site),
        first_names("byline", &c.byline_elements, clean_author_field, is_site),
        first_names("by-line", &c.byline_texts, clean_by_line, is_site),
        first_names(
            "signature",
            c.signature.as_slice(),
            clean_author_names,
            is_site,
        ),
    ];
    for source in &sources {
        if source.names.is_empty() {
            continue;
        }
        let names: Vec<String> = source
            .names
            .iter()
            .map(|n| without_site_suffix(n, is_site))
            .collect();
        if let [name] = names.as_slice()
            && is_single_word(name)
            && let Some(full) = fuller_name(name, &sources)
        {
            return Some((vec![full], source.label));
        }
        let names = longer_list(c, &names, is_site, is_shown).unwrap_or(names);
        return Some((names, source.label));
    }
    credited_desk(c, is_site)
}

/// The editorial desk a visible byline credits when no source names a person ("Von
/// Redaktion", "By the Example Team"): the newsroom signs the piece. Each source's first value
/// is read (later ones belong to teasers). Other organisations (a wire, a company, the site's
/// name) in a byline slot are as often a template's default as a credit, and are left out; so is
/// a desk when a structured source names a person instead: the two disagree, and no author is
/// better than a wrong one.
fn credited_desk(
    c: &AuthorCandidates<'_>,
    is_site: &dyn Fn(&str) -> bool,
) -> Option<(Vec<String>, &'static str)> {
    let structured_person = [&c.json_ld, &c.meta, &c.microdata]
        .into_iter()
        .any(|raws| !all_names("structured", raws, is_site).names.is_empty());
    if structured_person {
        return None;
    }
    [
        ("rel-author desk", &c.rel_authors),
        ("byline desk", &c.byline_elements),
        ("by-line desk", &c.byline_texts),
    ]
    .into_iter()
    .find_map(|(label, raws)| {
        let desk = leading_organisation(raws.first()?).filter(|n| is_desk_name(n))?;
        Some((vec![desk], label))
    })
}

/// One value of any source that names all of `names` and more, each extra name shown: a
/// structured source often keeps only the first of several authors ("von Jane Doe, John Roe"
/// where JSON-LD names only Jane Doe).
fn longer_list(
    c: &AuthorCandidates<'_>,
    names: &[String],
    is_site: &dyn Fn(&str) -> bool,
    is_shown: &dyn Fn(&str) -> bool,
) -> Option<Vec<String>> {
    let keys: Vec<String> = names.iter().map(|n| latin_key(n, Digits::Drop)).collect();
    // Visible bylines after the first belong to teasers and related articles.
    let visible = [&c.rel_authors, &c.byline_elements]
        .into_iter()
        .filter_map(|v| v.first());
    let fields = [&c.json_ld, &c.meta, &c.microdata]
        .into_iter()
        .flatten()
        .chain(visible)
        .filter(|raw| !raw.contains("://"))
        .map(|raw| clean_author_field(raw));
    let by_line = c.byline_texts.first().map(|raw| clean_by_line(raw));
    fields.chain(by_line).find(|list| {
        let list_keys: Vec<String> = list.iter().map(|n| latin_key(n, Digits::Drop)).collect();
        list.len() > names.len()
            && keys.iter().all(|k| list_keys.contains(k))
            && list.iter().all(|n| !is_site(n) && is_shown(n))
    })
}

impl Source {
    /// Only the names the page shows. A structured source's author that no visible text
    /// repeats is usually the account that posted the page, not the byline readers see.
    fn shown_only(mut self, is_shown: &dyn Fn(&str) -> bool) -> Source {
        self.names.retain(|n| is_shown(n));
        self
    }
}

/// "Adam Aaronson PhillyVoice" → "Adam Aaronson": a trailing word naming the site.
fn without_site_suffix(name: &str, is_site: &dyn Fn(&str) -> bool) -> String {
    match name.rsplit_once(' ') {
        Some((head, last)) if head.contains(' ') && is_site(last) => head.to_string(),
        _ => name.to_string(),
    }
}

/// Every name of every value (structured sources may list several authors).
fn all_names(label: &'static str, raws: &[&str], is_site: &dyn Fn(&str) -> bool) -> Source {
    let mut names: Vec<String> = Vec::new();
    for raw in raws.iter().filter(|r| !r.contains("://")) {
        for name in clean_structured_author(raw) {
            if !is_site(&name) && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    Source { label, names }
}

/// The names of the first value that names someone (later bylines and author links belong to
/// teasers and related articles); none when that someone is the site itself or an
/// organisation ("Von Redaktion", "By SPÖ").
fn first_names(
    label: &'static str,
    raws: &[&str],
    clean: fn(&str) -> Vec<String>,
    is_site: &dyn Fn(&str) -> bool,
) -> Source {
    let names = raws
        .iter()
        .enumerate()
        .map(|(i, raw)| {
            let org = names_organisation_first(raw) && !wraps_a_later_value(raws, i);
            (i, clean(raw), org)
        })
        .find(|(_, names, org)| !names.is_empty() || *org)
        .map(|(i, names, _)| cut_to_wrapped_names(names, raws, i, clean))
        .unwrap_or_default()
        .into_iter()
        .filter(|n| !is_site(n))
        .collect();
    Source { label, names }
}

/// The names of the value at `i`, each cut to the first name (in document order) of a value it
/// wraps that the name holds with more words around it. An element's text runs its children
/// together, so the name in an inner element ("<span class=author-name>Jane Doe</span><span
/// class=author-title>Gardener</span>") reads on into the next one ("Jane Doe Gardener") or on
/// from an avatar's initials ("JD Jane Doe"). The inner element's bounds are the name's when it
/// holds a whole name: a single word may be a first or last name in an element of its own.
fn cut_to_wrapped_names(
    names: Vec<String>,
    raws: &[&str],
    i: usize,
    clean: fn(&str) -> Vec<String>,
) -> Vec<String> {
    let inner_names: Vec<String> = wrapped_values(raws, i).flat_map(clean).collect();
    let mut cut: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        let name = inner_names
            .iter()
            .find(|inner| {
                !is_single_word(inner) && inner.len() < name.len() && holds_words(&name, inner)
            })
            .cloned()
            .unwrap_or(name);
        if !cut.contains(&name) {
            cut.push(name);
        }
    }
    cut
}

/// `words` occurs in `text` as whole words.
fn holds_words(text: &str, words: &str) -> bool {
    let text: Vec<&str> = text.split_whitespace().collect();
    let words: Vec<&str> = words.split_whitespace().collect();
    !words.is_empty() && text.windows(words.len()).any(|w| w == words.as_slice())
}

/// The value at `i` holds the text of a later value: an element classed as a byline around
/// another ("<div class=author-info><div class=author-name>Jane Doe</div><div
/// class=author-role>Marketing Director</div></div>"). Its role or bio words do not make it an
/// organisation's byline; the inner value is read instead.
fn wraps_a_later_value(raws: &[&str], i: usize) -> bool {
    wrapped_values(raws, i).next().is_some()
}

/// The later values whose text the value at `i` holds: elements inside its element.
fn wrapped_values<'r>(raws: &'r [&'r str], i: usize) -> impl Iterator<Item = &'r str> + 'r {
    raws[i + 1..]
        .iter()
        .copied()
        .filter(move |inner| inner.len() < raws[i].len() && raws[i].contains(inner))
}

fn is_single_word(name: &str) -> bool {
    !name.contains(char::is_whitespace)
}

/// A full name in any source that the single word abbreviates: its first name ("Nils" →
/// "Nils Pickert") or its letters run together ("arianschlichenmayer", "gabor_munier").
fn fuller_name(word: &str, sources: &[Source]) -> Option<String> {
    let key = latin_key(word, Digits::Drop);
    sources
        .iter()
        .flat_map(|s| s.names.iter())
        .filter(|n| !is_single_word(n))
        .find(|n| {
            (key.len() >= 4 && latin_key(n, Digits::Drop) == key)
                || n.split_whitespace()
                    .next()
                    .is_some_and(|first| first.to_lowercase() == word.to_lowercase())
        })
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Candidates from elements classed as bylines alone.
    fn bylines(byline_elements: Vec<&str>) -> AuthorCandidates<'_> {
        AuthorCandidates {
            byline_elements,
            ..Default::default()
        }
    }

    fn choose(c: &AuthorCandidates<'_>) -> Option<(Vec<String>, &'static str)> {
        choose_authors(
            c,
            &|name| name == "Example Daily" || name == "ExampleDaily",
            &|name| !name.starts_with("Hidden"),
        )
    }

    #[test]
    fn structured_names_the_page_does_not_show_are_skipped() {
        let c = AuthorCandidates {
            json_ld: vec!["Hidden Editor"],
            byline_elements: vec!["By Jane Doe"],
            ..Default::default()
        };
        assert_eq!(choose(&c), Some((vec!["Jane Doe".to_string()], "byline")));
    }

    #[test]
    fn structured_sources_win_over_bylines() {
        let c = AuthorCandidates {
            meta: vec!["Jane Doe"],
            byline_elements: vec!["By John Roe"],
            article_page: true,
            ..Default::default()
        };
        assert_eq!(choose(&c), Some((vec!["Jane Doe".to_string()], "meta")));
    }

    #[test]
    fn an_author_meta_tag_off_articles_names_the_sites_maker() {
        let c = AuthorCandidates {
            meta: vec!["Jane Doe"],
            article_page: false,
            ..Default::default()
        };
        assert_eq!(choose(&c), None);
    }

    #[test]
    fn a_single_word_is_completed_from_a_full_name() {
        let slug = AuthorCandidates {
            json_ld: vec!["arianschlichenmayer"],
            byline_elements: vec!["von Arian Schlichenmayer"],
            ..Default::default()
        };
        assert_eq!(
            choose(&slug),
            Some((vec!["Arian Schlichenmayer".to_string()], "json-ld"))
        );
        let first_name = AuthorCandidates {
            meta: vec!["Nils"],
            byline_texts: vec!["Von Nils Pickert"],
            article_page: true,
            ..Default::default()
        };
        assert_eq!(
            choose(&first_name),
            Some((vec!["Nils Pickert".to_string()], "meta"))
        );
        let alone = AuthorCandidates {
            rel_authors: vec!["gnaddrig"],
            ..Default::default()
        };
        assert_eq!(
            choose(&alone),
            Some((vec!["gnaddrig".to_string()], "rel-author"))
        );
    }

    #[test]
    fn a_value_listing_more_authors_completes_the_list() {
        let c = AuthorCandidates {
            json_ld: vec!["Jane Doe"],
            byline_elements: vec!["von Jane Doe, John Roe"],
            ..Default::default()
        };
        assert_eq!(
            choose(&c),
            Some((
                vec!["Jane Doe".to_string(), "John Roe".to_string()],
                "json-ld"
            ))
        );
        let hidden = AuthorCandidates {
            json_ld: vec!["Jane Doe"],
            meta: vec!["Jane Doe, Hidden Editor"],
            article_page: true,
            ..Default::default()
        };
        assert_eq!(
            choose(&hidden),
            Some((vec!["Jane Doe".to_string()], "json-ld"))
        );
    }

    #[test]
    fn a_trailing_site_name_is_dropped() {
        let c = bylines(vec!["By Jane Doe ExampleDaily", "Jane Doe"]);
        assert_eq!(choose(&c), Some((vec!["Jane Doe".to_string()], "byline")));
        let c = bylines(vec!["By Jane Roe Doe"]);
        assert_eq!(
            choose(&c),
            Some((vec!["Jane Roe Doe".to_string()], "byline"))
        );
    }

    #[test]
    fn a_name_is_cut_at_the_bounds_of_the_element_that_holds_it() {
        // The wrapper's text runs the name into the role beside it.
        let c = bylines(vec!["Written by Jane Doe Gardener", "Jane Doe", "Gardener"]);
        assert_eq!(choose(&c), Some((vec!["Jane Doe".to_string()], "byline")));
        // Each author in an element of their own: both names stay whole.
        let c = bylines(vec!["By Jane Doe and John Roe", "Jane Doe", "John Roe"]);
        assert_eq!(
            choose(&c),
            Some((
                vec!["Jane Doe".to_string(), "John Roe".to_string()],
                "byline"
            ))
        );
        // The name's own element comes before the words it runs into, however long each is.
        let c = bylines(vec![
            "By Maria Gonzalez Blue Fox",
            "Maria Gonzalez",
            "Blue Fox",
        ]);
        assert_eq!(
            choose(&c),
            Some((vec!["Maria Gonzalez".to_string()], "byline"))
        );
        // First and last name in elements of their own: one name.
        let c = bylines(vec!["By Jane Doe", "Jane", "Doe"]);
        assert_eq!(choose(&c), Some((vec!["Jane Doe".to_string()], "byline")));
    }

    #[test]
    fn a_byline_wrapper_with_a_role_defers_to_the_name_inside() {
        let c = AuthorCandidates {
            byline_elements: vec![
                "Insights from Jane Doe Marketing Director",
                "Jane Doe",
                "Marketing Director",
            ],
            ..Default::default()
        };
        assert_eq!(choose(&c), Some((vec!["Jane Doe".to_string()], "byline")));
        let organisation = bylines(vec!["Marketing Director", "Jane Doe"]);
        assert_eq!(choose(&organisation), None);
    }

    #[test]
    fn a_signature_is_the_last_resort() {
        let c = AuthorCandidates {
            signature: Some("Jane Doe"),
            ..Default::default()
        };
        assert_eq!(
            choose(&c),
            Some((vec!["Jane Doe".to_string()], "signature"))
        );
        let with_byline = AuthorCandidates {
            byline_texts: vec!["Von John Roe"],
            signature: Some("Jane Doe"),
            ..Default::default()
        };
        assert_eq!(
            choose(&with_byline),
            Some((vec!["John Roe".to_string()], "by-line"))
        );
    }

    #[test]
    fn the_first_byline_naming_the_site_or_a_desk_ends_the_search() {
        let c = bylines(vec!["Von Example Daily", "Jane Doe"]);
        assert_eq!(choose(&c), None);
        let desk = AuthorCandidates {
            byline_texts: vec!["Von Redaktion", "Von Jane Doe"],
            ..Default::default()
        };
        assert_eq!(
            choose(&desk),
            Some((vec!["Redaktion".to_string()], "by-line desk"))
        );
    }

    #[test]
    fn a_desk_signs_only_when_no_source_names_a_person() {
        let c = AuthorCandidates {
            byline_elements: vec!["Quelle: Example Wire"],
            byline_texts: vec!["Autor: Example-Team"],
            ..Default::default()
        };
        assert_eq!(
            choose(&c),
            Some((vec!["Example-Team".to_string()], "by-line desk"))
        );
        let wire = AuthorCandidates {
            byline_texts: vec!["Von dpa"],
            ..Default::default()
        };
        assert_eq!(choose(&wire), None);
        let hidden_person = AuthorCandidates {
            json_ld: vec!["Hidden Person"],
            byline_elements: vec!["Autor Redaktion"],
            ..Default::default()
        };
        assert_eq!(choose(&hidden_person), None);
    }
}
