//! Training rows over a set of articles of a [`Corpus`], one kind per head.

use slant_text::Span;

use crate::heads::features::{ArticleRows, ListContext, PieceInputs};
use crate::train::mlp_fit::Rows;
use crate::train::corpus::Corpus;

/// Every piece of the training articles.
pub struct PieceRows<'c> {
    corpus: &'c Corpus<'c>,
    index: Vec<(u32, u32)>,
    inputs: PieceInputs,
    hidden: usize,
    dim: usize,
}

impl<'c> PieceRows<'c> {
    pub fn new(corpus: &'c Corpus<'c>, docs: &[usize], inputs: PieceInputs) -> Self {
        let index = docs.iter().flat_map(|&d| (0..corpus.rows[d].article.len()).map(move |p| (d as u32, p as u32))).collect();
        let hidden = corpus.rows.first().map_or(0, |r| r.article.hidden);
        Self { corpus, index, inputs, hidden, dim: ArticleRows::piece_dim(hidden, inputs) }
    }

    pub fn targets(&self, corpus: &Corpus<'_>) -> Vec<f32> {
        self.index.iter().map(|&(d, p)| corpus.gold[d as usize].pieces[p as usize]).collect()
    }

    pub fn span_chars(&self, corpus: &Corpus<'_>) -> Vec<u32> {
        self.index.iter().map(|&(d, p)| corpus.gold[d as usize].piece_span_chars[p as usize]).collect()
    }
}

impl Rows for PieceRows<'_> {
    fn dim(&self) -> usize {
        self.dim
    }
    fn len(&self) -> usize {
        self.index.len()
    }
    fn fill(&self, i: usize, out: &mut [f32]) {
        let (d, p) = self.index[i];
        self.corpus.rows[d as usize].piece_row(p as usize, self.inputs, out);
    }
    fn dropout_dim(&self) -> usize {
        ArticleRows::piece_vector_dim(self.hidden, self.inputs)
    }
}

/// Every sentence of the training articles.
pub struct SentenceRows<'c> {
    corpus: &'c Corpus<'c>,
    index: Vec<(u32, u32)>,
    hidden: usize,
    dim: usize,
}

impl<'c> SentenceRows<'c> {
    pub fn new(corpus: &'c Corpus<'c>, docs: &[usize]) -> Self {
        let index = docs
            .iter()
            .flat_map(|&d| (0..corpus.rows[d].article.sentences.len()).map(move |s| (d as u32, s as u32)))
            .collect();
        let hidden = corpus.rows.first().map_or(0, |r| r.article.hidden);
        Self { corpus, index, hidden, dim: ArticleRows::sentence_dim(hidden) }
    }

    pub fn targets(&self, corpus: &Corpus<'_>) -> Vec<f32> {
        self.index.iter().map(|&(d, s)| corpus.gold[d as usize].sentences[s as usize]).collect()
    }
}

impl Rows for SentenceRows<'_> {
    fn dim(&self) -> usize {
        self.dim
    }
    fn len(&self) -> usize {
        self.index.len()
    }
    fn fill(&self, i: usize, out: &mut [f32]) {
        let (d, s) = self.index[i];
        self.corpus.rows[d as usize].sentence_row(s as usize, out);
    }
    fn dropout_dim(&self) -> usize {
        ArticleRows::sentence_vector_dim(self.hidden)
    }
}

/// Every gold span of the training articles, listed as in a TC template
/// (all the article's gold spans together).
pub struct SpanRows<'c> {
    corpus: &'c Corpus<'c>,
    index: Vec<(u32, Span, ListContext, u32)>,
    hidden: usize,
    dim: usize,
}

impl<'c> SpanRows<'c> {
    pub fn new(corpus: &'c Corpus<'c>, docs: &[usize]) -> Self {
        let mut index = Vec::new();
        for &d in docs {
            let gold = &corpus.gold[d].spans;
            let spans: Vec<Span> = gold.iter().map(|g| g.0).collect();
            for ((span, t), list) in gold.iter().zip(ListContext::of_all(&corpus.docs[d], &spans)) {
                index.push((d as u32, *span, list, t.index() as u32));
            }
        }
        let hidden = corpus.rows.first().map_or(0, |r| r.article.hidden);
        Self { corpus, index, hidden, dim: ArticleRows::span_dim(hidden) }
    }

    pub fn targets(&self) -> Vec<u32> {
        self.index.iter().map(|r| r.3).collect()
    }
}

impl Rows for SpanRows<'_> {
    fn dim(&self) -> usize {
        self.dim
    }
    fn len(&self) -> usize {
        self.index.len()
    }
    fn fill(&self, i: usize, out: &mut [f32]) {
        let (d, span, list, _) = self.index[i];
        let d = d as usize;
        self.corpus.rows[d].span_row(&self.corpus.docs[d], span, list, out);
    }
    fn dropout_dim(&self) -> usize {
        ArticleRows::span_vector_dim(self.hidden)
    }
}
