//! Filters over the blocks of the chosen container: heading-led sections that are teasers or end
//! matter ([`sections`]), the zones before and after the article's prose ([`zones`]), blocks
//! that are boilerplate by their own words and links ([`notices`]), and in-page duplicates
//! ([`duplicates`]).

mod duplicates;
pub(crate) mod notices;
pub(crate) mod sections;
mod zones;

pub use duplicates::remove_duplicates;
pub use notices::{is_boilerplate_line, remove_boilerplate_blocks, remove_stray_captions};
pub use sections::{remove_end_sections, remove_link_sections, remove_orphan_headings};
pub use zones::{remove_tail_prompts, trim_head, trim_tail};

use super::blocks::RawBlock;
use crate::event::Block;

/// A paragraph this long (non-space characters outside links) is body prose.
const GOOD_BLOCK_CHARS: usize = 200;

fn plain_chars(raw: &RawBlock) -> usize {
    raw.chars.saturating_sub(raw.link_chars)
}

/// A paragraph or quote with enough prose outside links to anchor the article's body.
fn is_body_paragraph(b: &RawBlock) -> bool {
    matches!(b.block, Block::Paragraph { .. } | Block::Quote { .. })
        && plain_chars(b) >= GOOD_BLOCK_CHARS
}

/// A paragraph this long (non-space characters outside links) holds at least a sentence.
const SENTENCE_CHARS: usize = 40;

/// Ends with a full stop, question or exclamation mark, also before a closing quote or bracket.
fn ends_like_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '\'', '”', '“', '»', '«', '’', ')'])
        .ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

#[cfg(test)]
mod test_blocks {
    use super::*;

    pub(super) fn para(text: &str) -> Block {
        Block::Paragraph { text: text.into() }
    }

    pub(super) fn heading(level: u8, text: &str) -> Block {
        Block::Heading {
            level,
            text: text.into(),
        }
    }

    /// The blocks a filter kept, without their measurements.
    pub(super) fn plain(kept: Vec<RawBlock>) -> Vec<Block> {
        kept.into_iter().map(|b| b.block).collect()
    }

    pub(super) fn raw(block: Block) -> RawBlock {
        let text = match &block {
            Block::Paragraph { text } | Block::Heading { text, .. } => text.clone(),
            _ => String::new(),
        };
        let chars = super::super::non_space_chars(&text);
        RawBlock {
            block,
            chars,
            link_chars: 0,
            source: 0,
        }
    }
}
