//! Word-piece tokenization with byte spans into the original text.

use std::ops::Range;
use std::path::Path;

use crate::{Error, Result};

/// A tokenized text: word-piece ids and, for each, its byte span in the
/// original string (no special tokens).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordPieces {
    /// Vocabulary ids.
    pub ids: Vec<u32>,
    /// Byte range of each piece in the original text.
    pub spans: Vec<Range<usize>>,
}

impl WordPieces {
    /// Number of pieces.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when the text produced no pieces.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// A Hugging Face `tokenizer.json` tokenizer with truncation and padding
/// switched off, plus the ids of its opening, closing and padding tokens
/// (`[CLS]`, `[SEP]`, `[PAD]` for BERT; `<s>`, `</s>`, `<pad>` for MPNet).
pub struct WordPieceTokenizer {
    inner: tokenizers::Tokenizer,
    cls: u32,
    sep: u32,
    pad: u32,
}

impl WordPieceTokenizer {
    /// Loads `tokenizer.json`.
    ///
    /// # Errors
    /// [`Error::Tokenizer`] if the file cannot be parsed, does not wrap a
    /// sequence in one opening and one closing token, or has no padding token.
    pub fn from_file(path: &Path) -> Result<Self> {
        let mut inner = tokenizers::Tokenizer::from_file(path)
            .map_err(|e| Error::Tokenizer(format!("{}: {e}", path.display())))?;
        inner
            .with_truncation(None)
            .map_err(|e| Error::Tokenizer(e.to_string()))?
            .with_padding(None);
        let id = |names: [&str; 2]| {
            names.iter().find_map(|t| inner.token_to_id(t)).ok_or_else(|| {
                Error::Tokenizer(format!("{}: no {} or {} token", path.display(), names[0], names[1]))
            })
        };
        // The tokenizer's own post-processor says which tokens open and
        // close a sequence ([CLS]/[SEP] for BERT, <s>/</s> for MPNet, whose
        // vocabulary also holds an unused [CLS]); without one, the names.
        let wrapped = inner.encode("", true).map_err(|e| Error::Tokenizer(format!("{}: {e}", path.display())))?;
        let (cls, sep) = match wrapped.get_ids()[..] {
            [cls, sep] => (cls, sep),
            [] => (id(["[CLS]", "<s>"])?, id(["[SEP]", "</s>"])?),
            _ => {
                return Err(Error::Tokenizer(format!(
                    "{}: an empty text encodes as {:?}, not an opening and a closing token",
                    path.display(),
                    wrapped.get_tokens()
                )));
            }
        };
        let pad = id(["<pad>", "[PAD]"])?;
        Ok(Self { inner, cls, sep, pad })
    }

    /// Splits `text` into word pieces with byte spans into `text`.
    ///
    /// # Errors
    /// [`Error::Tokenizer`] if the tokenizer fails.
    pub fn tokenize(&self, text: &str) -> Result<WordPieces> {
        let enc = self.inner.encode(text, false).map_err(|e| Error::Tokenizer(e.to_string()))?;
        Ok(WordPieces {
            ids: enc.get_ids().to_vec(),
            spans: enc.get_offsets().iter().map(|&(s, e)| s..e).collect(),
        })
    }

    /// `[CLS] ids [SEP]` (`<s> ids </s>`), ready for the encoder.
    #[must_use]
    pub fn wrap(&self, ids: &[u32]) -> Vec<u32> {
        let mut out = Vec::with_capacity(ids.len() + 2);
        out.push(self.cls);
        out.extend_from_slice(ids);
        out.push(self.sep);
        out
    }

    /// The vocabulary entry of `id` (e.g. `##ing`, `[UNK]`).
    #[must_use]
    pub fn token(&self, id: u32) -> Option<String> {
        self.inner.id_to_token(id)
    }

    /// The id of vocabulary entry `token` (e.g. `[MASK]`), if it has one.
    #[must_use]
    pub fn id(&self, token: &str) -> Option<u32> {
        self.inner.token_to_id(token)
    }

    /// The `[PAD]` id.
    #[must_use]
    pub fn pad_id(&self) -> u32 {
        self.pad
    }
}
