use std::ops::Range;

use crate::{CharIndex, Span, TextError};

/// Limits applied when reading untrusted bytes as an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentLimits {
    /// Largest accepted input, in bytes.
    pub max_bytes: usize,
}

impl Default for DocumentLimits {
    fn default() -> Self {
        // Far above any news article (the longest PTC article is ~60 kB),
        // low enough that a stray disk image is refused quickly.
        Self { max_bytes: 16 * 1024 * 1024 }
    }
}

/// An article: its identifier and its text exactly as stored (a leading BOM
/// is kept as character 0, newlines are not translated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    id: String,
    text: String,
    index: CharIndex,
}

impl Document {
    /// Reads `bytes` as UTF-8 with the default [`DocumentLimits`].
    pub fn from_bytes(id: impl Into<String>, bytes: &[u8]) -> Result<Self, TextError> {
        Self::from_bytes_with(id, bytes, DocumentLimits::default())
    }

    /// Reads `bytes` as UTF-8, refusing empty, blank, binary, oversized and
    /// invalid input with a [`TextError`] that says which.
    pub fn from_bytes_with(
        id: impl Into<String>,
        bytes: &[u8],
        limits: DocumentLimits,
    ) -> Result<Self, TextError> {
        let limit = limits.max_bytes.min(u32::MAX as usize - 1);
        if bytes.len() > limit {
            return Err(TextError::TooLarge { size: bytes.len(), limit });
        }
        if bytes.is_empty() {
            return Err(TextError::Empty);
        }
        if let Some(offset) = first_binary_byte(bytes) {
            return Err(TextError::Binary { offset });
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|e| TextError::invalid_utf8(bytes, e.valid_up_to()))?;
        Self::from_text(id, text.to_owned())
    }

    /// Wraps an owned string, refusing empty or blank text.
    pub fn from_text(id: impl Into<String>, text: String) -> Result<Self, TextError> {
        if text.is_empty() {
            return Err(TextError::Empty);
        }
        if text.trim_start_matches('\u{feff}').trim().is_empty() {
            return Err(TextError::Blank);
        }
        if let Some(offset) = first_binary_byte(text.as_bytes()) {
            return Err(TextError::Binary { offset });
        }
        let limit = u32::MAX as usize - 1;
        if text.len() > limit {
            return Err(TextError::TooLarge { size: text.len(), limit });
        }
        let index = CharIndex::new(&text);
        Ok(Self { id: id.into(), text, index })
    }

    /// The article identifier (for PTC files, the digits of `article<ID>.txt`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The full text, exactly as read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The offset converter of this text.
    pub fn index(&self) -> &CharIndex {
        &self.index
    }

    /// Length in code points.
    pub fn char_len(&self) -> usize {
        self.index.char_len()
    }

    /// The text of a code-point span; `None` when out of bounds.
    pub fn slice(&self, span: Span) -> Option<&str> {
        self.text.get(self.byte_range(span)?)
    }

    /// Byte range of a code-point span; `None` when out of bounds or reversed.
    pub fn byte_range(&self, span: Span) -> Option<Range<usize>> {
        self.index.byte_range(span.start, span.end)
    }

    /// Code-point span of a byte range whose ends lie on code-point boundaries.
    pub fn char_span(&self, bytes: Range<usize>) -> Option<Span> {
        Some(Span::new(self.index.char_of(bytes.start)?, self.index.char_of(bytes.end)?))
    }

    /// Number of whitespace-separated words, for per-1,000-word rates.
    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// The first byte that marks the input as binary: NUL, or a C0 control other
/// than tab, newline, vertical tab, form feed, carriage return and escape.
fn first_binary_byte(bytes: &[u8]) -> Option<usize> {
    bytes
        .iter()
        .position(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x1b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_bom_as_character_zero() {
        let doc = Document::from_bytes("x", "\u{feff}Title\n\nBody".as_bytes()).unwrap();
        assert_eq!(doc.slice(Span::new(0, 1)), Some("\u{feff}"));
        assert_eq!(doc.slice(Span::new(1, 6)), Some("Title"));
        assert_eq!(doc.char_len(), 12);
    }

    #[test]
    fn keeps_crlf() {
        let doc = Document::from_bytes("x", b"a\r\nb").unwrap();
        assert_eq!(doc.char_len(), 4);
        assert_eq!(doc.slice(Span::new(3, 4)), Some("b"));
    }

    #[test]
    fn refuses_bad_input_with_reasons() {
        assert_eq!(Document::from_bytes("x", b""), Err(TextError::Empty));
        assert_eq!(Document::from_bytes("x", b" \n\t"), Err(TextError::Blank));
        assert_eq!(
            Document::from_bytes("x", b"ok\xff\xfe"),
            Err(TextError::InvalidUtf8 { offset: 2, byte: 0xff })
        );
        assert_eq!(
            Document::from_bytes("x", b"PK\x03\x04zip"),
            Err(TextError::Binary { offset: 2 })
        );
        let limits = DocumentLimits { max_bytes: 4 };
        assert_eq!(
            Document::from_bytes_with("x", b"12345", limits),
            Err(TextError::TooLarge { size: 5, limit: 4 })
        );
    }

    #[test]
    fn spans_survive_every_conversion() {
        let text = "\u{feff}“Traitors!” cried José 🦊 — «enough»";
        let doc = Document::from_bytes("x", text.as_bytes()).unwrap();
        let chars: Vec<char> = text.chars().collect();
        // Code-point positions found by a naive scan, independent of CharIndex.
        let find = |needle: &str| {
            let n: Vec<char> = needle.chars().collect();
            chars.windows(n.len()).position(|w| w == n.as_slice()).unwrap()
        };
        for expected in ["Traitors", "José", "🦊", "enough", "— «"] {
            let start = find(expected);
            let span = Span::new(start, start + expected.chars().count());
            assert_eq!(doc.slice(span), Some(expected));
            let via_chars: String = chars[span.start..span.end].iter().collect();
            assert_eq!(via_chars, expected);
            let bytes = doc.byte_range(span).unwrap();
            assert_eq!(&doc.text()[bytes.clone()], expected);
            assert_eq!(doc.char_span(bytes), Some(span));
        }
        assert_eq!(doc.slice(Span::new(30, 99)), None);
    }
}
