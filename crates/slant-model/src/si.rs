//! Span identification: a per-token logistic model says how likely each
//! token is to lie inside a propaganda fragment; runs of likely tokens
//! become spans.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use slant_text::Span;

use crate::features::{document_features, sentence_features, sentence_level_features, token_features, DocView, HashSink};
use crate::learn::{sigmoid, FeatureSpace, FeatureVec};
use crate::tokenize::TokenKind;

/// How token probabilities become spans.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DecodeConfig {
    /// Minimum token probability to be inside a span.
    pub threshold: f32,
    /// Tokens below the threshold that may be bridged inside one span.
    pub max_gap: usize,
    /// Minimum mean probability of a bridged gap.
    pub gap_threshold: f32,
    /// Sentences at least this likely to hold propaganda are reported whole
    /// (above 1: never).
    pub sentence_threshold: f32,
}

impl Default for DecodeConfig {
    fn default() -> Self {
        Self { threshold: 0.35, max_gap: 2, gap_threshold: 0.15, sentence_threshold: 1.1 }
    }
}

/// A candidate span found by the tagger.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Token range.
    pub tokens: Range<usize>,
    /// Code-point span.
    pub span: Span,
    /// Mean token probability.
    pub score: f32,
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
    /// Default decoding.
    pub decode: DecodeConfig,
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

/// Features of every token of `v`, its sentence's features included (the
/// training view; inference scores sentence features once per sentence).
pub fn all_token_features(v: &DocView<'_>, space: FeatureSpace) -> Vec<FeatureVec> {
    let sentences = all_sentence_features(v, space);
    (0..v.tokens.len())
        .map(|i| {
            let mut fv = FeatureVec::with_capacity(64);
            token_features(v, i, &mut HashSink { space, out: &mut fv });
            let shared = &sentences[v.tokens[i].sentence];
            fv.idx.extend_from_slice(&shared.idx);
            fv.val.extend_from_slice(&shared.val);
            fv
        })
        .collect()
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
        let mut fv = FeatureVec::with_capacity(512);
        document_features(v, &mut HashSink { space: self.space, out: &mut fv });
        let doc = fv.dot(&self.sentence_weights);
        (0..v.sentences.len())
            .map(|k| {
                fv.clear();
                sentence_level_features(v, k, &mut HashSink { space: self.space, out: &mut fv });
                sigmoid(doc + fv.dot(&self.sentence_weights))
            })
            .collect()
    }

    /// Probability of each token being inside a span.
    pub fn token_probs(&self, v: &DocView<'_>) -> Vec<f32> {
        let shared: Vec<f32> =
            all_sentence_features(v, self.space).iter().map(|fv| fv.dot(&self.weights)).collect();
        let mut fv = FeatureVec::with_capacity(24);
        (0..v.tokens.len())
            .map(|i| {
                fv.clear();
                token_features(v, i, &mut HashSink { space: self.space, out: &mut fv });
                sigmoid(fv.dot(&self.weights) + shared[v.tokens[i].sentence])
            })
            .collect()
    }

    /// Turns token probabilities into spans.
    pub fn decode(v: &DocView<'_>, probs: &[f32], sentence_probs: &[f32], cfg: DecodeConfig) -> Vec<Candidate> {
        let mut out = Vec::new();
        for (k, sent) in v.sentences.iter().enumerate() {
            if sentence_probs.get(k).is_some_and(|&p| p >= cfg.sentence_threshold) {
                if let Some(mut c) = Self::candidate(v, probs, sent.first..sent.last) {
                    c.score = c.score.max(sentence_probs[k]);
                    out.push(c);
                }
                continue;
            }
            let mut i = sent.first;
            while i < sent.last {
                if probs[i] < cfg.threshold {
                    i += 1;
                    continue;
                }
                let start = i;
                let mut end = i + 1;
                loop {
                    while end < sent.last && probs[end] >= cfg.threshold {
                        end += 1;
                    }
                    // Bridge a short gap when a likely token follows it.
                    let mut j = end;
                    while j < sent.last && j - end < cfg.max_gap && probs[j] < cfg.threshold {
                        j += 1;
                    }
                    if j > end && j < sent.last && probs[j] >= cfg.threshold {
                        let gap = probs[end..j].iter().sum::<f32>() / (j - end) as f32;
                        if gap >= cfg.gap_threshold {
                            end = j;
                            continue;
                        }
                    }
                    break;
                }
                if let Some(c) = Self::candidate(v, probs, start..end) {
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
        Some(Candidate { tokens: a..b, span, score })
    }
}
