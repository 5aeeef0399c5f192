//! The input rows of the three heads, built from an [`Article`]'s piece
//! vectors plus a few hand features (position, repetition, punctuation).
//!
//! The same functions serve training and inference, so the two can never
//! disagree on a feature.

use std::collections::HashMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use slant_text::{Document, Span};

use crate::article::Article;

/// Scalars appended to a piece row.
const PIECE_SCALARS: usize = 3;
/// Scalars appended to a sentence row.
const SENTENCE_SCALARS: usize = 3;
/// Hand features of a span row.
pub const SPAN_SCALARS: usize = 27;

/// Which inputs the piece (span-identification) head sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PieceInputs {
    /// Neighbouring piece vectors on each side.
    pub neighbours: usize,
}

impl Default for PieceInputs {
    fn default() -> Self {
        Self { neighbours: 1 }
    }
}

/// How a span to classify relates to the other spans listed with it (the
/// SemEval TC template lists a span once per technique, and every mention
/// of a repeated phrase).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListContext {
    /// Listings of exactly this span, itself included.
    pub copies: usize,
    /// Other distinct listed spans inside this one.
    pub contains: usize,
    /// Other distinct listed spans that contain this one.
    pub inside: usize,
    /// Other distinct listed spans it overlaps.
    pub overlaps: usize,
    /// Other distinct listed spans with the same text (case aside).
    pub same_text: usize,
}

impl ListContext {
    /// The context of every span of `spans` within the list.
    pub fn of_all(doc: &Document, spans: &[Span]) -> Vec<Self> {
        let texts: Vec<String> = spans.iter().map(|&s| doc.slice(s).unwrap_or("").trim().to_lowercase()).collect();
        let mut distinct: Vec<usize> = Vec::new();
        for (i, s) in spans.iter().enumerate() {
            if !distinct.iter().any(|&j| spans[j] == *s) {
                distinct.push(i);
            }
        }
        spans
            .iter()
            .zip(&texts)
            .map(|(&s, text)| {
                let mut c = Self { copies: spans.iter().filter(|&&o| o == s).count(), ..Self::default() };
                for &j in &distinct {
                    let o = spans[j];
                    if o == s {
                        continue;
                    }
                    c.contains += usize::from(s.contains(o));
                    c.inside += usize::from(o.contains(s));
                    c.overlaps += usize::from(s.overlaps(o));
                    c.same_text += usize::from(!text.is_empty() && texts[j] == *text);
                }
                c
            })
            .collect()
    }
}

/// Sets the one-hot slot of `n` among `bounds` (the last slot takes
/// everything from its bound up).
fn bucket(out: &mut [f32], n: usize, bounds: &[usize]) {
    let slot = bounds.iter().rposition(|&b| n >= b).unwrap_or(0);
    out[slot] = 1.0;
}

/// An article with what every row needs precomputed.
#[derive(Debug, Clone)]
pub struct ArticleRows {
    /// The encoded article.
    pub article: Article,
    sentence_mean: Vec<f32>,
    sentence_max: Vec<f32>,
    doc_mean: Vec<f32>,
    lower: String,
    word_counts: HashMap<String, u32>,
}

fn lower_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 4).map(str::to_lowercase)
}

impl ArticleRows {
    /// Precomputes sentence and article pooling and word counts.
    pub fn new(doc: &Document, article: Article) -> Self {
        let h = article.hidden;
        let mut sentence_mean = Vec::with_capacity(article.sentences.len() * h);
        let mut sentence_max = Vec::with_capacity(article.sentences.len() * h);
        for s in &article.sentences {
            sentence_mean.extend(article.mean(s.pieces.clone()));
            let mut max = vec![if s.pieces.is_empty() { 0.0 } else { f32::NEG_INFINITY }; h];
            for i in s.pieces.clone() {
                for (m, v) in max.iter_mut().zip(article.vector(i)) {
                    *m = m.max(*v);
                }
            }
            sentence_max.extend(max);
        }
        let doc_mean = article.mean(0..article.len());
        let mut word_counts = HashMap::new();
        for w in lower_words(doc.text()) {
            *word_counts.entry(w).or_insert(0) += 1;
        }
        Self { article, sentence_mean, sentence_max, doc_mean, lower: doc.text().to_lowercase(), word_counts }
    }

    fn sentence_mean(&self, s: usize) -> &[f32] {
        let h = self.article.hidden;
        &self.sentence_mean[s * h..(s + 1) * h]
    }

    /// Leading columns of a piece row that are encoder vectors (the rest
    /// are hand features, kept out of input dropout).
    pub fn piece_vector_dim(h: usize, inputs: PieceInputs) -> usize {
        Self::piece_dim(h, inputs) - PIECE_SCALARS
    }

    /// Width of a piece row.
    pub fn piece_dim(h: usize, inputs: PieceInputs) -> usize {
        h * (2 + 2 * inputs.neighbours) + PIECE_SCALARS
    }

