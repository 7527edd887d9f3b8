//! Per-block boilerplate filters and in-document duplicate removal.

use super::blocks::RawBlock;
use super::prompt::{is_reader_prompt, speaks_to_reader};
use crate::event::Block;
use std::collections::HashSet;

/// Blocks whose text is mostly link text are navigation, teasers or tag lists.
const MAX_LINK_SHARE: f64 = 0.5;
/// Lines this short (characters) are checked against the boilerplate vocabulary.
const SHORT_LINE_CHARS: usize = 60;

/// Short lines that are page chrome in any article: share prompts, ad labels, "related",
/// reading time, "back to top". Compared after lower-casing and trimming punctuation.
const BOILERPLATE_LINES: &[&str] = &[
    "share",
    "share this",
    "share this article",
    "share on facebook",
    "share on twitter",
    "tweet",
    "teilen",
    "diesen artikel teilen",
    "beitrag teilen",
    "partager",
    "compartir",
    "advertisement",
    "advertising",
    "sponsored",
    "anzeige",
    "werbung",
    "publicité",
    "publicidad",
    "related",
    "related articles",
    "related posts",
    "related stories",
    "read more",
    "read next",
    "weiterlesen",
    "mehr lesen",
    "lesen sie auch",
    "mehr zum thema",
    "auch interessant",
    "print",
    "drucken",
    "email",
    "e-mail",
    "back to top",
    "nach oben",
    "top",
    "skip to content",
    "skip to main content",
    "zum inhalt springen",
    "menu",
    "menü",
    "close",
    "schließen",
    "subscribe",
    "abonnieren",
    "sign up",
    "log in",
    "login",
    "anmelden",
    "newsletter",
    "comments",
    "kommentare",
    "leave a reply",
    "leave a comment",
    "schreibe einen kommentar",
    "kommentar verfassen",
    "like this",
    "gefällt mir",
    "loading",
    "wird geladen",
    "chargement",
    "cargando",
    "caricamento",
    "bild anzeigen",
    "beitragsbild",
    "alle angaben ohne gewähr",
    "angaben ohne gewähr",
    // The label over a blocked embed (see `is_embed_consent_notice`).
    "external content",
    "externer inhalt",
    "contenu externe",
    "contenido externo",
    "schon gelesen",
    "das könnte dich auch interessieren",
    "das könnte sie auch interessieren",
    "ähnliche beiträge",
    "verwandte beiträge",
    "vous aimerez aussi",
    "à lire aussi",
    "lire aussi",
    "tags",
    "schlagworte",
    "table of contents",
    "inhaltsverzeichnis",
    "sommaire",
    "índice",
    "spis treści",
    "share via",
    "follow us",
    "folgen sie uns",
];

/// A heading's section (up to the next heading of its rank) with this share of link text is a
/// teaser list ("More on this topic", "You might also like"): the heading and section go.
const MAX_SECTION_LINK_SHARE: f64 = 0.4;

/// Drops heading-led sections that are mostly links, judged over the whole section so that
/// teaser cards (a linked title plus a short excerpt) go together with their heading, unless
/// the section holds several body paragraphs (article text around a link table); and
/// sections under a linked heading that hold no body paragraph (a card whose excerpt is long
/// enough to outweigh its link). Article subheadings are rarely links, and a linked post
/// title heads the post's body paragraphs: a linked heading over the whole container is the
/// title of a short post (a few lines, a photo note), not a card among others.
pub fn remove_link_sections(blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let mut keep = vec![true; blocks.len()];
    for (i, block) in blocks.iter().enumerate() {
        let Block::Heading { level, .. } = block.block else {
            continue;
        };
        let end = blocks[i + 1..]
            .iter()
            .position(|b| matches!(b.block, Block::Heading { level: l, .. } if l <= level))
            .map_or(blocks.len(), |p| i + 1 + p);
        let section = &blocks[i..end];
        let chars: usize = section.iter().map(|b| b.chars).sum();
        let links: usize = section.iter().map(link_chars_outside_tables).sum();
        let link_list = end > i + 1
            && links as f64 > MAX_SECTION_LINK_SHARE * chars as f64
            && !holds_article_text(&section[1..]);
        let heads_everything = i == 0 && end == blocks.len();
        let teaser_card = block.link_chars * 2 > block.chars
            && !section[1..].iter().any(is_body_paragraph)
            && !heads_everything;
        if link_list || teaser_card {
            keep[i..end].iter_mut().for_each(|k| *k = false);
        }
    }
    blocks
        .into_iter()
        .zip(keep)
        .filter_map(|(b, k)| k.then_some(b))
        .collect()
}

