//! A compact, bounded HTML tree for extraction.
//!
//! Our own [`tokenizer`] (entities, raw-text elements, broken markup, checked token for token
//! against html5ever's) feeds a small tree builder that applies the tree-construction rules that
//! matter for text (implied end tags of `<p>`, `<li>`, table cells, ...; headings that do not
//! nest; `</body>` and `</html>` that close nothing) instead of the full HTML5 algorithm;
//! `scripts/tree-diff` lists where its trees still differ from a conforming parser's. Measured on
//! trafilatura-eval, a full html5ever tree (scraper) parses ~419 pages/s on one core and
//! html5ever's tokenizer alone ~658 pages/s, which left little time for extraction; the arena
//! (one `Vec`, `u32` links) keeps memory proportional to the page.
//!
//! Hostile input is bounded: nesting deeper than [`MAX_DEPTH`] is flattened (deeper start tags
//! are dropped, their text kept), and every traversal here is iterative, so no input can
//! overflow the stack.

pub mod tokenizer;

use std::borrow::Cow;
use std::sync::LazyLock;
use tokenizer::{StartTag, TextMode, TokenSink};

/// Deepest element nesting kept; deeper start tags are ignored (their text still lands in the
/// deepest kept element). Real pages stay far below this.
pub const MAX_DEPTH: usize = 256;

/// Index of a node in a [`Document`]'s arena.
pub type NodeId = u32;

/// The document node is always at index 0.
pub const ROOT: NodeId = 0;

#[derive(Debug)]
pub struct Document {
    nodes: Vec<Node>,
    /// The text of all text nodes, one after the other: one allocation for the page's text
    /// rather than one per text node.
    text: String,
    /// The attributes of all elements, element after element.
    attrs: Vec<Attr>,
    /// The attribute values, one after the other: like `text`, one allocation for the page's
    /// values rather than one per attribute.
    values: String,
}

#[derive(Debug)]
pub struct Node {
    pub kind: NodeKind,
    pub parent: Option<NodeId>,
    first_child: Option<NodeId>,
    last_child: Option<NodeId>,
    next_sibling: Option<NodeId>,
}

#[derive(Debug)]
pub enum NodeKind {
    Document,
    /// Read through [`Document::element`].
    Element(ElementNode),
    /// Its text is [`Document::text_at`] the span.
    Text(TextSpan),
}

/// Where a text node's text lies in its document's text (or an attribute value in its values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextSpan {
    start: usize,
    end: usize,
}

/// An element as its node holds it: its name, and where its attributes lie in its document's.
#[derive(Debug)]
pub struct ElementNode {
    name: Name,
    attrs_start: u32,
    attrs_end: u32,
}

/// One attribute: its name, and where its value lies in its document's values.
#[derive(Debug)]
struct Attr {
    name: Name,
    value: TextSpan,
}

/// A tag or attribute name: a shared static string for the common ones (see `KNOWN_NAMES`),
/// so that most elements and attributes allocate nothing (their values go to the document's).
type Name = Cow<'static, str>;

/// Common tag and attribute names (at most 8 bytes each, see [`short_key`]).
const KNOWN_NAMES: &[&str] = &[
    "a", "abbr", "action", "address", "alt", "article", "aside", "async", "audio", "b", "body",
    "br", "button", "canvas", "caption", "center", "charset", "circle", "cite", "class", "code",
    "col", "content", "d", "data-id", "data-src", "dd", "decoding", "defer", "defs", "del",
    "details", "dialog", "div", "dl", "dt", "em", "embed", "fieldset", "figure", "fill", "font",
    "footer", "for", "form", "g", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "height",
    "hidden", "hr", "href", "hreflang", "html", "i", "id", "iframe", "img", "input", "itemprop",
    "itemtype", "label", "lang", "li", "line", "link", "loading", "main", "media", "menu", "meta",
    "method", "name", "nav", "noscript", "ol", "onclick", "option", "p", "path", "picture",
    "polygon", "pre", "property", "q", "rect", "rel", "role", "s", "script", "section", "select",
    "sizes", "small", "source", "span", "src", "srcset", "strong", "style", "sub", "summary",
    "sup", "svg", "symbol", "tabindex", "table", "target", "tbody", "td", "template", "textarea",
    "th", "thead", "time", "title", "tr", "type", "u", "ul", "use", "value", "video", "viewbox",
    "width", "xmlns",
];

