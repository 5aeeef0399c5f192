use std::sync::Arc;

use rustc_hash::FxHashMap;

use slant_text::Document;

use crate::embed::{DocPieces, StaticEmbeddings};
use crate::tokenize::{tokenize, Sentence, Token, TokenKind};

use super::is_stopword;

/// Per-sentence facts used by the features.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SentenceFlags {
    /// Holds a quotation mark.
    pub has_quote: bool,
    /// Holds `!`.
    pub exclaims: bool,
    /// Holds `?`.
    pub asks: bool,
}

/// A document prepared for feature extraction: tokens, normalised forms and
/// the counts that repetition features need, computed once.
#[derive(Debug)]
pub struct DocView<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its tokens.
    pub tokens: Vec<Token>,
    /// Its sentences.
    pub sentences: Vec<Sentence>,
    /// Normalised token text: lower case, digits as `0`, `’` as `'`.
    pub norm: Vec<String>,
    /// Per token, a number identifying its normalised text within this
    /// document (equal texts, equal ids).
    pub ids: Vec<u32>,
    /// Per token, whether it is a content word (not punctuation, not a
    /// function word).
    pub content: Vec<bool>,
    /// How often each token's normalised word occurs in the document (0 for
    /// punctuation and function words).
    pub word_count: Vec<u32>,
    /// How often the bigram starting at each token occurs in the document.
    pub bigram_count: Vec<u32>,
    /// Whether each token lies between quotation marks in its sentence.
    pub in_quotes: Vec<bool>,
    /// Per-sentence flags.
    pub sentence_flags: Vec<SentenceFlags>,
    /// Word-piece embeddings of the tokens, when the model has a table.
    pub embedding: Option<Embedded>,
    /// Mean embedding of each sentence, computed on first use.
    sentence_means: Vec<std::sync::OnceLock<Vec<f32>>>,
}

/// A document's word pieces with the table they index.
#[derive(Debug, Clone)]
pub struct Embedded {
    /// The table.
    pub table: Arc<StaticEmbeddings>,
    /// The pieces of each token.
    pub pieces: DocPieces,
}

/// Normalises a token for features.
pub fn normalise(text: &str) -> String {
    if text.is_ascii() {
        let mut out = text.to_ascii_lowercase();
        if out.bytes().any(|b| b.is_ascii_digit() || b == b'`') {
            out = out.replace(|c: char| c.is_ascii_digit(), "0").replace('`', "'");
        }
        return out;
    }
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '0'..='9' => '0',
            '’' | '‘' | '`' => '\'',
            '“' | '”' | '„' | '«' | '»' => '"',
            '–' | '—' => '-',
            c => c,
        })
        .collect()
}

impl<'a> DocView<'a> {
    /// Tokenizes and prepares `doc`, with word-piece embeddings when a table
    /// is given.
    pub fn with_embeddings(doc: &'a Document, table: Option<&Arc<StaticEmbeddings>>) -> Self {
        let mut v = Self::new(doc);
        if let Some(table) = table {
            let pieces = DocPieces::new(&v, table);
            v.embedding = Some(Embedded { table: Arc::clone(table), pieces });
            v.sentence_means = (0..v.sentences.len()).map(|_| std::sync::OnceLock::new()).collect();
        }
        v
    }

    /// The unit-length mean embedding of tokens `range`, if embeddings are
    /// loaded.
    pub fn mean_vector(&self, range: std::ops::Range<usize>) -> Option<Vec<f32>> {
        self.embedding.as_ref().map(|e| e.pieces.mean(&e.table, range))
    }