/// Link characters of a block, none for a data table: a table of results or products with
/// linked names is data, kept whatever its links by the per-block filter too.
fn link_chars_outside_tables(b: &RawBlock) -> usize {
    match b.block {
        Block::Table { .. } => 0,
        _ => b.link_chars,
    }
}

/// A link-rich section with this many body paragraphs is article text with a table of contents
/// or a table of links in it; a teaser list holds at most one long excerpt.
const MIN_SECTION_BODY_PARAGRAPHS: usize = 2;

fn holds_article_text(section: &[RawBlock]) -> bool {
    section.iter().filter(|b| is_body_paragraph(b)).count() >= MIN_SECTION_BODY_PARAGRAPHS
}

/// Headings (lower-cased prefixes) that open the end matter after an article: about the
/// author, contact, further reading, related stories.
const END_SECTION_HEADINGS: &[&str] = &[
    "about the author",
    "über den autor",
    "über die autorin",
    "contact",
    "kontakt",
    "ansprechpartner",
    "weitere informationen",
    "mehr informationen",
    "zusatzinformationen",
    "more information",
    "additional information",
    "related",
    "read more",
    "read next",
    "more stories",
    "you may also like",
    "you might also like",
    "ähnliche beiträge",
    "ähnliche artikel",
    "verwandte beiträge",
    "weitere beiträge",
    "weitere artikel",
    "das könnte",
    "lesen sie auch",
    "schon gelesen",
    "mehr zum thema",
    "auch interessant",
    "vous aimerez aussi",
    "à lire aussi",
    "lire aussi",
    "te puede interesar",
    "noticias relacionadas",
];

/// Drops, after the last body paragraph, each section whose heading opens end matter
/// ("About the author", "Related posts", "Weitere Informationen"): the heading and everything
/// up to the next heading of its rank. Only there: the same words mid-article may head a
/// box while the article's text continues below it without a heading of its own.
pub fn remove_end_sections(blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let Some(last) = blocks.iter().rposition(is_body_paragraph) else {
        return blocks;
    };
    let mut dropping: Option<u8> = None;
    let mut out = Vec::with_capacity(blocks.len());
    for (i, raw) in blocks.into_iter().enumerate() {
        let heading = match &raw.block {
            Block::Heading { level, text } => Some((*level, text)),
            _ => None,
        };
        if let (Some(rank), Some((level, _))) = (dropping, heading)
            && level <= rank
        {
            dropping = None;
        }
        if let Some((level, text)) = heading
            && i > last
            && opens_end_matter(text)
        {
            dropping = Some(level);
        }
        if dropping.is_none() {
            out.push(raw);
        }
    }
    out
}

fn opens_end_matter(heading: &str) -> bool {
    let lower = heading.trim().to_lowercase();
    END_SECTION_HEADINGS.iter().any(|h| lower.starts_with(h))
}

/// A paragraph this long (non-space characters outside links) is body prose.
const GOOD_BLOCK_CHARS: usize = 200;
/// A paragraph this long (non-space characters outside links) holds at least a sentence.
const SENTENCE_CHARS: usize = 40;
/// After the last body paragraph, paragraphs shorter than this are end matter (author line,
/// copyright, date stamps, widget labels) unless they end like a sentence.
const TAIL_SHORT_CHARS: usize = 40;
/// ...as are paragraphs there with this share of link text.
const TAIL_LINK_SHARE: f64 = 0.25;

fn plain_chars(raw: &RawBlock) -> usize {
    raw.chars.saturating_sub(raw.link_chars)
}

/// A paragraph or quote with enough prose outside links to anchor the article's body.
fn is_body_paragraph(b: &RawBlock) -> bool {
    matches!(b.block, Block::Paragraph { .. } | Block::Quote { .. })
        && plain_chars(b) >= GOOD_BLOCK_CHARS
}

