//! Repeated sibling groups, a page-type signal: listings, collections and forums are made of
//! many items of one build (cards, rows, posts: siblings with the same tag and class), an
//! article of paragraphs. Which group is the page's main list, and what its items hold (links,
//! pictures, headings, times, prices), is read from structure alone; so is, for a block, the
//! group its element is an item of.

use crate::dom::{Document, NodeId, ROOT};
use std::borrow::Cow;
use std::collections::HashMap;

/// Siblings of one build needed to count as a repeated group.
const MIN_ITEMS: usize = 3;
/// A group this large counts towards `repeat_groups`.
const COUNTED_ITEMS: usize = 4;
/// Elements whose content is not page text.
const NOT_TEXT: [&str; 6] = ["script", "style", "noscript", "template", "svg", "head"];
/// Currency signs: followed by a digit, they mark a price.
pub(super) const CURRENCY_SIGNS: [char; 4] = ['$', '€', '£', '¥'];

/// Names of [`RepeatedGroups::page_features`], in order.
pub const PAGE_FEATURES: [&str; 11] = [
    "repeat_text_share",
    "repeat_log_items",
    "repeat_log_item_chars",
    "repeat_links_per_item",
    "repeat_image_share",
    "repeat_heading_share",
    "repeat_time_share",
    "repeat_price_share",
    "repeat_link_text_share",
    "repeat_groups",
    "repeat_log_largest",
];

/// Names of [`RepeatedGroups::block_features`], in order.
pub const BLOCK_FEATURES: [&str; 4] = [
    "item_group_share",
    "item_group_log_items",
    "item_of_main_group",
    "item_depth",
];

/// The repeated sibling groups of a document, and the group each node is an item of.
pub struct RepeatedGroups {
    groups: Vec<Group>,
    /// Per node: the index in `groups` of the group it is an item of.
    item_of: Vec<Option<u32>>,
    /// The group holding the most text (the first of equals): the page's main list.
    main: Option<usize>,
    page_chars: usize,
}

/// Siblings of one build under one parent.
struct Group {
    items: Vec<NodeId>,
    chars: usize,
}

impl RepeatedGroups {
    pub fn of(doc: &Document) -> RepeatedGroups {
        let chars = subtree_text_chars(doc);
        let mut groups: Vec<Group> = Vec::new();
        let mut main: Option<usize> = None;
        for id in doc.descendants(ROOT) {
            if !is_text_element(doc, id) {
                continue;
            }
            for group in sibling_groups(doc, id, &chars) {
                if main.is_none_or(|m| group.chars > groups[m].chars) {
                    main = Some(groups.len());
                }
                groups.push(group);
            }
        }
        let mut item_of = vec![None; doc.len()];
        for (g, group) in groups.iter().enumerate() {
            for &item in &group.items {
                item_of[item as usize] = u32::try_from(g).ok();
            }
        }
        RepeatedGroups {
            groups,
            item_of,
            main,
            page_chars: chars[ROOT as usize],
        }
    }

    /// Features of the main group (its share of the page's text, its size, what its items
    /// hold), then how many groups of [`COUNTED_ITEMS`] the page has and the size of the
    /// largest. All zero on a page without a group.
    pub fn page_features(&self, doc: &Document) -> Vec<f64> {
        let mut row = match self.main {
            Some(m) => group_features(doc, &self.groups[m], self.page_chars),
            None => vec![0.0; PAGE_FEATURES.len() - 2],
        };
        let sizes = self.groups.iter().map(|g| g.items.len());
        row.push(sizes.clone().filter(|&n| n >= COUNTED_ITEMS).count() as f64);
        row.push((sizes.max().unwrap_or(0) as f64).ln_1p());
        row
    }

    /// Features of the nearest item (the block's source or an ancestor of it) of a repeated
    /// group: the group's share of the page's text, its size, whether it is the main group,
    /// and how many levels up the item is. All zero outside every group.
    pub fn block_features(&self, doc: &Document, source: NodeId) -> [f64; 4] {
        let nearest = std::iter::once(source)
            .chain(doc.ancestors(source))
            .enumerate()
            .find_map(|(up, id)| Some((up, self.item_of[id as usize]? as usize)));
        let Some((up, g)) = nearest else {
            return [0.0; 4];
        };
        let group = &self.groups[g];
        [
            group.chars as f64 / self.page_chars.max(1) as f64,
            (group.items.len() as f64).ln_1p(),
            f64::from(u8::from(self.main == Some(g))),
            up as f64,
        ]
    }
}

