//! Picks the element that holds the main content.
//!
//! Every text block (the text owned by one block-level element) gets a value: long runs of
//! unlinked text are worth their length, link lists cost theirs, short lines are neutral. Each
//! element's score is the sum over its subtree, so the best-scoring element is the one that
//! gathers the most prose while taking in the fewest links: a maximum-subtree choice that works
//! the same in any language. The choice then widens to an enclosing element when that adds
//! almost no negative mass (a headline or lead just outside the densest part), never when it
//! adds link lists or chrome that merely cancel out against more prose.

use super::prune::NodeFlags;
use crate::dom::{Document, Element, NodeId, NodeKind, ROOT};
use crate::lexicon::article_parts::{BODY_NAMES, MAIN_REGION_NAMES};
use crate::lexicon::page_chrome::{SIDEBAR_NAMES, WIDGET_CLASS_PREFIXES};

/// Elements that do not start a text block of their own. A `match` rather than a list: this
/// runs on every element, several times per page.
pub fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "big"
            | "br"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "img"
            | "ins"
            | "kbd"
            | "label"
            | "mark"
            | "q"
            | "rb"
            | "ruby"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
            | "wbr"
            | "nobr"
    )
}

/// Text blocks at least this long (non-space bytes, links excluded) count as prose.
const PROSE_CHARS: usize = 120;
/// Shorter blocks down to this length count half.
const SENTENCE_CHARS: usize = 40;
/// A parent is taken instead when what it adds costs at most this share of the best score...
const CLIMB_TOLERANCE: f64 = 0.05;
/// ...or at most this much in absolute terms (a date line, a short label).
const CLIMB_SLACK: f64 = 60.0;
/// A declared article body must hold this share of the chosen element's prose to replace it.
const DECLARED_BODY_SHARE: f64 = 0.93;
/// A declared article body around the choice is taken unless this share of its text is links.
const MAX_BODY_LINK_SHARE: f64 = 0.5;
/// Short lines outside links cost this much per character: page chrome is mostly short lines.
const SHORT_LINE_COST: f64 = 0.3;

/// A core below the chosen element must hold this share of its prose for what follows the core
/// to be judged as a tail.
const CORE_SHARE: f64 = 0.8;
/// A tail is prose continuing the article, not chrome, while its links and short lines cost
/// less than this share of its prose value...
const TAIL_COST_SHARE: f64 = 0.3;
/// ...or while less than this share of its text is links (data tables, ingredient lists, and
/// other short-line content without links, which ends many articles).
const TAIL_LINK_SHARE: f64 = 0.05;

/// The element holding the main content, and the roots of subtrees inside it that follow the
/// article and are to be left out (see `chrome_tail`). `link_roll` is set when no element holds
/// prose and the declared article taken instead is mostly links: its links are its content.
pub struct MainChoice {
    pub main: NodeId,
    pub tail: Vec<NodeId>,
    pub link_roll: bool,
}

pub fn choose_main(doc: &Document, flags: &NodeFlags, blocks: &TextBlocks) -> MainChoice {
    let mass = subtree_mass(doc, flags, blocks);
    let best = without_sidebars(doc, flags)
        .and_then(|outside| best_element(doc, &outside, &subtree_mass(doc, &outside, blocks)))
        .or_else(|| best_element(doc, flags, &mass));
    let Some(best) = best else {
        let article = sole_article(doc, flags);
        return MainChoice {
            main: article.unwrap_or(ROOT),
            tail: Vec::new(),
            link_roll: article.is_some_and(|id| is_link_list(&mass, id)),
        };
    };
    let main = widen_choice(doc, flags, &mass, best);
    let tail = chrome_tail(doc, flags, main, &mass);
    MainChoice {
        main,
        tail,
        link_roll: false,
    }
}

