//! Renderers: interchangeable sinks that write analyses in one format each
//! (JSON, JSONL, PTC TSV, a self-contained HTML report, and the terminal's
//! text view).
//! They stream: `begin`, then one `article` call per article, then `finish`,
//! so memory stays flat however many articles pass through.
//!
//! ```
//! use slant_corpus::{ArticleRecord, ModelInfo};
//! use slant_report::{Format, renderer};
//! use slant_text::Document;
//!
//! let doc = Document::from_bytes("7", b"Hello").unwrap();
//! let rec = ArticleRecord::new(&doc, None, vec![]);
//! let model = ModelInfo { name: "m".into(), kind: "baseline".into(), description: String::new() };
//! let mut out = Vec::new();
//! let mut r = renderer(Format::Jsonl);
//! r.begin(&mut out, &model).unwrap();
//! r.article(&mut out, &doc, &rec).unwrap();
//! r.finish(&mut out).unwrap();
//! assert!(String::from_utf8(out).unwrap().starts_with("{\"id\":\"7\""));
//! ```

mod html;
pub mod html_assets;
pub mod html_escape;
mod html_palette;
mod json;
mod text;
mod tsv;

use std::io::{self, Write};

use slant_corpus::{ArticleRecord, ModelInfo};
use slant_text::Document;

pub use html::HtmlRenderer;
pub use html_palette::{Line, TechniqueStyle, technique_style, technique_styles};
pub use json::{JsonRenderer, JsonlRenderer};
pub use text::{ColourMode, TextLayout, TextOptions, TextRenderer};
pub use tsv::TsvRenderer;

/// A streaming writer of analyses in one format.
pub trait Renderer {
    /// Writes whatever precedes the first article.
    fn begin(&mut self, out: &mut dyn Write, model: &ModelInfo) -> io::Result<()>;
    /// Writes one article's analysis.
    fn article(&mut self, out: &mut dyn Write, doc: &Document, record: &ArticleRecord) -> io::Result<()>;
    /// Writes whatever follows the last article.
    fn finish(&mut self, out: &mut dyn Write) -> io::Result<()>;
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON document with every article.
    Json,
    /// One JSON article record per line.
    Jsonl,
    /// PTC technique TSV: `id, technique, start, end`.
    Tsv,
    /// PTC span TSV: `id, start, end`.
    Si,
    /// One self-contained HTML report with every article highlighted.
    Html,
    /// The terminal view: highlighted text and evidence, or one line per
    /// article.
    Text(TextOptions),
}

/// The renderer for `format`.
pub fn renderer(format: Format) -> Box<dyn Renderer> {
    match format {
        Format::Json => Box::new(JsonRenderer::default()),
        Format::Jsonl => Box::new(JsonlRenderer),
        Format::Tsv => Box::new(TsvRenderer { with_technique: true }),
        Format::Si => Box::new(TsvRenderer { with_technique: false }),
        Format::Html => Box::new(HtmlRenderer::default()),
        Format::Text(options) => Box::new(TextRenderer::new(options)),
    }
}
