//! The linear model: the span tagger and the technique classifier together,
//! as a [`Detector`].


use serde::{Deserialize, Serialize};
use slant_corpus::{ModelInfo, SpanRecord};
use slant_text::{Document, Span, Technique};

use crate::features::{
    is_stopword, sentence_features, sentence_level_features, span_features, token_features, DocView, NamedSink, Template,
};
use std::sync::Arc;

use crate::embed::StaticEmbeddings;
use crate::span_tagger::{Candidate, SpanTagger};
use crate::technique_classifier::TechniqueClassifier;
use crate::{DetectOptions, Detector, RankedTechniques};

/// Provenance and figures of a trained model, stored in the model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ModelMeta {
    /// Model name.
    pub name: String,
    /// What it is, in a sentence.
    pub description: String,
    /// The command that trained it.
    pub command: String,
    /// The data it was trained on.
    pub data: String,
    /// The seed used.
    pub seed: u64,
    /// Figures it reached (e.g. cross-validated F1), by name.
    pub figures: std::collections::BTreeMap<String, f64>,
}

/// A trained linear model.
#[derive(Debug, Clone)]
pub struct LinearModel {
    /// Provenance.
    pub meta: ModelMeta,
    /// Span identification.
    pub tagger: SpanTagger,
    /// Technique classification.
    pub classifier: TechniqueClassifier,
    /// Word-piece embeddings used by the features, if any.
    pub embeddings: Option<Arc<StaticEmbeddings>>,
}

/// A detection before it becomes a record: candidate plus ranked techniques.
#[derive(Debug, Clone)]
pub struct Scored {
    /// The span candidate.
    pub candidate: Candidate,
    /// Techniques, most likely first.
    pub ranked: RankedTechniques,
}

impl LinearModel {
    /// Prepares `doc` for this model's features.
    pub fn view<'a>(&self, doc: &'a Document) -> DocView<'a> {
        DocView::with_embeddings(doc, self.embeddings.as_ref())
    }

    /// Spans with their ranked techniques, without evidence (the fast path
    /// used by evaluation and benchmarks).
    pub fn scored_spans(&self, v: &DocView<'_>, threshold: Option<f32>) -> Vec<Scored> {
        let (probs, sentence_probs) = self.tagger.probs(v);
        self.score_candidates(v, &probs, &sentence_probs, threshold)
    }

    /// [`Self::scored_spans`] from token and sentence probabilities.
    pub fn score_candidates(&self, v: &DocView<'_>, probs: &[f32], sentence_probs: &[f32], threshold: Option<f32>) -> Vec<Scored> {
        self.spans_from_probs(v, probs, sentence_probs, threshold)
            .into_iter()
            .map(|candidate| {
                let ranked = self.classifier.ranked(v, candidate.tokens.clone(), None);
                Scored { candidate, ranked }
            })
            .collect()
    }

    /// Spans decoded from token and sentence probabilities; `threshold`
    /// overrides the default marking threshold and moves the others with it.
    pub fn spans_from_probs(&self, v: &DocView<'_>, probs: &[f32], sentence_probs: &[f32], threshold: Option<f32>) -> Vec<Candidate> {
        let mut cfg = self.tagger.decode;
        if let Some(t) = threshold {
            // One knob for users: move all thresholds together.
            let delta = t - cfg.threshold;
            cfg.keep_threshold += delta;
            cfg.sentence_threshold += delta;
            cfg.inner_threshold += delta;
            cfg.threshold = t;
        }
        SpanTagger::decode(v, probs, sentence_probs, cfg)
    }

    /// Plain-words evidence for a detection: the strongest span cues, then
    /// the strongest cues for its technique.
    /// `probs` are the token probabilities: the cues come from the span's
    /// most likely tokens.
    pub fn evidence(&self, v: &DocView<'_>, candidate: &Candidate, technique: Technique, probs: &[f32]) -> Vec<String> {
        let tokens = candidate.tokens.clone();
        let mut out = Vec::new();
        let mut si = NamedSink::new(self.tagger.space);
        let sentence = v.tokens.get(tokens.start).map(|t| t.sentence);
        if candidate.sentence {
            if let Some(k) = sentence {
                sentence_level_features(v, k, &mut si);
            }
            out.push(format!("the sentence as a whole scores {:.2}", candidate.score));
            out.extend(top_cues(&si, |idx| self.tagger.sentence_weights[idx as usize], 3));
        } else {
            let mut strongest: Vec<usize> = tokens.clone().collect();
            strongest.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
            strongest.truncate(EVIDENCE_TOKENS);
            for i in strongest {
                token_features(v, i, &mut si);
            }
            if let Some(k) = sentence {
                sentence_features(v, k, &mut si);
            }
            out.extend(top_cues(&si, |idx| self.tagger.weights[idx as usize], 3));
        }
        let mut tc = NamedSink::new(self.classifier.space);
        span_features(v, tokens, None, &mut tc);
        let k = technique.index();
        let lift = |idx: u32| {
            let n = Technique::COUNT;
            let row = &self.classifier.weights[idx as usize * n..(idx as usize + 1) * n];
            row[k] - row.iter().sum::<f32>() / n as f32
        };
        for cue in top_cues(&tc, lift, 2) {
            let cue = format!("{} suggests {}", cue, technique.name().to_lowercase());
            if !out.contains(&cue) {
                out.push(cue);
            }
        }
        out
    }
}

