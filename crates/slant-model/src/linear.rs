//! The linear model: the span tagger and the technique classifier together,
//! as a [`Detector`].


use serde::{Deserialize, Serialize};
use slant_corpus::{ModelInfo, SpanRecord};
use slant_text::{Document, Span, Technique};

use crate::evidence::Cues;
use crate::features::{sentence_features, sentence_level_features, span_features, token_features, DocView, NamedSink};
use crate::repetition::{RepetitionRule, Repeats};
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

    /// Evidence for a detection in a reader's words (see
    /// [`crate::evidence`]): for Repetition, how often the text occurs and
    /// where it first did; then the strongest readable span cues, then the
    /// strongest for its technique. `probs` are the token probabilities:
    /// the span cues come from the span's most likely tokens.
    pub fn evidence(&self, v: &DocView<'_>, repeats: &Repeats, candidate: &Candidate, technique: Technique, probs: &[f32]) -> Vec<String> {
        let tokens = candidate.tokens.clone();
        let cues = Cues::new(v, repeats, tokens.clone(), candidate.span, candidate.sentence);
        let mut out = Vec::new();
        if technique == Technique::Repetition {
            out.extend(cues.repetition());
        }
        let mut si = NamedSink::new(self.tagger.space);
        let sentence = v.tokens.get(tokens.start).map(|t| t.sentence);
        let span_cues = if candidate.sentence {
            if let Some(k) = sentence {
                sentence_level_features(v, k, &mut si);
            }
            out.push(format!("the whole sentence is marked (sentence score {:.2})", candidate.score));
            cues.top(&si, |idx| self.tagger.sentence_weights[idx as usize], 3, None)
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
            cues.top(&si, |idx| self.tagger.weights[idx as usize], 3, None)
        };
        let mut tc = NamedSink::new(self.classifier.space);
        span_features(v, tokens, None, &mut tc);
        let k = technique.index();
        let lift = |idx: u32| {
            let n = Technique::COUNT;
            let row = &self.classifier.weights[idx as usize * n..(idx as usize + 1) * n];
            row[k] - row.iter().sum::<f32>() / n as f32
        };
        let technique_cues = cues.top(&tc, lift, 2, Some(technique));
        for cue in span_cues.into_iter().chain(technique_cues) {
            if !out.contains(&cue) {
                out.push(cue);
            }
        }
        out
    }

    /// Evidence for fragments another tier found in `doc` (the neural
    /// tier, which blends this model): each `(span, technique, sentence
    /// score)` told with this model's cues, as [`Self::evidence`] tells its
    /// own; a sentence score marks a fragment that is its whole sentence.
    pub fn explain(&self, doc: &Document, repeats: &Repeats, found: &[(Span, Technique, Option<f32>)]) -> Vec<Vec<String>> {
        let v = self.view(doc);
        let probs = self.tagger.token_probs(&v);
        found
            .iter()
            .map(|&(span, technique, sentence)| {
                let candidate =
                    Candidate { tokens: v.token_range(span), span, score: sentence.unwrap_or(0.0), sentence: sentence.is_some() };
                self.evidence(&v, repeats, &candidate, technique, &probs)
            })
            .collect()
    }
}

/// How many of a span's most likely tokens its evidence is drawn from.
const EVIDENCE_TOKENS: usize = 6;

impl Detector for LinearModel {
    fn info(&self) -> ModelInfo {
        ModelInfo { name: self.meta.name.clone(), kind: "trained".into(), description: self.meta.description.clone() }
    }

    fn detect(&self, doc: &Document, options: &DetectOptions) -> Vec<SpanRecord> {
        let v = self.view(doc);
        let (probs, sentence_probs) = self.tagger.probs(&v);
        let repeats = Repeats::new(doc);
        self.score_candidates(&v, &probs, &sentence_probs, options.threshold)
            .into_iter()
            .filter_map(|s| {
                let (technique, p) = RepetitionRule::DEFAULT.report(&repeats, s.candidate.span, &s.ranked)?;
                let mut evidence = self.evidence(&v, &repeats, &s.candidate, technique, &probs);
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

#[cfg(test)]
mod tests {
    use crate::repetition::Repeats;
    use crate::{DetectOptions, Detector};
    use slant_text::{Document, Technique};

    /// On the seed article (`SLANT_SEED_ARTICLE`), every evidence item is a
    /// reader's reason, and Repetition never marks a first occurrence.
    #[test]
    fn the_seed_article_has_evidence_in_a_readers_words() {
        let Some(bytes) = std::env::var_os("SLANT_SEED_ARTICLE").and_then(|p| std::fs::read(p).ok()) else {
            eprintln!("skipped: set SLANT_SEED_ARTICLE to the seed article");
            return;
        };
        let doc = Document::from_bytes("seed", &bytes).unwrap();
        let spans = crate::registry::default_model().detect(&doc, &DetectOptions::default());
        assert!(spans.len() > 10, "{spans:#?}");
        let repeats = Repeats::new(&doc);
        for s in &spans {
            for e in &s.evidence {
                assert!(!e.contains("ending in") && !e.contains("in a sentence with"), "{e:?} on {:?}", s.text);
                // Each cue quotes the article, or is one of the few cues
                // that point at the fragment's place or the model's verdict.
                if let Some(quoted) = e.strip_prefix('“').and_then(|q| q.split_once('”')).map(|q| q.0) {
                    let quoted = quoted.trim_end_matches('…');
                    assert!(doc.text().contains(quoted) || doc.text().replace('\n', " ").contains(quoted), "{quoted:?}");
                } else {
                    let place = ["inside quotation marks", "in an exclamation", "in a question", "in the headline", "contains “"];
                    assert!(
                        place.iter().any(|p| e.starts_with(p)) || e.starts_with("the whole sentence is marked") || e.contains(" with probability "),
                        "{e:?} on {:?}",
                        s.text
                    );
                }
            }
            if s.technique == Technique::Repetition {
                assert!(repeats.of(s.span()).unwrap().before > 0, "{:?} at {} is a first occurrence", s.text, s.start);
            }
        }
    }
}
