//! Bytes → UTF-8, choosing the encoding the way browsers do: byte-order mark, then the
//! transport's `charset`, then a `<meta>` prescan, then detection (chardetng); a declaration the
//! bytes contradict (see `declaration_holds`) gives way to detection.

use encoding_rs::{Encoding, UTF_8};

/// How far into the page the `<meta charset>` prescan looks. The HTML spec says 1024 bytes;
/// real pages put long `<head>` preambles first, so look further, as lenient parsers do.
const META_PRESCAN_BYTES: usize = 4096;

/// A decoded page and the choice made.
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    /// `bom`, `transport`, `meta` or `detected`.
    pub source: &'static str,
    /// U+FFFD characters introduced by decoding (not present in the source).
    pub replacements: usize,
}

/// Decodes `bytes`. `transport_charset` is the `charset` parameter of a content type, if any;
/// `tld` helps detection (e.g. `de`, `jp`).
pub fn decode(bytes: &[u8], transport_charset: Option<&str>, tld: Option<&[u8]>) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return finish(&bytes[bom_len..], encoding, "bom");
    }
    let declared = transport_charset
        .and_then(label_to_encoding)
        .map(|e| (e, "transport"))
        .or_else(|| meta_prescan(bytes).map(|e| (e, "meta")));
    match declared {
        Some((e, source)) if declaration_holds(bytes, e) => finish(bytes, e, source),
        _ => finish(bytes, detect(bytes, tld), "detected"),
    }
}

/// Whether decoding with the declared encoding is believable. A page that declares UTF-8 but
/// isn't is better served by detection; so is a page that declares a legacy encoding but whose
/// non-ASCII bytes are (mostly) valid UTF-8 (scrapers and CMSs re-encode pages without fixing the
/// `<meta>`): legacy text that happens to be valid UTF-8 throughout is vanishingly rare.
fn declaration_holds(bytes: &[u8], declared: &'static Encoding) -> bool {
    let utf8 = is_mostly_utf8(bytes);
    if declared == UTF_8 {
        utf8
    } else {
        !utf8 || bytes.is_ascii()
    }
}

/// A UTF-8 page keeps at least this many valid non-ASCII characters per invalid sequence.
const MIN_VALID_PER_INVALID: usize = 20;

/// UTF-8 apart from rare damage: a CMS that cuts an excerpt mid-character leaves an invalid
/// sequence or two in an otherwise UTF-8 page, which a browser shows as one replacement
/// character, not as a page of mojibake. Legacy-encoded text has (almost) no valid multi-byte
/// sequences, so the two are far apart.
fn is_mostly_utf8(bytes: &[u8]) -> bool {
    if std::str::from_utf8(bytes).is_ok() {
        return true;
    }
    let mut valid_non_ascii = 0;
    let mut invalid = 0;
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                valid_non_ascii += count_non_ascii(text);
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                valid_non_ascii += std::str::from_utf8(good).map_or(0, count_non_ascii);
                invalid += 1;
                // A sequence cut by the end of the input has no error length: nothing follows.
                rest = &bad[e.error_len().unwrap_or(bad.len())..];
            }
        }
    }
    invalid == 0 || valid_non_ascii >= MIN_VALID_PER_INVALID * invalid
}

/// Non-ASCII characters in valid UTF-8: each starts with a lead byte (`0b11xx_xxxx`).
fn count_non_ascii(text: &str) -> usize {
    text.bytes().filter(|&b| b >= 0xC0).count()
}

fn finish(bytes: &[u8], encoding: &'static Encoding, source: &'static str) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    // Valid UTF-8, most pages, decodes to itself: every U+FFFD in it is in the source, and
    // neither text is read twice over to count them.
    let replacements = if encoding == UTF_8 && !had_errors {
        0
    } else {
        let before = count_replacements_in_source(bytes, encoding);
        let after = text.matches('\u{FFFD}').count();
        after.saturating_sub(before)
    };
    Decoded {
        replacements,
        text: text.into_owned(),
        encoding,
        source,
    }
}

/// U+FFFD already written in a UTF-8 source (`EF BF BD`) is content, not a decoding error.
fn count_replacements_in_source(bytes: &[u8], encoding: &'static Encoding) -> usize {
    if encoding == UTF_8 {
        memchr::memmem::find_iter(bytes, "\u{FFFD}".as_bytes()).count()
    } else {
        0
    }
}

