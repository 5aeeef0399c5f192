use slant_corpus::{ModelInfo, SpanRecord};
use slant_text::{Document, Span, Technique};

/// Options for one detection run.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DetectOptions {
    /// Minimum confidence of a reported fragment; `None` uses the model's
    /// tuned default. Lower values trade precision for recall.
    pub threshold: Option<f32>,
}

/// Techniques for one span with their confidences, most likely first.
pub type RankedTechniques = Vec<(Technique, f32)>;

/// Anything that finds propaganda fragments in a document.
pub trait Detector: Send + Sync {
    /// What this detector is; `kind` is `trained` only for models learnt from
    /// data.
    fn info(&self) -> ModelInfo;

    /// Finds fragments, each with a technique, a confidence in `[0, 1]` and
    /// the evidence that fired. Spans lie within the document.
    fn detect(&self, doc: &Document, options: &DetectOptions) -> Vec<SpanRecord>;

    /// Ranks all techniques for each given span of `doc` (the `SemEval` TC
    /// task). Out-of-bounds spans are clamped to the document.
    fn classify(&self, doc: &Document, spans: &[Span]) -> Vec<RankedTechniques>;
}
