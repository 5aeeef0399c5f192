//! Row kernels (exp, GELU, softmax, LayerNorm) written so the compiler
//! vectorises them: branch-free bodies and 16-lane partial sums.

use super::isa::{Isa, multiversion};

const LANES: usize = 16;

/// `e^x` with about 2 ulp error for `x` in the f32 range; branch-free.
#[inline(always)]
fn exp(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    // Round to nearest with the 1.5·2^23 trick: vectorises without SSE4.1.
    const MAGIC: f32 = 12_582_912.0;
    let x = x.clamp(-87.0, 88.0);
    let shifted = x * LOG2E + MAGIC;
    let n = shifted - MAGIC;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    let p = 1.0 / 5040.0;
    let p = p * r + 1.0 / 720.0;
    let p = p * r + 1.0 / 120.0;
    let p = p * r + 1.0 / 24.0;
    let p = p * r + 1.0 / 6.0;
    let p = p * r + 0.5;
    let p = p * r + 1.0;
    let p = p * r + 1.0;
    // The low mantissa bits of `shifted` hold n in two's complement; integer
    // ops keep this vectorised (a float-to-int cast would not be).
    let n_bits = shifted.to_bits().wrapping_sub(MAGIC.to_bits());
    let scale = f32::from_bits(n_bits.wrapping_add(127) << 23);
    p * scale
}

/// `erf(x)`, Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7).
#[inline(always)]
fn erf(x: f32) -> f32 {
    erf_with(x, exp)
}

/// The same formula with a given `exp`: the tuned layers' training pass
/// uses std's (their committed weights were trained with it).
#[inline(always)]
pub fn erf_with(x: f32, exp: impl Fn(f32) -> f32) -> f32 {
    let a = x.abs();
    let t = 1.0 / (1.0 + 0.327_591_1 * a);
    let poly = t
        * (0.254_829_6
            + t * (-0.284_496_74 + t * (1.421_413_8 + t * (-1.453_152_1 + t * 1.061_405_4))));
    let y = 1.0 - poly * exp(-a * a);
    y.copysign(x)
}

