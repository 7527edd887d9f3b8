//! Main content of an HTML page: boilerplate pruning, container choice, blocks, per-block
//! filters, in-document duplicate removal, and the plain-text rendering of the blocks.

mod blocks;
pub(crate) mod clean;
mod declared;
pub mod features;
mod lead;
pub mod linear;
pub mod model;
pub(crate) mod prompt;
mod prune;
mod repeats;
mod score;

pub use clean::is_boilerplate_line;
pub use declared::complete_from_declared_body;

use crate::ExtractConfig;
use crate::dom::{Document, NodeId, ROOT};
use crate::event::Block;
use crate::text_runs::{Piece, pieces};

/// The main content found in a document, with notes on how it was chosen.
#[derive(Debug, Default)]
pub struct Content {
    pub blocks: Vec<Block>,
    pub notes: Vec<String>,
    /// The page's feature row without its URL part (empty when the rules alone chose): what
    /// [`page_type`] judges.
    pub page_features: Vec<f64>,
    /// The page's words' vote on its type, as the block rows read it, which [`page_type`]
    /// reads after the URL part.
    pub page_vote: Vec<f64>,
}

/// The page type the page-type model gives from a page's features and URL (none when no model
/// is in use).
pub fn page_type(content: &Content, url: Option<&str>, config: &ExtractConfig) -> Option<String> {
    if content.page_features.is_empty() {
        return None;
    }
    let models = config.models.resolve()?;
    let mut row = content.page_features.clone();
    row.extend(features::url_features(url));
    row.extend_from_slice(&content.page_vote);
    models.page_type.classify(&row).map(str::to_string)
}

pub fn extract_content(doc: &Document, config: &ExtractConfig) -> Content {
    let content = extract_visible(doc, config, None);
    match fallback(doc, &content, config) {
        Some((_, fallback)) => fallback,
        None => content,
    }
}

/// Characters of the rendered main text.
fn text_chars(blocks: &[Block]) -> usize {
    render_text(blocks).chars().count()
}

/// Characters of `text` other than whitespace (`char::is_whitespace`): the length measure of
/// the content rules, taken on every text node of a page several times. Its runs of ASCII,
/// most of a page's text, are counted byte by byte without decoding.
pub(crate) fn non_space_chars(text: &str) -> usize {
    pieces(text)
        .map(|piece| match piece {
            Piece::Ascii(run) => run.len() - count_bytes(run.as_bytes(), is_ascii_white_space),
            Piece::Other(c) => usize::from(!c.is_whitespace()),
        })
        .sum()
}

/// The bytes for which `hit` holds. Counted 255 at most at a time in a byte, which the
/// compiler keeps in vector lanes (a count in a `usize` it leaves one byte a step); this runs
/// over every text node of a page, some several times.
pub(crate) fn count_bytes(bytes: &[u8], hit: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(hit(b)))))
        .sum()
}

/// The ASCII characters that `char::is_whitespace` calls whitespace (`u8::is_ascii_whitespace`
/// leaves out the vertical tab).
pub(crate) fn is_ascii_white_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// What extraction reads of a page whose visible body holds too little main text.
enum Reading {
    /// The markup of its largest `<noscript>`, parsed on its own.
    Noscript(Document),
    /// The page with this element, which hides itself, shown.
    Shown(NodeId),
}

/// The content of a page whose visible body (`visible`) holds too little main text, read
/// another way when that way gives enough: as a browser without scripts shows it, or as the
/// page's scripts would show it.
fn fallback(
    doc: &Document,
    visible: &Content,
    config: &ExtractConfig,
) -> Option<(Reading, Content)> {
    if text_chars(&visible.blocks) >= config.min_text_chars {
        return None;
    }
    noscript_fallback(doc, config).or_else(|| shown_fallback(doc, config))
}

/// Some script-rendered pages (dynamic blog views) leave the visible body empty and put the
/// article, as markup, in a `<noscript>`. The largest one is parsed and extracted on its own;
/// its document is returned with its content, for the feature dump to describe what
/// extraction reads.
fn noscript_fallback(doc: &Document, config: &ExtractConfig) -> Option<(Reading, Content)> {
    let markup = doc
        .elements_named("noscript")
        .map(|(id, _)| doc.text_content(id))
        .filter(|raw| raw.contains('<'))
        .max_by_key(String::len)?;
    let inner = fragment_document(&markup);
    let mut content = extract_visible(&inner, config, None);
    if text_chars(&content.blocks) < config.min_text_chars {
        return None;
    }
    content.notes.push("content: from <noscript>".into());
    Some((Reading::Noscript(inner), content))
}

/// Other pages render their content styled invisible for a script to show (a shop page locked
/// until a script has checked the visitor, a product's details deferred): the page is read
/// again with the styled-invisible element that holds the most text shown
/// ([`prune::Visibility::largest_styled_hidden`]).
fn shown_fallback(doc: &Document, config: &ExtractConfig) -> Option<(Reading, Content)> {
    let shown = prune::Visibility::of(doc).largest_styled_hidden(doc)?;
    let mut content = extract_visible(doc, config, Some(shown));
    if text_chars(&content.blocks) < config.min_text_chars {
        return None;
    }
    content.notes.push(format!(
        "content: {} shown, which its style hides",
        describe(doc, shown)
    ));
    Some((Reading::Shown(shown), content))
}

