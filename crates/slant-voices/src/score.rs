//! Attribution scoring: precision, recall and F1 of cue, source and content,
//! on exact spans and on overlap, matched one to one, micro over articles.
//!
//! Each role of each attribution is a set of code points (the union of its
//! pieces). *Exact*: the sets are equal once each piece is trimmed of
//! whitespace and punctuation at both ends (a piece that is nothing but
//! punctuation, like a ":" cue, is kept whole). *Overlap*: the sets share a
//! code point. Matching is one to one: exact matches pair equal sets;
//! overlap matches pair greedily, largest shared part first.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use slant_text::Span;

use crate::brat::GoldAttribution;

/// Counts and figures of one role under one matching.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct RoleScore {
    /// Matched pairs.
    pub matched: usize,
    /// Gold items.
    pub gold: usize,
    /// Predicted items.
    pub predicted: usize,
    /// `matched / predicted` (0 when nothing is predicted).
    pub precision: f64,
    /// `matched / gold` (0 when there is no gold).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl RoleScore {
    fn add(&mut self, matched: usize, gold: usize, predicted: usize) {
        self.matched += matched;
        self.gold += gold;
        self.predicted += predicted;
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        self.precision = ratio(self.matched, self.predicted);
        self.recall = ratio(self.matched, self.gold);
        let sum = self.precision + self.recall;
        self.f1 = if sum > 0.0 { 2.0 * self.precision * self.recall / sum } else { 0.0 };
    }
}

/// The three roles under one matching.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct RoleScores {
    /// The cue.
    pub cue: RoleScore,
    /// The source.
    pub source: RoleScore,
    /// The content.
    pub content: RoleScore,
}

/// Scores of a set of articles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Articles scored.
    pub articles: usize,
    /// Exact-span matching.
    pub exact: RoleScores,
    /// Overlap matching.
    pub overlap: RoleScores,
}

/// One article to score: its text, gold and predicted attributions.
#[derive(Debug, Clone, Copy)]
pub struct ArticleScoring<'a> {
    /// The article text (offsets are code points into it).
    pub text: &'a str,
    /// Gold attributions.
    pub gold: &'a [GoldAttribution],
    /// Predicted attributions.
    pub predicted: &'a [GoldAttribution],
}

/// Scores `articles`, micro-averaged over all of them.
pub fn score<'a>(articles: impl IntoIterator<Item = ArticleScoring<'a>>) -> Scores {
    let mut scores = Scores::default();
    for article in articles {
        scores.articles += 1;
        let trim = trimmable(article.text);
        for (pick, exact, overlap) in [
            (pick_cue as fn(&GoldAttribution) -> &[Span], &mut scores.exact.cue, &mut scores.overlap.cue),
            (pick_source, &mut scores.exact.source, &mut scores.overlap.source),
            (pick_content, &mut scores.exact.content, &mut scores.overlap.content),
        ] {
            let gold: Vec<Vec<Span>> =
                article.gold.iter().map(pick).filter(|p| !p.is_empty()).map(|p| normalize(p, &trim)).collect();
            let pred: Vec<Vec<Span>> =
                article.predicted.iter().map(pick).filter(|p| !p.is_empty()).map(|p| normalize(p, &trim)).collect();
            exact.add(exact_matches(&gold, &pred), gold.len(), pred.len());
            overlap.add(overlap_matches(&gold, &pred), gold.len(), pred.len());
        }
    }
    scores
}

fn pick_cue(a: &GoldAttribution) -> &[Span] {
    &a.cue
}
fn pick_source(a: &GoldAttribution) -> &[Span] {
    &a.source
}
fn pick_content(a: &GoldAttribution) -> &[Span] {
    &a.content
}

/// Per code point: whitespace or punctuation.
fn trimmable(text: &str) -> Vec<bool> {
    text.chars().map(|c| c.is_whitespace() || c.is_ascii_punctuation() || is_unicode_punctuation(c)).collect()
}

fn is_unicode_punctuation(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}' | '«' | '»' | '¡' | '¿' | '·' | '\u{feff}' | '\u{3000}'..='\u{303f}')
}

/// Pieces trimmed, clipped to the text, sorted and merged (touching pieces
/// too, so that a set has one form).
fn normalize(pieces: &[Span], trim: &[bool]) -> Vec<Span> {
    let mut out: Vec<Span> = pieces
        .iter()
        .map(|p| {
            let (s, e) = (p.start.min(trim.len()), p.end.min(trim.len()));
            let (mut a, mut b) = (s, e);
            while a < b && trim[a] {
                a += 1;
            }
            while b > a && trim[b - 1] {
                b -= 1;
            }
            if a < b { Span::new(a, b) } else { Span::new(s, e) }
        })
        .filter(|p| !p.is_empty())
        .collect();
    out.sort_unstable();
    let mut merged: Vec<Span> = Vec::with_capacity(out.len());
    for p in out {
        match merged.last_mut() {
            Some(last) if p.start <= last.end => last.end = last.end.max(p.end),
            _ => merged.push(p),
        }
    }
    merged
}

