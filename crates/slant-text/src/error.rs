use thiserror::Error;

/// Why a byte string could not be read as an article.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TextError {
    /// The input holds no bytes at all.
    #[error("the text is empty")]
    Empty,
    /// The input holds only whitespace.
    #[error("the text holds only whitespace")]
    Blank,
    /// The input is not valid UTF-8.
    #[error("invalid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// The input looks like binary data rather than text.
    #[error("binary data, not text (NUL or control byte at byte {offset})")]
    Binary {
        /// Byte offset of the first offending byte.
        offset: usize,
    },
    /// The input is larger than the configured limit.
    #[error("the text is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// Size of the input in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
}
