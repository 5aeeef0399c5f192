use std::path::PathBuf;

use slant_text::TextError;
use thiserror::Error;

/// What is wrong with one line of a labels file.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LabelProblem {
    /// The line does not have 3 (SI) or 4 (TC) tab-separated columns.
    #[error("expected 3 or 4 tab-separated columns (id, [technique,] start, end), found {found}; separate the columns with tabs")]
    ColumnCount {
        /// Columns found.
        found: usize,
    },
    /// The line's column count differs from the file's first line.
    #[error("found {found} columns where earlier lines have {expected}; give every line the same columns")]
    MixedColumns {
        /// Columns on this line.
        found: usize,
        /// Columns on the first line.
        expected: usize,
    },
    /// An offset is not a non-negative integer.
    #[error("{column} offset `{value}` is not a non-negative integer; offsets count characters from 0")]
    BadOffset {
        /// `start` or `end`.
        column: &'static str,
        /// The text found.
        value: String,
    },
    /// `end <= start`.
    #[error("end {end} is not greater than start {start}; a span needs end > start")]
    EmptySpan {
        /// Start offset.
        start: usize,
        /// End offset.
        end: usize,
    },
    /// The span ends past the article's last character.
    #[error("end {end} is past the end of article {article} ({len} characters); are the labels for another version of the article?")]
    PastEnd {
        /// The article.
        article: String,
        /// End offset.
        end: usize,
        /// Article length in code points.
        len: usize,
    },
    /// The technique is not one of the 14 (or a known alias).
    #[error("unknown technique `{0}` (see `slant techniques`)")]
    UnknownTechnique(String),
    /// A technique is required here but the line has none (`?` or 3 columns).
    #[error("no technique given, but this file needs one on every line; add a technique column (see `slant techniques`)")]
    MissingTechnique,
    /// The article id is empty or not in the article set.
    #[error("unknown article id `{0}`; are the labels for another folder of articles?")]
    UnknownArticle(String),
}

/// Errors of the corpus readers and writers.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum CorpusError {
    /// A file or folder could not be read or written.
    #[error("{path}: {}", io_hint(.error))]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        error: std::io::Error,
    },
    /// An article file is not usable text.
    #[error("{path}: {reason}")]
    Text {
        /// The article file.
        path: PathBuf,
        /// Why it was refused.
        reason: TextError,
    },
    /// A labels file has a bad line.
    #[error("{path}:{line}: {problem}")]
    Label {
        /// The labels file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        problem: LabelProblem,
    },
    /// A JSON or JSONL file is malformed.
    #[error("{path}:{line}: malformed JSON: {message}; give a file written by `slant analyze --format json` or `jsonl`")]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// A labels file holds no labels.
    #[error("{path}: the labels file is empty; give a TSV with one span per line (id, [technique,] start, end)")]
    EmptyLabels {
        /// The file.
        path: PathBuf,
    },
    /// A folder holds no article files.
    #[error("{path}: no article files (*.txt) found; give a folder of .txt articles, or the files themselves")]
    NoArticles {
        /// The folder.
        path: PathBuf,
    },
    /// A file is not valid UTF-8 text where text was expected.
    #[error("{path}: {reason}")]
    NotText {
        /// The file.
        path: PathBuf,
        /// Why it was refused.
        reason: TextError,
    },
}

/// An I/O error with the fix for the common kinds.
fn io_hint(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file or folder; check the path".to_owned(),
        ErrorKind::PermissionDenied => "permission denied; check its permissions with `ls -l`".to_owned(),
        ErrorKind::IsADirectory => "is a folder, not a file; give a file".to_owned(),
        _ => error.to_string(),
    }
}

impl CorpusError {
    pub(crate) fn io(path: impl Into<PathBuf>, error: std::io::Error) -> Self {
        Self::Io { path: path.into(), error }
    }
}