fn exact_matches(gold: &[Vec<Span>], pred: &[Vec<Span>]) -> usize {
    let mut available: HashMap<&[Span], usize> = HashMap::new();
    for p in pred {
        *available.entry(p.as_slice()).or_default() += 1;
    }
    gold.iter()
        .filter(|g| match available.get_mut(g.as_slice()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count()
}

/// Code points shared by two normalized sets.
fn shared(x: &[Span], y: &[Span]) -> usize {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        count += x[i].intersection_len(y[j]);
        if x[i].end <= y[j].end { i += 1 } else { j += 1 }
    }
    count
}

fn cover(set: &[Span]) -> Span {
    match (set.first(), set.last()) {
        (Some(f), Some(l)) => Span::new(f.start, l.end),
        _ => Span::new(0, 0),
    }
}

/// Greedy one-to-one matching of overlapping sets, largest shared part
/// first. Candidate pairs come from a sweep over the sets' covers, so
/// disjoint sets cost no comparison.
fn overlap_matches(gold: &[Vec<Span>], pred: &[Vec<Span>]) -> usize {
    // (start, end, is_pred, index), sorted by start.
    let mut items: Vec<(usize, usize, bool, usize)> = gold
        .iter()
        .enumerate()
        .map(|(i, g)| (cover(g).start, cover(g).end, false, i))
        .chain(pred.iter().enumerate().map(|(i, p)| (cover(p).start, cover(p).end, true, i)))
        .collect();
    items.sort_unstable();
    // (cover end, index) of the sets whose cover is still open.
    let mut active_gold: Vec<(usize, usize)> = Vec::new();
    let mut active_pred: Vec<(usize, usize)> = Vec::new();
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (start, end, is_pred, i) in items {
        active_gold.retain(|&(e, _)| e > start);
        active_pred.retain(|&(e, _)| e > start);
        if is_pred {
            pairs.extend(active_gold.iter().map(|&(_, g)| (g, i)).filter_map(|(g, p)| {
                let n = shared(&gold[g], &pred[p]);
                (n > 0).then_some((n, g, p))
            }));
            active_pred.push((end, i));
        } else {
            pairs.extend(active_pred.iter().map(|&(_, p)| (i, p)).filter_map(|(g, p)| {
                let n = shared(&gold[g], &pred[p]);
                (n > 0).then_some((n, g, p))
            }));
            active_gold.push((end, i));
        }
    }
    pairs.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut gold_used, mut pred_used) = (vec![false; gold.len()], vec![false; pred.len()]);
    let mut n = 0;
    for (_, g, p) in pairs {
        if !gold_used[g] && !pred_used[p] {
            gold_used[g] = true;
            pred_used[p] = true;
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(cue: &[(usize, usize)], source: &[(usize, usize)], content: &[(usize, usize)]) -> GoldAttribution {
        let spans = |v: &[(usize, usize)]| v.iter().map(|&(s, e)| Span::new(s, e)).collect();
        GoldAttribution { cue: spans(cue), source: spans(source), content: spans(content) }
    }

    // 0         1         2         3         4
    // 0123456789012345678901234567890123456789012345
    // “Ça va,” dit José 🦊: “très bien.” Fin.
    const TEXT: &str = "“Ça va,” dit José 🦊: “très bien.” Fin.";

    #[test]
    fn gold_against_itself_is_perfect() {
        let gold = [attr(&[(9, 12)], &[(13, 17)], &[(0, 8), (21, 33)]), attr(&[(19, 20)], &[], &[(21, 33)])];
        let s = score([ArticleScoring { text: TEXT, gold: &gold, predicted: &gold }]);
        for r in [s.exact.cue, s.exact.source, s.exact.content, s.overlap.content] {
            assert!((r.f1 - 1.0).abs() < 1e-12, "{r:?}");
        }
        assert_eq!(s.exact.source.gold, 1, "an absent source is no item");
    }

    #[test]
    fn exact_ignores_edge_punctuation_but_not_words() {
        let gold = [attr(&[(9, 12)], &[(13, 17)], &[(0, 8)])];
        // Content without its quotation marks and comma: still exact.
        // Source with the fox: only overlap.
        let pred = [attr(&[(9, 13)], &[(13, 19)], &[(1, 6)])];
        let s = score([ArticleScoring { text: TEXT, gold: &gold, predicted: &pred }]);
        assert_eq!(s.exact.cue.matched, 1, "trailing space trimmed");
        assert_eq!(s.exact.content.matched, 1);
        assert_eq!(s.exact.source.matched, 0);
        assert_eq!(s.overlap.source.matched, 1);
    }

    #[test]
    fn matching_is_one_to_one_and_micro() {
        let gold = [attr(&[], &[], &[(0, 8)]), attr(&[], &[], &[(21, 33)])];
        let pred = [attr(&[], &[], &[(0, 33)])];
        let s = score([
            ArticleScoring { text: TEXT, gold: &gold, predicted: &pred },
            ArticleScoring { text: TEXT, gold: &gold[..1], predicted: &[] },
        ]);
        assert_eq!(s.articles, 2);
        let c = s.overlap.content;
        assert_eq!((c.matched, c.gold, c.predicted), (1, 3, 1));
        assert!((c.precision - 1.0).abs() < 1e-12 && (c.recall - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(s.exact.content.matched, 0);
    }

    #[test]
    fn a_colon_cue_stays_itself() {
        let gold = [attr(&[(19, 20)], &[], &[])];
        let pred = [attr(&[(19, 20)], &[], &[])];
        let s = score([ArticleScoring { text: TEXT, gold: &gold, predicted: &pred }]);
        assert_eq!(s.exact.cue.matched, 1);
    }
}
