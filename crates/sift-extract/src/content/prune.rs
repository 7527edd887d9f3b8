//! Which nodes are out before any scoring: non-content tags, hidden elements, and elements whose
//! class, id, role or label names a boilerplate widget (cookie banner, share bar, sidebar, ...).
//!
//! One forward pass over the arena: a parent always precedes its children, so a node inherits
//! its parent's flags before its own are applied.

use super::prompt::is_reader_prompt;
use super::score;
use crate::ExtractConfig;
use crate::dom::{Document, Element, NodeId, ROOT, is_heading};
use crate::lexicon::comments::{COMMENT_TOKEN_PREFIXES, COMMENT_TOKENS, NOT_COMMENT_PREFIXES};
use crate::lexicon::consent::CONSENT_STEMS;
use crate::lexicon::hiding::{
    DISPLAY_HIDING_CLASSES, SCREEN_READER_ONLY_CLASSES, shows_from_a_breakpoint,
    unclips_from_a_breakpoint,
};
use crate::lexicon::page_chrome::{
    AD_TOKENS, BOILERPLATE_STEMS, BOILERPLATE_TOKENS, DIALOG_CLOSE_CLASSES, DIALOG_WORDS,
    OTHER_STORIES_STEMS, PRINT_CHROME_WORDS, PRINT_TOKENS, TEASER_TOKENS, WIDGET_CLASS_PREFIXES,
};
use crate::text_key::ascii_alnum_words;
use std::borrow::Cow;
use std::collections::HashSet;

/// Per-node facts used by scoring and block collection, indexed by `NodeId`.
#[derive(Clone)]
pub struct NodeFlags {
    /// The node or an ancestor is boilerplate or invisible.
    pub removed: Vec<bool>,
    /// The node is inside a link.
    pub in_link: Vec<bool>,
    /// The node or an ancestor is out whatever the block model says (see `Out::Hard`).
    pub vetoed: Vec<bool>,
}

impl NodeFlags {
    /// Marks `id` and everything below it as removed.
    pub fn remove_subtree(&mut self, doc: &Document, id: NodeId) {
        self.removed[id as usize] = true;
        for d in doc.descendants(id) {
            self.removed[d as usize] = true;
        }
    }
}

/// Tags whose content is never main text.
fn is_non_content_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "canvas"
            | "iframe"
            | "object"
            | "embed"
            | "audio"
            | "video"
            | "button"
            | "select"
            | "input"
            | "textarea"
            | "option"
            | "head"
            | "title"
            | "nav"
            | "aside"
            | "footer"
            | "menu"
            | "dialog"
            | "map"
            | "link"
            | "meta"
    )
}

/// Landmarks that hold page chrome rather than content.
const BOILERPLATE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "toolbar",
];

/// Prose characters an advertisement never holds: paragraphs of article text.
const AD_MAX_PROSE: f64 = 500.0;

/// Tags of page chrome: with a chrome class or id too (`<aside class=sidebar>`) the element is
/// chrome whatever its size, unless it wraps the page's `<main>` (a misnested tag); either
/// signal alone can be a template's misuse.
const CHROME_TAGS: &[&str] = &["aside", "nav", "footer"];

/// Tags that never hold visible text, pruned before anything is measured; and ruby
/// annotations (`<rt>` reading aids set above the base text, `<rp>` their fallback brackets),
/// which in plain text would split every annotated word ("法律ほうりつ").
fn is_invisible_tag(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "noscript" | "template" | "head" | "title" | "rt" | "rp"
    )
}

/// Pruning by tag or class never removes an element holding this share of the page's prose:
/// such an element is the article in a wrapper that merely mentions a widget ("entry share",
/// "has-sidebar") or a template that misuses `<aside>`/`<header>`.
const KEPT_PROSE_SHARE: f64 = 0.3;

