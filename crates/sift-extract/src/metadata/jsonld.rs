//! JSON-LD (`<script type="application/ld+json">`): a tolerant reader and the article fields.
//!
//! Pages ship broken JSON-LD: trailing commas, raw newlines inside strings, several objects in
//! one script, HTML comments or CDATA around it. We repair those cheaply in one pass and parse
//! whatever values can be read. Entities are found in top-level values, arrays, `@graph` and
//! nested `mainEntity`; the most article-like one supplies the fields.

use serde_json::Value;
use std::collections::HashMap;

/// Deepest nesting walked when looking for entities.
const MAX_WALK_DEPTH: usize = 6;

/// What JSON-LD says about the page's article.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct JsonLdInfo {
    pub headline: Option<String>,
    pub description: Option<String>,
    pub date_published: Option<String>,
    pub date_modified: Option<String>,
    /// Author entries as (name, is an organisation).
    pub authors: Vec<(String, bool)>,
    pub publisher: Option<String>,
    /// An entity's publisher is a person: the site is someone's own, named after them.
    pub publisher_is_person: bool,
    pub site_name: Option<String>,
    pub image: Option<String>,
    pub section: Option<String>,
    pub keywords: Vec<String>,
    pub language: Option<String>,
    pub url: Option<String>,
    /// The article's full text as the site declares it (`articleBody`): plain text, or markup on
    /// some sites.
    pub article_body: Option<String>,
}

/// Parses every JSON-LD script and merges the article fields, best entity first.
pub fn read_jsonld<'a>(scripts: impl IntoIterator<Item = &'a str>) -> JsonLdInfo {
    let values: Vec<Value> = scripts.into_iter().flat_map(parse_lenient).collect();
    let mut entities: Vec<(u8, usize, &serde_json::Map<String, Value>)> = Vec::new();
    for value in &values {
        collect_entities(value, 0, &mut entities);
    }
    // Stable sort: rank first, document order within a rank.
    entities.sort_by_key(|&(rank, order, _)| (rank, order));
    let people_by_id = people_by_id(&entities);
    let mut info = JsonLdInfo::default();
    for &(rank, _, entity) in &entities {
        if rank == RANK_SITE {
            info.site_name = info.site_name.or_else(|| string_field(entity, "name"));
            continue;
        }
        if rank == RANK_OTHER {
            continue;
        }
        fill_from_entity(&mut info, entity, &people_by_id);
    }
    // A page whose only dated entity is its video or podcast episode was published with it.
    if info.date_published.is_none() {
        info.date_published = entities.iter().find_map(|&(_, _, e)| {
            string_field(e, "datePublished").or_else(|| string_field(e, "uploadDate"))
        });
    }
    info
}

const RANK_ARTICLE: u8 = 0;
const RANK_PAGE: u8 = 1;
const RANK_SITE: u8 = 2;
const RANK_OTHER: u8 = 3;

fn type_rank(entity: &serde_json::Map<String, Value>) -> u8 {
    let types: Vec<&str> = match entity.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => return RANK_OTHER,
    };
    let is = |pred: &dyn Fn(&str) -> bool| {
        types
            .iter()
            .any(|t| pred(t.rsplit('/').next().unwrap_or(t)))
    };
    if is(&|t| {
        t.ends_with("Article")
            || t.ends_with("Posting")
            || matches!(t, "Report" | "Blog" | "Review" | "Recipe" | "HowTo")
    }) {
        RANK_ARTICLE
    } else if is(&|t| t.ends_with("Page")) {
        RANK_PAGE
    } else if is(&|t| t == "WebSite") {
        RANK_SITE
    } else {
        RANK_OTHER
    }
}

/// Collects typed objects, walking arrays, `@graph` and `mainEntity` (not authors, publishers or
/// comments: their dates and names are not the article's).
fn collect_entities<'v>(
    value: &'v Value,
    depth: usize,
    out: &mut Vec<(u8, usize, &'v serde_json::Map<String, Value>)>,
) {
    if depth > MAX_WALK_DEPTH {
        return;
    }
    match value {
        Value::Array(items) => items
            .iter()
            .for_each(|v| collect_entities(v, depth + 1, out)),
        Value::Object(map) => {
            if map.contains_key("@type") {
                out.push((type_rank(map), out.len(), map));
            }
            for key in ["@graph", "mainEntity", "itemReviewed"] {
                if let Some(v) = map.get(key) {
                    collect_entities(v, depth + 1, out);
                }
            }
        }
        _ => {}
    }
}

