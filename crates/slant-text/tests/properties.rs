//! Property tests: no panics on any bytes, offsets round-trip exactly.

use proptest::prelude::*;
use slant_text::{CharIndex, Document, Span};

proptest! {
    #[test]
    fn reading_any_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(doc) = Document::from_bytes("p", &bytes) {
            prop_assert_eq!(doc.text().as_bytes(), &bytes[..]);
        }
    }

    #[test]
    fn byte_and_char_offsets_round_trip(text in "\\PC{0,80}") {
        let idx = CharIndex::new(&text);
        let chars: Vec<char> = text.chars().collect();
        prop_assert_eq!(idx.char_len(), chars.len());
        for (ch, (byte, _)) in text.char_indices().enumerate() {
            prop_assert_eq!(idx.byte_of(ch), Some(byte));
            prop_assert_eq!(idx.char_of(byte), Some(ch));
        }
    }

    #[test]
    fn slices_equal_char_slices(text in "[a “”é🦊\n]{1,60}", a in 0usize..70, b in 0usize..70) {
        prop_assume!(!text.trim().is_empty());
        let doc = Document::from_text("p", text.clone()).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let span = Span::new(a.min(b), a.max(b));
        match doc.slice(span) {
            Some(s) => {
                prop_assert!(span.end <= chars.len());
                prop_assert_eq!(s, chars[span.start..span.end].iter().collect::<String>());
            }
            None => prop_assert!(span.end > chars.len()),
        }
    }
}