/// What a reader can see of a page, worked out once for both the rules' flags
/// ([`flag_nodes`]) and the blocks the model judges ([`Visibility::visible`]).
pub struct Visibility {
    /// Only invisible tags removed; links marked.
    invisible: NodeFlags,
    /// Invisible tags and hidden elements removed (but for those revealed by scripts, see
    /// [`revealed_by_scripts`]), links marked. The blocks the model judges are taken from this,
    /// whatever the widget names say.
    pub visible: NodeFlags,
    /// Elements that hide themselves and are not revealed by scripts, among those under no
    /// invisible or hidden ancestor (below one, a node is out anyway).
    hides: Vec<bool>,
    /// Per node: the non-space characters of a text node outside invisible tags, 0 for the
    /// others. Counted once, for the rules and for the block features.
    pub text_chars: Vec<u32>,
    /// The page's text blocks, which the content scores sum under each set of flags.
    pub text_blocks: score::TextBlocks,
}

impl Visibility {
    pub fn of(doc: &Document) -> Visibility {
        Visibility::showing(doc, None)
    }

    /// The page as [`Visibility::of`] sees it, with `shown` (an element that hides itself) and
    /// what it holds visible too.
    pub fn showing(doc: &Document, shown: Option<NodeId>) -> Visibility {
        let invisible = invisible_and_links(doc);
        let text_chars = own_text_chars(doc, &invisible.removed);
        // Every set of flags the scores are taken under removes the invisible tags.
        let text_blocks = score::TextBlocks::of(doc, &invisible.removed);
        let mut revealed = revealed_by_scripts(doc, &text_chars);
        if let Some(id) = shown {
            revealed[id as usize] = true;
        }
        let mut visible = invisible.clone();
        let mut hides = vec![false; doc.len()];
        for id in 1..doc.len() {
            let node = id as NodeId;
            let parent = doc.parent(node).unwrap_or(ROOT) as usize;
            if visible.removed[parent] {
                visible.removed[id] = true;
                continue;
            }
            hides[id] = doc
                .element(node)
                .is_some_and(|el| is_hidden(el) && !revealed[id]);
            visible.removed[id] |= hides[id];
        }
        Visibility {
            invisible,
            visible,
            hides,
            text_chars,
            text_blocks,
        }
    }

    /// The element styled invisible (`display:none`, `visibility:hidden`) that holds the most
    /// text, at least [`CLOAK_MIN_CHARS`], among those under no hidden ancestor: on a page
    /// that shows too little, the content its scripts would show (a shop's page locked until a
    /// script checks the visitor, a section rendered hidden for a script to move into place).
    pub fn largest_styled_hidden(&self, doc: &Document) -> Option<NodeId> {
        let chars = chars_below(doc, &self.text_chars);
        (1..doc.len())
            .filter(|&id| self.hides[id] && chars[id] >= CLOAK_MIN_CHARS)
            .map(|id| id as NodeId)
            .filter(|&id| doc.element(id).is_some_and(is_styled_invisible))
            .max_by_key(|&id| (chars[id as usize], std::cmp::Reverse(id)))
    }
}

