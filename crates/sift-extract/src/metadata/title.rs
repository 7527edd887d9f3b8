//! The article title: the headline without the site name.
//!
//! `<title>` and `og:title` often carry the site name ("Headline | Example News"); `<h1>` is
//! often the bare headline but on some pages is the logo. So the `<h1>` wins when it agrees with a
//! part of another title source; otherwise structured headlines (JSON-LD, meta) come first, then
//! `<title>` with its site-name parts removed.

use super::collect::{Heading, collapse_whitespace};
use crate::text_key::alnum_key;

/// Separators between a headline and the site name, widest first.
const SEPARATORS: &[&str] = &[
    " | ", " || ", " │ ", " – ", " — ", " - ", " :: ", " » ", " « ", " › ", " · ", " • ", " / ",
    " ~ ", " : ",
];

/// Characters a site name may add to its host's main label ("FAZ.NET", "BBC News", "Spice AI
/// Online"): a longer part that merely contains the label is a headline that names the site
/// ("Learn web development" on web.dev).
const HOST_NAME_EXTRA: usize = 8;

/// Every source of a title a page offers.
#[derive(Debug, Default)]
pub struct TitleSources<'a> {
    pub jsonld_headline: Option<&'a str>,
    pub microdata_headline: Option<&'a str>,
    /// `og:title`, `twitter:title`, Dublin Core, ... in priority order.
    pub meta_titles: Vec<&'a str>,
    pub title_tag: Option<&'a str>,
    pub h1s: &'a [Heading],
    /// Known names of the site (og:site_name, JSON-LD publisher, ...).
    pub site_names: Vec<&'a str>,
    /// The page's host, for recognising the site name ("faz.net" ~ "FAZ.NET").
    pub host: Option<&'a str>,
}