    /// Row of piece `i`: its vector, its neighbours' (zeros past the ends),
    /// its sentence's mean, and where it stands.
    pub fn piece_row(&self, i: usize, inputs: PieceInputs, out: &mut [f32]) {
        let a = &self.article;
        let h = a.hidden;
        let n = a.len();
        let k = inputs.neighbours as isize;
        let mut at = 0;
        for d in -k..=k {
            let j = i as isize + d;
            let dst = &mut out[at..at + h];
            if (0..n as isize).contains(&j) {
                dst.copy_from_slice(a.vector(j as usize));
            } else {
                dst.fill(0.0);
            }
            at += h;
        }
        let w = a.piece_word[i];
        let s = if w == usize::MAX { None } else { Some(a.words[w].sentence) };
        match s {
            Some(s) => {
                out[at..at + h].copy_from_slice(self.sentence_mean(s));
                let sent = &a.sentences[s];
                let len = sent.pieces.len().max(1);
                out[at + h] = f32::from(u8::from(sent.line == 0));
                out[at + h + 1] = (i.saturating_sub(sent.pieces.start)) as f32 / len as f32;
                out[at + h + 2] = (len as f32).ln_1p() / 5.0;
            }
            None => out[at..at + h + PIECE_SCALARS].fill(0.0),
        }
    }

    /// Width of a sentence row.
    pub fn sentence_dim(h: usize) -> usize {
        3 * h + SENTENCE_SCALARS
    }

    /// Leading columns of a sentence row that are encoder vectors.
    pub fn sentence_vector_dim(h: usize) -> usize {
        3 * h
    }

    /// Row of sentence `s`: mean and max of its pieces, the article mean,
    /// and where it stands.
    pub fn sentence_row(&self, s: usize, out: &mut [f32]) {
        let h = self.article.hidden;
        out[..h].copy_from_slice(self.sentence_mean(s));
        out[h..2 * h].copy_from_slice(&self.sentence_max[s * h..(s + 1) * h]);
        out[2 * h..3 * h].copy_from_slice(&self.doc_mean);
        let sent = &self.article.sentences[s];
        out[3 * h] = f32::from(u8::from(sent.line == 0));
        out[3 * h + 1] = (sent.pieces.len() as f32).ln_1p() / 5.0;
        out[3 * h + 2] = s as f32 / self.article.sentences.len().max(1) as f32;
    }

    /// Width of a span row.
    pub fn span_dim(h: usize) -> usize {
        4 * h + SPAN_SCALARS
    }

    /// Leading columns of a span row that are encoder vectors.
    pub fn span_vector_dim(h: usize) -> usize {
        4 * h
    }

    /// Row of a span: mean, first and last of its pieces, its sentence's
    /// mean, and hand features (repetition, length, punctuation, position,
    /// the listing context).
    pub fn span_row(&self, doc: &Document, span: Span, list: ListContext, out: &mut [f32]) {
        let a = &self.article;
        let h = a.hidden;
        let words = a.words_in(span);
        let pieces: Range<usize> = if words.is_empty() { 0..0 } else { a.pieces_of_words(words.clone()) };
        out[..h].copy_from_slice(&a.mean(pieces.clone()));
        if pieces.is_empty() {
            out[h..3 * h].fill(0.0);
        } else {
            out[h..2 * h].copy_from_slice(a.vector(pieces.start));
            out[2 * h..3 * h].copy_from_slice(a.vector(pieces.end - 1));
        }
        let sentence = words.clone().next().map(|w| a.words[w].sentence);
        match sentence {
            Some(s) => out[3 * h..4 * h].copy_from_slice(self.sentence_mean(s)),
            None => out[3 * h..4 * h].fill(0.0),
        }
        let text = doc.slice(span).unwrap_or("");
        let f = &mut out[4 * h..4 * h + SPAN_SCALARS];
        f.fill(0.0);
        let lower = text.to_lowercase();
        let trimmed = lower.trim();
        let repeats = if trimmed.is_empty() { 0 } else { self.lower.matches(trimmed).count().saturating_sub(1) };
        bucket(&mut f[0..5], repeats, &[0, 1, 2, 3, 5]);
        bucket(&mut f[5..9], list.same_text, &[0, 1, 2, 3]);
        bucket(&mut f[9..12], list.copies, &[0, 2, 3]);
        let max_word = lower_words(text).filter_map(|w| self.word_counts.get(&w)).max().copied().unwrap_or(0);
        f[12] = (max_word.saturating_sub(1) as f32).ln_1p();
        let chars = span.end.saturating_sub(span.start);
        f[13] = (chars as f32).ln_1p() / 5.0;
        f[14] = (words.len() as f32).ln_1p() / 3.0;
        if let Some(s) = sentence {
            let sent = &a.sentences[s];
            f[15] = span.intersection_len(sent.span) as f32 / sent.span.end.saturating_sub(sent.span.start).max(1) as f32;
            f[20] = f32::from(u8::from(sent.line == 0));
            f[24] = f32::from(u8::from(span.start <= sent.span.start));
            f[25] = f32::from(u8::from(span.end >= sent.span.end));
        }
        f[16] = f32::from(u8::from(text.contains('!')));
        f[17] = f32::from(u8::from(text.contains('?')));
        f[18] = f32::from(u8::from(text.contains(['"', '“', '”'])));
        f[19] = f32::from(u8::from(text.chars().next().is_some_and(char::is_uppercase)));
        f[21] = (list.contains as f32).ln_1p();
        f[22] = (list.inside as f32).ln_1p();
        f[23] = (list.overlaps as f32).ln_1p();
        f[26] = f32::from(u8::from(text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) && chars > 1));
    }
}