/// The rules' flags, from the [`Visibility`] of the same document.
pub fn flag_nodes(doc: &Document, config: &ExtractConfig, visibility: &Visibility) -> NodeFlags {
    let base = visibility.invisible.clone();
    let prose = score::prose_mass(doc, &base, &visibility.text_blocks);
    let page_prose = prose[ROOT as usize];
    let links = holds_link(doc);
    let NodeFlags {
        mut removed,
        in_link,
        mut vetoed,
    } = base;
    let mut in_article = vec![false; doc.len()];
    // Inside a region named for comments that holds the article's share of prose and not one
    // link: the article's own commentary (a live ticker's "live-comments", whose entries are
    // named "comment" too), not reader comments, which link to authors, replies or permalinks.
    let mut in_commentary = vec![false; doc.len()];
    let mut scratch = WidgetScratch::default();
    for id in 1..doc.len() {
        let node = id as NodeId;
        let parent = doc.parent(node).unwrap_or(ROOT) as usize;
        removed[id] |= removed[parent];
        vetoed[id] |= vetoed[parent];
        in_article[id] = in_article[parent];
        in_commentary[id] = in_commentary[parent];
        let Some(el) = doc.element(node) else {
            continue;
        };
        if removed[id] {
            continue;
        }
        in_article[id] |= el.is("article") || el.is("main");
        let holds_article = prose[id] > 0.0 && prose[id] >= KEPT_PROSE_SHARE * page_prose;
        // `removed[parent]` is false here, so neither is the parent removed from view: `hides`
        // holds the answer for this node.
        let out = if visibility.hides[id] || (is_scripted_button(el) && is_short_control(doc, node))
        {
            Out::Soft
        } else {
            match widget_kind(doc, node, el, &mut scratch) {
                Widget::Comments => {
                    in_commentary[id] |= holds_article && !links[id];
                    // Soft: a forum thread is made of posts named as comments too.
                    Out::soft_if(!config.include_comments && !in_commentary[id])
                }
                Widget::Consent | Widget::Dialog => Out::Hard,
                Widget::Chrome if CHROME_TAGS.contains(&el.name) => {
                    // Around the page's `<main>` and its prose, a chrome tag is misnested (an
                    // unclosed `<aside>` banner wrapping the page): the block model judges.
                    if holds_article && wraps_main(doc, node) {
                        Out::Soft
                    } else {
                        Out::Hard
                    }
                }
                Widget::Chrome => Out::soft_if(
                    !holds_article || (names_other_stories(el) && is_card_list(doc, node, &links)),
                ),
                Widget::Ad => {
                    Out::soft_if(prose[id] < AD_MAX_PROSE || CHROME_TAGS.contains(&el.name))
                }
                Widget::Teaser => {
                    Out::soft_if((links[id] || in_link[id]) && !holds_article && !is_lead(el))
                }
                Widget::Print if is_short_control(doc, node) => Out::Soft,
                Widget::Print | Widget::None => {
                    if prose[id] < PROMPT_BOX_MAX_PROSE && is_prompt_box(doc, node) {
                        Out::Hard
                    } else {
                        Out::soft_if(is_non_content(el, in_article[parent]) && !holds_article)
                    }
                }
            }
        };
        removed[id] = !matches!(out, Out::No);
        vetoed[id] = matches!(out, Out::Hard);
    }
    NodeFlags {
        removed,
        in_link,
        vetoed,
    }
}

/// The element holds a `<main>`: the page's main content is inside it.
fn wraps_main(doc: &Document, id: NodeId) -> bool {
    doc.descendants(id)
        .any(|d| doc.element(d).is_some_and(|el| el.is("main")))
}

/// What the rules make of a node.
enum Out {
    /// Not taken out.
    No,
    /// Taken out by the rules; the block model, which sees every visible block, may judge
    /// otherwise.
    Soft,
    /// Taken out whatever the block model says: consent banners, dialogs, sidebar tags named
    /// as chrome, boxes asking the reader to act.
    Hard,
}

impl Out {
    fn soft_if(out: bool) -> Out {
        if out { Out::Soft } else { Out::No }
    }
}

/// Prose characters of a promotion box inside the article (a newsletter sign-up): a heading
/// and a few lines of pitch. A section of the article may have such a heading too ("How to
/// download the app"), followed by far more text.
const PROMPT_BOX_MAX_PROSE: f64 = 600.0;

/// A box whose heading asks the reader to act ("Sign up for our newsletter"): it opens with
/// that heading, directly or inside one wrapper.
fn is_prompt_box(doc: &Document, id: NodeId) -> bool {
    let first_element = |node| doc.children(node).find(|&c| doc.element(c).is_some());
    let Some(first) = first_element(id) else {
        return false;
    };
    [Some(first), first_element(first)]
        .into_iter()
        .flatten()
        .find(|&n| doc.element(n).is_some_and(|e| is_heading(e.name)))
        .is_some_and(|heading| is_reader_prompt(&doc.text_content(heading)))
}

/// A lower-case class word naming the element print chrome (see `PRINT_CHROME_WORDS`),
/// whatever its size.
fn is_print_chrome(word: &str) -> bool {
    let parts = || ascii_alnum_words(word);
    parts().any(|w| PRINT_TOKENS.contains(&w)) && parts().any(|w| PRINT_CHROME_WORDS.contains(&w))
}

/// Text characters (non-space) of a control: a print button or link ("Print", "Rezept
/// drucken", an icon), a scripted button ("Bild anzeigen"). A longer element named for
/// printing is content styled for print ("print-full" ingredients, "print-step" instructions);
/// a longer "button" is a card or a panel that a template made clickable.
const CONTROL_CHARS: usize = 40;

fn is_short_control(doc: &Document, id: NodeId) -> bool {
    let text = doc.text_content(id);
    super::non_space_chars(&text) < CONTROL_CHARS
}

