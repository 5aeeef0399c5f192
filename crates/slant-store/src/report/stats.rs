//! Rates and shares with 95 % intervals that treat articles as clusters.
//!
//! Technique spans are not independent events: a loaded article has many.
//! A rate over a group of articles is a ratio estimator `R = Σy / Σx` (spans
//! over words, narration spans over spans); its variance is the linearised
//! one, `n / (n − 1) · Σ (y − R·x)² / (Σx)²`, which grows when articles
//! differ from each other and not just with the number of spans. The
//! interval is `R ± 1.96 · se`, clipped to `[0, ∞)` for rates and `[0, 1]`
//! for shares; with fewer than two articles there is none.

use serde::Serialize;

/// Running sums of per-unit pairs `(y, x)`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Ratio {
    n: u64,
    sy: f64,
    sx: f64,
    syy: f64,
    sxx: f64,
    sxy: f64,
}

/// An estimate with its interval and the counts behind it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// The rate or share; `null` when nothing was counted under it.
    pub value: Option<f64>,
    /// Lower end of the 95 % interval.
    pub low: Option<f64>,
    /// Upper end of the 95 % interval.
    pub high: Option<f64>,
    /// What was counted (spans, narration spans, vague attributions).
    pub count: u64,
    /// Out of what (words, spans, attributions).
    pub of: u64,
}

impl Ratio {
    /// Adds one unit (an article, or one voice of an article).
    pub fn add(&mut self, y: f64, x: f64) {
        self.n += 1;
        self.sy += y;
        self.sx += x;
        self.syy += y * y;
        self.sxx += x * x;
        self.sxy += x * y;
    }

    /// Adds every unit of `other`.
    pub fn merge(&mut self, other: &Ratio) {
        self.n += other.n;
        self.sy += other.sy;
        self.sx += other.sx;
        self.syy += other.syy;
        self.sxx += other.sxx;
        self.sxy += other.sxy;
    }

    /// Units added.
    pub fn units(&self) -> u64 {
        self.n
    }

    /// `Σy / Σx × scale`, with its interval; `upper` clips it (1 for shares).
    pub fn estimate(&self, scale: f64, upper: Option<f64>) -> Estimate {
        let count = self.sy.round() as u64;
        let of = self.sx.round() as u64;
        if self.sx <= 0.0 {
            return Estimate { value: None, low: None, high: None, count, of };
        }
        let r = self.sy / self.sx;
        let (low, high) = if self.n >= 2 {
            let n = self.n as f64;
            let resid = (self.syy - 2.0 * r * self.sxy + r * r * self.sxx).max(0.0);
            let se = (n / (n - 1.0) * resid).sqrt() / self.sx;
            let clip = |v: f64| upper.map_or(v, |u| v.min(u)).max(0.0) * scale;
            (Some(clip(r - 1.96 * se)), Some(clip(r + 1.96 * se)))
        } else {
            (None, None)
        };
        Estimate { value: Some(r * scale), low, high, count, of }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_articles_have_a_narrow_interval_and_unequal_ones_a_wide_one() {
        let mut even = Ratio::default();
        let mut uneven = Ratio::default();
        for i in 0..100 {
            even.add(5.0, 1000.0);
            uneven.add(if i % 2 == 0 { 0.0 } else { 10.0 }, 1000.0);
        }
        let e = even.estimate(1000.0, None);
        let u = uneven.estimate(1000.0, None);
        assert_eq!(e.value, Some(5.0));
        assert_eq!(u.value, Some(5.0));
        assert!((e.high.unwrap() - e.low.unwrap()).abs() < 1e-9);
        assert!(u.high.unwrap() - u.low.unwrap() > 1.5, "{u:?}");
        assert_eq!((u.count, u.of), (500, 100_000));
    }

    #[test]
    fn shares_stay_in_zero_one_and_empty_groups_have_no_value() {
        let mut r = Ratio::default();
        r.add(1.0, 1.0);
        r.add(1.0, 1.0);
        r.add(0.0, 1.0);
        let e = r.estimate(1.0, Some(1.0));
        assert!(e.low.unwrap() >= 0.0 && e.high.unwrap() <= 1.0);
        assert_eq!(Ratio::default().estimate(1.0, None).value, None);
        let mut one = Ratio::default();
        one.add(3.0, 10.0);
        assert_eq!(one.estimate(1.0, None).low, None);
    }
}
