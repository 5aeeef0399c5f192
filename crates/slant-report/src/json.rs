use std::io::{self, Write};

use slant_corpus::{ArticleRecord, ModelInfo};
use slant_text::Document;

use crate::Renderer;

/// Writes one [`slant_corpus::AnalysisRecord`] document, streamed.
#[derive(Debug, Default)]
pub struct JsonRenderer {
    first: bool,
}

impl Renderer for JsonRenderer {
    fn begin(&mut self, out: &mut dyn Write, model: &ModelInfo) -> io::Result<()> {
        self.first = true;
        write!(out, "{{\"slant_version\":")?;
        serde_json::to_writer(&mut *out, env!("CARGO_PKG_VERSION"))?;
        write!(out, ",\"model\":")?;
        serde_json::to_writer(&mut *out, model)?;
        write!(out, ",\"articles\":[")
    }

    fn article(&mut self, out: &mut dyn Write, _doc: &Document, record: &ArticleRecord) -> io::Result<()> {
        if !self.first {
            write!(out, ",")?;
        }
        self.first = false;
        writeln!(out)?;
        serde_json::to_writer(&mut *out, record)?;
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "\n]}}")
    }
}

/// Writes one article record per line.
#[derive(Debug, Default)]
pub struct JsonlRenderer;

impl Renderer for JsonlRenderer {
    fn begin(&mut self, _out: &mut dyn Write, _model: &ModelInfo) -> io::Result<()> {
        Ok(())
    }

    fn article(&mut self, out: &mut dyn Write, _doc: &Document, record: &ArticleRecord) -> io::Result<()> {
        serde_json::to_writer(&mut *out, record)?;
        writeln!(out)
    }

    fn finish(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use slant_corpus::{AnalysisRecord, SpanRecord};
    use slant_text::{Span, Technique};

    #[test]
    fn streamed_json_parses_back() {
        let model = ModelInfo { name: "m".into(), kind: "trained".into(), description: "d".into() };
        let mut out = Vec::new();
        let mut r = JsonRenderer::default();
        r.begin(&mut out, &model).unwrap();
        for id in ["1", "2"] {
            let doc = Document::from_bytes(id, "A “big” lie".as_bytes()).unwrap();
            let s = SpanRecord::new(&doc, Span::new(2, 7), Technique::LoadedLanguage, 0.8, vec![]).unwrap();
            r.article(&mut out, &doc, &ArticleRecord::new(&doc, None, vec![s])).unwrap();
        }
        r.finish(&mut out).unwrap();
        let back: AnalysisRecord = serde_json::from_slice(&out).unwrap();
        assert_eq!(back.articles.len(), 2);
        assert_eq!(back.articles[1].spans[0].text, "“big”");
        assert_eq!(back.model, model);
    }
}
