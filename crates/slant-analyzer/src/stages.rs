//! The stages: one per reading, each adding its part to the article record.
//! Registering a new reading means one arm in [`stage`].

use std::sync::Arc;

use slant_corpus::{ArticleMeta, ArticleRecord};
use slant_model::{DetectOptions, Detector};
use slant_text::{Document, Quoted, Span, Technique};

use crate::{Reading, RunOptions};

/// What a stage reads: the document, its metadata and the run's settings.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The article.
    pub doc: &'a Document,
    /// What is known of it besides its text.
    pub meta: &'a ArticleMeta,
    /// The settings of this run.
    pub options: &'a RunOptions,
}

/// One reading of an article: reads the input and what earlier stages put
/// in the record, and adds its own part.
pub trait Stage: Send + Sync {
    /// The reading this stage gives.
    fn reading(&self) -> Reading;
    /// Adds this reading to `record`.
    fn run(&self, input: &Input<'_>, record: &mut ArticleRecord);
}

/// The stage of `reading`.
pub(crate) fn stage(reading: Reading, detector: &Arc<dyn Detector>) -> Box<dyn Stage> {
    match reading {
        Reading::Techniques => Box::new(Techniques { detector: Arc::clone(detector) }),
        Reading::Voices => Box::new(Voices),
        Reading::Actors => Box::new(Actors),
        Reading::Time => Box::new(Time),
    }
}

/// The attributed content pieces found so far (none unless the voices
/// reading ran).
fn quoted(record: &ArticleRecord) -> Vec<Quoted> {
    record.attributions.as_deref().map(slant_voices::quoted).unwrap_or_default()
}

/// Technique spans from the model.
struct Techniques {
    detector: Arc<dyn Detector>,
}

impl Stage for Techniques {
    fn reading(&self) -> Reading {
        Reading::Techniques
    }

    fn run(&self, input: &Input<'_>, record: &mut ArticleRecord) {
        let options = DetectOptions { threshold: input.options.threshold };
        record.set_spans(self.detector.detect(input.doc, &options));
    }
}

/// Attributions, their sources, and the voice of each technique span.
struct Voices;

impl Stage for Voices {
    fn reading(&self) -> Reading {
        Reading::Voices
    }

    fn run(&self, input: &Input<'_>, record: &mut ArticleRecord) {
        // The model is embedded and checked by the tests; a broken one
        // reads nothing rather than failing the article.
        let Ok(model) = slant_voices::Voices::embedded() else { return };
        let spans: Vec<Span> = record.spans.iter().map(slant_corpus::SpanRecord::span).collect();
        let read = model.read(input.doc, &spans);
        for (span, voice) in record.spans.iter_mut().zip(read.voices) {
            span.voice = Some(voice);
            if let slant_text::Voice::Attribution(i) = voice
                && let Some(cue) = read.attributions.get(i).and_then(|a| voice_cue(a, i, &read.sources))
            {
                // Before the model's verdict, which comes last.
                let at = span.evidence.len().saturating_sub(1);
                span.evidence.insert(at, cue);
            }
        }
        if let Some(summary) = &mut record.summary {
            summary.voices = Some(read.summary);
        }
        record.attributions = Some(read.attributions);
        record.sources = Some(read.sources);
    }
}

/// Whose words a technique span is, as evidence: "quoted from “Maryam
/// Sanjabi”", for a span inside a direct quotation (attribution `i`) whose
/// source is named; the source's fullest name is given. Indirect speech is
/// left out: where it ends is too often uncertain to pin a span on it.
fn voice_cue(a: &slant_voices::Attribution, i: usize, sources: &[slant_voices::SourceSummary]) -> Option<String> {
    if a.kind != slant_voices::AttributionKind::Direct {
        return None;
    }
    let source = sources.iter().find(|s| s.indices.contains(&i))?;
    if !matches!(source.kind, slant_voices::SourceKind::Person | slant_voices::SourceKind::Organisation) {
        return None;
    }
    Some(format!("quoted from {}", slant_model::evidence::quote(&source.text)))
}

/// Actors, their aliases and labels.
struct Actors;

impl Stage for Actors {
    fn reading(&self) -> Reading {
        Reading::Actors
    }

    fn run(&self, input: &Input<'_>, record: &mut ArticleRecord) {
        let techniques: Vec<(Span, Technique)> = record.spans.iter().map(|s| (s.span(), s.technique)).collect();
        let quoted = quoted(record);
        let ctx = slant_actors::Context { techniques: &techniques, quoted: &quoted };
        record.actors = Some(slant_actors::find_actors(input.doc, &ctx));
    }
}

/// Time expressions and the timeline, anchored to the publication date.
struct Time;

impl Stage for Time {
    fn reading(&self) -> Reading {
        Reading::Time
    }

    fn run(&self, input: &Input<'_>, record: &mut ArticleRecord) {
        let metadata = input.meta.published_date().and_then(|d| d.parse().ok());
        let published = slant_time::Published::resolve(input.options.published, metadata, input.doc);
        let timexes = slant_time::find_timexes(input.doc, published.date);
        let timeline = slant_time::timeline(input.doc, &timexes, &quoted(record), &published);
        record.published = Some(published);
        record.timexes = Some(timexes);
        record.timeline = Some(timeline);
    }
}