/// Drops the calls to action (subscribe, download the app, follow us, support us) among the
/// paragraphs and headings after the last body paragraph that is not one itself: paywall and
/// promotion boxes close many articles with sentences long enough to pass for body text.
pub fn remove_tail_prompts(blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    // Read from the end back to that paragraph: the blocks before it are never prompts to drop.
    let mut prompts = vec![false; blocks.len()];
    let Some(last) = (0..blocks.len()).rev().find(|&i| {
        prompts[i] = is_prompt_block(&blocks[i]);
        !prompts[i] && is_body_paragraph(&blocks[i])
    }) else {
        return blocks;
    };
    blocks
        .into_iter()
        .zip(prompts)
        .enumerate()
        .filter(|(i, (_, prompt))| *i <= last || !prompt)
        .map(|(_, (b, _))| b)
        .collect()
}

/// A paragraph or heading that asks the reader to act.
fn is_prompt_block(raw: &RawBlock) -> bool {
    match &raw.block {
        Block::Paragraph { text } | Block::Heading { text, .. } => is_reader_prompt(text),
        _ => false,
    }
}

/// Drops the short label or link-bearing paragraphs that follow the last body paragraph: the
/// zone after the article's prose holds author boxes, copyright lines and teaser remnants, and a
/// short line there has no good neighbour after it to vouch for it (lists, tables and code stay,
/// and so does the label right before a list or table, which introduces it).
pub fn trim_tail(blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let Some(last) = blocks.iter().rposition(is_body_paragraph) else {
        return blocks;
    };
    let introduces = list_labels(&blocks);
    drop_paragraphs(blocks, |i, b| {
        i > last
            && ((is_short_label(b) && !introduces[i])
                || b.link_chars.max(written_url_chars(&b.block)) as f64
                    > TAIL_LINK_SHARE * b.chars as f64)
    })
}

/// Characters of the web addresses written out in a paragraph's text: a citation or permalink
/// line spells its link ("Permalink: https://..."), and weighs as link text. (The larger of
/// the two counts is taken: an address may also be the text of its own link.)
fn written_url_chars(block: &Block) -> usize {
    let Block::Paragraph { text } = block else {
        return 0;
    };
    text.split_whitespace()
        .filter(|w| w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www."))
        .map(|w| w.chars().count())
        .sum()
}

/// For each block, whether a list or table follows it: a short line there is the label that
/// introduces it ("Ingredients:", "Sources"), which the filters before kept as content.
fn list_labels(blocks: &[RawBlock]) -> Vec<bool> {
    let is_list = |b: &RawBlock| matches!(b.block, Block::List { .. } | Block::Table { .. });
    (0..blocks.len())
        .map(|i| blocks.get(i + 1).is_some_and(is_list))
        .collect()
}

/// A short paragraph that does not end like a sentence: a byline, date stamp, credit or widget
/// label rather than a closing line of the text ("See you tomorrow!").
fn is_short_label(b: &RawBlock) -> bool {
    plain_chars(b) < TAIL_SHORT_CHARS
        && !matches!(&b.block, Block::Paragraph { text } if ends_like_sentence(text))
}

/// Ends with a full stop, question or exclamation mark, also before a closing quote or bracket.
fn ends_like_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '\'', '”', '“', '»', '«', '’', ')'])
        .ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

/// Removes the paragraphs (at their index) that `drop` selects; other block kinds always stay.
fn drop_paragraphs(
    blocks: Vec<RawBlock>,
    drop: impl Fn(usize, &RawBlock) -> bool,
) -> Vec<RawBlock> {
    blocks
        .into_iter()
        .enumerate()
        .filter(|(i, b)| !(matches!(b.block, Block::Paragraph { .. }) && drop(*i, b)))
        .map(|(_, b)| b)
        .collect()
}

