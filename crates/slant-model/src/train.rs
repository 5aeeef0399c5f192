//! Training the linear model from a labelled split.

use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use slant_corpus::Label;
use slant_text::{Document, Span, Technique};

use crate::embed::StaticEmbeddings;
use crate::features::{DocView, SpanContext};
use crate::ftrl::{FtrlBinary, FtrlConfig, FtrlSoftmax};
use crate::space::{FeatureSpace, FeatureVec};
use crate::linear::{LinearModel, ModelMeta};
use crate::span_tagger::{all_sentence_level_features, full_token_features, DecodeConfig, SpanTagger};
use crate::technique_classifier::{interleave, span_vector, TechniqueClassifier};

/// Everything that shapes a trained model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrainConfig {
    /// Feature layout of the span tagger.
    pub si_space: FeatureSpace,
    /// Feature layout of the technique classifier.
    pub tc_space: FeatureSpace,
    /// Optimiser of the span tagger.
    pub si_ftrl: FtrlConfig,
    /// Optimiser of the technique classifier.
    pub tc_ftrl: FtrlConfig,
    /// Optimiser of the sentence scorer.
    pub sentence_ftrl: FtrlConfig,
    /// Weight of tokens inside spans relative to tokens outside.
    pub positive_weight: f32,
    /// Class weights are `(count / max count)^-power`.
    pub class_weight_power: f32,
    /// Tokens inside a gold span of `n` tokens weigh `(8 / n)^power` (8 is
    /// [`SPAN_LENGTH_REFERENCE`]) in the
    /// token model (tokens outside weigh 1). The SI score averages recall
    /// over gold spans, so a two-word span counts as much as a forty-word
    /// one, while the unweighted token loss is ruled by the long spans'
    /// many tokens. Power 0.9 (with mark / keep thresholds 0.30 / 0.35)
    /// raised cross-validated SI F1 from 0.415 to 0.425 and full-task F1
    /// from 0.181 to 0.191.
    pub span_length_power: f32,
    /// Default decoding.
    pub decode: DecodeConfig,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            si_space: FeatureSpace { hash_bits: 22, dense: 256 },
            tc_space: FeatureSpace { hash_bits: 18, dense: 768 },
            si_ftrl: FtrlConfig { alpha: 0.1, beta: 1.0, l1: 0.1, l2: 1.0, epochs: 6, seed: 42 },
            tc_ftrl: FtrlConfig { alpha: 0.2, beta: 1.0, l1: 0.05, l2: 0.1, epochs: 30, seed: 42 },
            sentence_ftrl: FtrlConfig { alpha: 0.1, beta: 1.0, l1: 0.2, l2: 1.0, epochs: 8, seed: 42 },
            positive_weight: 1.0,
            class_weight_power: 0.5,
            span_length_power: 0.9,
            decode: DecodeConfig::default(),
        }
    }
}

/// Tokens in a gold span of this many tokens weigh 1 whatever
/// [`TrainConfig::span_length_power`] is.
pub const SPAN_LENGTH_REFERENCE: f32 = 8.0;

/// One gold span ready for the classifier.
#[derive(Debug, Clone)]
pub struct GoldSpan {
    /// Index of its document.
    pub doc: usize,
    /// Its span.
    pub span: Span,
    /// Its technique.
    pub technique: Technique,
    /// Its features.
    pub features: FeatureVec,
}

/// Features of a labelled corpus, computed once and reused across folds.
#[derive(Debug)]
pub struct Prepared<'a> {
    /// One view per document.
    pub views: Vec<DocView<'a>>,
    /// Token labels (1 inside a gold span) per document.
    pub token_labels: Vec<Vec<f32>>,
    /// Training weight of each token.
    pub token_weights: Vec<Vec<f32>>,
    /// Sentence-level features per document.
    pub sentence_features: Vec<Vec<FeatureVec>>,
    /// The embedding table the features used.
    pub embeddings: Option<Arc<StaticEmbeddings>>,
    /// Gold spans with features.
    pub spans: Vec<GoldSpan>,
}

