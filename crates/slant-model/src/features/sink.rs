use slant_text::hash::{feature, feature2};
use crate::space::{FeatureSpace, FeatureVec};

use super::Template;

/// Where extractors put features.
pub trait Sink {
    /// A feature `template = key` with a value.
    fn emit(&mut self, template: Template, key: &str, value: f32);
    /// A feature `template = a b` with a value.
    fn emit2(&mut self, template: Template, a: &str, b: &str, value: f32);
    /// Dense feature `index` (an embedding coordinate) with a value.
    fn dense(&mut self, index: usize, value: f32);
    /// Whether dense features are used at all (if not, extractors skip
    /// computing them).
    fn wants_dense(&self) -> bool {
        true
    }
    /// Dense features `offset..offset + values.len()`, each value times
    /// `scale`.
    fn dense_slice(&mut self, offset: usize, values: &[f32], scale: f32) {
        for (j, &x) in values.iter().enumerate() {
            self.dense(offset + j, x * scale);
        }
    }
}

/// Features a sink holds before it looks their weights up.
const PENDING: usize = 32;

/// Hashed features waiting for their weights. The scoring sinks
/// ([`ScoreSink`], the technique classifier's) hash a batch, prefetch each
/// weight, then read them all, so the cache misses of a batch overlap
/// instead of each waiting behind the hashing of the next feature (the
/// weights are megabytes, looked up at random).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pending {
    idx: [u32; PENDING],
    val: [f32; PENDING],
    len: usize,
}

impl Pending {
    /// An empty batch.
    pub(crate) fn new() -> Self {
        Self { idx: [0; PENDING], val: [0.0; PENDING], len: 0 }
    }

    /// Whether the batch must be drained before the next push.
    #[inline]
    pub(crate) fn is_full(&self) -> bool {
        self.len == PENDING
    }

    /// Adds a feature (its weight index and value); the batch must not be
    /// full.
    #[inline]
    pub(crate) fn push(&mut self, index: u32, value: f32) {
        self.idx[self.len] = index;
        self.val[self.len] = value;
        self.len += 1;
    }

    /// The waiting features, emptying the batch.
    pub(crate) fn drain(&mut self) -> impl Iterator<Item = (u32, f32)> + '_ {
        let n = std::mem::take(&mut self.len);
        self.idx[..n].iter().copied().zip(self.val[..n].iter().copied())
    }
}

/// Scores features straight against a weight vector, with no feature vector
/// in between: what inference uses. Weight lookups are deferred to batches
/// ([`Pending`]).
#[derive(Debug)]
pub struct ScoreSink<'a> {
    space: FeatureSpace,
    weights: &'a [f32],
    score: f32,
    pending: Pending,
}

impl<'a> ScoreSink<'a> {
    /// A sink at score 0.
    pub fn new(space: FeatureSpace, weights: &'a [f32]) -> Self {
        Self { space, weights, score: 0.0, pending: Pending::new() }
    }

    /// Adds `x` to the score directly.
    pub fn add(&mut self, x: f32) {
        self.score += x;
    }

    /// The score of everything emitted so far.
    pub fn total(&mut self) -> f32 {
        self.flush();
        self.score
    }

    #[inline]
    fn push(&mut self, hash: u64, value: f32) {
        if self.pending.is_full() {
            self.flush();
        }
        let i = self.space.bucket(hash);
        prefetch(self.weights, i as usize);
        self.pending.push(i, value);
    }

    fn flush(&mut self) {
        let w = self.weights;
        self.score += self.pending.drain().map(|(i, v)| w[i as usize] * v).sum::<f32>();
    }
}

