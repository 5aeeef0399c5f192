//! Span identification: a per-token logistic model says how likely each
//! token is to lie inside a propaganda fragment; runs of likely tokens
//! become spans.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use slant_text::Span;

use crate::features::{ScoreSink, document_features, token_dense_features, token_sparse_features, TOKEN_EMBEDDING_SCALE, sentence_features, sentence_level_features, token_features, DocView, HashSink};
use crate::context::ContextModel;
use crate::embed::StaticEmbeddings;
use crate::learn::{sigmoid, FeatureSpace, FeatureVec};
use crate::tokenize::TokenKind;

/// How token probabilities become spans.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DecodeConfig {
    /// Tokens at least this likely are marked.
    pub threshold: f32,
    /// A run of marked tokens is kept when its most likely token reaches
    /// this (hysteresis: weak tokens extend strong runs, never start them).
    pub keep_threshold: f32,
    /// Unmarked tokens that may lie between two marked ones of a run.
    pub max_gap: usize,
    /// Sentences at least this likely to hold propaganda are reported whole
    /// (above 1: never).
    pub sentence_threshold: f32,
    /// Token threshold inside sentences reported whole: the words that make
    /// them suspect are shown too. (Inner spans merge into the sentence for
    /// span-identification scoring, so this changes no SI figure.)
    pub inner_threshold: f32,
    /// A sentence reported whole is cut to run from its first to its last
    /// token at least this likely (0: never cut). Cutting at 0.15 raised
    /// cross-validated SI F1 from 0.393 to 0.402 (whole sentences start with
    /// attributions and lead-ins that annotators leave out).
    pub sentence_trim: f32,
}

impl Default for DecodeConfig {
    fn default() -> Self {
        Self { threshold: 0.3, keep_threshold: 0.4, max_gap: 5, sentence_threshold: 0.5, inner_threshold: 0.25, sentence_trim: 0.15 }
    }
}

/// The part of `range` from its first to its last position whose
/// probability reaches `min` (all of `range` when none does): how a
/// sentence reported whole is cut, here and in the neural decoder.
pub fn likely_stretch(probs: &[f32], range: Range<usize>, min: f32) -> Range<usize> {
    let likely = |i: &usize| probs[*i] >= min;
    let first = range.clone().find(likely).unwrap_or(range.start);
    let last = range.clone().rev().find(likely).map_or(range.end, |i| i + 1);
    first..last
}

/// A candidate span found by the tagger.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Token range.
    pub tokens: Range<usize>,
    /// Code-point span.
    pub span: Span,
    /// Mean token probability (for a whole sentence: its probability).
    pub score: f32,
    /// Whether this is a whole sentence flagged by the sentence scorer (the
    /// token-level spans inside it are reported too).
    pub sentence: bool,
}

/// The token model.
#[derive(Debug, Clone)]
pub struct SpanTagger {
    /// Feature layout.
    pub space: FeatureSpace,
    /// Token weights over the space.
    pub weights: Vec<f32>,
    /// Sentence weights over the same space.
    pub sentence_weights: Vec<f32>,
    /// The second stage, when trained.
    pub context: Option<ContextModel>,
    /// Default decoding.
    pub decode: DecodeConfig,
    /// The dense part of the token score of every one-piece word, computed
    /// on first use for one embedding table (identified by address).
    pub piece_scores: OnceLock<(usize, Vec<f32>)>,
}

/// Features of every sentence of `v` (shared by its tokens).
fn all_sentence_features(v: &DocView<'_>, space: FeatureSpace) -> Vec<FeatureVec> {
    (0..v.sentences.len())
        .map(|k| {
            let mut fv = FeatureVec::with_capacity(32);
            sentence_features(v, k, &mut HashSink { space, out: &mut fv });
            fv
        })
        .collect()
}

/// Writes the features of token `i` of `v`, its sentence's shared features
/// included (the training view; inference scores the shared part once per
/// sentence).
pub fn full_token_features(v: &DocView<'_>, i: usize, space: FeatureSpace, out: &mut FeatureVec) {
    token_features(v, i, &mut HashSink { space, out: &mut *out });
    sentence_features(v, v.tokens[i].sentence, &mut HashSink { space, out });
}

/// Sentence-level features of every sentence of `v`.
pub fn all_sentence_level_features(v: &DocView<'_>, space: FeatureSpace) -> Vec<FeatureVec> {
    let mut doc = FeatureVec::with_capacity(512);
    document_features(v, &mut HashSink { space, out: &mut doc });
    (0..v.sentences.len())
        .map(|k| {
            let mut fv = FeatureVec::with_capacity(64 + doc.len());
            sentence_level_features(v, k, &mut HashSink { space, out: &mut fv });
            fv.idx.extend_from_slice(&doc.idx);
            fv.val.extend_from_slice(&doc.val);
            fv
        })
        .collect()
}

impl SpanTagger {
    /// Probability of each sentence holding propaganda.
    pub fn sentence_probs(&self, v: &DocView<'_>) -> Vec<f32> {
        // The document's features are shared by its sentences: score them once.
        let mut sink = ScoreSink::new(self.space, &self.sentence_weights);
        document_features(v, &mut sink);
        let doc = sink.score;
        (0..v.sentences.len())
            .map(|k| {
                let mut sink = ScoreSink::new(self.space, &self.sentence_weights);
                sentence_level_features(v, k, &mut sink);
                sigmoid(doc + sink.score)
            })
            .collect()
    }

