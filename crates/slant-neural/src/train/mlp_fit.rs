//! Training a perceptron head: hand-written backpropagation and AdamW, on
//! rows built batch by batch (so a split's features never sit in memory at
//! once). Initialisation, shuffling and dropout masks come from one seeded
//! generator: the same data, configuration and seed give the same weights.
//!
//! (candle would do the calculus, but its CPU thread pool spin-waits, which
//! on a shared two-core machine made each step many times slower.)

use slant_encoder::fast::dense::gemm;
use slant_text::hash::SplitMix64;

use crate::Result;
use crate::heads::mlp::{Mlp, MlpConfig, sigmoid, softmax};

/// Training rows: a fixed width, filled on demand.
pub trait Rows: Sync {
    /// Width of a row.
    fn dim(&self) -> usize;
    /// Number of rows.
    fn len(&self) -> usize;
    /// True without rows.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Writes row `i` into `out` (`out.len() == self.dim()`).
    fn fill(&self, i: usize, out: &mut [f32]);
    /// Leading columns subject to input dropout (hand features after them
    /// are always seen).
    fn dropout_dim(&self) -> usize {
        self.dim()
    }
}

/// What the network is trained to predict.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// One probability per row (targets may be soft), positives weighted.
    Binary {
        /// Target in `[0, 1]` of each row.
        y: Vec<f32>,
        /// Weight of the positive part of the loss.
        positive_weight: f32,
        /// A further weight of each row's positive part (empty: 1).
        row_weights: Vec<f32>,
    },
    /// One class per row out of `classes`.
    Classes {
        /// Class of each row.
        y: Vec<u32>,
        /// Number of classes.
        classes: usize,
    },
}

/// Inverted dropout in place on the first `cols` of each `width`-wide row:
/// zero with probability `p`, else scale.
fn dropout(rng: &mut SplitMix64, x: &mut [f32], width: usize, cols: usize, p: f32) {
    if p <= 0.0 {
        return;
    }
    let keep = 1.0 / (1.0 - p);
    for row in x.chunks_exact_mut(width) {
        for v in &mut row[..cols] {
            *v = if rng.unit() < p { 0.0 } else { *v * keep };
        }
    }
}

/// AdamW state of one parameter tensor.
pub(crate) struct Adam {
    m: Vec<f32>,
    v: Vec<f32>,
}

impl Adam {
    pub(crate) fn new(n: usize) -> Self {
        Self { m: vec![0.0; n], v: vec![0.0; n] }
    }

    /// Step `t` (from 1) of AdamW at learning rate `lr` with decoupled
    /// weight decay `wd`.
    pub(crate) fn step(&mut self, p: &mut [f32], g: &[f32], lr: f32, wd: f32, t: i32) {
        let (b1, b2, eps) = (0.9f32, 0.999f32, 1e-8f32);
        let (c1, c2) = (1.0 - b1.powi(t), 1.0 - b2.powi(t));
        for (((p, g), m), v) in p.iter_mut().zip(g).zip(&mut self.m).zip(&mut self.v) {
            *m = b1 * *m + (1.0 - b1) * g;
            *v = b2 * *v + (1.0 - b2) * g * g;
            *p -= lr * ((*m / c1) / ((*v / c2).sqrt() + eps) + wd * *p);
        }
    }
}

