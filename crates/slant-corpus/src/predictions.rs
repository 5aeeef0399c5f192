//! Reading predictions in any of the formats slant writes: label TSV (SI or
//! TC), a JSON analysis document, an array of article records, or JSONL.

use std::path::Path;

use crate::labels::{decode_text_file, parse_labels, Label, LabelOptions};
use crate::record::{AnalysisRecord, ArticleRecord};
use crate::CorpusError;

/// Reads predicted spans from `path`, guessing the format from the content.
pub fn read_predictions(path: &Path, options: LabelOptions) -> Result<Vec<Label>, CorpusError> {
    let bytes = std::fs::read(path).map_err(|e| CorpusError::io(path, e))?;
    let text = decode_text_file(path, &bytes)?;
    parse_predictions(text, path, options)
}

/// Parses predictions held in memory; `path` names the source in errors.
pub fn parse_predictions(text: &str, path: &Path, options: LabelOptions) -> Result<Vec<Label>, CorpusError> {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if !(body.starts_with('{') || body.starts_with('[')) {
        return parse_labels(text, path, options);
    }
    let articles = parse_json_articles(body, path)?;
    let labels: Vec<Label> = articles
        .into_iter()
        .flat_map(|a| {
            let id = a.id;
            a.spans.into_iter().map(move |s| Label::new(id.clone(), Some(s.technique), s.span()))
        })
        .collect();
    if labels.is_empty() && !options.allow_empty {
        return Err(CorpusError::EmptyLabels { path: path.into() });
    }
    Ok(labels)
}

/// Parses a JSON analysis document, an array of article records, a single
/// article record, or JSONL with one article record per line.
pub fn parse_json_articles(body: &str, path: &Path) -> Result<Vec<ArticleRecord>, CorpusError> {
    let json_err = |line: usize, e: &serde_json::Error| CorpusError::Json {
        path: path.into(),
        line: if e.line() == 0 { line } else { line + e.line() - 1 },
        message: e.to_string(),
    };
    let value: serde_json::Value = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(whole) => {
            // More than one value: JSONL.
            if !body.starts_with('{') {
                return Err(json_err(1, &whole));
            }
            let mut out = Vec::new();
            for (i, line) in body.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                out.push(serde_json::from_str::<ArticleRecord>(line).map_err(|e| json_err(i + 1, &e))?);
            }
            return Ok(out);
        }
    };
    let shape_err = |message: String| CorpusError::Json { path: path.into(), line: 1, message };
    if value.get("articles").is_some() {
        let doc: AnalysisRecord = serde_json::from_value(value).map_err(|e| shape_err(e.to_string()))?;
        Ok(doc.articles)
    } else if value.is_array() {
        serde_json::from_value(value).map_err(|e| shape_err(e.to_string()))
    } else {
        let one: ArticleRecord = serde_json::from_value(value).map_err(|e| shape_err(e.to_string()))?;
        Ok(vec![one])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use slant_text::{Span, Technique};

    const ONE: &str = r#"{"id":"5","spans":[{"start":1,"end":4,"technique":"Doubt","score":0.5}]}"#;

    #[test]
    fn reads_every_json_shape() {
        let p = Path::new("p.json");
        let o = LabelOptions::default();
        let doc = format!(r#"{{"slant_version":"0","model":{{"name":"m","kind":"k","description":""}},"articles":[{ONE}]}}"#);
        for text in [ONE.to_owned(), format!("[{ONE}]"), doc, format!("{ONE}\n{ONE}\n")] {
            let labels = parse_predictions(&text, p, o).unwrap();
            assert_eq!(labels[0].article_id, "5");
            assert_eq!(labels[0].technique, Some(Technique::Doubt));
            assert_eq!(labels[0].span, Span::new(1, 4));
        }
    }

    #[test]
    fn malformed_json_names_the_line() {
        let err = parse_predictions(&format!("{ONE}\n{{\"id\": 3,\n"), Path::new("p.jsonl"), LabelOptions::default())
            .unwrap_err();
        assert!(matches!(err, CorpusError::Json { line: 2, .. }), "{err}");
        let err = parse_predictions("[1, 2", Path::new("p.json"), LabelOptions::default()).unwrap_err();
        assert!(err.to_string().contains("malformed JSON"), "{err}");
    }

    #[test]
    fn falls_back_to_tsv() {
        let labels = parse_predictions("5\t1\t4\n", Path::new("p.tsv"), LabelOptions::default()).unwrap();
        assert_eq!(labels.len(), 1);
    }
}
