//! Detectors: what turns a [`Document`] into flagged fragments.
//!
//! [`Detector`] is the seam between the models and everything that shows
//! their output (CLI, server, reports). A detector finds spans (span
//! identification) and names their technique (technique classification), and
//! can classify spans given from outside (the `SemEval` TC task).
//!
//! ```
//! use slant_model::{Detector, DetectOptions, KeywordBaseline};
//! use slant_text::Document;
//!
//! let doc = Document::from_bytes("x", b"The corrupt regime lied again.").unwrap();
//! let spans = KeywordBaseline.detect(&doc, &DetectOptions::default());
//! assert_eq!(spans[0].text, "corrupt");
//! assert_eq!(KeywordBaseline.info().kind, "baseline");
//! ```

mod baseline;
pub mod cross_validation;
pub mod decode;
mod detector;
pub mod embed;
pub mod evidence;
pub mod features;
pub mod ftrl;
pub mod linear;
pub mod model_file;
pub mod registry;
pub mod repetition;
pub mod space;
pub mod span_tagger;
pub mod technique_classifier;
pub mod tokenize;
pub mod train;

pub use baseline::KeywordBaseline;
pub use detector::{assign_listed, rank, DetectOptions, Detector, RankedTechniques};
pub use slant_corpus::{ModelInfo, SpanRecord};
pub use slant_text::Document;
