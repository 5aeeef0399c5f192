//! Technique classification: a multinomial logistic model over span
//! features ranks the 14 techniques for a span.

use std::ops::Range;

use slant_text::Technique;

use crate::features::{span_features, DocView, HashSink, SpanContext};
use crate::learn::{softmax, FeatureSpace, FeatureVec};

/// The span model.
#[derive(Debug, Clone)]
pub struct TechniqueClassifier {
    /// Feature layout.
    pub space: FeatureSpace,
    /// One weight vector per technique, in table order.
    pub weights: Vec<Vec<f32>>,
}

/// Features of the span over tokens `range`.
pub fn span_vector(v: &DocView<'_>, range: Range<usize>, context: Option<SpanContext>, space: FeatureSpace) -> FeatureVec {
    let mut fv = FeatureVec::with_capacity(64);
    span_features(v, range, context, &mut HashSink { space, out: &mut fv });
    fv
}

impl TechniqueClassifier {
    /// Probabilities of each technique (table order) for the span.
    pub fn probs(&self, v: &DocView<'_>, range: Range<usize>, context: Option<SpanContext>) -> [f32; Technique::COUNT] {
        let fv = span_vector(v, range, context, self.space);
        let mut p = [0.0; Technique::COUNT];
        for (k, w) in self.weights.iter().enumerate() {
            p[k] = fv.dot(w);
        }
        softmax(&mut p);
        p
    }

    /// Techniques ranked by probability.
    pub fn ranked(&self, v: &DocView<'_>, range: Range<usize>, context: Option<SpanContext>) -> Vec<(Technique, f32)> {
        let p = self.probs(v, range, context);
        let mut r: Vec<(Technique, f32)> = Technique::ALL.iter().map(|&t| (t, p[t.index()])).collect();
        r.sort_by(|a, b| b.1.total_cmp(&a.1));
        r
    }
}

impl TechniqueClassifier {
    /// Ranks techniques for each of `spans` (the spans given together, as in
    /// a TC template; duplicates allowed).
    pub fn ranked_all(&self, v: &DocView<'_>, spans: &[slant_text::Span]) -> Vec<Vec<(Technique, f32)>> {
        let contexts = SpanContext::of_all(v, spans);
        spans.iter().zip(contexts).map(|(&sp, c)| self.ranked(v, v.token_range(sp), Some(c))).collect()
    }
}