/// [`KNOWN_NAMES`] by their [`short_key`], in an open-addressing hash table: a name is found
/// with a multiplication and, mostly, one comparison, far cheaper than the allocation it saves
/// (string comparisons were not, nor a binary search of the sorted keys: its branches go either
/// way at random).
static KNOWN_KEYS: LazyLock<KnownKeys> = LazyLock::new(|| {
    let mut table = KnownKeys {
        slots: [(0, ""); KnownKeys::SLOTS],
    };
    for name in KNOWN_NAMES {
        if let Some(key) = short_key(name) {
            let slot = table.slot_of(key);
            table.slots[slot] = (key, name);
        }
    }
    table
});

const _: () = assert!(KNOWN_NAMES.len() * 3 < KnownKeys::SLOTS);

struct KnownKeys {
    /// `(key, name)`, or `(0, "")` for an empty slot: no name's key is 0.
    slots: [(u64, &'static str); KnownKeys::SLOTS],
}

impl KnownKeys {
    /// A power of two, over three times the number of names: probe runs stay short, and a
    /// free slot always ends them.
    const SLOTS: usize = 512;

    /// The slot holding `key`, or the free slot where it would go.
    fn slot_of(&self, key: u64) -> usize {
        // Fibonacci hashing: the multiplication mixes every byte of the key into the top bits.
        let bits = Self::SLOTS.trailing_zeros();
        let mut slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize;
        while self.slots[slot].0 != key && self.slots[slot].0 != 0 {
            slot = (slot + 1) % Self::SLOTS;
        }
        slot
    }

    fn get(&self, key: u64) -> Option<&'static str> {
        let (found, name) = self.slots[self.slot_of(key)];
        (key != 0 && found == key).then_some(name)
    }
}

/// The bytes of a name of at most 8 bytes as one number (zero-padded: names hold no NUL).
fn short_key(name: &str) -> Option<u64> {
    let bytes = name.as_bytes();
    let mut key = [0u8; 8];
    key.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(u64::from_le_bytes(key))
}

/// `name` as a [`Name`]: shared when it is a known one, copied otherwise.
fn intern(name: &str) -> Name {
    match short_key(name).and_then(|key| KNOWN_KEYS.get(key)) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(name.to_owned()),
    }
}

/// An element of a document, as [`Document::element`] reads it.
#[derive(Debug, Clone, Copy)]
pub struct Element<'a> {
    /// Lower-case tag name.
    pub name: &'a str,
    attrs: &'a [Attr],
    /// The document's attribute values.
    values: &'a str,
}

impl<'a> Element<'a> {
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        let attr = self.attrs.iter().find(|a| a.name == name)?;
        Some(span_of(self.values, attr.value))
    }

    pub fn is(&self, name: &str) -> bool {
        self.name == name
    }

    /// `class` and `id` joined, lower-cased: what boilerplate heuristics look at.
    pub fn class_and_id(&self) -> String {
        let mut s = String::new();
        self.class_and_id_into(&mut s);
        s
    }

    /// [`Element::class_and_id`] written over `s`, whose allocation a pass over every element
    /// reuses.
    pub fn class_and_id_into(&self, s: &mut String) {
        s.clear();
        for key in ["class", "id"] {
            if let Some(v) = self.attr(key) {
                s.push_str(v);
                s.push(' ');
            }
        }
        s.make_ascii_lowercase();
    }
}

/// The text of `span` in `buffer`, the document string it was taken from.
fn span_of(buffer: &str, span: TextSpan) -> &str {
    &buffer[span.start..span.end]
}

impl Document {
    /// Parses HTML. Never fails: any input gives some tree.
    pub fn parse(html: &str) -> Document {
        let mut builder = TreeBuilder::new(html.len());
        tokenizer::tokenize(html, &mut builder);
        Document {
            nodes: builder.nodes,
            text: builder.text,
            attrs: builder.attrs,
            values: builder.values,
        }
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    pub fn element(&self, id: NodeId) -> Option<Element<'_>> {
        match &self.node(id).kind {
            NodeKind::Element(node) => Some(self.element_of(node)),
            _ => None,
        }
    }