impl Mlp {
    /// Trains a network on `rows` for `target`, deterministically from `seed`.
    pub fn fit(rows: &dyn Rows, target: &Target, cfg: &MlpConfig, seed: u64) -> Result<Self> {
        let (d, hid) = (rows.dim(), cfg.hidden.max(1));
        let outputs = match target {
            Target::Binary { .. } => 1,
            Target::Classes { classes, .. } => *classes,
        };
        let mut rng = SplitMix64::new(seed);
        let bound1 = (6.0 / (d + hid) as f32).sqrt();
        let bound2 = (6.0 / (hid + outputs) as f32).sqrt();
        let mut init = |n: usize, bound: f32| -> Vec<f32> { (0..n).map(|_| (rng.unit() * 2.0 - 1.0) * bound).collect() };
        let w1 = init(d * hid, bound1);
        let w2 = init(hid * outputs, bound2);
        let mut net = Self { inputs: d, hidden: hid, outputs, w1, b1: vec![0.0; hid], w2, b2: vec![0.0; outputs] };
        let mut adam = [Adam::new(d * hid), Adam::new(hid), Adam::new(hid * outputs), Adam::new(outputs)];
        let mut order: Vec<usize> = (0..rows.len()).collect();
        let batch = cfg.batch.max(1);
        let mut x = Vec::new();
        let mut t = 0;
        for _ in 0..cfg.epochs {
            rng.shuffle(&mut order);
            for chunk in order.chunks(batch) {
                let b = chunk.len();
                x.clear();
                x.resize(b * d, 0.0);
                for (row, &i) in x.chunks_exact_mut(d).zip(chunk) {
                    rows.fill(i, row);
                }
                dropout(&mut rng, &mut x, d, rows.dropout_dim().min(d), cfg.input_dropout);
                let mut h = net.hidden_of(&x, b);
                dropout(&mut rng, &mut h, hid, hid, cfg.hidden_dropout);
                let z = net.output_of(&h, b);
                let dz = loss_gradient(&z, target, chunk, outputs);
                // Layer 2: dW2 = hᵀ·dz, db2 = Σ dz, dh = dz·W2ᵀ where h > 0.
                let mut gw2 = vec![0.0; hid * outputs];
                gemm(hid, outputs, b, &h, true, &dz, false, &mut gw2, false);
                let gb2 = column_sums(&dz, outputs);
                let mut dh = vec![0.0; b * hid];
                gemm(b, hid, outputs, &dz, false, &net.w2, true, &mut dh, false);
                // Through dropout (h = mask·relu(a)): dropped units have
                // h = 0 like inactive ones and get nothing; kept ones take
                // the mask's 1/(1-p) scale.
                let keep = if cfg.hidden_dropout > 0.0 { 1.0 / (1.0 - cfg.hidden_dropout) } else { 1.0 };
                for (g, a) in dh.iter_mut().zip(&h) {
                    *g = if *a > 0.0 { *g * keep } else { 0.0 };
                }
                let mut gw1 = vec![0.0; d * hid];
                gemm(d, hid, b, &x, true, &dh, false, &mut gw1, false);
                let gb1 = column_sums(&dh, hid);
                t += 1;
                let (lr, wd) = (cfg.learning_rate, cfg.weight_decay);
                adam[0].step(&mut net.w1, &gw1, lr, wd, t);
                adam[1].step(&mut net.b1, &gb1, lr, 0.0, t);
                adam[2].step(&mut net.w2, &gw2, lr, wd, t);
                adam[3].step(&mut net.b2, &gb2, lr, 0.0, t);
            }
        }
        Ok(net)
    }
}

fn column_sums(m: &[f32], cols: usize) -> Vec<f32> {
    let mut out = vec![0.0; cols];
    for row in m.chunks_exact(cols) {
        for (o, v) in out.iter_mut().zip(row) {
            *o += v;
        }
    }
    out
}

