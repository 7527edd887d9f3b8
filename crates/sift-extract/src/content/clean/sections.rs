//! Heading-led sections: teaser lists and cards (mostly links), end matter after the article
//! ("About the author", "Related posts"), and headings left heading nothing.

use super::is_body_paragraph;
use crate::content::blocks::RawBlock;
use crate::content::prompt::is_reader_prompt;
use crate::content::text_chars;
use crate::event::Block;
use crate::lexicon::end_matter::END_SECTION_HEADINGS;

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

pub(crate) fn opens_end_matter(heading: &str) -> bool {
    let lower = heading.trim().to_lowercase();
    END_SECTION_HEADINGS.iter().any(|h| lower.starts_with(h))
}

/// A heading this long (words) and closed by a full stop is prose set in a heading's type (an
/// intro or standfirst styled as `<h3>`), not a title: headlines rarely end with a period.
const PROSE_HEADING_WORDS: usize = 12;

fn is_prose_heading(text: &str) -> bool {
    text.split_whitespace().count() >= PROSE_HEADING_WORDS
        && text
            .trim_end()
            .trim_end_matches(['"', '\'', '”', '“', '»', '«', '’'])
            .ends_with(['.', '…', '。'])
        && !is_reader_prompt(text)
}

/// Drops headings that head nothing: followed by a heading of the same or a higher rank, or by
/// nothing at all (the "Related articles" title of a removed list). Prose set as a heading stays
/// when more content follows it: it is text, not a title waiting for its section. So do the
/// titles of a page made of them ([`title_runs`]): a listing of headlines is its content.
pub fn remove_orphan_headings(blocks: Vec<Block>) -> Vec<Block> {
    let in_run = title_runs(&blocks);
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    // Walk backwards, remembering the rank of the nearest kept block after this one.
    let mut next_rank: Option<u8> = None;
    for (block, in_run) in blocks.into_iter().zip(in_run).rev() {
        match &block {
            Block::Heading { .. } if in_run => {
                next_rank = Some(u8::MAX);
                out.push(block);
            }
            Block::Heading { text, .. } if next_rank.is_some() && is_prose_heading(text) => {
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

/// Headings of one rank in a row, this many or more, are a list of titles (a listing's
/// items, each a link to its story or product), not headings waiting for their sections.
const TITLE_RUN: usize = 3;

/// Per block: a heading of a run of at least [`TITLE_RUN`] headings of one rank, on a page
/// whose title runs hold at least as much text as all its other blocks. Beside more text than
/// theirs, such runs are the teasers of other stories around an article.
fn title_runs(blocks: &[Block]) -> Vec<bool> {
    let is_heading = |b: &Block| matches!(b, Block::Heading { .. });
    let mut in_run = Vec::with_capacity(blocks.len());
    for run in blocks.chunk_by(|a, b| is_heading(a) == is_heading(b)) {
        let titles = is_heading(&run[0]) && run.len() >= TITLE_RUN;
        in_run.extend(std::iter::repeat_n(titles, run.len()));
    }
    // Most pages have no run: their blocks' text is not measured.
    if !in_run.contains(&true) {
        return in_run;
    }
    let (mut titles, mut rest) = (0, 0);
    for (block, &run) in blocks.iter().zip(&in_run) {
        let chars = text_chars(std::slice::from_ref(block));
        if run {
            titles += chars;
        } else {
            rest += chars;
        }
    }
    if titles < rest {
        in_run.fill(false);
    }
    in_run
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::clean::test_blocks::*;

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
    fn a_page_of_titles_keeps_them() {
        let titles = vec![
            heading(2, "Latest news"),
            heading(3, "New firmware for the headphones"),
            heading(3, "Hands on with the new earbuds"),
            heading(3, "Review: great sound, short battery"),
            para("Load more"),
        ];
        assert_eq!(remove_orphan_headings(titles.clone()), titles);
    }

    #[test]
    fn teaser_titles_beside_a_longer_body_are_still_orphans() {
        let body = "Body prose that runs long enough to count as the article itself. ".repeat(3);
        let out = remove_orphan_headings(vec![
            heading(2, "Section"),
            para(&body),
            heading(3, "New firmware for the headphones"),
            heading(3, "Hands on with the new earbuds"),
            heading(3, "Review: great sound, short battery"),
        ]);
        assert_eq!(out, vec![heading(2, "Section"), para(&body)]);
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
}