    /// The element of one of this document's element nodes.
    pub fn element_of<'a>(&'a self, node: &'a ElementNode) -> Element<'a> {
        Element {
            name: &node.name,
            attrs: &self.attrs[node.attrs_start as usize..node.attrs_end as usize],
            values: &self.values,
        }
    }

    pub fn text(&self, id: NodeId) -> Option<&str> {
        match self.node(id).kind {
            NodeKind::Text(span) => Some(self.text_at(span)),
            _ => None,
        }
    }

    /// The text of a text node of this document.
    pub fn text_at(&self, span: TextSpan) -> &str {
        span_of(&self.text, span)
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).parent
    }

    pub fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            doc: self,
            next: self.node(id).first_child,
        }
    }

    /// All nodes below `id` in document order (not `id` itself).
    pub fn descendants(&self, id: NodeId) -> Descendants<'_> {
        Descendants {
            doc: self,
            root: id,
            next: self.node(id).first_child,
        }
    }

    /// Elements named `name` anywhere in the document, in document order.
    pub fn elements_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = (NodeId, Element<'a>)> + 'a {
        self.descendants(ROOT)
            .filter_map(move |id| self.element(id).filter(|e| e.is(name)).map(|e| (id, e)))
    }

    /// Concatenated text of all text nodes below `id` (raw, whitespace as in the source).
    pub fn text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        if let Some(t) = self.text(id) {
            out.push_str(t);
        }
        for d in self.descendants(id) {
            if let Some(t) = self.text(d) {
                out.push_str(t);
            }
        }
        out
    }

    /// Ancestors of `id`, nearest first (not `id` itself).
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.parent(id), move |&p| self.parent(p))
    }
}

pub struct Children<'a> {
    doc: &'a Document,
    next: Option<NodeId>,
}

impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = self.next?;
        self.next = self.doc.node(id).next_sibling;
        Some(id)
    }
}

pub struct Descendants<'a> {
    doc: &'a Document,
    root: NodeId,
    next: Option<NodeId>,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = self.next?;
        let node = self.doc.node(id);
        self.next = if node.first_child.is_some() {
            node.first_child
        } else {
            // Climb until a sibling exists, stopping at the traversal root.
            let mut cur = id;
            loop {
                if cur == self.root {
                    break None;
                }
                let n = self.doc.node(cur);
                if n.next_sibling.is_some() {
                    break n.next_sibling;
                }
                match n.parent {
                    Some(p) if p != self.root => cur = p,
                    _ => break None,
                }
            }
        };
        Some(id)
    }
}

/// Elements without content or end tag (HTML's void elements).
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
    )
}

/// Start tags that close an open `<p>` (HTML's "close a p element" list, abridged).
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "details"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "table"
            | "ul"
    )
}

/// The elements past which a heading end tag does not look for its heading (HTML's "has an
/// element in scope", the HTML part): a stray `</h4>` in a table cell leaves the table alone.
const HEADING_SCOPE: [&str; 8] = [
    "applet", "caption", "marquee", "object", "table", "td", "template", "th",
];

/// `h1`–`h6`.
pub(crate) fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Elements that may stand in `<head>`; any other start tag begins the body.
fn is_head_content(name: &str) -> bool {
    matches!(
        name,
        "base"
            | "basefont"
            | "bgsound"
            | "link"
            | "meta"
            | "title"
            | "noscript"
            | "script"
            | "style"
            | "template"
            | "head"
    )
}

/// How the tokenizer must read the content of an HTML element (browsers with scripting on).
pub fn text_mode(name: &str) -> TextMode {
    match name {
        "script" | "style" | "noscript" | "iframe" | "noembed" | "noframes" | "xmp" => {
            TextMode::Raw
        }
        "title" | "textarea" => TextMode::Rcdata,
        _ => TextMode::Markup,
    }
}

