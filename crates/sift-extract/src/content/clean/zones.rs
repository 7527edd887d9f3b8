//! Zones around the article's prose: before its first body paragraph (breadcrumbs, bylines,
//! date stamps) and after its last (author boxes, copyright lines, calls to action, teaser
//! remnants), where short labels and link-bearing lines go.

use super::{ends_like_sentence, is_body_paragraph, plain_chars};
use crate::content::blocks::RawBlock;
use crate::content::prompt::is_reader_prompt;
use crate::event::Block;
/// After the last body paragraph, paragraphs shorter than this are end matter (author line,
/// copyright, date stamps, widget labels) unless they end like a sentence.
const TAIL_SHORT_CHARS: usize = 40;
/// ...as are paragraphs there with this share of link text.
const TAIL_LINK_SHARE: f64 = 0.25;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::clean::test_blocks::*;

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
