//! Scoring actors against the gold set: mention precision, recall and F1 on
//! exact spans; B-cubed over mentions; acronym-definition pairs; kinds.
//!
//! B-cubed (Bagga and Baldwin 1998) is computed over the union of gold and
//! predicted mentions: a mention found on one side only counts as a
//! singleton on the other, so a missed mention lowers recall and a spurious
//! one in a wrong cluster lowers precision.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::gold::GoldText;
use crate::{ActorReading, Context, read_actors};

/// Precision, recall and F1 with the counts behind them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct Prf {
    /// Precision in [0, 1].
    pub precision: f64,
    /// Recall in [0, 1].
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
}

impl Prf {
    fn from_sums(p_num: f64, p_den: f64, r_num: f64, r_den: f64) -> Self {
        let precision = if p_den > 0.0 { p_num / p_den } else { 1.0 };
        let recall = if r_den > 0.0 { r_num / r_den } else { 1.0 };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Self {
            precision,
            recall,
            f1,
        }
    }
}

/// The scores of a run over a gold set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Number of texts scored.
    pub texts: usize,
    /// Gold and predicted mention counts.
    pub gold_mentions: usize,
    /// Predicted mentions.
    pub predicted_mentions: usize,
    /// Mentions on exact spans.
    pub mentions: Prf,
    /// B-cubed over mentions.
    pub bcubed: Prf,
    /// Acronym-definition pairs (short and long form strings).
    pub acronyms: Prf,
    /// Gold actors whose best-matching predicted actor has the gold kind,
    /// and the number of gold actors with a kind that were found.
    pub kinds_right: usize,
    /// See `kinds_right`.
    pub kinds_scored: usize,
}

/// Runs [`read_actors`] on every gold text (no context) and scores it.
pub fn evaluate(gold: &[GoldText]) -> Scores {
    let runs: Vec<ActorReading> = gold
        .iter()
        .map(|g| read_actors(&g.text, &Context::default()))
        .collect();
    score(gold, &runs)
}

/// Scores readings against gold texts (the two slices pair up in order).
pub fn score(gold: &[GoldText], runs: &[ActorReading]) -> Scores {
    let (mut m_tp, mut m_gold, mut m_pred) = (0usize, 0usize, 0usize);
    let (mut bp, mut br) = (0.0f64, 0.0f64);
    let (mut a_tp, mut a_gold, mut a_pred) = (0usize, 0usize, 0usize);
    let (mut kinds_right, mut kinds_scored) = (0, 0);
    for (g, run) in gold.iter().zip(runs) {
        let gold_of: HashMap<(usize, usize), &str> = g
            .mentions
            .iter()
            .map(|m| ((m.start, m.end), m.actor.as_str()))
            .collect();
        let mut pred_of: HashMap<(usize, usize), usize> = HashMap::new();
        for (a, actor) in run.actors.iter().enumerate() {
            for m in &actor.mentions {
                pred_of.insert((m.start, m.end), a);
            }
        }
        m_gold += gold_of.len();
        m_pred += pred_of.len();
        m_tp += gold_of.keys().filter(|k| pred_of.contains_key(k)).count();
        let (p, r) = bcubed_sums(&gold_of, &pred_of);
        bp += p;
        br += r;
        let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let gold_pairs: BTreeSet<(String, String)> =
            g.acronyms.iter().map(|(s, l)| (norm(s), norm(l))).collect();
        let pred_pairs: BTreeSet<(String, String)> = run
            .acronyms
            .iter()
            .map(|d| (norm(&d.short), norm(&d.long)))
            .collect();
        a_gold += gold_pairs.len();
        a_pred += pred_pairs.len();
        a_tp += gold_pairs.intersection(&pred_pairs).count();
        for (actor, kind) in &g.kinds {
            let mut votes: HashMap<usize, usize> = HashMap::new();
            for m in g.mentions.iter().filter(|m| &m.actor == actor) {
                if let Some(&a) = pred_of.get(&(m.start, m.end)) {
                    *votes.entry(a).or_default() += 1;
                }
            }
            if let Some((&a, _)) = votes
                .iter()
                .max_by_key(|(a, n)| (**n, std::cmp::Reverse(**a)))
            {
                kinds_scored += 1;
                kinds_right += usize::from(run.actors[a].kind == *kind);
            }
        }
    }
    Scores {
        texts: gold.len().min(runs.len()),
        gold_mentions: m_gold,
        predicted_mentions: m_pred,
        mentions: Prf::from_sums(m_tp as f64, m_pred as f64, m_tp as f64, m_gold as f64),
        bcubed: Prf::from_sums(bp, m_pred as f64, br, m_gold as f64),
        acronyms: Prf::from_sums(a_tp as f64, a_pred as f64, a_tp as f64, a_gold as f64),
        kinds_right,
        kinds_scored,
    }
}