/// WHATWG label lookup; UTF-16 labels in a byte stream without BOM mean UTF-8 (HTML spec).
fn label_to_encoding(label: &str) -> Option<&'static Encoding> {
    let e = Encoding::for_label(label.trim().trim_matches(['"', '\'']).as_bytes())?;
    Some(e.output_encoding())
}

fn detect(bytes: &[u8], tld: Option<&[u8]>) -> &'static Encoding {
    if is_mostly_utf8(bytes) {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(tld, chardetng::Utf8Detection::Allow)
}

/// Finds `charset=` inside a `<meta ...>` tag near the start of the page.
fn meta_prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_PRESCAN_BYTES)];
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        if let Some(e) = charset_in_tag(&lower[start..end]) {
            return Some(e);
        }
        from = end;
    }
    None
}

fn charset_in_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let at = memchr::memmem::find(tag, b"charset")? + "charset".len();
    let rest = tag[at..].trim_ascii_start();
    let rest = rest.strip_prefix(b"=")?.trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or(rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
        .unwrap_or(rest.len());
    label_to_encoding(std::str::from_utf8(&rest[..len]).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_everything() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("<meta charset=latin1>é".as_bytes());
        let d = decode(&bytes, Some("windows-1252"), None);
        assert_eq!((d.encoding.name(), d.source), ("UTF-8", "bom"));
        assert!(d.text.ends_with('é'));
    }

    #[test]
    fn transport_charset_beats_meta() {
        let d = decode(b"<meta charset=utf-8><p>caf\xe9", Some("iso-8859-1"), None);
        assert_eq!((d.encoding.name(), d.source), ("windows-1252", "transport"));
        assert!(d.text.ends_with("café"));
    }

    #[test]
    fn meta_prescan_finds_http_equiv_content_type() {
        let html = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head>\xcf\xf0\xe8";
        let d = decode(html, None, None);
        assert_eq!((d.encoding.name(), d.source), ("windows-1251", "meta"));
        assert!(d.text.ends_with("При"));
    }

    #[test]
    fn undeclared_legacy_bytes_are_detected() {
        let text =
            "Größere Änderungen für Straßen und Brücken in München, äußerst schön. ".repeat(4);
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
        let d = decode(&bytes, None, Some(b"de"));
        assert_eq!(d.source, "detected");
        assert_eq!(d.text, text);
        assert_eq!(d.replacements, 0);
    }

    #[test]
    fn utf8_bytes_under_a_legacy_declaration_are_read_as_utf8() {
        let d = decode(
            "<meta charset=euc-kr><p>대전일보 기자</p>".as_bytes(),
            None,
            None,
        );
        assert_eq!((d.encoding, d.source), (UTF_8, "detected"));
        assert!(d.text.contains("대전일보 기자"));
        let d = decode("<p>Straße</p>".as_bytes(), Some("iso-8859-1"), None);
        assert!(d.text.contains("Straße"));
    }

    #[test]
    fn utf8_page_with_a_character_cut_in_half_stays_utf8() {
        let mut body = "<p>Zażółć gęślą jaźń, Łódź i Kraków. "
            .repeat(3)
            .into_bytes();
        body.extend_from_slice(b"papieros\xc3...</p>");
        let declared = [b"<meta charset=utf-8>".as_slice(), &body].concat();
        let d = decode(&declared, None, Some(b"pl"));
        assert_eq!((d.encoding, d.source), (UTF_8, "meta"));
        assert!(d.text.contains("Zażółć gęślą jaźń"));
        assert_eq!(d.replacements, 1);
        let d = decode(&body, None, Some(b"pl"));
        assert_eq!((d.encoding, d.source), (UTF_8, "detected"));
    }

    #[test]
    fn false_utf8_declaration_falls_back_to_detection() {
        let d = decode(
            b"<meta charset=\"utf-8\"><p>Stra\xdfe und Gr\xfc\xdfe",
            None,
            Some(b"de"),
        );
        assert_eq!(d.source, "detected");
        assert!(d.text.contains("Straße"));
    }

    #[test]
    fn replacement_characters_in_the_source_are_not_counted_as_errors() {
        let d = decode("a \u{FFFD} b".as_bytes(), None, None);
        assert_eq!(d.replacements, 0);
    }
}
