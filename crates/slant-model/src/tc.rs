//! Technique classification: a multinomial logistic model over span
//! features ranks the 14 techniques for a span.

use std::ops::Range;

use slant_text::Technique;

use crate::features::{span_features, DocView, HashSink};
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
pub fn span_vector(v: &DocView<'_>, range: Range<usize>, space: FeatureSpace) -> FeatureVec {
    let mut fv = FeatureVec::with_capacity(64);
    span_features(v, range, &mut HashSink { space, out: &mut fv });
    fv
}

impl TechniqueClassifier {
    /// Probabilities of each technique (table order) for the span.
    pub fn probs(&self, v: &DocView<'_>, range: Range<usize>) -> [f32; Technique::COUNT] {
        let fv = span_vector(v, range, self.space);
        let mut p = [0.0; Technique::COUNT];
        for (k, w) in self.weights.iter().enumerate() {
            p[k] = fv.dot(w);
        }
        softmax(&mut p);
        p
    }

    /// Techniques ranked by probability.
    pub fn ranked(&self, v: &DocView<'_>, range: Range<usize>) -> Vec<(Technique, f32)> {
        let p = self.probs(v, range);
        let mut r: Vec<(Technique, f32)> = Technique::ALL.iter().map(|&t| (t, p[t.index()])).collect();
        r.sort_by(|a, b| b.1.total_cmp(&a.1));
        r
    }
}