    /// The coordinate-wise maximum of the unit embeddings of the words in
    /// `range`, scaled to unit length (`None` without embeddings or when no
    /// word has a piece): the span's most salient directions, which a mean
    /// over a long span washes out.
    pub fn max_vector(&self, range: std::ops::Range<usize>) -> Option<Vec<f32>> {
        let emb = self.embedding.as_ref()?;
        let mut buf = vec![0.0f32; emb.table.dim];
        let mut max: Option<Vec<f32>> = None;
        for i in range {
            let (first, end) = *emb.pieces.ranges.get(i)?;
            if first == end {
                continue;
            }
            let word = emb.pieces.mean_into(&emb.table, i..i + 1, &mut buf);
            match &mut max {
                Some(acc) => acc.iter_mut().zip(word).for_each(|(acc, &x)| *acc = acc.max(x)),
                None => max = Some(word.to_vec()),
            }
        }
        let mut max = max?;
        let norm = max.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            for x in &mut max {
                *x /= norm;
            }
        }
        Some(max)
    }

    /// The unit-length mean embedding of sentence `k`, if embeddings are
    /// loaded (computed once).
    pub fn sentence_mean(&self, k: usize) -> Option<&[f32]> {
        let e = self.embedding.as_ref()?;
        let s = &self.sentences[k];
        Some(self.sentence_means[k].get_or_init(|| e.pieces.mean(&e.table, s.first..s.last)))
    }

    /// The word-piece cluster of token `i` (its first piece), if the table
    /// has clusters.
    pub fn cluster(&self, i: usize) -> Option<u16> {
        let e = self.embedding.as_ref()?;
        let (a, b) = *e.pieces.ranges.get(i)?;
        if a == b {
            return None;
        }
        e.table.clusters.get(e.pieces.ids[a as usize] as usize).copied()
    }

    /// Tokenizes and prepares `doc`.
    pub fn new(doc: &'a Document) -> Self {
        let t = tokenize(doc);
        let text = doc.text();
        let norm: Vec<String> = t.tokens.iter().map(|tok| normalise(tok.text(text))).collect();
        let mut intern: FxHashMap<&str, u32> = FxHashMap::default();
        let ids: Vec<u32> = norm
            .iter()
            .map(|w| {
                let next = intern.len() as u32;
                *intern.entry(w.as_str()).or_insert(next)
            })
            .collect();
        let content: Vec<bool> =
            t.tokens.iter().zip(&norm).map(|(tok, w)| tok.kind != TokenKind::Punct && !is_stopword(w)).collect();
        let mut counts = vec![0u32; intern.len()];
        let mut bigrams: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        for i in 0..norm.len() {
            if content[i] {
                counts[ids[i] as usize] += 1;
            }
            if i + 1 < norm.len() && (content[i] || content[i + 1]) {
                *bigrams.entry((ids[i], ids[i + 1])).or_insert(0) += 1;
            }
        }
        let word_count = (0..norm.len()).map(|i| if content[i] { counts[ids[i] as usize] } else { 0 }).collect();
        let bigram_count = (0..norm.len())
            .map(|i| if i + 1 < norm.len() { bigrams.get(&(ids[i], ids[i + 1])).copied().unwrap_or(0) } else { 0 })
            .collect();
        let mut in_quotes = vec![false; norm.len()];
        let mut sentence_flags = Vec::with_capacity(t.sentences.len());
        for s in &t.sentences {
            let mut flags = SentenceFlags::default();
            let mut open = false;
            for i in s.first..s.last {
                match norm[i].as_str() {
                    "\"" => {
                        flags.has_quote = true;
                        let raw = t.tokens[i].text(text);
                        open = match raw {
                            "“" | "«" | "„" => true,
                            "”" | "»" => false,
                            _ => !open,
                        };
                        continue;
                    }
                    "!" => flags.exclaims = true,
                    "?" => flags.asks = true,
                    _ => {}
                }
                in_quotes[i] = open;
            }
            sentence_flags.push(flags);
        }
        Self {
            doc,
            tokens: t.tokens,
            sentences: t.sentences,
            norm,
            ids,
            content,
            word_count,
            bigram_count,
            in_quotes,
            sentence_flags,
            embedding: None,
            sentence_means: Vec::new(),
        }
    }

    /// The tokens overlapping a code-point span.
    pub fn token_range(&self, span: slant_text::Span) -> std::ops::Range<usize> {
        let first = self.tokens.partition_point(|t| t.span.end <= span.start);
        let last = self.tokens.partition_point(|t| t.span.start < span.end);
        first..last.max(first)
    }

    /// Whether token `i` is a content word.
    pub fn is_content(&self, i: usize) -> bool {
        self.content[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_quotes() {
        let doc = Document::from_bytes("v", "The toll is a tax. “The toll is theft,” he said. Toll!".as_bytes()).unwrap();
        let v = DocView::new(&doc);
        let toll = v.norm.iter().position(|w| w == "toll").unwrap();
        assert_eq!(v.word_count[toll], 3);
        assert_eq!(v.bigram_count[toll - 1], 2, "“the toll” twice");
        let theft = v.norm.iter().position(|w| w == "theft").unwrap();
        assert!(v.in_quotes[theft]);
        let he = v.norm.iter().position(|w| w == "he").unwrap();
        assert!(!v.in_quotes[he]);
        assert_eq!(v.word_count[he], 0, "function word");
        assert!(v.sentence_flags.last().unwrap().exclaims);
        assert_eq!(normalise("Don’t 1980"), "don't 0000");
        assert_eq!(normalise("It`S 2012 MKO"), "it's 0000 mko", "the ASCII path");
    }
}
