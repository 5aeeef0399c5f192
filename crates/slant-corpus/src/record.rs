//! The JSON analysis schema, shared by the CLI (`--format json|jsonl`), the
//! HTTP API and the HTML report. The README documents it field by field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use slant_text::{Document, Span, Technique, Voice};

/// One detected (or gold) fragment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpanRecord {
    /// First code point of the fragment.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The technique, as its SemEval-2020 label.
    pub technique: Technique,
    /// The technique's display name (derived; ignored on input).
    #[serde(default)]
    pub name: String,
    /// Confidence in `[0, 1]`.
    pub score: f32,
    /// The fragment's text (derived; ignored on input).
    #[serde(default)]
    pub text: String,
    /// Why it was flagged, in plain words: the strongest cues that fired.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// Whose words the fragment is: the outlet's narration or an
    /// attribution's content (set by the voices reading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<Voice>,
}

impl SpanRecord {
    /// A record for `span` of `doc`; `None` when the span is out of bounds.
    pub fn new(doc: &Document, span: Span, technique: Technique, score: f32, evidence: Vec<String>) -> Option<Self> {
        Some(Self {
            start: span.start,
            end: span.end,
            technique,
            name: technique.name().to_owned(),
            score,
            text: doc.slice(span)?.to_owned(),
            evidence,
            voice: None,
        })
    }

    /// The span in code points.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// How many times a flagged phrase occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepeatedPhrase {
    /// The phrase, lower-cased.
    pub text: String,
    /// Number of flagged fragments with this text.
    pub count: usize,
}

/// Aggregate figures for one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Summary {
    /// Flagged fragments per 1,000 words.
    pub spans_per_1000_words: f64,
    /// Number of fragments per technique label (only techniques present).
    pub by_technique: BTreeMap<String, usize>,
    /// Flagged phrases that occur more than once, most frequent first.
    pub most_repeated: Vec<RepeatedPhrase>,
    /// Who carries the article: the share of technique spans in
    /// narration, the main source and whether the attributed content rests
    /// on it (the voices reading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voices: Option<slant_voices::VoicesSummary>,
}

impl Summary {
    /// Computes the summary of `spans` over an article of `words` words.
    pub fn compute(spans: &[SpanRecord], words: usize) -> Self {
        let mut by_technique = BTreeMap::new();
        let mut phrases: BTreeMap<String, usize> = BTreeMap::new();
        for s in spans {
            *by_technique.entry(s.technique.label().to_owned()).or_insert(0) += 1;
            let key = s.text.trim().to_lowercase();
            if !key.is_empty() {
                *phrases.entry(key).or_insert(0) += 1;
            }
        }
        let mut most_repeated: Vec<RepeatedPhrase> = phrases
            .into_iter()
            .filter(|&(_, c)| c > 1)
            .map(|(text, count)| RepeatedPhrase { text, count })
            .collect();
        most_repeated.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
        most_repeated.truncate(10);
        let spans_per_1000_words = if words == 0 { 0.0 } else { spans.len() as f64 * 1000.0 / words as f64 };
        Self { spans_per_1000_words, by_technique, most_repeated, voices: None }
    }
}

/// The analysis of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// Article identifier.
    pub id: String,
    /// The title (first line), when the text has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Length in code points.
    #[serde(default)]
    pub chars: usize,
    /// Number of whitespace-separated words.
    #[serde(default)]
    pub words: usize,
    /// The fragments, sorted by start then end.
    pub spans: Vec<SpanRecord>,
    /// Who says what: cue, source and content of each attribution (the
    /// voices reading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributions: Option<Vec<slant_voices::Attribution>>,
    /// The sources of the attributions, typed, most content first (the
    /// voices reading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<slant_voices::SourceSummary>>,
    /// The actors the article is about, with their aliases and labels (the
    /// actors reading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actors: Option<Vec<slant_actors::Actor>>,
    /// The publication date the time reading anchored to, and where it came
    /// from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<slant_time::Published>,
    /// The time expressions (the time reading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timexes: Option<Vec<slant_time::Timex>>,
    /// The dated claims, in time order (the time reading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Vec<slant_time::TimelineEntry>>,
    /// Aggregate figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summary>,
}

impl ArticleRecord {
    /// Builds the record of `doc` from its spans (sorted here).
    pub fn new(doc: &Document, title: Option<String>, mut spans: Vec<SpanRecord>) -> Self {
        spans.sort_by_key(|a| (a.start, a.end, a.technique));
        let words = doc.word_count();
        let summary = Summary::compute(&spans, words);
        Self {
            id: doc.id().to_owned(),
            title,
            chars: doc.char_len(),
            words,
            spans,
            attributions: None,
            sources: None,
            actors: None,
            published: None,
            timexes: None,
            timeline: None,
            summary: Some(summary),
        }
    }
}

impl ArticleRecord {
    /// Replaces the technique spans (sorted here) and recomputes the
    /// summary.
    pub fn set_spans(&mut self, mut spans: Vec<SpanRecord>) {
        spans.sort_by_key(|a| (a.start, a.end, a.technique));
        let voices = self.summary.take().and_then(|s| s.voices);
        self.summary = Some(Summary { voices, ..Summary::compute(&spans, self.words) });
        self.spans = spans;
    }
}

/// The title of an article: its first line, when a blank line follows it
/// (the PTC layout) and it is short enough to be one.
pub fn title_of(doc: &Document) -> Option<String> {
    let text = doc.text().trim_start_matches('\u{feff}');
    let mut lines = text.split('\n');
    let first = lines.next()?.trim();
    let second = lines.next()?;
    let is_title = !first.is_empty() && second.trim().is_empty() && first.chars().count() <= 300;
    is_title.then(|| first.to_owned())
}

/// Which model produced an analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// Model name.
    pub name: String,
    /// Kind of detector: `trained` models learnt from data; anything else
    /// (such as `baseline`) is not a trained result.
    pub kind: String,
    /// One sentence on what it is and how it was made.
    pub description: String,
}

/// The JSON document `slant analyze --format json` writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisRecord {
    /// Version of slant that wrote it.
    pub slant_version: String,
    /// The model used.
    pub model: ModelInfo,
    /// One record per article, in input order.
    pub articles: Vec<ArticleRecord>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_round_trips_through_json() {
        let doc = Document::from_bytes("m", "The “evil” plan. The evil plan!".as_bytes()).unwrap();
        let spans = vec![
            SpanRecord::new(&doc, Span::new(21, 25), Technique::LoadedLanguage, 0.7, vec!["cue".into()]).unwrap(),
            SpanRecord::new(&doc, Span::new(5, 9), Technique::LoadedLanguage, 0.9, vec![]).unwrap(),
        ];
        assert_eq!(spans[1].text, "evil");
        let rec = ArticleRecord::new(&doc, None, spans);
        assert_eq!(rec.spans[0].start, 5, "sorted by start");
        let summary = rec.summary.as_ref().unwrap();
        assert_eq!(summary.most_repeated, vec![RepeatedPhrase { text: "evil".into(), count: 2 }]);
        assert_eq!(summary.by_technique["Loaded_Language"], 2);
        let json = serde_json::to_string(&rec).unwrap();
        let back: ArticleRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(back, rec);
    }

    #[test]
    fn out_of_bounds_span_gives_no_record() {
        let doc = Document::from_bytes("m", b"short").unwrap();
        assert!(SpanRecord::new(&doc, Span::new(2, 9), Technique::Doubt, 1.0, vec![]).is_none());
    }
}
