//! Linear learners over hashed sparse features: FTRL-Proximal logistic
//! regression, binary and multinomial. FTRL's L1 term leaves most hashed
//! weights at exactly zero, which keeps embedded models small.

mod ftrl;
mod space;

pub use ftrl::{FtrlBinary, FtrlConfig, FtrlSoftmax};
pub use space::{FeatureSpace, FeatureVec};

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
