//! Walks the chosen container and turns it into blocks: headings, paragraphs, lists, quotes,
//! tables, figures (captions) and code, each with the link share of its text for later filtering.
//!
//! The walk is iterative (an explicit stack), so nesting depth costs no stack.

use super::prune::NodeFlags;
use super::score::is_inline;
use crate::ExtractConfig;
use crate::dom::{Document, Element, ElementNode, NodeId, NodeKind, is_heading};
use crate::event::Block;
use crate::lexicon::article_parts::CAPTION_TOKENS;
use crate::text_key::ascii_alnum_words;

/// A block plus what the filters need to judge it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawBlock {
    pub block: Block,
    /// Non-space characters of the block's text.
    pub chars: usize,
    /// Of those, characters inside links.
    pub link_chars: usize,
    /// The element the block comes from (for loose text: the container walked).
    pub source: NodeId,
}

/// Tables with a cell longer than this are page layout, not data.
const LAYOUT_CELL_CHARS: usize = 600;

/// Sectioning and landmark elements of HTML: parts of the page, never a picture's caption.
const SECTIONS: &[&str] = &[
    "article", "aside", "body", "footer", "header", "main", "nav", "section",
];

pub fn collect_blocks(
    doc: &Document,
    root: NodeId,
    flags: &NodeFlags,
    config: &ExtractConfig,
) -> Vec<RawBlock> {
    let mut walker = Walker {
        doc,
        flags,
        config,
        out: Vec::new(),
        inline: TextRun::default(),
        containers: vec![root],
    };
    walker.walk(root);
    walker.out
}

enum Step {
    Enter(NodeId),
    /// End of a block-level container: what was gathered inline so far is a paragraph.
    Leave,
}

struct Walker<'a> {
    doc: &'a Document,
    flags: &'a NodeFlags,
    config: &'a ExtractConfig,
    out: Vec<RawBlock>,
    /// Loose inline text of the container being walked (text directly inside a `<div>`, ...).
    inline: TextRun,
    /// The containers being walked, innermost last: the source of loose text.
    containers: Vec<NodeId>,
}

