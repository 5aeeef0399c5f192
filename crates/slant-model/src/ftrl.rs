//! FTRL-Proximal logistic regression, binary and multinomial: the learner
//! of the classical model (training only). Its L1 term leaves most hashed
//! weights at exactly zero, which keeps embedded models small.

// The optimiser's formulas read best with their usual one-letter names.
#![allow(clippy::many_single_char_names)]
use serde::{Deserialize, Serialize};

use crate::space::{sigmoid, softmax, FeatureVec};
use slant_text::hash::SplitMix64;

/// Hyper-parameters of FTRL-Proximal (`McMahan` et al. 2013).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FtrlConfig {
    /// Learning-rate scale.
    pub alpha: f64,
    /// Learning-rate smoothing.
    pub beta: f64,
    /// L1 strength (sparsity).
    pub l1: f64,
    /// L2 strength.
    pub l2: f64,
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the example order.
    pub seed: u64,
}

impl Default for FtrlConfig {
    fn default() -> Self {
        Self { alpha: 0.1, beta: 1.0, l1: 1.0, l2: 1.0, epochs: 5, seed: 42 }
    }
}

/// Per-coordinate FTRL state for one weight vector.
#[derive(Debug, Clone)]
struct State {
    z: Vec<f64>,
    n: Vec<f64>,
}

impl State {
    fn new(dim: usize) -> Self {
        Self { z: vec![0.0; dim], n: vec![0.0; dim] }
    }

    #[inline]
    fn weight(&self, i: usize, c: &FtrlConfig) -> f64 {
        let z = self.z[i];
        if z.abs() <= c.l1 {
            0.0
        } else {
            -(z - z.signum() * c.l1) / ((c.beta + self.n[i].sqrt()) / c.alpha + c.l2)
        }
    }

    #[inline]
    fn update(&mut self, i: usize, g: f64, w: f64, c: &FtrlConfig) {
        let n = self.n[i];
        let sigma = ((n + g * g).sqrt() - n.sqrt()) / c.alpha;
        self.z[i] += g - sigma * w;
        self.n[i] = n + g * g;
    }

    fn weights(&self, c: &FtrlConfig) -> Vec<f32> {
        (0..self.z.len()).map(|i| self.weight(i, c) as f32).collect()
    }
}

/// Binary logistic regression trained with FTRL-Proximal. The bias is
/// feature 0 of the caller's space or an explicit dense feature.
#[derive(Debug, Clone)]
pub struct FtrlBinary {
    state: State,
    config: FtrlConfig,
}

impl FtrlBinary {
    /// A learner over `dim` features.
    pub fn new(dim: usize, config: FtrlConfig) -> Self {
        Self { state: State::new(dim), config }
    }

    fn step(&mut self, x: &FeatureVec, y: f32, weight: f32) {
        let c = self.config;
        let mut margin = 0.0f64;
        let mut ws = Vec::with_capacity(x.len());
        for (&i, &v) in x.idx.iter().zip(&x.val) {
            let w = self.state.weight(i as usize, &c);
            ws.push(w);
            margin += w * f64::from(v);
        }
        let p = f64::from(sigmoid(margin as f32));
        let g0 = (p - f64::from(y)) * f64::from(weight);
        for ((&i, &v), &w) in x.idx.iter().zip(&x.val).zip(&ws) {
            self.state.update(i as usize, g0 * f64::from(v), w, &c);
        }
    }

    /// Trains on `n` examples whose features are made on demand by
    /// `features(k, out)` (so they need not all be held in memory) and whose
    /// `(label, weight)` is `target(k)`.
    pub fn fit_with(
        mut self,
        n: usize,
        target: impl Fn(usize) -> (f32, f32),
        features: impl Fn(usize, &mut FeatureVec),
    ) -> Vec<f32> {
        let mut order: Vec<usize> = (0..n).collect();
        let mut rng = SplitMix64::new(self.config.seed);
        let mut x = FeatureVec::with_capacity(512);
        for _ in 0..self.config.epochs {
            rng.shuffle(&mut order);
            for &k in &order {
                x.clear();
                features(k, &mut x);
                let (y, w) = target(k);
                self.step(&x, y, w);
            }
        }
        self.state.weights(&self.config)
    }