/// The flags with the regions the template names its sidebar (an id or class word that is
/// exactly "sidebar") or a template widget (a class word starting with "widget") set aside.
/// Pruning keeps such a region when it holds much of the page's prose (it may be a wrapper that
/// merely mentions the sidebar), so the container is first sought outside them: a blog's
/// sidebar of feed excerpts and recent comments can outweigh a short post. `None` when the
/// page has no such region left (most pages), so the scores are not computed twice.
fn without_sidebars(doc: &Document, flags: &NodeFlags) -> Option<NodeFlags> {
    let is_sidebar =
        |id: usize| !flags.removed[id] && doc.element(id as NodeId).is_some_and(names_sidebar);
    let first = (1..doc.len()).find(|&id| is_sidebar(id))?;
    let mut outside = NodeFlags {
        removed: flags.removed.clone(),
        in_link: flags.in_link.clone(),
        vetoed: flags.vetoed.clone(),
    };
    for id in first..doc.len() {
        if !outside.removed[id] && is_sidebar(id) {
            outside.remove_subtree(doc, id as NodeId);
        }
    }
    Some(outside)
}

fn names_sidebar(el: Element<'_>) -> bool {
    let is_sidebar = |v: &str| SIDEBAR_NAMES.iter().any(|n| v.eq_ignore_ascii_case(n));
    // The prefixes are lower-case ASCII: compared as bytes, ignoring the word's case.
    let is_widget = |word: &str| {
        WIDGET_CLASS_PREFIXES.iter().any(|p| {
            word.as_bytes()
                .get(..p.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(p.as_bytes()))
        })
    };
    el.attr("id").is_some_and(|v| is_sidebar(v.trim()))
        || el.attr("class").is_some_and(|c| {
            c.split_ascii_whitespace()
                .any(|word| is_sidebar(word) || is_widget(word))
        })
}

/// The element holding the most prose against chrome, or `None` when none holds more prose
/// than chrome.
fn best_element(doc: &Document, flags: &NodeFlags, mass: &Mass) -> Option<usize> {
    let net = |id: usize| mass.gain[id] - mass.cost[id];
    (1..doc.len())
        .filter(|&id| !flags.removed[id] && doc.element(id as NodeId).is_some())
        .max_by(|&a, &b| net(a).total_cmp(&net(b)).then(b.cmp(&a)))
        .filter(|&best| net(best) > 0.0)
}

/// The one element that declares itself the article, when no element holds more prose than
/// chrome: a post that is only a list of links (a link roll) scores below zero everywhere, and
/// its author's boundary is a better container than the whole document with its menus.
fn sole_article(doc: &Document, flags: &NodeFlags) -> Option<NodeId> {
    let mut articles = (1..doc.len() as NodeId)
        .filter(|&id| !flags.removed[id as usize])
        .filter(|&id| doc.element(id).is_some_and(declares_one_article))
        .filter(|&id| {
            !doc.ancestors(id)
                .any(|a| doc.element(a).is_some_and(declares_one_article))
        });
    let first = articles.next()?;
    articles.next().is_none().then_some(first)
}

/// Most of the element's text is link text.
fn is_link_list(mass: &Mass, id: NodeId) -> bool {
    let i = id as usize;
    mass.link_chars[i] * 2 > mass.chars[i]
}

/// From the best element up to the enclosing element that adds almost no chrome, then to the
/// declared article body around or within it.
fn widen_choice(doc: &Document, flags: &NodeFlags, mass: &Mass, best: usize) -> NodeId {
    let Mass { gain, cost, .. } = mass;
    let net = |id: usize| gain[id] - cost[id];
    let allowed_cost = (net(best) * CLIMB_TOLERANCE).max(CLIMB_SLACK);
    let mut chosen = best as NodeId;
    while let Some(parent) = doc.parent(chosen) {
        let added_cost = cost[parent as usize] - cost[best];
        if parent == ROOT || added_cost > allowed_cost {
            break;
        }
        chosen = parent;
    }
    let chosen = declared_body_around(doc, chosen, mass).unwrap_or(chosen);
    declared_body_within(doc, flags, chosen, gain).unwrap_or(chosen)
}