impl Walker<'_> {
    fn walk(&mut self, root: NodeId) {
        let mut stack = vec![Step::Enter(root)];
        while let Some(step) = stack.pop() {
            let id = match step {
                Step::Leave => {
                    self.flush_inline();
                    self.containers.pop();
                    continue;
                }
                Step::Enter(id) => id,
            };
            if self.flags.removed[id as usize] {
                continue;
            }
            match &self.doc.node(id).kind {
                NodeKind::Text(span) => self
                    .inline
                    .push_text(self.doc.text_at(*span), self.flags.in_link[id as usize]),
                NodeKind::Element(node) => self.visit_element(id, node, &mut stack),
                NodeKind::Document => self.push_children(id, &mut stack),
            }
        }
        self.flush_inline();
    }

    /// A line break or an inline element (not a caption) continues the inline run; any other
    /// element ends it and is emitted as a block or walked into as a container.
    fn visit_element(&mut self, id: NodeId, node: &ElementNode, stack: &mut Vec<Step>) {
        let el = self.doc.element_of(node);
        if el.is("br") {
            self.inline.push_break();
            return;
        }
        // Read once: whether it is a caption may take a walk through what it holds.
        let caption = self.is_caption(id, el);
        if is_inline(el.name) && !caption {
            self.push_children(id, stack);
        } else {
            self.flush_inline();
            if !self.emit_block(id, el, caption) {
                self.containers.push(id);
                stack.push(Step::Leave);
                self.push_children(id, stack);
            }
        }
    }

    fn push_children(&self, id: NodeId, stack: &mut Vec<Step>) {
        let start = stack.len();
        stack.extend(self.doc.children(id).map(Step::Enter));
        stack[start..].reverse();
    }

    /// Emits `el` as one block when it is one; false when it is a container to walk into.
    /// `caption`: whether it is a caption ([`Walker::is_caption`]).
    fn emit_block(&mut self, id: NodeId, el: Element<'_>, caption: bool) -> bool {
        let name = el.name;
        match name {
            // A heading left open over the article (a missing `</h2>`) holds paragraphs:
            // walk it as a container rather than flatten the article into one heading.
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                if !self.holds_blocks(id, &["p", "ul", "ol", "table", "blockquote"]) =>
            {
                let level = name.as_bytes()[1] - b'0';
                let run = self.gather(id);
                self.push(
                    id,
                    Block::Heading {
                        level,
                        text: run.text.replace('\n', " "),
                    },
                    &run,
                );
                true
            }
            // A paragraph whose class names a caption ("media__caption") is a figure (below).
            "p" if !caption => {
                let run = self.gather(id);
                self.push_run(id, run, |text| Block::Paragraph { text });
                true
            }
            "pre" => {
                let text = raw_text(self.doc, self.flags, id);
                let run = TextRun::from_plain(text.trim_end());
                self.push_run(id, run, |text| Block::Code { text });
                true
            }
            "blockquote" => {
                let run = self.gather(id);
                self.push_run(id, run, |text| Block::Quote { text });
                true
            }
            "ul" | "ol"
                if !self.holds_blocks(id, &["p", "div", "h2", "h3", "table", "section"]) =>
            {
                self.emit_list(id, name == "ol");
                true
            }
            "table" if !self.is_layout_table(id) => {
                if self.config.include_tables {
                    self.emit_table(id);
                }
                true
            }
            // A figure can frame text: a data table (comparison tables in reviews), a quote
            // (`<figure><blockquote>…</blockquote><figcaption>— Jane Doe</figcaption>`, the
            // HTML standard's own example) or a code listing. That text is walked as usual,
            // and only the caption becomes a figure.
            "figure" if !self.holds_blocks(id, &["table", "blockquote", "pre"]) => {
                self.emit_figure(id);
                true
            }
            _ if caption => {
                self.emit_figure(id);
                true
            }
            _ => false,
        }
    }

    /// Pushes the block that `block` makes of the run's text, which it takes (no copy).
    fn push_run(&mut self, source: NodeId, run: TextRun, block: impl FnOnce(String) -> Block) {
        self.out.push(RawBlock {
            chars: run.chars,
            link_chars: run.link_chars,
            block: block(run.text),
            source,
        });
    }

    fn push(&mut self, source: NodeId, block: Block, run: &TextRun) {
        self.out.push(RawBlock {
            block,
            chars: run.chars,
            link_chars: run.link_chars,
            source,
        });
    }

    fn flush_inline(&mut self) {
        // Most flushes, one at every block's edge, find no loose text.
        if self.inline.text.is_empty() {
            return;
        }
        let run = std::mem::take(&mut self.inline);
        // Two line breaks in a row separate paragraphs in `<div>`/`<td>` text.
        for part in run.text.split("\n\n") {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let share = part.len() as f64 / run.text.len().max(1) as f64;
            self.out.push(RawBlock {
                block: Block::Paragraph {
                    text: part.to_string(),
                },
                chars: super::non_space_chars(part),
                link_chars: (run.link_chars as f64 * share) as usize,
                source: self.containers.last().copied().unwrap_or(crate::dom::ROOT),
            });
        }
    }

    fn emit_list(&mut self, id: NodeId, ordered: bool) {
        let mut items = Vec::new();
        let mut total = TextRun::default();
        for li in self.doc.children(id) {
            if self.flags.removed[li as usize] || self.doc.element(li).is_none() {
                continue;
            }
            let run = self.gather(li);
            if run.text.is_empty() {
                continue;
            }
            total.chars += run.chars;
            total.link_chars += run.link_chars;
            items.push(run.text.replace('\n', " "));
        }
        if !items.is_empty() {
            self.push(id, Block::List { ordered, items }, &total);
        }
    }

    fn emit_table(&mut self, id: NodeId) {
        let mut rows = Vec::new();
        let mut total = TextRun::default();
        for tr in self.doc.descendants(id) {
            if self.flags.removed[tr as usize] || !self.doc.element(tr).is_some_and(|e| e.is("tr"))
            {
                continue;
            }
            let mut row = Vec::new();
            for cell in self.doc.children(tr) {
                if self
                    .doc
                    .element(cell)
                    .is_some_and(|e| e.is("td") || e.is("th"))
                {
                    let run = self.gather(cell);
                    total.chars += run.chars;
                    total.link_chars += run.link_chars;
                    row.push(run.text.replace('\n', " "));
                }
            }
            if row.iter().any(|c| !c.is_empty()) {
                rows.push(row);
            }
        }
        if !rows.is_empty() {
            self.push(id, Block::Table { rows }, &total);
        }
    }

    fn emit_figure(&mut self, id: NodeId) {
        if !self.config.include_figures {
            return;
        }
        let doc = self.doc;
        let caption_node = doc
            .descendants(id)
            .find(|&d| doc.element(d).is_some_and(|e| e.is("figcaption")))
            .unwrap_or(id);
        let run = self.gather(caption_node);
        if run.text.is_empty() {
            return;
        }
        let src = doc
            .descendants(id)
            .filter_map(|d| doc.element(d))
            .find(|e| e.is("img"))
            .and_then(|img| img.attr("src").or_else(|| img.attr("data-src")))
            .map(str::to_string);
        self.push(
            id,
            Block::Figure {
                src,
                caption: run.text.replace('\n', " "),
            },
            &run,
        );
    }

    /// Some element named in `names` sits below `id` (a list or table used for layout).
    fn holds_blocks(&self, id: NodeId, names: &[&str]) -> bool {
        self.doc
            .descendants(id)
            .filter_map(|d| self.doc.element(d))
            .any(|e| names.contains(&e.name))
    }

    /// `figcaption`, or an element whose class names a caption and that is one: no section of
    /// the page (a post's `<article>` carries its taxonomy as classes, and
    /// "category-deductions-and-credits" holds a caption's word) and no card (a heading with
    /// text beside it: a product's or a gallery tile's "item-caption"). A legend set in a
    /// heading alone (`<div class="caption"><h6>…</h6></div>`) stays a caption.
    fn is_caption(&self, id: NodeId, el: Element<'_>) -> bool {
        el.is("figcaption")
            || (is_named_caption(el) && !SECTIONS.contains(&el.name) && !self.is_card(id))
    }

    /// Below `id`, a heading and text outside every heading. One walk down, each node read
    /// once, with whether a heading holds it.
    fn is_card(&self, id: NodeId) -> bool {
        let mut heading = false;
        let mut text_beside = false;
        let mut stack: Vec<(NodeId, bool)> = self.doc.children(id).map(|c| (c, false)).collect();
        while let Some((node, in_heading)) = stack.pop() {
            match self.doc.element(node) {
                Some(e) => {
                    let starts_heading = is_heading(e.name);
                    heading |= starts_heading;
                    let below = in_heading || starts_heading;
                    stack.extend(self.doc.children(node).map(|c| (c, below)));
                }
                None => {
                    text_beside |=
                        !in_heading && self.doc.text(node).is_some_and(|t| !t.trim().is_empty());
                }
            }
            if heading && text_beside {
                return true;
            }
        }
        false
    }

    fn is_layout_table(&self, id: NodeId) -> bool {
        if self.holds_blocks(
            id,
            &["table", "p", "h1", "h2", "h3", "ul", "ol", "blockquote"],
        ) {
            return true;
        }
        self.doc.descendants(id).any(|d| {
            self.doc.element(d).is_some_and(|e| e.is("td"))
                && super::non_space_chars(&self.doc.text_content(d)) > LAYOUT_CELL_CHARS
        }) || self.has_text_outside_cells(id)
    }

    /// Text directly in a `<table>` or `<tr>` (broken or depth-capped markup) would be lost by
    /// reading cells only.
    fn has_text_outside_cells(&self, table: NodeId) -> bool {
        self.doc.descendants(table).any(|d| {
            self.doc.text(d).is_some_and(|t| !t.trim().is_empty())
                && self
                    .doc
                    .parent(d)
                    .and_then(|p| self.doc.element(p))
                    .is_some_and(|e| matches!(e.name, "table" | "tbody" | "thead" | "tr"))
        })
    }

    /// Removed inline text that is only a spaced separator, such as the screen-reader one
    /// between a kicker and its headline (`<span class="visually-hidden">: </span>`): the words
    /// on either side of it stay apart ("Klimaschutz Bohren", not "KlimaschutzBohren"). Hidden
    /// words are no separator: `name@<span hidden>no spam</span>example.org` stays one address.
    fn is_hidden_word_break(&self, d: NodeId) -> bool {
        self.doc
            .text(d)
            .is_some_and(|t| t.contains(char::is_whitespace) && !t.contains(char::is_alphanumeric))
            && self
                .doc
                .parent(d)
                .and_then(|p| self.doc.element(p))
                .is_some_and(|e| is_inline(e.name))
    }

    /// Text of the subtree at `id`, inline runs joined, block boundaries as line breaks.
    fn gather(&self, id: NodeId) -> TextRun {
        let mut run = TextRun::default();
        for d in self.doc.descendants(id) {
            if self.flags.removed[d as usize] {
                if self.is_hidden_word_break(d) {
                    run.push_text(" ", false);
                }
                continue;
            }
            match &self.doc.node(d).kind {
                NodeKind::Text(span) => {
                    run.push_text(self.doc.text_at(*span), self.flags.in_link[d as usize])
                }
                NodeKind::Element(node) => {
                    let e = self.doc.element_of(node);
                    if e.is("br") || !is_inline(e.name) {
                        run.push_break();
                    }
                }
                NodeKind::Document => {}
            }
        }
        run.finish();
        run
    }
}

