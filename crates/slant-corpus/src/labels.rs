//! Label TSV: `article_id <TAB> technique <TAB> start <TAB> end` (TC, and the
//! PTC gold), `article_id <TAB> start <TAB> end` (SI), and the TC template
//! with `?` in place of the technique.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use slant_text::{Span, Technique, TextError};

use crate::{CorpusError, LabelProblem};

/// One line of a labels file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The article the span belongs to.
    pub article_id: String,
    /// The technique; `None` for SI lines and `?` placeholders.
    pub technique: Option<Technique>,
    /// The span, in code points.
    pub span: Span,
    /// 1-based line in the file it came from (0 when not from a file).
    pub line: usize,
}

impl Label {
    /// A label not read from a file.
    pub fn new(article_id: impl Into<String>, technique: Option<Technique>, span: Span) -> Self {
        Self { article_id: article_id.into(), technique, span, line: 0 }
    }
}

/// How strict a labels reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LabelOptions {
    /// Every line must name a technique (TC gold and predictions).
    pub require_technique: bool,
    /// Accept a file with no lines (otherwise that is an error).
    pub allow_empty: bool,
}

impl LabelOptions {
    /// Options for files that must name a technique on every line.
    pub fn tc() -> Self {
        Self { require_technique: true, allow_empty: false }
    }
}

/// Which columns to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelFormat {
    /// `id, start, end`.
    Si,
    /// `id, technique, start, end` (`?` when there is none).
    Tc,
}

/// Reads a labels file.
pub fn read_labels(path: &Path, options: LabelOptions) -> Result<Vec<Label>, CorpusError> {
    let bytes = std::fs::read(path).map_err(|e| CorpusError::io(path, e))?;
    let text = decode_text_file(path, &bytes)?;
    parse_labels(text, path, options)
}

/// Decodes a text file that is allowed to be empty, refusing binary data and
/// invalid UTF-8.
pub(crate) fn decode_text_file<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, CorpusError> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(CorpusError::NotText { path: path.into(), reason: TextError::Binary { offset } });
    }
    std::str::from_utf8(bytes).map_err(|e| CorpusError::NotText {
        path: path.into(),
        reason: TextError::invalid_utf8(bytes, e.valid_up_to()),
    })
}

/// Parses labels TSV held in memory; `path` is used in error messages only.
pub fn parse_labels(
    text: &str,
    path: impl AsRef<Path>,
    options: LabelOptions,
) -> Result<Vec<Label>, CorpusError> {
    let path = path.as_ref();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut labels = Vec::new();
    let mut columns = None;
    for (i, raw) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let err = |problem| CorpusError::Label { path: path.into(), line: line_no, problem };
        let fields: Vec<&str> = line.split('\t').collect();
        match (columns, fields.len()) {
            (_, n) if n != 3 && n != 4 => return Err(err(LabelProblem::ColumnCount { found: n })),
            (Some(expected), found) if expected != found => {
                return Err(err(LabelProblem::MixedColumns { found, expected }));
            }
            _ => columns = Some(fields.len()),
        }
        let article_id = fields[0].trim();
        if article_id.is_empty() {
            return Err(err(LabelProblem::UnknownArticle(String::new())));
        }
        let (technique, start, end) = if fields.len() == 4 {
            let name = fields[1].trim();
            let technique = if name == "?" {
                None
            } else {
                Some(
                    Technique::parse(name)
                        .ok_or_else(|| err(LabelProblem::UnknownTechnique(name.to_owned())))?,
                )
            };
            (technique, fields[2], fields[3])
        } else {
            (None, fields[1], fields[2])
        };
        if options.require_technique && technique.is_none() {
            return Err(err(LabelProblem::MissingTechnique));
        }
        let start = parse_offset(start, "start").map_err(err)?;
        let end = parse_offset(end, "end").map_err(err)?;
        if end <= start {
            return Err(err(LabelProblem::EmptySpan { start, end }));
        }
        labels.push(Label {
            article_id: article_id.to_owned(),
            technique,
            span: Span::new(start, end),
            line: line_no,
        });
    }
    if labels.is_empty() && !options.allow_empty {
        return Err(CorpusError::EmptyLabels { path: path.into() });
    }
    Ok(labels)
}

fn parse_offset(value: &str, column: &'static str) -> Result<usize, LabelProblem> {
    let v = value.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(LabelProblem::BadOffset { column, value: value.to_owned() });
    }
    v.parse().map_err(|_| LabelProblem::BadOffset { column, value: value.to_owned() })
}

/// Checks labels against the articles they refer to: every id must be known
/// and every span must end within its article. `lengths` maps article id to
/// length in code points.
pub fn validate_labels(
    labels: &[Label],
    lengths: &BTreeMap<String, usize>,
    path: &Path,
) -> Result<(), CorpusError> {
    for label in labels {
        let err = |problem| CorpusError::Label { path: path.into(), line: label.line, problem };
        let Some(&len) = lengths.get(&label.article_id) else {
            return Err(err(LabelProblem::UnknownArticle(label.article_id.clone())));
        };
        if label.span.end > len {
            return Err(err(LabelProblem::PastEnd {
                article: label.article_id.clone(),
                end: label.span.end,
                len,
            }));
        }
    }
    Ok(())
}

