//! A multinomial logistic model (trained by `training/train.py` with scikit-learn), read from
//! the model file beside the forests. The page-type forest reads its class probabilities: a
//! linear model over many sparse word frequencies generalises from 1,500 pages where trees,
//! which split on one bucket at a time, do not.
//!
//! File records (see [`super::model`] for the rest of the format):
//!
//! ```text
//! linear <name> labels <a,b,...>
//! features <name> <name> ...
//! w <weights, class by class: one row of weights per class, one weight per feature>
//! b <one intercept per class>
//! ```
//!
//! The model reads the square root of each feature (word frequencies, as trained) and gives the
//! softmax of its class scores, summed in feature order in f64: the same everywhere.

/// One multinomial logistic model.
#[derive(Debug, Clone, PartialEq)]
pub struct Linear {
    pub name: String,
    pub labels: Vec<String>,
    pub features: Vec<String>,
    /// One row of `features.len()` weights per class.
    pub weights: Vec<f64>,
    pub intercepts: Vec<f64>,
    /// Where each feature sits in the rows the model is given (set by [`Linear::read_from`]).
    columns: Vec<usize>,
}

impl Linear {
    pub fn new(name: &str, labels: Vec<String>) -> Linear {
        Linear {
            name: name.to_string(),
            labels,
            features: Vec::new(),
            weights: Vec::new(),
            intercepts: Vec::new(),
            columns: Vec::new(),
        }
    }

    /// Whether the weights and intercepts fit the classes and features.
    pub fn is_consistent(&self) -> bool {
        !self.labels.is_empty()
            && self.intercepts.len() == self.labels.len()
            && self.weights.len() == self.labels.len() * self.features.len()
    }

    /// Finds each feature among the names of the rows the model will be given; the names it
    /// lacks, if any.
    pub fn read_from(&mut self, row_names: &[String]) -> Result<(), Vec<String>> {
        let mut missing = Vec::new();
        self.columns = self
            .features
            .iter()
            .map(|f| {
                row_names.iter().position(|n| n == f).unwrap_or_else(|| {
                    missing.push(f.clone());
                    0
                })
            })
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(missing)
        }
    }

    /// The probability of each class for a row (a feature the row lacks reads as 0).
    pub fn probabilities(&self, row: &[f64]) -> Vec<f64> {
        let inputs: Vec<f64> = self
            .columns
            .iter()
            .map(|&c| row.get(c).copied().unwrap_or(0.0).max(0.0).sqrt())
            .collect();
        let scores: Vec<f64> = self
            .weights
            .chunks_exact(self.features.len().max(1))
            .zip(&self.intercepts)
            .map(|(weights, b)| b + weights.iter().zip(&inputs).map(|(w, x)| w * x).sum::<f64>())
            .collect();
        softmax(&scores)
    }
}

fn softmax(scores: &[f64]) -> Vec<f64> {
    let top = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = scores.iter().map(|s| (s - top).exp()).collect();
    let total: f64 = exps.iter().sum();
    exps.iter().map(|e| e / total).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_class() -> Linear {
        let mut m = Linear::new("m", vec!["x".into(), "y".into()]);
        m.features = vec!["a".into(), "b".into()];
        m.weights = vec![1.0, 0.0, 0.0, 2.0];
        m.intercepts = vec![0.5, 0.0];
        m
    }

    #[test]
    fn probabilities_are_the_softmax_of_square_root_scores() {
        let mut m = two_class();
        let names = ["z".to_string(), "b".to_string(), "a".to_string()];
        m.read_from(&names).unwrap();
        // a = 4 (sqrt 2), b = 1 (sqrt 1): scores 0.5 + 2 = 2.5 and 2.
        let p = m.probabilities(&[7.0, 1.0, 4.0]);
        let expected = 1.0 / (1.0 + (-0.5f64).exp());
        assert!((p[0] - expected).abs() < 1e-15, "{p:?}");
        assert!((p[0] + p[1] - 1.0).abs() < 1e-15);
    }

    #[test]
    fn missing_and_inconsistent_models_are_told() {
        let mut m = two_class();
        assert_eq!(m.read_from(&["a".to_string()]), Err(vec!["b".to_string()]));
        assert!(m.is_consistent());
        m.weights.pop();
        assert!(!m.is_consistent());
    }
}
