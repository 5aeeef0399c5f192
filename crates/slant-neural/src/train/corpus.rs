//! A labelled split ready for the heads: each article's rows plus its gold
//! spans turned into piece and sentence targets.

use rayon::prelude::*;
use slant_corpus::Label;
use slant_text::{Document, Span, Technique};

use crate::article::Article;
use crate::heads::features::ArticleRows;
use slant_encoder::window::TokenVectors;

/// One article's gold: spans with techniques, and soft targets.
#[derive(Debug, Clone, Default)]
pub struct Gold {
    /// The labelled spans, in label-file order.
    pub spans: Vec<(Span, Technique)>,
    /// Share of each piece's characters inside some gold span.
    pub pieces: Vec<f32>,
    /// Length in characters of the shortest gold span overlapping each
    /// piece (0: none).
    pub piece_span_chars: Vec<u32>,
    /// Share of each sentence's characters inside some gold span.
    pub sentences: Vec<f32>,
}

/// Articles with their rows and gold.
#[derive(Debug, Clone)]
pub struct Corpus<'a> {
    /// The documents.
    pub docs: &'a [Document],
    /// Their rows, same order.
    pub rows: Vec<ArticleRows>,
    /// Their gold, same order.
    pub gold: Vec<Gold>,
    /// The pretrained layers [`crate::heads::HeadsConfig::tune`] starts from.
    pub tune_base: Option<crate::tune::Tuner>,
}

/// Characters of `doc` inside any of `spans`.
fn covered(doc: &Document, spans: &[Span]) -> Vec<bool> {
    let mut c = vec![false; doc.char_len()];
    for s in spans {
        let end = s.end.min(c.len());
        c[s.start.min(end)..end].fill(true);
    }
    c
}

fn share(covered: &[bool], span: Span) -> f32 {
    let end = span.end.min(covered.len());
    let start = span.start.min(end);
    if end == start {
        return 0.0;
    }
    covered[start..end].iter().filter(|&&b| b).count() as f32 / (end - start) as f32
}

impl<'a> Corpus<'a> {
    /// Builds rows and targets; `vectors` are the encoder outputs of `docs`
    /// in order. Labels of other articles are ignored.
    pub fn new(docs: &'a [Document], labels: &[Label], vectors: Vec<TokenVectors>) -> Self {
        let by_id = slant_corpus::labels::by_article(labels);
        let built: Vec<(ArticleRows, Gold)> = docs
            .par_iter()
            .zip(vectors.into_par_iter())
            .map(|(doc, tv)| {
                let rows = ArticleRows::new(doc, Article::new(doc, tv));
                let spans: Vec<(Span, Technique)> = by_id
                    .get(doc.id())
                    .map(|ls| ls.iter().filter_map(|l| Some((l.span, l.technique?))).collect())
                    .unwrap_or_default();
                let gold = Gold::new(doc, &rows.article, spans);
                (rows, gold)
            })
            .collect();
        let (rows, gold) = built.into_iter().unzip();
        Self { docs, rows, gold, tune_base: None }
    }

    /// Adds the frozen layer's states of each article (same order as the
    /// documents) and the pretrained layers to tune on them.
    #[must_use]
    pub fn with_tuning(mut self, states: Vec<Vec<f32>>, base: crate::tune::Tuner) -> Self {
        for (r, s) in self.rows.iter_mut().zip(states) {
            r.article.states = s;
        }
        self.tune_base = Some(base);
        self
    }
}

impl Gold {
    /// Targets of `spans` on `article`.
    pub fn new(doc: &Document, article: &Article, spans: Vec<(Span, Technique)>) -> Self {
        let just: Vec<Span> = spans.iter().map(|s| s.0).collect();
        let c = covered(doc, &just);
        let pieces = article
            .piece_bytes
            .iter()
            .map(|b| doc.char_span(b.clone()).map_or(0.0, |s| share(&c, s)))
            .collect();
        let piece_span_chars = article
            .piece_bytes
            .iter()
            .map(|b| {
                let Some(p) = doc.char_span(b.clone()) else { return 0 };
                just.iter()
                    .filter(|s| s.start < p.end && p.start < s.end)
                    .map(|s| u32::try_from(s.end - s.start).unwrap_or(u32::MAX))
                    .min()
                    .unwrap_or(0)
            })
            .collect();
        let sentences = article.sentences.iter().map(|s| share(&c, s.span)).collect();
        Self { spans, pieces, piece_span_chars, sentences }
    }

    /// Share of each piece's characters inside gold spans of each
    /// technique: `pieces × Technique::COUNT`, techniques in
    /// [`Technique::ALL`] order.
    #[must_use]
    pub fn piece_techniques(&self, doc: &Document, article: &Article) -> Vec<f32> {
        let n = article.piece_bytes.len();
        let mut out = vec![0.0; n * Technique::COUNT];
        for t in Technique::ALL {
            let just: Vec<Span> = self.spans.iter().filter(|s| s.1 == t).map(|s| s.0).collect();
            if just.is_empty() {
                continue;
            }
            let c = covered(doc, &just);
            for (i, b) in article.piece_bytes.iter().enumerate() {
                out[i * Technique::COUNT + t.index()] = doc.char_span(b.clone()).map_or(0.0, |s| share(&c, s));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::float_cmp, reason = "the shares are exact binary fractions")]
    fn targets_are_shares_of_covered_characters() {
        let doc = Document::from_bytes("1", "Crooked “Bob” lies. Fine".as_bytes()).unwrap();
        let tv = TokenVectors {
            hidden_size: 1,
            vectors: vec![0.0; 7],
            ids: vec![0; 7],
            spans: vec![0..7, 8..11, 11..14, 14..17, 18..22, 22..23, 24..28],
        };
        let article = Article::new(&doc, tv);
        // "Crooked “Bo": all of "Crooked" and "“", two thirds of "Bob".
        let g = Gold::new(&doc, &article, vec![(Span::new(0, 11), Technique::NameCallingLabeling)]);
        assert_eq!(g.pieces[..3], [1.0, 1.0, 2.0 / 3.0]);
        assert_eq!(g.pieces[3..], [0.0; 4]);
        assert_eq!(g.piece_span_chars, [11, 11, 11, 0, 0, 0, 0]);
        assert_eq!(article.sentences.len(), 2);
        assert!((g.sentences[0] - 11.0 / 19.0).abs() < 1e-6);
        assert_eq!(g.sentences[1], 0.0);
        let by = g.piece_techniques(&doc, &article);
        assert_eq!(by.len(), 7 * Technique::COUNT);
        let k = Technique::NameCallingLabeling.index();
        let column: Vec<f32> = by.chunks_exact(Technique::COUNT).map(|r| r[k]).collect();
        assert_eq!(column, g.pieces);
        assert_eq!(by.iter().sum::<f32>(), g.pieces.iter().sum::<f32>());
    }
}