struct TreeBuilder {
    nodes: Vec<Node>,
    /// The text of the text nodes (see [`Document`]).
    text: String,
    /// The elements' attributes and their values (see [`Document`]).
    attrs: Vec<Attr>,
    values: String,
    /// Open elements, innermost last; `ROOT` at the bottom.
    open: Vec<NodeId>,
    /// Start tags dropped for exceeding `MAX_DEPTH` and not yet closed.
    overflow: usize,
    /// How many elements of `open` have the names [`TreeBuilder::find_open`] looks for most.
    open_counts: OpenCounts,
}

/// How many open elements have each of the names that start tags close (see
/// [`TreeBuilder::close_implied`]) or that foreign content opens: the stack of open elements
/// is not scanned for a name no open element has (an `<a>` closes an open `<a>`, but mostly
/// there is none, and the scan went through the whole stack).
#[derive(Default)]
struct OpenCounts {
    counts: [u32; OpenCounts::NAMES.len()],
}

impl OpenCounts {
    const NAMES: [&str; 14] = [
        "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "a", "svg",
        "math",
    ];

    fn slot(name: &str) -> Option<usize> {
        Self::NAMES.iter().position(|n| *n == name)
    }

    /// Whether an element named `name` may be open: false only for a counted name none has.
    fn may_hold(&self, name: &str) -> bool {
        Self::slot(name).is_none_or(|slot| self.counts[slot] > 0)
    }

    fn opened(&mut self, name: &str) {
        if let Some(slot) = Self::slot(name) {
            self.counts[slot] += 1;
        }
    }

    /// An element named `name` that [`OpenCounts::opened`] counted is closed.
    fn closed(&mut self, name: &str) {
        if let Some(slot) = Self::slot(name) {
            self.counts[slot] -= 1;
        }
    }
}

impl TreeBuilder {
    fn new(input_len: usize) -> Self {
        let mut nodes = Vec::with_capacity(input_len / 40 + 16);
        nodes.push(Node {
            kind: NodeKind::Document,
            parent: None,
            first_child: None,
            last_child: None,
            next_sibling: None,
        });
        TreeBuilder {
            nodes,
            // Text is at most about as long as the markup that holds it.
            text: String::with_capacity(input_len),
            // Enough for most pages of trafilatura-eval, which then never copy them to grow:
            // a median of one attribute in 86 bytes of markup (one in 60 at the 90th
            // percentile), of 35% of its bytes in values (51%).
            attrs: Vec::with_capacity(input_len / 64),
            values: String::with_capacity(input_len / 2),
            open: vec![ROOT],
            overflow: 0,
            open_counts: OpenCounts::default(),
        }
    }

    fn current(&self) -> NodeId {
        *self.open.last().unwrap_or(&ROOT)
    }

