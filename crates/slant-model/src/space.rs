//! Feature spaces (hashed buckets then dense features) and the link
//! functions of the linear models: what scoring needs at run time. The
//! learner that fits the weights is in [`crate::ftrl`].

/// The layout of a feature vector: `2^hash_bits` hashed buckets followed by
/// `dense` named dense features.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FeatureSpace {
    /// Bits of the hashed region.
    pub hash_bits: u32,
    /// Number of dense features after it.
    pub dense: u32,
}

impl FeatureSpace {
    /// Total dimension.
    pub fn dim(&self) -> usize {
        (1usize << self.hash_bits) + self.dense as usize
    }

    /// Bucket of a feature hash.
    #[inline]
    pub fn bucket(&self, hash: u64) -> u32 {
        (hash & ((1u64 << self.hash_bits) - 1)) as u32
    }

    /// Index of dense feature `i`.
    #[inline]
    pub fn dense_index(&self, i: usize) -> u32 {
        (1u32 << self.hash_bits) + i as u32
    }
}

/// A sparse feature vector: parallel indices and values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeatureVec {
    /// Indices into the feature space.
    pub idx: Vec<u32>,
    /// Values.
    pub val: Vec<f32>,
}

impl FeatureVec {
    /// An empty vector with room for `n` entries.
    pub fn with_capacity(n: usize) -> Self {
        Self { idx: Vec::with_capacity(n), val: Vec::with_capacity(n) }
    }

    /// Adds a binary hashed feature.
    #[inline]
    pub fn hashed(&mut self, space: FeatureSpace, hash: u64) {
        self.idx.push(space.bucket(hash));
        self.val.push(1.0);
    }

    /// Adds a hashed feature with a value.
    #[inline]
    pub fn hashed_value(&mut self, space: FeatureSpace, hash: u64, value: f32) {
        self.idx.push(space.bucket(hash));
        self.val.push(value);
    }

    /// Adds dense feature `i` with a value.
    #[inline]
    pub fn dense(&mut self, space: FeatureSpace, i: usize, value: f32) {
        if value != 0.0 {
            self.idx.push(space.dense_index(i));
            self.val.push(value);
        }
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.idx.clear();
        self.val.clear();
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.idx.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.idx.is_empty()
    }

    /// Dot product with dense `weights`.
    #[inline]
    pub fn dot(&self, weights: &[f32]) -> f32 {
        self.idx.iter().zip(&self.val).map(|(&i, &v)| weights[i as usize] * v).sum()
    }
}

/// Logistic function.
#[inline]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Log-odds of `p`, clamped to [1e-4, 1 - 1e-4] so 0 and 1 stay finite
/// (the inverse of [`sigmoid`]).
#[inline]
pub fn logit(p: f32) -> f32 {
    let p = p.clamp(1e-4, 1.0 - 1e-4);
    (p / (1.0 - p)).ln()
}

/// Softmax of `logits` in place.
pub fn softmax(logits: &mut [f32]) {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for l in logits.iter_mut() {
        *l = (*l - max).exp();
        sum += *l;
    }
    for l in logits.iter_mut() {
        *l /= sum;
    }
}