/// A fragment of markup parsed on its own, in one wrapper element, so that the whole fragment
/// can be chosen as the container.
fn fragment_document(markup: &str) -> Document {
    Document::parse(&format!("<div>{markup}</div>"))
}

/// The main content of a fragment of markup, parsed on its own.
fn fragment_content(markup: &str, config: &ExtractConfig) -> Content {
    extract_visible(&fragment_document(markup), config, None)
}

/// Pages with more blocks than this keep the rules' choice: twice the largest page the block
/// model was trained on (2,429 blocks), beyond which its position and page-size features
/// describe nothing it has seen (a generated page of 100,000 table cells).
const MAX_MODEL_BLOCKS: usize = 5000;
/// Pages with more block text than this keep the rules' choice too: a fifth above the largest
/// page of the training set (97,739 characters); beyond it the page-size and share features
/// are as new to the model, and so are the page's word frequencies its type vote reads (one
/// run of 185,000 letters beside two paragraphs made the vote, and the blocks it informs,
/// drop the paragraphs).
const MAX_MODEL_CHARS: usize = 120_000;

/// What makes a page larger than any the block model was trained on, if anything.
fn beyond_the_model(candidates: &[blocks::RawBlock]) -> Option<String> {
    let total = candidates.len();
    let chars: usize = candidates.iter().map(|b| b.chars).sum();
    if total > MAX_MODEL_BLOCKS {
        Some(format!("{total} blocks"))
    } else if chars > MAX_MODEL_CHARS {
        Some(format!("{chars} characters of blocks"))
    } else {
        None
    }
}

/// The main content of the page as parsed (scripts off: `<noscript>` is not shown): the blocks
/// the block model keeps, judged with what the rules made of the page, or the rules' choice
/// alone when no model is in use.
fn extract_visible(doc: &Document, config: &ExtractConfig, shown: Option<NodeId>) -> Content {
    let rules = rule_content(doc, config, shown);
    let Some(models) = config.models.resolve() else {
        return rules.content;
    };
    let mut judged = judge_blocks(doc, config, &rules);
    if let Some(unknown) = beyond_the_model(&judged.candidates) {
        let mut content = rules.content;
        judged
            .page
            .extend(features::block_model_summary(&[], &[], 0.0));
        content.page_features = judged.page;
        content.page_vote = judged.vote;
        content.notes.push(format!(
            "{unknown}, more than the block model knows: rules' choice"
        ));
        return content;
    }
    let probabilities = block_probabilities(&models, &judged.rows);
    let threshold = models.block.threshold;
    judged.page.extend(features::block_model_summary(
        &probabilities,
        &judged.rows,
        threshold,
    ));
    let kept: Vec<Block> = judged
        .candidates
        .into_iter()
        .zip(&probabilities)
        .filter(|(b, p)| match &b.block {
            // A caption is not text: kept where the rules keep it (with the article around it).
            Block::Figure { .. } => rules.kept_sources.contains(&b.source),
            _ if rules.flags.vetoed[b.source as usize] => false,
            block => **p >= threshold && !is_chrome_line(block),
        })
        .map(|(b, _)| b.block)
        .collect();
    let blocks = clean::remove_orphan_headings(clean::remove_duplicates(kept));
    let mut content = rules.content;
    content.page_features = judged.page;
    content.page_vote = judged.vote;
    // A page the model leaves with too little text to be an article (pages unlike any it
    // was trained on: a lone paragraph under thousands of wrappers, one huge line) keeps the
    // rules' choice when that holds more.
    let model_chars = text_chars(&blocks);
    if model_chars < config.min_text_chars && text_chars(&content.blocks) > model_chars {
        content.notes.push(format!(
            "block model kept {model_chars} characters: the rules' choice stands"
        ));
        return content;
    }
    content.notes.push(format!(
        "block model kept {} of {} blocks",
        blocks.len(),
        probabilities.len()
    ));
    content.blocks = blocks;
    content
}

/// A one-line block that is page chrome by its words (an ad label, a cookie notice, a reading
/// time: the lexicon of `clean::is_boilerplate_line`), whatever the model says of its place.
fn is_chrome_line(block: &Block) -> bool {
    match block {
        Block::Paragraph { text } | Block::Heading { text, .. } | Block::Quote { text } => {
            !text.contains('\n') && is_boilerplate_line(text)
        }
        _ => false,
    }
}

/// What the structural rules chose: the content, and per node what they decided.
struct RuleContent {
    content: Content,
    flags: prune::NodeFlags,
    /// What a reader can see of the page.
    visibility: prune::Visibility,
    /// The chosen container and the leads taken before it.
    roots: Vec<NodeId>,
    /// Sources of the blocks the rules kept.
    kept_sources: Vec<NodeId>,
}

