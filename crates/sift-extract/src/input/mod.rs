//! Input decoding: a Kafka message value (raw page or JSON envelope) → a decoded [`Page`].
//!
//! Pure: bytes and transport metadata in, a UTF-8 page or a typed [`InputError`] out.

mod charset;
mod envelope;
mod mojibake;
mod sniff;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use envelope::EnvelopeFields;

/// What the page's bytes turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    Html,
    /// Plain text, as some scrapers deliver (a text dump of the rendered page).
    Text,
}

/// One page, decoded to UTF-8, with what the transport told us about it.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page as valid UTF-8.
    pub text: String,
    pub kind: ContentKind,
    /// The URL the page was fetched from, if known.
    pub url: Option<String>,
    pub fetched_at: Option<DateTime<Utc>>,
    /// HTTP status of the fetch, when the envelope or a `status` header carries it.
    pub status: Option<u16>,
    /// Encoding the bytes were decoded from (WHATWG name, e.g. `UTF-8`, `windows-1252`).
    pub charset: &'static str,
    /// How the charset was chosen: `bom`, `transport`, `meta` or `detected`.
    pub charset_source: &'static str,
    /// Characters decoded a second time because the page was saved double-encoded (see
    /// `mojibake`); 0 for nearly every page.
    pub repaired_chars: usize,
}

/// How message values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum InputFormat {
    /// An envelope when the value is a JSON object, the page itself otherwise.
    #[default]
    Auto,
    /// The value is always the page itself.
    Raw,
    /// The value is always a JSON envelope.
    Envelope,
}

/// `[input]`: how message values become pages.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InputConfig {
    /// `auto`, `raw` or `envelope`.
    pub format: InputFormat,
    /// Largest page accepted, in bytes, after envelope decoding; larger ones go to the DLQ.
    pub max_page_bytes: usize,
    /// Share of characters that may be lost to decoding errors (U+FFFD) before the page is
    /// declared undecodable.
    pub max_replacement_ratio: f64,
    /// Field names of the JSON envelope.
    pub envelope: EnvelopeFields,
}

impl Default for InputConfig {
    fn default() -> Self {
        InputConfig {
            format: InputFormat::Auto,
            max_page_bytes: 10 * 1024 * 1024,
            max_replacement_ratio: 0.05,
            envelope: EnvelopeFields::default(),
        }
    }
}

/// What the transport says about a message besides its value.
#[derive(Debug, Clone, Default)]
pub struct Transport<'a> {
    pub key: Option<&'a [u8]>,
    /// Message headers, names as sent.
    pub headers: Vec<(&'a str, &'a [u8])>,
}

impl<'a> Transport<'a> {
    fn header(&self, name: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| std::str::from_utf8(v).ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    /// The record key, when it is a URL.
    fn key_url(&self) -> Option<&'a str> {
        let key = std::str::from_utf8(self.key?).ok()?.trim();
        (key.starts_with("http://") || key.starts_with("https://")).then_some(key)
    }
}

/// Why a message could not become a page. Each variant is a dead-letter error class of its
/// own (the service's `ErrorClass` names them).
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum InputError {
    #[error("empty message value")]
    Empty,
    #[error("page of {size} bytes exceeds the {limit}-byte cap")]
    Oversized { size: usize, limit: usize },
    #[error("broken envelope: {0}")]
    BrokenEnvelope(String),
    #[error("binary content ({0}), not a page")]
    Binary(&'static str),
    #[error("undecodable text: {replaced} of {chars} characters lost in {charset}")]
    Undecodable {
        replaced: usize,
        chars: usize,
        charset: &'static str,
    },
}

/// Turns a message value into a page.
pub fn decode(
    value: &[u8],
    transport: &Transport<'_>,
    config: &InputConfig,
) -> Result<Page, InputError> {
    if value.trim_ascii().is_empty() {
        return Err(InputError::Empty);
    }
    let is_envelope = match config.format {
        InputFormat::Raw => false,
        InputFormat::Envelope => true,
        InputFormat::Auto => value.trim_ascii_start().starts_with(b"{"),
    };
    if is_envelope {
        let env = envelope::parse(value, &config.envelope)?;
        let raw = RawPage {
            bytes: &env.body,
            url: env
                .url
                .as_deref()
                .or(transport.header("url"))
                .or(transport.key_url()),
            fetched_at: env.fetched_at.as_deref().or(transport.header("fetched_at")),
            content_type: env.content_type.as_deref(),
            status: env.status,
        };
        decode_page(raw, config)
    } else {
        let raw = RawPage {
            bytes: value,
            url: transport.header("url").or(transport.key_url()),
            fetched_at: transport.header("fetched_at"),
            content_type: transport.header("content-type"),
            status: transport.header("status").and_then(|s| s.parse().ok()),
        };
        decode_page(raw, config)
    }
}

/// A page's bytes and metadata, before charset decoding.
struct RawPage<'a> {
    bytes: &'a [u8],
    url: Option<&'a str>,
    fetched_at: Option<&'a str>,
    content_type: Option<&'a str>,
    status: Option<u16>,
}

