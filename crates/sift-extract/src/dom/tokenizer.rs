//! A fast HTML tokenizer: start tags with attributes, end tags and decoded text, which is all
//! the tree builder needs.
//!
//! It follows the HTML tokenization rules that change what a page *says*: tag and attribute
//! syntax (quoted, unquoted, duplicate and valueless attributes, `/>`), comments, doctypes and
//! other `<!`/`<?` constructs, raw-text elements whose content is not markup (`<script>`,
//! `<style>`, ... until their end tag), RCDATA (`<title>`, `<textarea>`), named and numeric
//! character references (the full WHATWG table, longest match, the attribute-value exception,
//! Windows-1252 fix-ups for C1 code points), CR/LF normalization and NUL removal. It skips what
//! only matters for error reporting or script execution (parse errors, the script-data escape
//! states). `tests/dom_differential.rs` checks it token for token against html5ever's tokenizer on
//! every corpus page.
//!
//! Why not html5ever's tokenizer: it walks the input one `char` at a time through a
//! `BufferQueue` of tendrils and interns names as atoms; this one jumps between `<` and `&` with
//! `memchr` and hands text out as slices of the input, which made sift's bare parse several
//! times faster (see the README's speed table).

use memchr::{memchr, memchr2, memchr3, memmem};
use std::borrow::Cow;
use std::collections::HashSet;
use web_atoms::{C1_REPLACEMENTS, NAMED_ENTITIES};

/// A start tag. Names are ASCII-lower-cased; attribute values have character references
/// decoded; a repeated attribute keeps its first value. Names and values borrow the input
/// unless lower-casing or decoding changed them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StartTag<'a> {
    pub name: Cow<'a, str>,
    pub attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    pub self_closing: bool,
}

/// How the content after a start tag is read, as decided by the tree builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextMode {
    /// Markup: tags, comments, character references.
    Markup,
    /// Raw text up to the matching end tag, no character references (`<script>`, `<style>`).
    Raw,
    /// Text up to the matching end tag, character references decoded (`<title>`, `<textarea>`).
    Rcdata,
}