/// B-cubed sums of one text: (sum of per-mention precision over predicted
/// mentions, sum of per-mention recall over gold mentions).
fn bcubed_sums(
    gold: &HashMap<(usize, usize), &str>,
    pred: &HashMap<(usize, usize), usize>,
) -> (f64, f64) {
    let mut pred_clusters: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    for (&m, &a) in pred {
        pred_clusters.entry(a).or_default().push(m);
    }
    let mut gold_clusters: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (&m, &a) in gold {
        gold_clusters.entry(a).or_default().push(m);
    }
    let mut p = 0.0;
    for (m, a) in pred {
        let cluster = &pred_clusters[a];
        let right = match gold.get(m) {
            Some(ga) => cluster.iter().filter(|x| gold.get(*x) == Some(ga)).count(),
            None => 1,
        };
        p += right as f64 / cluster.len() as f64;
    }
    let mut r = 0.0;
    for (m, a) in gold {
        let cluster = &gold_clusters[a];
        let right = match pred.get(m) {
            Some(pa) => cluster.iter().filter(|x| pred.get(*x) == Some(pa)).count(),
            None => 1,
        };
        r += right as f64 / cluster.len() as f64;
    }
    (p, r)
}

/// A plain-text account of where a reading departs from a gold text:
/// missed and spurious mentions, and mentions put in the wrong actor.
pub fn explain(g: &GoldText, run: &ActorReading) -> String {
    let chars: Vec<char> = g.text.chars().collect();
    let slice = |s: usize, e: usize| {
        chars
            .get(s..e)
            .map(|c| c.iter().collect::<String>())
            .unwrap_or_default()
    };
    let mut out = String::new();
    let mut pred_of: HashMap<(usize, usize), &str> = HashMap::new();
    for a in &run.actors {
        for m in &a.mentions {
            pred_of.insert((m.start, m.end), a.name.as_str());
        }
    }
    for m in &g.mentions {
        match pred_of.get(&(m.start, m.end)) {
            None => writeln!(out, "  missed   {:?} ({})", slice(m.start, m.end), m.actor),
            Some(name) => writeln!(
                out,
                "  found    {:?} ({}) -> {name}",
                slice(m.start, m.end),
                m.actor
            ),
        }
        .unwrap_or(());
    }
    let gold_spans: BTreeSet<(usize, usize)> =
        g.mentions.iter().map(|m| (m.start, m.end)).collect();
    for (&(s, e), name) in &pred_of {
        if !gold_spans.contains(&(s, e)) {
            writeln!(out, "  spurious {:?} -> {name}", slice(s, e)).unwrap_or(());
        }
    }
    let predicted: BTreeSet<(&str, &str)> = run
        .acronyms
        .iter()
        .map(|d| (d.short.as_str(), d.long.as_str()))
        .collect();
    for (s, l) in &g.acronyms {
        let mark = if predicted.contains(&(s.as_str(), l.as_str())) {
            "found"
        } else {
            "missed"
        };
        writeln!(out, "  acronym {mark} {s} = {l}").unwrap_or(());
    }
    for (s, l) in &predicted {
        if !g.acronyms.iter().any(|(gs, gl)| gs == s && gl == l) {
            writeln!(out, "  acronym spurious {s} = {l}").unwrap_or(());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gold::parse;

    #[test]
    fn gold_against_itself_scores_one() {
        let g = parse(
            "t",
            "The [Northern Ports Union]{u} ([NPU]{u}) met [Anna Lindqvist]{a}. [She]{a} said so.",
        )
        .unwrap();
        let run = read_actors(&g.text, &Context::default());
        let s = score(std::slice::from_ref(&g), std::slice::from_ref(&run));
        assert!((s.mentions.f1 - 1.0).abs() < 1e-12, "{}", explain(&g, &run));
        assert!((s.bcubed.f1 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn bcubed_punishes_a_wrong_merge() {
        // Gold: {a1, a2} and {b}; predicted: all three together.
        let gold: HashMap<(usize, usize), &str> = [((0, 1), "a"), ((2, 3), "a"), ((4, 5), "b")]
            .into_iter()
            .collect();
        let pred: HashMap<(usize, usize), usize> = [((0, 1), 0), ((2, 3), 0), ((4, 5), 0)]
            .into_iter()
            .collect();
        let (p, r) = bcubed_sums(&gold, &pred);
        assert!((p - (2.0 / 3.0 + 2.0 / 3.0 + 1.0 / 3.0)).abs() < 1e-9);
        assert!((r - 3.0).abs() < 1e-9);
    }
}
