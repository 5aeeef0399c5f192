//! Span identification: a per-token logistic model says how likely each
//! token is to lie inside a propaganda fragment; runs of likely tokens
//! become spans.

use std::ops::Range;

pub use crate::decode::{ARTICLE_CENTER, DecodeConfig, is_edge_punct, likely_stretch, mix_log_odds, trim_edges};
use std::sync::{Arc, OnceLock};

use slant_text::Span;

use crate::features::{ScoreSink, document_features, token_dense_features, token_sparse_features, TOKEN_EMBEDDING_SCALE, sentence_features, sentence_level_features, token_features, DocView, HashSink};
use crate::embed::StaticEmbeddings;
use crate::space::{sigmoid, FeatureSpace, FeatureVec};
use crate::tokenize::TokenKind;

/// Token probabilities moved by their sentence's and their article's
/// log-odds, as `cfg` weighs them.
pub fn mix(v: &DocView<'_>, probs: &[f32], sentence_probs: &[f32], cfg: DecodeConfig) -> Vec<f32> {
    let sentence_of: Vec<usize> = v.tokens.iter().map(|t| t.sentence).collect();
    mix_log_odds(probs, &sentence_of, sentence_probs, cfg.sentence_weight, cfg.article_weight)
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
        let doc = sink.total();
        (0..v.sentences.len())
            .map(|k| {
                let mut sink = ScoreSink::new(self.space, &self.sentence_weights);
                sentence_level_features(v, k, &mut sink);
                sigmoid(doc + sink.total())
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
                        sink.add(scores[e.pieces.ids[e.pieces.ranges[i].0 as usize] as usize]);
                    }
                    _ => token_dense_features(v, i, &mut sink),
                }
                sigmoid(sink.total() + shared[v.tokens[i].sentence])
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

    /// Token probabilities and sentence probabilities.
    pub fn probs(&self, v: &DocView<'_>) -> (Vec<f32>, Vec<f32>) {
        (self.token_probs(v), self.sentence_probs(v))
    }

    /// Turns token probabilities into spans: runs of marked tokens within a
    /// sentence, with short gaps filled, kept when their strongest token is
    /// strong enough; and whole sentences the sentence scorer is sure of.
    pub fn decode(v: &DocView<'_>, probs: &[f32], sentence_probs: &[f32], cfg: DecodeConfig) -> Vec<Candidate> {
        // Token probabilities say how far a run reaches; with the sentence's
        // and the article's log-odds added they say whether it is kept.
        let mixed;
        let strengths = if cfg.sentence_weight == 0.0 && cfg.article_weight == 0.0 {
            probs
        } else {
            mixed = mix(v, probs, sentence_probs, cfg);
            &mixed
        };
        let mut out = Vec::new();
        for (k, sent) in v.sentences.iter().enumerate() {
            let (mut mark, mut keep) = (cfg.threshold, cfg.keep_threshold);
            // The tokens of the sentence reported whole, if any: a run over
            // exactly those tokens would report the same fragment twice.
            let mut whole = None;
            if sentence_probs.get(k).is_some_and(|&p| p >= cfg.sentence_threshold) {
                let likely = likely_stretch(probs, sent.first..sent.last, cfg.sentence_trim);
                if let Some(mut c) = Self::candidate(v, probs, likely) {
                    c.score = sentence_probs[k];
                    c.sentence = true;
                    whole = Some(c.tokens.clone());
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
                if strengths[start..end].iter().any(|&p| p >= keep)
                    && let Some(c) = Self::candidate(v, probs, start..end)
                    && whole.as_ref() != Some(&c.tokens)
                {
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
        let Range { start: a, end: b } =
            trim_edges(tokens, |i| v.tokens[i].kind == TokenKind::Punct && is_edge_punct(&v.norm[i]))?;
        let span = Span::new(v.tokens[a].span.start, v.tokens[b - 1].span.end);
        let score = probs[a..b].iter().sum::<f32>() / (b - a) as f32;
        Some(Candidate { tokens: a..b, span, score, sentence: false })
    }
}

#[cfg(test)]
mod mix_tests {
    use super::{mix, DecodeConfig, ARTICLE_CENTER};
    use crate::features::DocView;
    use crate::space::sigmoid;
    use slant_text::Document;

    #[test]
    fn sentence_and_article_move_tokens() {
        let doc = Document::from_bytes("t", "A calm one. A wild one.".as_bytes()).unwrap();
        let v = DocView::new(&doc);
        let n = v.tokens.len();
        assert_eq!(v.sentences.len(), 2);
        let probs = vec![0.3; n];
        let off = DecodeConfig { sentence_weight: 0.0, article_weight: 0.0, ..DecodeConfig::default() };
        assert_eq!(mix(&v, &probs, &[0.1, 0.9], off), probs, "zero weights change nothing");

        let sentences = DecodeConfig { sentence_weight: 0.5, ..off };
        let m = mix(&v, &probs, &[0.1, 0.9], sentences);
        let (calm, wild) = (v.sentences[0].first, v.sentences[1].first);
        assert!(m[calm] < 0.3 && m[wild] > 0.3, "the suspect sentence lifts its tokens: {m:?}");
        let up = crate::space::logit(m[wild]) - crate::space::logit(0.3);
        let down = crate::space::logit(0.3) - crate::space::logit(m[calm]);
        assert!((up - down).abs() < 1e-3 && (up - 0.5 * crate::space::logit(0.9)).abs() < 1e-3, "half the sentence log-odds: {up} {down}");

        // An article at the centre moves nothing; a suspect one lifts all.
        let article = DecodeConfig { article_weight: 1.0, ..off };
        let centre = sigmoid(ARTICLE_CENTER);
        let m = mix(&v, &probs, &[centre, centre], article);
        assert!(m.iter().all(|&p| (p - 0.3).abs() < 1e-4), "{m:?}");
        let m = mix(&v, &probs, &[0.8, 0.8], article);
        assert!(m.iter().all(|&p| p > 0.5), "{m:?}");
    }
}

#[cfg(test)]
mod decode_tests {
    use super::{DecodeConfig, SpanTagger};
    use crate::features::DocView;
    use slant_text::Document;

    #[test]
    fn the_mix_decides_which_runs_are_kept_not_their_extent() {
        let doc = Document::from_bytes("t", "They ruin every single thing here today.".as_bytes()).unwrap();
        let v = DocView::new(&doc);
        let mut probs = vec![0.05; v.tokens.len()];
        probs[1] = 0.28; // "ruin"
        probs[2] = 0.27; // "every"
        let cfg = DecodeConfig {
            threshold: 0.25,
            keep_threshold: 0.3,
            sentence_threshold: 1.1,
            sentence_weight: 0.5,
            article_weight: 0.0,
            ..DecodeConfig::default()
        };
        let alone = DecodeConfig { sentence_weight: 0.0, ..cfg };
        assert!(SpanTagger::decode(&v, &probs, &[0.9], alone).is_empty(), "too weak alone");
        let found = SpanTagger::decode(&v, &probs, &[0.9], cfg);
        assert_eq!(found.len(), 1, "a suspect sentence keeps the run");
        assert_eq!(found[0].tokens, 1..3, "but the run still ends where its tokens do");
        assert!(SpanTagger::decode(&v, &probs, &[0.2], cfg).is_empty(), "a clean sentence does not");
    }

    #[test]
    fn a_whole_sentence_cut_to_one_run_is_reported_once() {
        let doc = Document::from_bytes("t", "The group kills any member who leaves.".as_bytes()).unwrap();
        let v = DocView::new(&doc);
        let mut probs = vec![0.05; v.tokens.len()];
        probs[2] = 0.6; // "kills": the only likely word, so the sentence is cut to it
        let cfg = DecodeConfig { sentence_threshold: 0.5, max_gap: 1, ..DecodeConfig::default() };
        let found = SpanTagger::decode(&v, &probs, &[0.7], cfg);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].sentence && found[0].tokens == (2..3));
        probs[5] = 0.6; // "who", too far to join: the cut sentence spans both runs
        let found = SpanTagger::decode(&v, &probs, &[0.7], cfg);
        assert_eq!(found.iter().filter(|c| c.sentence).count(), 1);
        assert_eq!(found.len(), 3, "the sentence and its two runs: {found:?}");
    }
}

#[cfg(test)]
mod likely_stretch_tests {
    use super::{is_edge_punct, likely_stretch, trim_edges};

    #[test]
    fn trims_edge_punctuation_only_at_the_edges() {
        let words = ["(", "a", ",", "b", ")", "."];
        let edge = |i: usize| is_edge_punct(words[i]);
        assert_eq!(trim_edges(0..6, edge), Some(1..4));
        assert_eq!(trim_edges(1..3, edge), Some(1..2));
        assert_eq!(trim_edges(4..6, edge), None, "nothing but punctuation");
        assert!(!is_edge_punct("!") && !is_edge_punct("\""), "gold spans may end with these");
    }

    #[test]
    fn cuts_to_the_likely_words_or_keeps_all() {
        let p = [0.9, 0.1, 0.2, 0.05, 0.3, 0.1, 0.9];
        assert_eq!(likely_stretch(&p, 1..6, 0.15), 2..5);
        assert_eq!(likely_stretch(&p, 1..6, 0.5), 1..6, "nothing likely: the whole range");
        assert_eq!(likely_stretch(&p, 1..6, 0.0), 1..6, "0 never cuts");
    }
}
