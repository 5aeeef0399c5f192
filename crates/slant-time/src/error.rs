use std::path::PathBuf;

use thiserror::Error;

/// What went wrong reading a date or a TimeML file.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum TimeError {
    /// A date that is not `YYYY-MM-DD`, or a day that does not exist.
    #[error(
        "{input:?} is not a valid date (expected YYYY-MM-DD, a real day between the years 1 and 9999)"
    )]
    BadDate {
        /// The offending input (its first 40 characters).
        input: String,
    },
    /// A file or folder could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A TimeML file that cannot be read as such.
    #[error("{}:{line}: {problem}", path.display())]
    Malformed {
        /// The file (or the name given to the parser).
        path: PathBuf,
        /// The 1-based line of the problem.
        line: usize,
        /// What is wrong, in plain words.
        problem: String,
    },
    /// A folder that holds no `.tml` file.
    #[error("{} holds no .tml file", path.display())]
    NoTimeml {
        /// The folder.
        path: PathBuf,
    },
}
