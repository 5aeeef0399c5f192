use std::ops::Range;

/// Converts between code-point offsets (the interface convention) and byte
/// offsets (what Rust string slicing needs).
///
/// ASCII texts need no table; otherwise the byte offset of every code point is
/// stored, so both directions are `O(1)` and `O(log n)` respectively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharIndex {
    /// Byte offset of each code point, plus the text's byte length at the end;
    /// `None` when every code point is one byte.
    starts: Option<Vec<u32>>,
    char_len: usize,
}

impl CharIndex {
    /// Builds the index of `text`.
    ///
    /// # Panics
    /// When `text` is 4 GiB or longer; [`crate::Document`] refuses such input
    /// before it gets here.
    pub fn new(text: &str) -> Self {
        assert!(u32::try_from(text.len()).is_ok(), "texts are limited to 4 GiB");
        if text.is_ascii() {
            return Self { starts: None, char_len: text.len() };
        }
        let mut starts: Vec<u32> = text.char_indices().map(|(b, _)| b as u32).collect();
        let char_len = starts.len();
        starts.push(text.len() as u32);
        Self { starts: Some(starts), char_len }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Byte offset of code point `ch`; `ch == char_len()` gives the text's
    /// byte length. `None` past the end.
    pub fn byte_of(&self, ch: usize) -> Option<usize> {
        match &self.starts {
            None => (ch <= self.char_len).then_some(ch),
            Some(starts) => starts.get(ch).map(|&b| b as usize),
        }
    }

    /// Code-point index of byte offset `byte`, which must start a code point
    /// (or be the text's byte length). `None` otherwise.
    pub fn char_of(&self, byte: usize) -> Option<usize> {
        match &self.starts {
            None => (byte <= self.char_len).then_some(byte),
            Some(starts) => {
                let b = u32::try_from(byte).ok()?;
                starts.binary_search(&b).ok()
            }
        }
    }

    /// Code-point index of the code point that contains byte `byte`, rounding
    /// down inside a multi-byte sequence. Bytes past the end give `char_len()`.
    pub fn char_at_or_before(&self, byte: usize) -> usize {
        match &self.starts {
            None => byte.min(self.char_len),
            Some(starts) => {
                let b = u32::try_from(byte).unwrap_or(u32::MAX);
                match starts.binary_search(&b) {
                    Ok(i) => i.min(self.char_len),
                    Err(i) => i.saturating_sub(1).min(self.char_len),
                }
            }
        }
    }

    /// Byte range of the code-point range `start..end`; `None` when out of
    /// bounds or reversed.
    pub fn byte_range(&self, start: usize, end: usize) -> Option<Range<usize>> {
        if start > end {
            return None;
        }
        Some(self.byte_of(start)?..self.byte_of(end)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_on_mixed_widths() {
        // 1-, 2-, 3- and 4-byte code points.
        let text = "a é “q” 🦊 z";
        let idx = CharIndex::new(text);
        assert_eq!(idx.char_len(), text.chars().count());
        for (ch, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.byte_of(ch), Some(byte));
            assert_eq!(idx.char_of(byte), Some(ch));
        }
        assert_eq!(idx.byte_of(idx.char_len()), Some(text.len()));
        assert_eq!(idx.byte_of(idx.char_len() + 1), None);
        // A byte inside the fox emoji is no boundary.
        let fox = text.find('🦊').unwrap();
        assert_eq!(idx.char_of(fox + 1), None);
        assert_eq!(idx.char_at_or_before(fox + 2), idx.char_of(fox).unwrap());
    }

    #[test]
    fn ascii_needs_no_table() {
        let idx = CharIndex::new("plain");
        assert_eq!(idx.byte_range(1, 3), Some(1..3));
        assert_eq!(idx.byte_range(3, 1), None);
        assert_eq!(idx.byte_range(0, 6), None);
    }
}
