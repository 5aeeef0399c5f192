//! A learnt blend ("stacking"): one logistic regression per word over the
//! log-odds each model gives the word, its neighbours, its sentence and its
//! article, fitted on cross-validated held-out probabilities.
//!
//! The fixed blend averages the piece head, the tuned layers and the
//! classical model with weights chosen on a grid; the stacker learns those
//! weights, in log-odds, and lets a word lean on its neighbours.

use serde::{Deserialize, Serialize};
use slant_text::Span;

use crate::article::Article;

/// Inputs of the regression, bias included.
pub const FEATURES: usize = 12;

/// Log-odds are clamped to this, so a probability of 0 or 1 stays finite.
const CLAMP: f32 = 8.0;


/// Every model's probabilities for one article.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    /// Words of the article (for their sentences).
    pub article: &'a Article,
    /// Per word: the piece head.
    pub head: &'a [f32],
    /// Per word: the tuned layers (the head again when there are none).
    pub tuned: &'a [f32],
    /// Per word: the classical model (the head's when it has none).
    pub classical: &'a [f32],
    /// Per sentence: the neural side.
    pub sentences: &'a [f32],
    /// Per sentence: the classical model (the neural side's when none).
    pub classical_sentences: &'a [f32],
}

impl<'a> Parts<'a> {
    /// The parts of one article as the CV and the detector hold them:
    /// `mixed` the neural word probabilities as configured, `apart` the
    /// piece head's and the tuned layers' (when there are tuned layers),
    /// `sentences` the neural sentence probabilities and `classical` the
    /// classical model's (the neural ones stand in where it is missing or
    /// its tokenization disagreed).
    #[must_use]
    pub fn new(
        article: &'a Article,
        mixed: &'a [f32],
        apart: Option<(&'a [f32], &'a [f32])>,
        sentences: &'a [f32],
        classical: Option<&'a crate::blend::Classical>,
    ) -> Self {
        let (head, tuned) = apart.unwrap_or((mixed, mixed));
        let classical_words = classical.map(|c| c.words.as_slice()).filter(|w| w.len() == mixed.len()).unwrap_or(mixed);
        let classical_sentences =
            classical.map(|c| c.sentences.as_slice()).filter(|s| s.len() == sentences.len()).unwrap_or(sentences);
        Self { article, head, tuned, classical: classical_words, sentences, classical_sentences }
    }
}

fn logit(p: f32) -> f32 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln().clamp(-CLAMP, CLAMP)
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// The regression's inputs of each word: bias; head, tuned and classical
/// log-odds; the mean neural and the classical log-odds of the words before
/// and after (the word's own at the ends of its sentence); the sentence's
/// neural and classical log-odds; the article's mean word log-odds.
pub fn features(parts: &Parts<'_>) -> Vec<[f32; FEATURES]> {
    let n = parts.article.words.len();
    let neural: Vec<f32> = (0..n).map(|i| 0.5 * (logit(parts.head[i]) + logit(parts.tuned[i]))).collect();
    let classical: Vec<f32> = parts.classical.iter().map(|&p| logit(p)).collect();
    let mean = |v: &[f32]| if v.is_empty() { 0.0 } else { v.iter().sum::<f32>() / v.len() as f32 };
    let (article_neural, article_classical) = (mean(&neural), mean(&classical));
    let words = &parts.article.words;
    (0..n)
        .map(|i| {
            let s = words[i].sentence;
            let before = if i > 0 && words[i - 1].sentence == s { i - 1 } else { i };
            let after = if i + 1 < n && words[i + 1].sentence == s { i + 1 } else { i };
            [
                1.0,
                logit(parts.head[i]),
                logit(parts.tuned[i]),
                classical[i],
                neural[before],
                neural[after],
                classical[before],
                classical[after],
                logit(parts.sentences[s]),
                logit(parts.classical_sentences[s]),
                article_neural,
                article_classical,
            ]
        })
        .collect()
}