    fn append(&mut self, parent: NodeId, kind: NodeKind) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            kind,
            parent: Some(parent),
            first_child: None,
            last_child: None,
            next_sibling: None,
        });
        let p = &mut self.nodes[parent as usize];
        match p.last_child.replace(id) {
            Some(prev) => self.nodes[prev as usize].next_sibling = Some(id),
            None => p.first_child = Some(id),
        }
        id
    }

    fn push_text(&mut self, text: &str) {
        // Whether the head is open is checked first: trimming costs more.
        if self.open_name(self.current()) == "head" && !text.trim().is_empty() {
            self.leave_head();
        }
        let parent = self.current();
        if let Some(last) = self.nodes[parent as usize].last_child
            && let NodeKind::Text(span) = &mut self.nodes[last as usize].kind
        {
            // The parent's last text is the last text added (text goes to the current element,
            // and once another takes its place it has a later child), so it grows in place.
            // Were it not, it would move to the end first.
            if span.end != self.text.len() {
                let start = self.text.len();
                self.text.extend_from_within(span.start..span.end);
                span.start = start;
            }
            self.text.push_str(text);
            span.end = self.text.len();
            return;
        }
        let start = self.text.len();
        self.text.push_str(text);
        let span = TextSpan {
            start,
            end: self.text.len(),
        };
        self.append(parent, NodeKind::Text(span));
    }

    /// Content that cannot be in `<head>` ends it, as when `</head><body>` is left out: the
    /// page's text must not stay inside the (never rendered) head.
    fn leave_head(&mut self) {
        if self.open_name(self.current()) == "head" {
            self.close_to(self.open.len() - 1);
        }
    }

    fn in_foreign_content(&self) -> bool {
        self.find_open("svg", &[]).is_some() || self.find_open("math", &[]).is_some()
    }

    fn open_name(&self, id: NodeId) -> &str {
        match &self.nodes[id as usize].kind {
            NodeKind::Element(e) => &e.name,
            _ => "",
        }
    }

    /// Appends an element with these attributes to `parent`.
    fn append_element<'a>(
        &mut self,
        parent: NodeId,
        name: &str,
        attrs: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> NodeId {
        let attrs_start = self.attrs.len() as u32;
        for (name, value) in attrs {
            let start = self.values.len();
            self.values.push_str(value);
            self.attrs.push(Attr {
                name: intern(name),
                value: TextSpan {
                    start,
                    end: self.values.len(),
                },
            });
        }
        let element = ElementNode {
            name: intern(name),
            attrs_start,
            attrs_end: self.attrs.len() as u32,
        };
        self.append(parent, NodeKind::Element(element))
    }

    /// Position in `open` of the innermost element named `name`, not looking past `barrier`s.
    fn find_open(&self, name: &str, barriers: &[&str]) -> Option<usize> {
        if !self.open_counts.may_hold(name) {
            return None;
        }
        self.find_open_where(|n| n == name, barriers)
    }

    /// The position of the innermost open element whose name `wanted` accepts, looking no
    /// further than the first of `barriers` (and 64 elements).
    fn find_open_where(&self, wanted: impl Fn(&str) -> bool, barriers: &[&str]) -> Option<usize> {
        for (pos, &id) in self.open.iter().enumerate().rev().take(64) {
            let n = self.open_name(id);
            if wanted(n) {
                return Some(pos);
            }
            if barriers.contains(&n) {
                return None;
            }
        }
        None
    }

    fn close_to(&mut self, pos: usize) {
        let kept = pos.max(1).min(self.open.len());
        for id in self.open.drain(kept..) {
            if let NodeKind::Element(e) = &self.nodes[id as usize].kind {
                self.open_counts.closed(&e.name);
            }
        }
    }

    /// Applies the implied end tags a new start tag causes.
    fn close_implied(&mut self, name: &str) {
        let implied: Option<(&[&str], &[&str])> = match name {
            _ if closes_p(name) => Some((&["p"], &["button", "table", "td", "th"])),
            "li" => Some((&["li"], &["ul", "ol", "menu"])),
            "dt" | "dd" => Some((&["dt", "dd"], &["dl"])),
            "tr" => Some((&["tr"], &["table", "thead", "tbody", "tfoot"])),
            "td" | "th" => Some((&["td", "th"], &["tr", "table"])),
            "thead" | "tbody" | "tfoot" => Some((&["thead", "tbody", "tfoot"], &["table"])),
            "option" => Some((&["option"], &["select", "datalist"])),
            "a" => Some((&["a"], &[])),
            _ => None,
        };
        if let Some((targets, barriers)) = implied {
            for target in targets {
                if let Some(pos) = self.find_open(target, barriers) {
                    self.close_to(pos);
                    break;
                }
            }
        }
        // A heading does not open inside the heading just opened: `<h1>Title<h3>Posted on`
        // closes the h1 first (HTML's rule for a heading start tag whose current node is one).
        if is_heading(name) && is_heading(self.open_name(self.current())) {
            self.close_to(self.open.len() - 1);
        }
        // Cells and rows also close an open paragraph-less inline chain up to the row.
        if matches!(name, "li" | "dt" | "dd")
            && let Some(pos) = self.find_open("p", &["li", "dt", "dd", "ul", "ol", "dl"])
        {
            self.close_to(pos);
        }
    }
}

