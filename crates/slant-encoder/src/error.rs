//! The crate's error type.

use std::path::PathBuf;

/// Everything that can go wrong while loading or running an encoder.
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
    /// A layer asked for is not among those the encoder outputs.
    #[error("layer {layer} is not among the encoder's outputs {have:?}")]
    Layer {
        /// The layer asked for.
        layer: usize,
        /// The layers there are.
        have: Vec<usize>,
    },
    /// Window settings that cannot cover a sequence.
    #[error("invalid window: {0}")]
    Window(String),
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