/// How many of a span's most likely tokens its evidence is drawn from.
const EVIDENCE_TOKENS: usize = 6;

/// Whether a feature key says something on its own: not only function
/// words, punctuation or sentence markers.
fn meaningful(key: &str) -> bool {
    key.is_empty()
        || key.split(' ').any(|w| w.chars().any(char::is_alphabetic) && !is_stopword(w) && !w.starts_with('<'))
}

/// The `n` named features that add most to a score, as plain words. Only
/// templates that explain something (see `Template::describe`) count.
fn top_cues(sink: &NamedSink, weight: impl Fn(u32) -> f32, n: usize) -> Vec<String> {
    // Sum contributions per (template, bucket): one entry per distinct cue.
    // Only features of templates that explain something are looked at, and
    // the (slower) check for meaningful words waits until the sums are known.
    let mut parts: Vec<((Template, u32), f32, usize)> = sink
        .features
        .iter()
        .enumerate()
        .filter(|(_, f)| f.template.explains())
        .map(|(i, f)| ((f.template, f.index), weight(f.index) * f.value, i))
        .collect();
    parts.sort_unstable_by_key(|p| (p.0, p.2));
    let mut sums: Vec<((Template, u32), f32, usize)> = Vec::with_capacity(parts.len());
    for (key, c, i) in parts {
        match sums.last_mut() {
            Some((k, sum, _)) if *k == key => *sum += c,
            _ => sums.push((key, c, i)),
        }
    }
    sums.retain(|s| s.1 > 0.05);
    sums.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.2.cmp(&b.2)));
    let mut out: Vec<String> = Vec::new();
    for (_, _, i) in sums {
        let f = &sink.features[i];
        if f.template.is_lexical() && !meaningful(sink.key(f)) {
            continue;
        }
        if let Some(text) = f.template.describe(sink.key(f))
            && !out.contains(&text) {
                out.push(text);
            }
        if out.len() == n {
            break;
        }
    }
    out
}

impl Detector for LinearModel {
    fn info(&self) -> ModelInfo {
        ModelInfo { name: self.meta.name.clone(), kind: "trained".into(), description: self.meta.description.clone() }
    }

    fn detect(&self, doc: &Document, options: &DetectOptions) -> Vec<SpanRecord> {
        let v = self.view(doc);
        let (probs, sentence_probs) = self.tagger.probs(&v);
        self.score_candidates(&v, &probs, &sentence_probs, options.threshold)
            .into_iter()
            .filter_map(|s| {
                let (technique, p) = s.ranked[0];
                let mut evidence = self.evidence(&v, &s.candidate, technique, &probs);
                evidence.push(format!("{} with probability {:.2}", technique.name(), p));
                SpanRecord::new(doc, s.candidate.span, technique, s.candidate.score, evidence)
            })
            .collect()
    }

    fn classify(&self, doc: &Document, spans: &[Span]) -> Vec<RankedTechniques> {
        let v = self.view(doc);
        self.classifier.ranked_all(&v, spans)
    }
}
