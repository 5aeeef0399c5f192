//! k-fold cross-validation of the heads, on the same article folds as the
//! classical model (`slant_model::cross_validation::fold_of_each`), scored with the exact
//! SemEval scorers, pooled over the held-out folds.


use rayon::prelude::*;
use serde::Serialize;
use slant_corpus::Label;
use slant_eval::{SiScore, TcScore, score_si, score_tc};
use slant_text::{Span, Technique};

use crate::Result;
use crate::blend::{BlendConfig, ClassicalHeldOut, mix, mix_techniques, out_of_fold};
use crate::train::corpus::Corpus;
use crate::decode::{DecodeConfig, decode, word_probs};
use crate::train::decode_search::{DecodeSearch, search};
use crate::train::stack_fit::{StackReport, cross_check};
use crate::heads::{Heads, HeadsConfig};

/// SI at one pair of decoding thresholds.
#[derive(Debug, Clone, Serialize)]
pub struct SweepPoint {
    /// Word threshold.
    pub threshold: f32,
    /// Whole-sentence threshold.
    pub sentence_threshold: f32,
    /// Pooled SI.
    pub si: SiScore,
}

/// Held-out probabilities of one article.
#[derive(Debug, Clone)]
pub struct HeldOut {
    /// Index of the article in the corpus.
    pub doc: usize,
    /// Word probabilities.
    pub words: Vec<f32>,
    /// Sentence probabilities.
    pub sentences: Vec<f32>,
    /// Technique probabilities of each gold span, in gold order.
    pub techniques: Vec<[f32; Technique::COUNT]>,
    /// With tuned layers: word probabilities of the piece head alone and
    /// of the tuned layers alone.
    pub word_parts: Option<(Vec<f32>, Vec<f32>)>,
    /// With a tuned sentence output: sentence probabilities of the
    /// sentence head alone and of the tuned layers alone.
    pub sentence_parts: Option<(Vec<f32>, Vec<f32>)>,
}

/// The best SI and the TC at one blend of neural and classical.
#[derive(Debug, Clone, Serialize)]
pub struct BlendPoint {
    /// The weights (neural side).
    pub blend: BlendConfig,
    /// The best point of the threshold sweep under this blend.
    pub best_si: SweepPoint,
    /// TC micro-F1 under this blend.
    pub tc_micro_f1: f64,
}

/// Pooled scores over all held-out folds.
#[derive(Debug, Clone, Serialize)]
pub struct CvReport {
    /// Number of folds.
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// SI with the configured decoding.
    pub si: SiScore,
    /// SI F1 of each fold's articles alone, configured decoding (how much
    /// the pooled figure owes to the split).
    pub fold_si: Vec<f64>,
    /// SI over a grid of thresholds, best first.
    pub sweep: Vec<SweepPoint>,
    /// TC on the gold spans.
    pub tc: TcScore,
    /// Scores over a grid of blend weights (when the classical model was
    /// cross-validated beside the heads).
    pub blend_sweep: Vec<BlendPoint>,
    /// With tuned layers: the best SI for each share of the tuned layers in
    /// the piece probabilities (the rest as configured).
    pub tune_sweep: Vec<(f32, SweepPoint)>,
    /// With a tuned sentence output: the best SI for each share of it in
    /// the sentence probabilities (the rest as configured).
    pub tune_sentence_sweep: Vec<(f32, SweepPoint)>,
    /// Every decoding parameter searched on the held-out probabilities,
    /// with the nested (honest) estimate of what that gains.
    pub decode_search: DecodeSearch,
    /// A learnt blend in place of the fixed one, judged on folds it was not
    /// fitted on.
    pub stack: StackReport,
    /// Held-out probabilities (blended as configured), for further tuning.
    #[serde(skip)]
    pub held_out: Vec<HeldOut>,
    /// The neural side's held-out probabilities before the blend.
    #[serde(skip)]
    pub neural_held_out: Vec<HeldOut>,
    /// The classical model's held-out probabilities, by article (empty when
    /// it was not cross-validated).
    #[serde(skip)]
    pub classical_held_out: Vec<ClassicalHeldOut>,
    /// The fold of each article.
    #[serde(skip)]
    pub fold: Vec<usize>,
}

/// The labels of a TC template: the k-th listing of a span gets its k-th
/// most likely technique.
pub fn assign_template(spans: &[Span], probs: &[[f32; Technique::COUNT]]) -> Vec<Technique> {
    let ranked: Vec<_> = probs.iter().map(slant_model::rank).collect();
    slant_model::assign_listed(spans, &ranked).into_iter().map(|t| t.expect("every technique is ranked")).collect()
}

/// SI F1 of each of `k` folds' articles alone (`fold_of`: an article id's
/// fold; labels of articles in none are left out).
pub fn si_by_fold(gold: &[Label], predictions: &[Label], fold_of: impl Fn(&str) -> Option<usize>, k: usize) -> Vec<f64> {
    let in_fold = |labels: &[Label], f: usize| -> Vec<Label> {
        labels.iter().filter(|l| fold_of(l.article_id.as_str()) == Some(f)).cloned().collect()
    };
    (0..k).map(|f| score_si(&in_fold(gold, f), &in_fold(predictions, f)).f1).collect()
}