/// Per word: the share of its characters inside gold spans, and its weight
/// in the fit (`(48 / n)^power` for a word in a gold span of `n`
/// characters, the shortest covering it; 1 outside), as the piece head
/// weighs its pieces.
pub fn targets(article: &Article, gold: &[Span], power: f32) -> (Vec<f32>, Vec<f32>) {
    article
        .words
        .iter()
        .map(|w| {
            let len = (w.span.end - w.span.start).max(1);
            let mut covered = vec![false; len];
            let mut shortest = usize::MAX;
            for g in gold.iter().filter(|g| g.overlaps(w.span)) {
                shortest = shortest.min(g.end - g.start);
                let (a, b) = (g.start.max(w.span.start) - w.span.start, g.end.min(w.span.end) - w.span.start);
                covered[a..b.max(a)].fill(true);
            }
            let y = covered.iter().filter(|&&c| c).count() as f32 / len as f32;
            let weight = if shortest == usize::MAX { 1.0 } else { (crate::PIECE_SPAN_REFERENCE / shortest.max(1) as f32).powf(power) };
            (y, weight)
        })
        .unzip()
}

/// The fitted regression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stacker {
    /// One weight per feature of [`features`], bias first.
    pub weights: Vec<f32>,
}

impl Stacker {
    /// Refuses weights that do not fit [`features`] (a heads file from
    /// elsewhere, or edited).
    pub fn check(&self) -> crate::Result<()> {
        if self.weights.len() != FEATURES || !self.weights.iter().all(|w| w.is_finite()) {
            return Err(crate::Error::Heads(format!(
                "stack: {} weights, finite or not; the learnt blend needs {FEATURES} finite ones",
                self.weights.len()
            )));
        }
        Ok(())
    }

    /// Fits weighted logistic regression with soft targets by Newton's
    /// method (L2 penalty `l2` on all but the bias), in f64.
    pub fn fit(x: &[[f32; FEATURES]], y: &[f32], weight: &[f32], l2: f64) -> Self {
        let mut w = [0.0f64; FEATURES];
        for _ in 0..25 {
            let mut grad = [0.0f64; FEATURES];
            let mut hess = [[0.0f64; FEATURES]; FEATURES];
            for ((row, &t), &c) in x.iter().zip(y).zip(weight) {
                let z: f64 = row.iter().zip(&w).map(|(&a, b)| f64::from(a) * b).sum();
                let p = 1.0 / (1.0 + (-z).exp());
                let (c, r) = (f64::from(c), f64::from(t) - p);
                let s = c * p * (1.0 - p);
                for i in 0..FEATURES {
                    let xi = f64::from(row[i]);
                    grad[i] += c * r * xi;
                    for j in 0..=i {
                        hess[i][j] += s * xi * f64::from(row[j]);
                    }
                }
            }
            for i in 0..FEATURES {
                let row = hess[i];
                for (j, &v) in row.iter().enumerate().take(i) {
                    hess[j][i] = v;
                }
                if i > 0 {
                    grad[i] -= l2 * w[i];
                    hess[i][i] += l2;
                }
                hess[i][i] += 1e-9;
            }
            let step = solve(hess, grad);
            let size: f64 = step.iter().map(|s| s.abs()).fold(0.0, f64::max);
            for (a, s) in w.iter_mut().zip(step) {
                *a += s;
            }
            if size < 1e-7 {
                break;
            }
        }
        #[allow(clippy::cast_possible_truncation)]
        Self { weights: w.iter().map(|&v| v as f32).collect() }
    }

    /// The stacked probability of each word of `parts`.
    #[must_use]
    pub fn words(&self, parts: &Parts<'_>) -> Vec<f32> {
        self.apply(&features(parts))
    }

    /// The stacked probability of each row of features.
    #[must_use]
    pub fn apply(&self, x: &[[f32; FEATURES]]) -> Vec<f32> {
        x.iter().map(|row| sigmoid(row.iter().zip(&self.weights).map(|(a, b)| a * b).sum())).collect()
    }
}