/// Receives tokens in document order.
pub trait TokenSink {
    /// A start tag; the answer says how to read what follows it.
    fn start_tag(&mut self, tag: &StartTag<'_>) -> TextMode;
    /// An end tag (lower-cased name; its attributes, if any, are dropped).
    fn end_tag(&mut self, name: &str);
    /// Decoded text. Consecutive calls may split one run of text anywhere.
    fn text(&mut self, text: &str);
}

/// Tokenizes `html` into `sink`. Linear in the input; never fails.
pub fn tokenize(html: &str, sink: &mut impl TokenSink) {
    // A byte-order mark is not text.
    let html = html.strip_prefix('\u{FEFF}').unwrap_or(html);
    let b = html.as_bytes();
    // One tag at a time: its attribute list is reused, so no tag allocates one.
    let mut tag = StartTag::default();
    let mut pos = 0;
    while pos < b.len() {
        let Some(lt) = memchr(b'<', &b[pos..]).map(|i| pos + i) else {
            emit_text(&html[pos..], sink);
            return;
        };
        if lt > pos {
            emit_text(&html[pos..lt], sink);
        }
        pos = match b.get(lt + 1) {
            Some(c) if c.is_ascii_alphabetic() => match parse_tag(html, lt + 1, &mut tag) {
                Some(Parsed { name, end }) => match sink.start_tag(&tag) {
                    TextMode::Markup => end,
                    mode => read_raw_text(html, end, name, mode, sink),
                },
                None => b.len(),
            },
            Some(b'/') => match b.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => match parse_tag(html, lt + 2, &mut tag) {
                    Some(Parsed { end, .. }) => {
                        sink.end_tag(&tag.name);
                        end
                    }
                    None => b.len(),
                },
                Some(b'>') => lt + 3,
                // `</` at the end of input is text.
                None => {
                    sink.text("</");
                    b.len()
                }
                Some(_) => skip_bogus_comment(b, lt + 2),
            },
            Some(b'!') if b[lt + 2..].starts_with(b"--") => skip_comment(b, lt + 4),
            Some(b'!' | b'?') => skip_bogus_comment(b, lt + 2),
            _ => {
                sink.text("<");
                lt + 1
            }
        };
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// Position after the `>` that ends a `<!...>` or `<?...>` construct (or the end of input).
fn skip_bogus_comment(b: &[u8], from: usize) -> usize {
    memchr(b'>', &b[from..]).map_or(b.len(), |i| from + i + 1)
}

/// Position after the end of a comment whose body starts at `from` (after `<!--`).
fn skip_comment(b: &[u8], from: usize) -> usize {
    let rest = &b[from..];
    // `<!-->` and `<!--->` are complete (empty) comments.
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let mut at = from;
    while let Some(i) = memmem::find(&b[at..], b"--") {
        let dashes = at + i + 2;
        match b.get(dashes) {
            Some(b'>') => return dashes + 1,
            Some(b'!') if b.get(dashes + 1) == Some(&b'>') => return dashes + 2,
            _ => at = at + i + 1,
        }
    }
    b.len()
}

/// Where a tag parsed into a [`StartTag`] stands in the source.
struct Parsed<'a> {
    /// The name as written (any case), to find the end tag of raw text.
    name: &'a str,
    /// Position after the tag's `>`.
    end: usize,
}

/// Parses a tag whose name starts at `from` into `tag`, or `None` when the input ends inside
/// the tag (such a tag is dropped, as HTML does).
fn parse_tag<'a>(html: &'a str, from: usize, tag: &mut StartTag<'a>) -> Option<Parsed<'a>> {
    let b = html.as_bytes();
    let name_end = from
        + b[from..]
            .iter()
            .position(|&c| is_space(c) || c == b'/' || c == b'>')?;
    tag.name = lower_name(&html[from..name_end]);
    tag.attrs.clear();
    tag.self_closing = false;
    let mut seen = SeenNames::default();
    let mut pos = name_end;
    loop {
        while b.get(pos).copied().is_some_and(is_space) {
            pos += 1;
        }
        match *b.get(pos)? {
            b'>' => break,
            b'/' => {
                pos += 1;
                if b.get(pos) == Some(&b'>') {
                    tag.self_closing = true;
                    break;
                }
            }
            _ => pos = parse_attribute(html, pos, &mut tag.attrs, &mut seen)?,
        }
    }
    Some(Parsed {
        name: &html[from..name_end],
        end: pos + 1,
    })
}

/// Names of the attributes a tag has so far, for the duplicate check: a scan of the attribute
/// list while it is short (almost every tag), a hash set once it is long. The scan alone made
/// a tag quadratic in its attributes (one element with 200,000 took 30 s).
#[derive(Default)]
struct SeenNames<'a> {
    /// Built when the list reaches [`Self::SCAN_LIMIT`].
    long_list: Option<HashSet<Cow<'a, str>>>,
}

impl<'a> SeenNames<'a> {
    /// Attribute lists up to this length are scanned.
    const SCAN_LIMIT: usize = 16;

    /// Whether `name` is new to `attrs`; from [`Self::SCAN_LIMIT`] on, new names are recorded.
    // A `Cow`, not a `&str`: a recorded name stays borrowed from the page, without a copy.
    #[allow(clippy::ptr_arg)]
    fn is_new(&mut self, attrs: &[(Cow<'a, str>, Cow<'a, str>)], name: &Cow<'a, str>) -> bool {
        if attrs.len() < Self::SCAN_LIMIT {
            return !attrs.iter().any(|(n, _)| n == name);
        }
        self.long_list
            .get_or_insert_with(|| attrs.iter().map(|(n, _)| n.clone()).collect())
            .insert(name.clone())
    }
}