/// What follows the article's core inside a container that holds more than the article: when
/// one descendant (the core) holds `CORE_SHARE` of the container's prose, the siblings after it
/// and after each of its ancestors up to the container form the tail. A tail that is both costly
/// (links and short lines against its prose) and linked is the page furniture a coarse container
/// takes in after the article: teasers of other stories with their excerpts, contact and
/// subscription boxes, the site footer. Text before the core (headline, lead) stays either way.
/// Without prose (the whole document chosen for want of any) there is no core to measure from.
fn chrome_tail(doc: &Document, flags: &NodeFlags, main: NodeId, mass: &Mass) -> Vec<NodeId> {
    if main == ROOT || mass.gain[main as usize] <= 0.0 {
        return Vec::new();
    }
    let core = prose_core(doc, flags, main, &mass.gain);
    let mut tail = Vec::new();
    let mut child = core;
    while child != main {
        let Some(parent) = doc.parent(child) else {
            break;
        };
        tail.extend(
            doc.children(parent)
                .skip_while(|&c| c != child)
                .skip(1)
                .filter(|&c| !flags.removed[c as usize]),
        );
        child = parent;
    }
    let sum = |values: &[f64]| tail.iter().map(|&t| values[t as usize]).sum::<f64>();
    let count = |values: &[usize]| tail.iter().map(|&t| values[t as usize]).sum::<usize>();
    let costly = sum(&mass.cost) >= TAIL_COST_SHARE * sum(&mass.gain);
    let linked = count(&mass.link_chars) as f64 >= TAIL_LINK_SHARE * count(&mass.chars) as f64;
    if costly && linked { tail } else { Vec::new() }
}

/// The deepest element below `main` (or `main` itself) holding `CORE_SHARE` of its prose.
fn prose_core(doc: &Document, flags: &NodeFlags, main: NodeId, gain: &[f64]) -> NodeId {
    let needed = gain[main as usize] * CORE_SHARE;
    let mut core = main;
    while let Some(child) = doc
        .children(core)
        .find(|&c| !flags.removed[c as usize] && gain[c as usize] >= needed)
    {
        core = child;
    }
    core
}

/// The nearest enclosing element that declares itself the article body, unless it is mostly
/// links: the measured choice can stop at one paragraph or one part of an article whose other
/// parts hold short lines, inline links or tables (wiki pages, recipes, link-rich posts) that
/// cost more than they gain, while the author's boundary holds them all.
fn declared_body_around(doc: &Document, chosen: NodeId, mass: &Mass) -> Option<NodeId> {
    if doc.element(chosen).is_some_and(declares_one_article) {
        return None;
    }
    doc.ancestors(chosen)
        .take_while(|&id| id != ROOT)
        .filter_map(|id| doc.element(id).map(|el| (id, el)))
        .take_while(|(_, el)| !el.is("body") && !el.is("html"))
        .find(|(_, el)| declares_one_article(*el))
        .map(|(id, _)| id)
        .filter(|&id| {
            let i = id as usize;
            mass.link_chars[i] as f64 <= MAX_BODY_LINK_SHARE * mass.chars[i] as f64
        })
}

/// An element below `chosen` that declares itself the article body (`<article>`, `<main>`,
/// `role=main`, `itemprop=articleBody`, or an "article-body"/"entry-content"-style class) and
/// holds nearly all of its prose: the tighter, author-declared boundary wins over the measured
/// one, which can stretch over teasers that happen to carry prose.
fn declared_body_within(
    doc: &Document,
    flags: &NodeFlags,
    chosen: NodeId,
    gain: &[f64],
) -> Option<NodeId> {
    let needed = gain[chosen as usize] * DECLARED_BODY_SHARE;
    std::iter::once(chosen)
        .chain(doc.descendants(chosen))
        .filter(|&id| !flags.removed[id as usize] && gain[id as usize] >= needed)
        .filter(|&id| doc.element(id).is_some_and(declares_article_body))
        .last()
}

