//! The terminal view (`--format text`): for one article, its text wrapped to
//! the screen with every technique span highlighted and tagged (`[1 LOAD
//! …]`), a legend, each span's technique, confidence and evidence under its
//! number, then the voices, actors and timeline when the record has them;
//! for many articles, one line each and the totals.
//!
//! Colour follows the report's palette and is never the only cue: brackets
//! and tags mark every span. Article text is untrusted, so escape sequences
//! and control characters are dropped before printing.
//!
//! ```
//! use slant_corpus::{ArticleRecord, ModelInfo, SpanRecord};
//! use slant_report::{Format, TextOptions, renderer};
//! use slant_text::{Document, Span, Technique};
//!
//! let doc = Document::from_bytes("7", "A truly evil plan.".as_bytes()).unwrap();
//! let span = SpanRecord::new(&doc, Span::new(8, 12), Technique::LoadedLanguage, 0.8, vec![]).unwrap();
//! let rec = ArticleRecord::new(&doc, None, vec![span]);
//! let model = ModelInfo { name: "m".into(), kind: "baseline".into(), description: String::new() };
//! let mut out = Vec::new();
//! let mut r = renderer(Format::Text(TextOptions::default()));
//! r.begin(&mut out, &model).unwrap();
//! r.article(&mut out, &doc, &rec).unwrap();
//! r.finish(&mut out).unwrap();
//! assert!(String::from_utf8(out).unwrap().contains("A truly [1 LOAD evil] plan."));
//! ```

mod article;
mod cells;
mod clean;
mod paint;
mod readings;
mod summary;
#[cfg(test)]
mod tests;

use std::io::{self, Write};

use slant_corpus::{ArticleRecord, ModelInfo};
use slant_text::Document;

pub use paint::ColourMode;

use crate::Renderer;
use cells::Cells;
use paint::Ink;

/// One article in full, or one line per article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextLayout {
    /// Each article in full: text, legend, spans, readings.
    #[default]
    Article,
    /// One line per article, then the totals.
    Summary,
}

/// How the text view is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOptions {
    /// Columns to wrap to (at least 20 are used).
    pub width: usize,
    /// Colour, or none.
    pub colour: ColourMode,
    /// Full articles or summary lines.
    pub layout: TextLayout,
}

impl Default for TextOptions {
    fn default() -> Self {
        Self { width: 80, colour: ColourMode::Off, layout: TextLayout::Article }
    }
}

/// Writes the text view.
#[derive(Debug, Default)]
pub struct TextRenderer {
    options: TextOptions,
    model: Option<ModelInfo>,
    written: usize,
    totals: summary::Totals,
}

impl TextRenderer {
    /// A renderer drawing with `options`.
    pub fn new(options: TextOptions) -> Self {
        let width = options.width.max(20);
        Self { options: TextOptions { width, ..options }, ..Self::default() }
    }
}

impl Renderer for TextRenderer {
    fn begin(&mut self, out: &mut dyn Write, model: &ModelInfo) -> io::Result<()> {
        self.model = Some(model.clone());
        if self.options.layout == TextLayout::Summary {
            summary::write_header(out, &self.options)?;
        }
        Ok(())
    }

    fn article(&mut self, out: &mut dyn Write, doc: &Document, record: &ArticleRecord) -> io::Result<()> {
        match self.options.layout {
            TextLayout::Article => {
                if self.written > 0 {
                    writeln!(out)?;
                }
                article::write(out, &self.options, self.model.as_ref(), doc, record)?;
            }
            TextLayout::Summary => summary::write_line(out, &self.options, record, &mut self.totals)?,
        }
        self.written += 1;
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.options.layout == TextLayout::Summary {
            summary::write_totals(out, &self.options, &self.totals)?;
        }
        Ok(())
    }
}

/// A section heading: `── Title ─────`, as wide as the view (up to 72
/// columns), so it reads without colour.
fn heading(out: &mut dyn Write, opts: &TextOptions, title: &str) -> io::Result<()> {
    let mut line = Cells::new();
    line.glued("── ", Ink::Faint).text(title, Ink::Strong);
    let used: usize = 4 + unicode_width::UnicodeWidthStr::width(clean::one_line(title).as_str());
    let rule = opts.width.min(72).saturating_sub(used);
    if rule > 0 && used < opts.width {
        line.glued(&format!(" {}", "─".repeat(rule.saturating_sub(1).max(1))), Ink::Faint);
    }
    line.write(out, opts.colour, opts.width, 0, 3)
}

/// `1234567` as `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
