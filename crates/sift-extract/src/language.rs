//! The page language: markup hints checked against detection on the text.
//!
//! Templates often declare a wrong `lang` (a CMS default of "en-US" on a German page), and
//! detection on short text is unreliable. So: a hint that detection confirms (same primary
//! language) is kept with its region; a reliable detection that disagrees wins; otherwise the
//! hint stands, and without a hint only a reliable detection is returned.

use whatlang::Lang;

/// Text read for detection: enough for a confident guess, bounded for speed.
const MAX_DETECT_BYTES: usize = 3000;
/// Shorter texts are not detected at all.
const MIN_DETECT_CHARS: usize = 40;

/// The page language as a BCP 47 tag ("de", "en-US"), or `None` when unknown.
pub fn detect_language(hint: Option<&str>, text: &str) -> Option<String> {
    let hint = hint.and_then(normalize_tag);
    let detected = detect(text);
    match (hint, detected) {
        (Some(h), Some((code, reliable))) => {
            if primary_subtag(&h) == code || !reliable {
                Some(h)
            } else {
                Some(code.to_string())
            }
        }
        (Some(h), None) => Some(h),
        (None, Some((code, true))) => Some(code.to_string()),
        (None, _) => None,
    }
}

/// ISO 639-1 code of the detected language and whether whatlang calls it reliable.
fn detect(text: &str) -> Option<(&'static str, bool)> {
    let mut end = text.len().min(MAX_DETECT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    // Counted only as far as the minimum: whether it is reached is all that matters.
    let letters = sample.chars().filter(|c| c.is_alphabetic());
    if letters.take(MIN_DETECT_CHARS).count() < MIN_DETECT_CHARS {
        return None;
    }
    let info = whatlang::detect(sample)?;
    Some((iso639_1(info.lang()), info.is_reliable()))
}

/// "de_DE" / "DE-de" / "en-us" → "de-DE" / "de-DE" / "en-US"; garbage → `None`.
fn normalize_tag(raw: &str) -> Option<String> {
    let raw = raw.trim().replace('_', "-");
    let mut parts = raw.split('-').filter(|p| !p.is_empty());
    let primary = parts.next()?.to_ascii_lowercase();
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut tag = primary;
    if let Some(region) = parts.next()
        && region.len() == 2
        && region.bytes().all(|b| b.is_ascii_alphabetic())
    {
        tag.push('-');
        tag.push_str(&region.to_ascii_uppercase());
    }
    Some(tag)
}

fn primary_subtag(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

/// whatlang's ISO 639-3 languages as BCP 47 primary subtags.
fn iso639_1(lang: Lang) -> &'static str {
    use Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GERMAN: &str = "Die Bundesregierung hat am Dienstag neue Regeln für den Klimaschutz \
        beschlossen. Die Maßnahmen sollen den Ausstoß von Treibhausgasen deutlich senken.";
    const ENGLISH: &str = "The government announced new rules on Tuesday to cut greenhouse gas \
        emissions sharply over the next decade, officials said.";

    #[test]
    fn checks_hints_against_the_text() {
        let cases: &[(Option<&str>, &str, Option<&str>)] = &[
            (Some("de_DE"), GERMAN, Some("de-DE")),
            (Some("en-US"), GERMAN, Some("de")),
            (None, ENGLISH, Some("en")),
            (Some("fr"), "", Some("fr")),
            (None, "Hallo", None),
            (Some("not a tag"), ENGLISH, Some("en")),
        ];
        for (hint, text, want) in cases {
            assert_eq!(detect_language(*hint, text).as_deref(), *want, "{hint:?}");
        }
    }
}
