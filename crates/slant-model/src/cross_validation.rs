//! k-fold cross-validation on a labelled split: the honest estimate of how
//! a model trained by [`crate::train`] does on articles it has not seen.


use rayon::prelude::*;
use serde::Serialize;
use slant_corpus::Label;
use slant_eval::{score_si, score_spans_by_technique, score_tc, Prf, SiScore, TcScore};
use slant_text::{Document, Span, Technique};

use slant_text::hash::SplitMix64;
use crate::features::DocView;
use crate::linear::LinearModel;
use crate::technique_classifier::TechniqueClassifier;
use crate::assign_listed;
use crate::span_tagger::{DecodeConfig, SpanTagger};
use crate::train::{Prepared, TrainConfig};

/// SI at one decoding setting.
#[derive(Debug, Clone, Serialize)]
pub struct ThresholdScore {
    /// The marking threshold.
    pub threshold: f32,
    /// The keeping threshold.
    pub keep_threshold: f32,
    /// The whole-sentence threshold.
    pub sentence_threshold: f32,
    /// The pooled SI score at it.
    pub si: SiScore,
}

/// Pooled scores over all held-out folds.
#[derive(Debug, Clone, Serialize)]
pub struct CvReport {
    /// Number of folds.
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// SI at the configured threshold.
    pub si: SiScore,
    /// SI over a grid of decoding thresholds.
    pub sweep: Vec<ThresholdScore>,
    /// TC on the gold spans.
    pub tc: TcScore,
    /// The partial-overlap measure counted per technique (full task).
    pub flc: Prf,
    /// The held-out predictions behind `flc` (spans with techniques).
    #[serde(skip)]
    pub predictions: Vec<Label>,
}

/// Assigns each document to one of `k` folds, deterministically.
pub fn fold_of_each(docs: &[Document], k: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    SplitMix64::new(seed).shuffle(&mut order);
    let mut fold = vec![0; docs.len()];
    for (rank, &d) in order.iter().enumerate() {
        fold[d] = rank % k;
    }
    fold
}

/// Labels for a TC template: each listed span gets a technique; the k-th
/// listing of a span gets its k-th most likely technique.
pub fn classify_template(model: &LinearModel, prepared: &Prepared<'_>, doc: usize, spans: &[Span]) -> Vec<(Span, Technique)> {
    listed_techniques(&model.classifier, &prepared.views[doc], spans)
}

/// The technique of each listed span (see [`crate::assign_listed`]).
fn listed_techniques(classifier: &TechniqueClassifier, v: &DocView<'_>, spans: &[Span]) -> Vec<(Span, Technique)> {
    let ranked = classifier.ranked_all(v, spans);
    spans
        .iter()
        .zip(assign_listed(spans, &ranked))
        .map(|(&span, t)| (span, t.expect("the classifier ranks every technique")))
        .collect()
}

/// k-fold cross-validation of the technique classifier alone (on the gold
/// spans, as the TC task is set): much faster than [`cross_validate`], for
/// tuning it.
pub fn cross_validate_tc(
    docs: &[Document],
    labels: &[Label],
    cfg: &TrainConfig,
    embeddings: Option<&std::sync::Arc<crate::embed::StaticEmbeddings>>,
    k: usize,
    seed: u64,
) -> TcScore {
    let prepared = Prepared::new(docs, labels, cfg, embeddings);
    let fold = fold_of_each(docs, k, seed);
    let pred: Vec<Label> = (0..k)
        .into_par_iter()
        .flat_map_iter(|f| {
            let train: Vec<usize> = (0..docs.len()).filter(|&d| fold[d] != f).collect();
            let classifier = prepared.fit_tc(&train, cfg);
            let mut out = Vec::new();
            for d in (0..docs.len()).filter(|&d| fold[d] == f) {
                let id = docs[d].id();
                let spans: Vec<Span> = labels.iter().filter(|l| l.article_id == id).map(|l| l.span).collect();
                for (span, t) in listed_techniques(&classifier, &prepared.views[d], &spans) {
                    out.push(Label::new(id, Some(t), span));
                }
            }
            out
        })
        .collect();
    let known: std::collections::HashSet<&str> = docs.iter().map(Document::id).collect();
    let gold: Vec<Label> = labels.iter().filter(|l| known.contains(l.article_id.as_str())).cloned().collect();
    score_tc(&gold, &pred).expect("template built from the gold spans")
}

