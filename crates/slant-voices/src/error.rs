//! The one error type of the crate.

use std::path::PathBuf;

/// Everything that can go wrong in `slant-voices`: reading annotation files,
/// loading a model, reading a corpus folder.
///
/// Detections are data, never errors: an article without attributions is an
/// empty list, not an error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VoicesError {
    /// A brat `.ann` file could not be understood.
    #[error("{}line {line}: {problem}", file_prefix(file.as_ref()))]
    Brat {
        /// The file, when known (the reader of strings does not know it).
        file: Option<PathBuf>,
        /// 1-based line number.
        line: usize,
        /// What is wrong, in plain words.
        problem: String,
    },
    /// A model file is not a voices model, or is damaged.
    #[error("voices model: {0}")]
    Model(String),
    /// A file or folder could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A corpus folder lacks what it needs (`text/`, matching `.ann` files).
    #[error("{}: {problem}", path.display())]
    Corpus {
        /// The folder or file concerned.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// An article text could not be read as a document.
    #[error("{}: {source}", path.display())]
    Text {
        /// The article file.
        path: PathBuf,
        /// Why it was refused.
        source: slant_text::TextError,
    },
}

fn file_prefix(file: Option<&PathBuf>) -> String {
    file.map(|f| format!("{}: ", f.display())).unwrap_or_default()
}

impl VoicesError {
    /// The same error, naming `path` as its file when it is a brat error
    /// without one.
    #[must_use]
    pub fn in_file(self, path: impl Into<PathBuf>) -> Self {
        match self {
            Self::Brat { file: None, line, problem } => Self::Brat { file: Some(path.into()), line, problem },
            other => other,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io { path: path.into(), source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brat_errors_name_file_and_line() {
        let e = VoicesError::Brat { file: None, line: 3, problem: "bad offsets".into() };
        assert_eq!(e.to_string(), "line 3: bad offsets");
        let e = e.in_file("a/b.ann");
        assert_eq!(e.to_string(), "a/b.ann: line 3: bad offsets");
    }
}