/// `Person` entities by their `@id`: Yoast-style graphs name an article's author only by
/// reference (`"author": {"@id": ".../#/schema/person/1"}`).
fn people_by_id<'v>(
    entities: &[(u8, usize, &'v serde_json::Map<String, Value>)],
) -> HashMap<&'v str, &'v serde_json::Map<String, Value>> {
    entities
        .iter()
        .filter(|(_, _, e)| type_is_person(e.get("@type")))
        .filter_map(|&(_, _, e)| Some((e.get("@id")?.as_str()?, e)))
        .collect()
}

/// Fills fields still empty from one entity.
fn fill_from_entity(
    info: &mut JsonLdInfo,
    e: &serde_json::Map<String, Value>,
    people_by_id: &HashMap<&str, &serde_json::Map<String, Value>>,
) {
    fill(&mut info.headline, || {
        string_field(e, "headline").or_else(|| string_field(e, "name"))
    });
    fill(&mut info.description, || string_field(e, "description"));
    fill(&mut info.date_published, || {
        string_field(e, "datePublished").or_else(|| string_field(e, "dateCreated"))
    });
    fill(&mut info.date_modified, || string_field(e, "dateModified"));
    if info.authors.is_empty()
        && let Some(a) = e.get("author").or_else(|| e.get("creator"))
    {
        info.authors = people(a, people_by_id);
    }
    fill(&mut info.publisher, || e.get("publisher").and_then(name_of));
    info.publisher_is_person |= e
        .get("publisher")
        .is_some_and(|p| is_person(p, people_by_id));
    fill(&mut info.image, || e.get("image").and_then(url_of));
    fill(&mut info.section, || string_field(e, "articleSection"));
    if info.keywords.is_empty() {
        info.keywords = keywords(e.get("keywords"));
    }
    fill(&mut info.language, || string_field(e, "inLanguage"));
    fill(&mut info.url, || string_field(e, "url"));
    fill(&mut info.article_body, || string_field(e, "articleBody"));
}

fn fill(slot: &mut Option<String>, value: impl FnOnce() -> Option<String>) {
    if slot.is_none() {
        *slot = value();
    }
}

/// A string field; the first string of an array is accepted too.
fn string_field(e: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    let s = match e.get(key)? {
        Value::String(s) => s.as_str(),
        Value::Array(a) => a.iter().find_map(Value::as_str)?,
        _ => return None,
    };
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Object(m) => string_field(m, "name"),
        Value::Array(a) => a.iter().find_map(name_of),
        _ => None,
    }
}

fn url_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Object(m) => string_field(m, "url").or_else(|| string_field(m, "contentUrl")),
        Value::Array(a) => a.iter().find_map(url_of),
        _ => None,
    }
}

/// Author values: a string, a Person/Organization object, a reference to a `Person` elsewhere in
/// the page's graph, or an array of those. Unresolved references name no one.
fn people(
    v: &Value,
    people_by_id: &HashMap<&str, &serde_json::Map<String, Value>>,
) -> Vec<(String, bool)> {
    match v {
        Value::String(s) => vec![(s.trim().to_string(), false)],
        Value::Object(m) => {
            let is_org = type_is_organisation(m.get("@type"));
            let referenced = || {
                let id = m.get("@id")?.as_str()?;
                string_field(people_by_id.get(id)?, "name")
            };
            string_field(m, "name")
                .or_else(referenced)
                .map(|n| vec![(n, is_org)])
                .unwrap_or_default()
        }
        Value::Array(a) => a
            .iter()
            .take(20)
            .flat_map(|p| people(p, people_by_id))
            .collect(),
        _ => Vec::new(),
    }
}

/// A `Person` object, inline (typed `Person`, even if also an organisation) or by reference.
fn is_person(v: &Value, people_by_id: &HashMap<&str, &serde_json::Map<String, Value>>) -> bool {
    let Value::Object(m) = v else { return false };
    let typed = match m.get("@type") {
        Some(Value::String(s)) => s.ends_with("Person"),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .any(|s| s.ends_with("Person")),
        _ => false,
    };
    typed
        || m.get("@id")
            .and_then(Value::as_str)
            .is_some_and(|id| people_by_id.contains_key(id) || id.contains("/person/"))
}

/// Typed `Person` and not also an organisation (a one-person site's publisher is typed both).
fn type_is_person(t: Option<&Value>) -> bool {
    let is_person = match t {
        Some(Value::String(s)) => s.ends_with("Person"),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .any(|s| s.ends_with("Person")),
        _ => false,
    };
    is_person && !type_is_organisation(t)
}