/// An element whose class names a caption (`wp-caption`, `image-caption`, `photo-credit`).
fn is_named_caption(el: Element<'_>) -> bool {
    el.attr("class").is_some_and(|c| {
        ascii_alnum_words(c).any(|t| CAPTION_TOKENS.iter().any(|k| t.eq_ignore_ascii_case(k)))
    })
}

/// Text below `id` with whitespace kept as in the source (for `<pre>`).
fn raw_text(doc: &Document, flags: &NodeFlags, id: NodeId) -> String {
    let mut out = String::new();
    for d in doc.descendants(id) {
        if flags.removed[d as usize] {
            continue;
        }
        if let Some(t) = doc.text(d) {
            out.push_str(t);
        } else if doc.element(d).is_some_and(|e| e.is("br")) {
            out.push('\n');
        }
    }
    out
}

/// Soft hyphens (`&shy;`, hyphenation hints), zero-width spaces and byte-order marks: not
/// rendered, and left in the text they split words ("Be\u{ad}hör\u{ad}de") for search and
/// matching.
fn is_invisible_format_char(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}' | '\u{feff}')
}

/// Bytes a text is given at its first run: most blocks hold a line or more, which a string
/// growing from a few bytes reaches only after several copies.
const FIRST_TEXT_CAPACITY: usize = 128;

