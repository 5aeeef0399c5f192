use thiserror::Error;

/// Why a byte string could not be read as an article. Each message says
/// what is wrong and how to fix it, in one line; callers put the input's
/// name in front ("article7.txt: …").
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TextError {
    /// The input holds no bytes at all.
    #[error("the text is empty (0 bytes); give a file that holds the article's text")]
    Empty,
    /// The input holds only whitespace.
    #[error("the text holds only whitespace; give a file that holds the article's text")]
    Blank,
    /// The input is not valid UTF-8.
    #[error(
        "invalid UTF-8 (byte 0x{byte:02X} at offset {offset}); convert it with `iconv -f latin1 -t utf-8`"
    )]
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
        /// The byte found there.
        byte: u8,
    },
    /// The input looks like binary data rather than text.
    #[error(
        "binary data, not text (NUL or control byte at offset {offset}); give the article as plain text (e.g. `pdftotext FILE.pdf`)"
    )]
    Binary {
        /// Byte offset of the first offending byte.
        offset: usize,
    },
    /// The input is larger than the configured limit.
    #[error("the text is {size} bytes, over the limit of {limit} bytes; split it into articles of under {limit} bytes")]
    TooLarge {
        /// Size of the input in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
}

impl TextError {
    /// The error for `bytes` whose first invalid UTF-8 sequence starts at
    /// `offset` (as `Utf8Error::valid_up_to` gives it).
    pub fn invalid_utf8(bytes: &[u8], offset: usize) -> Self {
        Self::InvalidUtf8 { offset, byte: bytes.get(offset).copied().unwrap_or(0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_line_and_name_a_fix() {
        let errors = [
            TextError::Empty,
            TextError::Blank,
            TextError::invalid_utf8(b"caf\xe9", 3),
            TextError::Binary { offset: 7 },
            TextError::TooLarge { size: 9, limit: 4 },
        ];
        for e in errors {
            let m = e.to_string();
            assert!(!m.contains('\n') && m.contains("; "), "{m}");
        }
        assert_eq!(
            TextError::invalid_utf8(b"caf\xe9", 3).to_string(),
            "invalid UTF-8 (byte 0xE9 at offset 3); convert it with `iconv -f latin1 -t utf-8`"
        );
    }
}
