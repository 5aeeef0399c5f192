//! Who is speaking in an article: attributions (cue, source, content),
//! sources typed, and the voice of every place of the text.
//!
//! A small learnt model (two stacked averaged-perceptron taggers over
//! tokens, trained on `PolNeAR`) marks each token as source, cue, content or
//! none; rules join the pieces into attributions, type the sources and
//! resolve pronouns to the names they stand for. Offsets are code points,
//! end exclusive, as everywhere in slant.
//!
//! ```
//! use slant_text::{Document, Span, Voice};
//! use slant_voices::{AttributionKind, Voices};
//!
//! let text = "“We will win,” Maryam Sanjabi told reporters. The plan is reckless.";
//! let doc = Document::from_text("a", text.to_owned()).unwrap();
//! let voices = Voices::embedded().unwrap();
//! let read = voices.read(&doc, &[Span::new(4, 12), Span::new(58, 66)]);
//! let first = &read.attributions[0];
//! assert_eq!(first.kind, AttributionKind::Direct);
//! assert_eq!(first.source.as_ref().unwrap().text, "Maryam Sanjabi");
//! assert_eq!(read.voices, [Voice::Attribution(0), Voice::Narration]);
//! assert_eq!(read.sources[0].text, "Maryam Sanjabi");
//! ```

mod alias;
mod apposition;
mod assemble;
mod attribution;
pub mod brat;
pub mod corpus;
mod error;
mod features;
mod hash;
mod layout;
mod model;
mod packed;
mod quotes;
mod resolve;
pub mod score;
mod segment;
mod sources;
mod speakers;
mod tagger;
mod token;
pub mod train;
mod voice;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use slant_text::{Document, Span, Voice};

pub use attribution::{Attribution, AttributionKind, Source, SourceKind, SourceSummary, TextSpan};
pub use brat::{GoldAttribution, read_ann};
pub use error::VoicesError;
pub use model::Model;
pub use sources::sources;
pub use voice::{VoicesSummary, quoted, summary, voices};

/// The committed model (`models/voices.bin`, trained by
/// `cargo run --release -p slant-voices --example train`).
static EMBEDDED: &[u8] = include_bytes!("../../../models/voices.bin");

/// The attribution reader: a loaded model.
#[derive(Debug, Clone)]
pub struct Voices {
    model: Model,
}

/// Everything the voices reading says about one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleVoices {
    /// Its attributions, in text order.
    pub attributions: Vec<Attribution>,
    /// Its sources, most content first.
    pub sources: Vec<SourceSummary>,
    /// The voice of each span given to [`Voices::read`], in order.
    pub voices: Vec<Voice>,
    /// The article's figures.
    pub summary: VoicesSummary,
}

impl Voices {
    /// Loads a model from its file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, VoicesError> {
        Ok(Self { model: Model::from_bytes(bytes)? })
    }

    /// Wraps a model.
    pub fn from_model(model: Model) -> Self {
        Self { model }
    }

    /// The committed model, loaded once.
    pub fn embedded() -> Result<&'static Voices, VoicesError> {
        static LOADED: OnceLock<Result<Voices, String>> = OnceLock::new();
        LOADED
            .get_or_init(|| Voices::from_bytes(EMBEDDED).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| VoicesError::Model(format!("the embedded model: {e}")))
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The attributions of `doc`, in text order, sources typed and
    /// pronouns resolved.
    pub fn attributions(&self, doc: &Document) -> Vec<Attribution> {
        let analysis = features::Analysis::new(doc.text(), &self.model.lexicon);
        let tagging = self.model.tag(&analysis);
        let mut attrs = assemble::assemble(doc, &analysis, &tagging);
        resolve::resolve(doc, &analysis, &mut attrs);
        attrs
    }

    /// The whole reading of `doc`: attributions, sources, the voice of each
    /// of `technique_spans`, and the summary.
    pub fn read(&self, doc: &Document, technique_spans: &[Span]) -> ArticleVoices {
        let attributions = self.attributions(doc);
        let sources = sources(doc, &attributions);
        let voices = voices(technique_spans, &attributions);
        let summary = summary(doc, &attributions, &sources, &voices);
        ArticleVoices { attributions, sources, voices, summary }
    }
}
