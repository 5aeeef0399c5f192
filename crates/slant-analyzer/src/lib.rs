//! One analysis pipeline for every reading of slant.
//!
//! An [`Analyzer`] is built once from a technique model and a set of
//! [`Reading`]s, then called the same way by the CLI, the server, the corpus
//! mode and the Python package: [`Analyzer::analyze`] takes a document and
//! its metadata and returns the article record. Each reading is a [`Stage`]
//! that reads the document and what earlier stages found and adds its part:
//! techniques first, then voices, actors and time. A new reading is one new
//! crate and one registration in [`stages`].
//!
//! ```
//! use slant_analyzer::{Analyzer, Reading};
//! use slant_corpus::ArticleMeta;
//! use slant_text::Document;
//!
//! let analyzer = Analyzer::builder().model_name("default").unwrap().build();
//! let doc = Document::from_text("a1", "The corrupt regime lied again in 1986.".into()).unwrap();
//! let record = analyzer.analyze(&doc, &ArticleMeta::default());
//! assert!(record.spans.iter().all(|s| doc.slice(s.span()) == Some(s.text.as_str())));
//! assert_eq!(record.timexes.unwrap()[0].value, "1986");
//! assert!(analyzer.readings().contains(&Reading::Actors));
//! ```

mod error;
pub mod models;
mod reading;
pub mod stages;

use std::sync::Arc;

use slant_corpus::{ArticleMeta, ArticleRecord, ModelInfo};
use slant_model::Detector;
use slant_text::Document;

pub use error::AnalyzerError;
pub use reading::Reading;
pub use stages::{Input, Stage};

/// Settings of one analysis that a caller may change per article (the
/// server's per-request threshold, a corpus's per-article date).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RunOptions {
    /// Minimum confidence of a reported technique span (`None`: the
    /// model's own).
    pub threshold: Option<f32>,
    /// The publication date, over what the metadata or a dateline say
    /// (`--published`).
    pub published: Option<slant_time::Date>,
}

/// The pipeline: a technique model and the stages of the chosen readings.
/// Cheap to share between threads (`&Analyzer` is `Sync`).
pub struct Analyzer {
    detector: Arc<dyn Detector>,
    stages: Vec<Box<dyn Stage>>,
    readings: Vec<Reading>,
    options: RunOptions,
}

impl Analyzer {
    /// A builder: the embedded default model and every reading, unless told
    /// otherwise.
    #[must_use]
    pub fn builder() -> AnalyzerBuilder {
        AnalyzerBuilder::default()
    }

    /// The record of one article: every stage in order over `doc`, with what
    /// `meta` says of it (title, publication date).
    #[must_use]
    pub fn analyze(&self, doc: &Document, meta: &ArticleMeta) -> ArticleRecord {
        self.analyze_with(doc, meta, &self.options)
    }

    /// [`Analyzer::analyze`] with other settings than the builder's.
    #[must_use]
    pub fn analyze_with(&self, doc: &Document, meta: &ArticleMeta, options: &RunOptions) -> ArticleRecord {
        let title = meta.title.clone().or_else(|| slant_corpus::record::title_of(doc));
        let mut record = ArticleRecord::new(doc, title, Vec::new());
        let input = Input { doc, meta, options };
        for stage in &self.stages {
            stage.run(&input, &mut record);
        }
        record
    }

    /// What the technique model is.
    #[must_use]
    pub fn model_info(&self) -> ModelInfo {
        self.detector.info()
    }

    /// The settings [`Analyzer::analyze`] uses.
    #[must_use]
    pub fn options(&self) -> &RunOptions {
        &self.options
    }

    /// The technique model (for the TC task: [`Detector::classify`]).
    #[must_use]
    pub fn detector(&self) -> &Arc<dyn Detector> {
        &self.detector
    }

    /// The readings this analyzer runs, in order.
    #[must_use]
    pub fn readings(&self) -> &[Reading] {
        &self.readings
    }
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("model", &self.detector.info().name)
            .field("readings", &self.readings)
            .finish_non_exhaustive()
    }
}

/// Builds an [`Analyzer`].
#[derive(Default)]
pub struct AnalyzerBuilder {
    detector: Option<Arc<dyn Detector>>,
    options: RunOptions,
    readings: Option<Vec<Reading>>,
}

impl AnalyzerBuilder {
    /// The technique model.
    #[must_use]
    pub fn detector(mut self, detector: Arc<dyn Detector>) -> Self {
        self.detector = Some(detector);
        self
    }

    /// The technique model by name or path (see [`models::load`]).
    ///
    /// # Errors
    /// As [`models::load`].
    pub fn model_name(self, spec: &str) -> Result<Self, AnalyzerError> {
        Ok(self.detector(models::load(spec)?))
    }

    /// Minimum confidence of a reported technique span (`None`: the
    /// model's own).
    #[must_use]
    pub fn threshold(mut self, threshold: Option<f32>) -> Self {
        self.options.threshold = threshold;
        self
    }

    /// The readings to run (techniques always run first when named; the
    /// order given does not matter).
    #[must_use]
    pub fn readings(mut self, readings: &[Reading]) -> Self {
        self.readings = Some(readings.to_vec());
        self
    }

    /// The publication date of every article (`--published`), over what
    /// their metadata or dateline say.
    #[must_use]
    pub fn published(mut self, date: Option<slant_time::Date>) -> Self {
        self.options.published = date;
        self
    }

    /// The analyzer.
    #[must_use]
    pub fn build(self) -> Analyzer {
        let detector = self.detector.unwrap_or_else(|| slant_model::registry::default_model() as Arc<dyn Detector>);
        let mut readings = self.readings.unwrap_or_else(|| Reading::ALL.to_vec());
        readings.sort();
        readings.dedup();
        let stages = readings
            .iter()
            .map(|r| stages::stage(*r, &detector))
            .collect();
        Analyzer { detector, stages, readings, options: self.options }
    }
}
