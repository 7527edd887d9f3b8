//! A small evaluator of gradient-boosted trees exported by `training/train.py` (LightGBM
//! trained, written in sift's own text format). Numerical splits only (`x <= threshold` goes
//! left), leaves summed in file order in f64: the same input gives the same score everywhere.
//!
//! File format (whitespace separated, one record a line):
//!
//! ```text
//! sift-gbdt 2
//! forest <name> classes <k> threshold <t> labels <a,b,...|-> trees <n>
//! features <name> <name> ...
//! tree <leaves>
//! f <split feature index per internal node>
//! t <threshold per internal node>
//! l <left child per internal node; a negative value -(i+1) is leaf i>
//! r <right child likewise>
//! v <leaf values>
//! ```
//!
//! A multi-class forest holds its trees round-robin by class, as LightGBM writes them. The file
//! also holds a linear model the page-type forest reads ([`super::linear`], records `linear`,
//! `features`, `w`, `b`).
//! The parser refuses a tree whose child references leave its lists or whose nodes do not form
//! a tree (a node reached twice).

use super::linear::Linear;
use std::sync::{Arc, OnceLock};

/// The first line of a model file: the format and its version.
const HEADER: &str = "sift-gbdt 2";

/// The models shipped with sift (see README, "Model card").
const EMBEDDED: &str = include_str!("../../models/sift.model");

#[derive(thiserror::Error, Debug, PartialEq, Eq)]
pub enum ModelError {
    #[error("model file: line {line}: {what}")]
    Syntax { line: usize, what: String },
    #[error("model file: forest {forest} expects features {expected}, the code computes {actual}")]
    Features {
        forest: String,
        expected: String,
        actual: String,
    },
    #[error("model file: no forest named {0}")]
    Missing(&'static str),
}

/// One tree as its file records list it, before it joins its forest's nodes.
#[derive(Debug, Default)]
struct TreeRecord {
    feature: Vec<usize>,
    threshold: Vec<f64>,
    left: Vec<i32>,
    right: Vec<i32>,
    leaf: Vec<f64>,
}

/// One split of a forest. The splits of all the trees of a forest lie in one array, and the
/// trees of a class are chained: an edge to a leaf adds the leaf's value and leads on to the
/// root of the class's next tree (its last tree's, to the forest's end node). A row thus walks
/// its class's trees in one run of exactly as many steps as its paths hold splits, adding the
/// leaf values in file order, with no leaf steps and no branch on where a tree ends.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Node {
    threshold: f64,
    feature: u32,
    /// Where the left edge (`x <= threshold`), then the right one, lead: indices into the
    /// forest's nodes (checked by the parser).
    next: [u32; 2],
    /// What each edge adds to the row's score: its leaf's value, or 0 towards a split.
    gain: [f64; 2],
}

/// Walks run side by side by [`Forest::chain_sums`]: one walk waits on a load at every step,
/// independent walks overlap. Rows are scored [`ROW_LANES`] at a time, the classes of a row
/// [`CLASS_LANES`] at a time (the page-type forest has 7); measured best on trafilatura-eval.
const ROW_LANES: usize = 12;
const CLASS_LANES: usize = 8;

/// Steps taken between two checks of whether all walks reached the end: the end node leads to
/// itself, adding nothing, so steps past it change nothing.
const STEPS_PER_CHECK: usize = 8;

/// One boosted forest: a binary scorer (`classes` 1) or a multi-class one.
#[derive(Debug, Clone, PartialEq)]
pub struct Forest {
    pub name: String,
    pub classes: usize,
    /// Probability at or above which a binary forest says yes.
    pub threshold: f64,
    /// Class names of a multi-class forest.
    pub labels: Vec<String>,
    pub features: Vec<String>,
    /// The splits of all trees, then the end node, which leads to itself.
    nodes: Vec<Node>,
    /// The number of features the nodes read (one past the highest index, at least 1).
    width: usize,
    /// Where each class's chain of trees starts (the end node for a class without trees).
    chains: Vec<u32>,
}

