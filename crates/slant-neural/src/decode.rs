//! From probabilities to spans: whole sentences where the sentence head is
//! confident, else runs of likely words, trimmed like the gold spans.
//!
//! Spans are built from words of slant's tokenizer, so they start and end on
//! word (and so character) boundaries inside the article.

use std::ops::Range;

use slant_text::{Document, Span};

pub use slant_model::decode::DecodeConfig;

use crate::article::Article;

/// A decoded span with its confidence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decoded {
    /// Code-point span.
    pub span: Span,
    /// Mean word probability, or the sentence probability for a whole
    /// sentence when higher.
    pub score: f32,
}

/// The probability of each word: the mean over the pieces it overlaps.
pub fn word_probs(article: &Article, piece_probs: &[f32]) -> Vec<f32> {
    article
        .words
        .iter()
        .map(|w| {
            let p = &piece_probs[w.pieces.clone()];
            if p.is_empty() { 0.0 } else { p.iter().sum::<f32>() / p.len() as f32 }
        })
        .collect()
}

/// Spans of `article` from word and sentence probabilities.
pub fn decode(doc: &Document, article: &Article, words: &[f32], sentences: &[f32], cfg: &DecodeConfig) -> Vec<Decoded> {
    let strengths = if cfg.keep_threshold > 0.0 {
        let sentence_of: Vec<usize> = article.words.iter().map(|w| w.sentence).collect();
        slant_model::decode::mix_log_odds(words, &sentence_of, sentences, cfg.sentence_weight, cfg.article_weight)
    } else {
        Vec::new()
    };
    let mut out = Vec::new();
    for (k, sent) in article.sentences.iter().enumerate() {
        let range = sent.words.clone();
        if sentences.get(k).is_some_and(|&p| p >= cfg.sentence_threshold) {
            let likely = slant_model::decode::likely_stretch(words, range, cfg.sentence_trim);
            if let Some(mut d) = candidate(doc, article, words, likely) {
                d.score = d.score.max(sentences[k]);
                out.push(d);
            }
            continue;
        }
        let mut i = range.start;
        while i < range.end {
            if words[i] < cfg.threshold {
                i += 1;
                continue;
            }
            let mut start = i;
            let mut end = i + 1;
            loop {
                while end < range.end && words[end] >= cfg.threshold {
                    end += 1;
                }
                let mut j = end;
                while j < range.end && j - end < cfg.max_gap && words[j] < cfg.threshold {
                    j += 1;
                }
                if j > end && j < range.end && words[j] >= cfg.threshold {
                    let gap = words[end..j].iter().sum::<f32>() / (j - end) as f32;
                    if gap >= cfg.gap_threshold {
                        end = j;
                        continue;
                    }
                }
                break;
            }
            if cfg.keep_threshold <= 0.0 || strengths[start..end].iter().any(|&p| p >= cfg.keep_threshold) {
                // A run grown forward stops before a word under the
                // threshold, so the next run cannot grow back into it.
                if cfg.extend_threshold > 0.0 {
                    while start > range.start && words[start - 1] >= cfg.extend_threshold {
                        start -= 1;
                    }
                    while end < range.end && words[end] >= cfg.extend_threshold {
                        end += 1;
                    }
                }
                out.extend(candidate(doc, article, words, start..end));
            }
            i = end;
        }
    }
    if cfg.repeat_words > 0 {
        let more = repeats(doc, article, words, &out, cfg);
        out.extend(more);
        out.sort_by_key(|d| d.span.start);
    }
    out
}