/// `shown`: an element that hides itself, read as shown (see [`shown_fallback`]).
fn rule_content(doc: &Document, config: &ExtractConfig, shown: Option<NodeId>) -> RuleContent {
    let visibility = prune::Visibility::showing(doc, shown);
    let mut flags = prune::flag_nodes(doc, config, &visibility);
    let score::MainChoice {
        main,
        tail,
        link_roll,
    } = score::choose_main(doc, &flags, &visibility.text_blocks);
    for root in tail {
        flags.remove_subtree(doc, root);
    }
    let mut roots = lead::leads_before(doc, &flags, main);
    roots.push(main);
    let mut raw = Vec::new();
    for &root in &roots {
        raw.extend(blocks::collect_blocks(doc, root, &flags, config));
    }
    if link_roll {
        // The post is its links: none of its blocks is judged by its share of link text.
        raw.iter_mut().for_each(|b| b.link_chars = 0);
    }
    let raw = clean::remove_end_sections(clean::remove_link_sections(raw));
    let found = raw.len();
    let kept = clean::remove_boilerplate_blocks(raw);
    let kept = clean::trim_tail(clean::trim_head(clean::remove_tail_prompts(
        clean::remove_stray_captions(kept),
    )));
    let kept_sources = kept.iter().map(|b| b.source).collect();
    let kept: Vec<Block> = kept.into_iter().map(|b| b.block).collect();
    let filtered = found - kept.len();
    let blocks = clean::remove_orphan_headings(clean::remove_duplicates(kept));
    let mut notes = vec![format!("main: {}", describe(doc, main))];
    if filtered > 0 {
        notes.push(format!("boilerplate blocks dropped: {filtered}"));
    }
    RuleContent {
        content: Content {
            blocks,
            notes,
            page_features: Vec::new(),
            page_vote: Vec::new(),
        },
        flags,
        visibility,
        roots,
        kept_sources,
    }
}

/// Every visible block of the page with its feature row, and the page's feature row.
struct Judged {
    candidates: Vec<blocks::RawBlock>,
    rows: Vec<Vec<f64>>,
    page: Vec<f64>,
    /// The page's words' vote on its type (`Models::page_words`; zeros without a model), which
    /// every block row ends with.
    vote: Vec<f64>,
}

fn judge_blocks(doc: &Document, config: &ExtractConfig, rules: &RuleContent) -> Judged {
    let visible = &rules.visibility.visible;
    let candidates = blocks::collect_blocks(doc, ROOT, visible, config);
    let mut in_main = vec![false; doc.len()];
    for &root in &rules.roots {
        in_main[root as usize] = true;
    }
    for id in 1..doc.len() {
        let parent = doc.parent(id as NodeId).unwrap_or(ROOT) as usize;
        in_main[id] |= in_main[parent];
    }
    let mut kept = vec![false; doc.len()];
    for &source in &rules.kept_sources {
        kept[source as usize] = true;
    }
    let repeats = repeats::RepeatedGroups::of(doc);
    let view = features::RuleView {
        pruned: &rules.flags.removed,
        in_main,
        kept,
        repeats: &repeats,
    };
    let measures = features::measure(doc, &rules.visibility, &candidates);
    // A page with more blocks than the model knows keeps the rules' choice
    // ([`beyond_the_model`]): its blocks get no rows, which would take a row of features per
    // tiny element of a generated page (325,000 `<p>x</p>`: 370 MB and most of a second).
    let mut rows = if candidates.len() > MAX_MODEL_BLOCKS {
        Vec::new()
    } else {
        features::block_features(doc, &measures, &candidates, &view)
    };
    let page = features::page_features(doc, &measures, &candidates, &view, &rows);
    // What kind of page this is tells what its content looks like: a block of a listing or
    // of a news story is judged knowing which the page's words say it is.
    let vote = match config.models.resolve() {
        Some(models) => models.page_words.probabilities(&page),
        None => vec![0.0; crate::PAGE_TYPES.len()],
    };
    for row in &mut rows {
        row.extend_from_slice(&vote);
    }
    Judged {
        candidates,
        rows,
        page,
        vote,
    }
}

/// The feature rows the models see for a page: one per visible block (with the block) and
/// one for the page, of the document extraction reads (the page, or its `<noscript>` markup).
/// What `examples/dump_features.rs` writes for training.
pub struct FeatureDump {
    pub blocks: Vec<(Block, Vec<f64>)>,
    pub page: Vec<f64>,
}

pub fn dump_features(doc: &Document, url: Option<&str>, config: &ExtractConfig) -> FeatureDump {
    let visible = extract_visible(doc, config, None);
    match fallback(doc, &visible, config) {
        Some((Reading::Noscript(inner), _)) => features_of(&inner, None, url, config),
        Some((Reading::Shown(shown), _)) => features_of(doc, Some(shown), url, config),
        None => features_of(doc, None, url, config),
    }
}

fn features_of(
    doc: &Document,
    shown: Option<NodeId>,
    url: Option<&str>,
    config: &ExtractConfig,
) -> FeatureDump {
    let rules = rule_content(doc, config, shown);
    let mut judged = judge_blocks(doc, config, &rules);
    // Training replaces this summary with one from out-of-fold probabilities; without a model
    // (the code's page features changed, so the shipped model is refused) it is all zero.
    let models = config.models.resolve();
    let summary = match &models {
        Some(models) => features::block_model_summary(
            &block_probabilities(models, &judged.rows),
            &judged.rows,
            models.block.threshold,
        ),
        None => features::block_model_summary(&[], &[], 0.0),
    };
    judged.page.extend(summary);
    judged.page.extend(features::url_features(url));
    // Training replaces the words' vote too (here and in the block rows), with one from
    // out-of-fold models.
    judged.page.extend(&judged.vote);
    FeatureDump {
        blocks: judged
            .candidates
            .into_iter()
            .map(|b| b.block)
            .zip(judged.rows)
            .collect(),
        page: judged.page,
    }
}