    /// Trains on `(features, label in {0,1}, example weight)` and returns the
    /// final weights. The order of examples is shuffled with the seed.
    pub fn fit(mut self, data: &[(&FeatureVec, f32, f32)]) -> Vec<f32> {
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = SplitMix64::new(self.config.seed);
        for _ in 0..self.config.epochs {
            rng.shuffle(&mut order);
            for &k in &order {
                let (x, y, w) = data[k];
                self.step(x, y, w);
            }
        }
        self.state.weights(&self.config)
    }
}

/// Multinomial logistic regression trained with FTRL-Proximal, one weight
/// vector per class.
#[derive(Debug, Clone)]
pub struct FtrlSoftmax {
    states: Vec<State>,
    config: FtrlConfig,
}

impl FtrlSoftmax {
    /// A learner over `dim` features and `classes` classes.
    pub fn new(dim: usize, classes: usize, config: FtrlConfig) -> Self {
        Self { states: (0..classes).map(|_| State::new(dim)).collect(), config }
    }

    fn step(&mut self, x: &FeatureVec, y: usize, weight: f32, probs: &mut [f32], ws: &mut Vec<f64>) {
        let c = self.config;
        let k = self.states.len();
        ws.clear();
        for (class, state) in self.states.iter().enumerate() {
            let mut m = 0.0f64;
            for (&i, &v) in x.idx.iter().zip(&x.val) {
                let w = state.weight(i as usize, &c);
                ws.push(w);
                m += w * f64::from(v);
            }
            probs[class] = m as f32;
        }
        softmax(probs);
        let n = x.len();
        for class in 0..k {
            let target = if class == y { 1.0 } else { 0.0 };
            let g0 = (f64::from(probs[class]) - target) * f64::from(weight);
            let state = &mut self.states[class];
            for (j, (&i, &v)) in x.idx.iter().zip(&x.val).enumerate() {
                state.update(i as usize, g0 * f64::from(v), ws[class * n + j], &c);
            }
        }
    }

    /// Trains on `(features, class, example weight)`; returns one weight
    /// vector per class.
    pub fn fit(mut self, data: &[(&FeatureVec, usize, f32)]) -> Vec<Vec<f32>> {
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = SplitMix64::new(self.config.seed);
        let mut probs = vec![0.0; self.states.len()];
        let mut ws = Vec::new();
        for _ in 0..self.config.epochs {
            rng.shuffle(&mut order);
            for &k in &order {
                let (x, y, w) = data[k];
                self.step(x, y, w, &mut probs, &mut ws);
            }
        }
        self.states.iter().map(|s| s.weights(&self.config)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vec_of(idx: &[u32]) -> FeatureVec {
        FeatureVec { idx: idx.to_vec(), val: vec![1.0; idx.len()] }
    }

    #[test]
    #[allow(clippy::float_cmp, reason = "an untouched weight is exactly zero")]
    fn binary_learns_a_separable_rule() {
        // Feature 0 is a bias; feature 1 means positive, 2 means negative.
        let pos = vec_of(&[0, 1]);
        let neg = vec_of(&[0, 2]);
        let data: Vec<_> = (0..50).flat_map(|_| [(&pos, 1.0, 1.0), (&neg, 0.0, 1.0)]).collect();
        let cfg = FtrlConfig { l1: 0.0, alpha: 0.5, ..FtrlConfig::default() };
        let w = FtrlBinary::new(4, cfg).fit(&data);
        assert!(sigmoid(pos.dot(&w)) > 0.9);
        assert!(sigmoid(neg.dot(&w)) < 0.1);
        assert_eq!(w[3], 0.0, "unused feature stays zero");
    }

    #[test]
    fn softmax_learns_three_classes_deterministically() {
        let xs: Vec<FeatureVec> = (0..3).map(|c| vec_of(&[0, 1 + c])).collect();
        let data: Vec<_> = (0..40).flat_map(|_| (0..3).map(|c| (&xs[c as usize], c as usize, 1.0))).collect();
        let fit = || FtrlSoftmax::new(5, 3, FtrlConfig::default()).fit(&data);
        let w = fit();
        for (c, x) in xs.iter().enumerate() {
            let mut logits: Vec<f32> = w.iter().map(|wc| x.dot(wc)).collect();
            softmax(&mut logits);
            let best = logits.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap().0;
            assert_eq!(best, c);
        }
        assert_eq!(w, fit(), "same seed, same weights");
    }
}