impl Forest {
    /// The index of the end node.
    fn end(&self) -> u32 {
        // The parser checks that every node index fits a u32.
        (self.nodes.len() - 1) as u32
    }

    /// The leaf values each lane's row meets walking the chain of trees from its start, summed
    /// in file order. The edges between splits add 0, which leaves a sum unchanged but for the
    /// sign of a zero (ignored by [`logistic`] and by the comparison of class scores).
    fn chain_sums<const N: usize>(&self, starts: [u32; N], rows: &LaneRows) -> [f64; N] {
        let end = self.end();
        let mut at = starts;
        let mut sums = [0.0f64; N];
        loop {
            for _ in 0..STEPS_PER_CHECK {
                for (lane, (node, sum)) in at.iter_mut().zip(&mut sums).enumerate() {
                    let split = &self.nodes[*node as usize];
                    let value = rows.values[lane * rows.stride + split.feature as usize];
                    // An index rather than a branch: which way a row goes is unpredictable.
                    // A NaN goes right, as in LightGBM's numerical splits.
                    let goes_left = value <= split.threshold;
                    let edge = usize::from(!goes_left);
                    *sum += split.gain[edge];
                    *node = split.next[edge];
                }
            }
            if at.iter().all(|&node| node == end) {
                return sums;
            }
        }
    }

    /// Probability of the positive class (binary forest) of each row: the leaf values reached
    /// in each tree, summed in file order. (A multi-class forest is read as its first class.)
    pub fn probabilities(&self, rows: &[Vec<f64>]) -> Vec<f64> {
        let start = self.chains.first().copied().unwrap_or(self.end());
        let mut lanes = LaneRows {
            values: vec![0.0; ROW_LANES * self.width],
            stride: self.width,
        };
        let mut out = Vec::with_capacity(rows.len());
        for chunk in rows.chunks(ROW_LANES) {
            // A short last chunk repeats its last row; the extra scores are dropped.
            for (lane, slot) in lanes.values.chunks_exact_mut(self.width).enumerate() {
                fill_row(slot, &chunk[lane.min(chunk.len() - 1)]);
            }
            let sums = self.chain_sums([start; ROW_LANES], &lanes);
            out.extend(sums[..chunk.len()].iter().map(|&raw| logistic(raw)));
        }
        out
    }

    /// The most probable class (multi-class forest); ties go to the first.
    pub fn classify(&self, x: &[f64]) -> Option<&str> {
        let row = LaneRows::shared(x, self.width);
        let raw: Vec<f64> = self
            .chains
            .chunks(CLASS_LANES)
            .flat_map(|chains| {
                // A short last chunk repeats its last chain; the extra sums are dropped.
                let starts: [u32; CLASS_LANES] =
                    std::array::from_fn(|i| chains[i.min(chains.len() - 1)]);
                self.chain_sums(starts, &row).into_iter().take(chains.len())
            })
            .collect();
        let best = raw
            .iter()
            .enumerate()
            .fold(None, |best: Option<(usize, f64)>, (i, &v)| match best {
                Some((_, b)) if b >= v => best,
                _ => Some((i, v)),
            })?;
        self.labels.get(best.0).map(String::as_str)
    }
}

/// The rows [`Forest::chain_sums`] walks, one a lane, in one table: lane `l` reads feature `f`
/// at `values[l * stride + f]` (with a stride of 0, every lane reads the one row). Rows are
/// cut or padded to the forest's width; a walk reads the features a row lacks as 0.
struct LaneRows {
    values: Vec<f64>,
    stride: usize,
}

impl LaneRows {
    /// One row, which every lane reads.
    fn shared(row: &[f64], width: usize) -> LaneRows {
        let mut values = vec![0.0; width];
        fill_row(&mut values, row);
        LaneRows { values, stride: 0 }
    }
}

