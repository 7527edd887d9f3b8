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

/// Markup anywhere in the first few kilobytes makes a page HTML.
pub fn content_kind(text: &str) -> super::ContentKind {
    let head: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    let markers = [
        "<!doctype",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<div",
        "<p>",
        "<p ",
        "<br",
        "<article",
    ];
    if markers.iter().any(|m| head.contains(m)) {
        super::ContentKind::Html
    } else {
        super::ContentKind::Text
    }
}