/// Gradient of the mean loss with respect to the logits `z`.
fn loss_gradient(z: &[f32], target: &Target, chunk: &[usize], outputs: usize) -> Vec<f32> {
    let inv = 1.0 / chunk.len() as f32;
    match target {
        Target::Binary { y, positive_weight, row_weights } => z
            .iter()
            .zip(chunk)
            .map(|(&z, &i)| {
                // L = w·r·y·softplus(−z) + (1−y)·softplus(z).
                let (s, y) = (sigmoid(z), y[i]);
                let w = positive_weight * row_weights.get(i).copied().unwrap_or(1.0);
                (-w * y * (1.0 - s) + (1.0 - y) * s) * inv
            })
            .collect(),
        Target::Classes { y, .. } => {
            let mut g = z.to_vec();
            for (row, &i) in g.chunks_exact_mut(outputs).zip(chunk) {
                softmax(row);
                row[y[i] as usize] -= 1.0;
                for v in row.iter_mut() {
                    *v *= inv;
                }
            }
            g
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use candle_core::Tensor;

    use super::*;

    struct Xor;
    impl Rows for Xor {
        fn dim(&self) -> usize {
            2
        }
        fn len(&self) -> usize {
            400
        }
        fn fill(&self, i: usize, out: &mut [f32]) {
            out[0] = (i & 1) as f32;
            out[1] = ((i >> 1) & 1) as f32;
        }
    }

    fn xor_target() -> Vec<f32> {
        (0..400).map(|i| ((i & 1) ^ ((i >> 1) & 1)) as f32).collect()
    }

    #[test]
    fn learns_xor_and_is_deterministic() {
        let cfg = MlpConfig { hidden: 16, epochs: 60, batch: 32, learning_rate: 0.01, weight_decay: 0.0, input_dropout: 0.0, hidden_dropout: 0.0 };
        let target = Target::Binary { y: xor_target(), positive_weight: 1.0, row_weights: Vec::new() };
        let a = Mlp::fit(&Xor, &target, &cfg, 7).unwrap();
        let b = Mlp::fit(&Xor, &target, &cfg, 7).unwrap();
        let x = [0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0];
        let za = a.logits(&x, 4).unwrap();
        assert_eq!(za, b.logits(&x, 4).unwrap());
        let p: Vec<f32> = za.iter().map(|&z| sigmoid(z)).collect();
        assert!(p[0] < 0.2 && p[1] > 0.8 && p[2] > 0.8 && p[3] < 0.2, "{p:?}");
    }

    #[test]
    #[allow(clippy::float_cmp, reason = "unweighted rows must give the very same gradient")]
    fn row_weights_scale_only_the_positive_part() {
        // Rows 0 and 1 positive (one weighed 3), row 2 negative (weight
        // ignored), row 3 half positive.
        let y = vec![1.0, 1.0, 0.0, 0.5];
        let z = [0.3f32, 0.3, 0.3, 0.3];
        let chunk = [0, 1, 2, 3];
        let plain = loss_gradient(&z, &Target::Binary { y: y.clone(), positive_weight: 1.0, row_weights: Vec::new() }, &chunk, 1);
        let weighted = loss_gradient(&z, &Target::Binary { y, positive_weight: 1.0, row_weights: vec![1.0, 3.0, 5.0, 2.0] }, &chunk, 1);
        assert_eq!(weighted[0], plain[0]);
        assert!((weighted[1] - 3.0 * plain[1]).abs() < 1e-7, "{weighted:?} {plain:?}");
        assert_eq!(weighted[2], plain[2]);
        let s = sigmoid(0.3);
        let want = (-2.0 * 0.5 * (1.0 - s) + 0.5 * s) / 4.0;
        assert!((weighted[3] - want).abs() < 1e-7, "{} {want}", weighted[3]);
    }

    #[test]
    fn classes_and_round_trip() {
        let y: Vec<u32> = (0..400).map(|i| (i & 3) as u32).collect();
        let cfg = MlpConfig { hidden: 16, epochs: 60, batch: 32, learning_rate: 0.01, ..MlpConfig::default() };
        let m = Mlp::fit(&Xor, &Target::Classes { y, classes: 4 }, &cfg, 1).unwrap();
        let map: HashMap<String, Tensor> = m.tensors("tc").unwrap().into_iter().collect();
        let back = Mlp::from_tensors(&map, "tc").unwrap();
        let mut row = back.logits(&[1.0, 1.0], 1).unwrap();
        softmax(&mut row);
        assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        let best = row.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap().0;
        assert_eq!(best, 3);
        assert!(Mlp::from_tensors(&map, "si").is_err());
    }
}