/// Parses one attribute starting at `from` into `attrs` (unless already present); returns the
/// position after it, or `None` at the end of input.
fn parse_attribute<'a>(
    html: &'a str,
    from: usize,
    attrs: &mut Vec<(Cow<'a, str>, Cow<'a, str>)>,
    seen: &mut SeenNames<'a>,
) -> Option<usize> {
    let b = html.as_bytes();
    // The first character may be `=` (it is then part of the name).
    let name_end = from
        + 1
        + b[from + 1..]
            .iter()
            .position(|&c| is_space(c) || matches!(c, b'/' | b'>' | b'='))?;
    let mut pos = name_end;
    while b.get(pos).copied().is_some_and(is_space) {
        pos += 1;
    }
    let value = if *b.get(pos)? == b'=' {
        pos += 1;
        while b.get(pos).copied().is_some_and(is_space) {
            pos += 1;
        }
        let (raw, end) = match *b.get(pos)? {
            q @ (b'"' | b'\'') => {
                let close = pos + 1 + memchr(q, &b[pos + 1..])?;
                (&html[pos + 1..close], close + 1)
            }
            b'>' => ("", pos),
            _ => {
                let end = pos + b[pos..].iter().position(|&c| is_space(c) || c == b'>')?;
                (&html[pos..end], end)
            }
        };
        pos = end;
        decode(raw, Context::Attribute)
    } else {
        Cow::Borrowed("")
    };
    let name = lower_name(&html[from..name_end]);
    if seen.is_new(attrs, &name) {
        attrs.push((name, value));
    }
    Some(pos)
}

fn lower_name(s: &str) -> Cow<'_, str> {
    // Most names are already lower case: borrowed as they are.
    if !s.bytes().any(|c| c.is_ascii_uppercase() || c == 0) {
        return Cow::Borrowed(s);
    }
    let mut name = s.replace('\0', "\u{FFFD}");
    name.make_ascii_lowercase();
    Cow::Owned(name)
}

/// Emits raw or RCDATA text from `from` up to the end tag of `name`; returns where that end tag
/// starts (it is then tokenized as usual) or the end of input.
fn read_raw_text(
    html: &str,
    from: usize,
    name: &str,
    mode: TextMode,
    sink: &mut impl TokenSink,
) -> usize {
    let end = find_end_tag(html.as_bytes(), from, name.as_bytes()).unwrap_or(html.len());
    let text = &html[from..end];
    if !text.is_empty() {
        match mode {
            TextMode::Rcdata => sink.text(&decode(text, Context::Rcdata)),
            _ => sink.text(&normalize_newlines(text)),
        }
    }
    end
}

/// Start of the first `</name` (any case) followed by a space, `/` or `>`, at or after `from`.
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memmem::find(&b[at..], b"</") {
        let start = at + i;
        let name_at = start + 2;
        let matches_name = b
            .get(name_at..name_at + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name));
        let delimited = b
            .get(name_at + name.len())
            .is_some_and(|&c| is_space(c) || matches!(c, b'/' | b'>'));
        if matches_name && delimited {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

fn emit_text(text: &str, sink: &mut impl TokenSink) {
    let decoded = decode(text, Context::Data);
    if !decoded.is_empty() {
        sink.text(&decoded);
    }
}

/// Where text is decoded: HTML treats NUL and character references differently in each.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// Text between tags: NUL is dropped.
    Data,
    /// `<title>`, `<textarea>`: NUL becomes U+FFFD.
    Rcdata,
    /// Attribute values: NUL becomes U+FFFD; references without `;` stay literal before `=` or
    /// a letter or digit.
    Attribute,
}

/// Raw text: `\r\n` and lone `\r` become `\n`, NUL becomes U+FFFD.
fn normalize_newlines(s: &str) -> Cow<'_, str> {
    if memchr2(b'\r', b'\0', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.replace("\r\n", "\n")
            .replace('\r', "\n")
            .replace('\0', "\u{FFFD}"),
    )
}

/// Decodes character references and normalizes newlines and NULs as `context` requires.
fn decode(s: &str, context: Context) -> Cow<'_, str> {
    let b = s.as_bytes();
    let Some(first) = find_escape(b) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut pos = first;
    while pos < b.len() {
        let Some(next) = find_escape(&b[pos..]).map(|i| pos + i) else {
            out.push_str(&s[pos..]);
            break;
        };
        out.push_str(&s[pos..next]);
        pos = match b[next] {
            b'\r' => {
                out.push('\n');
                if b.get(next + 1) == Some(&b'\n') {
                    next + 2
                } else {
                    next + 1
                }
            }
            b'\0' => {
                if context != Context::Data {
                    out.push('\u{FFFD}');
                }
                next + 1
            }
            _ => match char_reference(s, next + 1, context == Context::Attribute) {
                Some((chars, end)) => {
                    out.extend(chars.into_iter().flatten());
                    end
                }
                None => {
                    out.push('&');
                    next + 1
                }
            },
        };
    }
    Cow::Owned(out)
}