    /// Probability of each token being inside a span.
    pub fn token_probs(&self, v: &DocView<'_>) -> Vec<f32> {
        let shared: Vec<f32> =
            all_sentence_features(v, self.space).iter().map(|fv| fv.dot(&self.weights)).collect();
        let pieces = v.embedding.as_ref().map(|e| (e, self.piece_scores(&e.table)));
        (0..v.tokens.len())
            .map(|i| {
                let mut sink = ScoreSink::new(self.space, &self.weights);
                token_sparse_features(v, i, &mut sink);
                match pieces {
                    Some((e, Some(scores))) if e.pieces.ranges[i].1 == e.pieces.ranges[i].0 + 1 => {
                        sink.score += scores[e.pieces.ids[e.pieces.ranges[i].0 as usize] as usize];
                    }
                    _ => token_dense_features(v, i, &mut sink),
                }
                sigmoid(sink.score + shared[v.tokens[i].sentence])
            })
            .collect()
    }

    /// The dense score of each one-piece word of `table`, or `None` when the
    /// cache holds another table's.
    fn piece_scores(&self, table: &Arc<StaticEmbeddings>) -> Option<&[f32]> {
        let key = Arc::as_ptr(table) as usize;
        let (k, scores) = self.piece_scores.get_or_init(|| {
            let n = table.dim.min(self.space.dense as usize);
            let start = self.space.dense_index(0) as usize;
            let w = &self.weights[start..start + n];
            let scores = (0..table.vocab.len())
                .map(|id| {
                    let row = table.row(id);
                    let norm = row.iter().map(|x| x * x).sum::<f32>().sqrt();
                    if norm > 0.0 {
                        let dot: f32 = row.iter().zip(w).map(|(a, b)| a * b).sum();
                        dot / norm * TOKEN_EMBEDDING_SCALE
                    } else {
                        0.0
                    }
                })
                .collect();
            (key, scores)
        });
        (*k == key).then_some(scores.as_slice())
    }

    /// Final token probabilities (second stage when trained, else first)
    /// and sentence probabilities.
    pub fn probs(&self, v: &DocView<'_>) -> (Vec<f32>, Vec<f32>) {
        let first = self.token_probs(v);
        let sentences = self.sentence_probs(v);
        match &self.context {
            Some(c) => (c.probs(v, &first, &sentences), sentences),
            None => (first, sentences),
        }
    }

    /// Turns token probabilities into spans: runs of marked tokens within a
    /// sentence, with short gaps filled, kept when their strongest token is
    /// strong enough; and whole sentences the sentence scorer is sure of.
    pub fn decode(v: &DocView<'_>, probs: &[f32], sentence_probs: &[f32], cfg: DecodeConfig) -> Vec<Candidate> {
        let mut out = Vec::new();
        for (k, sent) in v.sentences.iter().enumerate() {
            let (mut mark, mut keep) = (cfg.threshold, cfg.keep_threshold);
            if sentence_probs.get(k).is_some_and(|&p| p >= cfg.sentence_threshold) {
                let likely = likely_stretch(probs, sent.first..sent.last, cfg.sentence_trim);
                if let Some(mut c) = Self::candidate(v, probs, likely) {
                    c.score = sentence_probs[k];
                    c.sentence = true;
                    out.push(c);
                }
                mark = mark.min(cfg.inner_threshold);
                keep = keep.min(cfg.inner_threshold);
            }
            let mut i = sent.first;
            while i < sent.last {
                if probs[i] < mark {
                    i += 1;
                    continue;
                }
                let start = i;
                let mut end = i + 1;
                let mut j = end;
                while j < sent.last && j - end <= cfg.max_gap {
                    if probs[j] >= mark {
                        end = j + 1;
                    }
                    j += 1;
                }
                if probs[start..end].iter().any(|&p| p >= keep)
                    && let Some(c) = Self::candidate(v, probs, start..end) {
                        out.push(c);
                    }
                i = end;
            }
        }
        out
    }

    /// A candidate over `tokens`, trimmed of edge punctuation that gold spans
    /// never start or end with.
    fn candidate(v: &DocView<'_>, probs: &[f32], tokens: Range<usize>) -> Option<Candidate> {
        let trim = |i: usize| {
            v.tokens[i].kind == TokenKind::Punct && matches!(v.norm[i].as_str(), "." | "," | ":" | ";" | "-" | ")" | "(")
        };
        let (mut a, mut b) = (tokens.start, tokens.end);
        while a < b && trim(a) {
            a += 1;
        }
        while b > a && trim(b - 1) {
            b -= 1;
        }
        if a >= b {
            return None;
        }
        let span = Span::new(v.tokens[a].span.start, v.tokens[b - 1].span.end);
        let score = probs[a..b].iter().sum::<f32>() / (b - a) as f32;
        Some(Candidate { tokens: a..b, span, score, sentence: false })
    }
}

#[cfg(test)]
mod likely_stretch_tests {
    use super::likely_stretch;

    #[test]
    fn cuts_to_the_likely_words_or_keeps_all() {
        let p = [0.9, 0.1, 0.2, 0.05, 0.3, 0.1, 0.9];
        assert_eq!(likely_stretch(&p, 1..6, 0.15), 2..5);
        assert_eq!(likely_stretch(&p, 1..6, 0.5), 1..6, "nothing likely: the whole range");
        assert_eq!(likely_stretch(&p, 1..6, 0.0), 1..6, "0 never cuts");
    }
}