fn type_is_organisation(t: Option<&Value>) -> bool {
    let is_org = |s: &str| {
        s.contains("Organization") || s.contains("Organisation") || s.ends_with("Corporation")
    };
    match t {
        Some(Value::String(s)) => is_org(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(is_org),
        _ => false,
    }
}

fn keywords(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => s
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(String::from)
            .collect(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// Reads all JSON values in a script, repairing common breakage first.
pub fn parse_lenient(raw: &str) -> Vec<Value> {
    let repaired = repair(raw);
    let mut values = Vec::new();
    let mut rest = repaired.as_str();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
        if rest.is_empty() {
            break;
        }
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        match stream.next() {
            Some(Ok(v)) => {
                values.push(v);
                rest = &rest[stream.byte_offset()..];
            }
            _ => break,
        }
    }
    values
}

/// One pass over the script: drops HTML comment and CDATA markers, turns raw control characters
/// inside strings into spaces, and removes commas that precede `}` or `]`.
fn repair(raw: &str) -> String {
    let trimmed = raw.trim();
    let trimmed = trimmed
        .strip_prefix("<!--")
        .or_else(|| trimmed.strip_prefix("<![CDATA["))
        .unwrap_or(trimmed);
    let trimmed = trimmed
        .strip_suffix("-->")
        .or_else(|| trimmed.strip_suffix("]]>"))
        .unwrap_or(trimmed);
    let mut out = String::with_capacity(trimmed.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut pending_comma = false;
    for c in trimmed.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            out.push(if c.is_control() { ' ' } else { c });
            continue;
        }
        if c == ',' {
            if pending_comma {
                continue; // ",," → ","
            }
            pending_comma = true;
            continue;
        }
        if pending_comma && !c.is_whitespace() {
            if c != '}' && c != ']' {
                out.push(',');
            }
            pending_comma = false;
        }
        if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    if pending_comma {
        out.push(',');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerates_broken_json() {
        let cases: &[(&str, usize)] = &[
            (r#"{"a": 1}"#, 1),
            (r#"{"a": [1, 2,], "b": 3,}"#, 1),
            ("{\"a\": \"line\nbreak\"}", 1),
            (r#"{"a": 1} {"b": 2}"#, 2),
            (r#"{"a": 1}, {"b": 2};"#, 2),
            (r#"<!-- {"a": 1} -->"#, 1),
            (r#"{"a": 1} garbage"#, 1),
            (r#"not json"#, 0),
        ];
        for (raw, count) in cases {
            assert_eq!(parse_lenient(raw).len(), *count, "{raw}");
        }
    }

    #[test]
    fn article_fields_come_from_graph_and_main_entity() {
        let graph = r#"{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","name":"Example News"},
            {"@type":"WebPage","name":"Page name","datePublished":"2019-01-01"},
            {"@type":"NewsArticle","headline":"The headline","datePublished":"2020-01-28T10:12:00+01:00",
             "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Organization","name":"Example News"}],
             "publisher":{"@type":"Organization","name":"Example News"},
             "articleBody":"First paragraph.\nSecond paragraph."}]}"#;
        let info = read_jsonld([graph]);
        assert_eq!(info.headline.as_deref(), Some("The headline"));
        assert_eq!(
            info.article_body.as_deref(),
            Some("First paragraph.\nSecond paragraph.")
        );
        assert_eq!(
            info.date_published.as_deref(),
            Some("2020-01-28T10:12:00+01:00")
        );
        assert_eq!(
            info.authors,
            [
                ("Jane Doe".to_string(), false),
                ("Example News".to_string(), true)
            ]
        );
        assert_eq!(info.site_name.as_deref(), Some("Example News"));
        assert_eq!(info.publisher.as_deref(), Some("Example News"));
        assert!(!info.publisher_is_person);

        let nested = r#"{"@type":"WebPage","mainEntity":{"@type":"Article","headline":"Nested","author":"Jo Roe"}}"#;
        let info = read_jsonld([nested]);
        assert_eq!(info.headline.as_deref(), Some("Nested"));
        assert_eq!(info.authors, [("Jo Roe".to_string(), false)]);
    }

    #[test]
    fn author_references_resolve_to_people_in_the_graph() {
        let yoast = r#"{"@graph":[
            {"@type":["Person","Organization"],"@id":"https://ex.com/#/person/owner","name":"Site Owner"},
            {"@type":"Article","headline":"H","author":{"@id":"https://ex.com/#/person/jd"},
             "publisher":{"@id":"https://ex.com/#/person/owner"}},
            {"@type":"Person","@id":"https://ex.com/#/person/jd","name":"Jane Doe"}]}"#;
        assert_eq!(
            read_jsonld([yoast]).authors,
            [("Jane Doe".to_string(), false)]
        );
        let to_owner = yoast.replace("person/jd\"}", "person/owner\"}");
        assert_eq!(read_jsonld([to_owner.as_str()]).authors, []);
    }

    #[test]
    fn a_publisher_that_is_a_person_makes_a_personal_site() {
        for publisher in [
            r#"{"@type":["Person","Organization"],"name":"Jane Doe"}"#,
            r#"{"@id":"https://ex.com/#/schema/person/"}"#,
        ] {
            let article = format!(r#"{{"@type":"BlogPosting","publisher":{publisher}}}"#);
            assert!(
                read_jsonld([article.as_str()]).publisher_is_person,
                "{publisher}"
            );
        }
    }
}
