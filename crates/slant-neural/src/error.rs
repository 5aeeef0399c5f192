//! The crate's error type.

use std::path::PathBuf;

/// Everything that can go wrong while loading or running the encoder.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A model file could not be read.
    #[error("cannot read {path}: {reason}")]
    Io {
        /// The file that failed.
        path: PathBuf,
        /// The underlying I/O error (in the message, so not also a
        /// `source()`: a chain printer would repeat it).
        reason: std::io::Error,
    },
    /// `config.json` is not a valid BERT configuration.
    #[error("invalid model config {path}: {reason}")]
    Config {
        /// The config file.
        path: PathBuf,
        /// The JSON error (in the message, as for `Io`).
        reason: serde_json::Error,
    },
    /// The configuration is inconsistent (e.g. hidden size not divisible by heads).
    #[error("unsupported model config: {0}")]
    UnsupportedConfig(String),
    /// The tokenizer could not be loaded or failed on the input.
    #[error("tokenizer error: {0}")]
    Tokenizer(String),
    /// A tensor operation failed (shapes, dtypes, missing weights).
    #[error(transparent)]
    Candle(#[from] candle_core::Error),
    /// A weight is missing or has the wrong shape.
    #[error("weight {name}: expected shape {expected:?}, found {found:?}")]
    WeightShape {
        /// Tensor name in the safetensors file.
        name: String,
        /// The shape the config implies.
        expected: Vec<usize>,
        /// The shape in the file.
        found: Vec<usize>,
    },
    /// An input sequence is longer than the model's position table or empty.
    #[error("sequence of {len} tokens is not in 1..={max}")]
    SequenceLength {
        /// The offending length.
        len: usize,
        /// The maximum the model supports.
        max: usize,
    },
    /// A token id is outside the vocabulary.
    #[error("token id {id} outside vocabulary of {vocab}")]
    TokenId {
        /// The offending id.
        id: u32,
        /// The vocabulary size.
        vocab: usize,
    },
    /// The encoder files are not where slant looks for them.
    #[error(
        "the neural model needs {}, which is not downloaded: run {} \
         (or set {} to a folder with config.json, tokenizer.json and model.safetensors); \
         looked in {}",
        encoder.model_name(),
        encoder.fetch_script(),
        encoder.dir_var(),
        tried.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    MissingEncoder {
        /// The encoder looked for.
        encoder: crate::locate::EncoderName,
        /// The folders searched.
        tried: Vec<PathBuf>,
    },
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
        encoder: crate::locate::EncoderName,
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
    /// Window settings that cannot cover a sequence.
    #[error("invalid window: {0}")]
    Window(String),
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
