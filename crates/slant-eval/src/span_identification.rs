use std::collections::BTreeMap;

use serde::Serialize;
use slant_corpus::Label;
use slant_text::{merge_overlapping, Span, Technique};

use crate::Prf;

/// The span-identification score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiScore {
    /// Partial-overlap precision.
    pub precision: f64,
    /// Partial-overlap recall.
    pub recall: f64,
    /// F1 of the two.
    pub f1: f64,
    /// Sum over predicted spans of the share of each covered by gold.
    pub precision_numerator: f64,
    /// Predicted spans after merging.
    pub predicted_spans: usize,
    /// Sum over gold spans of the share of each covered by predictions.
    pub recall_numerator: f64,
    /// Gold spans after merging.
    pub gold_spans: usize,
    /// Predicted spans that overlapped another and were merged into it.
    pub merged_predictions: usize,
    /// Articles with predictions but no gold spans (they only add to the
    /// precision denominator).
    pub articles_without_gold: Vec<String>,
}

fn merged_by_article<'a>(labels: impl IntoIterator<Item = &'a Label>) -> (BTreeMap<&'a str, Vec<Span>>, usize) {
    let mut raw: BTreeMap<&str, Vec<Span>> = BTreeMap::new();
    for l in labels {
        raw.entry(l.article_id.as_str()).or_default().push(l.span);
    }
    let mut absorbed = 0;
    let merged = raw
        .into_iter()
        .map(|(id, spans)| {
            let n = spans.len();
            let m = merge_overlapping(spans);
            absorbed += n - m.len();
            (id, m)
        })
        .collect();
    (merged, absorbed)
}

/// Sum over `a` of `|a ∩ b| / |a|` for all `b`, both sorted and disjoint.
fn covered_share(a: &[Span], b: &[Span]) -> f64 {
    let mut total = 0.0;
    let mut j = 0;
    for s in a {
        while j < b.len() && b[j].end <= s.start {
            j += 1;
        }
        let mut k = j;
        let mut inter = 0;
        while k < b.len() && b[k].start < s.end {
            inter += s.intersection_len(b[k]);
            k += 1;
        }
        if inter > 0 {
            total += inter as f64 / s.len() as f64;
        }
    }
    total
}

/// Scores predicted spans against gold spans (techniques are ignored), as the
/// official `task-SI_scorer.py` with overlapping predictions merged.
pub fn score_si(gold: &[Label], pred: &[Label]) -> SiScore {
    let (gold, _) = merged_by_article(gold);
    let (pred, merged_predictions) = merged_by_article(pred);
    let gold_spans: usize = gold.values().map(Vec::len).sum();
    let predicted_spans: usize = pred.values().map(Vec::len).sum();
    let (mut p_num, mut r_num) = (0.0, 0.0);
    let mut articles_without_gold = Vec::new();
    for (id, p) in &pred {
        let Some(g) = gold.get(id) else {
            articles_without_gold.push((*id).to_owned());
            continue;
        };
        p_num += covered_share(p, g);
        r_num += covered_share(g, p);
    }
    let prf = Prf::from_parts(p_num, predicted_spans as f64, r_num, gold_spans as f64);
    SiScore {
        precision: prf.precision,
        recall: prf.recall,
        f1: prf.f1,
        precision_numerator: p_num,
        predicted_spans,
        recall_numerator: r_num,
        gold_spans,
        merged_predictions,
        articles_without_gold,
    }
}

/// Partial-overlap scores of one technique.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TechniqueSpanScore {
    /// The technique.
    pub technique: Technique,
    /// Its scores.
    #[serde(flatten)]
    pub prf: Prf,
    /// Gold spans of this technique (merged within the technique).
    pub gold_spans: usize,
    /// Predicted spans of this technique (merged within the technique).
    pub predicted_spans: usize,
}

