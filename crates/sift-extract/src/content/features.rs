//! Structural features of the page's candidate blocks and of the page as a whole: what the
//! learned models judge. The same code writes the training tables (`examples/dump_features.rs`)
//! and feeds the models at run time, so training and serving cannot drift apart.
//!
//! A block is described by its kind and text shape, where it sits (depth, position, the tags
//! and the class/id/role tokens of it and its ancestors, hashed into buckets), how dense in text
//! and links its ancestors are, its neighbours, what the structural rules made of it (pruned as
//! a widget, inside the container the rules chose, kept by the rules' filters) and the repeated
//! sibling group it is part of (`repeats.rs`).

use super::blocks::RawBlock;
use super::prune::Visibility;
use super::repeats::{self, CURRENCY_SIGNS, RepeatedGroups};
use crate::dom::{Document, Element, NodeId, ROOT};
use crate::event::Block;
use crate::text_key::ascii_alnum_words;
use crate::text_runs::{Piece, pieces};
use std::borrow::Cow;

/// Buckets of hashed class, id, role and itemprop tokens.
const TOKEN_BUCKETS: usize = 64;
/// Class tokens of the block's element and this many ancestors are hashed into its buckets.
const TOKEN_ANCESTORS: usize = 4;
/// Ancestors (1 = the source's parent) whose text and link density describe a block.
const DENSITY_ANCESTORS: [usize; 5] = [1, 2, 3, 4, 6];
/// A block's source and its ancestors as far as [`DENSITY_ANCESTORS`] and [`TOKEN_ANCESTORS`]
/// read.
const ANCESTORS_READ: usize = 7;
const _: () = assert!(DENSITY_ANCESTORS[4] < ANCESTORS_READ && TOKEN_ANCESTORS < ANCESTORS_READ);

/// Tags whose presence among a block's ancestors is a feature each.
const ANCESTOR_TAGS: [&str; 11] = [
    "article", "main", "nav", "aside", "footer", "header", "form", "li", "table", "section", "a",
];

/// Tags told apart as the block's own element; anything else is "other" (0).
const SOURCE_TAGS: [&str; 14] = [
    "p", "div", "li", "td", "span", "section", "article", "h1", "h2", "h3", "ul", "table", "a",
    "body",
];

/// What the structural rules decided about the page, per node, and its repeated sibling groups.
pub struct RuleView<'a> {
    /// Pruned as a widget, chrome or invisible by the rules.
    pub pruned: &'a [bool],
    /// Inside the container (or a lead before it) the rules chose.
    pub in_main: Vec<bool>,
    /// The source of a block the rules kept.
    pub kept: Vec<bool>,
    /// The page's repeated sibling groups (cards, rows, posts).
    pub repeats: &'a RepeatedGroups,
}