/// Values shorter than this are searched byte by byte by [`find_escape`].
const SHORT_VALUE_BYTES: usize = 32;

/// The first byte [`decode`] rewrites: `&`, CR or NUL. Most attribute values and many texts
/// are a few bytes long, for which a plain loop costs less than setting up `memchr3`'s vector
/// search, as it did on every value.
fn find_escape(b: &[u8]) -> Option<usize> {
    if b.len() < SHORT_VALUE_BYTES {
        b.iter().position(|&c| matches!(c, b'&' | b'\r' | b'\0'))
    } else {
        memchr3(b'&', b'\r', b'\0', b)
    }
}

/// Decodes the character reference whose body starts at `from` (after `&`): the characters and
/// the position after the reference, or `None` when it is not one (the `&` is then literal).
fn char_reference(s: &str, from: usize, in_attribute: bool) -> Option<([Option<char>; 2], usize)> {
    let b = s.as_bytes();
    if b.get(from) == Some(&b'#') {
        return numeric_reference(b, from + 1).map(|(c, end)| ([Some(c), None], end));
    }
    let (value, end) = longest_named_reference(s, from)?;
    let terminated = b[end - 1] == b';';
    let next = b.get(end).copied();
    // In attribute values `&amp=` and `&copyx` stay literal (legacy URLs with query strings).
    if in_attribute && !terminated && next.is_some_and(|c| c == b'=' || c.is_ascii_alphanumeric()) {
        return None;
    }
    let (first, second) = value;
    Some((
        [
            char::from_u32(first),
            char::from_u32(second).filter(|&c| c != '\0'),
        ],
        end,
    ))
}

/// The longest entity name at `from` in the WHATWG table (with or without its `;`).
fn longest_named_reference(s: &str, from: usize) -> Option<((u32, u32), usize)> {
    let b = s.as_bytes();
    let mut best = None;
    let mut end = from;
    // The table holds every prefix of every name (mapped to (0, 0)), so the walk can stop as
    // soon as a prefix is unknown.
    while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b';') {
        end += 1;
        match NAMED_ENTITIES.get(&s[from..end]) {
            None => break,
            Some(&(0, _)) => {}
            Some(&value) => best = Some((value, end)),
        }
        if b[end - 1] == b';' {
            break;
        }
    }
    best
}

/// `&#65;`, `&#x41;`: the character and the position after the reference (`;` optional).
fn numeric_reference(b: &[u8], from: usize) -> Option<(char, usize)> {
    let (radix, digits_at) = match b.get(from) {
        Some(b'x' | b'X') => (16, from + 1),
        _ => (10, from),
    };
    let mut value: u32 = 0;
    let mut end = digits_at;
    while let Some(d) = b.get(end).and_then(|&c| (c as char).to_digit(radix)) {
        // Saturate: anything past U+10FFFF becomes U+FFFD below.
        value = value.saturating_mul(radix).saturating_add(d);
        end += 1;
    }
    if end == digits_at {
        return None;
    }
    if b.get(end) == Some(&b';') {
        end += 1;
    }
    Some((numeric_char(value), end))
}