/// The partial-overlap measure counted only between spans of the same
/// technique (spans are merged within each technique), per technique and
/// micro-averaged over all of them. Labels without a technique are ignored.
pub fn score_spans_by_technique(gold: &[Label], pred: &[Label]) -> (Prf, Vec<TechniqueSpanScore>) {
    let (mut tp, mut tpd, mut tr, mut trd) = (0.0, 0.0, 0.0, 0.0);
    let mut rows = Vec::new();
    for t in Technique::ALL {
        let g: Vec<Label> = gold.iter().filter(|l| l.technique == Some(t)).cloned().collect();
        let p: Vec<Label> = pred.iter().filter(|l| l.technique == Some(t)).cloned().collect();
        let s = score_si(&g, &p);
        tp += s.precision_numerator;
        tpd += s.predicted_spans as f64;
        tr += s.recall_numerator;
        trd += s.gold_spans as f64;
        let prf = Prf::from_parts(s.precision_numerator, s.predicted_spans as f64, s.recall_numerator, s.gold_spans as f64);
        rows.push(TechniqueSpanScore { technique: t, prf, gold_spans: s.gold_spans, predicted_spans: s.predicted_spans });
    }
    (Prf::from_parts(tp, tpd, tr, trd), rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn l(id: &str, s: usize, e: usize) -> Label {
        Label::new(id, None, Span::new(s, e))
    }

    #[test]
    fn hand_computed_case() {
        // Gold: [0,10) and [20,30) merged with [25,40) -> [20,40).
        let gold = vec![l("a", 0, 10), l("a", 20, 30), l("a", 25, 40)];
        // Pred: [5,15) covers 5 of gold [0,10); [30,35) lies inside [20,40).
        let pred = vec![l("a", 5, 15), l("a", 30, 35)];
        let s = score_si(&gold, &pred);
        assert_eq!(s.gold_spans, 2);
        assert_eq!(s.predicted_spans, 2);
        // P = (5/10 + 5/5) / 2 = 0.75 ; R = (5/10 + 5/20) / 2 = 0.375
        assert!((s.precision - 0.75).abs() < 1e-12);
        assert!((s.recall - 0.375).abs() < 1e-12);
        assert!((s.f1 - 0.5).abs() < 1e-12);
    }

    #[test]
    fn touching_gold_spans_stay_two() {
        let gold = vec![l("a", 0, 5), l("a", 5, 10)];
        let s = score_si(&gold, &[l("a", 0, 10)]);
        assert_eq!(s.gold_spans, 2);
        assert!((s.precision - 1.0).abs() < 1e-12);
        assert!((s.recall - 2.0 / 2.0).abs() < 1e-12);
    }

    #[test]
    fn overlapping_predictions_are_merged_and_counted() {
        let s = score_si(&[l("a", 0, 10)], &[l("a", 0, 6), l("a", 4, 10), l("a", 4, 10)]);
        assert_eq!(s.merged_predictions, 2);
        assert_eq!(s.predicted_spans, 1);
        assert!((s.f1 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn predictions_for_articles_without_gold_cost_precision() {
        let s = score_si(&[l("a", 0, 10)], &[l("a", 0, 10), l("b", 0, 10)]);
        assert_eq!(s.articles_without_gold, vec!["b".to_owned()]);
        assert!((s.precision - 0.5).abs() < 1e-12);
        assert!((s.recall - 1.0).abs() < 1e-12);
    }

    #[test]
    #[allow(clippy::float_cmp, reason = "the scores are exactly 0 or 1 here")]
    fn empty_sides() {
        let s = score_si(&[l("a", 0, 10)], &[]);
        assert_eq!((s.precision, s.recall, s.f1), (0.0, 0.0, 0.0));
        let s = score_si(&[], &[]);
        assert_eq!(s.f1, 1.0);
    }

    #[test]
    #[allow(clippy::float_cmp, reason = "the scores are exactly 0 or 1 here")]
    fn technique_view_needs_matching_labels() {
        let g = vec![Label::new("a", Some(Technique::Doubt), Span::new(0, 10))];
        let right = vec![Label::new("a", Some(Technique::Doubt), Span::new(0, 10))];
        let wrong = vec![Label::new("a", Some(Technique::Slogans), Span::new(0, 10))];
        assert!((score_spans_by_technique(&g, &right).0.f1 - 1.0).abs() < 1e-12);
        assert_eq!(score_spans_by_technique(&g, &wrong).0.f1, 0.0);
    }

    fn spans() -> impl Strategy<Value = Vec<Label>> {
        prop::collection::vec((0..3u8, 0..200usize, 1..40usize), 0..25).prop_map(|v| {
            v.into_iter().map(|(a, s, len)| l(&a.to_string(), s, s + len)).collect()
        })
    }

    proptest! {
        #[test]
        fn metrics_are_in_unit_interval(gold in spans(), pred in spans()) {
            let s = score_si(&gold, &pred);
            for m in [s.precision, s.recall, s.f1] {
                prop_assert!((0.0..=1.0 + 1e-12).contains(&m), "{m}");
            }
        }

        #[test]
        fn gold_against_itself_is_perfect(gold in spans()) {
            prop_assume!(!gold.is_empty());
            let s = score_si(&gold, &gold);
            prop_assert!((s.f1 - 1.0).abs() < 1e-9);
        }

        #[test]
        fn splitting_a_correct_prediction_keeps_precision(
            gold in spans(), cut in 1..39usize
        ) {
            // Predict each merged gold span in two touching halves.
            let merged = merged_by_article(&gold).0;
            let mut pred = Vec::new();
            for (id, spans) in &merged {
                for s in spans {
                    if s.len() >= 2 {
                        let m = s.start + 1 + cut % (s.len() - 1);
                        pred.push(l(id, s.start, m));
                        pred.push(l(id, m, s.end));
                    } else {
                        pred.push(l(id, s.start, s.end));
                    }
                }
            }
            prop_assume!(!pred.is_empty());
            let s = score_si(&gold, &pred);
            prop_assert!((s.precision - 1.0).abs() < 1e-9);
            prop_assert!((s.recall - 1.0).abs() < 1e-9);
        }
    }
}