/// Names of the block features, in the order of a feature row. The model file lists them too
/// and is refused when they differ.
pub fn block_feature_names() -> Vec<String> {
    let mut names: Vec<String> = [
        "heading_level",
        "is_paragraph",
        "is_list",
        "is_quote",
        "is_table",
        "is_code",
        "is_figure",
        "chars",
        "link_density",
        "words",
        "mean_word_len",
        "punct_ratio",
        "sentence_ends",
        "ends_sentence",
        "digit_ratio",
        "capital_word_ratio",
        "items",
        "index_frac",
        "chars_before_frac",
        "depth",
        "source_tag",
        "pruned",
        "in_main",
        "rule_kept",
        "prev_chars",
        "prev_link_density",
        "prev_kept",
        "next_chars",
        "next_link_density",
        "next_kept",
        "same_source_prev",
        "page_chars",
        "page_blocks",
        "page_link_density",
        "page_kept_share",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for tag in ANCESTOR_TAGS {
        names.push(format!("under_{tag}"));
    }
    for k in DENSITY_ANCESTORS {
        names.push(format!("anc{k}_page_share"));
        names.push(format!("anc{k}_link_density"));
        names.push(format!("anc{k}_block_share"));
    }
    for b in 0..TOKEN_BUCKETS {
        names.push(format!("tok{b}"));
    }
    names.extend(repeats::BLOCK_FEATURES.map(String::from));
    // Last, the page's words' vote on its type (`Models::page_words`), the same in every row.
    for page_type in crate::PAGE_TYPES {
        names.push(format!("page_vote_{page_type}"));
    }
    names
}

/// Names of the page features (see [`page_features`]).
pub fn page_feature_names() -> Vec<String> {
    let mut names: Vec<String> = [
        "blocks",
        "chars",
        "link_density",
        "kept_share",
        "kept_blocks",
        "heading_share",
        "paragraph_share",
        "list_share",
        "table_share",
        "code_share",
        "long_blocks",
        "headings",
        "mean_block_chars",
        "elements",
        "forms",
        "inputs",
        "buttons",
        "images",
        "links",
        "price_marks",
        "dates_in_text",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for b in 0..TOKEN_BUCKETS {
        names.push(format!("page_tok{b}"));
    }
    for b in 0..TOKEN_BUCKETS {
        names.push(format!("type_tok{b}"));
    }
    for column in SUMMARISED_BLOCK_FEATURES {
        for stat in ["mean", "sd", "char_mean"] {
            names.push(format!("blocks_{stat}_{column}"));
        }
    }
    names.extend(["short_block_share", "long_block_share"].map(String::from));
    for b in 0..WORD_BUCKETS {
        names.push(format!("word{b}"));
    }
    names.extend(repeats::PAGE_FEATURES.map(String::from));
    names.extend(BLOCK_MODEL_SUMMARY.map(String::from));
    names.extend(["url_known", "url_depth", "url_digits", "url_query"].map(String::from));
    for b in 0..URL_BUCKETS {
        names.push(format!("url_tok{b}"));
    }
    // Last, the linear word model's probability of each page type (`Models::page_words`).
    for page_type in crate::PAGE_TYPES {
        names.push(format!("words_vote_{page_type}"));
    }
    names
}

/// What the block model makes of the page (see [`block_model_summary`]).
const BLOCK_MODEL_SUMMARY: [&str; 17] = [
    "model_kept_block_share",
    "model_kept_blocks",
    "model_kept_char_share",
    "model_mean_probability",
    "model_char_mean_probability",
    "model_kept_mean_chars",
    "model_kept_median_chars",
    "model_kept_link_density",
    "model_kept_log_chars",
    // The make-up of the kept blocks (see `kept_make_up`).
    "model_kept_heading_chars",
    "model_kept_paragraph_chars",
    "model_kept_list_chars",
    "model_kept_heading_share",
    "model_kept_title_runs",
    "model_kept_linked_chars",
    "model_kept_main_group_chars",
    "model_kept_log_blocks",
];

/// A summary of the block model's probabilities over a page's blocks (`rows` from
/// [`block_features`]): the share and number of blocks it keeps, the share of characters they
/// hold, the mean probability (plain and per character), the kept blocks' mean and median length
/// and link density, and the log of their characters. A listing keeps many short linked blocks,
/// an article a few long ones: the page-type model reads this beside the page's own features.
/// `training/train.py` computes the same from out-of-fold probabilities (keep the two in step).
/// All zero for a page without blocks or without probabilities.
pub fn block_model_summary(probabilities: &[f64], rows: &[Vec<f64>], threshold: f64) -> Vec<f64> {
    if probabilities.is_empty() || probabilities.len() != rows.len() {
        return vec![0.0; BLOCK_MODEL_SUMMARY.len()];
    }
    let columns = summary_columns();
    let n = rows.len() as f64;
    let chars = |r: &Vec<f64>| cell(r, columns.chars);
    let total: f64 = rows.iter().map(chars).sum();
    let total = if total == 0.0 { 1.0 } else { total };
    let mut kept_chars: Vec<f64> = Vec::new();
    let (mut linked, mut weighted) = (0.0, 0.0);
    for (p, row) in probabilities.iter().zip(rows) {
        weighted += p * chars(row);
        if *p >= threshold {
            kept_chars.push(chars(row));
            linked += cell(row, columns.link_density) * chars(row);
        }
    }
    let kept_total: f64 = kept_chars.iter().sum();
    let kept = kept_chars.len() as f64;
    let mean_kept = if kept_chars.is_empty() {
        0.0
    } else {
        kept_total / kept
    };
    let mut summary = vec![
        kept / n,
        kept,
        kept_total / total,
        probabilities.iter().sum::<f64>() / n,
        weighted / total,
        mean_kept,
        median(&mut kept_chars),
        linked / if kept_total == 0.0 { 1.0 } else { kept_total },
        kept_total.ln_1p(),
    ];
    summary.extend(kept_make_up(probabilities, rows, threshold));
    summary
}

/// Where [`block_model_summary`] finds what it reads in a block row, by feature name.
struct SummaryColumns {
    chars: usize,
    link_density: usize,
    heading_level: usize,
    is_paragraph: usize,
    is_list: usize,
    item_of_main_group: usize,
}

fn summary_columns() -> &'static SummaryColumns {
    static COLUMNS: std::sync::OnceLock<SummaryColumns> = std::sync::OnceLock::new();
    COLUMNS.get_or_init(|| {
        let names = block_feature_names();
        // A name missing from the rows reads as 0 (`cell` past the end).
        let at = |name: &str| names.iter().position(|n| n == name).unwrap_or(usize::MAX);
        SummaryColumns {
            chars: at("chars"),
            link_density: at("link_density"),
            heading_level: at("heading_level"),
            is_paragraph: at("is_paragraph"),
            is_list: at("is_list"),
            item_of_main_group: at("item_of_main_group"),
        }
    })
}

/// The value of `row` at `column`, 0 past its end.
fn cell(row: &[f64], column: usize) -> f64 {
    row.get(column).copied().unwrap_or(0.0)
}

/// Kept headings in a row that make a run of titles (a listing's items).
const KEPT_TITLE_RUN: usize = 3;

/// What the blocks the model keeps are made of: the shares of their characters in headings,
/// paragraphs, lists, mostly linked blocks and items of the page's main repeated group; the
/// share of them that are headings, the number of runs of [`KEPT_TITLE_RUN`] headings in a row
/// (a listing of headlines), and the log of their number. Rows are read by column name.
fn kept_make_up(probabilities: &[f64], rows: &[Vec<f64>], threshold: f64) -> [f64; 8] {
    let c = summary_columns();
    let [chars, heading, paragraph, list, link_density, main_item] = [
        c.chars,
        c.heading_level,
        c.is_paragraph,
        c.is_list,
        c.link_density,
        c.item_of_main_group,
    ]
    .map(|column| move |row: &Vec<f64>| cell(row, column));
    let (mut sums, mut kept_total) = ([0.0; 5], 0.0);
    let (mut kept, mut headings, mut runs, mut in_a_row) = (0usize, 0usize, 0usize, 0usize);
    for (p, row) in probabilities.iter().zip(rows) {
        if *p < threshold {
            continue;
        }
        kept += 1;
        kept_total += chars(row);
        let is_heading = heading(row) > 0.0;
        headings += usize::from(is_heading);
        in_a_row = if is_heading { in_a_row + 1 } else { 0 };
        runs += usize::from(in_a_row == KEPT_TITLE_RUN);
        let parts = [
            is_heading,
            paragraph(row) > 0.0,
            list(row) > 0.0,
            link_density(row) > 0.5,
            main_item(row) > 0.0,
        ];
        for (sum, part) in sums.iter_mut().zip(parts) {
            if part {
                *sum += chars(row);
            }
        }
    }
    let share = |part: f64| {
        if kept_total > 0.0 {
            part / kept_total
        } else {
            0.0
        }
    };
    [
        share(sums[0]),
        share(sums[1]),
        share(sums[2]),
        if kept == 0 {
            0.0
        } else {
            headings as f64 / kept as f64
        },
        runs as f64,
        share(sums[3]),
        share(sums[4]),
        (kept as f64).ln_1p(),
    ]
}

/// The median (the mean of the middle two for an even count), 0 for none.
fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// Buckets of hashed URL path words.
const URL_BUCKETS: usize = 32;

/// Buckets of the hashed words of the page's visible blocks: what a page's words say of its
/// type ("reply", "add to cart", "in stock", "parameters"), in any language, learned rather
/// than listed.
const WORD_BUCKETS: usize = 1024;

/// Block features whose mean, spread and character-weighted mean over the page's blocks
/// describe the page (a thread of posts, a grid of cards, a long text).
const SUMMARISED_BLOCK_FEATURES: [&str; 20] = [
    "chars",
    "link_density",
    "words",
    "punct_ratio",
    "sentence_ends",
    "digit_ratio",
    "capital_word_ratio",
    "items",
    "depth",
    "heading_level",
    "is_list",
    "is_table",
    "rule_kept",
    "in_main",
    "pruned",
    "anc1_link_density",
    "anc2_block_share",
    "under_li",
    "under_article",
    "under_form",
];

/// Blocks shorter than this many characters are labels, buttons and card titles; longer than
/// `LONG_BLOCK_CHARS`, running text.
const SHORT_BLOCK_CHARS: usize = 40;
const LONG_BLOCK_CHARS: usize = 300;

/// The page URL's shape: whether there is one, path depth, digits in the path, a query, and its
/// path words hashed into buckets (the last part of [`page_feature_names`]).
pub fn url_features(url: Option<&str>) -> Vec<f64> {
    let parsed = url.and_then(|u| url::Url::parse(u).ok());
    let path = parsed.as_ref().map_or("", |u| u.path());
    let mut bits = 0u64;
    for word in path.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.len() >= 2 && !word.bytes().all(|b| b.is_ascii_digit()) {
            bits |= 1 << (token_bucket(&format!("url:{word}")) % URL_BUCKETS);
        }
    }
    let mut row = vec![
        f64::from(u8::from(parsed.is_some())),
        path.split('/').filter(|s| !s.is_empty()).count() as f64,
        path.bytes().filter(u8::is_ascii_digit).count() as f64,
        f64::from(u8::from(
            parsed.as_ref().is_some_and(|u| u.query().is_some()),
        )),
    ];
    row.extend((0..URL_BUCKETS).map(|bit| f64::from(((bits >> bit) & 1) as u8)));
    row
}

