//! An encoded article: word-piece vectors tied to the words and sentences of
//! slant's own tokenizer, so heads can work on pieces and decode on words.
//!
//! Every piece and word keeps its byte range in the article; code-point
//! spans come from [`Document::char_span`], so nothing can split a character.

use std::ops::Range;

use slant_model::tokenize::tokenize;
use slant_text::{Document, Span};

use slant_encoder::window::TokenVectors;

/// A word of slant's tokenizer and the pieces that overlap it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range in the article.
    pub bytes: Range<usize>,
    /// Code-point span.
    pub span: Span,
    /// Pieces overlapping the word (empty when the encoder dropped it).
    pub pieces: Range<usize>,
    /// Index of the sentence holding the word.
    pub sentence: usize,
}

/// A sentence: a run of words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Its words.
    pub words: Range<usize>,
    /// The pieces overlapping its words.
    pub pieces: Range<usize>,
    /// Code-point span from the first word's start to the last word's end.
    pub span: Span,
    /// The line it is on (0: the title, in the PTC layout).
    pub line: usize,
}

/// One article's piece vectors with its words and sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Width of a piece vector.
    pub hidden: usize,
    /// `pieces × hidden`, row per piece.
    pub vectors: Vec<f32>,
    /// Byte range of each piece.
    pub piece_bytes: Vec<Range<usize>>,
    /// For each piece, the word holding its first byte (`usize::MAX` when
    /// none does, which slant's tokenizer and the encoder's never disagree
    /// on for visible text).
    pub piece_word: Vec<usize>,
    /// The words in order.
    pub words: Vec<Word>,
    /// The sentences in order.
    pub sentences: Vec<Sentence>,
    /// States of the frozen layer the tuned layers read (`pieces × width`;
    /// empty without them).
    pub states: Vec<f32>,
}

impl Article {
    /// Ties the encoder's piece vectors of `doc` to its words and sentences.
    pub fn new(doc: &Document, tokens: TokenVectors) -> Self {
        let TokenVectors { hidden_size, vectors, spans, .. } = tokens;
        let toks = tokenize(doc);
        let mut words: Vec<Word> = Vec::with_capacity(toks.tokens.len());
        let mut piece_word = vec![usize::MAX; spans.len()];
        // Both sequences are sorted and non-overlapping: one merge pass.
        let mut p = 0;
        for (w, t) in toks.tokens.iter().enumerate() {
            while p < spans.len() && spans[p].end <= t.byte_start {
                p += 1;
            }
            let first = p;
            let mut q = p;
            while q < spans.len() && spans[q].start < t.byte_end {
                if spans[q].start >= t.byte_start && piece_word[q] == usize::MAX {
                    piece_word[q] = w;
                }
                q += 1;
            }
            // The last overlapping piece may run into the next word too.
            p = if q > first && spans[q - 1].end > t.byte_end { q - 1 } else { q };
            words.push(Word { bytes: t.byte_start..t.byte_end, span: t.span, pieces: first..q, sentence: t.sentence });
        }
        let sentences = toks
            .sentences
            .iter()
            .map(|s| {
                let first = words[s.first..s.last].iter().map(|w| w.pieces.start).min().unwrap_or(0);
                let last = words[s.first..s.last].iter().map(|w| w.pieces.end).max().unwrap_or(0);
                Sentence { words: s.first..s.last, pieces: first..last.max(first), span: s.span, line: s.line }
            })
            .collect();
        Self { hidden: hidden_size, vectors, piece_bytes: spans, piece_word, words, sentences, states: Vec::new() }
    }

    /// Number of pieces.
    pub fn len(&self) -> usize {
        self.piece_bytes.len()
    }

    /// True when the encoder produced no pieces.
    pub fn is_empty(&self) -> bool {
        self.piece_bytes.is_empty()
    }

    /// The vector of piece `i`.
    pub fn vector(&self, i: usize) -> &[f32] {
        &self.vectors[i * self.hidden..(i + 1) * self.hidden]
    }

