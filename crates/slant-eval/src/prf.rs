use serde::Serialize;

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Prf {
    /// The scorers' `compute_prec_rec_f1`: a zero denominator gives 0, both
    /// denominators zero give F1 = 1, and F1 is 0 unless both P and R are > 0.
    pub fn from_parts(p_num: f64, p_den: f64, r_num: f64, r_den: f64) -> Self {
        let precision = if p_den > 0.0 { p_num / p_den } else { 0.0 };
        let recall = if r_den > 0.0 { r_num / r_den } else { 0.0 };
        let mut f1 = 0.0;
        if p_den == 0.0 && r_den == 0.0 {
            f1 = 1.0;
        }
        if precision > 0.0 && recall > 0.0 {
            f1 = 2.0 * precision * recall / (precision + recall);
        }
        Self { precision, recall, f1 }
    }
}
