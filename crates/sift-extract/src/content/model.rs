//! A small evaluator of gradient-boosted trees exported by `training/train.py` (LightGBM
//! trained, written in sift's own text format). Numerical splits only (`x <= threshold` goes
//! left), leaves summed in file order in f64: the same input gives the same score everywhere.
//!
//! File format (whitespace separated, one record a line):
//!
//! ```text
//! sift-gbdt 1
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
//! A multi-class forest holds its trees round-robin by class, as LightGBM writes them.
//! The parser refuses a tree whose child references leave its lists or whose nodes do not form
//! a tree (a node reached twice).

use std::sync::{Arc, OnceLock};

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

/// One tree as its file records list it, before it joins its forest's arrays.
#[derive(Debug, Default)]
struct TreeRecord {
    feature: Vec<usize>,
    threshold: Vec<f64>,
    left: Vec<i32>,
    right: Vec<i32>,
    leaf: Vec<f64>,
}

/// One node of a forest. The nodes of all the trees of a forest lie in one array: a block is
/// scored against every tree of the block forest, and walking one contiguous array of small
/// nodes costs far less than five lists per tree.
///
/// A leaf is a node whose children are both itself, so that a walk of as many steps as its
/// tree is deep ends on the leaf that `x` reaches whatever the path's length: walks of fixed
/// length have no branch to mispredict and several of them can run side by side.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Node {
    threshold: f64,
    feature: u32,
    /// The left child (`x <= threshold`), then the right, as indices into the forest's nodes
    /// (checked by the parser).
    children: [u32; 2],
}

/// Where one tree starts in its forest's nodes, and how many steps reach any of its leaves.
#[derive(Debug, Clone, Copy, PartialEq)]
struct TreeStart {
    root: u32,
    depth: u32,
}

/// Rows walked side by side through each tree by [`Forest::probabilities`]: one walk waits on
/// a load at every step, independent walks overlap.
const LANES: usize = 8;

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
    /// The trees, in file order.
    trees: Vec<TreeStart>,
    nodes: Vec<Node>,
    /// The value of each node that is a leaf (0 for a split), by node index.
    values: Vec<f64>,
}

impl Forest {
    /// The values of the leaves that the rows reach in `tree`. A feature a row lacks reads as 0.
    fn leaf_values<const N: usize>(&self, tree: TreeStart, rows: [&[f64]; N]) -> [f64; N] {
        let mut at = [tree.root; N];
        for _ in 0..tree.depth {
            for (node, row) in at.iter_mut().zip(rows) {
                let split = &self.nodes[*node as usize];
                let value = row.get(split.feature as usize).copied().unwrap_or(0.0);
                // An index rather than a branch: which way a row goes is unpredictable. A NaN
                // goes right, as in LightGBM's numerical splits.
                let goes_left = value <= split.threshold;
                *node = split.children[usize::from(!goes_left)];
            }
        }
        at.map(|node| self.values[node as usize])
    }

    /// Probability of the positive class (binary forest): the leaf values reached in each tree,
    /// summed in file order.
    pub fn probability(&self, x: &[f64]) -> f64 {
        let raw: f64 = self
            .trees
            .iter()
            .map(|&t| self.leaf_values(t, [x])[0])
            .sum();
        logistic(raw)
    }

    /// [`Forest::probability`] of each row, the same to the bit: [`LANES`] rows at a time walk
    /// each tree, every row's leaf values summed in tree order.
    pub fn probabilities(&self, rows: &[Vec<f64>]) -> Vec<f64> {
        let mut out = Vec::with_capacity(rows.len());
        for chunk in rows.chunks(LANES) {
            // A short last chunk repeats its last row; the extra scores are dropped.
            let lanes: [&[f64]; LANES] =
                std::array::from_fn(|i| chunk[i.min(chunk.len() - 1)].as_slice());
            // -0.0 is what `Iterator::sum` starts from: it leaves any sum unchanged.
            let mut raw = [-0.0f64; LANES];
            for &tree in &self.trees {
                for (sum, value) in raw.iter_mut().zip(self.leaf_values(tree, lanes)) {
                    *sum += value;
                }
            }
            out.extend(raw[..chunk.len()].iter().map(|&r| logistic(r)));
        }
        out
    }

