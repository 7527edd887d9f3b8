//! Blocks that are boilerplate by their own words and links: chrome lines ("Share", "Read more"),
//! cookie and embed-consent notices, copyright and ad notices, picture credits and captions left
//! as paragraphs, and link-heavy blocks (unless a linked sentence sits inside the body).

use super::{SENTENCE_CHARS, ends_like_sentence, plain_chars};
use crate::content::blocks::RawBlock;
use crate::content::prompt::speaks_to_reader;
use crate::event::Block;
use crate::lexicon::boilerplate::{
    AD_LABELS, BOILERPLATE_LINES, CREDIT_MARKERS, PICTURE_AGENCIES, PICTURE_CREDIT_ENDINGS,
    PICTURE_CREDIT_LABELS, PICTURE_CREDIT_STEMS, READING_TIME_UNITS, READING_TIME_WORDS,
    RIGHTS_RESERVED, WIDGET_LABEL_WORDS,
};
use crate::lexicon::consent::{
    COOKIE, COOKIE_CONTEXT, EMBED_CONSENT_STEMS, EMBED_LOADING_STEMS, EMBED_PRIVACY_STEMS,
    USING_COOKIES,
};

/// Blocks whose text is mostly link text are navigation, teasers or tag lists.
const MAX_LINK_SHARE: f64 = 0.5;
/// Lines this short (characters) are checked against the boilerplate vocabulary.
const SHORT_LINE_CHARS: usize = 60;

/// Drops the blocks that are boilerplate by their own text and links, but keeps a link-rich
/// sentence inside the body: a paragraph that ends like a sentence, next to a paragraph of
/// prose and away from any heading, is text whose names happen to be linked, not a teaser (a
/// linked headline ends bare, or follows a "Read also:" label).
pub fn remove_boilerplate_blocks(blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let drop: Vec<bool> = (0..blocks.len())
        .map(|i| is_boilerplate_block(&blocks[i]) && !is_linked_sentence_in_body(&blocks, i))
        .collect();
    blocks
        .into_iter()
        .zip(drop)
        .filter_map(|(b, d)| (!d).then_some(b))
        .collect()
}

/// Words a linked paragraph needs to count as a sentence rather than a headline.
const LINKED_SENTENCE_WORDS: usize = 8;

fn is_linked_sentence_in_body(blocks: &[RawBlock], i: usize) -> bool {
    let Block::Paragraph { text } = &blocks[i].block else {
        return false;
    };
    let before = i.checked_sub(1).and_then(|p| blocks.get(p));
    let after = blocks.get(i + 1);
    text.split_whitespace().count() >= LINKED_SENTENCE_WORDS
        && ends_like_sentence(text)
        && !opens_with_label(text)
        && !is_notice(text)
        && (before.is_some_and(is_sentence_paragraph) || after.is_some_and(is_sentence_paragraph))
        && !before.is_some_and(is_heading)
        && !after.is_some_and(is_heading)
}

/// A paragraph holding at least a sentence of its own text outside links.
fn is_sentence_paragraph(b: &RawBlock) -> bool {
    matches!(&b.block, Block::Paragraph { text } if ends_like_sentence(text))
        && plain_chars(b) >= SENTENCE_CHARS
}

fn is_heading(b: &RawBlock) -> bool {
    matches!(b.block, Block::Heading { .. })
}

/// Words of a label that opens a teaser line ("Read also: ...", "À lire aussi » ...").
const MAX_LABEL_WORDS: usize = 3;

/// Whether the text opens with a short label closed by a colon or a pointer: the "Read also:"
/// line before a linked headline.
fn opens_with_label(text: &str) -> bool {
    text.find([':', '»', '›', '>', '|']).is_some_and(|end| {
        let label = &text[..end];
        !label.trim().is_empty() && label.split_whitespace().count() <= MAX_LABEL_WORDS
    })
}

