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

#[derive(Debug, Clone, PartialEq)]
struct Tree {
    feature: Vec<usize>,
    threshold: Vec<f64>,
    left: Vec<i32>,
    right: Vec<i32>,
    leaf: Vec<f64>,
}

impl Tree {
    fn eval(&self, x: &[f64]) -> f64 {
        if self.feature.is_empty() {
            return self.leaf.first().copied().unwrap_or(0.0);
        }
        let mut node = 0usize;
        loop {
            let value = x.get(self.feature[node]).copied().unwrap_or(0.0);
            let next = if value <= self.threshold[node] {
                self.left[node]
            } else {
                self.right[node]
            };
            if next < 0 {
                return self.leaf.get((-next - 1) as usize).copied().unwrap_or(0.0);
            }
            node = next as usize;
        }
    }
}

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
    trees: Vec<Tree>,
}

impl Forest {
    /// Probability of the positive class (binary forest).
    pub fn probability(&self, x: &[f64]) -> f64 {
        let raw: f64 = self.trees.iter().map(|t| t.eval(x)).sum();
        1.0 / (1.0 + (-raw).exp())
    }

    /// The most probable class (multi-class forest); ties go to the first.
    pub fn classify(&self, x: &[f64]) -> Option<&str> {
        let mut raw = vec![0.0f64; self.classes];
        for (i, tree) in self.trees.iter().enumerate() {
            raw[i % self.classes] += tree.eval(x);
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
    let mut tree: Option<Tree> = None;
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
                tree = Some(Tree {
                    feature: Vec::new(),
                    threshold: Vec::new(),
                    left: Vec::new(),
                    right: Vec::new(),
                    leaf: Vec::new(),
                });
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
    })
}

/// Checks the tree being read and adds it to the current forest.
fn finish_tree(
    forests: &mut [Forest],
    tree: &mut Option<Tree>,
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
    forest.trees.push(t);
    Ok(())
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
        let raw = |x: &[f64]| f.trees[0].eval(x);
        assert_eq!(raw(&[0.5, 9.0]), -1.0);
        assert_eq!(raw(&[0.6, 2.5]), 0.25);
        assert_eq!(raw(&[0.6, 2.6]), 2.0);
        assert!(f.probability(&[0.6, 2.6]) > 0.85);
    }

    #[test]
    fn broken_files_are_refused() {
        assert!(parse_forests("sift-gbdt 2\n").is_err());
        assert!(parse_forests(&TINY.replace("l -1 -2", "l -1 7")).is_err());
        assert!(parse_forests(&TINY.replace("f 0 1", "f 0 5")).is_err());
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