/// Copies `row` into `slot`, cut or padded with zeros to its length.
fn fill_row(slot: &mut [f64], row: &[f64]) {
    let kept = row.len().min(slot.len());
    slot[..kept].copy_from_slice(&row[..kept]);
    slot[kept..].fill(0.0);
}

fn logistic(raw: f64) -> f64 {
    1.0 / (1.0 + (-raw).exp())
}

/// The block model and the page-type models.
#[derive(Debug, Clone, PartialEq)]
pub struct Models {
    pub block: Forest,
    /// The page's words' vote on its type, which the page-type forest reads.
    pub page_words: Linear,
    pub page_type: Forest,
}

impl Models {
    /// Parses a model file and checks its feature lists against the code's.
    pub fn parse(text: &str) -> Result<Models, ModelError> {
        let Records { forests, linears } = parse_records(text)?;
        let take = |name: &'static str| {
            forests
                .iter()
                .find(|f| f.name == name)
                .cloned()
                .ok_or(ModelError::Missing(name))
        };
        let mut models = Models {
            block: take("block")?,
            page_words: linears
                .into_iter()
                .find(|l| l.name == "page_words")
                .ok_or(ModelError::Missing("page_words"))?,
            page_type: take("page_type")?,
        };
        check_features(&models.block, &super::features::block_feature_names())?;
        let page_names = super::features::page_feature_names();
        check_features(&models.page_type, &page_names)?;
        if models.page_words.labels != crate::PAGE_TYPES {
            return Err(ModelError::Features {
                forest: models.page_words.name,
                expected: models.page_words.labels.join(","),
                actual: crate::PAGE_TYPES.join(","),
            });
        }
        // The page's words come before the words' vote in the page row.
        let words_end = page_names.len() - crate::PAGE_TYPES.len();
        if let Err(missing) = models.page_words.read_from(&page_names[..words_end]) {
            return Err(ModelError::Features {
                forest: models.page_words.name,
                expected: missing.join(","),
                actual: page_names[..words_end].join(","),
            });
        }
        Ok(models)
    }

    /// The models compiled into sift, parsed once.
    pub fn embedded() -> Option<Arc<Models>> {
        static MODELS: OnceLock<Option<Arc<Models>>> = OnceLock::new();
        MODELS
            .get_or_init(|| Models::parse(EMBEDDED).ok().map(Arc::new))
            .clone()
    }
}

fn check_features(forest: &Forest, actual: &[String]) -> Result<(), ModelError> {
    if forest.features == actual {
        return Ok(());
    }
    Err(ModelError::Features {
        forest: forest.name.clone(),
        expected: forest.features.join(","),
        actual: actual.join(","),
    })
}

fn syntax(line: usize, what: impl Into<String>) -> ModelError {
    ModelError::Syntax {
        line: line + 1,
        what: what.into(),
    }
}

/// The models of a model file, as listed.
struct Records {
    forests: Vec<Forest>,
    linears: Vec<Linear>,
}