/// Other places of the article with the same words as a short decoded span.
fn repeats(doc: &Document, article: &Article, words: &[f32], found: &[Decoded], cfg: &DecodeConfig) -> Vec<Decoded> {
    let text: Vec<String> = article.words.iter().map(|w| doc.text()[w.bytes.clone()].to_lowercase()).collect();
    let mut taken = vec![false; text.len()];
    let ranges: Vec<Range<usize>> = found.iter().map(|d| article.words_in(d.span)).collect();
    for r in &ranges {
        taken[r.clone()].fill(true);
    }
    let mut out = Vec::new();
    for r in ranges {
        let n = r.len();
        // A lone short word ("the", "said") repeats by chance.
        if n == 0 || n > cfg.repeat_words || (n == 1 && text[r.start].chars().filter(|c| c.is_alphanumeric()).count() < 4) {
            continue;
        }
        for j in 0..text.len().saturating_sub(n - 1) {
            let place = j..j + n;
            if taken[place.clone()].iter().any(|&t| t) || text[place.clone()] != text[r.clone()] {
                continue;
            }
            if article.words[j].sentence != article.words[j + n - 1].sentence {
                continue;
            }
            let mean = words[place.clone()].iter().sum::<f32>() / n as f32;
            if mean < cfg.repeat_threshold {
                continue;
            }
            taken[place.clone()].fill(true);
            out.push(Decoded { span: article.word_span(place), score: mean });
        }
    }
    out
}

/// A span over `words`, trimmed of the edge punctuation gold spans never
/// start or end with.
fn candidate(doc: &Document, article: &Article, probs: &[f32], words: Range<usize>) -> Option<Decoded> {
    let Range { start: a, end: b } = slant_model::decode::trim_edges(words, |i| {
        slant_model::decode::is_edge_punct(&doc.text()[article.words[i].bytes.clone()])
    })?;
    let score = probs[a..b].iter().sum::<f32>() / (b - a) as f32;
    Some(Decoded { span: article.word_span(a..b), score })
}

#[cfg(test)]
mod tests {
    use super::*;
    use slant_encoder::window::TokenVectors;

    fn article(text: &str) -> (Document, Article) {
        let doc = Document::from_bytes("t", text.as_bytes()).unwrap();
        let toks = slant_model::tokenize::tokenize(&doc);
        let spans: Vec<Range<usize>> = toks.tokens.iter().map(|t| t.byte_start..t.byte_end).collect();
        let n = spans.len();
        let tv = TokenVectors { hidden_size: 1, vectors: vec![0.0; n], ids: vec![0; n], spans };
        let a = Article::new(&doc, tv);
        (doc, a)
    }

    #[test]
    fn runs_gaps_trimming_and_sentences() {
        let (doc, a) = article("They are “evil”, corrupt and – frankly – traitors. Next one here.\nLast line");
        let words: Vec<&str> = a.words.iter().map(|w| doc.slice(w.span).unwrap()).collect();
        assert_eq!(words[..6], ["They", "are", "“", "evil", "”", ","]);
        let mut p = vec![0.0; a.words.len()];
        // "“evil”," likely: the comma is trimmed, the quotes kept.
        p[2..6].fill(0.9);
        // "traitors" after a two-word gap of middling words.
        p[6] = 0.1;
        p[7] = 0.3;
        let traitors = words.iter().position(|&w| w == "traitors").unwrap();
        p[traitors] = 0.8;
        let cfg = DecodeConfig { threshold: 0.5, sentence_threshold: 0.9, max_gap: 2, gap_threshold: 0.2, sentence_trim: 0.0, ..DecodeConfig::neural() };
        let d = decode(&doc, &a, &p, &[0.0, 0.95, 0.0], &cfg);
        let texts: Vec<&str> = d.iter().map(|d| doc.slice(d.span).unwrap()).collect();
        assert_eq!(texts, ["“evil”", "traitors", "Next one here"]);
        assert!((d[2].score - 0.95).abs() < 1e-6);
        // A wider gap allowance bridges "corrupt and – frankly –" only when
        // its mean reaches the gap threshold.
        let wide = DecodeConfig { max_gap: 6, gap_threshold: 0.05, ..cfg };
        let d = decode(&doc, &a, &p, &[0.0; 3], &wide);
        assert_eq!(doc.slice(d[0].span), Some("“evil”, corrupt and – frankly – traitors"));
    }