/// Whether a block is boilerplate by its own text and links.
fn is_boilerplate_block(raw: &RawBlock) -> bool {
    let link_heavy = is_link_heavy(raw);
    match &raw.block {
        Block::Heading { text, .. } => is_boilerplate_line(text),
        Block::Paragraph { text } => link_heavy || is_notice(text),
        Block::Quote { text } => link_heavy || is_boilerplate_line(text),
        Block::List { .. } => link_heavy,
        Block::Table { .. } | Block::Code { .. } => false,
        Block::Figure { caption, .. } => is_boilerplate_line(caption),
    }
}

fn is_link_heavy(raw: &RawBlock) -> bool {
    raw.chars > 0 && raw.link_chars as f64 > MAX_LINK_SHARE * raw.chars as f64
}

/// A paragraph that is boilerplate by its words: a chrome line, copyright or ad notice.
fn is_notice(text: &str) -> bool {
    is_boilerplate_line(text) || is_copyright_notice(text) || is_ad_notice(text)
}

/// Captions left as paragraphs are at most this long (characters)...
const MAX_CAPTION_CHARS: usize = 250;
/// ...and end in a picture credit at most this long.
const MAX_CREDIT_CHARS: usize = 60;

/// Drops image captions left as paragraphs (a short text ending in a picture credit), unless
/// they make up half the paragraphs with a sentence's worth of text or more: then the page is a
/// gallery or slideshow whose captions are its text.
pub fn remove_stray_captions(blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let captions: Vec<bool> = blocks
        .iter()
        .map(|b| matches!(&b.block, Block::Paragraph { text } if is_credited_caption(text)))
        .collect();
    let paragraphs = blocks
        .iter()
        .filter(|b| matches!(b.block, Block::Paragraph { .. }) && plain_chars(b) >= SENTENCE_CHARS)
        .count();
    let count = captions.iter().filter(|&&c| c).count();
    if count == 0 || 2 * count >= paragraphs {
        return blocks;
    }
    blocks
        .into_iter()
        .zip(captions)
        .filter_map(|(b, caption)| (!caption).then_some(b))
        .collect()
}

/// An image caption that the template left as a paragraph: a short text ending in a picture
/// credit, with no sentence after the credit.
pub(crate) fn is_credited_caption(text: &str) -> bool {
    if text.chars().count() > MAX_CAPTION_CHARS {
        return false;
    }
    let lower = text.to_lowercase();
    let Some(start) = CREDIT_MARKERS
        .iter()
        .filter_map(|m| lower.find(m))
        .filter(|&p| p > 0)
        .min()
    else {
        return false;
    };
    let credit = &lower[start..];
    credit.chars().count() <= MAX_CREDIT_CHARS && !credit.contains(". ")
}

/// Longer notices than this are prose that happens to open with a copyright sign.
const MAX_NOTICE_CHARS: usize = 300;

/// A copyright notice of any length up to `MAX_NOTICE_CHARS`, opening with "©" or with
/// "Copyright" and a year or sign: "© 2022 Example News. This article is the property of ...
/// Written permission must be obtained before reprint." (Not "Copyright law was ...".)
fn is_copyright_notice(text: &str) -> bool {
    let line = text.trim_start();
    let after_word = line
        .get(..9)
        .filter(|p| p.eq_ignore_ascii_case("copyright"))
        .map(|_| &line[9..]);
    let opens_notice = line.starts_with('©')
        || after_word.is_some_and(|rest| {
            rest.trim_start_matches(|c: char| c.is_whitespace() || c == '©')
                .starts_with(|c: char| c.is_ascii_digit() || c == '(')
        });
    opens_notice && line.chars().count() <= MAX_NOTICE_CHARS
}

/// Ad notices are at most this long (characters); longer text is prose that starts oddly.
const MAX_AD_NOTICE_CHARS: usize = 200;

/// A notice opened by an ad label and a punctuation mark: "*Werbung. Dieser Beitrag enthält
/// Werbung für ...", "ANZEIGE - Heute mal ausgehen?". A sentence about advertising ("Werbung
/// wirkt ...") has no mark after its first word.
pub(crate) fn is_ad_notice(text: &str) -> bool {
    let line = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let label_end = line
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(line.len());
    let (label, rest) = line.split_at(label_end);
    AD_LABELS.contains(&label.to_lowercase().as_str())
        && rest
            .trim_start()
            .starts_with(['.', ':', '-', '–', '|', '*'])
        && line.chars().count() <= MAX_AD_NOTICE_CHARS
}