/// An element whose content is page text (not a script, a style, ...).
fn is_text_element(doc: &Document, id: NodeId) -> bool {
    doc.element(id)
        .is_some_and(|el| !NOT_TEXT.contains(&el.name))
}

/// Characters of trimmed text below each node, text inside [`NOT_TEXT`] elements left out.
fn subtree_text_chars(doc: &Document) -> Vec<usize> {
    let mut chars = vec![0usize; doc.len()];
    // Children follow their parent in the arena: sum subtrees from the back.
    for id in (1..doc.len() as NodeId).rev() {
        let parent = doc.parent(id).unwrap_or(ROOT);
        if let Some(text) = doc.text(id) {
            // Text right inside a script or a style is left out without being counted.
            if parent == ROOT || is_text_element(doc, parent) {
                chars[id as usize] = text.trim().chars().count();
            }
        } else if doc.element(id).is_some() && !is_text_element(doc, id) {
            chars[id as usize] = 0;
        }
        chars[parent as usize] += chars[id as usize];
    }
    chars
}

/// The groups of at least [`MIN_ITEMS`] children of `parent` with the same tag and class, in
/// the order of their first item.
fn sibling_groups(doc: &Document, parent: NodeId, chars: &[usize]) -> Vec<Group> {
    let children = || doc.children(parent).filter(|&c| is_text_element(doc, c));
    // Most elements have fewer children than a group has items: counted, not collected.
    if children().nth(MIN_ITEMS - 1).is_none() {
        return Vec::new();
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut builds = Builds::default();
    for child in children() {
        let Some(el) = doc.element(child) else {
            continue;
        };
        let build = (el.name, shared_classes(el.attr("class").unwrap_or("")));
        let chars = chars[child as usize];
        match builds.group_of(&build) {
            Some(g) => {
                groups[g].items.push(child);
                groups[g].chars += chars;
            }
            None => {
                builds.add(build);
                groups.push(Group {
                    items: vec![child],
                    chars,
                });
            }
        }
    }
    groups.retain(|g| g.items.len() >= MIN_ITEMS);
    groups
}

/// A sibling's build: its tag and the classes it shares with items of its kind.
type Build<'d> = (&'d str, Cow<'d, str>);

/// The class attribute without the tokens that hold a digit: those number one item among its
/// siblings (`post-15883`, `product-id-42`), so that cards of one build would otherwise each
/// be a build of their own.
fn shared_classes(class: &str) -> Cow<'_, str> {
    let numbers_an_item = |token: &str| token.bytes().any(|b| b.is_ascii_digit());
    if !class.split_ascii_whitespace().any(numbers_an_item) {
        return Cow::Borrowed(class);
    }
    let shared: Vec<&str> = class
        .split_ascii_whitespace()
        .filter(|t| !numbers_an_item(t))
        .collect();
    Cow::Owned(shared.join(" "))
}

/// Groups seen under one parent at most this many are found by a scan of their builds, which
/// costs less than hashing for the few builds most parents have; beyond, by a map, so that a
/// parent of thousands of children of as many builds (a hostile page) does not cost a scan of
/// every group per child.
const SCANNED_BUILDS: usize = 8;

/// The builds of a parent's groups, in order: group `i` is of build `i`.
#[derive(Default)]
struct Builds<'d> {
    in_order: Vec<Build<'d>>,
    /// Every build's group, once there are more than [`SCANNED_BUILDS`].
    by_build: HashMap<Build<'d>, usize>,
}

impl<'d> Builds<'d> {
    fn group_of(&self, build: &Build<'d>) -> Option<usize> {
        if self.in_order.len() <= SCANNED_BUILDS {
            self.in_order.iter().position(|b| b == build)
        } else {
            self.by_build.get(build).copied()
        }
    }

    /// Adds the build of a new group.
    fn add(&mut self, build: Build<'d>) {
        let group = self.in_order.len();
        self.in_order.push(build);
        if group < SCANNED_BUILDS {
            return;
        }
        if self.by_build.is_empty() {
            let every = self.in_order.iter().cloned().enumerate();
            self.by_build.extend(every.map(|(g, b)| (b, g)));
        } else {
            self.by_build.insert(self.in_order[group].clone(), group);
        }
    }
}

