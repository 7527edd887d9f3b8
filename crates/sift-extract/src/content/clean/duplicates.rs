//! In-page duplicates: a paragraph, quote, list or caption the page repeats is kept once.

use crate::event::Block;
use crate::text_key::alnum_key;
use std::collections::HashSet;

/// Drops repeated paragraphs, quotes, list items and captions, keeping the first; drops a body
/// paragraph that repeats a caption (the caption stays a figure).
pub fn remove_duplicates(blocks: Vec<Block>) -> Vec<Block> {
    let captions: HashSet<String> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure { caption, .. } => Some(alnum_key(caption)),
            _ => None,
        })
        .collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        let keep = match &block {
            Block::Paragraph { text } | Block::Quote { text } => {
                let key = alnum_key(text);
                !captions.contains(&key) && first_time(&mut seen, key)
            }
            Block::Figure { caption, .. } => {
                first_time(&mut seen, format!("fig:{}", alnum_key(caption)))
            }
            Block::List { items, .. } => first_time(&mut seen, alnum_key(&items.join(" "))),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::clean::test_blocks::*;

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
}
