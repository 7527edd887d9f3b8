//! Picks the element that holds the main content.
//!
//! Every text block (the text owned by one block-level element) gets a value: long runs of
//! unlinked text are worth their length, link lists cost theirs, short lines are neutral. Each
//! element's score is the sum over its subtree, so the best-scoring element is the one that
//! gathers the most prose while taking in the fewest links: a maximum-subtree choice that works
//! the same in any language. Ties go to the enclosing element, which keeps a lead or a headline
//! that sits just outside the densest part.

use super::prune::NodeFlags;
use crate::extract::dom::{Document, NodeId, NodeKind, ROOT};

/// Elements that do not start a text block of their own.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike",
    "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "nobr",
];

pub fn is_inline(name: &str) -> bool {
    INLINE_TAGS.contains(&name)
}

/// Text blocks at least this long (non-space bytes, links excluded) count as prose.
const PROSE_CHARS: usize = 120;
/// Shorter blocks down to this length count half.
const SENTENCE_CHARS: usize = 40;
/// A parent within this share of the best score is taken instead (it adds little but noise).
const CLIMB_TOLERANCE: f64 = 0.08;

pub fn choose_main(doc: &Document, flags: &NodeFlags) -> NodeId {
    let score = subtree_scores(doc, flags);
    let best = (1..doc.len())
        .filter(|&id| !flags.removed[id] && doc.element(id as NodeId).is_some())
        .max_by(|&a, &b| score[a].total_cmp(&score[b]).then(b.cmp(&a)));
    let Some(best) = best else {
        return ROOT;
    };
    if score[best] <= 0.0 {
        return ROOT;
    }
    let floor = score[best] * (1.0 - CLIMB_TOLERANCE);
    let mut chosen = best as NodeId;
    while let Some(parent) = doc.parent(chosen) {
        if parent == ROOT || score[parent as usize] < floor {
            break;
        }
        chosen = parent;
    }
    chosen
}

/// Sum of text-block values over each element's subtree.
fn subtree_scores(doc: &Document, flags: &NodeFlags) -> Vec<f64> {
    let n = doc.len();
    // Text lengths gathered on the block-level element that owns them.
    let mut owner = vec![ROOT; n];
    let mut chars = vec![0usize; n];
    let mut link_chars = vec![0usize; n];
    for id in 1..n {
        let node = id as NodeId;
        let parent = doc.parent(node).unwrap_or(ROOT);
        owner[id] = match &doc.node(node).kind {
            NodeKind::Element(e) if !is_inline(&e.name) => node,
            _ => owner[parent as usize],
        };
        if flags.removed[id] {
            continue;
        }
        if let NodeKind::Text(t) = &doc.node(node).kind {
            let len = t.bytes().filter(|b| !b.is_ascii_whitespace()).count();
            let o = owner[id] as usize;
            chars[o] += len;
            if flags.in_link[id] {
                link_chars[o] += len;
            }
        }
    }
    let mut score: Vec<f64> = (0..n)
        .map(|id| block_value(chars[id], link_chars[id]))
        .collect();
    for id in (1..n).rev() {
        if let Some(p) = doc.parent(id as NodeId) {
            score[p as usize] += score[id];
        }
    }
    score
}

/// What one text block adds to the content score of its ancestors.
fn block_value(chars: usize, link_chars: usize) -> f64 {
    if chars == 0 {
        return 0.0;
    }
    let plain = chars.saturating_sub(link_chars);
    if link_chars * 2 > chars {
        -(chars as f64)
    } else if plain >= PROSE_CHARS {
        plain as f64 - link_chars as f64
    } else if plain >= SENTENCE_CHARS {
        0.5 * plain as f64 - link_chars as f64
    } else {
        -(link_chars as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ExtractConfig;
    use crate::extract::content::prune::flag_nodes;

    fn chosen_id_attr(html: &str) -> String {
        let doc = Document::parse(html);
        let flags = flag_nodes(&doc, &ExtractConfig::default());
        let id = choose_main(&doc, &flags);
        doc.element(id)
            .and_then(|e| e.attr("id"))
            .unwrap_or("")
            .to_string()
    }

    const PROSE: &str = "This is a long sentence of article prose, written to look like real \
        content with commas, clauses and a full stop at the end of it all.";

    #[test]
    fn prose_container_beats_link_list() {
        let links = "<a href=/a>Home page link</a> <a href=/b>Another link here</a> ".repeat(20);
        let html = format!(
            "<body><div id=links>{links}</div><div id=story><p>{PROSE}</p><p>{PROSE}</p></div></body>"
        );
        assert_eq!(chosen_id_attr(&html), "story");
    }

    #[test]
    fn enclosing_element_wins_a_near_tie() {
        let html = format!(
            "<body><div id=wrap><h1>Title</h1><div id=inner><p>{PROSE}</p><p>{PROSE}</p></div></div>\
             <div id=other><a href=/x>{PROSE}</a></div></body>"
        );
        assert_eq!(chosen_id_attr(&html), "wrap");
    }

    #[test]
    fn paragraphs_split_across_siblings_are_gathered() {
        let html = format!(
            "<body><div id=all><div><p>{PROSE}</p></div><div><p>{PROSE}</p></div></div></body>"
        );
        assert_eq!(chosen_id_attr(&html), "all");
    }
}