/// SI predictions of the held-out articles under `cfg`.
pub fn si_predictions(corpus: &Corpus<'_>, held: &[HeldOut], cfg: &DecodeConfig) -> Vec<Label> {
    held.iter()
        .flat_map(|h| {
            let doc = &corpus.docs[h.doc];
            decode(doc, &corpus.rows[h.doc].article, &h.words, &h.sentences, cfg)
                .into_iter()
                .map(|d| Label::new(doc.id(), None, d.span))
        })
        .collect()
}

/// Runs k-fold cross-validation of `cfg` on `corpus` (gold `labels`). With
/// `classical`, the classical model is cross-validated on the same folds
/// too, blended as `cfg.blend` says, and a grid of blends is scored.
pub fn cross_validate(
    corpus: &Corpus<'_>,
    labels: &[Label],
    cfg: &HeadsConfig,
    k: usize,
    seed: u64,
    classical: bool,
    embeddings: Option<&std::sync::Arc<slant_model::embed::StaticEmbeddings>>,
) -> Result<CvReport> {
    let fold = slant_model::cross_validation::fold_of_each(corpus.docs, k, seed);
    let mut held = Vec::new();
    for f in 0..k {
        let train: Vec<usize> = (0..corpus.docs.len()).filter(|&d| fold[d] != f).collect();
        let heads = Heads::fit(corpus, &train, cfg)?;
        let test: Vec<usize> = (0..corpus.docs.len()).filter(|&d| fold[d] == f).collect();
        let outs: Vec<Result<HeldOut>> = test
            .par_iter()
            .map(|&d| {
                let (doc, rows) = (&corpus.docs[d], &corpus.rows[d]);
                let (head, tuned) = heads.piece_probs_apart(rows)?;
                // Word probabilities are piece means, so mixing words
                // (the tuned-share grid below) equals mixing pieces.
                let word_parts = tuned.as_ref().map(|t| (word_probs(&rows.article, &head), word_probs(&rows.article, &t.pieces)));
                let words = word_probs(&rows.article, &heads.mix_pieces(head, tuned.as_ref().map(|t| t.pieces.as_slice())));
                let sentence_head = heads.sentence_probs(rows)?;
                let sentence_parts =
                    tuned.as_ref().filter(|t| !t.sentences.is_empty()).map(|t| (sentence_head.clone(), t.sentences.clone()));
                let sentences = heads.mix_sentences(sentence_head, tuned.as_ref().map(|t| t.sentences.as_slice()));
                let gold: Vec<Span> = corpus.gold[d].spans.iter().map(|g| g.0).collect();
                let techniques = heads.technique_probs(doc, rows, &gold)?;
                Ok(HeldOut { doc: d, words, sentences, techniques, word_parts, sentence_parts })
            })
            .collect();
        for o in outs {
            held.push(o?);
        }
        eprintln!("slant: fold {}/{k} done", f + 1);
    }
    held.sort_by_key(|h| h.doc);
    let known: std::collections::HashSet<&str> = corpus.docs.iter().map(slant_text::Document::id).collect();
    let gold: Vec<Label> = labels.iter().filter(|l| known.contains(l.article_id.as_str())).cloned().collect();
    let mut blend_sweep = Vec::new();
    let mut other_held = None;
    let raw = held.clone();
    if classical {
        let articles: Vec<&crate::article::Article> = corpus.rows.iter().map(|r| &r.article).collect();
        let spans: Vec<Vec<Span>> = corpus.gold.iter().map(|g| g.spans.iter().map(|s| s.0).collect()).collect();
        let other = out_of_fold(corpus.docs, labels, &articles, &spans, &fold, k, embeddings);
        // SI depends only on the word and sentence weights, TC only on the
        // technique weight: one grid serves both.
        for w in [0.0f32, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0] {
            let b = BlendConfig { words: w, sentences: w, techniques: w };
            let mixed = blended(&held, &other, &b);
            let mut points = sweep(corpus, &gold, &mixed, &cfg.decode);
            points.sort_by(|a, b| b.si.f1.total_cmp(&a.si.f1));
            let tc = score_tc(&gold, &tc_predictions(corpus, &mixed)).map_err(|e| crate::Error::Heads(format!("TC scoring: {e}")))?;
            blend_sweep.push(BlendPoint { blend: b, best_si: points.swap_remove(0), tc_micro_f1: tc.micro.f1 });
        }
        held = blended(&held, &other, &cfg.blend);
        other_held = Some(other);
    }
    // Mixing held-out parts here is what inference does (word
    // probabilities are piece means, so mixing words equals mixing pieces).
    let tune_sweep = if cfg.tune.is_some() {
        let words_only = BlendConfig { sentences: 1.0, techniques: 1.0, ..cfg.blend };
        share_sweep(corpus, &gold, &held, other_held.as_deref(), cfg, words_only, |h, w| {
            if let Some((head, tuned)) = &h.word_parts {
                h.words = mix(head, tuned, 1.0 - w);
            }
        })
    } else {
        Vec::new()
    };
    let tune_sentence_sweep = if held.iter().any(|h| h.sentence_parts.is_some()) {
        let sentences_only = BlendConfig { words: 1.0, techniques: 1.0, ..cfg.blend };
        share_sweep(corpus, &gold, &held, other_held.as_deref(), cfg, sentences_only, |h, w| {
            if let Some((head, tuned)) = &h.sentence_parts {
                h.sentences = mix(head, tuned, 1.0 - w);
            }
        })
    } else {
        Vec::new()
    };
    let predictions = si_predictions(corpus, &held, &cfg.decode);
    let si = score_si(&gold, &predictions);
    let fold_of: std::collections::HashMap<&str, usize> = corpus.docs.iter().map(slant_text::Document::id).zip(fold.iter().copied()).collect();
    let fold_si = si_by_fold(&gold, &predictions, |id| fold_of.get(id).copied(), k);
    let mut sweep = sweep(corpus, &gold, &held, &cfg.decode);
    sweep.sort_by(|a, b| b.si.f1.total_cmp(&a.si.f1));
    let tc = score_tc(&gold, &tc_predictions(corpus, &held)).map_err(|e| crate::Error::Heads(format!("TC scoring: {e}")))?;
    let decode_search = search(corpus, &gold, &held, &fold, k, &cfg.decode);
    let power = cfg.piece_span_length_power;
    let stack = cross_check(corpus, &gold, &raw, &held, other_held.as_deref(), &fold, k, &cfg.decode, power);
    let classical_held_out = other_held.unwrap_or_default();
    Ok(CvReport {
        folds: k,
        seed,
        si,
        fold_si,
        sweep,
        tc,
        blend_sweep,
        tune_sweep,
        tune_sentence_sweep,
        decode_search,
        stack,
        held_out: held,
        neural_held_out: raw,
        classical_held_out,
        fold,
    })
}

