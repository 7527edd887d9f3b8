//! The JSON envelope some scrapers wrap pages in:
//! `{"url", "html" | "body_base64", "fetched_at", "status", "headers": {...}}`.

use super::InputError;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `[input.envelope]`: field names of the envelope, for scrapers that spell them differently.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EnvelopeFields {
    pub url: String,
    /// The page as a JSON string.
    pub html: String,
    /// The page's raw bytes, base64 (standard alphabet); used when `html` is absent.
    pub body_base64: String,
    /// RFC 3339 or Unix epoch seconds/milliseconds.
    pub fetched_at: String,
    /// HTTP status code of the fetch.
    pub status: String,
    /// Object of HTTP response headers; `content-type` gives the charset.
    pub headers: String,
}

impl Default for EnvelopeFields {
    fn default() -> Self {
        EnvelopeFields {
            url: "url".into(),
            html: "html".into(),
            body_base64: "body_base64".into(),
            fetched_at: "fetched_at".into(),
            status: "status".into(),
            headers: "headers".into(),
        }
    }
}

/// An envelope's contents, bytes not yet decoded.
pub struct Envelope {
    pub body: Vec<u8>,
    pub url: Option<String>,
    pub fetched_at: Option<String>,
    pub status: Option<u16>,
    pub content_type: Option<String>,
}

pub fn parse(value: &[u8], fields: &EnvelopeFields) -> Result<Envelope, InputError> {
    let broken = |why: String| InputError::BrokenEnvelope(why);
    let json: Value = serde_json::from_slice(value).map_err(|e| broken(e.to_string()))?;
    let obj = json
        .as_object()
        .ok_or_else(|| broken("not a JSON object".into()))?;
    let body = body(obj, fields)?;
    let fetched_at = match obj.get(&fields.fetched_at) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let status = obj
        .get(&fields.status)
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok());
    let content_type = obj
        .get(&fields.headers)
        .and_then(Value::as_object)
        .and_then(|h| {
            h.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                .and_then(|(_, v)| v.as_str().map(str::to_owned))
        });
    Ok(Envelope {
        body,
        url: string_field(obj, &fields.url),
        fetched_at,
        status,
        content_type,
    })
}

fn body(obj: &Map<String, Value>, fields: &EnvelopeFields) -> Result<Vec<u8>, InputError> {
    if let Some(html) = string_field(obj, &fields.html) {
        return Ok(html.into_bytes());
    }
    let encoded = string_field(obj, &fields.body_base64).ok_or_else(|| {
        InputError::BrokenEnvelope(format!(
            "neither `{}` nor `{}` is a string",
            fields.html, fields.body_base64
        ))
    })?;
    base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|e| InputError::BrokenEnvelope(format!("`{}`: {e}", fields.body_base64)))
}

fn string_field(obj: &Map<String, Value>, name: &str) -> Option<String> {
    obj.get(name).and_then(Value::as_str).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_html_and_metadata() {
        let v = br#"{"url":"https://a.b/c","html":"<p>x</p>","fetched_at":1700000000,"status":200,"headers":{"Content-Type":"text/html; charset=utf-8"}}"#;
        let env = parse(v, &EnvelopeFields::default()).expect("parses");
        assert_eq!(env.body, b"<p>x</p>");
        assert_eq!(env.url.as_deref(), Some("https://a.b/c"));
        assert_eq!(env.fetched_at.as_deref(), Some("1700000000"));
        assert_eq!(env.status, Some(200));
        assert_eq!(
            env.content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
    }

    #[test]
    fn reads_base64_bodies() {
        let v = br#"{"body_base64":"PHA+Y2Fm6TwvcD4="}"#;
        let env = parse(v, &EnvelopeFields::default()).expect("parses");
        assert_eq!(env.body, b"<p>caf\xe9</p>");
    }

    #[test]
    fn honours_renamed_fields() {
        let fields = EnvelopeFields {
            html: "content".into(),
            ..EnvelopeFields::default()
        };
        let env = parse(br#"{"content":"<p>x</p>"}"#, &fields).expect("parses");
        assert_eq!(env.body, b"<p>x</p>");
    }

    #[test]
    fn broken_envelopes_say_why() {
        for v in [
            &br#"{"url": 1"#[..],
            br#"[1,2]"#,
            br#"{"url":"x"}"#,
            br#"{"body_base64":"***"}"#,
        ] {
            assert!(matches!(
                parse(v, &EnvelopeFields::default()),
                Err(InputError::BrokenEnvelope(_))
            ));
        }
    }
}