/// A short line that only labels page chrome: a vocabulary entry, a reading time ("3 min
/// read"), or a copyright notice.
pub fn is_boilerplate_line(text: &str) -> bool {
    let line = text.trim();
    // Lower-casing a long paragraph costs more than all the rest: one too long to be anything
    // but a cookie notice, that cannot be one, is settled first. (Lower-casing never shortens
    // a text, so the line's length bounds its lower-cased length from below.)
    if line.len() > MAX_EMBED_NOTICE_CHARS
        && line.chars().count() > MAX_EMBED_NOTICE_CHARS
        && !may_mention_cookies(line)
    {
        return false;
    }
    let lower = line.to_lowercase();
    if is_cookie_notice(&lower) || is_embed_consent_notice(&lower) {
        return true;
    }
    if line.chars().count() > SHORT_LINE_CHARS {
        return false;
    }
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    let words: Vec<&str> = bare
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    bare.is_empty()
        || BOILERPLATE_LINES.contains(&bare)
        || is_reading_time(&words)
        || is_widget_label(&words)
        || is_picture_credit(&lower)
        || lower.starts_with('©')
        || opens_copyright_line(&lower)
        || RIGHTS_RESERVED.iter().any(|p| lower.contains(p))
}

/// "Copyright", "Copyright © 2024 ...", "Copyright: Example", "Copyright by ...": the word
/// followed by nothing, a sign, a year or a holder; followed by other words it opens a sentence
/// about copyright ("Copyright reform passes").
fn opens_copyright_line(lower: &str) -> bool {
    lower.strip_prefix("copyright").is_some_and(|rest| {
        let rest = rest.trim_start();
        rest.is_empty()
            || rest.starts_with(['©', '(', ':', '.', '|'])
            || rest.starts_with(|c: char| c.is_ascii_digit())
            || rest.starts_with("by ")
    })
}

/// "Foto: Agency", "Photo credits", "Bild: dpa", "Getty Images": picture credits left in text.
fn is_picture_credit(lower: &str) -> bool {
    let first = lower
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    // The stem counts after the label ("Photo credits"), not in it: "Credit card fees rise
    // again" is a headline.
    let after_label = lower
        .find(first)
        .map_or("", |at| &lower[at + first.len()..]);
    let labelled = PICTURE_CREDIT_LABELS.contains(&first)
        && (lower.contains(':')
            || PICTURE_CREDIT_STEMS.iter().any(|s| after_label.contains(s))
            || lower.split_whitespace().count() <= 2);
    labelled
        || PICTURE_AGENCIES.iter().any(|a| lower.contains(a))
        || PICTURE_CREDIT_ENDINGS.iter().any(|e| lower.ends_with(e))
}

/// Whether `line` lower-cased may contain [`COOKIE`]: only if the line holds it in some ASCII
/// case, or holds the Kelvin sign, the one other character lower-cased to a letter of it ('K'
/// to 'k'; 'İ' becomes an 'i' followed by a combining dot, never by the 'e' of "cookie").
fn may_mention_cookies(line: &str) -> bool {
    line.as_bytes()
        .windows(COOKIE.len())
        .any(|w| w.eq_ignore_ascii_case(COOKIE.as_bytes()))
        || line.contains('\u{212A}')
}

/// A consent notice: mentions cookies together with the site, the browser or a policy, or says
/// that cookies are used ("we use cookies", "korzystamy z cookies").
fn is_cookie_notice(lower: &str) -> bool {
    lower.contains(COOKIE)
        && (COOKIE_CONTEXT.iter().any(|w| lower.contains(w))
            || USING_COOKIES.iter().any(|w| lower.contains(w)))
}

/// Longest placeholder of a blocked embed; longer text is prose about privacy.
const MAX_EMBED_NOTICE_CHARS: usize = 600;

