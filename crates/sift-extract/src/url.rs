//! Canonical URLs: one spelling per page, so dedup and consumers can compare URLs as strings.

use url::Url;

/// Query parameters that only track the visitor; matched exactly, or as a prefix when ending
/// in `_`.
const TRACKING_PARAMS: &[&str] = &[
    "utm_",
    "fbclid",
    "gclid",
    "gclsrc",
    "dclid",
    "msclkid",
    "mc_eid",
    "mc_cid",
    "igshid",
    "yclid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "ref_src",
    "ref_url",
    "mkt_tok",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "wickedid",
    "twclid",
    "ttclid",
    "s_cid",
    "spm",
    "share",
    "at_medium",
    "at_campaign",
    "cmpid",
    "ito",
    "ns_mchannel",
    "ns_campaign",
    "ocid",
    "icid",
    "__twitter_impression",
    "sr_share",
];

/// Resolves `url` against `base` and normalises it: lower-case scheme and host (url's parser
/// does both), default port and fragment dropped, tracking parameters removed, remaining query
/// sorted. `None` for anything that is not an absolute http(s) URL after resolution.
pub fn canonicalize_url(url: &str, base: Option<&str>) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    let base = base.and_then(|b| Url::parse(b.trim()).ok());
    let mut parsed = match &base {
        Some(b) => b.join(url).ok()?,
        None => Url::parse(url).ok()?,
    };
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return None;
    }
    parsed.set_fragment(None);
    let mut pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| !is_tracking_param(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if pairs.is_empty() {
        parsed.set_query(None);
    } else {
        pairs.sort();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    Some(parsed.into())
}

fn is_tracking_param(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    TRACKING_PARAMS.iter().any(|t| {
        if t.ends_with('_') {
            key.starts_with(t)
        } else {
            key == *t
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalizes_urls() {
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            (
                "HTTPS://Example.COM:443/a/b?z=1&a=2#frag",
                None,
                Some("https://example.com/a/b?a=2&z=1"),
            ),
            ("http://example.com:80/", None, Some("http://example.com/")),
            (
                "http://example.com:8080/x",
                None,
                Some("http://example.com:8080/x"),
            ),
            (
                "/story?utm_source=tw&id=5&fbclid=abc",
                Some("https://ex.com/news/"),
                Some("https://ex.com/story?id=5"),
            ),
            (
                "story.html",
                Some("https://ex.com/news/index.html"),
                Some("https://ex.com/news/story.html"),
            ),
            (
                "https://ex.com/p?gclid=1&mc_eid=2&mc_cid=3&igshid=4&yclid=5&_ga=6&ref_src=7",
                None,
                Some("https://ex.com/p"),
            ),
            (
                "//cdn.ex.com/a",
                Some("https://ex.com/"),
                Some("https://cdn.ex.com/a"),
            ),
            ("mailto:a@b.c", None, None),
            ("/relative", None, None),
            ("", Some("https://ex.com/"), None),
        ];
        for (url, base, want) in cases {
            assert_eq!(canonicalize_url(url, *base).as_deref(), *want, "{url}");
        }
    }
}