/// What the block rows and the page row both read, measured once per page.
pub struct Measures<'b> {
    stats: NodeStats,
    /// Each block's text ([`block_text`]).
    texts: Vec<Cow<'b, str>>,
}

pub fn measure<'b>(
    doc: &Document,
    visibility: &Visibility,
    blocks: &'b [RawBlock],
) -> Measures<'b> {
    Measures {
        stats: node_stats(doc, visibility),
        texts: blocks.iter().map(|b| block_text(&b.block)).collect(),
    }
}

/// Per-node measurements shared by all blocks of a page.
struct NodeStats {
    depth: Vec<u16>,
    /// Visible non-space characters below the node, and those inside links.
    chars: Vec<u32>,
    link_chars: Vec<u32>,
    /// Bit i: the node or an ancestor is `ANCESTOR_TAGS[i]`.
    under: Vec<u16>,
    /// Bit b: a class, id, role or itemprop token of the node hashes to bucket b.
    tokens: Vec<u64>,
}

fn node_stats(doc: &Document, visibility: &Visibility) -> NodeStats {
    let visible = &visibility.visible;
    let n = doc.len();
    let mut stats = NodeStats {
        depth: vec![0; n],
        chars: vec![0; n],
        link_chars: vec![0; n],
        under: vec![0; n],
        tokens: vec![0; n],
    };
    for id in 1..n {
        let node = id as NodeId;
        let parent = doc.parent(node).unwrap_or(ROOT) as usize;
        stats.depth[id] = stats.depth[parent].saturating_add(1);
        stats.under[id] = stats.under[parent];
        if let Some(el) = doc.element(node) {
            if let Some(i) = ANCESTOR_TAGS.iter().position(|t| el.is(t)) {
                stats.under[id] |= 1 << i;
            }
            stats.tokens[id] = token_bits(el);
        }
    }
    // Children follow their parent in the arena: sum subtrees from the back.
    for id in (1..n).rev() {
        let node = id as NodeId;
        // Text out of view is out of the invisible tags too: its count is at hand.
        if !visible.removed[id] {
            let c = visibility.text_chars[id];
            stats.chars[id] += c;
            if visible.in_link[id] {
                stats.link_chars[id] += c;
            }
        }
        let parent = doc.parent(node).unwrap_or(ROOT) as usize;
        stats.chars[parent] += stats.chars[id];
        stats.link_chars[parent] += stats.link_chars[id];
    }
    stats
}