fn parse_records(text: &str) -> Result<Records, ModelError> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    match lines.next() {
        Some((_, l)) if l.trim() == HEADER => {}
        _ => return Err(syntax(0, format!("expected the header `{HEADER}`"))),
    }
    let mut forests: Vec<ForestRecord> = Vec::new();
    // Linear models with the line of their header; the records after a `linear` header are
    // its own until the next `forest`.
    let mut linears: Vec<(Linear, usize)> = Vec::new();
    let mut in_linear = false;
    let mut tree: Option<TreeRecord> = None;
    for (n, line) in lines {
        let mut words = line.split_whitespace();
        let key = words.next().unwrap_or("");
        let rest: Vec<&str> = words.collect();
        match key {
            "forest" => {
                finish_tree(&mut forests, &mut tree, n)?;
                in_linear = false;
                forests.push(ForestRecord {
                    forest: forest_header(&rest, n)?,
                    trees: Vec::new(),
                    line: n,
                });
            }
            "linear" => {
                finish_tree(&mut forests, &mut tree, n)?;
                in_linear = true;
                linears.push((linear_header(&rest, n)?, n));
            }
            "features" => {
                let names = rest.iter().map(|s| s.to_string()).collect();
                match linears.last_mut() {
                    Some((linear, _)) if in_linear => linear.features = names,
                    _ => current(&mut forests, n)?.forest.features = names,
                }
            }
            "w" | "b" => {
                let linear = match linears.last_mut() {
                    Some((linear, _)) if in_linear => linear,
                    _ => return Err(syntax(n, "weights outside a `linear` model")),
                };
                match key {
                    "w" => linear.weights = numbers(&rest, n)?,
                    _ => linear.intercepts = numbers(&rest, n)?,
                }
            }
            "tree" if in_linear => return Err(syntax(n, "a tree in a `linear` model")),
            "tree" => {
                finish_tree(&mut forests, &mut tree, n)?;
                tree = Some(TreeRecord::default());
            }
            "f" | "t" | "l" | "r" | "v" => {
                let t = tree
                    .as_mut()
                    .ok_or_else(|| syntax(n, "tree data before `tree`"))?;
                match key {
                    "f" => t.feature = numbers(&rest, n)?,
                    "t" => t.threshold = numbers(&rest, n)?,
                    "l" => t.left = numbers(&rest, n)?,
                    "r" => t.right = numbers(&rest, n)?,
                    _ => t.leaf = numbers(&rest, n)?,
                }
            }
            other => return Err(syntax(n, format!("unknown record `{other}`"))),
        }
    }
    finish_tree(&mut forests, &mut tree, usize::MAX - 1)?;
    if let Some((_, line)) = linears.iter().find(|(linear, _)| !linear.is_consistent()) {
        return Err(syntax(
            *line,
            "linear model whose weights do not fit its classes and features",
        ));
    }
    Ok(Records {
        forests: forests
            .into_iter()
            .map(chain_trees)
            .collect::<Result<_, _>>()?,
        linears: linears.into_iter().map(|(linear, _)| linear).collect(),
    })
}

fn linear_header(rest: &[&str], n: usize) -> Result<Linear, ModelError> {
    let name = rest
        .first()
        .ok_or_else(|| syntax(n, "linear model without a name"))?;
    let labels = rest
        .iter()
        .position(|w| *w == "labels")
        .and_then(|i| rest.get(i + 1))
        .ok_or_else(|| syntax(n, "linear model without `labels`"))?;
    Ok(Linear::new(
        name,
        labels.split(',').map(str::to_string).collect(),
    ))
}

/// A forest being read: its header and its trees, checked, as their records list them.
struct ForestRecord {
    forest: Forest,
    trees: Vec<TreeRecord>,
    /// The line of its header.
    line: usize,
}

fn current(forests: &mut [ForestRecord], n: usize) -> Result<&mut ForestRecord, ModelError> {
    forests
        .last_mut()
        .ok_or_else(|| syntax(n, "record before any `forest`"))
}

fn forest_header(rest: &[&str], n: usize) -> Result<Forest, ModelError> {
    let value = |key: &str| {
        rest.iter()
            .position(|w| *w == key)
            .and_then(|i| rest.get(i + 1))
            .copied()
            .ok_or_else(|| syntax(n, format!("forest without `{key}`")))
    };
    let name = rest
        .first()
        .ok_or_else(|| syntax(n, "forest without a name"))?;
    let number = |key: &str| -> Result<f64, ModelError> {
        value(key)?
            .parse()
            .map_err(|_| syntax(n, format!("`{key}` is not a number")))
    };
    let labels = value("labels")?;
    Ok(Forest {
        name: name.to_string(),
        classes: (number("classes")? as usize).max(1),
        threshold: number("threshold")?,
        labels: if labels == "-" {
            Vec::new()
        } else {
            labels.split(',').map(str::to_string).collect()
        },
        features: Vec::new(),
        nodes: Vec::new(),
        width: 1,
        chains: Vec::new(),
    })
}