impl<'a> Prepared<'a> {
    /// Computes the features of `docs` under `cfg`; `labels` may name
    /// articles not in `docs` (they are skipped) and must have techniques.
    pub fn new(docs: &'a [Document], labels: &[Label], cfg: &TrainConfig, embeddings: Option<&Arc<StaticEmbeddings>>) -> Self {
        let views: Vec<DocView<'a>> = docs.iter().map(|d| DocView::with_embeddings(d, embeddings)).collect();
        let index: std::collections::HashMap<&str, usize> =
            docs.iter().enumerate().map(|(i, d)| (d.id(), i)).collect();
        let mut token_labels: Vec<Vec<f32>> = views.iter().map(|v| vec![0.0; v.tokens.len()]).collect();
        let mut token_weights: Vec<Vec<f32>> = views.iter().map(|v| vec![1.0; v.tokens.len()]).collect();
        let mut spans = Vec::new();
        let mut by_doc: Vec<Vec<(Span, Technique)>> = vec![Vec::new(); docs.len()];
        for l in labels {
            let (Some(&d), Some(technique)) = (index.get(l.article_id.as_str()), l.technique) else { continue };
            by_doc[d].push((l.span, technique));
        }
        for (d, gold) in by_doc.iter().enumerate() {
            let v = &views[d];
            let all: Vec<Span> = gold.iter().map(|g| g.0).collect();
            let contexts = SpanContext::of_all(v, &all);
            for (&(span, technique), context) in gold.iter().zip(contexts) {
                let range = v.token_range(span);
                let weight = (SPAN_LENGTH_REFERENCE / range.len().max(1) as f32).powf(cfg.span_length_power);
                for i in range.clone() {
                    // A token in several spans takes the shortest one's weight.
                    let w = &mut token_weights[d][i];
                    *w = if token_labels[d][i] > 0.5 { w.max(weight) } else { weight };
                    token_labels[d][i] = 1.0;
                }
                // Each span is learnt twice: among the spans listed with it
                // (the TC task) and alone (spans found by detection).
                let features = span_vector(v, range.clone(), Some(context), cfg.tc_space);
                spans.push(GoldSpan { doc: d, span, technique, features });
                let features = span_vector(v, range, None, cfg.tc_space);
                spans.push(GoldSpan { doc: d, span, technique, features });
            }
        }
        let sentence_features = views.iter().map(|v| all_sentence_level_features(v, cfg.si_space)).collect();
        let embeddings = embeddings.cloned();
        Self { views, token_labels, token_weights, sentence_features, embeddings, spans }
    }

    /// Trains on the documents in `docs` (indices into this corpus).
    pub fn fit(&self, docs: &[usize], cfg: &TrainConfig) -> LinearModel {
        let (si_weights, sentence_weights) = self.fit_si(docs, cfg);
        let tagger =
            SpanTagger { space: cfg.si_space, weights: si_weights, sentence_weights, decode: cfg.decode, piece_scores: OnceLock::new() };
        LinearModel {
            meta: ModelMeta::default(),
            tagger,
            classifier: self.fit_tc(docs, cfg),
            embeddings: self.embeddings.clone(),
        }
    }

    /// Trains the token and sentence models.
    pub fn fit_si(&self, docs: &[usize], cfg: &TrainConfig) -> (Vec<f32>, Vec<f32>) {
        let examples: Vec<(usize, usize)> =
            docs.iter().flat_map(|&d| (0..self.token_labels[d].len()).map(move |i| (d, i))).collect();
        let si_weights = FtrlBinary::new(cfg.si_space.dim(), cfg.si_ftrl).fit_with(
            examples.len(),
            |k| {
                let (d, i) = examples[k];
                let y = self.token_labels[d][i];
                let w = self.token_weights[d][i];
                (y, if y > 0.5 { cfg.positive_weight * w } else { w })
            },
            |k, out| {
                let (d, i) = examples[k];
                full_token_features(&self.views[d], i, cfg.si_space, out);
            },
        );
        let mut sentence_data = Vec::new();
        for &d in docs {
            let v = &self.views[d];
            for (k, sent) in v.sentences.iter().enumerate() {
                let y = if self.token_labels[d][sent.first..sent.last].iter().any(|&y| y > 0.5) { 1.0 } else { 0.0 };
                sentence_data.push((&self.sentence_features[d][k], y, 1.0));
            }
        }
        let sentence_weights = FtrlBinary::new(cfg.si_space.dim(), cfg.sentence_ftrl).fit(&sentence_data);
        (si_weights, sentence_weights)
    }

    /// Trains the technique classifier.
    pub fn fit_tc(&self, docs: &[usize], cfg: &TrainConfig) -> TechniqueClassifier {
        let in_fold: std::collections::HashSet<usize> = docs.iter().copied().collect();
        let train_spans: Vec<&GoldSpan> = self.spans.iter().filter(|s| in_fold.contains(&s.doc)).collect();
        let mut counts = [0usize; Technique::COUNT];
        for s in &train_spans {
            counts[s.technique.index()] += 1;
        }
        let max = counts.iter().copied().max().unwrap_or(1).max(1) as f32;
        let class_weight: Vec<f32> =
            counts.iter().map(|&c| (c.max(1) as f32 / max).powf(-cfg.class_weight_power)).collect();
        let tc_data: Vec<(&FeatureVec, usize, f32)> = train_spans
            .iter()
            .map(|s| (&s.features, s.technique.index(), class_weight[s.technique.index()]))
            .collect();
        let tc_weights = FtrlSoftmax::new(cfg.tc_space.dim(), Technique::COUNT, cfg.tc_ftrl).fit(&tc_data);
        TechniqueClassifier { space: cfg.tc_space, weights: interleave(&tc_weights) }
    }
}

