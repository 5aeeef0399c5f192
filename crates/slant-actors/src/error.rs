use std::path::PathBuf;

use thiserror::Error;

/// What can go wrong in this crate: only reading and parsing gold files;
/// finding actors in a text never fails.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ActorsError {
    /// A gold file or folder could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A gold file breaks the format of `gold/README.md`.
    #[error("{path}:{line}: {message}")]
    Gold {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A gold folder holds no gold file.
    #[error("{path}: no gold file (*.txt) in this folder")]
    NoGold {
        /// The folder.
        path: PathBuf,
    },
}