/// HTML's mapping of a numeric reference's value to a character.
fn numeric_char(value: u32) -> char {
    match value {
        0x80..=0x9F => C1_REPLACEMENTS[(value - 0x80) as usize]
            .or_else(|| char::from_u32(value))
            .unwrap_or('\u{FFFD}'),
        _ => char::from_u32(value)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records tokens as strings; `<script>`, `<style>` are raw, `<title>` is RCDATA.
    #[derive(Default)]
    struct Record(Vec<String>);

    impl TokenSink for Record {
        fn start_tag(&mut self, tag: &StartTag<'_>) -> TextMode {
            let attrs: Vec<String> = tag
                .attrs
                .iter()
                .map(|(n, v)| format!(" {n}={v:?}"))
                .collect();
            let close = if tag.self_closing { "/" } else { "" };
            self.0
                .push(format!("<{}{}{close}>", tag.name, attrs.concat()));
            match &*tag.name {
                "script" | "style" => TextMode::Raw,
                "title" => TextMode::Rcdata,
                _ => TextMode::Markup,
            }
        }
        fn end_tag(&mut self, name: &str) {
            self.0.push(format!("</{name}>"));
        }
        fn text(&mut self, text: &str) {
            match self.0.last_mut() {
                Some(last) if last.starts_with('#') => last.push_str(text),
                _ => self.0.push(format!("#{text}")),
            }
        }
    }

    fn tokens(html: &str) -> Vec<String> {
        let mut record = Record::default();
        tokenize(html, &mut record);
        record.0
    }

    #[test]
    fn tags_and_attributes_in_every_quoting_style() {
        assert_eq!(
            tokens(r#"<DIV Class="a b" id='x' data-n=3 hidden>t</Div><br/>"#),
            [
                r#"<div class="a b" id="x" data-n="3" hidden="">"#,
                "#t",
                "</div>",
                "<br/>"
            ]
        );
    }

    #[test]
    fn a_repeated_attribute_keeps_its_first_value() {
        assert_eq!(tokens("<a href=1 href=2>"), [r#"<a href="1">"#]);
    }

    #[test]
    fn a_repeated_attribute_among_many_keeps_its_first_value() {
        let many: String = (0..40).map(|i| format!(" a{i}={i}")).collect();
        let expected: String = (0..40).map(|i| format!(" a{i}=\"{i}\"")).collect();
        assert_eq!(
            tokens(&format!("<a{many} a3=x A39=y a40=z a40=w>")),
            [format!("<a{expected} a40=\"z\">")]
        );
    }

    #[test]
    fn comments_doctypes_and_processing_instructions_are_skipped() {
        assert_eq!(
            tokens("<!DOCTYPE html><?xml x?>a<!-- <p>no</p> -->b<!-->c<!--->d<!--x--!>e"),
            ["#abcde"]
        );
    }

    #[test]
    fn a_lone_less_than_sign_is_text() {
        assert_eq!(tokens("a < b <3 </ >c"), ["#a < b <3 c"]);
    }

    #[test]
    fn script_and_style_content_is_not_markup() {
        assert_eq!(
            tokens("<script>if (a<b) x='</div>&amp;'</SCRIPT >after"),
            [
                "<script>",
                "#if (a<b) x='</div>&amp;'",
                "</script>",
                "#after"
            ]
        );
        assert_eq!(tokens("<style>p{}"), ["<style>", "#p{}"]);
    }

    #[test]
    fn title_text_decodes_references_but_not_tags() {
        assert_eq!(
            tokens("<title>A &amp; <b>B</title>"),
            ["<title>", "#A & <b>B", "</title>"]
        );
    }

    #[test]
    fn named_references_take_the_longest_match_with_or_without_semicolon() {
        assert_eq!(
            tokens("caf&eacute; &notin; &notit; &ampx &AMP; &bogus; &"),
            ["#café ∉ ¬it; &x & &bogus; &"]
        );
    }

    #[test]
    fn attribute_values_keep_unterminated_references_before_letters_and_equals() {
        assert_eq!(
            tokens(r#"<a href="?a=1&copy=2&amp;b&lt;c">"#),
            [r#"<a href="?a=1&copy=2&b<c">"#]
        );
    }

    #[test]
    fn numeric_references_map_like_browsers() {
        assert_eq!(
            tokens("&#65;&#x42;&#X43 &#150; &#0; &#xD800; &#99999999999; &#; &#x;"),
            ["#ABC – \u{FFFD} \u{FFFD} \u{FFFD} &#; &#x;"]
        );
    }

    #[test]
    fn newlines_are_normalized_and_nul_and_a_leading_bom_dropped() {
        assert_eq!(tokens("\u{FEFF}a\r\nb\rc\0d"), ["#a\nb\ncd"]);
    }

    #[test]
    fn a_tag_cut_by_the_end_of_input_is_dropped() {
        assert_eq!(tokens("text<div class=\"a"), ["#text"]);
        assert_eq!(tokens("text<div"), ["#text"]);
    }

    #[test]
    fn end_tag_attributes_are_ignored() {
        assert_eq!(tokens("<p>x</p class=y>"), ["<p>", "#x", "</p>"]);
    }
}
