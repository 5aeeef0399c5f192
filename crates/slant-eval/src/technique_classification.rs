use std::collections::BTreeMap;

use serde::Serialize;
use slant_corpus::Label;
use slant_text::{Span, Technique};
use thiserror::Error;

use crate::Prf;

/// Why a TC prediction file cannot be scored against its gold.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TcError {
    /// The gold holds no instances.
    #[error("the gold file holds no instances")]
    NoGold,
    /// A line has no technique.
    #[error("article {article} span [{start},{end}): no technique given")]
    MissingTechnique {
        /// Article id.
        article: String,
        /// Span start.
        start: usize,
        /// Span end.
        end: usize,
    },
    /// Gold and predictions do not list the same spans the same number of times.
    #[error(
        "article {article} span [{start},{end}): the gold lists it {gold} time(s), \
         the predictions {predicted} time(s); TC predictions must cover exactly the gold spans"
    )]
    SpanMismatch {
        /// Article id.
        article: String,
        /// Span start.
        start: usize,
        /// Span end.
        end: usize,
        /// Gold lines with this span.
        gold: usize,
        /// Predicted lines with this span.
        predicted: usize,
    },
}

/// Scores of one technique.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TechniqueScore {
    /// The technique.
    pub technique: Technique,
    /// Its precision, recall and F1.
    #[serde(flatten)]
    pub prf: Prf,
    /// Gold instances of it.
    pub gold: usize,
    /// Predicted instances of it.
    pub predicted: usize,
    /// Instances where both agree.
    pub correct: usize,
}

/// The technique-classification score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TcScore {
    /// Micro-averaged precision, recall and F1 (all equal to accuracy, since
    /// every gold instance has exactly one prediction).
    pub micro: Prf,
    /// Per technique, in table order.
    pub per_technique: Vec<TechniqueScore>,
    /// Number of gold instances.
    pub instances: usize,
    /// Correctly classified instances.
    pub correct: usize,
    /// `confusion[gold][predicted]` counts, in table order (within a group of
    /// identical spans, unmatched labels are paired in order).
    pub confusion: Vec<Vec<usize>>,
}

type Key<'a> = (&'a str, Span);

fn group(labels: &[Label]) -> Result<BTreeMap<Key<'_>, Vec<Technique>>, TcError> {
    let mut map: BTreeMap<Key<'_>, Vec<Technique>> = BTreeMap::new();
    for l in labels {
        let t = l.technique.ok_or_else(|| TcError::MissingTechnique {
            article: l.article_id.clone(),
            start: l.span.start,
            end: l.span.end,
        })?;
        map.entry((l.article_id.as_str(), l.span)).or_default().push(t);
    }
    Ok(map)
}