/// What the items of `group` hold, per item or as shares of the items.
fn group_features(doc: &Document, group: &Group, page_chars: usize) -> Vec<f64> {
    let size = group.items.len() as f64;
    let mut links = 0usize;
    let mut link_chars = 0usize;
    let mut with = [0usize; 4]; // image, heading, time, price
    for &item in &group.items {
        let mut has = [false; 4];
        for id in std::iter::once(item).chain(doc.descendants(item)) {
            let Some(el) = doc.element(id) else {
                continue;
            };
            if el.is("a") {
                links += 1;
                link_chars += trimmed_chars(texts_at_and_below(doc, id));
            }
            has[0] |= el.is("img");
            has[1] |= ["h2", "h3", "h4"].iter().any(|h| el.is(h));
            has[2] |= el.is("time");
        }
        has[3] = has_price(texts_at_and_below(doc, item));
        for (count, yes) in with.iter_mut().zip(has) {
            *count += usize::from(yes);
        }
    }
    let mut row = vec![
        group.chars as f64 / page_chars.max(1) as f64,
        size.ln_1p(),
        (group.chars as f64 / size).ln_1p(),
        links as f64 / size,
    ];
    row.extend(with.iter().map(|&n| n as f64 / size));
    row.push(link_chars as f64 / group.chars.max(1) as f64);
    row
}

/// The text nodes of `id` and below, in document order: read one after the other, the text
/// of `Document::text_content` without building it.
fn texts_at_and_below(doc: &Document, id: NodeId) -> impl Iterator<Item = &str> + '_ {
    std::iter::once(id)
        .chain(doc.descendants(id))
        .filter_map(|d| doc.text(d))
}

/// Characters of the texts read as one, trimmed (as `str::trim` trims).
fn trimmed_chars<'a>(texts: impl IntoIterator<Item = &'a str>) -> usize {
    let mut chars = 0;
    // Whitespace since the last other character: counted once a character follows it.
    let mut pending_space = 0;
    for c in texts.into_iter().flat_map(str::chars) {
        if !c.is_whitespace() {
            chars += pending_space + 1;
            pending_space = 0;
        } else if chars > 0 {
            pending_space += 1;
        }
    }
    chars
}

/// A currency sign followed by a digit, a space between allowed ("$ 12", "€9"), in the texts
/// read as one.
fn has_price<'a>(texts: impl IntoIterator<Item = &'a str>) -> bool {
    let mut after_sign = false;
    for text in texts {
        // A text with no sign in it, and no sign before it waiting for a digit, holds no price
        // and leaves none waiting: skipped without decoding its characters.
        if !after_sign && !may_hold_currency_sign(text) {
            continue;
        }
        for c in text.chars() {
            if after_sign && c == ' ' {
                continue;
            }
            if after_sign && c.is_ascii_digit() {
                return true;
            }
            after_sign = CURRENCY_SIGNS.contains(&c);
        }
    }
    false
}