/// Asks the CPU to start loading `w[i]` into the cache (a hint: no effect
/// on results, none on other architectures or past the end).
#[inline]
#[allow(unsafe_code)]
pub(crate) fn prefetch(w: &[f32], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(x) = w.get(i) {
        // SAFETY: SSE is part of x86_64; a prefetch never faults and the
        // pointer is in bounds anyway.
        unsafe { std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(std::ptr::from_ref(x).cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (w, i);
}

impl Sink for ScoreSink<'_> {
    #[inline]
    fn emit(&mut self, template: Template, key: &str, value: f32) {
        self.push(feature(template.id(), key), value);
    }

    #[inline]
    fn emit2(&mut self, template: Template, a: &str, b: &str, value: f32) {
        self.push(feature2(template.id(), a, b), value);
    }

    #[inline]
    fn dense(&mut self, index: usize, value: f32) {
        if index < self.space.dense as usize {
            self.score += self.weights[self.space.dense_index(index) as usize] * value;
        }
    }

    fn dense_slice(&mut self, offset: usize, values: &[f32], scale: f32) {
        let n = values.len().min((self.space.dense as usize).saturating_sub(offset));
        let start = self.space.dense_index(offset) as usize;
        let w = &self.weights[start..start + n];
        // Eight partial sums, so the loop vectorises.
        let mut acc = [0.0f32; 8];
        let (wc, vc) = (w.chunks_exact(8), values[..n].chunks_exact(8));
        let (wr, vr) = (wc.remainder(), vc.remainder());
        for (a, b) in wc.zip(vc) {
            for k in 0..8 {
                acc[k] += a[k] * b[k];
            }
        }
        let tail: f32 = wr.iter().zip(vr).map(|(a, b)| a * b).sum();
        self.score += (acc.iter().sum::<f32>() + tail) * scale;
    }
}

/// Hashes features into a vector.
#[derive(Debug)]
pub struct HashSink<'a> {
    /// The layout of the vector.
    pub space: FeatureSpace,
    /// The vector written to.
    pub out: &'a mut FeatureVec,
}

impl Sink for HashSink<'_> {
    #[inline]
    fn emit(&mut self, template: Template, key: &str, value: f32) {
        self.out.hashed_value(self.space, feature(template.id(), key), value);
    }

    #[inline]
    fn emit2(&mut self, template: Template, a: &str, b: &str, value: f32) {
        self.out.hashed_value(self.space, feature2(template.id(), a, b), value);
    }

    #[inline]
    fn dense(&mut self, index: usize, value: f32) {
        if index < self.space.dense as usize {
            self.out.dense(self.space, index, value);
        }
    }
}

/// A feature with where its name is kept, for explaining a score.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedFeature {
    /// Its template.
    pub template: Template,
    /// Its key: a range of [`NamedSink::keys`].
    pub key: std::ops::Range<usize>,
    /// Its index in the feature space.
    pub index: u32,
    /// Its value.
    pub value: f32,
}

/// Keeps every feature with its name (the names in one buffer, so that
/// collecting them costs no allocation per feature).
#[derive(Debug)]
pub struct NamedSink {
    /// The layout used to compute indices.
    pub space: FeatureSpace,
    /// The features seen.
    pub features: Vec<NamedFeature>,
    /// The keys of all features, end to end.
    pub keys: String,
}

impl NamedSink {
    /// An empty sink for `space`.
    pub fn new(space: FeatureSpace) -> Self {
        Self { space, features: Vec::new(), keys: String::new() }
    }

    /// The key of a feature.
    pub fn key(&self, f: &NamedFeature) -> &str {
        &self.keys[f.key.clone()]
    }
}

impl Sink for NamedSink {
    fn emit(&mut self, template: Template, key: &str, value: f32) {
        let index = self.space.bucket(feature(template.id(), key));
        let start = self.keys.len();
        self.keys.push_str(key);
        self.features.push(NamedFeature { template, key: start..self.keys.len(), index, value });
    }

    fn emit2(&mut self, template: Template, a: &str, b: &str, value: f32) {
        let index = self.space.bucket(feature2(template.id(), a, b));
        let start = self.keys.len();
        self.keys.push_str(a);
        self.keys.push(' ');
        self.keys.push_str(b);
        self.features.push(NamedFeature { template, key: start..self.keys.len(), index, value });
    }

    /// Embedding coordinates explain nothing in words; they are skipped.
    fn dense(&mut self, _index: usize, _value: f32) {}

    fn wants_dense(&self) -> bool {
        false
    }
}
