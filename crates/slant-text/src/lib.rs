//! Text primitives for slant: documents read exactly as stored, spans in
//! Unicode code points, and the single table of propaganda techniques.
//!
//! Offsets at every interface of slant are code-point indices with an
//! exclusive end, the convention of the Propaganda Techniques Corpus. A
//! leading byte-order mark is character 0 and newlines are never translated.
//!
//! ```
//! use slant_text::{Document, Span, Technique};
//!
//! let doc = Document::from_bytes("a1", "“Crooked” Bob 🦊".as_bytes()).unwrap();
//! assert_eq!(doc.slice(Span::new(1, 8)), Some("Crooked"));
//! assert_eq!(doc.char_len(), 15);
//! assert_eq!(Technique::parse("Name_Calling-Labeling"), Some(Technique::NameCallingLabeling));
//! ```

mod char_index;
mod document;
mod error;
pub mod hash;
mod span;
mod technique;
mod voice;

pub use char_index::CharIndex;
pub use document::{Document, DocumentLimits};
pub use error::TextError;
pub use span::{Span, merge_overlapping};
pub use technique::{Technique, TechniqueInfo, UNMAPPED_LABELS};
pub use voice::{Quoted, Voice, voice_at};
