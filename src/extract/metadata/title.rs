//! The article title: the headline without the site name.
//!
//! `<title>` and `og:title` often carry the site name ("Headline | Example News"); `<h1>` is
//! often the bare headline but on some pages is the logo. So the `<h1>` wins when it agrees with a
//! part of another title source; otherwise structured headlines (JSON-LD, meta) come first, then
//! `<title>` with its site-name parts removed.

/// Separators between a headline and the site name, widest first.
const SEPARATORS: &[&str] = &[
    " | ", " || ", " – ", " — ", " - ", " :: ", " » ", " « ", " · ", " • ", " / ", " ~ ",
];

/// Every source of a title a page offers.
#[derive(Debug, Default)]
pub struct TitleSources<'a> {
    pub jsonld_headline: Option<&'a str>,
    pub microdata_headline: Option<&'a str>,
    /// `og:title`, `twitter:title`, Dublin Core, ... in priority order.
    pub meta_titles: Vec<&'a str>,
    pub title_tag: Option<&'a str>,
    pub h1s: &'a [String],
    /// Known names of the site (og:site_name, JSON-LD publisher, ...).
    pub site_names: Vec<&'a str>,
    /// The page's host, for recognising the site name ("faz.net" ~ "FAZ.NET").
    pub host: Option<&'a str>,
}

/// The chosen title and the source it came from.
pub fn choose_title(s: &TitleSources<'_>) -> Option<(String, &'static str)> {
    let structured: Vec<&str> = s
        .jsonld_headline
        .into_iter()
        .chain(s.microdata_headline)
        .chain(s.meta_titles.iter().copied())
        .chain(s.title_tag)
        .collect();
    let cleaned: Vec<String> = structured
        .iter()
        .filter_map(|t| strip_site_name(t, s))
        .collect();
    // The <h1> that matches another source's headline or headline part is the article's.
    for h1 in s.h1s {
        let key = norm_key(h1);
        if key.len() < 4 || is_site_name(h1, s) {
            continue;
        }
        let agrees = structured.iter().any(|t| norm_key(t) == key)
            || cleaned.iter().any(|t| norm_key(t) == key)
            || structured
                .iter()
                .flat_map(|t| title_parts(t))
                .any(|p| norm_key(p) == key);
        if agrees {
            return Some((h1.clone(), "h1"));
        }
    }
    let labelled = [
        (s.jsonld_headline, "json-ld"),
        (s.microdata_headline, "microdata"),
    ];
    for (candidate, source) in labelled {
        if let Some(t) = candidate.and_then(|t| strip_site_name(t, s)) {
            return Some((t, source));
        }
    }
    for t in &s.meta_titles {
        if let Some(t) = strip_site_name(t, s) {
            return Some((t, "meta"));
        }
    }
    if let Some(t) = s.title_tag.and_then(|t| strip_site_name(t, s)) {
        return Some((t, "title"));
    }
    s.h1s
        .iter()
        .find(|h| !is_site_name(h, s))
        .map(|h| (h.clone(), "h1"))
}

/// Splits a title on its widest separator into parts ("Headline | Section | Site").
fn title_parts(title: &str) -> Vec<&str> {
    SEPARATORS
        .iter()
        .find(|sep| title.contains(*sep))
        .map(|sep| {
            title
                .split(*sep)
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect()
        })
        .unwrap_or_else(|| vec![title.trim()])
}

/// The title without its site-name parts; `None` if nothing else is left.
fn strip_site_name(title: &str, s: &TitleSources<'_>) -> Option<String> {
    let title = title.trim();
    if title.is_empty() || is_site_name(title, s) {
        return None;
    }
    let parts = title_parts(title);
    if parts.len() < 2 {
        return Some(title.to_string());
    }
    let kept: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|p| !is_site_name(p, s))
        .collect();
    match kept.len() {
        0 => None,
        // Nothing recognised as the site: the site name is conventionally last (or first when
        // the first part is much shorter), and the headline is the longest part.
        n if n == parts.len() => parts
            .iter()
            .max_by_key(|p| p.chars().count())
            .map(|p| p.to_string()),
        _ => kept
            .iter()
            .max_by_key(|p| p.chars().count())
            .map(|p| p.to_string()),
    }
}

/// A part naming the site: equal to a known site name, or containing the host's main label.
fn is_site_name(part: &str, s: &TitleSources<'_>) -> bool {
    let key = norm_key(part);
    if key.is_empty() {
        return false;
    }
    if s.site_names.iter().any(|n| {
        let n = norm_key(n);
        !n.is_empty() && (n == key || (key.len() <= n.len() + 4 && key.contains(&n)))
    }) {
        return true;
    }
    let words = part.split_whitespace().count();
    match s.host.and_then(host_label) {
        Some(label) if words <= 4 => key.contains(&label) || label.contains(&key) && key.len() >= 4,
        _ => false,
    }
}

/// The registrable label of a host: "www.faz.net" → "faz", "blog.example.co.uk" → "example".
pub fn host_label(host: &str) -> Option<String> {
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    let n = labels.len();
    let second_level = n >= 3
        && matches!(
            labels[n - 2],
            "co" | "com" | "org" | "net" | "ac" | "gov" | "or"
        );
    let label = match (n, second_level) {
        (0 | 1, _) => labels.first()?,
        (_, true) => labels[n - 3],
        _ => labels[n - 2],
    };
    let key = norm_key(label);
    (key.len() >= 3).then_some(key)
}

/// Lower-case letters and digits only: the key two titles are compared on.
pub fn norm_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title<'a>(f: impl FnOnce(&mut TitleSources<'a>)) -> Option<String> {
        let mut s = TitleSources {
            host: Some("www.example-news.com"),
            ..TitleSources::default()
        };
        f(&mut s);
        choose_title(&s).map(|(t, _)| t)
    }

    #[test]
    fn removes_the_site_name_from_titles() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("Big news today | Example News", &[], "Big news today"),
            ("Example News - Big news today", &[], "Big news today"),
            (
                "Big news today – The Daily",
                &["The Daily"],
                "Big news today",
            ),
            (
                "Big news today :: Politics :: Example-News",
                &[],
                "Big news today",
            ),
            ("A title without site", &[], "A title without site"),
        ];
        for (tag, sites, want) in cases {
            let got = title(|s| {
                s.title_tag = Some(tag);
                s.site_names = sites.to_vec();
            });
            assert_eq!(got.as_deref(), Some(*want), "{tag}");
        }
    }

    #[test]
    fn prefers_the_h1_that_matches_a_title_part() {
        let h1s = vec!["Example News".to_string(), "Big  news today".to_string()];
        let got = title(|s| {
            s.title_tag = Some("Big news today | Example News");
            s.h1s = &h1s;
        });
        assert_eq!(got.as_deref(), Some("Big  news today"));
    }

    #[test]
    fn structured_headline_beats_an_unrelated_h1() {
        let h1s = vec!["Menu".to_string()];
        let got = title(|s| {
            s.jsonld_headline = Some("The real headline");
            s.title_tag = Some("Something | Example News");
            s.h1s = &h1s;
        });
        assert_eq!(got.as_deref(), Some("The real headline"));
    }
}