impl TokenSink for TreeBuilder {
    fn start_tag(&mut self, tag: &StartTag<'_>) -> TextMode {
        let name: &str = &tag.name;
        // A second <html>/<body>/<head> adds nothing; keep the first.
        if matches!(name, "html" | "head" | "body") && self.find_open(name, &[]).is_some() {
            return TextMode::Markup;
        }
        if !is_head_content(name) {
            self.leave_head();
        }
        self.close_implied(name);
        // Inside SVG or MathML, `<title>` or `<style>` is an ordinary element and `<x/>` closes
        // itself (HTML's foreign content rules): reading raw text there would swallow the page.
        let html_mode = text_mode(name);
        let foreign =
            (tag.self_closing || html_mode != TextMode::Markup) && self.in_foreign_content();
        let mode = if foreign { TextMode::Markup } else { html_mode };
        let is_void = is_void(name);
        if self.open.len() > MAX_DEPTH && !is_void && mode == TextMode::Markup {
            self.overflow += 1;
            return TextMode::Markup;
        }
        let closes_itself = tag.self_closing
            && (foreign || mode == TextMode::Markup && !matches!(name, "div" | "span" | "p" | "a"));
        let parent = self.current();
        let attrs = tag.attrs.iter().map(|(n, v)| (&**n, &**v));
        let id = self.append_element(parent, name, attrs);
        if is_void || closes_itself {
            return TextMode::Markup;
        }
        self.open_counts.opened(name);
        self.open.push(id);
        mode
    }

    fn end_tag(&mut self, name: &str) {
        // `</body>` and `</html>` close nothing: what follows them goes back into the body,
        // into the elements still open (HTML's "after body" mode). A page often has them
        // early, in an embedded snippet, before its article.
        if matches!(name, "body" | "html") {
            return;
        }
        if name == "br" {
            // `</br>` is a line break in every browser.
            let parent = self.current();
            self.append_element(parent, "br", std::iter::empty());
            return;
        }
        // A heading's end tag closes the innermost open heading, whatever its level:
        // `<h2>Title</h3>` ends the h2 (HTML's rule for h1-h6 end tags).
        let open = if is_heading(name) {
            self.find_open_where(is_heading, &HEADING_SCOPE)
        } else {
            self.find_open(name, &[])
        };
        if let Some(pos) = open {
            self.close_to(pos);
        } else if self.overflow > 0 {
            self.overflow -= 1;
        }
    }