/// The chosen title and the source it came from.
pub fn choose_title(s: &TitleSources<'_>) -> Option<(String, &'static str)> {
    let decoded: Vec<String> = s
        .jsonld_headline
        .into_iter()
        .chain(s.microdata_headline)
        .chain(s.meta_titles.iter().copied())
        .chain(s.title_tag)
        .map(|t| collapse_whitespace(&decode_entities(t)))
        .collect();
    if decoded
        .iter()
        .zip(
            s.jsonld_headline
                .into_iter()
                .chain(s.microdata_headline)
                .chain(s.meta_titles.iter().copied())
                .chain(s.title_tag),
        )
        .any(|(d, o)| d != o)
    {
        let mut it = decoded.iter().map(String::as_str);
        let fixed = TitleSources {
            jsonld_headline: s.jsonld_headline.and_then(|_| it.next()),
            microdata_headline: s.microdata_headline.and_then(|_| it.next()),
            meta_titles: s.meta_titles.iter().filter_map(|_| it.next()).collect(),
            title_tag: s.title_tag.and_then(|_| it.next()),
            h1s: s.h1s,
            site_names: s.site_names.clone(),
            host: s.host,
        };
        return choose_title(&fixed);
    }
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
    for heading in s.h1s {
        let h1 = &heading.text;
        let key = alnum_key(h1);
        if key.len() < 4 || is_site_name(h1, s) {
            continue;
        }
        let agrees = structured.iter().any(|t| alnum_key(t) == key)
            || cleaned.iter().any(|t| alnum_key(t) == key)
            || structured.iter().any(|t| has_segment(t, &key));
        if agrees {
            return Some((without_trailing_site_name(&heading.headline, s), "h1"));
        }
    }
    if let Some(heading) = sole_h1_retelling(s, &structured) {
        return Some((
            without_trailing_site_name(&heading.headline, s),
            "h1 retelling",
        ));
    }
    let labelled = [
        (s.jsonld_headline, "json-ld"),
        (s.microdata_headline, "microdata"),
    ];
    for (candidate, source) in labelled {
        // A structured headline names the article: only a recognised site name is cut from it.
        if let Some(t) = candidate.and_then(|t| strip_site_name_with(t, s, false)) {
            return Some((whole_of_cut_headline(t, &cleaned), source));
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
        .find(|h| !is_site_name(&h.text, s))
        .map(|h| (h.headline.clone(), "h1"))
}

/// A structured headline cut short (SEO plugins cut JSON-LD's `headline` at schema.org's
/// suggested 110 characters, mid-phrase) is the start of another source's title, which goes on
/// with a word where the cut fell: that one, its site name cut. A source going on after a
/// separator ("Headline: Site") holds the same headline and a name.
fn whole_of_cut_headline(headline: String, others: &[String]) -> String {
    let key = alnum_key(&headline);
    others
        .iter()
        .find(|other| {
            continuation(other, &key).is_some_and(|rest| {
                rest.trim_start()
                    .starts_with(|c: char| c.is_alphanumeric() || c == '(')
            })
        })
        .cloned()
        .unwrap_or(headline)
}

/// What follows the part of `text` whose [`alnum_key`] is `key`, if `text` starts with it.
fn continuation<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let mut read = String::with_capacity(key.len());
    for (at, c) in text.char_indices() {
        if !c.is_alphanumeric() {
            continue;
        }
        read.extend(c.to_lowercase());
        if !key.starts_with(&read) {
            return None;
        }
        if read.len() == key.len() {
            return Some(&text[at + c.len_utf8()..]);
        }
    }
    None
}

/// Decodes character references left in attribute values and JSON strings ("&#038;", "&amp;").
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let decoded = tail[1..]
            .find(';')
            .filter(|&e| e > 0 && e <= 10)
            .and_then(|e| {
                let name = &tail[1..1 + e];
                let c = if let Some(num) = name.strip_prefix('#') {
                    let n = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => num.parse().ok(),
                    };
                    n.and_then(char::from_u32)
                } else {
                    match name {
                        "amp" => Some('&'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "nbsp" => Some(' '),
                        "bull" => Some('•'),
                        "middot" => Some('·'),
                        "ndash" => Some('–'),
                        "mdash" => Some('—'),
                        "hellip" => Some('…'),
                        "raquo" => Some('»'),
                        "laquo" => Some('«'),
                        "rsquo" => Some('’'),
                        "lsquo" => Some('‘'),
                        "rdquo" => Some('”'),
                        "ldquo" => Some('“'),
                        "bdquo" => Some('„'),
                        _ => None,
                    }
                };
                c.map(|c| (c, e + 2))
            });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The separator [`title_parts`] splits on.
fn title_parts_sep(title: &str) -> Option<&'static str> {
    SEPARATORS.iter().copied().find(|sep| title.contains(*sep))
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

/// Share of an `<h1>`'s words a title must hold for the two to tell the same story: half.
const RETELLING_SHARE: f64 = 0.5;

/// The page's only `<h1>` when it words the headline its title or meta tags word differently
/// ("Top 10 Health and Nutrition Trends to Watch" for "Health And Nutrition Trends For 2026"):
/// most of its words are in one of them. What the page shows above the article is its headline;
/// the others are written for search results and shares.
fn sole_h1_retelling<'h>(s: &TitleSources<'h>, structured: &[&str]) -> Option<&'h Heading> {
    let [heading] = s.h1s else { return None };
    let words = word_keys(&heading.headline);
    if words.len() < 2 || is_site_name(&heading.text, s) {
        return None;
    }
    let shared = |title: &str| {
        let title = word_keys(title);
        words.iter().filter(|w| title.contains(w)).count()
    };
    let most = structured.iter().map(|t| shared(t)).max()?;
    (most as f64 >= RETELLING_SHARE * words.len() as f64).then_some(heading)
}

/// The [`alnum_key`] of each word.
fn word_keys(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(alnum_key)
        .filter(|k| !k.is_empty())
        .collect()
}