/// Buckets of the element's class, id, role and itemprop tokens (ASCII letters and digits,
/// lower-cased, at least two long), FNV-1a hashed.
fn token_bits(el: Element<'_>) -> u64 {
    let mut bits = 0u64;
    for key in ["class", "id", "role", "itemprop"] {
        if let Some(v) = el.attr(key) {
            for token in ascii_alnum_words(v).filter(|t| t.len() >= 2) {
                bits |= 1 << token_bucket(token);
            }
        }
    }
    bits
}

fn token_bucket(token: &str) -> usize {
    (fnv1a(token.bytes().map(|b| b.to_ascii_lowercase())) as usize) % TOKEN_BUCKETS
}

/// FNV-1a, 32 bits: the hash of every hashed feature.
fn fnv1a(bytes: impl Iterator<Item = u8>) -> u32 {
    bytes.fold(FNV_OFFSET, fnv1a_step)
}

/// The hash [`fnv1a`] starts from.
const FNV_OFFSET: u32 = 0x811c_9dc5;

/// One byte of [`fnv1a`].
fn fnv1a_step(h: u32, b: u8) -> u32 {
    (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
}

/// Shape of a block's text.
#[derive(Default, Clone, Copy)]
struct TextShape {
    words: f64,
    mean_word_len: f64,
    punct_ratio: f64,
    sentence_ends: f64,
    ends_sentence: f64,
    digit_ratio: f64,
    capital_word_ratio: f64,
}

fn text_shape(text: &str) -> TextShape {
    let counts = ShapeCounts::of(text);
    let share = |part: usize, whole: usize| part as f64 / whole.max(1) as f64;
    TextShape {
        words: counts.words as f64,
        mean_word_len: share(counts.chars, counts.words),
        punct_ratio: share(counts.punct, counts.chars),
        sentence_ends: counts.ends as f64,
        ends_sentence: f64::from(u8::from(text.trim_end().ends_with(|c: char| {
            matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '"' | '”' | ':')
        }))),
        digit_ratio: share(counts.digits, counts.chars),
        capital_word_ratio: share(counts.capitals, counts.words),
    }
}

/// What [`text_shape`] counts in a text: its non-space characters, of those the digits, the
/// punctuation and the sentence ends among it, its words and those opening with a capital.
#[derive(Default, Debug, PartialEq)]
struct ShapeCounts {
    chars: usize,
    punct: usize,
    digits: usize,
    ends: usize,
    words: usize,
    capitals: usize,
}

impl ShapeCounts {
    /// The counts of `text`, its runs of ASCII read byte by byte ([`pieces`]).
    fn of(text: &str) -> ShapeCounts {
        let mut counts = ShapeCounts::default();
        // Whether the last character read is part of a word (not whitespace).
        let mut in_word = false;
        for piece in pieces(text) {
            match piece {
                Piece::Ascii(run) => run.bytes().for_each(|b| counts.ascii(b, &mut in_word)),
                Piece::Other(c) => counts.other(c, &mut in_word),
            }
        }
        counts
    }

    /// Counts an ASCII character (whitespace as `char::is_whitespace` has it).
    fn ascii(&mut self, b: u8, in_word: &mut bool) {
        if super::is_ascii_white_space(b) {
            *in_word = false;
            return;
        }
        if !*in_word {
            *in_word = true;
            self.words += 1;
            self.capitals += usize::from(b.is_ascii_uppercase());
        }
        self.chars += 1;
        if b.is_ascii_digit() {
            self.digits += 1;
        } else if !b.is_ascii_alphanumeric() {
            self.punct += 1;
            self.ends += usize::from(matches!(b, b'.' | b'!' | b'?'));
        }
    }

    /// Counts a character outside ASCII (never a digit of the digit count).
    fn other(&mut self, c: char, in_word: &mut bool) {
        if c.is_whitespace() {
            *in_word = false;
            return;
        }
        if !*in_word {
            *in_word = true;
            self.words += 1;
            self.capitals += usize::from(c.is_uppercase());
        }
        self.chars += 1;
        if !c.is_alphanumeric() {
            self.punct += 1;
            self.ends += usize::from(matches!(c, '。' | '！' | '？'));
        }
    }
}

/// The text of a block as the shape measures see it (a figure: its caption).
/// Borrowed where the block holds it as one text (what `render_text` would copy).
fn block_text(block: &Block) -> Cow<'_, str> {
    match block {
        Block::Figure { caption, .. } => Cow::Borrowed(caption),
        Block::Heading { text, .. }
        | Block::Paragraph { text }
        | Block::Quote { text }
        | Block::Code { text } => Cow::Borrowed(text),
        other => Cow::Owned(super::render_text(std::slice::from_ref(other))),
    }
}

fn kind_features(block: &Block) -> [f64; 7] {
    let mut k = [0.0; 7];
    match block {
        Block::Heading { level, .. } => k[0] = f64::from(*level),
        Block::Paragraph { .. } => k[1] = 1.0,
        Block::List { .. } => k[2] = 1.0,
        Block::Quote { .. } => k[3] = 1.0,
        Block::Table { .. } => k[4] = 1.0,
        Block::Code { .. } => k[5] = 1.0,
        Block::Figure { .. } => k[6] = 1.0,
    }
    k
}