/// Checks the tree being read and adds it to the current forest's.
fn finish_tree(
    forests: &mut [ForestRecord],
    tree: &mut Option<TreeRecord>,
    n: usize,
) -> Result<(), ModelError> {
    let Some(t) = tree.take() else {
        return Ok(());
    };
    let inner = t.feature.len();
    let consistent = t.threshold.len() == inner
        && t.left.len() == inner
        && t.right.len() == inner
        && t.leaf.len() == inner + 1
        && t.left
            .iter()
            .chain(&t.right)
            .all(|&c| (c >= 0 && (c as usize) < inner) || (c < 0 && ((-c - 1) as usize) <= inner));
    if !consistent {
        return Err(syntax(n, "tree with inconsistent node lists"));
    }
    let record = current(forests, n)?;
    if t.feature
        .iter()
        .any(|&f| f >= record.forest.features.len().max(1))
    {
        return Err(syntax(n, "split on a feature the forest does not list"));
    }
    if !is_tree(&t) {
        return Err(syntax(n, "tree whose nodes do not form a tree"));
    }
    record.trees.push(t);
    Ok(())
}

/// The forest of a record with its trees' splits laid out and chained by class (see [`Node`]).
fn chain_trees(record: ForestRecord) -> Result<Forest, ModelError> {
    let ForestRecord {
        mut forest,
        trees,
        line,
    } = record;
    // Where each tree's nodes start: its splits, or one node for a tree that is a lone leaf.
    let mut firsts = Vec::with_capacity(trees.len());
    let mut count = 0usize;
    for t in &trees {
        firsts.push(count);
        count += t.feature.len().max(1);
    }
    let Ok(end) = u32::try_from(count) else {
        return Err(syntax(line, "more nodes than a forest can hold"));
    };
    // The root of a tree's first node, below `end`.
    let root = |i: usize| firsts.get(i).map_or(end, |&first| first as u32);
    let classes = forest.classes;
    forest.nodes.reserve(count + 1);
    for (i, t) in trees.iter().enumerate() {
        // Past a leaf, the walk goes on to the class's next tree.
        let after = root(i + classes);
        if t.feature.is_empty() {
            // A lone leaf: both edges of one node add it.
            forest.nodes.push(Node {
                threshold: f64::NAN,
                feature: 0,
                next: [after; 2],
                gain: [t.leaf[0]; 2],
            });
            continue;
        }
        let edge = |child: i32| match usize::try_from(child) {
            Ok(split) => (root(i) + split as u32, 0.0),
            Err(_) => (after, t.leaf[(-child - 1) as usize]),
        };
        for split in 0..t.feature.len() {
            let (left, right) = (edge(t.left[split]), edge(t.right[split]));
            forest.nodes.push(Node {
                threshold: t.threshold[split],
                // Below the forest's feature count, which is a line's worth of words.
                feature: t.feature[split] as u32,
                next: [left.0, right.0],
                gain: [left.1, right.1],
            });
        }
    }
    forest.nodes.push(Node {
        threshold: f64::NAN,
        feature: 0,
        next: [end; 2],
        gain: [0.0; 2],
    });
    forest.chains = (0..classes).map(root).collect();
    forest.width = forest
        .nodes
        .iter()
        .map(|node| node.feature as usize + 1)
        .max()
        .unwrap_or(1);
    Ok(forest)
}

/// Whether the splits reached from the root of a tree whose child references are in range
/// form a tree (no split reached twice, no cycle): a walk from the root ends on a leaf.
fn is_tree(t: &TreeRecord) -> bool {
    if t.feature.is_empty() {
        return true;
    }
    let mut seen = vec![false; t.feature.len()];
    let mut pending = vec![0usize];
    while let Some(node) = pending.pop() {
        if std::mem::replace(&mut seen[node], true) {
            return false;
        }
        for child in [t.left[node], t.right[node]] {
            if let Ok(split) = usize::try_from(child) {
                pending.push(split);
            }
        }
    }
    true
}

