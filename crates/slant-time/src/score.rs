//! The TempEval-3 scores of time expressions: strict (exact span) and
//! relaxed (overlapping span) precision, recall and F1, and the type and
//! value scores as TempEval-3 counts them: an expression counts for an
//! attribute when its span overlaps the gold one and the attribute is equal,
//! so the attribute F1 is the relaxed F1 times the attribute accuracy.

use serde::{Deserialize, Serialize};

use crate::timex::Timex;

/// Counts gathered over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Gold expressions.
    pub gold: usize,
    /// System expressions.
    pub system: usize,
    /// Pairs with the same span.
    pub strict: usize,
    /// Pairs with overlapping spans (one-to-one).
    pub relaxed: usize,
    /// Relaxed pairs of the same type.
    pub type_correct: usize,
    /// Relaxed pairs of the same value.
    pub value_correct: usize,
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Prf {
    /// Share of system items that are right.
    pub precision: f64,
    /// Share of gold items found.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
}

impl Prf {
    fn new(hits: usize, system: usize, gold: usize) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (precision, recall) = (ratio(hits, system), ratio(hits, gold));
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Self {
            precision,
            recall,
            f1,
        }
    }
}

/// The score of one attribute (type or value).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct AttributeScore {
    /// Share of relaxed pairs with the right attribute.
    pub accuracy: f64,
    /// Relaxed F1 times accuracy (TempEval-3).
    pub f1: f64,
}

/// All TempEval-3 time-expression scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct TimexScores {
    /// Exact-span scores.
    pub strict: Prf,
    /// Overlapping-span scores.
    pub relaxed: Prf,
    /// Type.
    #[serde(rename = "type")]
    pub kind: AttributeScore,
    /// Normalised value.
    pub value: AttributeScore,
    /// The counts they come from.
    pub counts: Counts,
}

/// Pairs gold and system expressions one to one by overlap (the largest
/// overlap first, then the earliest): `(gold index, system index)` for each
/// pair, `(Some, None)` for a miss, `(None, Some)` for a spurious one, in
/// text order. Both lists must be sorted by start.
pub fn align(gold: &[Timex], system: &[Timex]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut pair_of_gold: Vec<Option<usize>> = vec![None; gold.len()];
    let mut used = vec![false; system.len()];
    let mut first = 0;
    for (g, gt) in gold.iter().enumerate() {
        // System items ending before this gold one can match no later one.
        while first < system.len() && system[first].end <= gt.start {
            first += 1;
        }
        let mut best: Option<(usize, usize)> = None;
        for (s, st) in system.iter().enumerate().skip(first) {
            if st.start >= gt.end {
                break;
            }
            let overlap = gt.span().intersection_len(st.span());
            if overlap > 0 && !used[s] && best.is_none_or(|(_, o)| overlap > o) {
                best = Some((s, overlap));
            }
        }
        if let Some((s, _)) = best {
            used[s] = true;
            pair_of_gold[g] = Some(s);
        }
    }
    let mut out: Vec<(Option<usize>, Option<usize>)> = pair_of_gold
        .iter()
        .enumerate()
        .map(|(g, s)| (Some(g), *s))
        .collect();
    out.extend(
        used.iter()
            .enumerate()
            .filter(|(_, u)| !**u)
            .map(|(s, _)| (None, Some(s))),
    );
    let start = |p: &(Option<usize>, Option<usize>)| {
        p.0.map_or_else(|| p.1.map_or(0, |s| system[s].start), |g| gold[g].start)
    };
    out.sort_by_key(start);
    out
}

impl Counts {
    /// Adds one document's gold and system expressions (each sorted by start).
    pub fn add(&mut self, gold: &[Timex], system: &[Timex]) {
        self.gold += gold.len();
        self.system += system.len();
        for (g, s) in align(gold, system) {
            let (Some(g), Some(s)) = (g, s) else { continue };
            let (g, s) = (&gold[g], &system[s]);
            self.relaxed += 1;
            self.strict += usize::from(g.start == s.start && g.end == s.end);
            self.type_correct += usize::from(g.kind == s.kind);
            self.value_correct += usize::from(g.value == s.value);
        }
    }

    /// The scores of these counts.
    pub fn scores(&self) -> TimexScores {
        let relaxed = Prf::new(self.relaxed, self.system, self.gold);
        let attribute = |correct: usize| {
            let accuracy = if self.relaxed == 0 {
                0.0
            } else {
                correct as f64 / self.relaxed as f64
            };
            AttributeScore {
                accuracy,
                f1: relaxed.f1 * accuracy,
            }
        };
        TimexScores {
            strict: Prf::new(self.strict, self.system, self.gold),
            relaxed,
            kind: attribute(self.type_correct),
            value: attribute(self.value_correct),
            counts: *self,
        }
    }
}