/// Exact (erf) GELU: `x · Φ(x)`.
#[inline(always)]
pub(crate) fn gelu_scalar(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

#[inline(always)]
fn sum(xs: &[f32]) -> f32 {
    let mut acc = [0f32; LANES];
    let chunks = xs.chunks_exact(LANES);
    let tail = chunks.remainder();
    for c in chunks {
        for (a, v) in acc.iter_mut().zip(c) {
            *a += *v;
        }
    }
    acc.iter().sum::<f32>() + tail.iter().sum::<f32>()
}

#[inline(always)]
fn max(xs: &[f32]) -> f32 {
    let mut acc = [f32::NEG_INFINITY; LANES];
    let chunks = xs.chunks_exact(LANES);
    let tail = chunks.remainder();
    for c in chunks {
        for (a, v) in acc.iter_mut().zip(c) {
            *a = a.max(*v);
        }
    }
    acc.iter().chain(tail).fold(f32::NEG_INFINITY, |m, v| m.max(*v))
}

/// GELU in place.
pub fn gelu(isa: Isa, xs: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if isa == Isa::Avx512 {
        // SAFETY: `Isa::Avx512` is only produced after feature detection.
        return unsafe { super::avx512_math::gelu(xs) };
    }
    gelu_portable(isa, xs);
}

/// Softmax in place over each `row_len`-wide row of `rows`, which are
/// `stride` apart.
pub fn softmax_rows(isa: Isa, rows: &mut [f32], row_len: usize, stride: usize) {
    #[cfg(target_arch = "x86_64")]
    if isa == Isa::Avx512 {
        // SAFETY: as above.
        return unsafe { super::avx512_math::softmax_rows(rows, row_len, stride) };
    }
    softmax_rows_portable(isa, rows, row_len, stride);
}

multiversion! {
    /// GELU in place (compiler-vectorised).
    pub fn gelu_portable(xs: &mut [f32]) {
        for v in xs.iter_mut() {
            *v = gelu_scalar(*v);
        }
    }
}

multiversion! {
    /// Softmax (compiler-vectorised), see [`softmax_rows`].
    pub fn softmax_rows_portable(rows: &mut [f32], row_len: usize, stride: usize) {
        for row in rows.chunks_mut(stride) {
            let row = &mut row[..row_len];
            let m = max(row);
            for v in row.iter_mut() {
                *v = exp(*v - m);
            }
            let inv = 1.0 / sum(row);
            for v in row.iter_mut() {
                *v *= inv;
            }
        }
    }
}

multiversion! {
    /// LayerNorm in place over each `gamma.len()`-wide row of `rows`.
    pub fn layer_norm_rows(rows: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32) {
        let h = gamma.len();
        #[allow(clippy::cast_precision_loss)]
        let inv_h = 1.0 / h as f32;
        for row in rows.chunks_exact_mut(h) {
            let mean = sum(row) * inv_h;
            let mut acc = [0f32; LANES];
            let chunks = row.chunks_exact(LANES);
            let tail: f32 = chunks.remainder().iter().map(|v| (v - mean) * (v - mean)).sum();
            for c in chunks {
                for (a, v) in acc.iter_mut().zip(c) {
                    *a += (v - mean) * (v - mean);
                }
            }
            let var = (acc.iter().sum::<f32>() + tail) * inv_h;
            let inv_std = 1.0 / (var + eps).sqrt();
            for ((v, g), b) in row.iter_mut().zip(gamma).zip(beta) {
                *v = (*v - mean) * inv_std * g + b;
            }
        }
    }
}

/// `x` rounded to the nearest bf16 value (ties to even), kept as f32.
pub(super) fn round_bf16(x: f32) -> f32 {
    let bits = x.to_bits();
    if x.is_nan() {
        return x;
    }
    let round = 0x7FFF + ((bits >> 16) & 1);
    f32::from_bits(bits.wrapping_add(round) & 0xFFFF_0000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_matches_std() {
        for i in -2000..2000 {
            let x = i as f32 * 0.043;
            let (got, want) = (exp(x), x.exp());
            assert!(((got - want) / want).abs() < 3e-7, "exp({x}) = {got}, want {want}");
        }
    }

    #[test]
    fn gelu_matches_f64_reference() {
        // erf from f64 via a high-precision series is overkill; compare with
        // the identity Φ(x) = 1 - Φ(-x) and known values instead.
        let known = [(1.0f32, 0.841_344_7), (-1.0, -0.158_655_25), (2.0, 1.954_5), (0.5, 0.345_731_3)];
        for (x, want) in known {
            assert!((gelu_scalar(x) - want).abs() < 2e-4, "gelu({x})");
        }
        let xs: Vec<f32> = (-150..151).map(|i| i as f32 * 0.07).collect();
        let want: Vec<f32> = xs.iter().map(|&x| gelu_scalar(x)).collect();
        for isa in Isa::available() {
            let mut got = xs.clone();
            gelu(isa, &mut got);
            for (g, w) in got.iter().zip(&want) {
                assert!((g - w).abs() < 1e-6, "{isa:?}: {g} vs {w}");
            }
        }
    }

    #[test]
    fn softmax_rows_sum_to_one() {
        let rows: Vec<f32> = (0..3 * 40).map(|i| (i % 17) as f32 * 0.3 - 2.0).collect();
        let mut outs = Vec::new();
        for isa in Isa::available() {
            let mut got = rows.clone();
            softmax_rows(isa, &mut got, 37, 40);
            for (row, orig) in got.chunks(40).zip(rows.chunks(40)) {
                let s: f32 = row[..37].iter().sum();
                assert!((s - 1.0).abs() < 1e-5, "{isa:?}");
                assert_eq!(row[37..], orig[37..], "{isa:?} wrote past the row");
            }
            outs.push(got);
        }
        for other in &outs[1..] {
            let diff = outs[0].iter().zip(other).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
            assert!(diff < 1e-6);
        }
    }
}
