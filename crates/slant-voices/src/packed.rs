//! A read model's emission weights packed for tagging: for every bucket
//! that holds a nonzero weight, both stages' weights side by side as the
//! file's 16-bit integers, one 64-byte cache line per bucket, found through
//! a table of each bucket's row. Built from the file's weights directly: a
//! read model keeps no dense table.
//!
//! The dense tables are 2^18 buckets of 13 `f32` per stage, 27 MB in all;
//! tagging looked every token's 50-odd features up in each, the lookups
//! waited on memory, and the tables were most of the reading's memory.
//! Packed, both stages take one line per bucket (about 7 MB), stage two's
//! share of a feature comes with stage one's, and an empty bucket reads a
//! row of zeros that stays in cache. Scores are the dense tables', bit for
//! bit: each weight is the same `f32::from(q) * scale` the file reader
//! computes, added in the same order.

use crate::tagger::NT;

/// Lanes per stage in a row: `NT` padded so a row is 64 bytes.
const HALF: usize = 16;

/// One bucket: stage one's weights in lanes 0..13, stage two's in 16..29.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, align(64))]
struct Row([i16; 2 * HALF]);

/// Both stages' nonzero rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Packed {
    /// Right shift from a feature hash to its bucket.
    shift: u32,
    /// Each stage's weight per integer step.
    scales: [f32; 2],
    /// The row of each bucket, 0 (the zero row) for an empty one: one load
    /// (1 MB at 2^18 buckets), where a bitmap with counts per 64 buckets
    /// took a bit count in software and measured about 5 % slower.
    slot: Vec<u32>,
    /// Row 0 is zeros, read by the empty buckets; then one per bucket.
    rows: Vec<Row>,
}

impl Packed {
    /// Packs two stages given as their nonzero weights, `(index, q)` in
    /// increasing index (`index = bucket · NT + tag`, weight `q · scale`),
    /// as a model file holds them. `None` when an index is out of order or
    /// past `2^bits` buckets.
    pub fn from_sparse(bits: u32, stages: [&[(u32, i16)]; 2], scales: [f32; 2]) -> Option<Self> {
        let buckets = 1usize << bits;
        for stage in stages {
            let increasing = stage.windows(2).all(|p| p[0].0 < p[1].0);
            if !increasing || stage.last().is_some_and(|&(i, _)| i as usize >= buckets * NT) {
                return None;
            }
        }
        let mut slot = vec![0u32; buckets];
        let mut rows = vec![Row([0; 2 * HALF])];
        let mut next = [0usize; 2];
        for (b, slot) in slot.iter_mut().enumerate() {
            let mut row = [0i16; 2 * HALF];
            let mut any = false;
            for k in 0..2 {
                while let Some(&(index, q)) = stages[k].get(next[k]).filter(|(i, _)| *i as usize / NT == b) {
                    row[k * HALF + index as usize % NT] = q;
                    any |= q != 0;
                    next[k] += 1;
                }
            }
            if any {
                // At most 2^24 buckets (the model header's limit): fits.
                *slot = rows.len() as u32;
                rows.push(Row(row));
            }
        }
        Some(Self { shift: 64 - bits, scales, slot, rows })
    }

    /// Stage `k`'s dense table again (for writing or pruning a model that
    /// was read): the same `f32::from(q) * scale` the reader computes.
    pub fn dense(&self, k: usize) -> Vec<f32> {
        let mut out = vec![0.0; self.slot.len() * NT];
        for (b, &row) in self.slot.iter().enumerate().filter(|(_, r)| **r != 0) {
            for t in 0..NT {
                let q = self.rows[row as usize].0[k * HALF + t];
                if q != 0 {
                    out[b * NT + t] = f32::from(q) * self.scales[k];
                }
            }
        }
        out
    }

    /// The row index of feature `f`: its bucket's, or 0, the zero row.
    #[inline]
    fn index(&self, f: u64) -> usize {
        self.slot[(f >> self.shift) as usize] as usize
    }

    /// Stage one's scores and stage two's share for every token, whose
    /// features are `flat[offsets[i]..offsets[i + 1]]`, added to `one[i]`
    /// and `two[i]`.
    pub fn emit_tokens(&self, flat: &[u64], offsets: &[usize], one: &mut [[f32; NT]], two: &mut [[f32; NT]]) {
        self.sum_tokens::<true>(flat, offsets, one, two);
    }

    /// Stage two's scores of every token's features, as
    /// [`Packed::emit_tokens`], added to `two[i]`.
    pub fn emit_two_tokens(&self, flat: &[u64], offsets: &[usize], two: &mut [[f32; NT]]) {
        self.sum_tokens::<false>(flat, offsets, &mut [], two);
    }