    #[test]
    fn weak_runs_are_kept_only_in_suspect_sentences() {
        let (doc, a) = article("They ruin everything here. They ruin everything here.");
        let n = a.words.len();
        let mut p = vec![0.05; n];
        let ruin: Vec<usize> = (0..n).filter(|&i| doc.slice(a.words[i].span) == Some("ruin")).collect();
        for &i in &ruin {
            p[i] = 0.28;
        }
        let cfg = DecodeConfig {
            threshold: 0.25,
            sentence_threshold: 1.1,
            keep_threshold: 0.3,
            sentence_weight: 0.5,
            article_weight: 0.0,
            ..DecodeConfig::neural()
        };
        // The first sentence is suspect, the second not: only its run is kept,
        // and it still covers just the word above the marking threshold.
        let d = decode(&doc, &a, &p, &[0.9, 0.1], &cfg);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span, a.words[ruin[0]].span);
        let every = DecodeConfig { keep_threshold: 0.0, ..cfg };
        assert_eq!(decode(&doc, &a, &p, &[0.9, 0.1], &every).len(), 2, "keep 0 keeps every run");
    }

    #[test]
    fn short_spans_are_repeated_where_the_words_recur() {
        let (doc, a) = article("Crooked Hillary lied. Then crooked hillary ran. The rest is calm. Hillary won.");
        let words: Vec<&str> = a.words.iter().map(|w| doc.slice(w.span).unwrap()).collect();
        let mut p = vec![0.05; a.words.len()];
        p[0..2].fill(0.9);
        let off = DecodeConfig { threshold: 0.5, sentence_threshold: 1.1, ..DecodeConfig::neural() };
        let sentences = vec![0.0; a.sentences.len()];
        assert_eq!(decode(&doc, &a, &p, &sentences, &off).len(), 1);
        let on = DecodeConfig { repeat_words: 4, ..off };
        let d = decode(&doc, &a, &p, &sentences, &on);
        let texts: Vec<&str> = d.iter().map(|d| doc.slice(d.span).unwrap()).collect();
        // The same two words, case aside; "Hillary" alone is not the span.
        assert_eq!(texts, ["Crooked Hillary", "crooked hillary"]);
        assert!((d[1].score - 0.05).abs() < 1e-6);
        // A repeated place must be likely enough when asked.
        let strict = DecodeConfig { repeat_threshold: 0.1, ..on };
        assert_eq!(decode(&doc, &a, &p, &sentences, &strict).len(), 1);
        // Too long a span is not repeated.
        let short = DecodeConfig { repeat_words: 1, ..on };
        assert_eq!(decode(&doc, &a, &p, &sentences, &short).len(), 1);
        assert_eq!(words[0], "Crooked");
    }

    #[test]
    fn kept_runs_grow_over_fairly_likely_neighbours() {
        let (doc, a) = article("We saw the utterly corrupt regime fall today.");
        let at = |w: &str| a.words.iter().position(|x| doc.slice(x.span) == Some(w)).unwrap();
        let mut p = vec![0.05; a.words.len()];
        p[at("utterly")] = 0.2;
        p[at("corrupt")] = 0.9;
        p[at("regime")] = 0.3;
        p[at("fall")] = 0.12;
        let off = DecodeConfig { threshold: 0.5, sentence_threshold: 1.1, gap_threshold: 0.3, ..DecodeConfig::neural() };
        let sentences = vec![0.0; a.sentences.len()];
        let texts = |p: &[f32], cfg: &DecodeConfig| -> Vec<String> {
            decode(&doc, &a, p, &sentences, cfg).iter().map(|d| doc.slice(d.span).unwrap().to_owned()).collect()
        };
        assert_eq!(texts(&p, &off), ["corrupt"]);
        assert_eq!(texts(&p, &DecodeConfig { extend_threshold: 0.15, ..off }), ["utterly corrupt regime"]);
        assert_eq!(texts(&p, &DecodeConfig { extend_threshold: 0.1, ..off }), ["utterly corrupt regime fall"]);
        // A run that grows into the next becomes one span with it, never two
        // overlapping ones.
        p[at("today")] = 0.9;
        assert_eq!(texts(&p, &off), ["corrupt", "today"]);
        assert_eq!(texts(&p, &DecodeConfig { extend_threshold: 0.1, ..off }), ["utterly corrupt regime fall today"]);
    }

    #[test]
    fn word_probs_average_pieces() {
        let (_, a) = article("one two");
        assert_eq!(word_probs(&a, &[0.2, 0.6]), vec![0.2, 0.6]);
    }
}
