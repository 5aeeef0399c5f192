//! The averaged structured perceptron (Collins 2002) over paragraphs, with
//! the usual lazy-averaging trick: each update is also added, scaled by the
//! step count, to an accumulator, and the average is `w - acc / steps`.

use std::ops::Range;

use crate::features::Analysis;
use crate::tagger::{NT, Tag, Weights, viterbi};

/// One training sequence: a paragraph of an article, with its gold tags.
pub(crate) struct Sequence {
    pub article: usize,
    pub tokens: Range<usize>,
}

/// Weights being learnt.
pub(crate) struct Perceptron {
    w: Weights,
    acc_emit: Vec<f64>,
    acc_trans: [[f64; NT]; NT],
    acc_start: [f64; NT],
    steps: f64,
}

impl Perceptron {
    pub fn new(bits: u32) -> Self {
        let w = Weights::zeros(bits);
        let acc_emit = vec![0.0; w.emit.len()];
        Self { w, acc_emit, acc_trans: [[0.0; NT]; NT], acc_start: [0.0; NT], steps: 1.0 }
    }

    /// One pass over `order` (indices into `seqs`): decode each sequence
    /// with the current weights and move them towards the gold tags.
    /// Returns the share of tokens tagged wrong.
    pub fn epoch<F>(
        &mut self,
        seqs: &[Sequence],
        order: &[usize],
        articles: &[(Analysis, Vec<Tag>)],
        features: &F,
    ) -> f64
    where
        F: Fn(usize, usize, &mut Vec<u64>),
    {
        let (mut wrong, mut total) = (0usize, 0usize);
        let mut feats: Vec<Vec<u64>> = Vec::new();
        let mut em: Vec<[f32; NT]> = Vec::new();
        for &s in order {
            let seq = &seqs[s];
            let gold = &articles[seq.article].1[seq.tokens.clone()];
            feats.resize_with(seq.tokens.len(), Vec::new);
            em.clear();
            for (k, i) in seq.tokens.clone().enumerate() {
                let f = &mut feats[k];
                f.clear();
                features(seq.article, i, f);
                let mut e = [0.0; NT];
                self.w.emit_into(f, &mut e);
                em.push(e);
            }
            let pred = viterbi(&self.w, &em);
            for (k, (&p, &g)) in pred.iter().zip(gold).enumerate() {
                total += 1;
                if p != g {
                    wrong += 1;
                    self.update_emit(&feats[k], g, 1.0);
                    self.update_emit(&feats[k], p, -1.0);
                }
                let (pp, gp) = if k == 0 { (None, None) } else { (Some(pred[k - 1]), Some(gold[k - 1])) };
                if (pp, p) != (gp, g) {
                    self.update_trans(gp, g, 1.0);
                    self.update_trans(pp, p, -1.0);
                }
            }
            self.steps += 1.0;
        }
        wrong as f64 / total.max(1) as f64
    }

    fn update_emit(&mut self, feats: &[u64], tag: Tag, d: f32) {
        for &f in feats {
            let k = self.w.bucket(f) + tag.index();
            self.w.emit[k] += d;
            self.acc_emit[k] += self.steps * f64::from(d);
        }
    }

    fn update_trans(&mut self, prev: Option<Tag>, tag: Tag, d: f32) {
        let t = tag.index();
        if let Some(p) = prev {
            self.w.trans[p.index()][t] += d;
            self.acc_trans[p.index()][t] += self.steps * f64::from(d);
        } else {
            self.w.start[t] += d;
            self.acc_start[t] += self.steps * f64::from(d);
        }
    }

    /// The averaged weights.
    pub fn averaged(&self) -> Weights {
        let mut out = Weights::zeros(self.w.bits);
        let avg = |w: f32, acc: f64| (f64::from(w) - acc / self.steps) as f32;
        for (k, o) in out.emit.iter_mut().enumerate() {
            *o = avg(self.w.emit[k], self.acc_emit[k]);
        }
        for p in 0..NT {
            for t in 0..NT {
                out.trans[p][t] = avg(self.w.trans[p][t], self.acc_trans[p][t]);
            }
            out.start[p] = avg(self.w.start[p], self.acc_start[p]);
        }
        out
    }
}

/// A small seeded generator (splitmix64) for shuffling.
pub(crate) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Fisher-Yates.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}
