//! Calls to action addressed to the reader: subscription and paywall notices, app and
//! newsletter promotion, "follow us", donation appeals. Templates put them right after the
//! article as full sentences that can pass for body text, so they are told apart by what they
//! say: they speak to the reader and name an action the reader is asked to take. The words are
//! in [`crate::lexicon::calls_to_action`].

use crate::lexicon::calls_to_action::{
    ACTION_STEMS, ACTION_WORDS, FORMAL_ADDRESS_WORDS, OFFER_WORDS, READER_WORDS,
};
use crate::text_key::with_lowercase;

/// Longer paragraphs are prose that may mention subscribing or following, not a prompt.
const MAX_PROMPT_CHARS: usize = 300;

/// Whether a lower-cased word speaks to the reader. Without its case a formal German form
/// ("sie") may also mean "they": for texts whose other words settle which.
pub fn speaks_to_reader(lower: &str) -> bool {
    READER_WORDS.contains(&lower)
        || FORMAL_ADDRESS_WORDS
            .iter()
            .any(|f| f.eq_ignore_ascii_case(lower))
}

/// Whether a short paragraph or heading asks the reader to subscribe, download an app, follow,
/// log in, share or support the site: an action word opening the line as an imperative, or
/// two action words, or one together with a word addressing the reader.
pub fn is_reader_prompt(text: &str) -> bool {
    if text.chars().count() > MAX_PROMPT_CHARS {
        return false;
    }
    let (mut actions, mut address) = (0, false);
    let mut sentence_start = true;
    for (t, token) in text.split_whitespace().enumerate() {
        let words = token
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty());
        for (i, word) in words.enumerate() {
            let (action, addresses) = with_lowercase(word, |lower| {
                (
                    is_action(lower),
                    is_address(word, lower, sentence_start && i == 0),
                )
            });
            if action {
                if t == 0 && i == 0 {
                    return true;
                }
                actions += 1;
            }
            address |= addresses;
        }
        if actions >= 2 || (actions == 1 && address) {
            return true;
        }
        sentence_start = token.ends_with(['.', '!', '?', ':', '…']);
    }
    false
}

/// Whether a lower-cased word names an action the reader is asked to take.
fn is_action(lower: &str) -> bool {
    ACTION_WORDS.contains(&lower) || ACTION_STEMS.iter().any(|s| lower.starts_with(s))
}

/// A word (`lower`, lower-cased) addressing the reader or naming the publisher's offer;
/// formal German forms only by their capital, where no sentence starts.
fn is_address(word: &str, lower: &str, sentence_start: bool) -> bool {
    if !sentence_start && FORMAL_ADDRESS_WORDS.contains(&word) {
        return true;
    }
    READER_WORDS.contains(&lower) || OFFER_WORDS.contains(&lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_to_action_are_recognized() {
        let cases = [
            (
                "Subscribe now to our print edition for the full story.",
                true,
            ),
            (
                "Get the latest news straight to your phone with our app.",
                true,
            ),
            ("Möchten Sie den Artikel teilen?", true),
            ("Unterstütze unser Magazin mit einem Abo!", true),
            (
                "Pour lire la suite, inscrivez-vous et créez votre compte.",
                true,
            ),
            ("Únete a nuestro canal de Telegram.", true),
            (
                "Netflix gained two million subscribers in the quarter.",
                false,
            ),
            ("Sie teilen die Sorge der Eltern.", false),
            (
                "Ihr Instagram-Konto ist nun privat. Ihr Abo läuft weiter.",
                false,
            ),
            (
                "For breaking news, download the apps for iOS and Android.",
                true,
            ),
            ("Die Stadt will die Brücke im Frühjahr sanieren.", false),
            ("Liked this story? Consider supporting our reporters.", true),
            (
                "Wie Sie wissen, ist der Support für das Gerät beendet.",
                false,
            ),
            ("Please donate to keep this archive online.", true),
            ("Du willst bei der Leserunde mitmachen?", true),
            ("Sign up for the weekly briefing", true),
        ];
        for (line, expected) in cases {
            assert_eq!(is_reader_prompt(line), expected, "{line}");
        }
    }
}