/// The block model's probability for each block row.
fn block_probabilities(models: &model::Models, rows: &[Vec<f64>]) -> Vec<f64> {
    models.block.probabilities(rows)
}

/// `tag#id.class` of a node, for diagnostics.
fn describe(doc: &Document, id: crate::dom::NodeId) -> String {
    let Some(el) = doc.element(id) else {
        return "document".into();
    };
    let mut s = el.name.to_string();
    if let Some(v) = el.attr("id") {
        s.push('#');
        s.push_str(v);
    }
    if let Some(c) = el.attr("class").and_then(|c| c.split_whitespace().next()) {
        s.push('.');
        s.push_str(c);
    }
    s.chars().take(80).collect()
}

/// The blocks as text: blocks separated by blank lines, list items and table rows on their own
/// lines. Figures stay out (captions are not body text).
pub fn render_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        let before = out.len();
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        let start = out.len();
        push_block_text(&mut out, block);
        // An empty block adds no blank line either.
        if out.len() == start {
            out.truncate(before);
        }
    }
    out
}

/// One block's text as [`render_text`] writes it (nothing for a figure).
fn push_block_text(out: &mut String, block: &Block) {
    match block {
        Block::Heading { text, .. }
        | Block::Paragraph { text }
        | Block::Quote { text }
        | Block::Code { text } => out.push_str(text),
        Block::List { items, .. } => push_joined(out, items, "\n"),
        Block::Table { rows } => {
            for (i, row) in rows.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                push_joined(out, row, " | ");
            }
        }
        Block::Figure { .. } => {}
    }
}