/// The placeholder a privacy plugin shows instead of an embedded post, video or map until the
/// reader agrees to load it ("To protect your personal data we blocked loading content from
/// twitter.com; consent below to show it"): it speaks to the reader of privacy, of consent and
/// of loading or showing content, all at once. An article about privacy rarely does all four.
fn is_embed_consent_notice(lower: &str) -> bool {
    let mentions = |stems: &[&str]| stems.iter().any(|s| lower.contains(s));
    lower.chars().count() <= MAX_EMBED_NOTICE_CHARS
        && mentions(EMBED_PRIVACY_STEMS)
        && mentions(EMBED_CONSENT_STEMS)
        && mentions(EMBED_LOADING_STEMS)
        && lower
            .split(|c: char| !c.is_alphanumeric())
            .any(speaks_to_reader)
}

/// A short label of a signup prompt, a download link or an ad slot ("Subscribe to our
/// newsletter", "Skript als PDF herunterladen", "Top banner 2").
fn is_widget_label(words: &[&str]) -> bool {
    // The label word heads or ends the label ("Subscribe to our newsletter", "PDF
    // herunterladen", "Top banner 2"): inside a phrase it is a word of a sentence ("A banner
    // year for farmers").
    let content: Vec<&&str> = words
        .iter()
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let at_an_end = [content.first(), content.last()]
        .into_iter()
        .flatten()
        .any(|w| WIDGET_LABEL_WORDS.contains(w));
    words.len() <= 6 && at_an_end
}