/// A headline without a last part that is exactly a known site name ("Critics' Choice –
/// Artlyst" on a site named "Artlyst"): the page's own name set after its headline.
fn without_trailing_site_name(headline: &str, s: &TitleSources<'_>) -> String {
    let Some(sep) = title_parts_sep(headline) else {
        return headline.to_string();
    };
    match headline.rsplit_once(sep) {
        Some((head, last))
            if !head.trim().is_empty()
                && s.site_names
                    .iter()
                    .any(|n| !alnum_key(n).is_empty() && alnum_key(n) == alnum_key(last)) =>
        {
            head.trim().to_string()
        }
        _ => headline.to_string(),
    }
}

/// Whether `title` holds a run of its separator-delimited parts whose key is `key`: the `<h1>`
/// "Headline" in "Section: Headline - Site | host.com", where the parts are joined by more than
/// one kind of separator, or by a colon after a section name.
fn has_segment(title: &str, key: &str) -> bool {
    let bounds = segment_bounds(title);
    bounds.iter().enumerate().any(|(i, &(_, start))| {
        bounds[i + 1..]
            .iter()
            .any(|&(end, _)| start < end && alnum_key(&title[start..end]) == key)
    })
}

/// Byte ranges `(start, end)` of the separators in `title` (every kind in [`SEPARATORS`], and
/// a colon ending a word), with an empty one at each end: a segment runs from the `end` of one
/// to the `start` of a later one.
fn segment_bounds(title: &str) -> Vec<(usize, usize)> {
    let mut bounds = vec![(0, 0)];
    for sep in SEPARATORS.iter().copied().chain([": "]) {
        bounds.extend(title.match_indices(sep).map(|(i, m)| (i, i + m.len())));
    }
    bounds.push((title.len(), title.len()));
    bounds.sort_unstable();
    bounds
}

/// The title without its site-name parts; `None` if nothing else is left.
fn strip_site_name(title: &str, s: &TitleSources<'_>) -> Option<String> {
    strip_site_name_with(title, s, true)
}

/// A title opening with the page's host and a space ("example.com Big news today"): the site
/// named by its address, without a separator.
fn without_leading_host<'t>(title: &'t str, host: Option<&str>) -> &'t str {
    let Some(host) = host.map(|h| h.strip_prefix("www.").unwrap_or(h)) else {
        return title;
    };
    match (title.get(..host.len()), title.get(host.len()..)) {
        (Some(head), Some(rest))
            if head.eq_ignore_ascii_case(host) && rest.starts_with(char::is_whitespace) =>
        {
            // After a separator, the site name is cut as any other is.
            let rest = rest.trim_start();
            if rest.starts_with(char::is_alphanumeric) {
                rest
            } else {
                title
            }
        }
        _ => title,
    }
}

/// As [`strip_site_name`]; with `guess`, a title where no part is recognised as the site loses
/// its shorter parts too.
fn strip_site_name_with(title: &str, s: &TitleSources<'_>, guess: bool) -> Option<String> {
    let title = without_leading_host(title.trim(), s.host);
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
        n if n == parts.len() => {
            let longest = parts.iter().copied().max_by_key(|p| p.chars().count())?;
            let dropped_words = parts
                .iter()
                .filter(|p| !std::ptr::eq(**p, longest))
                .map(|p| p.split_whitespace().count())
                .max()
                .unwrap_or(0);
            // Without a recognised site part, a separator that is part of the headline: a
            // continuation starting in lower case ("Topic – what to do"), or a colon after a
            // long clause ("Deux ans en Macronie : une condamnation").
            let continues = parts[1..]
                .iter()
                .any(|p| p.chars().next().is_some_and(char::is_lowercase));
            let colon = !title.contains(" | ") && title_parts_sep(title) == Some(" : ");
            if !guess || continues || (colon && dropped_words > 3) {
                Some(title.to_string())
            } else {
                Some(longest.to_string())
            }
        }
        _ => kept
            .iter()
            .max_by_key(|p| p.chars().count())
            .map(|p| p.to_string()),
    }
}

