//! The classical model beside the neural heads: its word, sentence and
//! technique probabilities, averaged with the heads' under weights that
//! cross-validation tunes.
//!
//! Both models tokenize with `slant_model::tokenize`, so the classical
//! model's token probabilities line up one to one with an [`Article`]'s
//! words and sentences.

use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use slant_corpus::Label;
use slant_model::Detector;
use slant_model::embed::StaticEmbeddings;
use slant_model::features::DocView;
use slant_model::linear::LinearModel;
use slant_model::train::{Prepared, TrainConfig};
use slant_text::{Document, Span, Technique};

use crate::article::Article;

/// Weight of the neural side of each average (1: neural only, 0: classical
/// only).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BlendConfig {
    /// Word probabilities.
    pub words: f32,
    /// Sentence probabilities.
    pub sentences: f32,
    /// Technique probabilities.
    pub techniques: f32,
}

impl Default for BlendConfig {
    fn default() -> Self {
        Self { words: 1.0, sentences: 1.0, techniques: 1.0 }
    }
}

impl BlendConfig {
    /// True when the classical model takes part at all.
    pub fn uses_classical(&self) -> bool {
        self.words < 1.0 || self.sentences < 1.0 || self.techniques < 1.0
    }
}

/// The classical model's probabilities for one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Classical {
    /// Per word of the article (empty when the tokenizations disagree).
    pub words: Vec<f32>,
    /// Per sentence.
    pub sentences: Vec<f32>,
}

/// The classical model's word and sentence probabilities on `doc`.
pub fn classical_spans(model: &LinearModel, doc: &Document, article: &Article) -> Classical {
    let v = DocView::with_embeddings(doc, model.embeddings.as_ref());
    let words = model.tagger.token_probs(&v);
    let sentences = model.tagger.sentence_probs(&v);
    if words.len() != article.words.len() || sentences.len() != article.sentences.len() {
        return Classical::default();
    }
    Classical { words, sentences }
}

/// The classical model's technique probabilities of `spans` (listed
/// together), in [`Technique::ALL`] order.
pub fn classical_techniques(model: &LinearModel, doc: &Document, spans: &[Span]) -> Vec<[f32; Technique::COUNT]> {
    model
        .classify(doc, spans)
        .into_iter()
        .map(|ranked| {
            let mut p = [0.0; Technique::COUNT];
            for (t, q) in ranked {
                p[t.index()] = q;
            }
            p
        })
        .collect()
}

/// `w·a + (1−w)·b`, elementwise; `a` alone when `b` is empty.
pub fn mix(a: &[f32], b: &[f32], w: f32) -> Vec<f32> {
    if b.len() != a.len() {
        return a.to_vec();
    }
    a.iter().zip(b).map(|(x, y)| w * x + (1.0 - w) * y).collect()
}

/// [`mix`] for technique distributions.
pub fn mix_techniques(a: &[[f32; Technique::COUNT]], b: &[[f32; Technique::COUNT]], w: f32) -> Vec<[f32; Technique::COUNT]> {
    if b.len() != a.len() {
        return a.to_vec();
    }
    a.iter()
        .zip(b)
        .map(|(x, y)| {
            let mut out = [0.0; Technique::COUNT];
            for ((o, p), q) in out.iter_mut().zip(x).zip(y) {
                *o = w * p + (1.0 - w) * q;
            }
            out
        })
        .collect()
}

/// Held-out classical probabilities of one article.
#[derive(Debug, Clone, Default)]
pub struct ClassicalHeldOut {
    /// Word and sentence probabilities.
    pub spans: Classical,
    /// Technique probabilities of the article's gold spans, in gold order.
    pub techniques: Vec<[f32; Technique::COUNT]>,
}

/// Trains the classical model (its default configuration) on each fold's
/// training articles and keeps its probabilities on the held-out ones.
/// `embeddings` is the static embedding table the classical features use
/// (potion-base-8M for the shipped default model).
pub fn out_of_fold(
    docs: &[Document],
    labels: &[Label],
    articles: &[&Article],
    gold: &[Vec<Span>],
    fold: &[usize],
    k: usize,
    embeddings: Option<&Arc<StaticEmbeddings>>,
) -> Vec<ClassicalHeldOut> {
    let cfg = TrainConfig::default();
    let prepared = Prepared::new(docs, labels, &cfg, embeddings);
    let mut out = vec![ClassicalHeldOut::default(); docs.len()];
    for f in 0..k {
        let train: Vec<usize> = (0..docs.len()).filter(|&d| fold[d] != f).collect();
        let model = prepared.fit(&train, &cfg);
        let held: Vec<(usize, ClassicalHeldOut)> = (0..docs.len())
            .into_par_iter()
            .filter(|&d| fold[d] == f)
            .map(|d| {
                let spans = classical_spans(&model, &docs[d], articles[d]);
                (d, ClassicalHeldOut { spans, techniques: classical_techniques(&model, &docs[d], &gold[d]) })
            })
            .collect();
        for (d, h) in held {
            out[d] = h;
        }
        eprintln!("slant: classical fold {}/{k} done", f + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixing_weights_and_fallbacks() {
        assert_eq!(mix(&[1.0, 0.0], &[0.0, 1.0], 0.75), vec![0.75, 0.25]);
        assert_eq!(mix(&[0.5], &[], 0.5), vec![0.5]);
        let a = [[1.0 / 14.0; 14]];
        let mut b = [[0.0; 14]];
        b[0][3] = 1.0;
        let m = mix_techniques(&a, &b, 0.5);
        assert!((m[0].iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(m[0][3] > m[0][0]);
        assert!(!BlendConfig::default().uses_classical());
    }
}
