//! Sentence vectors from token vectors.

/// Mean of the `hidden`-wide rows of `states` (sentence-transformers pooling).
#[must_use]
pub fn mean_pool(states: &[f32], hidden: usize) -> Vec<f32> {
    let mut out = vec![0.0; hidden];
    let rows = states.len() / hidden.max(1);
    for row in states.chunks_exact(hidden) {
        for (o, v) in out.iter_mut().zip(row) {
            *o += v;
        }
    }
    if rows > 0 {
        #[allow(clippy::cast_precision_loss)]
        let inv = 1.0 / rows as f32;
        for o in &mut out {
            *o *= inv;
        }
    }
    out
}

/// Scales `v` to unit L2 norm (left as is when it is all zeros).
pub fn normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in v.iter_mut() {
            *x /= norm;
        }
    }
}

/// Dot product (cosine similarity for unit vectors).
#[must_use]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