/// A part naming the site: equal to a known site name, or containing the host's main label.
fn is_site_name(part: &str, s: &TitleSources<'_>) -> bool {
    let key = alnum_key(part);
    if key.is_empty() {
        return false;
    }
    if s.site_names.iter().any(|n| {
        let n = alnum_key(n);
        !n.is_empty() && (n == key || (key.len() <= n.len() + 4 && key.contains(&n)))
    }) {
        return true;
    }
    if s.site_names.iter().any(|n| is_initialism_of(part, n)) {
        return true;
    }
    let words = part.split_whitespace().count();
    match s.host.and_then(host_label) {
        Some(label) if words <= 4 => {
            (key.contains(&label) && key.len() <= label.len() + HOST_NAME_EXTRA)
                || label.contains(&key) && key.len() >= 4
        }
        _ => false,
    }
}

/// A part written in capitals that spells the initials of a site name of several words ("WFA"
/// for "World Future Awards").
fn is_initialism_of(part: &str, site_name: &str) -> bool {
    let part = part.trim();
    let words: Vec<&str> = site_name.split_whitespace().collect();
    let capitals = part.chars().all(|c| c.is_uppercase());
    let initials: String = words
        .iter()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    words.len() >= 2 && capitals && part.chars().count() == words.len() && part == initials
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
    let key = alnum_key(label);
    (key.len() >= 3).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Headings without kickers.
    fn headings(texts: &[&str]) -> Vec<Heading> {
        texts
            .iter()
            .map(|t| Heading {
                text: t.to_string(),
                headline: t.to_string(),
            })
            .collect()
    }

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
    fn a_headline_naming_the_sites_host_word_is_not_the_site_name() {
        let on = |host: &'static str, tag: &'static str| {
            title(|s| {
                s.host = Some(host);
                s.title_tag = Some(tag);
            })
        };
        assert_eq!(
            on("web.dev", "Learn web development | web.dev").as_deref(),
            Some("Learn web development")
        );
        // The site's own name, a few characters more than its host's label, is still cut.
        assert_eq!(
            on("www.spice.ai", "Introducing the Cayenne engine | Spice AI").as_deref(),
            Some("Introducing the Cayenne engine")
        );
        assert_eq!(
            on("www.faz.net", "Wahl in Hessen - FAZ.NET").as_deref(),
            Some("Wahl in Hessen")
        );
    }

    #[test]
    fn a_title_opening_with_the_host_loses_it() {
        let got = title(|s| s.title_tag = Some("Example-News.com Big news today"));
        assert_eq!(got.as_deref(), Some("Big news today"));
        let got = title(|s| s.title_tag = Some("example-news.community Big news today"));
        assert_eq!(
            got.as_deref(),
            Some("example-news.community Big news today")
        );
    }

    #[test]
    fn a_headline_cut_short_is_completed_by_the_title_that_goes_on_from_it() {
        let got = title(|s| {
            s.jsonld_headline = Some("Four readers find solutions (Including");
            s.title_tag = Some("Four readers find solutions (Including one trick) - Example News");
        });
        assert_eq!(
            got.as_deref(),
            Some("Four readers find solutions (Including one trick)")
        );
        // A title going on after a separator adds a name, not the rest of the headline.
        let got = title(|s| {
            s.jsonld_headline = Some("Repair café on 31 January");
            s.title_tag = Some("Repair café on 31 January: City of Ahlen");
        });
        assert_eq!(got.as_deref(), Some("Repair café on 31 January"));
    }

    #[test]
    fn decodes_entities_and_keeps_headline_continuations() {
        let got = title(|s| s.jsonld_headline = Some("Thermen- &#038; Vulkanland &amp; mehr"));
        assert_eq!(got.as_deref(), Some("Thermen- & Vulkanland & mehr"));
        let got = title(|s| s.title_tag = Some("Hund im Winter – was zu tun ist"));
        assert_eq!(got.as_deref(), Some("Hund im Winter – was zu tun ist"));
        let got = title(|s| {
            s.title_tag = Some("Ein Quantensprung für Nordhausen : 06.11.2023, 11.41 Uhr")
        });
        assert_eq!(got.as_deref(), Some("Ein Quantensprung für Nordhausen"));
    }

    #[test]
    fn prefers_the_h1_that_matches_a_title_part() {
        let h1s = headings(&["Example News", "Big  news today"]);
        let got = title(|s| {
            s.title_tag = Some("Big news today | Example News");
            s.h1s = &h1s;
        });
        assert_eq!(got.as_deref(), Some("Big  news today"));
    }

    #[test]
    fn prefers_the_h1_found_between_mixed_separators() {
        let cases: &[(&str, &str)] = &[
            ("Big news today - Section | example.org", "Big news today"),
            ("Chronik: Big news today", "Big news today"),
            (
                "Author Name: Big news today - Example Online",
                "Big news today",
            ),
        ];
        for (tag, h1) in cases {
            let h1s = headings(&[h1]);
            let got = title(|s| {
                s.title_tag = Some(tag);
                s.h1s = &h1s;
            });
            assert_eq!(got.as_deref(), Some(*h1), "{tag}");
        }
    }

    #[test]
    fn an_h1_inside_a_title_word_is_no_segment() {
        assert!(!has_segment("Bigger news today | Example", "gernewstoday"));
        assert!(has_segment(
            "Bigger news today | Example",
            "biggernewstoday"
        ));
    }

    #[test]
    fn site_names_go_by_their_initials_and_after_an_h1() {
        let got = title(|s| {
            s.title_tag = Some("Top 100 Companies | WFA");
            s.site_names = vec!["World Future Awards"];
        });
        assert_eq!(got.as_deref(), Some("Top 100 Companies"));
        assert!(!is_initialism_of("WFA", "Wfa"));
        assert!(!is_initialism_of("Wfa", "World Future Awards"));
        let h1s = headings(&["Critics' Choice: Best Shows – Artlyst"]);
        let got = title(|s| {
            s.title_tag = Some("Critics' Choice: Best Shows – Artlyst");
            s.site_names = vec!["Artlyst"];
            s.h1s = &h1s;
        });
        assert_eq!(got.as_deref(), Some("Critics' Choice: Best Shows"));
    }

    #[test]
    fn separators_set_with_non_breaking_spaces_split_titles() {
        let got = title(|s| {
            s.title_tag = Some("Learn web development &nbsp;|\u{a0} web.dev");
            s.site_names = vec!["web.dev"];
        });
        assert_eq!(got.as_deref(), Some("Learn web development"));
    }

    #[test]
    fn the_sole_h1_retelling_the_title_is_the_headline() {
        let h1s = headings(&["Top 10 Health and Nutrition Trends to Watch"]);
        let got = title(|s| {
            s.meta_titles = vec!["Health And Nutrition Trends For 2026"];
            s.title_tag = Some("Health And Nutrition Trends For 2026 | Example");
            s.h1s = &h1s;
        });
        assert_eq!(
            got.as_deref(),
            Some("Top 10 Health and Nutrition Trends to Watch")
        );
        let label = headings(&["Webcams and live views"]);
        let got = title(|s| {
            s.meta_titles = vec!["Yosemite National Park"];
            s.h1s = &label;
        });
        assert_eq!(got.as_deref(), Some("Yosemite National Park"));
        let two = headings(&["Health trends to watch", "Nutrition trends"]);
        let got = title(|s| {
            s.meta_titles = vec!["Health And Nutrition Trends For 2026"];
            s.h1s = &two;
        });
        assert_eq!(got.as_deref(), Some("Health And Nutrition Trends For 2026"));
    }

    #[test]
    fn structured_headline_beats_an_unrelated_h1() {
        let h1s = headings(&["Menu"]);
        let got = title(|s| {
            s.jsonld_headline = Some("The real headline");
            s.title_tag = Some("Something | Example News");
            s.h1s = &h1s;
        });
        assert_eq!(got.as_deref(), Some("The real headline"));
    }
}