    fn text(&mut self, text: &str) {
        self.push_text(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_under(doc: &Document, id: NodeId) -> Vec<String> {
        doc.children(id)
            .map(|c| match &doc.node(c).kind {
                NodeKind::Element(e) => doc.element_of(e).name.to_string(),
                NodeKind::Text(span) => format!("#{}", doc.text_at(*span)),
                NodeKind::Document => "doc".into(),
            })
            .collect()
    }

    fn first(doc: &Document, name: &str) -> NodeId {
        doc.elements_named(name)
            .next()
            .map(|(id, _)| id)
            .unwrap_or(ROOT)
    }

    #[test]
    fn decodes_entities_in_text_and_attributes() {
        let doc = Document::parse(r#"<p title="a &amp; b">caf&eacute; &lt;x&gt;</p>"#);
        let p = first(&doc, "p");
        assert_eq!(doc.text_content(p), "café <x>");
        assert_eq!(doc.element(p).and_then(|e| e.attr("title")), Some("a & b"));
    }

    #[test]
    fn an_early_body_end_tag_leaves_the_article_in_its_container() {
        // An embedded snippet's `</body></html>` before the rest of the article.
        let doc = Document::parse(
            "<html><body><main><p>one</p><div>ad</body></html></div><p>two</p></main></body>",
        );
        let main = first(&doc, "main");
        assert_eq!(names_under(&doc, main), ["p", "div", "p"]);
        assert_eq!(doc.text_content(main), "oneadtwo");
    }

    #[test]
    fn a_heading_opened_in_a_heading_closes_it() {
        // The h1 is never closed: its title must not run on into the dateline under it.
        let doc = Document::parse(
            "<div><h1>Top strategies<div class=divider></div><h3>Posted on July 1</h3></div>",
        );
        assert_eq!(doc.text_content(first(&doc, "h1")), "Top strategies");
        assert_eq!(names_under(&doc, first(&doc, "div")), ["h1", "h3"]);
        // A heading inside another element of a heading is left where it is.
        let doc = Document::parse("<h1><span><h2>a</h2></span>b</h1>");
        assert_eq!(doc.parent(first(&doc, "h2")), Some(first(&doc, "span")));
    }

    #[test]
    fn a_heading_end_tag_closes_the_open_heading_of_any_level() {
        let doc = Document::parse("<div><h2>Title</h3><p>Body</p></div>");
        assert_eq!(doc.text_content(first(&doc, "h2")), "Title");
        assert_eq!(names_under(&doc, first(&doc, "div")), ["h2", "p"]);
        // Not across a table: a stray end tag in a cell leaves the table and the heading be.
        let doc = Document::parse("<h1>T<table><tr><td>a</h4>b</td></tr></table>c</h1>");
        assert_eq!(doc.text_content(first(&doc, "td")), "ab");
        assert_eq!(doc.text_content(first(&doc, "h1")), "Tabc");
    }

    #[test]
    fn unclosed_paragraphs_and_list_items_become_siblings() {
        let doc = Document::parse("<div><p>one<p>two<ul><li>a<li>b</ul></div>");
        let div = first(&doc, "div");
        assert_eq!(names_under(&doc, div), ["p", "p", "ul"]);
        assert_eq!(names_under(&doc, first(&doc, "ul")), ["li", "li"]);
    }

    #[test]
    fn script_content_is_raw_text_not_markup() {
        let doc = Document::parse("<script>if (a < b) { x = '</div><p>'; }</script><p>after</p>");
        let script = first(&doc, "script");
        assert_eq!(doc.text_content(script), "if (a < b) { x = '</div><p>'; }");
        assert_eq!(doc.elements_named("p").count(), 1);
    }

    #[test]
    fn self_closed_svg_title_does_not_swallow_the_page() {
        let doc = Document::parse("<svg><title/><path d=x /></svg><p>after</p>");
        assert_eq!(doc.text_content(first(&doc, "p")), "after");
        assert!(names_under(&doc, first(&doc, "svg")).contains(&"path".to_string()));
    }

    #[test]
    fn body_content_without_body_tag_leaves_the_head() {
        let doc =
            Document::parse("<html><head><title>T</title><meta charset=utf-8><div>text</div>");
        let head = first(&doc, "head");
        assert_eq!(names_under(&doc, head), ["title", "meta"]);
        assert_eq!(doc.text_content(first(&doc, "div")), "text");
        assert_eq!(doc.parent(first(&doc, "div")), doc.parent(head));
    }

    #[test]
    fn void_elements_take_no_children() {
        let doc = Document::parse("<p>a<br>b<img src=x>c</p>");
        assert_eq!(
            names_under(&doc, first(&doc, "p")),
            ["#a", "br", "#b", "img", "#c"]
        );
    }

    #[test]
    fn stray_end_tags_are_ignored() {
        let doc = Document::parse("<div>a</span></p>b</div>");
        assert_eq!(doc.text_content(first(&doc, "div")), "ab");
    }

    #[test]
    fn hundred_thousand_nested_divs_stay_bounded() {
        let html = "<div>".repeat(100_000) + "deep text" + &"</div>".repeat(100_000);
        let doc = Document::parse(&html);
        assert!(doc.len() <= MAX_DEPTH + 8);
        assert_eq!(doc.text_content(ROOT), "deep text");
        let deepest = doc.ancestors(doc.len() as NodeId - 1).count();
        assert!(deepest <= MAX_DEPTH + 1);
    }

    #[test]
    fn known_names_are_shared() {
        assert!(KNOWN_NAMES.iter().all(|n| short_key(n).is_some()));
        assert!(
            KNOWN_NAMES
                .iter()
                .all(|n| matches!(intern(n), Cow::Borrowed(b) if b == *n))
        );
        assert_eq!(intern(""), "");
        assert!(matches!(intern("div"), Cow::Borrowed("div")));
        assert!(matches!(intern("itemprop"), Cow::Borrowed("itemprop")));
        assert_eq!(intern("my-widget"), "my-widget");
        assert_eq!(intern("di"), "di");
    }

    #[test]
    fn descendants_stay_inside_the_subtree() {
        let doc = Document::parse("<div id=a><p>x</p></div><p>y</p>");
        let a = first(&doc, "div");
        let inside: Vec<_> = doc.descendants(a).filter_map(|d| doc.text(d)).collect();
        assert_eq!(inside, ["x"]);
    }
}
