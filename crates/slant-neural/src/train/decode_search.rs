//! A search over every decoding parameter on held-out probabilities, by
//! coordinate descent, with an honest estimate of what it gains: each fold
//! is decoded with the parameters searched on the other folds' articles.
//!
//! The threshold sweep of [`crate::train::cross_validation`] moves two of the eight parameters
//! and reports its best point on the articles it was chosen on; this search
//! moves all of them and says how much of its gain survives on articles it
//! did not see.

use rayon::prelude::*;
use serde::Serialize;
use slant_corpus::Label;
use slant_eval::{SiScore, score_si};

use crate::train::corpus::Corpus;
use crate::train::cross_validation::{HeldOut, si_predictions};
use crate::decode::DecodeConfig;

/// One decoding parameter and the values the search tries for it.
struct Axis {
    values: &'static [f32],
    set: fn(&mut DecodeConfig, f32),
}

/// The parameters in the order they are searched.
const AXES: [Axis; 8] = [
    Axis { values: &[0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50], set: |c, v| c.threshold = v },
    Axis {
        values: &[0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.70, 0.80, 1.1],
        set: |c, v| c.sentence_threshold = v,
    },
    // Whole numbers; `as usize` is exact for these.
    Axis { values: &[0.0, 1.0, 2.0, 3.0, 4.0], set: |c, v| c.max_gap = v as usize },
    Axis { values: &[0.05, 0.10, 0.15, 0.20, 0.25, 0.30], set: |c, v| c.gap_threshold = v },
    Axis { values: &[0.0, 0.05, 0.10, 0.15, 0.20, 0.25, 0.30], set: |c, v| c.sentence_trim = v },
    Axis { values: &[0.0, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45], set: |c, v| c.keep_threshold = v },
    Axis { values: &[0.0, 0.25, 0.5, 0.75, 1.0], set: |c, v| c.sentence_weight = v },
    Axis { values: &[0.0, 0.25, 0.5, 0.75, 1.0], set: |c, v| c.article_weight = v },
];

/// Rounds of coordinate descent at most (it stops when a round changes
/// nothing).
const ROUNDS: usize = 3;

/// What the search found.
#[derive(Debug, Clone, Serialize)]
pub struct DecodeSearch {
    /// The parameters searched on all held-out articles.
    pub config: DecodeConfig,
    /// Their SI on those same articles (optimistic: chosen there).
    pub si: SiScore,
    /// SI of all held-out articles, each fold decoded with the parameters
    /// searched on the other folds (the honest figure to compare with the
    /// configured decoding's).
    pub nested: SiScore,
    /// The nested SI F1 of each fold's articles.
    pub nested_by_fold: Vec<f64>,
    /// The parameters searched without each fold.
    pub nested_configs: Vec<DecodeConfig>,
}

/// Searches the decoding parameters from `start` on all of `held`, and
/// again without each fold of `fold` (the fold of each corpus article, `k`
/// folds) to score that fold.
pub fn search(
    corpus: &Corpus<'_>,
    gold: &[Label],
    held: &[HeldOut],
    fold: &[usize],
    k: usize,
    start: &DecodeConfig,
) -> DecodeSearch {
    let (config, si) = descend(corpus, gold, held, start);
    let mut nested_configs = Vec::with_capacity(k);
    let mut predictions = Vec::new();
    let mut nested_by_fold = Vec::with_capacity(k);
    for f in 0..k {
        let (inside, outside): (Vec<HeldOut>, Vec<HeldOut>) = held.iter().cloned().partition(|h| fold[h.doc] != f);
        let (c, _) = descend(corpus, &restrict(corpus, gold, &inside), &inside, start);
        let p = si_predictions(corpus, &outside, &c);
        nested_by_fold.push(score_si(&restrict(corpus, gold, &outside), &p).f1);
        predictions.extend(p);
        nested_configs.push(c);
        eprintln!("slant: decode search without fold {}/{k} done", f + 1);
    }
    DecodeSearch { config, si, nested: score_si(gold, &predictions), nested_by_fold, nested_configs }
}

/// Coordinate descent from `start`: each parameter in turn takes the value
/// of its grid that scores best with the others fixed (ties keep the
/// current value), for up to [`ROUNDS`] rounds.
fn descend(corpus: &Corpus<'_>, gold: &[Label], held: &[HeldOut], start: &DecodeConfig) -> (DecodeConfig, SiScore) {
    let score = |c: &DecodeConfig| score_si(gold, &si_predictions(corpus, held, c));
    let mut best = *start;
    let mut best_si = score(&best);
    for _ in 0..ROUNDS {
        let before = best;
        for axis in &AXES {
            let tried: Vec<(DecodeConfig, SiScore)> = axis
                .values
                .par_iter()
                .map(|&v| {
                    let mut c = best;
                    (axis.set)(&mut c, v);
                    let s = score(&c);
                    (c, s)
                })
                .collect();
            for (c, s) in tried {
                if s.f1 > best_si.f1 + 1e-9 {
                    best = c;
                    best_si = s;
                }
            }
        }
        if best == before {
            break;
        }
    }
    (best, best_si)
}

/// The gold labels of the articles in `held`.
fn restrict(corpus: &Corpus<'_>, gold: &[Label], held: &[HeldOut]) -> Vec<Label> {
    let ids: std::collections::HashSet<&str> = held.iter().map(|h| corpus.docs[h.doc].id()).collect();
    gold.iter().filter(|l| ids.contains(l.article_id.as_str())).cloned().collect()
}