/// Trains a model on every document of `docs` with their `labels`.
pub fn train(docs: &[Document], labels: &[Label], cfg: &TrainConfig, embeddings: Option<&Arc<StaticEmbeddings>>) -> LinearModel {
    let prepared = Prepared::new(docs, labels, cfg, embeddings);
    let all: Vec<usize> = (0..docs.len()).collect();
    prepared.fit(&all, cfg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detector::Detector;
    use crate::DetectOptions;

    fn corpus() -> (Vec<Document>, Vec<Label>) {
        let texts = [
            "Reckless Plan\n\nThe corrupt regime has once again shown its utter contempt for ordinary people. The plan passed on Monday.",
            "Harbour Vote\n\nCan we really trust these so-called experts? The council met at noon and approved the budget.",
            "Our Nation\n\nOnly true patriots will defend our great nation from this horrendous threat. Officials said the road will reopen.",
        ];
        let docs: Vec<Document> =
            texts.iter().enumerate().map(|(i, t)| Document::from_bytes(format!("{i}"), t.as_bytes()).unwrap()).collect();
        let mark = |d: usize, needle: &str, t: Technique| {
            let text = docs[d].text();
            let byte = text.find(needle).unwrap();
            let start = text[..byte].chars().count();
            Label::new(format!("{d}"), Some(t), Span::new(start, start + needle.chars().count()))
        };
        let labels = vec![
            mark(0, "corrupt regime", Technique::NameCallingLabeling),
            mark(0, "utter contempt", Technique::LoadedLanguage),
            mark(1, "Can we really trust these so-called experts?", Technique::Doubt),
            mark(2, "Only true patriots will defend our great nation", Technique::FlagWaving),
            mark(2, "horrendous threat", Technique::AppealToFearPrejudice),
        ];
        (docs, labels)
    }

    #[test]
    #[allow(clippy::float_cmp, reason = "power 0 gives weights of exactly 1")]
    fn tokens_of_short_spans_weigh_more() {
        let (docs, labels) = corpus();
        let cfg = TrainConfig { si_space: FeatureSpace { hash_bits: 12, dense: 0 }, span_length_power: 0.5, ..TrainConfig::default() };
        let p = Prepared::new(&docs, &labels, &cfg, None);
        // Article 0: "corrupt regime" and "utter contempt" (2 tokens each):
        // (8 / 2)^0.5 = 2; tokens outside spans weigh 1.
        let (y, w) = (&p.token_labels[0], &p.token_weights[0]);
        assert!(y.iter().any(|&y| y > 0.5));
        for (&y, &w) in y.iter().zip(w) {
            let want = if y > 0.5 { 2.0 } else { 1.0 };
            assert!((w - want).abs() < 1e-6, "label {y} weight {w}");
        }
        // Article 1: one longer span ("Can we really trust these so-called
        // experts?"): every token of it weighs (8 / its token count)^0.5.
        let inside: Vec<f32> = p.token_labels[1].iter().zip(&p.token_weights[1]).filter(|p| *p.0 > 0.5).map(|p| *p.1).collect();
        let n = inside.len() as f32;
        assert!(inside.iter().all(|&w| (w - (8.0 / n).sqrt()).abs() < 1e-6), "{n} tokens: {inside:?}");
        // Power 0 leaves every token at 1.
        let flat = Prepared::new(&docs, &labels, &TrainConfig { span_length_power: 0.0, ..cfg }, None);
        assert!(flat.token_weights.iter().flatten().all(|&w| w == 1.0));
    }

    #[test]
    fn training_is_deterministic_and_the_model_round_trips() {
        let (docs, labels) = corpus();
        let cfg = TrainConfig {
            si_space: FeatureSpace { hash_bits: 12, dense: 0 },
            tc_space: FeatureSpace { hash_bits: 12, dense: 0 },
            ..TrainConfig::default()
        };
        let a = train(&docs, &labels, &cfg, None).to_bytes();
        let b = train(&docs, &labels, &cfg, None).to_bytes();
        assert_eq!(a, b, "same data, config and seed give the same bytes");
        let model = LinearModel::from_bytes(&a).unwrap();
        assert_eq!(model.to_bytes(), a);
        // The model learnt something: on its own training text it finds a
        // span inside the article, with its exact text.
        let spans = model.detect(&docs[0], &DetectOptions { threshold: Some(0.2) });
        assert!(!spans.is_empty());
        for s in &spans {
            assert_eq!(docs[0].slice(s.span()), Some(s.text.as_str()));
        }
    }
}