    /// The rows of the token two ahead are fetched into cache while one is
    /// summed: the lookups miss the cache, and waiting on each in turn had
    /// been a third of the reading's time.
    fn sum_tokens<const ONE: bool>(&self, flat: &[u64], offsets: &[usize], one: &mut [[f32; NT]], two: &mut [[f32; NT]]) {
        const AHEAD: usize = 2;
        let rows: Vec<u32> = flat.iter().map(|&f| self.index(f) as u32).collect();
        let mut n = offsets.len().saturating_sub(1).min(two.len());
        if ONE {
            n = n.min(one.len());
        }
        let [s1, s2] = self.scales;
        for i in 0..n {
            if i + AHEAD < n {
                for &r in &rows[offsets[i + AHEAD]..offsets[i + AHEAD + 1]] {
                    prefetch(&self.rows[r as usize]);
                }
            }
            let mut a = if ONE { padded(&one[i]) } else { [0.0; HALF] };
            let mut b = padded(&two[i]);
            for &r in &rows[offsets[i]..offsets[i + 1]] {
                let row = &self.rows[r as usize].0;
                for t in 0..HALF {
                    if ONE {
                        a[t] += f32::from(row[t]) * s1;
                    }
                    b[t] += f32::from(row[HALF + t]) * s2;
                }
            }
            if ONE {
                one[i].copy_from_slice(&a[..NT]);
            }
            two[i].copy_from_slice(&b[..NT]);
        }
    }

    /// Buckets with a row.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.rows.len() - 1
    }
}

/// Asks the CPU to bring `row` into cache (a hint: it reads nothing and
/// cannot fault).
#[inline]
fn prefetch(row: &Row) {
    #[cfg(target_arch = "x86_64")]
    #[allow(unsafe_code)]
    // SAFETY: SSE is part of x86-64; a prefetch of any address is allowed.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(row).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = row;
}

fn padded(x: &[f32; NT]) -> [f32; HALF] {
    let mut out = [0.0; HALF];
    out[..NT].copy_from_slice(x);
    out
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // The scores are compared bit for bit.
mod tests {
    use super::*;

    use crate::tagger::Weights;

    #[test]
    fn packed_scores_equal_the_dense_ones() {
        let scales = [0.001, 0.0003];
        // A few rows, one at each end and two in one 64-bucket word.
        let one: Vec<(u32, i16)> = vec![(0, 1500), (70 * 13 + 3, -2000), (71 * 13 + 12, 250), (1023 * 13 + 5, 7000)];
        let two: Vec<(u32, i16)> = vec![(70 * 13 + 1, 99), (500 * 13 + 12, -32767)];
        let packed = Packed::from_sparse(10, [&one, &two], scales).expect("in order");
        assert_eq!(packed.len(), 5);
        // The dense tables as the file reader builds them.
        let dense = |sparse: &[(u32, i16)], scale: f32| {
            let mut w = Weights::zeros(10);
            for &(i, q) in sparse {
                w.emit[i as usize] = f32::from(q) * scale;
            }
            w
        };
        let (w1, w2) = (dense(&one, scales[0]), dense(&two, scales[1]));
        assert_eq!(packed.dense(0), w1.emit);
        assert_eq!(packed.dense(1), w2.emit);
        let hash = |b: u64| b << (64 - 10) | 0x3039;
        let features: Vec<u64> = [0, 1, 70, 71, 72, 500, 1023, 70].into_iter().map(hash).collect();
        // Three tokens: features 0..3, none, 3..8.
        let offsets = [0, 3, 3, features.len()];
        let (mut d1, mut d2) = ([[0.0; NT]; 3], [[0.0; NT]; 3]);
        for i in 0..3 {
            w1.emit_into(&features[offsets[i]..offsets[i + 1]], &mut d1[i]);
            w2.emit_into(&features[offsets[i]..offsets[i + 1]], &mut d2[i]);
        }
        let (mut p1, mut p2) = ([[0.0; NT]; 3], [[0.0; NT]; 3]);
        packed.emit_tokens(&features, &offsets, &mut p1, &mut p2);
        assert_eq!((d1, d2), (p1, p2));
        assert_eq!(p1[2][3], -2.0);
        assert_eq!(p2[1], [0.0; NT]);
        for i in 0..3 {
            w2.emit_into(&features[offsets[i]..offsets[i + 1]], &mut d2[i]);
        }
        packed.emit_two_tokens(&features, &offsets, &mut p2);
        assert_eq!(d2, p2);
    }

    #[test]
    fn weights_out_of_order_or_range_are_refused() {
        let ok: Vec<(u32, i16)> = vec![(3, 1)];
        assert!(Packed::from_sparse(4, [&[(5, 1), (3, 1)], &ok], [1.0; 2]).is_none());
        assert!(Packed::from_sparse(4, [&[(16 * 13, 1)], &ok], [1.0; 2]).is_none());
        assert!(Packed::from_sparse(4, [&[(3, 1), (3, 2)], &ok], [1.0; 2]).is_none());
    }
}
