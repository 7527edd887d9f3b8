//! Plain-text pages (a scraper's dump of the rendered page): line-level boilerplate and
//! duplicate removal, title, byline and caption inference.
//!
//! Without markup, roles come from the shape of lines: the title is the first substantial line
//! without sentence punctuation; a line printed twice in a row without sentence punctuation is
//! an image caption (alt text plus caption); "By Name" is a byline; a short unpunctuated line
//! followed by prose is a subheading.

use crate::ExtractConfig;
use crate::content::is_boilerplate_line;
use crate::event::Block;
use crate::text_key::alnum_key;
use std::collections::HashSet;

/// What a text dump yields.
#[derive(Debug, Default, PartialEq)]
pub struct TextDump {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub blocks: Vec<Block>,
    pub notes: Vec<String>,
}

/// A title or subheading has at most this many words.
const MAX_HEADING_WORDS: usize = 25;
/// A byline has at most this many words after "By".
const MAX_BYLINE_NAME_WORDS: usize = 4;

const BULLETS: &[char] = &['•', '·', '▪', '◦', '‣', '–', '-', '*'];

pub fn extract_text_dump(text: &str, _config: &ExtractConfig) -> TextDump {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut dump = TextDump::default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut dropped = 0usize;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let repeated_next = lines.get(i + 1) == Some(&line);
        let body = line.trim_start_matches(BULLETS).trim();
        i += if repeated_next { 2 } else { 1 };
        if is_boilerplate_line(body) {
            dropped += 1;
            continue;
        }
        if !seen.insert(alnum_key(body)) {
            dropped += 1;
            continue;
        }
        if dump.title.is_none() && is_title_like(body) {
            dump.title = Some(body.to_string());
            continue;
        }
        if let Some(name) = byline_name(body) {
            dump.authors.push(name);
            continue;
        }
        let next = lines.get(i).copied();
        dump.blocks.push(classify(line, body, repeated_next, next));
    }
    dump.blocks = group_list_items(dump.blocks);
    if dropped > 0 {
        dump.notes.push(format!("text lines dropped: {dropped}"));
    }
    dump
}

/// The role of one kept line.
fn classify(line: &str, body: &str, repeated: bool, next: Option<&str>) -> Block {
    if repeated && !ends_sentence(body) {
        return Block::Figure {
            src: None,
            caption: body.to_string(),
        };
    }
    if line.starts_with(BULLETS) && body.len() < line.len() {
        return Block::List {
            ordered: false,
            items: vec![body.to_string()],
        };
    }
    let followed_by_prose = next.is_some_and(|n| ends_sentence(n) && n.len() > body.len());
    if !ends_sentence(body) && word_count(body) <= MAX_HEADING_WORDS && followed_by_prose {
        return Block::Heading {
            level: 2,
            text: body.to_string(),
        };
    }
    Block::Paragraph {
        text: body.to_string(),
    }
}

/// Consecutive one-item lists (bullet lines) become one list.
fn group_list_items(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let (Some(Block::List { items, .. }), Block::List { items: more, .. }) =
            (out.last_mut(), &block)
        {
            items.extend(more.iter().cloned());
            continue;
        }
        out.push(block);
    }
    out
}

fn is_title_like(line: &str) -> bool {
    let words = word_count(line);
    (3..=MAX_HEADING_WORDS).contains(&words) && !ends_sentence(line)
}

/// "By Jane Doe" / "Von Max Muster" → the name, when it looks like one (capitalized words).
fn byline_name(line: &str) -> Option<String> {
    let rest = ["By ", "by ", "Von ", "von ", "Par ", "Por ", "Di "]
        .iter()
        .find_map(|p| line.strip_prefix(p))?;
    let words: Vec<&str> = rest.split_whitespace().collect();
    let is_name = (1..=MAX_BYLINE_NAME_WORDS).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    is_name.then(|| words.join(" "))
}

/// Ends like a sentence: terminal punctuation, possibly followed by a closing quote.
fn ends_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '\'', '”', '’', '»', '“', ')']);
    trimmed.ends_with(['.', '!', '?', '…', ':', '。', '！', '？'])
}

fn word_count(line: &str) -> usize {
    line.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dump(text: &str) -> TextDump {
        extract_text_dump(text, &ExtractConfig::default())
    }

    #[test]
    fn title_is_first_unpunctuated_substantial_line() {
        let d =
            dump("Skip to content\n\nBig news about the city council\n\nThe council met today.");
        assert_eq!(d.title.as_deref(), Some("Big news about the city council"));
    }

    #[test]
    fn byline_gives_author_and_leaves_the_text() {
        let d = dump("A title for this story\n\nSome text here.\n\nBy Jane Doe\n");
        assert_eq!(d.authors, ["Jane Doe"]);
        assert_eq!(
            d.blocks,
            vec![Block::Paragraph {
                text: "Some text here.".into()
            }]
        );
    }

    #[test]
    fn line_printed_twice_is_a_caption() {
        let d = dump(
            "A title for this story\n\nThe mayor, Photo Agency\n\nThe mayor, Photo Agency\n\nText.",
        );
        assert_eq!(
            d.blocks[0],
            Block::Figure {
                src: None,
                caption: "The mayor, Photo Agency".into()
            }
        );
        assert_eq!(d.blocks.len(), 2);
    }

    #[test]
    fn repeated_paragraph_is_kept_once() {
        let d = dump("A title for this story\n\nLead text.\n\nOther.\n\nLead text.");
        assert_eq!(d.blocks.len(), 2);
    }

    #[test]
    fn short_line_before_prose_is_a_subheading() {
        let d = dump(
            "A title for this story\n\nFirst.\n\nWhat happens next\n\nThe council will vote again.",
        );
        assert_eq!(
            d.blocks[1],
            Block::Heading {
                level: 2,
                text: "What happens next".into()
            }
        );
    }
}
