//! The HTML report: one self-contained file (inline stylesheet and script, no
//! network) showing every article with its spans highlighted, a legend that
//! counts and toggles techniques, a confidence slider, a switch between
//! narration and quoted spans, explanations on hover or focus, and per
//! article a summary and the other readings: who speaks (quotes, sources and
//! cues marked in the text, the sources listed), the actors (aliases and
//! labels; pressing one marks its mentions) and the timeline (an SVG axis of
//! the dated claims, each linking to its place in the text). A reading the
//! record lacks is simply not drawn.
//!
//! Article text is untrusted. It enters the file in two places only, both
//! escaped: the plain-text fallback (HTML-escaped) and one JSON block per
//! article (`<script type="application/json">`, with `<`, `>`, `&`, U+2028
//! and U+2029 as `\u` escapes). `slant.js` draws the highlights from the JSON
//! with `textContent`. A Content-Security-Policy allows only the report's own
//! stylesheet and script (by hash) and no network access.

use std::io::{self, Write};

use serde::Serialize;
use slant_corpus::{ArticleRecord, ModelInfo};
use slant_text::Document;

use crate::Renderer;
use crate::html_assets::{SCRIPT, report_csp, stylesheet};
use crate::html_escape::{script_json, write_html_escaped};
use crate::html_palette::technique_styles;

/// Writes one self-contained HTML document with every article.
#[derive(Debug, Default)]
pub struct HtmlRenderer {
    articles: usize,
}

/// What `slant.js` reads for one article.
#[derive(Serialize)]
struct ArticleData<'a> {
    text: &'a str,
    record: &'a ArticleRecord,
}

impl Renderer for HtmlRenderer {
    fn begin(&mut self, out: &mut dyn Write, model: &ModelInfo) -> io::Result<()> {
        self.articles = 0;
        out.write_all(
            b"<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
              <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
              <meta http-equiv=\"Content-Security-Policy\" content=\"",
        )?;
        write_html_escaped(out, report_csp())?;
        write!(
            out,
            "\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"generator\" content=\"slant {}\">\n\
             <title>slant report</title>\n<style>{}</style>\n</head>\n<body data-slant=\"report\">\n\
             <div class=\"slant-wrap\">\n<header class=\"slant-header\">\n<h1>slant report</h1>\n\
             <p class=\"slant-model\">Model: ",
            env!("CARGO_PKG_VERSION"),
            stylesheet()
        )?;
        write_html_escaped(out, &model.name)?;
        out.write_all(b" (")?;
        write_html_escaped(out, &model.kind)?;
        out.write_all(b"). ")?;
        write_html_escaped(out, &model.description)?;
        out.write_all(b"</p>\n")?;
        if model.kind != "trained" {
            out.write_all(
                b"<p class=\"slant-warning\">This model is not trained: its output is a keyword list, \
                  not a result.</p>\n",
            )?;
        }
        out.write_all(
            b"<p class=\"slant-model\" id=\"slant-overview\"></p>\n\
              <noscript><p class=\"slant-warning\">The highlighting needs JavaScript; \
              each article's plain text follows.</p></noscript>\n</header>\n\
              <div id=\"slant-controls\" class=\"slant-controls\" hidden></div>\n<main>\n",
        )
    }

    fn article(&mut self, out: &mut dyn Write, doc: &Document, record: &ArticleRecord) -> io::Result<()> {
        let n = self.articles;
        self.articles += 1;
        write!(out, "<section class=\"slant-doc\" id=\"article-{n}\">\n<h2>")?;
        write_html_escaped(out, record.title.as_deref().unwrap_or(&record.id))?;
        out.write_all(b"</h2>\n")?;
        if record.title.is_some() {
            out.write_all(b"<p class=\"slant-id\">")?;
            write_html_escaped(out, &record.id)?;
            out.write_all(b"</p>\n")?;
        }
        out.write_all(b"<div class=\"slant-plain\">")?;
        write_html_escaped(out, doc.text())?;
        out.write_all(b"</div>\n<script type=\"application/json\" class=\"slant-article\">")?;
        out.write_all(script_json(&ArticleData { text: doc.text(), record })?.as_bytes())?;
        out.write_all(b"</script>\n</section>\n")
    }

    fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.articles == 0 {
            out.write_all(b"<p>No article was analysed.</p>\n")?;
        }
        out.write_all(b"</main>\n</div>\n<script type=\"application/json\" id=\"slant-techniques\">")?;
        out.write_all(script_json(&technique_styles())?.as_bytes())?;
        write!(out, "</script>\n<script>{SCRIPT}</script>\n</body>\n</html>\n")
    }
}

#[cfg(test)]
#[path = "html_tests.rs"]
mod tests;
