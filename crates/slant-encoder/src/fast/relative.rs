//! MPNet's relative position bias: one learnt scalar per attention head and
//! bucket of `key − query` distance, added to every layer's attention scores.

/// `transformers`' `MPNetEncoder.relative_position_bucket` for
/// `relative = key position − query position`: half the buckets for each
/// direction, exact up to a quarter of them, then logarithmic up to
/// `max_distance` (computed in f32, as PyTorch does).
#[must_use]
pub fn bucket(relative: i64, buckets: usize, max_distance: usize) -> usize {
    let half = buckets / 2;
    let n = -relative;
    let base = if n < 0 { half } else { 0 };
    let n = n.unsigned_abs() as usize;
    let exact = half / 2;
    if n < exact {
        return base + n;
    }
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let large = {
        // The denominator is a Python float in transformers, rounded to f32
        // when it meets the tensor.
        let denom = (max_distance as f64 / exact as f64).ln() as f32;
        exact + ((n as f32 / exact as f32).ln() / denom * (half - exact) as f32) as usize
    };
    base + large.min(half - 1)
}

/// The longest distance `transformers` gives its own buckets.
const MAX_DISTANCE: usize = 128;

/// The bias of every head for every distance a sequence of up to `max_len`
/// tokens can have.
pub struct RelativeBias {
    /// `heads × (2·max_len − 1)`, distance `r` at `r + max_len − 1`.
    table: Vec<f32>,
    max_len: usize,
}

impl RelativeBias {
    /// From the `[buckets, heads]` embedding `weights`.
    #[must_use]
    pub fn new(weights: &[f32], buckets: usize, heads: usize, max_len: usize) -> Self {
        let span = 2 * max_len - 1;
        let mut table = vec![0.0; heads * span];
        #[allow(clippy::cast_possible_wrap)]
        for (i, r) in (-(max_len as i64 - 1)..max_len as i64).enumerate() {
            let b = bucket(r, buckets, MAX_DISTANCE);
            for h in 0..heads {
                table[h * span + i] = weights[b * heads + h];
            }
        }
        Self { table, max_len }
    }

    /// Head `h`'s bias for a sequence of `len` tokens: `2·len − 1` values,
    /// distance `r = key − query` at `r + len − 1`.
    #[must_use]
    pub fn head(&self, h: usize, len: usize) -> &[f32] {
        let span = 2 * self.max_len - 1;
        &self.table[h * span + self.max_len - len..][..2 * len - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_follow_transformers() {
        // Values of transformers' relative_position_bucket(num_buckets=32,
        // max_distance=128), worked by hand from its formula: exact up to 7
        // either way, keys before the query (r < 0) in 0..16, after in 16..32.
        let cases = [(0, 0), (-1, 1), (-7, 7), (1, 17), (7, 23), (-8, 8), (-16, 10), (-32, 12), (-64, 14), (-127, 15), (-500, 15), (8, 24), (500, 31)];
        for (r, want) in cases {
            assert_eq!(bucket(r, 32, 128), want, "distance {r}");
        }
    }

    #[test]
    fn head_rows_are_centred_on_distance_zero() {
        let (buckets, heads) = (32, 2);
        let weights: Vec<f32> = (0..buckets * heads).map(|i| i as f32).collect();
        let bias = RelativeBias::new(&weights, buckets, heads, 10);
        for len in [1, 3, 10] {
            for h in 0..heads {
                let row = bias.head(h, len);
                assert_eq!(row.len(), 2 * len - 1);
                for (i, &v) in row.iter().enumerate() {
                    let r = i as i64 - (len as i64 - 1);
                    // Copies of the table's values: bit-identical.
                    assert_eq!(v.to_bits(), weights[bucket(r, buckets, 128) * heads + h].to_bits(), "len {len} head {h} r {r}");
                }
            }
        }
    }
}