fn item_count(block: &Block) -> usize {
    match block {
        Block::List { items, .. } => items.len(),
        Block::Table { rows } => rows.len(),
        _ => 1,
    }
}

fn link_density(chars: usize, link_chars: usize) -> f64 {
    link_chars as f64 / chars.max(1) as f64
}

/// One feature row per block, in the order of [`block_feature_names`].
pub fn block_features(
    doc: &Document,
    measures: &Measures,
    blocks: &[RawBlock],
    rules: &RuleView,
) -> Vec<Vec<f64>> {
    let stats = &measures.stats;
    let page_chars: usize = blocks.iter().map(|b| b.chars).sum();
    let page_links: usize = blocks.iter().map(|b| b.link_chars).sum();
    let kept_chars: usize = blocks
        .iter()
        .filter(|b| rules.kept[b.source as usize])
        .map(|b| b.chars)
        .sum();
    let share = |part: usize, whole: usize| part as f64 / whole.max(1) as f64;
    let mut rows = Vec::with_capacity(blocks.len());
    let mut chars_before = 0usize;
    for (i, (b, text)) in blocks.iter().zip(&measures.texts).enumerate() {
        let src = b.source as usize;
        let shape = text_shape(text);
        let mut row = Vec::with_capacity(200);
        row.extend(kind_features(&b.block));
        row.extend([
            b.chars as f64,
            link_density(b.chars, b.link_chars),
            shape.words,
            shape.mean_word_len,
            shape.punct_ratio,
            shape.sentence_ends,
            shape.ends_sentence,
            shape.digit_ratio,
            shape.capital_word_ratio,
            item_count(&b.block) as f64,
            share(i, blocks.len()),
            share(chars_before, page_chars),
            f64::from(stats.depth[src]),
            source_tag(doc, b.source),
            f64::from(u8::from(rules.pruned[src])),
            f64::from(u8::from(rules.in_main[src])),
            f64::from(u8::from(rules.kept[src])),
        ]);
        row.extend(neighbour(blocks, rules, i.checked_sub(1)));
        row.extend(neighbour(blocks, rules, Some(i + 1)));
        row.extend([
            f64::from(u8::from(i > 0 && blocks[i - 1].source == b.source)),
            page_chars as f64,
            blocks.len() as f64,
            share(page_links, page_chars),
            share(kept_chars, page_chars),
        ]);
        for bit in 0..ANCESTOR_TAGS.len() {
            row.push(f64::from((stats.under[src] >> bit) & 1));
        }
        // The source and its ancestors up to the farthest one read, the document past the top.
        let mut ancestors = [ROOT; ANCESTORS_READ];
        for (slot, id) in ancestors
            .iter_mut()
            .zip(std::iter::once(b.source).chain(doc.ancestors(b.source)))
        {
            *slot = id;
        }
        for k in DENSITY_ANCESTORS {
            let a = ancestors[k] as usize;
            let (chars, links) = (stats.chars[a] as usize, stats.link_chars[a] as usize);
            row.extend([
                share(chars, stats.chars[ROOT as usize] as usize),
                link_density(chars, links),
                share(b.chars, chars),
            ]);
        }
        // The document, filling in past the top, has no tokens.
        let bits = ancestors
            .iter()
            .take(TOKEN_ANCESTORS + 1)
            .fold(0u64, |acc, &a| acc | stats.tokens[a as usize]);
        row.extend((0..TOKEN_BUCKETS).map(|bit| f64::from(((bits >> bit) & 1) as u8)));
        row.extend(rules.repeats.block_features(doc, b.source));
        chars_before += b.chars;
        rows.push(row);
    }
    rows
}

/// Characters, link density and rule verdict of the block at `at` (zeros past either end).
fn neighbour(blocks: &[RawBlock], rules: &RuleView, at: Option<usize>) -> [f64; 3] {
    match at.and_then(|i| blocks.get(i)) {
        Some(b) => [
            b.chars as f64,
            link_density(b.chars, b.link_chars),
            f64::from(u8::from(rules.kept[b.source as usize])),
        ],
        None => [0.0; 3],
    }
}

fn source_tag(doc: &Document, id: NodeId) -> f64 {
    doc.element(id)
        .and_then(|el| SOURCE_TAGS.iter().position(|t| el.is(t)))
        .map_or(0.0, |i| (i + 1) as f64)
}