/// An element other than a link that says it is a button (`role=button`): a scripted control
/// like `<button>`, whose label is not text. Links with the role keep their words.
fn is_scripted_button(el: Element<'_>) -> bool {
    !el.is("a")
        && el
            .attr("role")
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("button"))
}

fn names_other_stories(el: Element<'_>) -> bool {
    let joined: String = el
        .class_and_id()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    OTHER_STORIES_STEMS.found_in(&joined)
}

/// A related-posts list needs at least this many cards to be recognised by its shape...
const MIN_CARDS: usize = 3;
/// ...of which this share hold a link.
const CARD_LINK_SHARE: f64 = 0.8;

/// A list of cards: past lone wrappers and headings, at least `MIN_CARDS` sibling elements that
/// nearly all hold a link. A related-posts list with long excerpts holds much prose but has this
/// shape; an article's paragraphs do not.
fn is_card_list(doc: &Document, id: NodeId, links: &[bool]) -> bool {
    let mut node = id;
    loop {
        let items: Vec<NodeId> = doc
            .children(node)
            .filter(|&c| doc.element(c).is_some_and(|e| !is_heading(e.name)))
            .collect();
        if let [only] = items[..] {
            node = only;
            continue;
        }
        let linked = items.iter().filter(|&&i| links[i as usize]).count();
        return items.len() >= MIN_CARDS && linked as f64 >= CARD_LINK_SHARE * items.len() as f64;
    }
}

/// Whether each node has a link (`<a href>`) at or below it.
fn holds_link(doc: &Document) -> Vec<bool> {
    let mut links = vec![false; doc.len()];
    for id in (1..doc.len()).rev() {
        let node = id as NodeId;
        links[id] |= doc
            .element(node)
            .is_some_and(|e| e.is("a") && e.attr("href").is_some());
        if links[id]
            && let Some(p) = doc.parent(node)
        {
            links[p as usize] = true;
        }
    }
    links
}

/// An element styled invisible that holds at least this share of the page's text, and this
/// many characters, hides the page itself until its scripts have run (a wrapper styled
/// `visibility:hidden` against a flash of unstyled content): what a reader sees once they have.
/// A `hidden` attribute or a hiding class says more, and is always honoured.
const CLOAK_TEXT_SHARE: f64 = 0.8;
const CLOAK_MIN_CHARS: u32 = 1000;

/// Hidden elements that the page's scripts show: streamed segments moved into place, panels
/// that open at a click, and a cloak over the whole page.
/// `text_chars` is [`Visibility::text_chars`].
fn revealed_by_scripts(doc: &Document, text_chars: &[u32]) -> Vec<bool> {
    let mut revealed = streamed_segments(doc);
    reveal_panels_a_click_opens(doc, &mut revealed);
    let chars = chars_below(doc, text_chars);
    let page_chars = f64::from(chars[ROOT as usize]);
    for id in doc.descendants(ROOT) {
        let held = chars[id as usize];
        let cloak = held >= CLOAK_MIN_CHARS
            && f64::from(held) >= CLOAK_TEXT_SHARE * page_chars
            && doc.element(id).is_some_and(is_styled_invisible);
        revealed[id as usize] |= cloak;
    }
    revealed
}

/// Non-space characters of each text node outside `removed` nodes (0 for other nodes).
fn own_text_chars(doc: &Document, removed: &[bool]) -> Vec<u32> {
    (0..doc.len())
        .map(|id| match doc.text(id as NodeId) {
            Some(text) if !removed[id] => super::non_space_chars(text) as u32,
            _ => 0,
        })
        .collect()
}

/// Each node's `own` characters summed with those of the nodes below it.
fn chars_below(doc: &Document, own: &[u32]) -> Vec<u32> {
    let mut chars = own.to_vec();
    // Children follow their parent in the arena: sum subtrees from the back.
    for id in (1..doc.len()).rev() {
        let parent = doc.parent(id as NodeId).unwrap_or(ROOT) as usize;
        chars[parent] += chars[id];
    }
    chars
}

