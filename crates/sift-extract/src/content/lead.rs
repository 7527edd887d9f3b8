//! The parts of an article that templates put before the body element, outside the container
//! the choice settles on: the lead (standfirst, intro, excerpt) in the article header, and a
//! recipe's ingredient list above its instructions.

use super::prune::NodeFlags;
use super::score::declares_one_article;
use crate::dom::{Document, Element, NodeId};
use crate::lexicon::article_parts::LEAD_TOKENS;
use crate::text_key::ascii_alnum_words;

/// Elements before `main`, inside the article that encloses it, whose class or id names a
/// lead, outermost only, in document order. Without an enclosing article element the search
/// stays within `main`'s grandparent: a lead sits next to the body, not elsewhere on the page.
pub fn leads_before(doc: &Document, flags: &NodeFlags, main: NodeId) -> Vec<NodeId> {
    let Some(scope) = lead_scope(doc, main) else {
        return Vec::new();
    };
    // Ancestors of `main` precede it in document order but are no lead before it.
    let around_main: Vec<NodeId> = doc.ancestors(main).collect();
    let mut leads: Vec<NodeId> = Vec::new();
    for id in doc.descendants(scope) {
        if id == main {
            break;
        }
        let inside_taken = leads
            .last()
            .is_some_and(|&lead| doc.ancestors(id).any(|a| a == lead));
        if flags.removed[id as usize] || inside_taken || around_main.contains(&id) {
            continue;
        }
        if doc.element(id).is_some_and(names_a_lead) {
            leads.push(id);
        }
    }
    leads
}

/// The nearest article element around `main`, else its grandparent.
fn lead_scope(doc: &Document, main: NodeId) -> Option<NodeId> {
    doc.ancestors(main)
        .find(|&a| doc.element(a).is_some_and(declares_one_article))
        .or_else(|| doc.ancestors(main).nth(1))
}

fn names_a_lead(el: Element<'_>) -> bool {
    ascii_alnum_words(&el.class_and_id()).any(|t| LEAD_TOKENS.contains(&t))
}