/// One row describing the whole page, in the order of [`page_feature_names`] but for the URL
/// part ([`url_features`]): the make-up of its blocks, counts of interactive elements, how
/// often each hashed class token occurs, the hashed types the page declares (`og:type`,
/// JSON-LD `@type`), a summary of the blocks' rows (`block_rows`, from [`block_features`]),
/// the hashed words of the blocks and the page's repeated sibling groups (cards, rows, posts).
pub fn page_features(
    doc: &Document,
    measures: &Measures,
    blocks: &[RawBlock],
    rules: &RuleView,
    block_rows: &[Vec<f64>],
) -> Vec<f64> {
    let total: usize = blocks.iter().map(|b| b.chars).sum();
    let links: usize = blocks.iter().map(|b| b.link_chars).sum();
    let share = |part: usize| part as f64 / total.max(1) as f64;
    let chars_where = |f: &dyn Fn(&RawBlock) -> bool| -> usize {
        blocks.iter().filter(|b| f(b)).map(|b| b.chars).sum()
    };
    let kept = chars_where(&|b| rules.kept[b.source as usize]);
    let kept_blocks = blocks
        .iter()
        .filter(|b| rules.kept[b.source as usize])
        .count();
    let kind = |k: usize| chars_where(&|b: &RawBlock| kind_features(&b.block)[k] > 0.0);
    let headings = blocks
        .iter()
        .filter(|b| matches!(b.block, Block::Heading { .. }))
        .count();
    let long = blocks.iter().filter(|b| b.chars >= 200).count();
    let mut counts = [0usize; 5];
    let mut elements = 0usize;
    let mut token_counts = [0usize; TOKEN_BUCKETS];
    let mut type_bits = 0u64;
    for id in 0..doc.len() as NodeId {
        let Some(el) = doc.element(id) else {
            continue;
        };
        elements += 1;
        for (i, tag) in ["form", "input", "button", "img", "a"].iter().enumerate() {
            if el.is(tag) {
                counts[i] += 1;
            }
        }
        // Only the set bits, lowest first: most elements have a few class tokens, if any.
        let mut bits = measures.stats.tokens[id as usize];
        while bits != 0 {
            token_counts[bits.trailing_zeros() as usize] += 1;
            bits &= bits - 1;
        }
        type_bits |= declared_type_bits(doc, id, el);
    }
    let mut text_marks = [0usize; 2];
    for text in &measures.texts {
        text_marks[0] += count_currency_signs(text);
        text_marks[1] += count_dates(text);
    }
    let mut row = vec![
        blocks.len() as f64,
        total as f64,
        share(links),
        share(kept),
        kept_blocks as f64,
        share(kind(0)),
        share(kind(1)),
        share(kind(2)),
        share(kind(4)),
        share(kind(5)),
        long as f64,
        headings as f64,
        total as f64 / blocks.len().max(1) as f64,
        elements as f64,
    ];
    row.extend(counts.iter().map(|&c| c as f64));
    row.extend(text_marks.iter().map(|&c| c as f64));
    row.extend(
        token_counts
            .iter()
            .map(|&c| c as f64 / elements.max(1) as f64),
    );
    row.extend((0..TOKEN_BUCKETS).map(|bit| f64::from(((type_bits >> bit) & 1) as u8)));
    row.extend(block_summary(blocks, block_rows));
    row.extend(word_frequencies(&measures.texts));
    row.extend(rules.repeats.page_features(doc));
    row
}

/// Mean, standard deviation and character-weighted mean of each of
/// [`SUMMARISED_BLOCK_FEATURES`] over the blocks, then the shares of short and long blocks.
fn block_summary(blocks: &[RawBlock], block_rows: &[Vec<f64>]) -> Vec<f64> {
    static COLUMNS: std::sync::OnceLock<Vec<usize>> = std::sync::OnceLock::new();
    let columns = COLUMNS.get_or_init(|| {
        let names = block_feature_names();
        SUMMARISED_BLOCK_FEATURES
            .iter()
            .filter_map(|c| names.iter().position(|n| n == c))
            .collect()
    });
    let n = block_rows.len().max(1) as f64;
    let weights: Vec<f64> = blocks.iter().map(|b| b.chars as f64 + 1.0).collect();
    let total_weight: f64 = weights.iter().sum::<f64>().max(1.0);
    let mut out = Vec::with_capacity(columns.len() * 3 + 2);
    for &c in columns {
        let values = block_rows.iter().map(|r| r.get(c).copied().unwrap_or(0.0));
        let mean = values.clone().sum::<f64>() / n;
        let variance = values.clone().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
        let weighted = values.zip(&weights).map(|(v, w)| v * w).sum::<f64>() / total_weight;
        out.extend([mean, variance.sqrt(), weighted]);
    }
    let share = |f: &dyn Fn(usize) -> bool| {
        blocks.iter().filter(|b| f(b.chars)).count() as f64 / blocks.len().max(1) as f64
    };
    out.push(share(&|chars| chars < SHORT_BLOCK_CHARS));
    out.push(share(&|chars| chars > LONG_BLOCK_CHARS));
    out
}