/// Drops the short label paragraphs that precede the first body paragraph: the zone
/// before the article's prose holds breadcrumbs, bylines, date stamps and share labels. Headings
/// (the title and lead-in headings) stay, as do lists, tables and code, and the labels that
/// introduce a list or table.
pub fn trim_head(blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let Some(first) = blocks.iter().position(is_body_paragraph) else {
        return blocks;
    };
    let introduces = list_labels(&blocks);
    drop_paragraphs(blocks, |i, b| {
        i < first && is_short_label(b) && !introduces[i]
    })
}

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
pub fn is_boilerplate_block(raw: &RawBlock) -> bool {
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
/// What opens a picture credit inside a caption ("... Foto: Agency", "... © AFP / Name").
const CREDIT_MARKERS: &[&str] = &[
    "©",
    "foto:",
    "fotos:",
    "photo:",
    "photos:",
    "bild:",
    "image:",
    "credit:",
    "(foto",
    "(photo",
    "istock",
    "getty images",
];

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
fn is_credited_caption(text: &str) -> bool {
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

/// Ad labels that open a sponsored notice or an ad slot's text.
const AD_LABELS: &[&str] = &[
    "advertisement",
    "advertorial",
    "sponsored",
    "anzeige",
    "werbung",
    "publicité",
    "publicidad",
];
/// Ad notices are at most this long (characters); longer text is prose that starts oddly.
const MAX_AD_NOTICE_CHARS: usize = 200;

/// A notice opened by an ad label and a punctuation mark: "*Werbung. Dieser Beitrag enthält
/// Werbung für ...", "ANZEIGE - Heute mal ausgehen?". A sentence about advertising ("Werbung
/// wirkt ...") has no mark after its first word.
fn is_ad_notice(text: &str) -> bool {
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
        || lower.starts_with("copyright")
        || lower.contains("all rights reserved")
        || lower.contains("alle rechte vorbehalten")
}

/// "Foto: Agency", "Photo credits", "Bild: dpa", "Getty Images": picture credits left in text.
fn is_picture_credit(lower: &str) -> bool {
    const LABELS: &[&str] = &[
        "foto",
        "fotos",
        "photo",
        "photos",
        "bild",
        "bilder",
        "image",
        "images",
        "credit",
        "credits",
        "quelle",
        "source",
        "titelbild",
        "abbildung",
    ];
    let first = lower
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let labelled = LABELS.contains(&first)
        && (lower.contains(':')
            || lower.contains("credit")
            || lower.split_whitespace().count() <= 2);
    labelled || lower.contains("getty images") || lower.ends_with("/dpa")
}

/// A consent notice: mentions cookies together with the site, the browser or a policy, or says
/// that cookies are used ("we use cookies", "korzystamy z cookies").
fn is_cookie_notice(lower: &str) -> bool {
    const CONTEXT: &[&str] = &[
        "website",
        "site",
        "browser",
        "consent",
        "policy",
        "accept",
        "datenschutz",
    ];
    const USING_COOKIES: &[&str] = &[
        "use cookies",
        "uses cookies",
        "verwendung von cookies",
        "verwendet cookies",
        "verwenden cookies",
        "nutzt cookies",
        "setzt cookies",
        "utilise des cookies",
        "utilisons des cookies",
        "utiliza cookies",
        "utilizamos cookies",
        "usa cookies",
        "z cookies",
        "plików cookies",
    ];
    lower.contains("cookie")
        && (CONTEXT.iter().any(|w| lower.contains(w))
            || USING_COOKIES.iter().any(|w| lower.contains(w)))
}

/// Longest placeholder of a blocked embed; longer text is prose about privacy.
const MAX_EMBED_NOTICE_CHARS: usize = 600;

/// The placeholder a privacy plugin shows instead of an embedded post, video or map until the
/// reader agrees to load it ("To protect your personal data we blocked loading content from
/// twitter.com; consent below to show it"): it speaks to the reader of privacy, of consent and
/// of loading or showing content, all at once. An article about privacy rarely does all four.
fn is_embed_consent_notice(lower: &str) -> bool {
    const PRIVACY: &[&str] = &[
        "privacy",
        "personal data",
        "privatsphäre",
        "personenbezogen",
        "persönlichen daten",
        "persönliche daten",
        "datenschutz",
        "données personnelles",
        "datos personales",
    ];
    const CONSENT: &[&str] = &[
        "consent",
        "accept",
        "allow",
        "enable",
        "unblock",
        "einverst",
        "zustimm",
        "stimme",
        "akzeptier",
        "erlaub",
        "freischalt",
        "aktivier",
        "acepta",
    ];
    const LOADING: &[&str] = &[
        "content",
        "load",
        "display",
        "connection",
        "inhalt",
        "laden",
        "anzeig",
        "verbindung",
        "contenu",
        "contenido",
    ];
    let mentions = |stems: &[&str]| stems.iter().any(|s| lower.contains(s));
    lower.chars().count() <= MAX_EMBED_NOTICE_CHARS
        && mentions(PRIVACY)
        && mentions(CONSENT)
        && mentions(LOADING)
        && lower
            .split(|c: char| !c.is_alphanumeric())
            .any(speaks_to_reader)
}

/// A short label of a signup prompt, a download link or an ad slot ("Subscribe to our
/// newsletter", "Skript als PDF herunterladen", "Top banner 2").
fn is_widget_label(words: &[&str]) -> bool {
    const LABEL_WORDS: &[&str] = &[
        "newsletter",
        "subscribe",
        "download",
        "herunterladen",
        "télécharger",
        "descargar",
        "banner",
        "advertisement",
        "anzeige",
        "werbung",
        "sponsored",
    ];
    words.len() <= 6 && words.iter().any(|w| LABEL_WORDS.contains(w))
}

/// "1 min", "5 min read", "3 Minuten Lesezeit", "Lesezeit: 4 Min."
fn is_reading_time(words: &[&str]) -> bool {
    let has_number = words.iter().any(|w| w.chars().all(|c| c.is_ascii_digit()));
    let has_unit = words.iter().any(|w| {
        matches!(
            *w,
            "min" | "mins" | "minute" | "minutes" | "minuten" | "minutos"
        )
    });
    has_number && has_unit && words.len() <= 5
}

/// Drops repeated paragraphs, quotes, list items and captions, keeping the first; drops a body
/// paragraph that repeats a caption (the caption stays a figure).
pub fn remove_duplicates(blocks: Vec<Block>) -> Vec<Block> {
    let captions: HashSet<String> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure { caption, .. } => Some(dedup_key(caption)),
            _ => None,
        })
        .collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        let keep = match &block {
            Block::Paragraph { text } | Block::Quote { text } => {
                let key = dedup_key(text);
                !captions.contains(&key) && first_time(&mut seen, key)
            }
            Block::Figure { caption, .. } => {
                first_time(&mut seen, format!("fig:{}", dedup_key(caption)))
            }
            Block::List { items, .. } => first_time(&mut seen, dedup_key(&items.join(" "))),
            _ => true,
        };
        if keep {
            out.push(block);
        }
    }
    out
}

