//! The crate's error type.

use std::path::PathBuf;

/// Everything that can go wrong while loading or running the neural tier.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The encoder failed: its files, its configuration or its input.
    #[error(transparent)]
    Encoder(#[from] slant_encoder::Error),
    /// A file could not be read or written.
    #[error("cannot read {path}: {reason}")]
    Io {
        /// The file that failed.
        path: PathBuf,
        /// The underlying I/O error (in the message, so not also a
        /// `source()`: a chain printer would repeat it).
        reason: std::io::Error,
    },
    /// A tensor operation failed (shapes, dtypes, missing weights).
    #[error(transparent)]
    Candle(#[from] candle_core::Error),
    /// A shipped model's heads file is not installed.
    #[error(
        "the {model} model is not installed: run {} (it fetches {} and installs the model's heads beside it); \
         looked for its heads in {}",
        encoder.fetch_script(),
        encoder.model_name(),
        tried.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    MissingHeads {
        /// The model's name.
        model: &'static str,
        /// Its encoder.
        encoder: slant_encoder::EncoderName,
        /// The files looked for.
        tried: Vec<PathBuf>,
    },
    /// An installed heads file is not the one this build expects.
    #[error("{}: the {model} model's heads have sha256 {found}, this slant expects {expected}; rerun {fetch} from the same checkout as the binary", path.display())]
    HeadsChecksum {
        /// The model's name.
        model: &'static str,
        /// The file found.
        path: PathBuf,
        /// Its sha256.
        found: String,
        /// The sha256 this build expects.
        expected: &'static str,
        /// The script that installs the right one.
        fetch: &'static str,
    },
    /// A heads file or head that cannot be used.
    #[error("neural heads: {0}")]
    Heads(String),
    /// An encoder cache file that cannot be read back.
    #[error("encoder cache {path}: {problem}")]
    Cache {
        /// The cache file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// A held-out probabilities file that cannot be read back.
    #[error("held-out file {path}: {problem}")]
    HeldOut {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the line number where one is at fault.
        problem: String,
    },
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