/// Solves `a · x = b` for a symmetric positive definite `a` (Cholesky).
fn solve(mut a: [[f64; FEATURES]; FEATURES], mut b: [f64; FEATURES]) -> [f64; FEATURES] {
    for j in 0..FEATURES {
        let d = (a[j][j] - (0..j).map(|k| a[j][k] * a[j][k]).sum::<f64>()).max(1e-12).sqrt();
        a[j][j] = d;
        for i in j + 1..FEATURES {
            a[i][j] = (a[i][j] - (0..j).map(|k| a[i][k] * a[j][k]).sum::<f64>()) / d;
        }
    }
    for i in 0..FEATURES {
        b[i] = (b[i] - (0..i).map(|k| a[i][k] * b[k]).sum::<f64>()) / a[i][i];
    }
    for i in (0..FEATURES).rev() {
        b[i] = (b[i] - (i + 1..FEATURES).map(|k| a[k][i] * b[k]).sum::<f64>()) / a[i][i];
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_solves_a_symmetric_system() {
        let a: [[f64; FEATURES]; FEATURES] =
            std::array::from_fn(|i| std::array::from_fn(|j| if i == j { 4.0 + i as f64 } else { 1.0 / (1.0 + (i + j) as f64) }));
        let x: [f64; FEATURES] = std::array::from_fn(|i| i as f64 - 3.0);
        let b: [f64; FEATURES] = std::array::from_fn(|i| (0..FEATURES).map(|j| a[i][j] * x[j]).sum());
        for (got, want) in solve(a, b).iter().zip(x) {
            assert!((got - want).abs() < 1e-9, "{got} vs {want}");
        }
    }

    #[test]
    fn fit_recovers_the_weights_that_made_the_targets() {
        // Targets are exactly the sigmoid of a known linear function, so the
        // unpenalised fit must find that function.
        let truth = [-1.0f32, 2.0, 0.0, -0.5, 0.0, 0.3, 0.0, 0.0, 1.0, 0.0, 0.0, -0.2];
        let mut state = 7u64;
        let mut next = || {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) as f32 / (1u64 << 31) as f32) * 4.0 - 2.0
        };
        let x: Vec<[f32; FEATURES]> =
            (0..2000).map(|_| std::array::from_fn(|i| if i == 0 { 1.0 } else { next() })).collect();
        let y: Vec<f32> = x.iter().map(|r| sigmoid(r.iter().zip(&truth).map(|(a, b)| a * b).sum())).collect();
        let s = Stacker::fit(&x, &y, &vec![1.0; x.len()], 0.0);
        for (got, want) in s.weights.iter().zip(truth) {
            assert!((got - want).abs() < 1e-3, "{:?}", s.weights);
        }
        for (p, t) in s.apply(&x).iter().zip(&y) {
            assert!((p - t).abs() < 1e-4);
        }
        // A penalty shrinks the weights but leaves the bias free.
        let shrunk = Stacker::fit(&x, &y, &vec![1.0; x.len()], 1e4);
        assert!(shrunk.weights[1].abs() < 0.5 * truth[1], "{:?}", shrunk.weights);
    }

    #[test]
    fn weights_of_the_wrong_shape_are_refused() {
        assert!(Stacker { weights: vec![0.0; FEATURES] }.check().is_ok());
        assert!(Stacker { weights: vec![0.0; 3] }.check().is_err());
        let mut w = vec![0.0; FEATURES];
        w[2] = f32::NAN;
        assert!(Stacker { weights: w }.check().is_err());
    }

    #[test]
    fn logits_stay_finite() {
        assert!((logit(0.0) + CLAMP).abs() < 1e-6);
        assert!((logit(1.0) - CLAMP).abs() < 1e-6);
        assert!(logit(0.5).abs() < 1e-6);
    }
}
