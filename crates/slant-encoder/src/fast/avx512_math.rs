//! Hand-vectorised AVX-512 row kernels: exp, GELU, softmax.

use std::arch::x86_64::{
    __m512, __mmask16, _mm512_add_ps, _mm512_fmadd_ps, _mm512_fnmadd_ps, _mm512_loadu_ps,
    _mm512_mask_loadu_ps, _mm512_mask_storeu_ps, _mm512_maskz_loadu_ps, _mm512_maskz_mov_ps, _mm512_max_ps, _mm512_min_ps,
    _mm512_mul_ps, _mm512_or_ps, _mm512_and_ps, _mm512_andnot_ps, _mm512_rcp14_ps, _mm512_reduce_add_ps,
    _mm512_reduce_max_ps, _mm512_roundscale_ps, _mm512_scalef_ps, _mm512_set1_ps, _mm512_setzero_ps,
    _mm512_storeu_ps, _mm512_sub_ps,
};

/// Round to nearest, no exceptions.
const NEAREST: i32 = 0x08;

/// `e^x` on 16 lanes: Cody–Waite reduction, degree-7 Taylor polynomial,
/// `scalef` for the power of two (relative error about 1e-7).
#[target_feature(enable = "avx512f")]
#[inline]
fn exp16(x: __m512) -> __m512 {
    let x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-87.0)), _mm512_set1_ps(88.0));
    let n = _mm512_roundscale_ps::<NEAREST>(_mm512_mul_ps(x, _mm512_set1_ps(std::f32::consts::LOG2_E)));
    let r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693_145_75), x);
    let r = _mm512_fnmadd_ps(n, _mm512_set1_ps(1.428_606_8e-6), r);
    let mut p = _mm512_set1_ps(1.0 / 5040.0);
    for c in [1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0] {
        p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(c));
    }
    _mm512_scalef_ps(p, n)
}

/// Exact GELU on 16 lanes, `erf` by Abramowitz & Stegun 7.1.26.
#[target_feature(enable = "avx512f,avx512dq")]
#[inline]
fn gelu16(x: __m512) -> __m512 {
    let sign_mask = _mm512_set1_ps(-0.0);
    let z = _mm512_mul_ps(x, _mm512_set1_ps(std::f32::consts::FRAC_1_SQRT_2));
    let sign = _mm512_and_ps(z, sign_mask);
    let a = _mm512_andnot_ps(sign_mask, z); // |z|
    let d = _mm512_fmadd_ps(a, _mm512_set1_ps(0.327_591_1), _mm512_set1_ps(1.0));
    // 1/d: rcp14 plus one Newton step.
    let t = _mm512_rcp14_ps(d);
    let t = _mm512_mul_ps(t, _mm512_fnmadd_ps(d, t, _mm512_set1_ps(2.0)));
    let mut poly = _mm512_set1_ps(1.061_405_4);
    for c in [-1.453_152_1, 1.421_413_8, -0.284_496_74, 0.254_829_6] {
        poly = _mm512_fmadd_ps(poly, t, _mm512_set1_ps(c));
    }
    poly = _mm512_mul_ps(poly, t);
    let e = exp16(_mm512_mul_ps(_mm512_sub_ps(_mm512_setzero_ps(), a), a));
    let erf_abs = _mm512_fnmadd_ps(poly, e, _mm512_set1_ps(1.0));
    let erf = _mm512_or_ps(erf_abs, sign);
    let half_x = _mm512_mul_ps(x, _mm512_set1_ps(0.5));
    _mm512_fmadd_ps(half_x, erf, half_x)
}

fn tail_mask(len: usize) -> __mmask16 {
    // len < 16 here.
    #[allow(clippy::cast_possible_truncation)]
    let m = ((1u32 << len) - 1) as u16;
    m
}

/// GELU in place.
///
/// # Safety
/// The CPU must support AVX-512F and AVX-512DQ.
#[target_feature(enable = "avx512f,avx512dq")]
pub unsafe fn gelu(xs: &mut [f32]) {
    let mut chunks = xs.chunks_exact_mut(16);
    for c in &mut chunks {
        // SAFETY: `c` holds 16 floats.
        unsafe { _mm512_storeu_ps(c.as_mut_ptr(), gelu16(_mm512_loadu_ps(c.as_ptr()))) };
    }
    let rest = chunks.into_remainder();
    if !rest.is_empty() {
        let m = tail_mask(rest.len());
        // SAFETY: masked to the remainder's length.
        unsafe { _mm512_mask_storeu_ps(rest.as_mut_ptr(), m, gelu16(_mm512_maskz_loadu_ps(m, rest.as_ptr()))) };
    }
}

/// Softmax in place over each `row_len`-wide row of `rows` (rows `stride` apart).
///
/// # Safety
/// The CPU must support AVX-512F.
#[target_feature(enable = "avx512f")]
pub unsafe fn softmax_rows(rows: &mut [f32], row_len: usize, stride: usize) {
    let full = row_len / 16;
    let tail = tail_mask(row_len % 16);
    for row in rows.chunks_mut(stride) {
        let p = row[..row_len].as_mut_ptr();
        // SAFETY: every access is within the row's first `row_len` floats.
        unsafe {
            let mut mx = _mm512_set1_ps(f32::NEG_INFINITY);
            for i in 0..full {
                mx = _mm512_max_ps(mx, _mm512_loadu_ps(p.add(16 * i)));
            }
            if tail != 0 {
                mx = _mm512_max_ps(mx, _mm512_mask_loadu_ps(mx, tail, p.add(16 * full)));
            }
            let mx = _mm512_set1_ps(_mm512_reduce_max_ps(mx));
            let mut sum = _mm512_setzero_ps();
            for i in 0..full {
                let e = exp16(_mm512_sub_ps(_mm512_loadu_ps(p.add(16 * i)), mx));
                sum = _mm512_add_ps(sum, e);
                _mm512_storeu_ps(p.add(16 * i), e);
            }
            if tail != 0 {
                let e = exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(tail, p.add(16 * full)), mx));
                let e = _mm512_maskz_mov_ps(tail, e);
                sum = _mm512_add_ps(sum, e);
                _mm512_mask_storeu_ps(p.add(16 * full), tail, e);
            }
            let inv = _mm512_set1_ps(1.0 / _mm512_reduce_add_ps(sum));
            for i in 0..full {
                _mm512_storeu_ps(p.add(16 * i), _mm512_mul_ps(_mm512_loadu_ps(p.add(16 * i)), inv));
            }
            if tail != 0 {
                let v = _mm512_maskz_loadu_ps(tail, p.add(16 * full));
                _mm512_mask_storeu_ps(p.add(16 * full), tail, _mm512_mul_ps(v, inv));
            }
        }
    }
}
