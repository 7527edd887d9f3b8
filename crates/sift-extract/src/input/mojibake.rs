//! Repair of UTF-8 text that was decoded as Latin-1 and encoded as UTF-8 again before the page
//! was saved ("’" stored as `c3 a2 c2 80 c2 99`, which a browser shows as "â" and two
//! invisible C1 controls). Scrapers and CMS imports do this; the declared charset is then right
//! for the bytes, and only the text knows.
//!
//! The evidence is a C1 control (U+0080–U+009F) that completes a UTF-8 sequence: C1 controls
//! are not text, so a page that holds one is read as double-encoded, and then every sequence of
//! Latin-1 characters that spells valid UTF-8 ("Ã©" → "é", "Â\u{a0}" → no-break space) is
//! decoded again. A page without that evidence is left exactly as it is: "Ã©" alone may be
//! what the page says.

/// The text with its double-encoded sequences decoded, and how many were, when it holds a
/// double-encoded C1 sequence; `None` (nothing to repair) otherwise, most pages.
pub fn repair(text: &str) -> Option<(String, usize)> {
    let is_evidence = |piece: &Piece| matches!(piece, Piece::Sequence(s) if s.has_c1);
    if !has_c1_control(text) || !pieces(text).any(|p| is_evidence(&p)) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut repaired = 0;
    for piece in pieces(text) {
        match piece {
            Piece::Sequence(sequence) => {
                out.push(sequence.decoded);
                repaired += 1;
            }
            Piece::Char(c) => out.push(c),
        }
    }
    Some((out, repaired))
}

/// Whether the text holds a C1 control: in UTF-8, `c2` then a byte in `80..=9f`. A scan of the
/// bytes, so that the pages without one (nearly all) cost no decoding.
fn has_c1_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(0xC2, bytes)
        .any(|at| bytes.get(at + 1).is_some_and(|b| (0x80..=0x9F).contains(b)))
}

/// Latin-1 characters that spell one UTF-8 sequence.
struct Sequence {
    /// The character the sequence spells.
    decoded: char,
    /// How many bytes of the text the Latin-1 characters take (two each).
    bytes: usize,
    /// Whether one of them is a C1 control.
    has_c1: bool,
}

/// The text read left to right: double-encoded sequences, and the characters between them.
enum Piece {
    Sequence(Sequence),
    Char(char),
}

fn pieces(text: &str) -> impl Iterator<Item = Piece> + '_ {
    let mut rest = text;
    std::iter::from_fn(move || {
        let c = rest.chars().next()?;
        Some(match sequence_at(rest) {
            Some(sequence) => {
                rest = &rest[sequence.bytes..];
                Piece::Sequence(sequence)
            }
            None => {
                rest = &rest[c.len_utf8()..];
                Piece::Char(c)
            }
        })
    })
}

/// The sequence that opens `text`, if its first characters spell one.
fn sequence_at(text: &str) -> Option<Sequence> {
    let mut chars = text.chars();
    let lead = chars.next()?;
    let len = utf8_len(lead);
    if len < 2 {
        return None;
    }
    let mut bytes = [0u8; 4];
    bytes[0] = u8::try_from(u32::from(lead)).ok()?;
    let mut has_c1 = false;
    for byte in &mut bytes[1..len] {
        let c = chars.next().filter(|&c| is_continuation(c))?;
        has_c1 |= is_c1_control(c);
        *byte = u8::try_from(u32::from(c)).ok()?;
    }
    let decoded = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    Some(Sequence {
        decoded,
        // Each of the characters U+0080–U+00FF takes two bytes in UTF-8.
        bytes: 2 * len,
        has_c1,
    })
}

/// The length of the UTF-8 sequence that a Latin-1 character would lead as a byte: 2–4 for
/// "Â"–"ô" (`c2`–`f4`), 1 (not a lead) for anything else.
fn utf8_len(c: char) -> usize {
    match u32::from(c) {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 1,
    }
}

/// A Latin-1 character that is a UTF-8 continuation byte (`80`–`bf`).
fn is_continuation(c: char) -> bool {
    (0x80..=0xBF).contains(&u32::from(c))
}

fn is_c1_control(c: char) -> bool {
    (0x80..=0x9F).contains(&u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_double_encoded_apostrophe_is_decoded_again() {
        let saved = "It\u{e2}\u{80}\u{99}s here";
        assert_eq!(repair(saved), Some(("It\u{2019}s here".to_string(), 1)));
    }

    #[test]
    fn a_double_encoded_page_has_its_other_sequences_repaired_too() {
        let saved = "caf\u{c3}\u{a9} \u{e2}\u{80}\u{94} \u{c2}\u{a9} 2025";
        assert_eq!(repair(saved), Some(("café \u{2014} © 2025".to_string(), 3)));
    }

    #[test]
    fn latin1_pairs_without_a_c1_control_are_left_alone() {
        // "Ã©" may be what the page says; without a C1 control nothing shows double encoding.
        assert_eq!(repair("Ã© and café and naïve"), None);
        assert_eq!(repair("plain ascii"), None);
    }

    #[test]
    fn a_c1_control_is_evidence_only_where_it_completes_a_sequence() {
        // A lone C1 control, or one after a character that leads no sequence, or a sequence
        // cut short by the end of the text: left alone.
        assert_eq!(repair("a\u{85}b"), None);
        assert_eq!(repair("\u{e2}\u{80}"), None);
        assert_eq!(repair("x\u{c3}\u{85}"), Some(("x\u{c5}".to_string(), 1)));
    }

    #[test]
    fn a_sequence_cut_short_by_a_real_character_is_not_decoded() {
        // "â" + C1 + "’": the third byte is not a Latin-1 continuation.
        assert_eq!(repair("\u{e2}\u{80}\u{2019} ok"), None);
    }
}