fn push_joined(out: &mut String, parts: &[String], separator: &str) {
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_space_chars_counts_as_char_is_whitespace_does() {
        let slow = |t: &str| t.chars().filter(|c| !c.is_whitespace()).count();
        let ascii: String = (0u8..128).map(char::from).collect();
        for text in [
            ascii.as_str(),
            "a \u{b}b\u{c}\r\n",
            "Be\u{a0}hörde\u{3000}x",
            "",
        ] {
            assert_eq!(non_space_chars(text), slow(text), "{text:?}");
        }
    }

    fn text_of(html: &str) -> String {
        text_with(html, &ExtractConfig::default())
    }

    /// The text the structural rules alone choose (no block model).
    fn rules_text_of(html: &str) -> String {
        let config = ExtractConfig {
            models: crate::ModelChoice::RulesOnly,
            ..ExtractConfig::default()
        };
        text_with(html, &config)
    }

    fn text_with(html: &str, config: &ExtractConfig) -> String {
        let doc = Document::parse(html);
        render_text(&extract_content(&doc, config).blocks)
    }

    const PROSE: &str = "The council approved the new budget on Tuesday, after a long debate \
        in which members argued over school funding, road repairs and the library.";

    fn page(body: &str) -> String {
        format!("<html><body>{body}</body></html>")
    }

    #[test]
    fn a_page_with_more_text_than_the_model_knows_keeps_the_rules_choice() {
        let run = "word ".repeat(MAX_MODEL_CHARS / 4);
        let html = page(&format!(
            "<article><p>{PROSE}</p><div>{run}</div></article>"
        ));
        let content = extract_content(&Document::parse(&html), &ExtractConfig::default());
        assert!(
            content.notes.iter().any(|n| n
                .ends_with("characters of blocks, more than the block model knows: rules' choice")),
            "{:?}",
            content.notes
        );
        assert_eq!(render_text(&content.blocks), rules_text_of(&html));
    }

    /// The rules' verdicts on each kind (the block model sees them as features, and is tested on
    /// real pages by `scripts/quality-gate`).
    #[test]
    fn boilerplate_kinds_are_removed_by_the_rules() {
        let cases = [
            ("nav", "<nav><a href=/>Home</a> Menu item text</nav>"),
            (
                "cookie banner",
                "<div class=cookie-banner>We use cookies to improve your experience</div>",
            ),
            (
                "share bar",
                "<div class='share-buttons'>Share on Facebook Twitter</div>",
            ),
            (
                "newsletter",
                "<div id=newsletter-signup>Get our newsletter every morning</div>",
            ),
            (
                "related",
                "<section class=related-posts><p>Other story teaser text</p></section>",
            ),
            (
                "comments",
                "<div id=comments><p>Great article, thanks for writing it!</p></div>",
            ),
            (
                "sidebar",
                "<div class=sidebar><p>About this blog and its author</p></div>",
            ),
            (
                "footer",
                "<footer>Imprint and legal notice of the publisher</footer>",
            ),
            (
                "footer wrapper",
                "<div id=b_footerWrap>Our address: Main Street 1, open Monday to Friday</div>",
            ),
            (
                "author bio box",
                "<section class=post__authorBio>Jane Doe writes about cities and trains</section>",
            ),
            (
                "post metadata",
                "<p class=postmetadata>This entry was posted on Monday and filed under News</p>",
            ),
            (
                "hidden",
                "<div style='display: none'>Invisible text left in markup</div>",
            ),
            (
                "teaser card",
                "<div class=teaser><a href=/other>Another story</a> Its excerpt here</div>",
            ),
            (
                "sidebar widget",
                "<div class='widget widget_text'>About this blog and its author</div>",
            ),
            (
                "call to action",
                "<div class=cta-box>Try the premium plan for a month</div>",
            ),
            (
                "rating widget",
                "<div class=post-ratings>Rated 4.5 by 12 readers</div>",
            ),
            (
                "next post",
                "<div class=nextpost-link>The story that comes next here</div>",
            ),
            ("ad label", "<p>Advertisement</p>"),
            ("reading time", "<p>4 min read</p>"),
            ("copyright", "<p>© 2024 The Daily Example</p>"),
            (
                "copyright box",
                "<div class=article-copyright>Reproduction only with permission</div>",
            ),
            (
                "disclosure",
                "<div class=editorial-disclosure>We may earn a commission from links</div>",
            ),
            (
                "contact box",
                "<div class=contact-box>Your press contact: Jane Doe, phone 123</div>",
            ),
            (
                "author box in a BEM class",
                "<div class=TestReport__AuthorBox><p>Jane Doe is head of social media</p></div>",
            ),
            (
                "like buttons",
                "<div class='sharedaddy sd-like'><h3>Like this:</h3><span>Loading...</span></div>",
            ),
            (
                "scripted button",
                "<div role=button><span>Show image</span> <span>Close image</span></div>",
            ),
            (
                "author box plugin",
                "<div class=saboxplugin-wrap><p>I like every kind of photography</p></div>",
            ),
        ];
        for (kind, junk) in cases {
            let html = page(&format!(
                "<article><p>{PROSE}</p>{junk}<p>{PROSE} Again.</p></article>"
            ));
            let text = rules_text_of(&html);
            assert!(
                text.contains("long debate"),
                "{kind}: lost the article: {text}"
            );
            let junk_text = Document::parse(junk).text_content(0);
            assert!(
                !text.contains(junk_text.trim()),
                "{kind}: kept {junk_text:?} in {text:?}"
            );
        }
    }

    #[test]
    fn box_headed_by_a_call_to_action_goes_but_a_long_section_stays() {
        let pitch = "Never miss a story: our editors pick the best of the day for you.";
        let promo = format!(
            "<div class=box><span><h3>Sign up for the Example newsletter</h3></span><p>{pitch}</p></div>"
        );
        let text = text_of(&page(&format!(
            "<article><p>{PROSE}</p>{promo}<p>{PROSE} Again.</p></article>"
        )));
        assert!(!text.contains(pitch), "{text}");
        let section = format!(
            "<section><h2>Download the app</h2><p>{pitch}</p>{}</section>",
            (1..=5)
                .map(|n| format!("<p>{PROSE} Part {n}.</p>"))
                .collect::<String>()
        );
        let text = text_of(&page(&format!(
            "<article><p>{PROSE}</p>{section}</article>"
        )));
        assert!(text.contains(pitch), "{text}");
    }

    /// A short article beside a sidebar or consent dialog that holds most of the page's prose.
    fn short_article_beside(widget: &str) -> String {
        page(&format!(
            "<div><article><h1>Budget passed</h1><p>{PROSE}</p></article>{widget}</div>"
        ))
    }

    #[test]
    fn sidebar_tag_with_sidebar_class_goes_whatever_its_size() {
        let about = format!("<p>About this magazine: {PROSE} {PROSE}</p>").repeat(3);
        let text = text_of(&short_article_beside(&format!(
            "<aside class=site-sidebar>{about}</aside>"
        )));
        assert!(text.contains("long debate"), "{text}");
        assert!(!text.contains("About this magazine"), "{text}");
    }

    #[test]
    fn a_sidebar_left_open_around_the_pages_main_keeps_the_article() {
        let html = page(&format!(
            "<aside class=sidebar><p>Subscribe for our weekly letter</p>\
             <main><article><h1>Budget passed</h1><p>{PROSE}</p><p>{PROSE}</p></article></main>"
        ));
        let text = text_of(&html);
        assert!(text.contains("long debate"), "{text}");
    }

    #[test]
    fn ad_slot_goes_but_a_section_marked_for_ads_keeps_its_prose() {
        // Each section holds a quarter of the prose: too little to be kept as the article wrapper.
        let section = |topic: &str| {
            let prose = format!("<p>{topic}: {PROSE} {PROSE}</p>").repeat(2);
            format!("<section class='Report__Section Report__Section--Ads'>{prose}</section>")
        };
        let html = page(&format!(
            "<main><h1>Grill test</h1>{}{}{}{}\
             <div class='ad-slot'><p>Great shoes at low prices, order today</p></div></main>",
            section("Setup"),
            section("Test results"),
            section("Verdict"),
            section("Price"),
        ));
        let text = text_of(&html);
        assert!(text.contains("Test results"), "{text}");
        assert!(!text.contains("Great shoes"), "{text}");
    }

    #[test]
    fn consent_dialog_goes_whatever_its_size() {
        let policy = format!("<p>Privacy settings: {PROSE} {PROSE}</p>").repeat(3);
        let text = text_of(&short_article_beside(&format!(
            "<div class=gdpr-modal>{policy}</div>"
        )));
        assert!(text.contains("long debate"), "{text}");
        assert!(!text.contains("Privacy settings"), "{text}");
    }

    #[test]
    fn related_cards_with_long_excerpts_go_whatever_their_size() {
        let card = format!("<li><a href=/other>Another story</a><p>Excerpt: {PROSE}</p></li>");
        let text = text_of(&short_article_beside(&format!(
            "<div class=related-posts><h3>More</h3><ul>{}</ul></div>",
            card.repeat(4)
        )));
        assert!(text.contains("long debate"), "{text}");
        assert!(!text.contains("Excerpt:"), "{text}");
    }

    #[test]
    fn article_in_a_wrapper_named_related_is_kept() {
        let html = page(&format!(
            "<div class='content truncate-related'><p>{PROSE}</p><p>{PROSE} 2</p>\
             <p>{PROSE} 3</p></div><div class=related-posts><a href=/x>Other</a></div>"
        ));
        assert!(text_of(&html).contains("long debate"));
    }

    #[test]
    fn article_only_in_noscript_is_read_from_there() {
        let html = page(&format!(
            "<div id=app>Loading…</div><noscript><p>{PROSE}</p><p>{PROSE} Again.</p></noscript>"
        ));
        let text = text_of(&html);
        assert!(
            text.contains("long debate") && text.contains("Again."),
            "{text}"
        );
    }

    #[test]
    fn streamed_segment_revealed_by_its_placeholder_is_read_but_other_hidden_markup_is_not() {
        let streamed = page(&format!(
            "<header><a href=/>Home</a></header><main><template id=\"B:0\"></template>\
             <p>Loading…</p></main><footer>About us</footer>\
             <div hidden id=\"S:0\"><article><p>{PROSE}</p><p>{PROSE} Again.</p></article></div>"
        ));
        let text = text_of(&streamed);
        assert!(
            text.contains("long debate") && text.contains("Again."),
            "{text}"
        );
        // The same segment with no placeholder to move into stays hidden.
        let orphan = streamed.replace("<template id=\"B:0\"></template>", "");
        assert!(!text_of(&orphan).contains("Again."));
    }

    #[test]
    fn page_cloaked_until_its_scripts_run_is_read_but_a_hidden_part_of_it_is_not() {
        let html = page(&format!(
            "<div style='visibility:hidden;min-height:100vh'><header style='display:none'>\
             <a href=/>Home</a> Menu of the site</header>\
             <article><p>{PROSE}</p><p>{PROSE} Again.</p>{}</article></div>",
            format!("<p>{PROSE}</p>").repeat(10)
        ));
        let text = text_of(&html);
        assert!(
            text.contains("Again.") && !text.contains("Menu of the site"),
            "{text}"
        );
    }

    #[test]
    fn collapsed_panels_are_read_but_other_hidden_markup_is_not() {
        let html = page(&format!(
            "<article><p>{PROSE}</p>\
             <h2><button aria-expanded=false aria-controls='step-2 step-3'>Step 2</button></h2>\
             <div id=step-2 role=region style='display:none'><p>{PROSE} Step two.</p></div>\
             <div id=step-3 hidden><p>{PROSE} Step three.</p></div>\
             <a role=button aria-controls=step-5>Step 5</a>\
             <div id=step-5 style='display:none'><p>{PROSE} Step five.</p></div>\
             <div id=step-4 style='display:none'><p>{PROSE} Step four.</p></div>\
             <div role=tabpanel hidden><p>{PROSE} The other tab.</p></div>\
             <p>{PROSE} Again.</p></article>"
        ));
        let text = text_of(&html);
        assert!(
            text.contains("Step two.")
                && text.contains("Step three.")
                && text.contains("Step five.")
                && text.contains("The other tab."),
            "{text}"
        );
        assert!(!text.contains("Step four."), "{text}");
    }

    #[test]
    fn content_styled_hidden_is_read_only_when_the_page_shows_too_little() {
        // A shop page locked until a script has checked the visitor: over 1,000 characters
        // inside `display:none`, next to a short visible notice.
        let locked = format!(
            "<div style='display: none'><article><p>{PROSE} Again.</p>{}</article></div>",
            format!("<p>{PROSE}</p>").repeat(9)
        );
        let html = page(&format!("<p>Checking your browser.</p>{locked}"));
        assert!(text_of(&html).contains("Again."), "{}", text_of(&html));
        // Beside an article the page shows, the hidden part stays hidden.
        let html = page(&format!(
            "<article><p>The visible story. {PROSE}</p><p>{PROSE} More.</p>\
             <p>{PROSE} And more.</p></article>{locked}"
        ));
        let text = text_of(&html);
        assert!(
            text.contains("The visible story") && !text.contains("Again."),
            "{text}"
        );
    }

    #[test]
    fn noscript_is_ignored_when_the_page_has_its_article() {
        let html = page(&format!(
            "<article><p>{PROSE}</p><p>{PROSE} Again.</p></article>\
             <noscript><p>Please enable JavaScript to view the comments.</p></noscript>"
        ));
        assert!(!text_of(&html).contains("enable JavaScript"));
    }

    #[test]
    fn lead_named_teaser_and_page_builder_widgets_are_kept() {
        let html = page(&format!(
            "<article><div class=teaser-text><p>The lead of the story, without links.</p></div>\
             <div class='elementor-widget elementor-widget-text-editor'><p>{PROSE}</p></div>\
             <p>{PROSE} Again.</p></article>"
        ));
        let text = text_of(&html);
        assert!(text.contains("The lead of the story"), "{text}");
        assert!(text.contains("long debate"), "{text}");
    }

    #[test]
    fn lead_in_the_article_header_comes_before_the_body() {
        let html = page(&format!(
            "<article><header><h1>Budget passed</h1>\
             <p class=standfirst>Members agreed on more money for schools and roads</p></header>\
             <div itemprop=articleBody><p>{PROSE}</p><p>{PROSE} 2</p><p>{PROSE} 3</p>\
             <p>{PROSE} 4</p></div></article>"
        ));
        let text = text_of(&html);
        assert!(
            text.starts_with("Members agreed on more money for schools and roads\n\nThe council"),
            "{text}"
        );
    }

    #[test]
    fn ingredients_above_the_instructions_are_kept() {
        let html = page(&format!(
            "<article><h1>Apple cake</h1><div class=recipe-ingredients><ul><li>3 apples</li>\
             <li>200 g flour</li></ul></div><div itemprop=articleBody><p>{PROSE}</p>\
             <p>{PROSE} 2</p></div></article>"
        ));
        let text = text_of(&html);
        assert!(text.contains("3 apples\n200 g flour"), "{text}");
    }

    #[test]
    fn subheadings_lists_and_quotes_are_kept() {
        let html = page(&format!(
            "<article><p>{PROSE}</p><h2>What changes</h2><ul><li>More teachers</li><li>New roads</li></ul>\
             <blockquote>It is a fair budget.</blockquote><p>{PROSE} End.</p></article>"
        ));
        let doc = Document::parse(&html);
        let blocks = extract_content(&doc, &ExtractConfig::default()).blocks;
        assert!(blocks.contains(&Block::Heading {
            level: 2,
            text: "What changes".into()
        }));
        assert!(blocks.contains(&Block::List {
            ordered: false,
            items: vec!["More teachers".into(), "New roads".into()]
        }));
        assert!(blocks.contains(&Block::Quote {
            text: "It is a fair budget.".into()
        }));
    }

    #[test]
    fn caption_becomes_a_figure_not_text() {
        let html = page(&format!(
            "<article><p>{PROSE}</p><figure><img src=a.jpg><figcaption>The council chamber. Photo: Agency</figcaption></figure><p>{PROSE} End.</p></article>"
        ));
        let doc = Document::parse(&html);
        let content = extract_content(&doc, &ExtractConfig::default());
        assert!(content.blocks.contains(&Block::Figure {
            src: Some("a.jpg".into()),
            caption: "The council chamber. Photo: Agency".into()
        }));
        assert!(!render_text(&content.blocks).contains("council chamber"));
    }

    #[test]
    fn teaser_repeated_in_body_appears_once() {
        let html = page(&format!(
            "<article><p>{PROSE}</p><div><p>{PROSE}</p><p>Next part of the story.</p></div></article>"
        ));
        assert_eq!(text_of(&html).matches("long debate").count(), 1);
    }

    #[test]
    fn data_table_becomes_rows() {
        let html = page(&format!(
            "<article><p>{PROSE}</p><table><tr><th>Item</th><th>Cost</th></tr><tr><td>Roads</td><td>5</td></tr></table></article>"
        ));
        assert!(text_of(&html).contains("Item | Cost\nRoads | 5"));
    }

    #[test]
    fn ruby_annotations_stay_out_of_the_text() {
        let html = page(&format!(
            "<article><p>{PROSE}</p><p><ruby>法律<rp>(</rp><rt>ほうりつ</rt><rp>)</rp></ruby>ができて、\
             <ruby>親<rt>おや</rt></ruby>が決めました。</p></article>"
        ));
        assert!(text_of(&html).contains("法律ができて、親が決めました。"));
    }

    /// An article followed, in the same wrapper, by something else: a teaser of another story
    /// with its excerpt, or a table of figures.
    fn article_then(tail: &str) -> String {
        page(&format!(
            "<div><div><h1>Budget passed</h1>{}</div>{tail}</div>",
            (1..=5)
                .map(|n| format!("<p>{PROSE} Part {n}.</p>"))
                .collect::<String>()
        ))
    }

    #[test]
    fn teaser_with_excerpt_after_the_article_goes() {
        let text = text_of(&article_then(&format!(
            "<div class=box><h3><a href=/other>Another story that the site wants you to read              next, with a long headline</a></h3><p>Excerpt: {PROSE}</p></div>"
        )));
        assert!(text.contains("long debate"), "{text}");
        assert!(!text.contains("Excerpt:"), "{text}");
    }

    #[test]
    fn unlinked_table_after_the_article_stays() {
        let rows = "<tr><td>Roads</td><td>5</td></tr>".repeat(8);
        let text = text_of(&article_then(&format!("<table>{rows}</table>")));
        assert!(text.contains("Roads | 5"), "{text}");
    }

    #[test]
    fn line_breaks_in_div_text_split_paragraphs() {
        let html = page(&format!(
            "<div>{PROSE}<br><br>Second paragraph of the story.</div>"
        ));
        assert!(text_of(&html).contains("library.\n\nSecond paragraph"));
    }

    #[test]
    fn post_of_only_links_keeps_its_links() {
        let menu = "<li><a href=/a>Home</a></li><li><a href=/b>About this blog</a></li>".repeat(4);
        let item = "<li><p><a href=/x>A linked story title from another site</a></p>\
                    <p>via Example News <a href=https://news.example>https://news.example</a></p></li>";
        let html = page(&format!(
            "<nav><ul>{menu}</ul></nav><article><h1>Links of the day</h1><ul>{}</ul></article>",
            item.repeat(5)
        ));
        let text = text_of(&html);
        assert!(text.contains("A linked story title"), "{text}");
        assert!(text.contains("via Example News"), "{text}");
        assert!(!text.contains("About this blog"), "{text}");
    }

    #[test]
    fn live_ticker_named_comments_stays_but_reader_comments_go() {
        let entry = |minute: u32| {
            format!("<div class='live-comment left'><span>{minute}'</span><div>{PROSE}</div></div>")
        };
        let ticker: String = (1..6).map(entry).collect();
        let readers = format!(
            "<div class=comments><div class=comment><a href=/u/1>Reader</a><p>{PROSE} Reader view.</p></div></div>"
        );
        let html = page(&format!(
            "<div><h1>Live: the budget vote</h1><div class=live-comments>{ticker}</div>{readers}</div>"
        ));
        let text = text_of(&html);
        assert!(text.contains("5'"), "{text}");
        assert!(text.contains("long debate"), "{text}");
        assert!(!text.contains("Reader view"), "{text}");
    }

    #[test]
    fn print_styled_content_stays_but_print_controls_go() {
        let items = "<li>250 g flour for the dough</li><li>2 eggs, beaten</li><li>1 apple</li>";
        let html = page(&format!(
            "<article><h1>Apple cake</h1><p>{PROSE}</p>\
             <div class=print-full><h2>Ingredients</h2><ul>{items}</ul></div>\
             <div class=recipe-print><a href=/print>Print recipe</a></div>\
             <p>Bake the cake for forty minutes. {PROSE}</p>\
             <div class=no-print><p>More recipes from our kitchen for you to try</p></div></article>"
        ));
        let text = text_of(&html);
        assert!(text.contains("250 g flour"), "{text}");
        assert!(!text.contains("Print recipe"), "{text}");
        assert!(!text.contains("More recipes"), "{text}");
    }

    #[test]
    fn dialogs_go_whatever_their_size() {
        let terms = format!("<h3>Shipping terms</h3><p>Shipping: {PROSE} {PROSE}</p>").repeat(3);
        let dialogs = [
            format!("<div role=dialog>{terms}</div>"),
            format!("<div id=signup_modal>{terms}</div>"),
            format!("<div id=terms><div class=close>Close [X]</div>{terms}</div>"),
        ];
        for dialog in dialogs {
            let text = text_of(&short_article_beside(&dialog));
            assert!(text.contains("long debate"), "{dialog}: {text}");
            assert!(!text.contains("Shipping"), "{dialog}: {text}");
        }
    }

    #[test]
    fn page_wrapper_named_after_a_dialog_is_kept() {
        let html = page(&format!(
            "<div class=dialog-off-canvas-main-canvas><article><h1>Budget passed</h1>\
             <p>{PROSE}</p><p>{PROSE} Again.</p></article></div>"
        ));
        assert!(text_of(&html).contains("long debate"));
    }

    #[test]
    fn lead_marked_as_description_stays_but_teaser_cards_go() {
        let html = page(&format!(
            "<div><h1>Budget passed</h1><div class=teaser-text itemprop=description>\
             <p>Lead: the vote came late, as <a href=/council>the council</a> reported.</p></div>\
             <p>{PROSE}</p><p>{PROSE} Again.</p>\
             <div class=teaser><a href=/other>Another story</a> Its excerpt here</div></div>"
        ));
        let text = text_of(&html);
        assert!(text.contains("Lead: the vote"), "{text}");
        assert!(!text.contains("Its excerpt"), "{text}");
    }

    #[test]
    fn subheading_with_an_anchor_id_stays() {
        let html = page(&format!(
            "<article><h1>Budget passed</h1><p>{PROSE}</p>\
             <h3 id=nav_roads_come_first>Roads come first</h3><p>{PROSE} Again.</p>\
             <h3 class=related-title>More from the council</h3></article>"
        ));
        let text = text_of(&html);
        assert!(text.contains("Roads come first"), "{text}");
        assert!(!text.contains("More from the council"), "{text}");
    }
}