    /// Mean of the vectors of `pieces` (zeros when empty).
    pub fn mean(&self, pieces: Range<usize>) -> Vec<f32> {
        let mut out = vec![0.0; self.hidden];
        let n = pieces.len();
        for i in pieces {
            for (o, v) in out.iter_mut().zip(self.vector(i)) {
                *o += v;
            }
        }
        if n > 0 {
            let inv = 1.0 / n as f32;
            for o in &mut out {
                *o *= inv;
            }
        }
        out
    }

    /// The words overlapping a code-point span.
    pub fn words_in(&self, span: Span) -> Range<usize> {
        let first = self.words.partition_point(|w| w.span.end <= span.start);
        let last = self.words.partition_point(|w| w.span.start < span.end);
        first..last.max(first)
    }

    /// The pieces overlapping a range of words.
    pub fn pieces_of_words(&self, words: Range<usize>) -> Range<usize> {
        let ws = &self.words[words];
        let first = ws.iter().map(|w| w.pieces.start).min().unwrap_or(0);
        let last = ws.iter().map(|w| w.pieces.end).max().unwrap_or(first);
        first..last.max(first)
    }

    /// The code-point span from the start of word `first` to the end of word
    /// `last - 1`.
    pub fn word_span(&self, words: Range<usize>) -> Span {
        Span::new(self.words[words.start].span.start, self.words[words.end - 1].span.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake(text: &str, pieces: &[(usize, usize)]) -> (Document, TokenVectors) {
        let doc = Document::from_bytes("t", text.as_bytes()).unwrap();
        let spans: Vec<Range<usize>> = pieces.iter().map(|&(a, b)| a..b).collect();
        let n = spans.len();
        let tv = TokenVectors { hidden_size: 2, vectors: (0..n * 2).map(|i| i as f32).collect(), ids: vec![0; n], spans };
        (doc, tv)
    }

    #[test]
    fn pieces_map_to_words_and_sentences() {
        // "anti-Iran" is one word of slant's tokenizer and three pieces.
        let text = "“Anti-Iran” café. Next one";
        let b = |s: &str| text.find(s).unwrap();
        let pieces = [
            (0, 3),
            (b("Anti"), b("Anti") + 4),
            (b("-"), b("-") + 1),
            (b("Iran"), b("Iran") + 4),
            (b("”"), b("”") + 3),
            (b("caf"), b("caf") + 3),
            (b("é"), b("é") + 2),
            (b(". "), b(". ") + 1),
            (b("Next"), b("Next") + 4),
            (b("one"), b("one") + 3),
        ];
        let (doc, tv) = fake(text, &pieces);
        let a = Article::new(&doc, tv);
        let words: Vec<&str> = a.words.iter().map(|w| doc.slice(w.span).unwrap()).collect();
        assert_eq!(words, ["“", "Anti-Iran", "”", "café", ".", "Next", "one"]);
        assert_eq!(a.words[1].pieces, 1..4);
        assert_eq!(a.words[3].pieces, 5..7);
        assert_eq!(a.piece_word, [0, 1, 1, 1, 2, 3, 3, 4, 5, 6]);
        assert_eq!(a.sentences.len(), 2);
        assert_eq!(a.sentences[1].pieces, 8..10);
        assert_eq!(doc.slice(a.sentences[0].span), Some("“Anti-Iran” café."));
        let span = doc.char_span(b("Iran")..b("Iran") + 4).unwrap();
        assert_eq!(a.words_in(span), 1..2);
        assert_eq!(a.pieces_of_words(1..4), 1..7);
        assert_eq!(a.mean(0..2), vec![1.0, 2.0]);
        assert_eq!(doc.slice(a.word_span(1..4)), Some("Anti-Iran” café"));
    }

    #[test]
    fn a_piece_spanning_two_words_belongs_to_both() {
        // An [UNK] piece over "€50": slant's tokenizer sees "€" and "50".
        let (doc, tv) = fake("pay €50 now", &[(0, 3), (4, 9), (10, 13)]);
        let a = Article::new(&doc, tv);
        assert_eq!(a.words.len(), 4);
        assert_eq!(a.words[1].pieces, 1..2);
        assert_eq!(a.words[2].pieces, 1..2);
        assert_eq!(a.words[3].pieces, 2..3);
    }
}