/// Writes labels as TSV, one per line.
pub fn write_labels<W: Write>(mut out: W, labels: &[Label], format: LabelFormat) -> io::Result<()> {
    for l in labels {
        match format {
            LabelFormat::Si => writeln!(out, "{}\t{}\t{}", l.article_id, l.span.start, l.span.end)?,
            LabelFormat::Tc => writeln!(
                out,
                "{}\t{}\t{}\t{}",
                l.article_id,
                l.technique.map_or("?", Technique::label),
                l.span.start,
                l.span.end
            )?,
        }
    }
    Ok(())
}

/// Groups labels by article id, keeping file order within an article.
pub fn by_article(labels: &[Label]) -> BTreeMap<&str, Vec<&Label>> {
    let mut map: BTreeMap<&str, Vec<&Label>> = BTreeMap::new();
    for l in labels {
        map.entry(l.article_id.as_str()).or_default().push(l);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str, options: LabelOptions) -> (usize, LabelProblem) {
        match parse_labels(text, "x.tsv", options) {
            Err(CorpusError::Label { line, problem, .. }) => (line, problem),
            other => panic!("expected a label error, got {other:?}"),
        }
    }

    #[test]
    fn reads_tc_si_and_template_lines() {
        let tc = parse_labels("7\tDoubt\t1\t5\r\n7\tFlag_Waving\t2\t9\n\n", "x", LabelOptions::tc()).unwrap();
        assert_eq!(tc[0].technique, Some(Technique::Doubt));
        assert_eq!(tc[1].technique, Some(Technique::FlagWaving));
        assert_eq!(tc[1].line, 2);
        let si = parse_labels("7\t1\t5\n", "x", LabelOptions::default()).unwrap();
        assert_eq!(si[0].span, Span::new(1, 5));
        let tpl = parse_labels("7\t?\t1\t5\n", "x", LabelOptions::default()).unwrap();
        assert_eq!(tpl[0].technique, None);
    }

    #[test]
    fn names_line_and_problem() {
        let d = LabelOptions::default();
        assert_eq!(problem("1\t2\n", d), (1, LabelProblem::ColumnCount { found: 2 }));
        assert_eq!(
            problem("1\t2\t3\n1\tDoubt\t2\t3\n", d),
            (2, LabelProblem::MixedColumns { found: 4, expected: 3 })
        );
        assert_eq!(
            problem("1\tDoubt\t-2\t3\n", d),
            (1, LabelProblem::BadOffset { column: "start", value: "-2".into() })
        );
        assert_eq!(
            problem("1\tDoubt\t2\tx\n", d),
            (1, LabelProblem::BadOffset { column: "end", value: "x".into() })
        );
        assert_eq!(problem("1\tDoubt\t5\t5\n", d), (1, LabelProblem::EmptySpan { start: 5, end: 5 }));
        assert_eq!(problem("1\tNope\t1\t5\n", d), (1, LabelProblem::UnknownTechnique("Nope".into())));
        assert_eq!(problem("1\t1\t5\n", LabelOptions::tc()), (1, LabelProblem::MissingTechnique));
    }

    #[test]
    fn empty_files_are_refused_unless_allowed() {
        assert!(matches!(
            parse_labels("\n", "x", LabelOptions::default()),
            Err(CorpusError::EmptyLabels { .. })
        ));
        let opts = LabelOptions { allow_empty: true, ..LabelOptions::default() };
        assert_eq!(parse_labels("", "x", opts).unwrap(), vec![]);
    }

    #[test]
    fn validates_against_articles() {
        let labels = parse_labels("1\tDoubt\t0\t5\n2\tDoubt\t0\t9\n", "g", LabelOptions::tc()).unwrap();
        let lengths: BTreeMap<String, usize> = [("1".to_owned(), 5), ("2".to_owned(), 8)].into();
        match validate_labels(&labels, &lengths, Path::new("g")) {
            Err(CorpusError::Label { line: 2, problem: LabelProblem::PastEnd { end: 9, len: 8, .. }, .. }) => {}
            other => panic!("{other:?}"),
        }
        let lengths: BTreeMap<String, usize> = [("1".to_owned(), 5)].into();
        assert!(matches!(
            validate_labels(&labels, &lengths, Path::new("g")),
            Err(CorpusError::Label { problem: LabelProblem::UnknownArticle(_), .. })
        ));
    }

    #[test]
    fn writes_round_trip() {
        let labels = vec![
            Label::new("9", Some(Technique::Slogans), Span::new(3, 8)),
            Label::new("9", None, Span::new(10, 12)),
        ];
        let mut buf = Vec::new();
        write_labels(&mut buf, &labels, LabelFormat::Tc).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text, "9\tSlogans\t3\t8\n9\t?\t10\t12\n");
        let back = parse_labels(&text, "x", LabelOptions::default()).unwrap();
        assert_eq!(back.iter().map(|l| (l.technique, l.span)).collect::<Vec<_>>(),
                   labels.iter().map(|l| (l.technique, l.span)).collect::<Vec<_>>());
        let mut buf = Vec::new();
        write_labels(&mut buf, &labels, LabelFormat::Si).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "9\t3\t8\n9\t10\t12\n");
    }
}