/// Whether `text` may hold one of [`CURRENCY_SIGNS`]: it has `$`, or a byte that starts the
/// UTF-8 of the others (`€` E2 82 AC, `£` C2 A3, `¥` C2 A5).
fn may_hold_currency_sign(text: &str) -> bool {
    memchr::memchr3(b'$', 0xE2, 0xC2, text.as_bytes()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_are_found_alike_before_and_after_the_map_takes_over() {
        let names: Vec<String> = (0..3 * SCANNED_BUILDS).map(|i| format!("c{i}")).collect();
        let mut builds = Builds::default();
        let build = |tag, class: &str| (tag, Cow::Owned(class.to_string()));
        for (g, name) in names.iter().enumerate() {
            assert_eq!(builds.group_of(&build("div", name)), None);
            builds.add(build("div", name));
            for (earlier, name) in names[..=g].iter().enumerate() {
                assert_eq!(builds.group_of(&build("div", name)), Some(earlier));
            }
            assert_eq!(builds.group_of(&build("p", name)), None);
        }
    }

    #[test]
    fn classes_numbering_an_item_do_not_split_its_group() {
        assert_eq!(shared_classes("card wide"), "card wide");
        assert_eq!(
            shared_classes("product post-15883 type-product"),
            "product type-product"
        );
        let cards: String = (1..=5)
            .map(|i| format!("<li class='product post-{i}'><h2>Cup {i}</h2><p>$ {i}0</p></li>"))
            .collect();
        let row = features(&format!("<ul>{cards}</ul><p>An aside of some length</p>"));
        assert_eq!(named(&row, "repeat_log_items"), 6f64.ln());
    }

    fn features(html: &str) -> Vec<f64> {
        let doc = Document::parse(html);
        RepeatedGroups::of(&doc).page_features(&doc)
    }

    fn named(row: &[f64], name: &str) -> f64 {
        let i = PAGE_FEATURES
            .iter()
            .position(|n| *n == name)
            .unwrap_or(usize::MAX);
        row[i]
    }

    #[test]
    fn a_listing_of_cards_is_one_group_holding_most_text() {
        let card = r#"<li class="card"><a href="/x"><img src="a.jpg"><h3>Red chair</h3></a><p>Oak, hand made</p><span>$ 120</span></li>"#;
        let row = features(&format!(
            "<html><body><h1>Chairs</h1><ul>{}</ul><footer>About us</footer></body></html>",
            card.repeat(6)
        ));
        assert_eq!(row.len(), PAGE_FEATURES.len());
        assert!(named(&row, "repeat_text_share") > 0.8, "{row:?}");
        assert_eq!(named(&row, "repeat_log_items"), 6f64.ln_1p());
        assert_eq!(named(&row, "repeat_links_per_item"), 1.0);
        for share in [
            "repeat_image_share",
            "repeat_heading_share",
            "repeat_price_share",
        ] {
            assert_eq!(named(&row, share), 1.0, "{share}");
        }
        assert_eq!(named(&row, "repeat_time_share"), 0.0);
        assert_eq!(named(&row, "repeat_groups"), 1.0);
    }

    #[test]
    fn a_block_inside_a_card_knows_its_group() {
        let doc = Document::parse(
            r#"<html><body><p>Intro.</p><div class="post"><p id="in">First post text.</p></div><div class="post"><p>Second.</p></div><div class="post"><p>Third.</p></div></body></html>"#,
        );
        let groups = RepeatedGroups::of(&doc);
        let para = doc
            .descendants(ROOT)
            .find(|&id| doc.element(id).is_some_and(|e| e.attr("id") == Some("in")))
            .unwrap_or(ROOT);
        let row = groups.block_features(&doc, para);
        assert!(row[0] > 0.7, "{row:?}");
        assert_eq!(row[1], 3f64.ln_1p());
        assert_eq!(row[2], 1.0);
        assert_eq!(row[3], 1.0);
        let intro = doc.parent(para).and_then(|d| doc.parent(d)).unwrap_or(ROOT);
        assert_eq!(groups.block_features(&doc, intro), [0.0; 4]);
    }

    #[test]
    fn texts_read_as_one_count_their_trimmed_characters() {
        for texts in [
            vec!["  Hello ", "world\u{a0} "],
            vec!["", " ", "\n"],
            vec!["één", " twee"],
        ] {
            assert_eq!(
                trimmed_chars(texts.iter().copied()),
                texts.concat().trim().chars().count(),
                "{texts:?}"
            );
        }
    }

    #[test]
    fn siblings_of_different_builds_are_no_group() {
        let row = features(
            r#"<html><body><p class="lead">One.</p><p>Two.</p><div>Three.</div><p class="x">Four.</p></body></html>"#,
        );
        assert!(row.iter().all(|&v| v == 0.0), "{row:?}");
    }

    #[test]
    fn script_text_is_not_page_text() {
        let row = features(
            "<html><body><p>a</p><p>b</p><p>c</p><script>var long_text = 1;</script></body></html>",
        );
        assert_eq!(named(&row, "repeat_text_share"), 1.0);
    }

    #[test]
    fn a_price_is_a_currency_sign_before_a_digit() {
        assert!(has_price(["now € 9,99"]));
        assert!(has_price(["$5"]));
        assert!(has_price(["now ", "€", " ", "9,99"]));
        assert!(has_price(["$€5"]));
        assert!(!has_price(["US$ dollars"]));
        assert!(!has_price(["$ ", "x5"]));
        assert!(!has_price(["no price"]));
        // Texts without a sign are skipped undecoded, but for the digit a sign waits for.
        assert!(has_price(["£", "12"]));
        assert!(has_price(["¥ ", " 3"]));
        assert!(!has_price(["€", "\u{a0}3"]));
        assert!(
            CURRENCY_SIGNS
                .iter()
                .all(|sign| may_hold_currency_sign(&sign.to_string()))
        );
    }
}