/// How often the blocks' words (lower-cased runs of letters and digits) fall in each of
/// [`WORD_BUCKETS`] hashed buckets, as shares of all their words. A word is hashed as it is
/// read, its runs of ASCII byte by byte ([`pieces`]), a character of another script by the
/// UTF-8 bytes of its lower case (char by char: no final-sigma rule).
fn word_frequencies(texts: &[Cow<'_, str>]) -> Vec<f64> {
    let mut counts = vec![0u32; WORD_BUCKETS];
    let mut total = 0u32;
    for text in texts {
        // The hash of the word being read, if any.
        let mut word: Option<u32> = None;
        let mut end_word = |word: &mut Option<u32>| {
            if let Some(hash) = word.take() {
                counts[hash as usize % WORD_BUCKETS] += 1;
                total += 1;
            }
        };
        for piece in pieces(text) {
            match piece {
                Piece::Ascii(run) => {
                    for b in run.bytes() {
                        if b.is_ascii_alphanumeric() {
                            hash_byte(&mut word, b.to_ascii_lowercase());
                        } else {
                            end_word(&mut word);
                        }
                    }
                }
                Piece::Other(c) if c.is_alphanumeric() => {
                    for lower in c.to_lowercase() {
                        let mut buf = [0u8; 4];
                        for &b in lower.encode_utf8(&mut buf).as_bytes() {
                            hash_byte(&mut word, b);
                        }
                    }
                }
                Piece::Other(_) => end_word(&mut word),
            }
        }
        end_word(&mut word);
    }
    counts
        .iter()
        .map(|&c| f64::from(c) / f64::from(total.max(1)))
        .collect()
}

/// Adds `b` to the [`fnv1a`] hash of the word being read, which it starts when there is none.
fn hash_byte(word: &mut Option<u32>, b: u8) {
    *word = Some(fnv1a_step(word.unwrap_or(FNV_OFFSET), b));
}

/// Buckets of the types a page declares: `og:type` and the `@type` values of JSON-LD.
fn declared_type_bits(doc: &Document, id: NodeId, el: Element<'_>) -> u64 {
    if el.is("meta") && el.attr("property") == Some("og:type") {
        return el.attr("content").map_or(0, type_token_bits);
    }
    if !(el.is("script") && el.attr("type") == Some("application/ld+json")) {
        return 0;
    }
    let json = doc.text_content(id);
    let mut bits = 0u64;
    for part in json.split("\"@type\"").skip(1) {
        let value = part
            .trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '[')
            .trim_start_matches('"');
        let end = value.find('"').unwrap_or(value.len()).min(64);
        bits |= type_token_bits(&value[..floor_boundary(value, end)]);
    }
    bits
}

fn floor_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn type_token_bits(value: &str) -> u64 {
    if value.is_empty() {
        return 0;
    }
    1 << token_bucket(&format!("type:{}", value.to_ascii_lowercase()))
}

/// [`CURRENCY_SIGNS`]: prices. Text of ASCII alone can hold only `$`.
fn count_currency_signs(text: &str) -> usize {
    if text.is_ascii() {
        text.bytes().filter(|&b| b == b'$').count()
    } else {
        // Sign by sign: the search for one character runs on `memchr`, that for any of
        // several decodes every character.
        CURRENCY_SIGNS
            .iter()
            .map(|&sign| text.matches(sign).count())
            .sum()
    }
}

/// Numbers shaped like dates (`2024-05-01`, `01.05.2024`, `5/1/24`): posts and listings show
/// many. Text of ASCII alone, most of a page's, is split byte by byte without decoding.
fn count_dates(text: &str) -> usize {
    // A date is made of digits: most texts have none, told in one quick pass.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return 0;
    }
    let separates = |c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')';
    if text.is_ascii() {
        text.as_bytes()
            .split(|&b| separates(char::from(b)))
            .filter(|w| is_date_shaped(w))
            .count()
    } else {
        text.split(separates)
            .filter(|w| is_date_shaped(w.as_bytes()))
            .count()
    }
}

