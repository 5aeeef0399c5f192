use serde::{Deserialize, Serialize};

/// A half-open range `[start, end)` of Unicode code points in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First code point of the span.
    pub start: usize,
    /// One past the last code point of the span.
    pub end: usize,
}

impl Span {
    /// Makes a span; `start > end` is allowed here and simply has length 0.
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// Number of code points covered.
    pub const fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no code point.
    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// Number of code points shared with `other`.
    pub fn intersection_len(self, other: Span) -> usize {
        self.end.min(other.end).saturating_sub(self.start.max(other.start))
    }

    /// Whether the two spans share at least one code point. Spans that only
    /// touch (`a.end == b.start`) do not overlap.
    pub fn overlaps(self, other: Span) -> bool {
        self.intersection_len(other) > 0
    }

    /// Whether `other` lies entirely inside `self`.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// Merges spans that share at least one code point, as the `SemEval` scorers
/// do; spans that only touch stay apart. The result is sorted and disjoint.
pub fn merge_overlapping(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|s| !s.is_empty());
    spans.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start < last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touching_spans_do_not_merge() {
        let merged = merge_overlapping(vec![Span::new(0, 5), Span::new(5, 9)]);
        assert_eq!(merged, vec![Span::new(0, 5), Span::new(5, 9)]);
    }

    #[test]
    fn overlapping_and_nested_spans_merge() {
        let merged = merge_overlapping(vec![
            Span::new(10, 20),
            Span::new(0, 5),
            Span::new(4, 8),
            Span::new(12, 14),
            Span::new(19, 25),
        ]);
        assert_eq!(merged, vec![Span::new(0, 8), Span::new(10, 25)]);
    }

    #[test]
    fn intersection_counts_shared_code_points() {
        assert_eq!(Span::new(0, 10).intersection_len(Span::new(5, 20)), 5);
        assert_eq!(Span::new(0, 10).intersection_len(Span::new(10, 20)), 0);
        assert_eq!(Span::new(3, 4).intersection_len(Span::new(0, 10)), 1);
    }
}
