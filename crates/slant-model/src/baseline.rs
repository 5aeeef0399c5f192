//! A keyword list, for tests and as a floor to compare models against. It is
//! labelled `baseline` in every output: its spans are not a trained result.

use slant_corpus::{ModelInfo, SpanRecord};
use slant_text::{Document, Span, Technique};

use crate::{DetectOptions, Detector, RankedTechniques};

/// Flags a fixed list of emotionally loaded words as loaded language.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeywordBaseline;

const LOADED: &[&str] = &[
    "corrupt", "evil", "horrendous", "disgraceful", "shameful", "outrageous", "traitor",
    "traitors", "terrorist", "radical", "extremist", "disaster", "catastrophe", "lies",
    "lied", "hoax", "thugs", "criminal", "monstrous", "brutal",
];

impl Detector for KeywordBaseline {
    fn info(&self) -> ModelInfo {
        ModelInfo {
            name: "keyword-baseline".into(),
            kind: "baseline".into(),
            description: "A fixed list of 20 loaded words; not a trained model, not a result.".into(),
        }
    }

    fn detect(&self, doc: &Document, options: &DetectOptions) -> Vec<SpanRecord> {
        let threshold = options.threshold.unwrap_or(0.5);
        if threshold > 0.5 {
            return Vec::new();
        }
        let text = doc.text();
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            match (c.is_alphanumeric() || c == '-', start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let word = &text[s..i];
                    if LOADED.iter().any(|w| w.eq_ignore_ascii_case(word))
                        && let Some(span) = doc.char_span(s..i) {
                            let cue = format!("“{}” is on the baseline's list of loaded words", word.to_lowercase());
                            out.extend(SpanRecord::new(doc, span, Technique::LoadedLanguage, 0.5, vec![cue]));
                        }
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    fn classify(&self, _doc: &Document, spans: &[Span]) -> Vec<RankedTechniques> {
        // The most frequent technique in PTC, then the table order.
        let ranked: RankedTechniques = std::iter::once((Technique::LoadedLanguage, 0.5))
            .chain(Technique::ALL.iter().filter(|&&t| t != Technique::LoadedLanguage).map(|&t| (t, 0.0)))
            .collect();
        vec![ranked; spans.len()]
    }
}
