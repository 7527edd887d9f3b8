//! The article body a page declares in JSON-LD (`articleBody`), for pages whose visible markup
//! holds only part of the article: a paywall teaser, or a script-rendered page that shows a
//! caption and an author box until its scripts run.

use super::{fragment_content, render_text, text_chars};
use crate::ExtractConfig;
use crate::event::Block;

/// How many times longer than the main text found the declared body must be before the page
/// counts as not showing its article. Declared bodies often differ a little from what the page
/// shows (a lead left out, an inline "read also" link left in); only a visible text that is a
/// small part of the declared one is incomplete.
const INCOMPLETE_FACTOR: usize = 4;

/// Adds the declared body's paragraphs that the main text lacks after the blocks found, when the
/// visible page shows only a small part of the article. Returns a note for `diagnostics` when
/// something was added.
pub fn complete_from_declared_body(
    blocks: &mut Vec<Block>,
    body: &str,
    config: &ExtractConfig,
) -> Option<String> {
    let declared_chars = body.chars().count();
    if declared_chars < config.min_text_chars
        || declared_chars < INCOMPLETE_FACTOR * text_chars(blocks)
    {
        return None;
    }
    let shown = render_text(blocks);
    let missing: Vec<Block> = declared_blocks(body, config)
        .into_iter()
        .filter(|b| !shown.contains(render_text(std::slice::from_ref(b)).as_str()))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let note = format!(
        "content: {} blocks from the JSON-LD article body",
        missing.len()
    );
    blocks.extend(missing);
    Some(note)
}

/// The declared body as blocks: markup is extracted like a page fragment; plain text gives one
/// paragraph per line.
fn declared_blocks(body: &str, config: &ExtractConfig) -> Vec<Block> {
    if is_markup(body) {
        return fragment_content(body, config).blocks;
    }
    body.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|text| !text.is_empty())
        .map(|text| Block::Paragraph { text })
        .collect()
}

/// Some sites declare their body as HTML rather than text.
fn is_markup(body: &str) -> bool {
    ["</p>", "<br", "</div>", "</h2>"]
        .iter()
        .any(|tag| body.contains(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCE: &str = "The harbour authority approved the new quay after a long debate \
        about dredging costs, ferry timetables and the fishing fleet's moorings.";

    fn paragraph(text: &str) -> Block {
        Block::Paragraph { text: text.into() }
    }

    fn completed(mut blocks: Vec<Block>, body: &str) -> Vec<Block> {
        complete_from_declared_body(&mut blocks, body, &ExtractConfig::default());
        blocks
    }

    #[test]
    fn a_teaser_is_completed_by_the_declared_paragraphs_it_lacks() {
        let body = format!("{SENTENCE}\nSecond: {SENTENCE}\nThird: {SENTENCE}\nLast: {SENTENCE}");
        let got = completed(vec![paragraph(SENTENCE)], &body);
        let texts: Vec<String> = got
            .iter()
            .map(|b| render_text(std::slice::from_ref(b)))
            .collect();
        assert_eq!(texts.len(), 4);
        assert_eq!(texts[0], SENTENCE);
        assert_eq!(texts[3], format!("Last: {SENTENCE}"));
    }

    #[test]
    fn a_full_visible_article_is_left_alone() {
        let shown: Vec<Block> = (0..4)
            .map(|i| paragraph(&format!("{i}: {SENTENCE}")))
            .collect();
        let body = format!("{SENTENCE} A sentence the page does not show, about the quay.");
        assert_eq!(completed(shown.clone(), &body), shown);
    }

    #[test]
    fn a_declared_body_in_markup_is_read_as_markup() {
        let body = format!("<p>{SENTENCE}</p><p>Second: {SENTENCE}</p>");
        let got = completed(vec![], &body);
        assert_eq!(
            render_text(&got),
            format!("{SENTENCE}\n\nSecond: {SENTENCE}")
        );
    }

    #[test]
    fn a_short_declared_body_adds_nothing() {
        assert_eq!(completed(vec![], "Too short to be an article."), vec![]);
    }
}