/// "1 min", "5 min read", "3 Minuten Lesezeit", "Lesezeit: 4 Min.": a number, a unit of
/// minutes, and at most words about reading; any other word makes it a phrase ("The final 10
/// minutes").
fn is_reading_time(words: &[&str]) -> bool {
    let is_number = |w: &&str| w.chars().all(|c| c.is_ascii_digit());
    words.iter().any(is_number)
        && words.iter().any(|w| READING_TIME_UNITS.contains(w))
        && words.iter().all(|w| {
            is_number(w) || READING_TIME_UNITS.contains(w) || READING_TIME_WORDS.contains(w)
        })
        && words.len() <= 5
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::clean::test_blocks::*;

    #[test]
    fn long_cookie_notices_are_found_in_any_case_and_script() {
        let notice = "This website uses COOKIES to improve your experience while you browse it.";
        assert!(is_boilerplate_line(notice));
        assert!(!is_boilerplate_line(
            "This website uses a long sentence to tell its readers about the news of the day."
        ));
        assert!(is_boilerplate_line(
            "Diese Website verwendet COOKIES, damit Sie unsere Seiten optimal nutzen können."
        ));
    }

    #[test]
    fn long_lines_are_cookie_notices_in_any_case_and_spelling_of_the_word() {
        let padding =
            " The rest of this notice is long enough to be read as a paragraph.".repeat(10);
        for cookie in ["cookies", "COOKIES", "Cookies", "COO\u{212A}IES"] {
            let notice = format!("We use {cookie} to improve your experience.{padding}");
            assert!(notice.chars().count() > MAX_EMBED_NOTICE_CHARS);
            assert!(is_boilerplate_line(&notice), "{cookie}");
        }
        assert!(!is_boilerplate_line(&format!("We use milk.{padding}")));
    }

    #[test]
    fn a_headline_opening_with_credit_is_not_a_picture_credit() {
        assert!(!is_picture_credit("credit card fees rise again"));
        assert!(!is_picture_credit(
            "credits roll as the studio closes its doors"
        ));
        assert!(is_picture_credit("photo credits jane doe and john roe"));
        assert!(is_picture_credit("credit: jane doe"));
        assert!(is_picture_credit("credits"));
        assert!(is_picture_credit("(foto: dpa)"));
    }

    #[test]
    fn boilerplate_lines_are_recognized() {
        let cases = [
            ("Share", true),
            ("1 min", true),
            ("5 min read", true),
            ("Lesezeit: 3 Minuten", true),
            ("© 2024 Example Media", true),
            ("Related", true),
            ("Wird geladen …", true),
            ("Ähnliche Beiträge", true),
            ("Inhaltsverzeichnis", true),
            ("Vous aimerez aussi", true),
            ("Foto: Max Muster", true),
            ("Photo credits", true),
            ("Bildung ist wichtig: Schulen bekommen mehr Geld.", false),
            ("Subscribe to our newsletter", true),
            ("Mena banner 4", true),
            (
                "We use cookies to improve your experience on our website.",
                true,
            ),
            ("Informujemy, że korzystamy z cookies.", true),
            (
                "Bake the cookies for ten minutes, then let them cool.",
                false,
            ),
            (
                "The minister spoke for 5 minutes about the budget, then left.",
                false,
            ),
            (
                "Share prices fell sharply on Monday after the announcement.",
                false,
            ),
            ("Externer Inhalt", true),
            ("Das Skript als PDF herunterladen", true),
            ("(Alle Angaben ohne Gewähr)", true),
            ("Millions of players download the game every month.", false),
            (
                "To protect your privacy, this video is not loaded until you consent to it.",
                true,
            ),
            (
                "Zum Schutz Ihrer Privatsphäre wird die Karte erst nach Ihrer Zustimmung geladen.",
                true,
            ),
            (
                "The regulator ruled that users must consent before their personal data is shared.",
                false,
            ),
        ];
        for (line, expected) in cases {
            assert_eq!(is_boilerplate_line(line), expected, "{line}");
        }
    }

    #[test]
    fn long_copyright_notice_is_boilerplate() {
        let notice = "© 2022 Example News. This article is the property of Example News. \
            Written permission must be obtained before reprint in online or print media.";
        assert!(is_boilerplate_block(&raw(para(notice))));
        assert!(!is_boilerplate_block(&raw(para(
            "Copyright law was the topic of the hearing, which ran for hours and covered the \
             rights of authors, publishers and readers in great detail."
        ))));
    }

    #[test]
    fn caption_paragraphs_go_unless_the_page_is_a_gallery() {
        let body = "Body prose that runs long enough to count as the article itself. ".repeat(5);
        let caption = "The mayor at the opening of the bridge. © AFP / Jane Doe";
        let article = vec![raw(para(&body)), raw(para(caption)), raw(para(&body))];
        assert_eq!(
            plain(remove_stray_captions(article)),
            vec![para(&body), para(&body)]
        );
        let gallery = vec![raw(para(caption)), raw(para(caption)), raw(para(&body))];
        assert_eq!(remove_stray_captions(gallery.clone()), gallery);
    }

    #[test]
    fn ad_notices_are_boilerplate_but_sentences_about_ads_are_not() {
        let notice = "*Werbung. Dieser Beitrag enthält Werbung für eine Bademode-Marke.";
        assert!(is_boilerplate_block(&raw(para(notice))));
        assert!(is_boilerplate_block(&raw(para(
            "ANZEIGE - Heute mal ausgehen oder bestellen? Wie wäre es mit:"
        ))));
        assert!(!is_boilerplate_block(&raw(para(
            "Werbung wirkt vor allem dann, wenn sie niemand als Werbung erkennt, sagt die Studie."
        ))));
    }

    #[test]
    fn linked_sentence_between_prose_stays_but_teaser_lines_go() {
        let body = "Body prose that runs long enough to count as the article itself.";
        let linked = |text: &str| {
            let mut b = raw(para(text));
            b.link_chars = b.chars;
            b
        };
        let sentence = "Before that he spent four years as the spokesman of the insurer Link4.";
        let out = plain(remove_boilerplate_blocks(vec![
            raw(para(body)),
            linked(sentence),
            raw(para(body)),
            linked("Read also: The council passed the budget after a long debate."),
            raw(para(body)),
            linked("The council passed the budget after a long debate on schools"),
            raw(para(body)),
        ]));
        assert_eq!(
            out,
            vec![
                para(body),
                para(sentence),
                para(body),
                para(body),
                para(body)
            ]
        );
    }
}