/// Text gathered with whitespace collapsed as a browser renders it.
#[derive(Debug, Default)]
struct TextRun {
    text: String,
    chars: usize,
    link_chars: usize,
    pending_space: bool,
}

impl TextRun {
    fn from_plain(text: &str) -> TextRun {
        TextRun {
            text: text.to_string(),
            chars: super::non_space_chars(text),
            ..TextRun::default()
        }
    }

    /// Appends `t` with its whitespace collapsed and its invisible format characters dropped.
    /// Runs of characters kept as they are are copied whole rather than char by char, and so
    /// are the single spaces between their words: collapsing, each would become one space.
    fn push_text(&mut self, t: &str, in_link: bool) {
        // The run being read: where it starts and where its last kept character ends, the
        // characters it keeps (its spaces not counted), and whether a space ends what was read.
        let mut run: Option<(usize, usize)> = None;
        let mut run_chars = 0;
        let mut space_after_run = false;
        for (at, c) in t.char_indices() {
            let dropped = is_invisible_format_char(c);
            if !dropped && !c.is_whitespace() {
                let start = run.map_or(at, |(start, _)| start);
                run = Some((start, at + c.len_utf8()));
                run_chars += 1;
                space_after_run = false;
                continue;
            }
            if c == ' ' && run.is_some() && !space_after_run {
                space_after_run = true;
                continue;
            }
            let space_before = std::mem::take(&mut space_after_run);
            if let Some((start, end)) = run.take() {
                self.push_run(&t[start..end], run_chars, in_link);
                run_chars = 0;
            }
            if !dropped || space_before {
                self.pending_space = !self.text.is_empty() && !self.text.ends_with('\n');
            }
        }
        if let Some((start, end)) = run {
            self.push_run(&t[start..end], run_chars, in_link);
            if space_after_run {
                self.pending_space = !self.text.is_empty() && !self.text.ends_with('\n');
            }
        }
    }

