//! The second-stage token model: it rescores each token from the first-stage
//! probabilities around it — its neighbours, its sentence, the sentences
//! beside it, the whole article — and from the sentence scorer. A token
//! the first stage finds weakly likely inside a strongly suspect sentence of
//! a suspect article is lifted; a lone likely token in a clean article is
//! lowered.
//!
//! Each aggregate is given twice: one-hot in quantile bins (edges learnt on
//! training data) and as a raw value scaled to `[-1, 1]`. It is trained on
//! out-of-fold first-stage probabilities, so it sees them as they are on
//! unseen articles.

// Aggregates are written with short index names, as in their definitions.
#![allow(clippy::many_single_char_names)]

use serde::{Deserialize, Serialize};

use crate::features::DocView;
use crate::learn::{logit, sigmoid, FeatureSpace, FeatureVec, FtrlBinary, FtrlConfig};

/// Number of aggregates per token.
pub const AGGREGATES: usize = 23;
/// Inner quantile edges per aggregate.
const EDGES: usize = 11;
/// Logit given to positions outside the sentence.
const OUTSIDE: f32 = -6.0;

/// The learnt second stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextModel {
    /// Quantile edges per aggregate (sorted, possibly fewer than 11).
    pub edges: Vec<Vec<f32>>,
    /// Largest magnitude per aggregate on the training data.
    pub scales: Vec<f32>,
    /// Weights over the bins and raw values.
    #[serde(skip)]
    pub weights: Vec<f32>,
}

/// The aggregates of every token of `v`.
pub fn aggregates(v: &DocView<'_>, probs: &[f32], sentence_probs: &[f32]) -> Vec<[f32; AGGREGATES]> {
    let n = probs.len();
    let mut out = vec![[0.0; AGGREGATES]; n];
    if n == 0 {
        return out;
    }
    let article_mean = probs.iter().sum::<f32>() / n as f32;
    let article_frac = probs.iter().filter(|&&p| p > 0.3).count() as f32 / n as f32;
    let ss_mean = if sentence_probs.is_empty() { 0.0 } else { sentence_probs.iter().sum::<f32>() / sentence_probs.len() as f32 };
    let sent_max: Vec<f32> =
        v.sentences.iter().map(|s| probs[s.first..s.last].iter().copied().fold(0.0, f32::max)).collect();
    for (k, s) in v.sentences.iter().enumerate() {
        let p = &probs[s.first..s.last];
        let len = p.len();
        let mean = p.iter().sum::<f32>() / len as f32;
        let mut sorted = p.to_vec();
        sorted.sort_by(|a, b| b.total_cmp(a));
        let top3 = sorted.iter().take(3).sum::<f32>() / sorted.len().min(3) as f32;
        let frac = p.iter().filter(|&&x| x > 0.3).count() as f32 / len as f32;
        let prev = if k > 0 { sent_max[k - 1] } else { 0.0 };
        let next = sent_max.get(k + 1).copied().unwrap_or(0.0);
        let ss = |j: Option<usize>| j.and_then(|j| sentence_probs.get(j)).copied().unwrap_or(0.0);
        let mut left = 0.0f32;
        let mut right = vec![0.0f32; len];
        for j in (0..len.saturating_sub(1)).rev() {
            right[j] = right[j + 1].max(p[j + 1]);
        }
        for j in 0..len {
            let i = s.first + j;
            let at = |d: isize| {
                let t = j as isize + d;
                if t < 0 || t >= len as isize { OUTSIDE } else { logit(p[t as usize]) }
            };
            out[i] = [
                logit(p[j]),
                at(-3),
                at(-2),
                at(-1),
                at(1),
                at(2),
                at(3),
                sent_max[k],
                mean,
                top3,
                frac,
                (1.0 + len as f32).ln(),
                if len > 1 { j as f32 / (len - 1) as f32 } else { 0.0 },
                left,
                right[j],
                prev,
                next,
                article_mean,
                article_frac,
                ss(Some(k)),
                ss(k.checked_sub(1)),
                ss(Some(k + 1)),
                ss_mean,
            ];
            left = left.max(p[j]);
        }
    }
    out
}