/// Runs k-fold cross-validation of `cfg` on `docs` with gold `labels`.
pub fn cross_validate(
    docs: &[Document],
    labels: &[Label],
    cfg: &TrainConfig,
    embeddings: Option<&std::sync::Arc<crate::embed::StaticEmbeddings>>,
    k: usize,
    seed: u64,
) -> CvReport {
    struct FoldOut {
        probs: Vec<(usize, Vec<f32>, Vec<f32>)>,
        tc: Vec<Label>,
        flc: Vec<Label>,
    }
    let prepared = Prepared::new(docs, labels, cfg, embeddings);
    let fold = fold_of_each(docs, k, seed);
    let outs: Vec<FoldOut> = (0..k)
        .into_par_iter()
        .map(|f| {
            let train: Vec<usize> = (0..docs.len()).filter(|&d| fold[d] != f).collect();
            let model = prepared.fit(&train, cfg);
            let mut out = FoldOut { probs: Vec::new(), tc: Vec::new(), flc: Vec::new() };
            for d in (0..docs.len()).filter(|&d| fold[d] == f) {
                let v = &prepared.views[d];
                let id = docs[d].id();
                let (probs, sentence_probs) = model.tagger.probs(v);
                out.probs.push((d, probs, sentence_probs));
                for s in model.scored_spans(v, None) {
                    out.flc.push(Label::new(id, Some(s.ranked[0].0), s.candidate.span));
                }
                let spans: Vec<Span> = labels.iter().filter(|l| l.article_id == id).map(|l| l.span).collect();
                for (span, t) in classify_template(&model, &prepared, d, &spans) {
                    out.tc.push(Label::new(id, Some(t), span));
                }
            }
            out
        })
        .collect();
    let probs: Vec<&(usize, Vec<f32>, Vec<f32>)> = outs.iter().flat_map(|o| &o.probs).collect();
    let si_at = |dc: DecodeConfig| {
        let mut pred = Vec::new();
        for (d, p, sp) in &probs {
            for c in SpanTagger::decode(&prepared.views[*d], p, sp, dc) {
                pred.push(Label::new(docs[*d].id(), None, c.span));
            }
        }
        score_si(labels, &pred)
    };
    let mut grid = Vec::new();
    for &s in &[1.1f32, 0.5, 0.6, 0.7] {
        for i in 2..=9 {
            let t = i as f32 * 0.05;
            for keep in [t, t + 0.05, t + 0.1] {
                grid.push(DecodeConfig { threshold: t, keep_threshold: keep, sentence_threshold: s, ..cfg.decode });
            }
        }
    }
    let sweep: Vec<ThresholdScore> = grid
        .par_iter()
        .map(|&dc| ThresholdScore {
            threshold: dc.threshold,
            keep_threshold: dc.keep_threshold,
            sentence_threshold: dc.sentence_threshold,
            si: si_at(dc),
        })
        .collect();
    let tc_pred: Vec<Label> = outs.iter().flat_map(|o| o.tc.iter().cloned()).collect();
    let flc_pred: Vec<Label> = outs.iter().flat_map(|o| o.flc.iter().cloned()).collect();
    let known: std::collections::HashSet<&str> = docs.iter().map(Document::id).collect();
    let gold: Vec<Label> = labels.iter().filter(|l| known.contains(l.article_id.as_str())).cloned().collect();
    CvReport {
        folds: k,
        seed,
        si: si_at(cfg.decode),
        sweep,
        tc: score_tc(&gold, &tc_pred).expect("template built from the gold spans"),
        flc: score_spans_by_technique(&gold, &flc_pred).0,
        predictions: flc_pred,
    }
}