    /// Appends `chars` characters kept as they are, after the space that whitespace before
    /// them left pending.
    fn push_run(&mut self, run: &str, chars: usize, in_link: bool) {
        if self.text.capacity() == 0 {
            self.text.reserve(FIRST_TEXT_CAPACITY);
        }
        if self.pending_space {
            self.text.push(' ');
            self.pending_space = false;
        }
        self.text.push_str(run);
        self.chars += chars;
        if in_link {
            self.link_chars += chars;
        }
    }

    /// A line break; at most two in a row (a blank line) are kept.
    fn push_break(&mut self) {
        self.pending_space = false;
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
    }

    /// Trims the ends and collapses blank lines (a gathered block is one paragraph).
    fn finish(&mut self) {
        // Lines are gathered trimmed (a space is only ever pushed between a line's runs), so
        // a text of one line, most blocks', is left as it is.
        if !self.text.contains('\n') {
            return;
        }
        let lines: Vec<&str> = self
            .text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        self.text = lines.join("\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks_of(html: &str) -> Vec<Block> {
        let doc = Document::parse(html);
        let visibility = super::super::prune::Visibility::of(&doc);
        let flags = super::super::prune::flag_nodes(&doc, &ExtractConfig::default(), &visibility);
        collect_blocks(&doc, crate::dom::ROOT, &flags, &ExtractConfig::default())
            .into_iter()
            .map(|b| b.block)
            .collect()
    }

    #[test]
    fn hidden_separator_keeps_kicker_and_headline_apart() {
        let blocks = blocks_of(
            "<h1><span class=kicker>Klimaschutz</span><span class=visually-hidden>: </span>\
             <span>Bohren, bis es heiß wird</span></h1>",
        );
        assert_eq!(
            blocks,
            vec![Block::Heading {
                level: 1,
                text: "Klimaschutz Bohren, bis es heiß wird".into()
            }]
        );
    }

    #[test]
    fn hidden_words_inside_an_address_part_nothing() {
        let blocks =
            blocks_of("<p>Mail: ann@<span style='display:none'>no spam</span>example.org</p>");
        assert_eq!(
            blocks,
            vec![Block::Paragraph {
                text: "Mail: ann@example.org".into()
            }]
        );
    }

    #[test]
    fn heading_left_open_over_paragraphs_is_a_container() {
        let blocks = blocks_of("<h2>Lead line<div><p>First paragraph.</p><p>Second.</p></div>");
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph {
                    text: "Lead line".into()
                },
                Block::Paragraph {
                    text: "First paragraph.".into()
                },
                Block::Paragraph {
                    text: "Second.".into()
                },
            ]
        );
    }

    #[test]
    fn paragraph_with_a_caption_class_is_a_figure() {
        let blocks = blocks_of(
            "<p>Body text.</p><p class='media__caption media__caption--source'>Photo: A. Person</p>",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph {
                    text: "Body text.".into()
                },
                Block::Figure {
                    src: None,
                    caption: "Photo: A. Person".into()
                },
            ]
        );
    }

    #[test]
    fn legend_and_credit_classes_are_captions() {
        let blocks = blocks_of(
            "<p>Body text.</p><div class=legend>Forest pasture in spring.</div>\
             <div>More text. <span class=photo-credit>Photo: A. Person</span></div>",
        );
        let paragraphs: Vec<&Block> = blocks
            .iter()
            .filter(|b| matches!(b, Block::Paragraph { .. }))
            .collect();
        assert_eq!(
            paragraphs,
            vec![
                &Block::Paragraph {
                    text: "Body text.".into()
                },
                &Block::Paragraph {
                    text: "More text.".into()
                },
            ]
        );
    }

    #[test]
    fn an_article_whose_class_holds_a_caption_word_is_walked() {
        // WordPress writes a post's categories as classes: "credits" here is a category's word.
        let blocks = blocks_of(
            "<article class='post category-deductions-and-credits'><h1>Tax changes</h1>\
             <p>What changes this year.</p></article>",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Heading {
                    level: 1,
                    text: "Tax changes".into()
                },
                Block::Paragraph {
                    text: "What changes this year.".into()
                },
            ]
        );
    }

    #[test]
    fn a_card_named_caption_is_walked_and_a_legend_in_a_heading_stays_a_caption() {
        let card = blocks_of(
            "<div class=product-caption><h3>Trail shoe</h3><p>Light and grippy.</p></div>",
        );
        assert_eq!(
            card,
            vec![
                Block::Heading {
                    level: 3,
                    text: "Trail shoe".into()
                },
                Block::Paragraph {
                    text: "Light and grippy.".into()
                },
            ]
        );
        let legend =
            blocks_of("<div class=bildunterschrift><h6>Wild geese (Photo: A. Person)</h6></div>");
        assert_eq!(
            legend,
            vec![Block::Figure {
                src: None,
                caption: "Wild geese (Photo: A. Person)".into()
            }]
        );
    }

    #[test]
    fn table_in_a_figure_is_text() {
        let blocks = blocks_of(
            "<figure><table><tr><th>Fee</th><th>Cost</th></tr><tr><td>Withdrawal</td>\
             <td>1 GBP</td></tr></table><figcaption>Fees</figcaption></figure>",
        );
        assert!(blocks.contains(&Block::Table {
            rows: vec![
                vec!["Fee".into(), "Cost".into()],
                vec!["Withdrawal".into(), "1 GBP".into()]
            ]
        }));
    }

    #[test]
    fn quote_and_code_in_a_figure_are_text_and_the_caption_a_figure() {
        let blocks = blocks_of(
            "<figure><blockquote>Yoga changed my week.</blockquote>\
             <figcaption>Jane Doe</figcaption></figure>\
             <figure class=highlight><pre><code>let x = 1;</code></pre></figure>",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Quote {
                    text: "Yoga changed my week.".into()
                },
                Block::Figure {
                    src: None,
                    caption: "Jane Doe".into()
                },
                Block::Code {
                    text: "let x = 1;".into()
                },
            ]
        );
    }

    #[test]
    fn gathered_lines_are_trimmed_as_they_are_pushed() {
        let mut run = TextRun::default();
        run.push_text(" \u{a0} Erste  Zeile\t", false);
        run.push_text(" zwei ", true);
        let one_line = run.text.clone();
        run.finish();
        assert_eq!(run.text, one_line);
        assert_eq!(run.text, "Erste Zeile zwei");
        run.push_break();
        run.push_break();
        run.push_text("  Dritte ", false);
        run.push_break();
        run.finish();
        assert_eq!(run.text, "Erste Zeile zwei\nDritte");
    }

    #[test]
    fn soft_hyphens_and_zero_width_spaces_are_dropped() {
        let mut run = TextRun::default();
        run.push_text("Be\u{ad}hör\u{ad}de und\u{200b} Amt", false);
        assert_eq!(run.text, "Behörde und Amt");
    }

    /// [`TextRun::push_text`] character by character: a space before each word that follows
    /// whitespace, unless at a line's start; format characters dropped.
    fn push_text_char_by_char(run: &mut TextRun, t: &str, in_link: bool) {
        for c in t.chars().filter(|&c| !is_invisible_format_char(c)) {
            if c.is_whitespace() {
                run.pending_space = !run.text.is_empty() && !run.text.ends_with('\n');
                continue;
            }
            let mut buf = [0u8; 4];
            run.push_run(c.encode_utf8(&mut buf), 1, in_link);
        }
    }

    #[test]
    fn spaces_between_words_copied_with_them_collapse_as_char_by_char() {
        let texts = [
            "one two  three\tfour \u{200b}five\u{ad} six ",
            " lead and trail ",
            "x",
            "a \u{a0}b\u{feff} c",
            "",
            "  ",
        ];
        let (mut fast, mut slow) = (TextRun::default(), TextRun::default());
        for (i, t) in texts.iter().enumerate() {
            fast.push_text(t, i % 2 == 0);
            push_text_char_by_char(&mut slow, t, i % 2 == 0);
            assert_eq!(
                (&fast.text, fast.chars, fast.link_chars, fast.pending_space),
                (&slow.text, slow.chars, slow.link_chars, slow.pending_space),
                "{t:?}"
            );
            if i == 2 {
                fast.push_break();
                slow.push_break();
            }
        }
    }
}