/// Marks in `revealed` the panels a reader opens with a click, whose text is the page's as much
/// as that of the open ones: the elements named by a control's `aria-controls` (WAI-ARIA's accordion and
/// disclosure patterns: a guide's steps, a FAQ's answers, a "more details" fold; many
/// accordions leave out the `aria-expanded` that would say the panel is closed), and tab panels
/// (`role="tabpanel"`: a product's specifications, a code sample's other languages).
fn reveal_panels_a_click_opens(doc: &Document, revealed: &mut [bool]) {
    let mut controlled: HashSet<&str> = HashSet::new();
    for id in doc.descendants(ROOT) {
        let Some(el) = doc.element(id) else {
            continue;
        };
        if let Some(ids) = el.attr("aria-controls") {
            controlled.extend(ids.split_ascii_whitespace());
        }
        if el.attr("role") == Some("tabpanel") {
            revealed[id as usize] = true;
        }
    }
    // A control may come after its panel: the panels are found once every control is known,
    // on the pages that have one.
    if controlled.is_empty() {
        return;
    }
    for id in doc.descendants(ROOT) {
        let named = doc.element(id).and_then(|el| el.attr("id"));
        if named.is_some_and(|name| controlled.contains(name)) {
            revealed[id as usize] = true;
            reveal_wrappers(doc, id, revealed);
        }
    }
}

/// Marks the elements that wrap `panel` and nothing else: a UI library's collapse hides the
/// wrapper it animates (`<div class="…collapse" style="display:none"><div id="panel">`), not
/// the panel its control names.
fn reveal_wrappers(doc: &Document, panel: NodeId, revealed: &mut [bool]) {
    let mut inner = panel;
    while let Some(outer) = doc.parent(inner).filter(|&p| p != ROOT) {
        let holds_only_inner = doc
            .children(outer)
            .all(|c| c == inner || doc.text(c).is_some_and(|t| t.trim().is_empty()));
        if !holds_only_inner {
            return;
        }
        revealed[outer as usize] = true;
        inner = outer;
    }
}

/// Segments that a streaming server renderer sends hidden, for its inline script to move into
/// the placeholder left where they belong: React's `<div hidden id="S:0">`, revealed into
/// `<template id="B:0">` (or `P:0`). A reader sees them once the page has run, so they are
/// visible content, not hidden markup.
fn streamed_segments(doc: &Document) -> Vec<bool> {
    let mut streamed = vec![false; doc.len()];
    let placeholders: Vec<&str> = doc
        .elements_named("template")
        .filter_map(|(_, el)| el.attr("id"))
        .filter_map(|id| id.strip_prefix("B:").or_else(|| id.strip_prefix("P:")))
        .collect();
    if placeholders.is_empty() {
        return streamed;
    }
    for id in doc.descendants(ROOT) {
        let Some(el) = doc.element(id) else {
            continue;
        };
        let segment = el.attr("id").and_then(|i| i.strip_prefix("S:"));
        if el.attr("hidden").is_some() && segment.is_some_and(|s| placeholders.contains(&s)) {
            streamed[id as usize] = true;
        }
    }
    streamed
}

/// Flags for measuring: only invisible elements removed; links marked.
fn invisible_and_links(doc: &Document) -> NodeFlags {
    let n = doc.len();
    let mut removed = vec![false; n];
    let mut in_link = vec![false; n];
    for id in 1..n {
        let node = id as NodeId;
        let parent = doc.parent(node).unwrap_or(ROOT) as usize;
        let el = doc.element(node);
        removed[id] = removed[parent] || el.is_some_and(|e| is_invisible_tag(e.name));
        in_link[id] = in_link[parent] || el.is_some_and(|e| e.is("a"));
    }
    NodeFlags {
        removed,
        in_link,
        vetoed: vec![false; n],
    }
}

/// Tags that hold no content; `header` only outside an article (inside, it holds the headline).
fn is_non_content(el: Element<'_>, inside_article: bool) -> bool {
    is_non_content_tag(el.name) || (el.is("header") && !inside_article) || el.is("form")
}

