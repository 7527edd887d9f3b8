//! Comparison keys of short texts: what two titles, lines, paragraphs or names are compared on
//! when spacing, case, punctuation (and for names and site names, diacritics) must not matter.

use unicode_normalization::UnicodeNormalization;

/// Lower-case letters and digits of any script, nothing else: copies of a title, line or
/// paragraph that differ only in spacing, case, quotes or punctuation get the same key.
pub fn alnum_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    if s.is_ascii() {
        // Byte by byte: an ASCII byte is a whole character.
        key.extend(
            s.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        return key;
    }
    for c in s.chars() {
        // ASCII first: the Unicode tables give the same answer for it, far slower.
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                key.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        }
    }
    key
}

/// The runs of ASCII letters and digits in `s` (the words of a class or id value), found byte
/// by byte: the non-empty parts of `s.split(|c: char| !c.is_ascii_alphanumeric())`, without
/// decoding characters.
pub fn ascii_alnum_words(s: &str) -> impl Iterator<Item = &str> {
    let bytes = s.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + bytes[at..].iter().position(u8::is_ascii_alphanumeric)?;
        let end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |len| start + len);
        at = end;
        // ASCII bytes on both sides: always a character boundary.
        s.get(start..end)
    })
}

/// Calls `f` with `word` lower-cased (`str::to_lowercase`), copied into a buffer on the stack
/// when it is short ASCII: the words tested against the lexicon, one or two per text node,
/// need no allocation.
pub fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if let Some(lower) = buf.get_mut(..word.len())
        && word.is_ascii()
    {
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        if let Ok(lower) = std::str::from_utf8(lower) {
            return f(lower);
        }
    }
    f(&word.to_lowercase())
}

/// Whether a [`latin_key`] keeps digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    /// Site names and host labels: "9news" is not "news".
    Keep,
    /// A person's name looked for in the page's text: a name has no digits, and the page's
    /// dates and counts must not split the letters around them.
    Drop,
}

/// Lower-case Latin letters (and digits, by `digits`) with diacritics removed; other scripts
/// drop out: "Gàbor Muniér" ~ "gabor_munier", "La República" ~ "larepublica".
pub fn latin_key(s: &str, digits: Digits) -> String {
    let mut key = String::new();
    push_latin_key(&mut key, s, digits);
    key
}

/// Appends [`latin_key`] of `s` to `key`; ASCII, most of any page, skips the decomposition.
pub fn push_latin_key(key: &mut String, s: &str, digits: Digits) {
    let keeps = |c: &char| match digits {
        Digits::Keep => c.is_ascii_alphanumeric(),
        Digits::Drop => c.is_ascii_alphabetic(),
    };
    for c in s.chars() {
        if c.is_ascii() {
            if keeps(&c) {
                key.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            key.extend(
                std::iter::once(c)
                    .nfd()
                    .flat_map(char::to_lowercase)
                    .filter(keeps),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alnum_key_ignores_case_spacing_and_punctuation_in_any_script() {
        assert_eq!(alnum_key("Hello,  World!"), "helloworld");
        assert_eq!(alnum_key("„Zürich“ – 2024"), "zürich2024");
        assert_eq!(alnum_key("東京 タワー"), "東京タワー");
        assert_eq!(alnum_key("– · –"), "");
    }

    #[test]
    fn ascii_alnum_words_are_the_non_empty_parts_between_other_characters() {
        for s in [
            "",
            "a",
            "--",
            "wp-caption  Bild_unterschrift",
            "Straße-x9 ü a",
            "ab€cd-",
        ] {
            let slow: Vec<&str> = s
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(ascii_alnum_words(s).collect::<Vec<_>>(), slow, "{s:?}");
        }
    }

    #[test]
    fn with_lowercase_lower_cases_as_to_lowercase() {
        let long = "ABC".repeat(20);
        for word in ["", "By", "VON:", "Straße", "İstanbul", long.as_str()] {
            assert_eq!(with_lowercase(word, str::to_string), word.to_lowercase());
        }
    }

    #[test]
    fn latin_key_folds_diacritics_and_keeps_digits_only_when_asked() {
        assert_eq!(latin_key("La República", Digits::Keep), "larepublica");
        assert_eq!(latin_key("9News", Digits::Keep), "9news");
        assert_eq!(latin_key("Gàbor Muniér 2019", Digits::Drop), "gabormunier");
        assert_eq!(latin_key("東京", Digits::Keep), "");
    }
}