fn decode_page(raw: RawPage<'_>, config: &InputConfig) -> Result<Page, InputError> {
    if raw.bytes.trim_ascii().is_empty() {
        return Err(InputError::Empty);
    }
    if raw.bytes.len() > config.max_page_bytes {
        return Err(InputError::Oversized {
            size: raw.bytes.len(),
            limit: config.max_page_bytes,
        });
    }
    if let Some(kind) = sniff::binary_kind(raw.bytes) {
        return Err(InputError::Binary(kind));
    }
    let tld = raw.url.and_then(url_tld);
    let decoded = charset::decode(
        raw.bytes,
        raw.content_type.and_then(charset_param),
        tld.as_deref(),
    );
    let chars = decoded.text.chars().count();
    if decoded.replacements as f64 > config.max_replacement_ratio * chars as f64 {
        return Err(InputError::Undecodable {
            replaced: decoded.replacements,
            chars,
            charset: decoded.encoding.name(),
        });
    }
    let (text, repaired_chars) = mojibake::repair(&decoded.text).unwrap_or((decoded.text, 0));
    Ok(Page {
        kind: sniff::content_kind(&text),
        text,
        url: raw.url.map(str::to_owned),
        fetched_at: raw.fetched_at.and_then(parse_fetched_at),
        status: raw.status,
        charset: decoded.encoding.name(),
        charset_source: decoded.source,
        repaired_chars,
    })
}

/// `charset` parameter of a `Content-Type` value.
fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then_some(value.trim())
    })
}

/// Last label of the URL's host, for charset detection.
fn url_tld(url: &str) -> Option<Vec<u8>> {
    let host = url::Url::parse(url).ok()?.host_str()?.to_ascii_lowercase();
    let tld = host.rsplit('.').next()?;
    tld.bytes()
        .all(|b| b.is_ascii_alphabetic())
        .then(|| tld.as_bytes().to_vec())
}

/// RFC 3339 or Unix epoch (seconds or milliseconds).
fn parse_fetched_at(value: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Some(t.with_timezone(&Utc));
    }
    let n: i64 = value.parse().ok()?;
    // Seconds until the year 5138; milliseconds beyond.
    if n < 100_000_000_000 {
        DateTime::from_timestamp(n, 0)
    } else {
        DateTime::from_timestamp_millis(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(value: &[u8], headers: &[(&'static str, &'static [u8])]) -> Result<Page, InputError> {
        let transport = Transport {
            key: None,
            headers: headers.to_vec(),
        };
        decode(value, &transport, &InputConfig::default())
    }

    #[test]
    fn raw_html_takes_url_time_and_charset_from_headers() {
        let page = raw(
            b"<html><p>caf\xe9</p></html>",
            &[
                ("url", b"https://example.de/a"),
                ("fetched_at", b"2024-05-01T10:00:00+02:00"),
                ("content-type", b"text/html; charset=ISO-8859-1"),
            ],
        )
        .expect("decodes");
        assert_eq!(page.kind, ContentKind::Html);
        assert_eq!(page.url.as_deref(), Some("https://example.de/a"));
        assert_eq!(
            page.fetched_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2024-05-01T08:00:00+00:00")
        );
        assert!(page.text.contains("café"));
        assert_eq!(page.charset_source, "transport");
    }

    #[test]
    fn a_page_saved_double_encoded_is_decoded_again() {
        // "It’s" whose UTF-8 bytes were read as Latin-1 and written as UTF-8 once more.
        let page = raw(
            b"<meta charset=utf-8><p>It\xc3\xa2\xc2\x80\xc2\x99s here</p>",
            &[],
        )
        .expect("decodes");
        assert!(page.text.contains("It\u{2019}s here"), "{}", page.text);
        assert_eq!(page.repaired_chars, 1);
    }

    #[test]
    fn url_falls_back_to_the_key() {
        let transport = Transport {
            key: Some(b"https://example.com/story"),
            headers: vec![],
        };
        let page = decode(b"<p>x</p>", &transport, &InputConfig::default()).expect("decodes");
        assert_eq!(page.url.as_deref(), Some("https://example.com/story"));
    }

    #[test]
    fn plain_text_is_recognised() {
        let page = raw(b"Headline\n\nA paragraph of text.", &[]).expect("decodes");
        assert_eq!(page.kind, ContentKind::Text);
    }

    #[test]
    fn bad_inputs_get_typed_errors() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        type Expected = fn(&InputError) -> bool;
        let cases: [(&[u8], Expected); 4] = [
            (b"", |e| *e == InputError::Empty),
            (b"  \n ", |e| *e == InputError::Empty),
            (png, |e| *e == InputError::Binary("png")),
            (b"{\"url\": \"x\", ", |e| {
                matches!(e, InputError::BrokenEnvelope(_))
            }),
        ];
        for (value, expected) in cases {
            let err = raw(value, &[]).err();
            assert!(err.as_ref().is_some_and(expected), "{value:?}: {err:?}");
        }
    }

    #[test]
    fn oversized_pages_are_refused() {
        let config = InputConfig {
            max_page_bytes: 10,
            ..InputConfig::default()
        };
        let err = decode(
            b"<p>more than ten bytes</p>",
            &Transport::default(),
            &config,
        );
        assert!(matches!(err, Err(InputError::Oversized { .. })), "{err:?}");
    }

    #[test]
    fn epoch_fetch_times_are_accepted() {
        assert_eq!(
            parse_fetched_at("1700000000").map(|t| t.timestamp()),
            Some(1_700_000_000)
        );
        assert_eq!(
            parse_fetched_at("1700000000123").map(|t| t.timestamp()),
            Some(1_700_000_000)
        );
    }
}