fn is_hidden(el: Element<'_>) -> bool {
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    let class = el.attr("class").unwrap_or("");
    // Hidden by a class that no class of a breakpoint undoes.
    let hides = |hiding: &[&str], undoes: fn(&str) -> bool| {
        let mut classes = class.split_ascii_whitespace();
        classes
            .clone()
            .any(|c| hiding.iter().any(|h| c.eq_ignore_ascii_case(h)))
            && !classes.any(undoes)
    };
    hides(DISPLAY_HIDING_CLASSES, shows_from_a_breakpoint)
        || hides(SCREEN_READER_ONLY_CLASSES, unclips_from_a_breakpoint)
        || is_styled_invisible(el)
}

/// Hidden by its `style` attribute.
fn is_styled_invisible(el: Element<'_>) -> bool {
    el.attr("style").is_some_and(|style| {
        declares(style, "display:none") || declares(style, "visibility:hidden")
    })
}

/// Whether `style` with its whitespace removed and its ASCII lower-cased contains
/// `declaration` (lower-case ASCII, no whitespace), read in place rather than copied: this
/// runs on every element with a style.
fn declares(style: &str, declaration: &str) -> bool {
    let Some(&first) = declaration.as_bytes().first() else {
        return true;
    };
    // Where its first letter is, in either case: an ASCII byte, so a character's start.
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), style.as_bytes()).any(|at| {
        let mut read = style[at..]
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase());
        declaration.chars().all(|d| read.next() == Some(d))
    })
}

/// What an element's class, id or role says it is.
enum Widget {
    None,
    /// Reader comments: out unless configured in, whatever their size.
    Comments,
    /// A cookie or consent banner: out whatever its size.
    Consent,
    /// A dialog laid over the page (login, newsletter, shipping terms): out whatever its size.
    Dialog,
    /// Page chrome (share bar, sidebar, related links, ...).
    Chrome,
    /// An advertisement slot: out unless it holds paragraphs of prose.
    Ad,
    /// A teaser: chrome when it links elsewhere.
    Teaser,
    /// Named for printing: a print button or link when short (see `CONTROL_CHARS`),
    /// otherwise judged as an element without a name.
    Print,
}

/// The strings [`widget_kind`] builds for each element, whose allocations a pass reuses.
#[derive(Default)]
struct WidgetScratch {
    class_and_id: String,
    joined: String,
}

fn widget_kind(doc: &Document, id: NodeId, el: Element<'_>, scratch: &mut WidgetScratch) -> Widget {
    if matches!(el.name, "html" | "body" | "main" | "article") {
        return Widget::None;
    }
    el.class_and_id_into(&mut scratch.class_and_id);
    let class_and_id = scratch.class_and_id.as_str();
    if is_dialog(doc, id, el, class_and_id) {
        return Widget::Dialog;
    }
    if el
        .attr("role")
        .is_some_and(|r| BOILERPLATE_ROLES.contains(&r.trim().to_ascii_lowercase().as_str()))
    {
        return Widget::Chrome;
    }
    let names = if is_heading(el.name) {
        // A heading's id is an anchor for the table of contents, made from its words.
        Cow::Owned(el.attr("class").unwrap_or("").to_ascii_lowercase())
    } else {
        Cow::Borrowed(class_and_id)
    };
    let tokens: Vec<&str> = ascii_alnum_words(&names).collect();
    if tokens.is_empty() {
        // No class or id word: nothing below can match.
        return Widget::None;
    }
    if tokens.iter().any(|t| is_comment_token(t)) {
        return Widget::Comments;
    }
    let joined = &mut scratch.joined;
    joined.clear();
    joined.extend(tokens.iter().copied());
    if CONSENT_STEMS.found_in(joined) {
        return Widget::Consent;
    }
    let chrome = tokens.iter().any(|t| BOILERPLATE_TOKENS.contains(t))
        || BOILERPLATE_STEMS.found_in(joined)
        || names
            .split_ascii_whitespace()
            .any(|word| WIDGET_CLASS_PREFIXES.iter().any(|p| word.starts_with(p)))
        || names.split_ascii_whitespace().any(is_print_chrome);
    if chrome {
        Widget::Chrome
    } else if tokens.iter().any(|t| AD_TOKENS.contains(t)) {
        Widget::Ad
    } else if tokens.iter().any(|t| TEASER_TOKENS.contains(t)) {
        Widget::Teaser
    } else if tokens.iter().any(|t| PRINT_TOKENS.contains(t)) {
        Widget::Print
    } else {
        Widget::None
    }
}