    /// The most probable class (multi-class forest); ties go to the first.
    pub fn classify(&self, x: &[f64]) -> Option<&str> {
        let mut raw = vec![0.0f64; self.classes];
        for (i, &tree) in self.trees.iter().enumerate() {
            raw[i % self.classes] += self.leaf_values(tree, [x])[0];
        }
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

fn logistic(raw: f64) -> f64 {
    1.0 / (1.0 + (-raw).exp())
}

/// The block model and the page-type model.
#[derive(Debug, Clone, PartialEq)]
pub struct Models {
    pub block: Forest,
    pub page_type: Forest,
}

impl Models {
    /// Parses a model file and checks its feature lists against the code's.
    pub fn parse(text: &str) -> Result<Models, ModelError> {
        let forests = parse_forests(text)?;
        let take = |name: &'static str| {
            forests
                .iter()
                .find(|f| f.name == name)
                .cloned()
                .ok_or(ModelError::Missing(name))
        };
        let models = Models {
            block: take("block")?,
            page_type: take("page_type")?,
        };
        check_features(&models.block, &super::features::block_feature_names())?;
        check_features(&models.page_type, &super::features::page_feature_names())?;
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

fn parse_forests(text: &str) -> Result<Vec<Forest>, ModelError> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    match lines.next() {
        Some((_, l)) if l.trim() == "sift-gbdt 1" => {}
        _ => return Err(syntax(0, "expected the header `sift-gbdt 1`")),
    }
    let mut forests: Vec<Forest> = Vec::new();
    let mut tree: Option<TreeRecord> = None;
    for (n, line) in lines {
        let mut words = line.split_whitespace();
        let key = words.next().unwrap_or("");
        let rest: Vec<&str> = words.collect();
        match key {
            "forest" => {
                finish_tree(&mut forests, &mut tree, n)?;
                forests.push(forest_header(&rest, n)?);
            }
            "features" => {
                current(&mut forests, n)?.features = rest.iter().map(|s| s.to_string()).collect()
            }
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
    Ok(forests)
}

fn current(forests: &mut [Forest], n: usize) -> Result<&mut Forest, ModelError> {
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
        trees: Vec::new(),
        nodes: Vec::new(),
        values: Vec::new(),
    })
}

/// Checks the tree being read and adds its nodes to the current forest's.
fn finish_tree(
    forests: &mut [Forest],
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
    let forest = current(forests, n)?;
    if t.feature.iter().any(|&f| f >= forest.features.len().max(1)) {
        return Err(syntax(n, "split on a feature the forest does not list"));
    }
    let depth = depth(&t).ok_or_else(|| syntax(n, "tree whose nodes do not form a tree"))?;
    let first = forest.nodes.len();
    let Ok(last) = u32::try_from(first + 2 * inner) else {
        return Err(syntax(n, "more nodes than a forest can hold"));
    };
    // The tree's splits keep their numbers after the forest's earlier nodes; leaf i follows
    // them, as node `inner + i`.
    let node_of = |c: i32| match usize::try_from(c) {
        Ok(split) => (first + split) as u32,
        Err(_) => (first + inner + (-c - 1) as usize) as u32,
    };
    for i in 0..inner {
        forest.nodes.push(Node {
            threshold: t.threshold[i],
            // Below the forest's feature count, which is a line's worth of words.
            feature: t.feature[i] as u32,
            children: [node_of(t.left[i]), node_of(t.right[i])],
        });
    }
    forest.values.resize(first + inner, 0.0);
    for (i, &value) in t.leaf.iter().enumerate() {
        let itself = (first + inner + i) as u32;
        forest.nodes.push(Node {
            threshold: 0.0,
            feature: 0,
            children: [itself, itself],
        });
        forest.values.push(value);
    }
    debug_assert_eq!(forest.nodes.len(), last as usize + 1);
    forest.trees.push(TreeStart {
        root: if inner == 0 { last } else { first as u32 },
        depth,
    });
    Ok(())
}

/// The number of splits on the longest path from the root of a tree whose child references
/// are in range; `None` when the nodes are not a tree (a node reached twice, or a cycle).
fn depth(t: &TreeRecord) -> Option<u32> {
    if t.feature.is_empty() {
        return Some(0);
    }
    let mut seen = vec![false; t.feature.len()];
    let mut deepest = 0;
    let mut pending = vec![(0usize, 1u32)];
    while let Some((node, depth)) = pending.pop() {
        if std::mem::replace(&mut seen[node], true) {
            return None;
        }
        deepest = deepest.max(depth);
        for child in [t.left[node], t.right[node]] {
            if let Ok(split) = usize::try_from(child) {
                pending.push((split, depth + 1));
            }
        }
    }
    Some(deepest)
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

    const TINY: &str = "sift-gbdt 1\n\
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
        let forests = parse_forests(TINY).unwrap();
        let f = &forests[0];
        let raw = |x: &[f64]| f.leaf_values(f.trees[0], [x])[0];
        assert_eq!(raw(&[0.5, 9.0]), -1.0);
        assert_eq!(raw(&[0.6, 2.5]), 0.25);
        assert_eq!(raw(&[0.6, 2.6]), 2.0);
        assert!(f.probability(&[0.6, 2.6]) > 0.85);
    }

    #[test]
    fn rows_scored_together_score_as_one_by_one() {
        let models = Models::embedded().unwrap();
        let width = models.block.features.len();
        let rows: Vec<Vec<f64>> = (0..LANES * 2 + 3)
            .map(|r| {
                (0..width)
                    .map(|f| ((r * 7 + f * 13) % 11) as f64 / 3.0)
                    .collect()
            })
            .collect();
        let one_by_one: Vec<u64> = rows
            .iter()
            .map(|row| models.block.probability(row).to_bits())
            .collect();
        let together: Vec<u64> = models
            .block
            .probabilities(&rows)
            .iter()
            .map(|p| p.to_bits())
            .collect();
        assert_eq!(together, one_by_one);
    }

    #[test]
    fn broken_files_are_refused() {
        assert!(parse_forests("sift-gbdt 2\n").is_err());
        assert!(parse_forests(&TINY.replace("l -1 -2", "l -1 7")).is_err());
        assert!(parse_forests(&TINY.replace("f 0 1", "f 0 5")).is_err());
        assert!(parse_forests(&TINY.replace("r 1 -3", "r 0 -3")).is_err());
        assert!(matches!(
            Models::parse(TINY),
            Err(ModelError::Missing("page_type"))
        ));
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