/// The best SI for each share of the tuned layers: `remix` sets one kind
/// of neural probability from its parts at a share, then that kind alone is
/// blended with the classical side (`only`: weight 1 for the others, which
/// are blended already).
fn share_sweep(
    corpus: &Corpus<'_>,
    gold: &[Label],
    held: &[HeldOut],
    other: Option<&[ClassicalHeldOut]>,
    cfg: &HeadsConfig,
    only: BlendConfig,
    remix: impl Fn(&mut HeldOut, f32),
) -> Vec<(f32, SweepPoint)> {
    [0.0f32, 0.25, 0.5, 0.75, 1.0]
        .into_iter()
        .map(|w| {
            let mut mixed: Vec<HeldOut> = held.to_vec();
            for h in &mut mixed {
                remix(h, w);
            }
            if let Some(other) = other {
                mixed = blended(&mixed, other, &only);
            }
            let mut points = sweep(corpus, gold, &mixed, &cfg.decode);
            points.sort_by(|a, b| b.si.f1.total_cmp(&a.si.f1));
            (w, points.swap_remove(0))
        })
        .collect()
}

/// The neural held-out probabilities averaged with the classical ones.
fn blended(held: &[HeldOut], other: &[ClassicalHeldOut], b: &BlendConfig) -> Vec<HeldOut> {
    held.iter()
        .map(|h| {
            let o = &other[h.doc];
            HeldOut {
                doc: h.doc,
                words: mix(&h.words, &o.spans.words, b.words),
                sentences: mix(&h.sentences, &o.spans.sentences, b.sentences),
                techniques: mix_techniques(&h.techniques, &o.techniques, b.techniques),
                word_parts: h.word_parts.clone(),
                sentence_parts: h.sentence_parts.clone(),
            }
        })
        .collect()
}

/// TC labels of the gold spans from held-out probabilities.
pub fn tc_predictions(corpus: &Corpus<'_>, held: &[HeldOut]) -> Vec<Label> {
    let mut out = Vec::new();
    for h in held {
        let doc = &corpus.docs[h.doc];
        let spans: Vec<Span> = corpus.gold[h.doc].spans.iter().map(|g| g.0).collect();
        for (s, t) in spans.iter().zip(assign_template(&spans, &h.techniques)) {
            out.push(Label::new(doc.id(), Some(t), *s));
        }
    }
    out
}

/// SI over a grid of word and sentence thresholds.
pub fn sweep(corpus: &Corpus<'_>, gold: &[Label], held: &[HeldOut], base: &DecodeConfig) -> Vec<SweepPoint> {
    let words = (4..=16).map(|i| i as f32 * 0.05);
    let grid: Vec<(f32, f32)> =
        [1.1f32, 0.4, 0.5, 0.6, 0.7, 0.8].iter().flat_map(|&s| words.clone().map(move |t| (t, s))).collect();
    grid.par_iter()
        .map(|&(threshold, sentence_threshold)| {
            let cfg = DecodeConfig { threshold, sentence_threshold, ..*base };
            SweepPoint { threshold, sentence_threshold, si: score_si(gold, &si_predictions(corpus, held, &cfg)) }
        })
        .collect()
}