/// An element laid over the page as a dialog: by its role or `aria-modal`, by a class or id
/// word, or by a close control among its children (`<div class=close>`, a shipping-terms
/// popup's "Close [X]").
/// `class_and_id` is the element's lower-cased class and id (`Element::class_and_id`).
fn is_dialog(doc: &Document, id: NodeId, el: Element<'_>, class_and_id: &str) -> bool {
    let role = el.attr("role").map(|r| r.trim().to_ascii_lowercase());
    if matches!(role.as_deref(), Some("dialog" | "alertdialog"))
        || el.attr("aria-modal") == Some("true")
    {
        return true;
    }
    let names_dialog = class_and_id.split_ascii_whitespace().any(|word| {
        let last = word.rsplit(['-', '_']).next().unwrap_or(word);
        DIALOG_WORDS.contains(&last)
    });
    names_dialog
        || doc.children(id).any(|c| {
            doc.element(c)
                .and_then(|e| e.attr("class"))
                .is_some_and(|class| {
                    class.split_ascii_whitespace().any(|w| {
                        DIALOG_CLOSE_CLASSES
                            .iter()
                            .any(|c| w.eq_ignore_ascii_case(c))
                    })
                })
        })
}

/// A teaser that the page's microdata marks as a description: the article's own lead
/// ("teaser-text" with `itemprop=description`), whose inline links do not make it a card.
fn is_lead(el: Element<'_>) -> bool {
    el.attr("itemprop").is_some_and(|p| {
        p.eq_ignore_ascii_case("description") || p.eq_ignore_ascii_case("abstract")
    })
}

/// "comments", "commentlist", "kommentare", "disqus"; not "commentary" (an article genre).
fn is_comment_token(token: &str) -> bool {
    let starts_with_any = |prefixes: &[&str]| prefixes.iter().any(|p| token.starts_with(p));
    (starts_with_any(COMMENT_TOKEN_PREFIXES) && !starts_with_any(NOT_COMMENT_PREFIXES))
        || COMMENT_TOKENS.contains(&token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_declarations_are_found_whatever_their_spacing_and_case() {
        let copied = |style: &str, declaration: &str| {
            let style: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            style.contains(declaration)
        };
        let styles = [
            "display:none",
            "color: red; DISPLAY : None !important",
            "display: no ne",
            "display:\u{a0}none",
            "dis-play:none",
            "display:non",
            "visibility:hiddendisplay:none",
            "ddisplay:none",
            "",
            "ß display:none",
        ];
        for style in styles {
            for declaration in ["display:none", "visibility:hidden"] {
                assert_eq!(
                    declares(style, declaration),
                    copied(style, declaration),
                    "{style:?} {declaration}"
                );
            }
        }
    }

    #[test]
    fn a_class_that_hides_on_phones_only_leaves_the_element_visible() {
        let doc = Document::parse(
            "<div class='hidden md:block'>a</div><div class='d-none d-lg-flex'>b</div>\
             <div class='hidden hover:block'>c</div><div class='d-none'>d</div>\
             <div class='sr-only md:block'>e</div><div class='sr-only md:not-sr-only'>f</div>",
        );
        let hidden: Vec<bool> = doc
            .elements_named("div")
            .map(|(_, el)| is_hidden(el))
            .collect();
        // A display class does not undo a screen reader's clip; `not-sr-only` does.
        assert_eq!(hidden, [false, false, true, true, true, false]);
    }

    #[test]
    fn a_hidden_wrapper_around_a_panel_a_click_opens_is_shown_with_it() {
        let doc = Document::parse(
            "<button aria-controls='a b'>Open</button>\
             <div class=collapse style='display:none'> <div id=a><p>First panel.</p></div> </div>\
             <div style='display:none'><div id=b><p>Second panel.</p></div><p>Other.</p></div>",
        );
        let visibility = Visibility::of(&doc);
        let shown = |needle: &str| {
            (0..doc.len() as NodeId)
                .find(|&id| doc.text(id) == Some(needle))
                .is_some_and(|id| !visibility.visible.removed[id as usize])
        };
        assert!(shown("First panel."));
        // A hidden element that holds more than the panel stays hidden, and the panel in it.
        assert!(!shown("Second panel."));
        assert!(!shown("Other."));
    }
}