impl ContextModel {
    /// The feature layout: bins of every aggregate, then the raw values.
    pub fn space() -> FeatureSpace {
        FeatureSpace { hash_bits: 0, dense: (AGGREGATES * (EDGES + 2)) as u32 }
    }

    fn features(&self, a: &[f32; AGGREGATES], out: &mut FeatureVec) {
        let space = Self::space();
        for (f, &x) in a.iter().enumerate() {
            let bin = self.edges[f].partition_point(|&e| e <= x);
            out.dense(space, f * (EDGES + 1) + bin, 1.0);
            let raw = (x / self.scales[f]).clamp(-1.0, 1.0);
            out.dense(space, AGGREGATES * (EDGES + 1) + f, raw);
        }
    }

    /// Learns bin edges and weights from aggregates and token labels.
    pub fn fit(data: &[[f32; AGGREGATES]], labels: &[f32], ftrl: FtrlConfig) -> Self {
        let mut edges = Vec::with_capacity(AGGREGATES);
        let mut scales = Vec::with_capacity(AGGREGATES);
        let mut column: Vec<f32> = Vec::with_capacity(data.len());
        for f in 0..AGGREGATES {
            column.clear();
            column.extend(data.iter().map(|a| a[f]));
            column.sort_by(f32::total_cmp);
            let mut e: Vec<f32> = (1..=EDGES)
                .filter_map(|q| column.get(q * column.len() / (EDGES + 1)).copied())
                .collect();
            e.dedup();
            edges.push(e);
            scales.push(column.iter().fold(1e-6f32, |m, x| m.max(x.abs())));
        }
        let mut model = Self { edges, scales, weights: Vec::new() };
        let space = Self::space();
        model.weights = FtrlBinary::new(space.dim(), ftrl).fit_with(
            data.len(),
            |k| (labels[k], 1.0),
            |k, out| model.features(&data[k], out),
        );
        model
    }

    /// Second-stage probability of every token.
    pub fn probs(&self, v: &DocView<'_>, probs: &[f32], sentence_probs: &[f32]) -> Vec<f32> {
        let mut fv = FeatureVec::with_capacity(2 * AGGREGATES);
        aggregates(v, probs, sentence_probs)
            .iter()
            .map(|a| {
                fv.clear();
                self.features(a, &mut fv);
                sigmoid(fv.dot(&self.weights))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use slant_text::Document;

    #[test]
    #[allow(clippy::float_cmp, reason = "OUTSIDE is a sentinel value, compared exactly")]
    fn aggregates_see_neighbours_and_sentences() {
        let doc = Document::from_bytes("c", b"A b c.\nD e f.").unwrap();
        let v = DocView::new(&doc);
        let probs = [0.9, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.2];
        let a = aggregates(&v, &probs, &[0.8, 0.3]);
        assert_eq!(a.len(), 8);
        assert!((a[1][3] - logit(0.9)).abs() < 1e-6, "left neighbour");
        assert_eq!(a[0][3], OUTSIDE, "nothing left of the first token");
        assert!((a[5][16] - 0.0).abs() < 1e-6 && (a[5][15] - 0.9).abs() < 1e-6, "previous sentence max");
        assert!((a[2][13] - 0.9).abs() < 1e-6, "running max from the left");
        assert!((a[4][19] - 0.3).abs() < 1e-6 && (a[4][20] - 0.8).abs() < 1e-6);
    }

    #[test]
    fn learns_to_follow_the_strongest_aggregate() {
        let mut data = Vec::new();
        let mut labels = Vec::new();
        for i in 0..400 {
            let mut a = [0.0; AGGREGATES];
            a[0] = (i % 20) as f32 - 10.0;
            data.push(a);
            labels.push(if a[0] > 0.0 { 1.0 } else { 0.0 });
        }
        let m = ContextModel::fit(&data, &labels, FtrlConfig { l1: 0.0, alpha: 0.5, ..FtrlConfig::default() });
        let score = |x: f32| {
            let mut a = [0.0; AGGREGATES];
            a[0] = x;
            let mut fv = FeatureVec::default();
            m.features(&a, &mut fv);
            sigmoid(fv.dot(&m.weights))
        };
        assert!(score(8.0) > 0.8 && score(-8.0) < 0.2);
    }
}
