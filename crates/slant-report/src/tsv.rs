use std::io::{self, Write};

use slant_corpus::{ArticleRecord, ModelInfo};
use slant_text::Document;

use crate::Renderer;

/// Writes PTC label lines: `id, technique, start, end`, or `id, start, end`.
#[derive(Debug)]
pub struct TsvRenderer {
    /// Whether to write the technique column (TC format) or not (SI format).
    pub with_technique: bool,
}

impl Renderer for TsvRenderer {
    fn begin(&mut self, _out: &mut dyn Write, _model: &ModelInfo) -> io::Result<()> {
        Ok(())
    }

    fn article(&mut self, out: &mut dyn Write, _doc: &Document, record: &ArticleRecord) -> io::Result<()> {
        for s in &record.spans {
            if self.with_technique {
                writeln!(out, "{}\t{}\t{}\t{}", record.id, s.technique.label(), s.start, s.end)?;
            } else {
                writeln!(out, "{}\t{}\t{}", record.id, s.start, s.end)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}
