//! The stacker judged honestly: each fold's words are stacked by a
//! regression fitted on the other folds' held-out probabilities, then
//! decoded by the nested decoding search.

use rayon::prelude::*;
use serde::Serialize;
use slant_corpus::Label;
use slant_text::Span;

use crate::blend::ClassicalHeldOut;
use crate::train::corpus::Corpus;
use crate::train::cross_validation::HeldOut;
use crate::decode::DecodeConfig;
use crate::train::decode_search::{DecodeSearch, search};
use crate::stack::{FEATURES, Parts, Stacker, features, targets};

/// L2 penalty of the fits (next to some 350,000 weighted words: barely
/// more than a guard against collinear inputs).
const L2: f64 = 1.0;

/// What stacking gives on held-out articles.
#[derive(Debug, Clone, Serialize)]
pub struct StackReport {
    /// The regression fitted on every held-out article.
    pub stacker: Stacker,
    /// The decoding search on the stacked probabilities: its `nested`
    /// figure has both the regression and the decoding chosen without the
    /// fold scored.
    pub search: DecodeSearch,
}

/// Inputs, targets and weights of each article.
struct Rows {
    x: Vec<Vec<[f32; FEATURES]>>,
    y: Vec<Vec<f32>>,
    w: Vec<Vec<f32>>,
}

/// Features of every held-out article from its unblended parts.
fn rows(corpus: &Corpus<'_>, raw: &[HeldOut], other: Option<&[ClassicalHeldOut]>, power: f32) -> Rows {
    let per: Vec<_> = raw
        .par_iter()
        .map(|h| {
            let article = &corpus.rows[h.doc].article;
            let apart = h.word_parts.as_ref().map(|(a, b)| (a.as_slice(), b.as_slice()));
            let parts = Parts::new(article, &h.words, apart, &h.sentences, other.map(|o| &o[h.doc].spans));
            let gold: Vec<Span> = corpus.gold[h.doc].spans.iter().map(|g| g.0).collect();
            let (y, w) = targets(article, &gold, power);
            (features(&parts), y, w)
        })
        .collect();
    let mut r = Rows { x: Vec::new(), y: Vec::new(), w: Vec::new() };
    for (x, y, w) in per {
        r.x.push(x);
        r.y.push(y);
        r.w.push(w);
    }
    r
}

/// Fits the stacker on the articles `keep` says.
fn fit(r: &Rows, keep: impl Fn(usize) -> bool) -> Stacker {
    let (mut x, mut y, mut w) = (Vec::new(), Vec::new(), Vec::new());
    for i in (0..r.x.len()).filter(|&i| keep(i)) {
        x.extend_from_slice(&r.x[i]);
        y.extend_from_slice(&r.y[i]);
        w.extend_from_slice(&r.w[i]);
    }
    Stacker::fit(&x, &y, &w, L2)
}

/// Stacks each fold's held-out words with a regression fitted on the other
/// folds, and searches the decoding of the result. `raw` holds the neural
/// probabilities before the blend (with their parts), `blended` the same
/// articles blended as configured (their sentences are kept), in the same
/// order; `other` the classical model's.
pub fn cross_check(
    corpus: &Corpus<'_>,
    gold: &[Label],
    raw: &[HeldOut],
    blended: &[HeldOut],
    other: Option<&[ClassicalHeldOut]>,
    fold: &[usize],
    k: usize,
    decode: &DecodeConfig,
    power: f32,
) -> StackReport {
    let r = rows(corpus, raw, other, power);
    let mut stacked: Vec<HeldOut> = blended.to_vec();
    for f in 0..k {
        let s = fit(&r, |i| fold[raw[i].doc] != f);
        for (i, h) in stacked.iter_mut().enumerate().filter(|(i, _)| fold[raw[*i].doc] == f) {
            h.words = s.apply(&r.x[i]);
        }
        eprintln!("slant: stacker without fold {}/{k} fitted", f + 1);
    }
    let stacker = fit(&r, |_| true);
    StackReport { stacker, search: search(corpus, gold, &stacked, fold, k, decode) }
}