/// Records `key` and says whether it was new; empty keys never count as repeats.
fn first_time(seen: &mut HashSet<String>, key: String) -> bool {
    key.is_empty() || seen.insert(key)
}

/// Lower-cased letters and digits only: copies differing in spacing or punctuation match.
fn dedup_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.chars() {
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

/// A heading this long (words) and closed by a full stop is prose set in a heading's type (an
/// intro or standfirst styled as `<h3>`), not a title: headlines rarely end with a period.
const PROSE_HEADING_WORDS: usize = 12;

fn is_prose(text: &str) -> bool {
    text.split_whitespace().count() >= PROSE_HEADING_WORDS
        && text
            .trim_end()
            .trim_end_matches(['"', '\'', '”', '“', '»', '«', '’'])
            .ends_with(['.', '…', '。'])
        && !is_reader_prompt(text)
}

/// Drops headings that head nothing: followed by a heading of the same or a higher rank, or by
/// nothing at all (the "Related articles" title of a removed list). Prose set as a heading stays
/// when more content follows it: it is text, not a title waiting for its section.
pub fn remove_orphan_headings(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    // Walk backwards, remembering the rank of the nearest kept block after this one.
    let mut next_rank: Option<u8> = None;
    for block in blocks.into_iter().rev() {
        match &block {
            Block::Heading { text, .. } if next_rank.is_some() && is_prose(text) => {
                next_rank = Some(u8::MAX);
                out.push(block);
            }
            Block::Heading { level, .. } => {
                let heads_something = matches!(next_rank, Some(r) if r > *level);
                if heads_something {
                    next_rank = Some(*level);
                    out.push(block);
                }
            }
            Block::Figure { .. } => out.push(block),
            _ => {
                next_rank = Some(u8::MAX);
                out.push(block);
            }
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Block {
        Block::Paragraph { text: text.into() }
    }

    fn heading(level: u8, text: &str) -> Block {
        Block::Heading {
            level,
            text: text.into(),
        }
    }

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
    fn repeated_paragraph_is_kept_once() {
        let out = remove_duplicates(vec![para("Lead text."), para("Body."), para("Lead  text")]);
        assert_eq!(out, vec![para("Lead text."), para("Body.")]);
    }

    #[test]
    fn paragraph_repeating_a_caption_is_dropped() {
        let fig = Block::Figure {
            src: None,
            caption: "A photo, Agency".into(),
        };
        let out = remove_duplicates(vec![fig.clone(), para("A photo, Agency"), para("Body.")]);
        assert_eq!(out, vec![fig, para("Body.")]);
    }

    #[test]
    fn heading_without_content_is_dropped() {
        let out = remove_orphan_headings(vec![
            heading(2, "Section"),
            para("Text."),
            heading(2, "Related articles"),
        ]);
        assert_eq!(out, vec![heading(2, "Section"), para("Text.")]);
    }

    #[test]
    fn heading_followed_by_subheading_is_kept() {
        let blocks = vec![heading(1, "Title"), heading(2, "Part"), para("Text.")];
        assert_eq!(remove_orphan_headings(blocks.clone()), blocks);
    }

    #[test]
    fn intro_set_as_a_heading_is_kept_before_a_subheading() {
        let intro = "Our reporter travels to Rome for a taste of fast-paced polo and \
                     a look behind the scenes of the season.";
        let blocks = vec![
            heading(3, intro),
            heading(3, "From India to Argentina"),
            para("Text."),
        ];
        assert_eq!(remove_orphan_headings(blocks.clone()), blocks);
    }

    #[test]
    fn question_or_trailing_heading_is_still_an_orphan() {
        let question = "What do you think about the new rules for the city council and its budget?";
        let last = "You have to be logged in to take part in the discussion under this article.";
        let out = remove_orphan_headings(vec![
            heading(3, question),
            heading(3, "Part"),
            para("Text."),
            heading(3, last),
        ]);
        assert_eq!(out, vec![heading(3, "Part"), para("Text.")]);
    }

    /// The blocks a filter kept, without their measurements.
    fn plain(kept: Vec<RawBlock>) -> Vec<Block> {
        kept.into_iter().map(|b| b.block).collect()
    }

    fn raw(block: Block) -> RawBlock {
        let text = match &block {
            Block::Paragraph { text } | Block::Heading { text, .. } => text.clone(),
            _ => String::new(),
        };
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        RawBlock {
            block,
            chars,
            link_chars: 0,
            source: 0,
        }
    }

    #[test]
    fn short_closing_sentence_after_the_body_stays_but_labels_go() {
        let body = "Body prose that runs long enough to count as the article itself. ".repeat(5);
        let out = plain(trim_tail(vec![
            raw(para(&body)),
            raw(para("See you all tomorrow!")),
            raw(para("Photo: Agency")),
            raw(para("Posted in News")),
        ]));
        assert_eq!(out, vec![para(&body), para("See you all tomorrow!")]);
    }

    #[test]
    fn citation_line_spelling_its_address_after_the_body_goes() {
        let body = "Body prose that runs long enough to count as the article itself. ".repeat(5);
        let closing = "Bookings open on Monday at www.example.org/tickets for all members of the \
            club, and the list of events is updated there every week.";
        let out = plain(trim_tail(vec![
            raw(para(&body)),
            raw(para(closing)),
            raw(para(
                "Cite as: Doe, J., 2024, https://example.org/blog/2024/a-long-post-title",
            )),
        ]));
        assert_eq!(out, vec![para(&body), para(closing)]);
    }

    #[test]
    fn label_introducing_a_list_stays_around_the_body() {
        let body = "Body prose that runs long enough to count as the article itself. ".repeat(5);
        let list = Block::List {
            ordered: false,
            items: vec!["Smith (2020): A title.".into()],
        };
        let blocks = vec![
            raw(para("Ingredients")),
            raw(list.clone()),
            raw(para(&body)),
            raw(para("Sources")),
            raw(list.clone()),
            raw(para("Posted in News")),
        ];
        let out = plain(trim_tail(trim_head(blocks)));
        assert_eq!(
            out,
            vec![
                para("Ingredients"),
                list.clone(),
                para(&body),
                para("Sources"),
                list
            ]
        );
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

    #[test]
    fn end_matter_section_after_the_body_goes_with_its_heading() {
        let body = "Body prose that runs long enough to count as the article itself. ".repeat(5);
        let blocks = |title: &str| {
            vec![
                raw(heading(2, title)),
                raw(para("A short box of text.")),
                raw(para(&body)),
                raw(heading(2, "About the author")),
                raw(para("Jane writes about cities, schools and budgets.")),
                raw(heading(2, "Notes")),
                raw(para("Figures are from the 2024 budget.")),
            ]
        };
        let out = plain(remove_end_sections(blocks("Related")));
        assert_eq!(
            out,
            vec![
                heading(2, "Related"),
                para("A short box of text."),
                para(&body),
                heading(2, "Notes"),
                para("Figures are from the 2024 budget."),
            ]
        );
        assert!(opens_end_matter("Zusatzinformationen:"));
        assert!(opens_end_matter("Additional information"));
        assert!(!opens_end_matter("Informationen für Eltern"));
    }

    #[test]
    fn link_rich_section_with_body_paragraphs_stays() {
        let body = "Body prose that runs long enough to count as the article itself. ".repeat(5);
        let mut links = raw(Block::List {
            ordered: false,
            items: vec!["Contents".into()],
        });
        links.chars = 2000;
        links.link_chars = 2000;
        let section = vec![
            raw(heading(2, "Contents")),
            links,
            raw(para(&body)),
            raw(para(&body)),
        ];
        assert_eq!(remove_link_sections(section.clone()), section);
        let teasers = section[..3].to_vec();
        assert!(remove_link_sections(teasers).is_empty());
    }

    #[test]
    fn section_of_a_table_with_linked_names_stays() {
        let mut table = raw(Block::Table {
            rows: vec![vec!["Brand Model".into(), "1,7".into()]],
        });
        table.chars = 600;
        table.link_chars = 400;
        let section = vec![raw(heading(2, "Results")), table];
        assert_eq!(remove_link_sections(section.clone()), section);
    }

    #[test]
    fn linked_title_over_a_whole_short_post_stays() {
        let mut title = raw(heading(2, "A short post"));
        title.link_chars = title.chars;
        let post = vec![
            title,
            raw(para("It has been a while since the first one arrived.")),
            raw(para("This is how it looked:")),
        ];
        assert_eq!(remove_link_sections(post.clone()), post);
    }

    #[test]
    fn linked_heading_over_an_excerpt_is_a_teaser_card() {
        let linked = |text: &str| {
            let mut b = raw(heading(3, text));
            b.link_chars = b.chars;
            b
        };
        let excerpt = "An excerpt of another story, long enough to outweigh the link in its title.";
        let body = "Body prose that runs long enough to count as the article itself. ".repeat(5);
        let out = plain(remove_link_sections(vec![
            raw(heading(3, "Plain subheading")),
            raw(para(excerpt)),
            linked("Linked post title"),
            raw(para(&body)),
            linked("Another story"),
            raw(para(excerpt)),
        ]));
        assert_eq!(
            out,
            vec![
                heading(3, "Plain subheading"),
                para(excerpt),
                heading(3, "Linked post title"),
                para(&body),
            ]
        );
    }

    #[test]
    fn calls_to_action_after_the_body_go_but_not_within_it() {
        let body = "Body prose that runs long enough to count as the article itself. ".repeat(5);
        let prompt = "Get the latest news straight to your phone with our app.";
        let out = plain(remove_tail_prompts(vec![
            raw(para(&body)),
            raw(para(prompt)),
            raw(para(&body)),
            raw(para("See you all tomorrow!")),
            raw(para(prompt)),
            raw(heading(3, "Subscribe to the print edition")),
        ]));
        assert_eq!(
            out,
            vec![
                para(&body),
                para(prompt),
                para(&body),
                para("See you all tomorrow!")
            ]
        );
    }

    #[test]
    fn short_paragraphs_before_the_body_are_dropped_but_headings_stay() {
        let body = "Body prose that runs long enough to count as the article itself. ".repeat(5);
        let out = plain(trim_head(vec![
            raw(para("Home / News")),
            raw(heading(1, "Title")),
            raw(para("By A. Writer")),
            raw(para(&body)),
            raw(para("Short line.")),
        ]));
        assert_eq!(
            out,
            vec![heading(1, "Title"), para(&body), para("Short line.")]
        );
    }
}