/// Three runs of at most four digits joined by `-`, `.` or `/` (empty runs skipped). Gives up
/// at the first run that is not one, so that a word of letters costs next to nothing.
fn is_date_shaped(word: &[u8]) -> bool {
    let mut parts = 0;
    for part in word
        .split(|&b| matches!(b, b'-' | b'.' | b'/'))
        .filter(|p| !p.is_empty())
    {
        if part.len() > 4 || !part.iter().all(u8::is_ascii_digit) {
            return false;
        }
        parts += 1;
    }
    parts == 3
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`ShapeCounts::of`] character by character, as its fields say.
    fn shape_counts_char_by_char(text: &str) -> ShapeCounts {
        let mut counts = ShapeCounts::default();
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            counts.chars += 1;
            if c.is_ascii_digit() {
                counts.digits += 1;
            } else if !c.is_alphanumeric() {
                counts.punct += 1;
                if matches!(c, '.' | '!' | '?' | '。' | '！' | '？') {
                    counts.ends += 1;
                }
            }
        }
        for word in text.split_whitespace() {
            counts.words += 1;
            counts.capitals += usize::from(word.chars().next().is_some_and(char::is_uppercase));
        }
        counts
    }

    #[test]
    fn text_shape_counts_run_by_run_as_char_by_char() {
        let every_byte: String = (0u8..128).map(char::from).collect();
        for text in [
            every_byte.as_str(),
            "  The cat sat. Did it?\u{b}Yes!  3 cats, 2 dogs...\n",
            "x",
            "",
            " \t ",
            "„Zürich“ – Ärger\u{a0}im Café? Ja! ５ Katzen。",
            "Éte\u{2003}été ÉTÉ",
            "東京 タワー！",
        ] {
            assert_eq!(
                ShapeCounts::of(text),
                shape_counts_char_by_char(text),
                "{text:?}"
            );
        }
    }

    /// [`word_frequencies`] word by word: the words split apart, then each lower-cased and
    /// hashed.
    fn word_frequencies_word_by_word(texts: &[Cow<'_, str>]) -> Vec<f64> {
        let mut counts = vec![0u32; WORD_BUCKETS];
        let mut total = 0u32;
        for text in texts {
            for word in text.split(|c: char| !c.is_alphanumeric()) {
                if word.is_empty() {
                    continue;
                }
                let lower: String = word.chars().flat_map(char::to_lowercase).collect();
                counts[fnv1a(lower.bytes()) as usize % WORD_BUCKETS] += 1;
                total += 1;
            }
        }
        counts
            .iter()
            .map(|&c| f64::from(c) / f64::from(total.max(1)))
            .collect()
    }

    #[test]
    fn words_hashed_as_read_fall_in_the_buckets_of_whole_words() {
        let texts: Vec<Cow<str>> = [
            "The cat sat. Did it? Yes!",
            "„Zürich“ – ÄRGER im Café; ΟΔΟΣ Σίσυφος, İstanbul",
            "東京 タワー 2024",
            "",
            "ends mid-wörd",
        ]
        .into_iter()
        .map(Cow::Borrowed)
        .collect();
        assert_eq!(
            word_frequencies(&texts),
            word_frequencies_word_by_word(&texts)
        );
    }

    #[test]
    fn dates_and_prices_are_counted_alike_in_ascii_and_other_text() {
        let cases = [
            ("On 2024-05-01 (and 01.05.2024, 5/1/24) for $5", 3, 1),
            ("Am 2024-05-01\u{a0}und 01.05.2024 für 5 € / £3 / ¥9", 2, 3),
            ("version 1.2.3.4, page 12345-1-1, 2024-05-01x", 0, 0),
        ];
        for (text, dates, prices) in cases {
            assert_eq!(count_dates(text), dates, "{text}");
            assert_eq!(count_currency_signs(text), prices, "{text}");
        }
    }

    #[test]
    fn names_match_the_rows() {
        let html = "<html><body><article class=post-body><h1>Title</h1><p>Some text, \
                    with <a href=/x>a link</a>.</p></article></body></html>";
        let doc = Document::parse(html);
        let visibility = Visibility::of(&doc);
        let visible = &visibility.visible;
        let blocks = super::super::blocks::collect_blocks(
            &doc,
            ROOT,
            visible,
            &crate::ExtractConfig::default(),
        );
        let rules = RuleView {
            pruned: &visible.removed,
            in_main: vec![true; doc.len()],
            kept: vec![true; doc.len()],
            repeats: &RepeatedGroups::of(&doc),
        };
        let measures = measure(&doc, &visibility, &blocks);
        let rows = block_features(&doc, &measures, &blocks, &rules);
        assert_eq!(rows.len(), 2);
        // The rows end with the page's words' vote, which `judge_blocks` appends.
        let voted = block_feature_names().len() - crate::PAGE_TYPES.len();
        assert!(rows.iter().all(|r| r.len() == voted));
        let mut page = page_features(&doc, &measures, &blocks, &rules, &rows);
        page.extend(block_model_summary(&[0.9, 0.2], &rows, 0.5));
        page.extend(url_features(Some("https://example.org/forum/thread-12")));
        page.extend([0.0; crate::PAGE_TYPES.len()]);
        assert_eq!(page.len(), page_feature_names().len());
    }

    #[test]
    fn block_model_summary_of_kept_and_dropped_blocks() {
        // chars at column 7, link density at column 8 (as in block_feature_names; the summary
        // finds them by name).
        let row = |chars: f64, links: f64| {
            let mut r = vec![0.0; 9];
            r[7] = chars;
            r[8] = links;
            r
        };
        let rows = [row(100.0, 0.0), row(300.0, 0.5), row(600.0, 1.0)];
        let s = block_model_summary(&[0.9, 0.6, 0.1], &rows, 0.5);
        let expected = [
            2.0 / 3.0,                      // kept block share
            2.0,                            // kept blocks
            400.0 / 1000.0,                 // kept char share
            1.6 / 3.0,                      // mean probability
            (90.0 + 180.0 + 60.0) / 1000.0, // char-weighted mean probability
            200.0,                          // kept mean chars
            200.0,                          // kept median chars (mean of the middle two)
            150.0 / 400.0,                  // kept link density
            401f64.ln(),                    // log(1 + kept chars)
        ];
        for (got, want) in s.iter().zip(expected) {
            assert!((got - want).abs() < 1e-12, "{s:?}");
        }
        assert_eq!(
            block_model_summary(&[], &[], 0.5),
            vec![0.0; BLOCK_MODEL_SUMMARY.len()]
        );
    }

    #[test]
    fn kept_make_up_counts_title_runs_and_shares_by_kind() {
        let names = block_feature_names();
        let row = |pairs: &[(&str, f64)]| {
            let mut r = vec![0.0; names.len()];
            for (name, value) in pairs {
                let at = names.iter().position(|n| n == name);
                r[at.unwrap_or_else(|| panic!("no column {name}"))] = *value;
            }
            r
        };
        let title = row(&[
            ("chars", 50.0),
            ("heading_level", 3.0),
            ("link_density", 1.0),
        ]);
        let excerpt = row(&[
            ("chars", 150.0),
            ("is_paragraph", 1.0),
            ("item_of_main_group", 1.0),
        ]);
        let rows = [title.clone(), title.clone(), title.clone(), excerpt, title];
        let s = kept_make_up(&[0.9, 0.9, 0.9, 0.9, 0.1], &rows, 0.5);
        let expected = [
            150.0 / 300.0, // heading chars
            150.0 / 300.0, // paragraph chars
            0.0,           // list chars
            3.0 / 4.0,     // heading share
            1.0,           // one run of three titles
            150.0 / 300.0, // linked chars
            150.0 / 300.0, // main group chars
            5f64.ln(),     // log(1 + kept blocks)
        ];
        for (got, want) in s.iter().zip(expected) {
            assert!((got - want).abs() < 1e-12, "{s:?}");
        }
    }

    #[test]
    fn token_buckets_ignore_case() {
        assert_eq!(token_bucket("Content"), token_bucket("content"));
    }
}
