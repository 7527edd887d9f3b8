//! A text read as runs of ASCII and the other characters between them. Text in a Latin script
//! is mostly ASCII but for a quote mark, a dash or an accented letter here and there, so a test
//! of the whole text for ASCII rarely passes on a paragraph; run by run, all but those few
//! characters are read byte by byte, without decoding.

/// A run of ASCII (never empty), or one character outside ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Ascii(&'a str),
    Other(char),
}

/// The pieces of `s`, in order: together they are `s`.
pub fn pieces(s: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let ascii = ascii_prefix_len(rest.as_bytes());
        if ascii > 0 {
            // A non-ASCII byte, where the run ends, starts a character: a boundary.
            let (run, tail) = rest.split_at(ascii);
            rest = tail;
            return Some(Piece::Ascii(run));
        }
        let mut chars = rest.chars();
        let c = chars.next()?;
        rest = chars.as_str();
        Some(Piece::Other(c))
    })
}

/// How many bytes `bytes` opens with are ASCII: tested sixteen at a time (`<[u8]>::is_ascii`
/// reads words, not bytes), then byte by byte in the chunk that holds the first other one.
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    let mut len = 0;
    for chunk in bytes.chunks(16) {
        if !chunk.is_ascii() {
            return len + chunk.iter().take_while(|b| b.is_ascii()).count();
        }
        len += chunk.len();
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_join_to_the_text_runs_of_ascii_between_other_characters() {
        let texts = [
            "",
            "plain ASCII text, longer than one chunk of sixteen bytes",
            "„Zürich“ – 2024, a café’s menu",
            "東京 タワー",
            "ü",
            "a",
        ];
        for text in texts {
            let mut joined = String::new();
            for piece in pieces(text) {
                match piece {
                    Piece::Ascii(run) => {
                        assert!(!run.is_empty() && run.is_ascii(), "{text:?}");
                        joined.push_str(run);
                    }
                    Piece::Other(c) => {
                        assert!(!c.is_ascii(), "{text:?}");
                        joined.push(c);
                    }
                }
            }
            assert_eq!(joined, text);
        }
        let runs: Vec<Piece> = pieces("ab–cd").collect();
        assert_eq!(
            runs,
            [Piece::Ascii("ab"), Piece::Other('–'), Piece::Ascii("cd")]
        );
    }
}