fn numbers<T: std::str::FromStr>(words: &[&str], n: usize) -> Result<Vec<T>, ModelError> {
    words
        .iter()
        .map(|w| {
            w.parse()
                .map_err(|_| syntax(n, format!("`{w}` is not a number")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "sift-gbdt 2\n\
        forest block classes 1 threshold 0.5 labels - trees 1\n\
        features a b\n\
        tree 3\n\
        f 0 1\n\
        t 0.5 2.5\n\
        l -1 -2\n\
        r 1 -3\n\
        v -1 0.25 2\n";

    #[test]
    fn a_tree_routes_by_threshold() {
        let forests = parse_records(TINY).unwrap().forests;
        let f = &forests[0];
        let raw = |x: &[f64]| f.chain_sums([f.chains[0]], &LaneRows::shared(x, f.width))[0];
        assert_eq!(raw(&[0.5, 9.0]), -1.0);
        assert_eq!(raw(&[0.6, 2.5]), 0.25);
        assert_eq!(raw(&[0.6, 2.6]), 2.0);
        // A NaN goes right, a missing feature reads as 0.
        assert_eq!(raw(&[f64::NAN, 2.6]), 2.0);
        assert_eq!(raw(&[0.6]), 0.25);
        assert!(f.probabilities(&[vec![0.6, 2.6]])[0] > 0.85);
    }

    /// A small deterministic generator (xorshift) for the random trees and rows below.
    fn generator(mut state: u64) -> impl FnMut(usize) -> usize {
        move |below| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        }
    }

    /// A tree of `splits` splits, each grown at a random free child slot of the ones before.
    fn random_tree(splits: usize, next: &mut impl FnMut(usize) -> usize) -> TreeRecord {
        const VALUES: [f64; 5] = [-1.0, 0.0, 0.5, 1.0, f64::NAN];
        let mut t = TreeRecord::default();
        // Child slots not yet given a split: (split, whether the left one).
        let mut free = Vec::new();
        for split in 0..splits {
            if split > 0 {
                let (parent, is_left) = free.swap_remove(next(free.len()));
                let slot: &mut Vec<i32> = if is_left { &mut t.left } else { &mut t.right };
                slot[parent] = split as i32;
            }
            t.feature.push(next(3));
            t.threshold.push(VALUES[next(VALUES.len())]);
            t.left.push(-1);
            t.right.push(-1);
            free.extend([(split, true), (split, false)]);
        }
        // The free slots become the leaves, numbered in an order unrelated to the shape.
        for (leaf, (parent, is_left)) in free.into_iter().enumerate() {
            let slot = if is_left { &mut t.left } else { &mut t.right };
            slot[parent] = -(leaf as i32) - 1;
        }
        t.leaf = (0..=splits).map(|i| i as f64 * 1.25 - 3.0).collect();
        t
    }

    /// What a tree gives a row, walked from its root.
    fn walk(t: &TreeRecord, x: &[f64]) -> f64 {
        if t.feature.is_empty() {
            return t.leaf[0];
        }
        let mut node = 0i32;
        while let Ok(split) = usize::try_from(node) {
            let value = x.get(t.feature[split]).copied().unwrap_or(0.0);
            node = if value <= t.threshold[split] {
                t.left[split]
            } else {
                t.right[split]
            };
        }
        t.leaf[(-node - 1) as usize]
    }

    /// A forest of `classes` classes with these trees, in the file's form.
    fn model_text(classes: usize, trees: &[TreeRecord]) -> String {
        let line = |key: &str, words: Vec<String>| format!("{key} {}\n", words.join(" "));
        let mut text = format!(
            "sift-gbdt 2\nforest f classes {classes} threshold 0.5 labels - trees {}\n\
             features a b c\n",
            trees.len()
        );
        for t in trees {
            text += &format!("tree {}\n", t.leaf.len());
            text += &line("f", t.feature.iter().map(|v| v.to_string()).collect());
            text += &line("t", t.threshold.iter().map(|v| v.to_string()).collect());
            text += &line("l", t.left.iter().map(|v| v.to_string()).collect());
            text += &line("r", t.right.iter().map(|v| v.to_string()).collect());
            text += &line("v", t.leaf.iter().map(|v| v.to_string()).collect());
        }
        text
    }

    /// Random trees of up to 40 splits (lone leaves among them) and random rows of up to three
    /// features, values equal to thresholds and NaNs among them.
    fn random_trees_and_rows(trees: usize) -> (Vec<TreeRecord>, Vec<Vec<f64>>) {
        const VALUES: [f64; 7] = [-2.0, -1.0, 0.0, 0.25, 0.5, 1.0, f64::NAN];
        let mut next = generator(0x9e37_79b9_7f4a_7c15);
        let trees = (0..trees)
            .map(|_| random_tree(next(41), &mut next))
            .collect();
        let rows = (0..300)
            .map(|_| (0..next(4)).map(|_| VALUES[next(VALUES.len())]).collect())
            .collect();
        (trees, rows)
    }

    #[test]
    fn probabilities_are_of_the_walked_trees_leaves_summed_in_order() {
        let (trees, rows) = random_trees_and_rows(60);
        let forests = parse_records(&model_text(1, &trees)).unwrap().forests;
        let walked: Vec<u64> = rows
            .iter()
            .map(|x| logistic(trees.iter().map(|t| walk(t, x)).sum()).to_bits())
            .collect();
        let scored: Vec<u64> = forests[0]
            .probabilities(&rows)
            .iter()
            .map(|p| p.to_bits())
            .collect();
        assert_eq!(scored, walked);
    }

    #[test]
    fn each_class_sums_its_own_trees_in_order() {
        let classes = 3;
        let (trees, rows) = random_trees_and_rows(31);
        let forests = parse_records(&model_text(classes, &trees)).unwrap().forests;
        let f = &forests[0];
        for x in &rows {
            let mut walked = vec![0.0f64; classes];
            for (i, t) in trees.iter().enumerate() {
                walked[i % classes] += walk(t, x);
            }
            let starts: [u32; CLASS_LANES] = std::array::from_fn(|i| f.chains[i % classes]);
            let sums = f.chain_sums(starts, &LaneRows::shared(x, f.width));
            for class in 0..classes {
                assert_eq!(sums[class], walked[class], "{x:?}");
            }
        }
    }

    #[test]
    fn broken_files_are_refused() {
        assert!(parse_records("sift-gbdt 1\n").is_err());
        assert!(parse_records(&TINY.replace("l -1 -2", "l -1 7")).is_err());
        assert!(parse_records(&TINY.replace("f 0 1", "f 0 5")).is_err());
        assert!(parse_records(&TINY.replace("r 1 -3", "r 0 -3")).is_err());
        assert!(matches!(
            Models::parse(TINY),
            Err(ModelError::Missing("page_words"))
        ));
    }

    #[test]
    fn a_linear_model_is_read_beside_the_forests() {
        let linear = "linear v labels x,y\nfeatures a b\nw 1 0 0 2\nb 0.5 0\n";
        let records = parse_records(&format!("{TINY}{linear}")).unwrap();
        assert_eq!(records.forests.len(), 1);
        assert_eq!(records.linears[0].weights, [1.0, 0.0, 0.0, 2.0]);
        assert_eq!(records.linears[0].features, ["a", "b"]);
        // Its records do not leak into the forest before it, nor weights into a forest.
        assert_eq!(records.forests[0].features, ["a", "b"]);
        assert!(
            parse_records(&format!("{TINY}{}", linear.replace("w 1 0 0 2", "w 1 0 0"))).is_err()
        );
        assert!(parse_records(&format!("{TINY}b 0.5 0\n")).is_err());
        assert!(parse_records(&format!("{TINY}{linear}tree 1\nf\nt\nl\nr\nv 1\n")).is_err());
    }

    #[test]
    fn the_embedded_models_load() {
        assert!(
            Models::embedded().is_some(),
            "{:?}",
            Models::parse(EMBEDDED).err()
        );
    }
}
