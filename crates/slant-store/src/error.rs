//! The one error type of the store.

use std::path::PathBuf;

/// What can go wrong opening, filling or reading a corpus database.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// SQLite refused an operation.
    #[error("{path}: database error: {source}")]
    Sql {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The database was written by a newer slant (schema version too high).
    #[error("{path}: schema version {found} is newer than this slant knows ({known}); upgrade slant")]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// Its `user_version`.
        found: i64,
        /// The newest version this build migrates to.
        known: i64,
    },
    /// An input could not be opened or listed at all (single records that
    /// are bad are [`crate::Problem`]s, not errors).
    #[error("{path}: {message}")]
    Input {
        /// The input.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A stored record could not be decoded.
    #[error("{path}: stored article {key}: {message}")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// The article's key.
        key: String,
        /// What is wrong.
        message: String,
    },
    /// Writing an export failed in the Arrow or Parquet writer.
    #[error("{path}: export: {message}")]
    Export {
        /// The output file.
        path: PathBuf,
        /// What the writer said.
        message: String,
    },
    /// A report or filter argument is invalid.
    #[error("{0}")]
    Invalid(String),
}

impl StoreError {
    pub(crate) fn sql(path: &std::path::Path) -> impl FnOnce(rusqlite::Error) -> Self + '_ {
        move |source| Self::Sql { path: path.to_owned(), source }
    }

    pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Self + '_ {
        move |source| Self::Io { path: path.to_owned(), source }
    }
}
