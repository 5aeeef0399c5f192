//! Technique classification: a multinomial logistic model over span
//! features ranks the 14 techniques for a span.

use std::ops::Range;

use slant_text::Technique;

use crate::features::{prefetch, span_features, Pending, DocView, HashSink, Sink, SpanContext, Template};
use slant_text::hash::{feature, feature2};
use crate::space::{softmax, FeatureSpace, FeatureVec};

/// The span model.
#[derive(Debug, Clone)]
pub struct TechniqueClassifier {
    /// Feature layout.
    pub space: FeatureSpace,
    /// Weights laid out feature-major: `weights[f * COUNT + k]` is the weight
    /// of feature `f` for technique `k` (table order), so one cache line
    /// serves all techniques.
    pub weights: Vec<f32>,
}

/// Features of the span over tokens `range`.
pub fn span_vector(v: &DocView<'_>, range: Range<usize>, context: Option<SpanContext>, space: FeatureSpace) -> FeatureVec {
    let mut fv = FeatureVec::with_capacity(64);
    span_features(v, range, context, &mut HashSink { space, out: &mut fv });
    fv
}

/// Scores features for every technique at once, straight from the
/// feature-major weights (no feature vector in between), its lookups
/// deferred to batches ([`Pending`]) like [`crate::features::ScoreSink`]'s.
struct ClassSink<'a> {
    space: FeatureSpace,
    weights: &'a [f32],
    scores: [f32; Technique::COUNT],
    pending: Pending,
}

impl<'a> ClassSink<'a> {
    fn new(space: FeatureSpace, weights: &'a [f32]) -> Self {
        Self { space, weights, scores: [0.0; Technique::COUNT], pending: Pending::new() }
    }

    #[inline]
    fn add(&mut self, index: u32, value: f32) {
        if self.pending.is_full() {
            self.flush();
        }
        let n = Technique::COUNT;
        prefetch(self.weights, index as usize * n);
        prefetch(self.weights, index as usize * n + n - 1);
        self.pending.push(index, value);
    }

    fn flush(&mut self) {
        let n = Technique::COUNT;
        for (index, value) in self.pending.drain() {
            let row = &self.weights[index as usize * n..(index as usize + 1) * n];
            for (s, w) in self.scores.iter_mut().zip(row) {
                *s += w * value;
            }
        }
    }
}

impl Sink for ClassSink<'_> {
    fn emit(&mut self, template: Template, key: &str, value: f32) {
        self.add(self.space.bucket(feature(template.id(), key)), value);
    }

    fn emit2(&mut self, template: Template, a: &str, b: &str, value: f32) {
        self.add(self.space.bucket(feature2(template.id(), a, b)), value);
    }

    fn dense(&mut self, index: usize, value: f32) {
        // Dense rows lie one after another: read them at once.
        if index < self.space.dense as usize && value != 0.0 {
            let n = Technique::COUNT;
            let at = self.space.dense_index(index) as usize * n;
            for (s, w) in self.scores.iter_mut().zip(&self.weights[at..at + n]) {
                *s += w * value;
            }
        }
    }
}

impl TechniqueClassifier {
    /// Probabilities of each technique (table order) for the span.
    pub fn probs(&self, v: &DocView<'_>, range: Range<usize>, context: Option<SpanContext>) -> [f32; Technique::COUNT] {
        let mut sink = ClassSink::new(self.space, &self.weights);
        span_features(v, range, context, &mut sink);
        sink.flush();
        let mut p = sink.scores;
        softmax(&mut p);
        p
    }

    /// Techniques ranked by probability.
    pub fn ranked(&self, v: &DocView<'_>, range: Range<usize>, context: Option<SpanContext>) -> Vec<(Technique, f32)> {
        crate::rank(&self.probs(v, range, context))
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

/// Interleaves per-class weight vectors into the feature-major layout.
pub fn interleave(per_class: &[Vec<f32>]) -> Vec<f32> {
    let dim = per_class.first().map_or(0, Vec::len);
    let mut out = vec![0.0; dim * per_class.len()];
    for (k, w) in per_class.iter().enumerate() {
        for (f, &x) in w.iter().enumerate() {
            out[f * per_class.len() + k] = x;
        }
    }
    out
}