/// Scores TC predictions as the official `task-TC_scorer.py` does. Within a
/// group of identical spans, predicted labels are paired with gold labels so
/// that as many as possible agree (the scorer's `align_annotations`).
pub fn score_tc(gold: &[Label], pred: &[Label]) -> Result<TcScore, TcError> {
    if gold.is_empty() {
        return Err(TcError::NoGold);
    }
    let g = group(gold)?;
    let p = group(pred)?;
    let mismatch = |(id, span): Key<'_>, gold: usize, predicted: usize| TcError::SpanMismatch {
        article: id.to_owned(),
        start: span.start,
        end: span.end,
        gold,
        predicted,
    };
    for (key, labels) in &p {
        if !g.contains_key(key) {
            return Err(mismatch(*key, 0, labels.len()));
        }
    }
    let mut gold_n = [0usize; Technique::COUNT];
    let mut pred_n = [0usize; Technique::COUNT];
    let mut hit_n = [0usize; Technique::COUNT];
    let mut confusion = vec![vec![0usize; Technique::COUNT]; Technique::COUNT];
    for (key, gl) in &g {
        let pl = p.get(key).map_or(&[][..], Vec::as_slice);
        if pl.len() != gl.len() {
            return Err(mismatch(*key, gl.len(), pl.len()));
        }
        let mut remaining: Vec<Technique> = pl.to_vec();
        let mut missed = Vec::new();
        for &t in gl {
            gold_n[t.index()] += 1;
            if let Some(i) = remaining.iter().position(|&x| x == t) {
                remaining.remove(i);
                hit_n[t.index()] += 1;
                confusion[t.index()][t.index()] += 1;
            } else {
                missed.push(t);
            }
        }
        for (g, p) in missed.iter().zip(&remaining) {
            confusion[g.index()][p.index()] += 1;
        }
        for &t in pl {
            pred_n[t.index()] += 1;
        }
    }
    let instances = gold.len();
    let correct: usize = hit_n.iter().sum();
    let acc = correct as f64 / instances as f64;
    let per_technique = Technique::ALL
        .iter()
        .map(|&t| {
            let i = t.index();
            // sklearn's f1_score: an undefined precision or recall counts as 0.
            let precision = if pred_n[i] > 0 { hit_n[i] as f64 / pred_n[i] as f64 } else { 0.0 };
            let recall = if gold_n[i] > 0 { hit_n[i] as f64 / gold_n[i] as f64 } else { 0.0 };
            let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
            TechniqueScore {
                technique: t,
                prf: Prf { precision, recall, f1 },
                gold: gold_n[i],
                predicted: pred_n[i],
                correct: hit_n[i],
            }
        })
        .collect();
    Ok(TcScore { micro: Prf { precision: acc, recall: acc, f1: acc }, per_technique, instances, correct, confusion })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use Technique as T;

    fn l(id: &str, t: Technique, s: usize, e: usize) -> Label {
        Label::new(id, Some(t), Span::new(s, e))
    }

    #[test]
    #[allow(clippy::float_cmp, reason = "a score with no hits is exactly 0")]
    fn hand_computed_case() {
        let gold = vec![l("1", T::Doubt, 0, 5), l("1", T::Slogans, 6, 9), l("2", T::Repetition, 0, 3)];
        let pred = vec![l("2", T::Repetition, 0, 3), l("1", T::Doubt, 0, 5), l("1", T::Doubt, 6, 9)];
        let s = score_tc(&gold, &pred).unwrap();
        assert_eq!((s.instances, s.correct), (3, 2));
        assert!((s.micro.f1 - 2.0 / 3.0).abs() < 1e-12);
        let doubt = &s.per_technique[T::Doubt.index()];
        assert_eq!((doubt.gold, doubt.predicted, doubt.correct), (1, 2, 1));
        assert!((doubt.prf.f1 - 2.0 * 0.5 / 1.5).abs() < 1e-12);
        assert_eq!(s.per_technique[T::Slogans.index()].prf.f1, 0.0);
    }

    #[test]
    fn repeated_spans_align_to_the_best_order() {
        let gold = vec![l("1", T::Doubt, 0, 5), l("1", T::LoadedLanguage, 0, 5)];
        let pred = vec![l("1", T::LoadedLanguage, 0, 5), l("1", T::Doubt, 0, 5)];
        assert_eq!(score_tc(&gold, &pred).unwrap().correct, 2);
        let half = vec![l("1", T::Doubt, 0, 5), l("1", T::Doubt, 0, 5)];
        assert_eq!(score_tc(&gold, &half).unwrap().correct, 1);
    }

    #[test]
    fn mismatched_spans_are_errors() {
        let gold = vec![l("1", T::Doubt, 0, 5)];
        assert!(matches!(score_tc(&gold, &[]), Err(TcError::SpanMismatch { gold: 1, predicted: 0, .. })));
        let extra = vec![l("1", T::Doubt, 0, 5), l("1", T::Doubt, 1, 5)];
        assert!(matches!(score_tc(&gold, &extra), Err(TcError::SpanMismatch { gold: 0, predicted: 1, .. })));
        assert_eq!(score_tc(&[], &[]), Err(TcError::NoGold));
    }

    fn labels() -> impl Strategy<Value = Vec<Label>> {
        prop::collection::vec((0..2u8, 0..14usize, 0..5usize, 1..4usize), 1..30).prop_map(|v| {
            v.into_iter()
                .map(|(a, t, s, len)| l(&a.to_string(), Technique::ALL[t], s, s + len))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn gold_against_itself_and_bounds(gold in labels(), shift in 0..14usize) {
            let s = score_tc(&gold, &gold).unwrap();
            prop_assert!((s.micro.f1 - 1.0).abs() < 1e-12);
            let mut rev = gold.clone();
            rev.reverse();
            prop_assert!((score_tc(&gold, &rev).unwrap().micro.f1 - 1.0).abs() < 1e-12);
            let other: Vec<Label> = gold.iter().map(|x| {
                let t = Technique::ALL[(x.technique.unwrap().index() + shift) % 14];
                Label::new(x.article_id.clone(), Some(t), x.span)
            }).collect();
            let s = score_tc(&gold, &other).unwrap();
            prop_assert!((0.0..=1.0).contains(&s.micro.f1));
            for r in &s.per_technique {
                prop_assert!((0.0..=1.0).contains(&r.prf.f1));
            }
        }
    }
}