fn declares_article_body(el: Element<'_>) -> bool {
    el.is("main")
        || el.attr("role") == Some("main")
        || names_main_region(el)
        || declares_one_article(el)
}

/// A "main-content" region by its class or id.
fn names_main_region(el: Element<'_>) -> bool {
    let joined = joined_class_and_id(el);
    MAIN_REGION_NAMES.iter().any(|n| joined.contains(n))
}

/// `<article>`, `itemprop=articleBody` or an article-body class: one article, unlike `<main>`
/// or a "main-content" region, which on many sites also holds teasers and other stories.
pub fn declares_one_article(el: Element<'_>) -> bool {
    if el.is("article") {
        return true;
    }
    if el
        .attr("itemprop")
        .is_some_and(|p| p.eq_ignore_ascii_case("articleBody") || p.eq_ignore_ascii_case("text"))
    {
        return true;
    }
    let joined = joined_class_and_id(el);
    BODY_NAMES.iter().any(|n| joined.contains(n))
}

/// Class and id with separators removed ("entry-content" -> "entrycontent").
fn joined_class_and_id(el: Element<'_>) -> String {
    el.class_and_id()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// Prose value below each node (the gain side of the scores): what pruning must not remove.
pub fn prose_mass(doc: &Document, flags: &NodeFlags, blocks: &TextBlocks) -> Vec<f64> {
    subtree_mass(doc, flags, blocks).gain
}

/// Where a document's text lies in its text blocks: the block-level element that owns each
/// node's text, and the length of each text node (its bytes but ASCII whitespace; 0 for other
/// nodes and for text in `removed` ones). Measured once per page for the scores, which are
/// taken under several sets of flags, each removing at least `removed`.
pub struct TextBlocks {
    owner: Vec<NodeId>,
    len: Vec<usize>,
}

impl TextBlocks {
    pub fn of(doc: &Document, removed: &[bool]) -> TextBlocks {
        let n = doc.len();
        let mut owner = vec![ROOT; n];
        let mut len = vec![0; n];
        for id in 1..n {
            let node = id as NodeId;
            let parent = doc.parent(node).unwrap_or(ROOT);
            owner[id] = match &doc.node(node).kind {
                NodeKind::Element(e) if !is_inline(doc.element_of(e).name) => node,
                _ => owner[parent as usize],
            };
            if let Some(t) = doc.text(node)
                && !removed[id]
            {
                len[id] = t.len() - ascii_whitespace_bytes(t);
            }
        }
        TextBlocks { owner, len }
    }
}

/// Positive (prose) and negative (links, short lines) text value below each node, and its
/// text and link characters.
struct Mass {
    gain: Vec<f64>,
    cost: Vec<f64>,
    chars: Vec<usize>,
    link_chars: Vec<usize>,
}

/// Sums of text-block values over each element's subtree.
fn subtree_mass(doc: &Document, flags: &NodeFlags, blocks: &TextBlocks) -> Mass {
    let n = doc.len();
    // Text lengths gathered on the block-level element that owns them.
    let mut chars = vec![0usize; n];
    let mut link_chars = vec![0usize; n];
    for id in 1..n {
        let len = blocks.len[id];
        if flags.removed[id] || len == 0 {
            continue;
        }
        let o = blocks.owner[id] as usize;
        chars[o] += len;
        if flags.in_link[id] {
            link_chars[o] += len;
        }
    }
    let mut gain = vec![0.0; n];
    let mut cost = vec![0.0; n];
    for id in 0..n {
        (gain[id], cost[id]) = block_value(chars[id], link_chars[id]);
    }
    for id in (1..n).rev() {
        if let Some(p) = doc.parent(id as NodeId) {
            let p = p as usize;
            gain[p] += gain[id];
            cost[p] += cost[id];
            chars[p] += chars[id];
            link_chars[p] += link_chars[id];
        }
    }
    Mass {
        gain,
        cost,
        chars,
        link_chars,
    }
}

/// The bytes of `text` that `u8::is_ascii_whitespace` calls whitespace, told by comparisons
/// that vector instructions make (its own test is a lookup, one byte at a time).
fn ascii_whitespace_bytes(text: &str) -> usize {
    super::count_bytes(text.as_bytes(), |b| {
        b == b' ' || (b.wrapping_sub(b'\t') < 5 && b != 0x0B)
    })
}

/// What one text block adds to the content score of its ancestors: (gain, cost).
fn block_value(chars: usize, link_chars: usize) -> (f64, f64) {
    let plain = chars.saturating_sub(link_chars);
    let links = link_chars as f64;
    if link_chars * 2 > chars {
        (0.0, chars as f64)
    } else if plain >= PROSE_CHARS {
        (plain as f64, links)
    } else if plain >= SENTENCE_CHARS {
        (0.5 * plain as f64, links)
    } else {
        (0.0, links + SHORT_LINE_COST * plain as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ExtractConfig;
    use crate::content::prune::{Visibility, flag_nodes};

    #[test]
    fn ascii_whitespace_is_counted_as_u8_says() {
        let every_byte: String = (0u8..128).map(char::from).collect();
        for text in [every_byte.as_str(), "a b\u{a0}c\u{b}\r\n", ""] {
            let slow = text.bytes().filter(u8::is_ascii_whitespace).count();
            assert_eq!(ascii_whitespace_bytes(text), slow, "{text:?}");
        }
    }

    fn chosen_id_attr(html: &str) -> String {
        let doc = Document::parse(html);
        let visibility = Visibility::of(&doc);
        let flags = flag_nodes(&doc, &ExtractConfig::default(), &visibility);
        let id = choose_main(&doc, &flags, &visibility.text_blocks).main;
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
    fn declared_article_body_around_a_lone_paragraph_is_taken() {
        let notes = "<p>Recorded on 3 May in <a href=/studio>our studio</a></p>".repeat(5);
        let html = format!(
            "<body><div id=body class=entry-content><p>{PROSE} {PROSE}</p>{notes}</div>\
             <div><a href=/x>{PROSE}</a></div></body>"
        );
        assert_eq!(chosen_id_attr(&html), "body");
    }

    #[test]
    fn short_post_beats_a_sidebar_of_feed_excerpts() {
        let feed = format!(
            "<a href=/feed>A linked feed item title of another blog</a>\
             <div class=rssSummary>{PROSE} {PROSE}</div>"
        )
        .repeat(3);
        let html = format!(
            "<body><div id=post><h2>Note</h2><p>{PROSE}</p></div>\
             <div id=sidebar><div class='widget widget_rss'>{feed}</div></div></body>"
        );
        assert_eq!(chosen_id_attr(&html), "post");
    }

    #[test]
    fn hatom_entry_around_a_short_post_is_taken() {
        let html = format!(
            "<body><div id=entry class='post hentry'><h2><a href=/p>The linked title of this short post on a blog</a></h2>\
             <p class=info>14 June 2013 in <a href=/c>Notes of the day and other things</a></p>\
             <p>{PROSE}</p><p>A short line.</p></div><div><a href=/x>{PROSE}</a></div></body>"
        );
        assert_eq!(chosen_id_attr(&html), "entry");
    }

    #[test]
    fn paragraphs_split_across_siblings_are_gathered() {
        let html = format!(
            "<body><div><div><p>First. {PROSE}</p></div><div><p>Second. {PROSE}</p></div></div>\
             <div><a href=/x>{PROSE}</a></div></body>"
        );
        let doc = Document::parse(&html);
        let visibility = Visibility::of(&doc);
        let chosen = choose_main(
            &doc,
            &flag_nodes(&doc, &ExtractConfig::default(), &visibility),
            &visibility.text_blocks,
        )
        .main;
        let text = doc.text_content(chosen);
        assert!(
            text.contains("First.") && text.contains("Second."),
            "{text}"
        );
    }
}
