//! The scorers of SemEval-2020 Task 11, reimplemented exactly.
//!
//! * [`score_si`]: span identification, the partial-overlap precision and
//!   recall of Da San Martino et al. (2019). Overlapping gold spans are merged
//!   (spans that only touch are not); overlapping predictions are merged too,
//!   and the number merged is reported so callers can warn.
//! * [`score_tc`]: technique classification on given spans: micro-F1 over the
//!   gold instances, with repeated identical spans aligned to the label order
//!   that matches best, plus per-technique precision, recall and F1.
//! * [`score_spans_by_technique`]: the same partial-overlap measure, counted
//!   only between spans of the same technique (the full-task "FLC" view).
//!
//! ```
//! use slant_corpus::Label;
//! use slant_eval::score_si;
//! use slant_text::Span;
//!
//! let gold = vec![Label::new("1", None, Span::new(0, 10))];
//! let pred = vec![Label::new("1", None, Span::new(5, 10))];
//! let s = score_si(&gold, &pred);
//! assert_eq!((s.precision, s.recall), (1.0, 0.5));
//! ```

mod prf;
mod span_identification;
mod technique_classification;

pub use prf::Prf;
pub use span_identification::{score_si, score_spans_by_technique, SiScore, TechniqueSpanScore};
pub use technique_classification::{score_tc, TcError, TcScore, TechniqueScore};
