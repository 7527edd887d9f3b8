//! Text normalization: the one place that decides which differences do not matter.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Text after [`normalize_text`], the form every fingerprint is taken of. Normalizing is the
/// costly part of fingerprinting: the service does it once per article, in the parallel stage,
/// and hands the result to both the content hash and the deduplicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedText(String);

impl NormalizedText {
    pub fn new(text: &str) -> Self {
        Self(normalize_text(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Normalizes text for fingerprinting: Unicode NFKC, lower case, every punctuation or symbol
/// character and every run of whitespace becomes one space, ends trimmed.
///
/// Letters, digits and combining marks are kept, so numbers still tell two stories apart;
/// invisible format characters (soft hyphen, zero-width space) are dropped inside words.
pub fn normalize_text(text: &str) -> String {
    // Most text is NFKC already: the quick check is far cheaper than re-composing it.
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        fold(text.chars(), text.len())
    } else {
        fold(text.nfkc(), text.len())
    }
}

/// Lower-cases NFKC characters, drops invisible format characters, and turns every run of
/// other non-content characters into one space.
fn fold(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut pending_space = false;
    for c in chars.flat_map(char::to_lowercase) {
        if is_invisible_format(c) {
            continue;
        }
        if is_kept(c) {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// Characters that carry content: letters, digits and marks (accents after NFKC).
fn is_kept(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Combining marks that NFKC leaves standing (Indic, Thai, Arabic and Hebrew vowel signs):
/// part of the word they follow, not separators.
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{0483}'..='\u{0489}'
            | '\u{0591}'..='\u{05C7}'
            | '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0900}'..='\u{0DFF}'
            | '\u{0E31}'..='\u{0E4E}'
    )
}

/// Format characters that are invisible inside a word (soft hyphen, zero-width space and
/// joiners, word joiner, byte order mark): removed without splitting the word.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_case_punctuation_whitespace_and_compatibility_forms() {
        let cases = [
            ("Hello,  World!", "hello world"),
            ("  leading and trailing  ", "leading and trailing"),
            ("line\nbreaks\r\n\tand tabs", "line breaks and tabs"),
            ("„Zitat“ — «quote» 'x'", "zitat quote x"),
            ("ＦＵＬＬＷＩＤＴＨ １２３", "fullwidth 123"),
            ("ﬁne ligature", "fine ligature"),
            ("Straße ÄÖÜ", "straße äöü"),
            ("3.5% rise, $20", "3 5 rise 20"),
            ("e\u{0301}te\u{0301}", "été"),
            ("", ""),
            ("!!! ...", ""),
            (
                "soft\u{00AD}hyphen zero\u{200B}width",
                "softhyphen zerowidth",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize_text(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn is_idempotent() {
        let once = normalize_text("Ünïcödé — TEXT, with 42 Numbers!");
        assert_eq!(normalize_text(&once), once);
    }
}
