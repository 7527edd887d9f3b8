//! Cheap content sniffing: binary formats that are not pages, and HTML versus plain text.

/// Magic numbers of formats scrapers sometimes push by mistake.
const BINARY_SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"RIFF", "riff"),
    (b"\0asm", "wasm"),
];

/// Names the binary format of `bytes`, or says `binary` when control bytes abound.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if let Some((_, kind)) = BINARY_SIGNATURES
        .iter()
        .find(|(sig, _)| bytes.starts_with(sig))
    {
        return Some(kind);
    }
    // UTF-16 text has NULs too, but arrives with a BOM, which the charset stage honours.
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return None;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b) && b != 0x1b)
        .count();
    (control * 100 > head.len()).then_some("binary")
}

/// Tags that mark a page as HTML: the WHATWG MIME-sniffing list (less `<a` and `<b`, too common
/// in prose such as "a<b and c") plus a few structural elements.
const HTML_TAGS: &[&str] = &[
    "!doctype html",
    "!--",
    "html",
    "head",
    "body",
    "meta",
    "title",
    "script",
    "style",
    "iframe",
    "div",
    "p",
    "br",
    "h1",
    "font",
    "table",
    "article",
];

/// A known tag anywhere in the first few kilobytes makes a page HTML. (Browsers look only at
/// the start; scrapers' dumps sometimes begin with stray text, so look further.)
pub fn content_kind(text: &str) -> super::ContentKind {
    let head = &text.as_bytes()[..text.len().min(4096)];
    let is_html = memchr::memchr_iter(b'<', head).any(|at| starts_known_tag(&head[at + 1..]));
    if is_html {
        super::ContentKind::Html
    } else {
        super::ContentKind::Text
    }
}

/// Whether `rest` (what follows a `<`) is one of `HTML_TAGS`, ended as a tag name ends.
fn starts_known_tag(rest: &[u8]) -> bool {
    HTML_TAGS.iter().any(|tag| {
        rest.len() > tag.len()
            && rest[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
            && (*tag == "!--"
                || matches!(rest[tag.len()], b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::ContentKind;

    #[test]
    fn a_page_that_opens_with_a_long_style_block_is_html() {
        let css = ".box { opacity: 1; }\n".repeat(400);
        let page = format!("<style>\n{css}</style>\n<h2>Title</h2>");
        assert_eq!(content_kind(&page), ContentKind::Html);
    }

    #[test]
    fn angle_brackets_in_prose_are_not_markup() {
        let text = "Scores: a<b and x <bold claim> and <p-value> 0.05 <a-ha>\n\nMore text.";
        assert_eq!(content_kind(text), ContentKind::Text);
        assert_eq!(content_kind("see <P class=x>here</p>"), ContentKind::Html);
    }
}
