//! AVX-512 micro-kernels: up to `MR` rows × 32 columns of `C` in registers.

use std::arch::x86_64::{
    __m512, __mmask16, _mm512_add_ps, _mm512_fmadd_ps, _mm512_maskz_loadu_ps, _mm512_mask_storeu_ps,
    _mm512_set1_ps, _mm512_setzero_ps,
};

use super::microkernel::{MR, NR, PackedTile, Tile};

/// # Safety
/// The CPU must support AVX-512F; the tile's pointers must satisfy
/// [`super::gemm::run_tile`]'s contract.
#[target_feature(enable = "avx512f,fma")]
pub unsafe fn tile(t: &Tile) {
    // SAFETY: forwarded contract.
    unsafe {
        match t.m {
            1 => kernel::<1>(t),
            2 => kernel::<2>(t),
            3 => kernel::<3>(t),
            4 => kernel::<4>(t),
            5 => kernel::<5>(t),
            6 => kernel::<6>(t),
            7 => kernel::<7>(t),
            8 => kernel::<8>(t),
            9 => kernel::<9>(t),
            10 => kernel::<10>(t),
            11 => kernel::<11>(t),
            _ => kernel::<MR>(t),
        }
    }
}

/// Load/store masks of the two 16-column halves of a 32-wide panel.
pub(super) fn masks(n_valid: usize) -> (__mmask16, __mmask16) {
    let lo = if n_valid >= 16 { 0xFFFF } else { (1u32 << n_valid) - 1 };
    let hi = if n_valid >= 32 { 0xFFFF } else if n_valid > 16 { (1u32 << (n_valid - 16)) - 1 } else { 0 };
    // Both fit in 16 bits by construction.
    #[allow(clippy::cast_possible_truncation)]
    (lo as u16, hi as u16)
}

#[target_feature(enable = "avx512f,fma")]
#[inline]
unsafe fn kernel<const M: usize>(t: &Tile) {
    let (m0, m1) = masks(t.n_valid);
    // SAFETY: all accesses stay within the tile (caller's contract); masked
    // loads and stores never touch columns at or past `n_valid`.
    unsafe {
        let mut lo = [_mm512_setzero_ps(); M];
        let mut hi = [_mm512_setzero_ps(); M];
        if t.accumulate {
            for i in 0..M {
                lo[i] = _mm512_maskz_loadu_ps(m0, t.c.add(i * t.c_rs));
                hi[i] = _mm512_maskz_loadu_ps(m1, t.c.add(i * t.c_rs + 16));
            }
        }
        if !t.bias.is_null() {
            let b0 = _mm512_maskz_loadu_ps(m0, t.bias);
            let b1 = _mm512_maskz_loadu_ps(m1, t.bias.add(16));
            for i in 0..M {
                lo[i] = _mm512_add_ps(lo[i], b0);
                hi[i] = _mm512_add_ps(hi[i], b1);
            }
        }
        let full = t.n_valid == 32 && t.b_rs >= 32;
        let mut a = t.a;
        let mut b = t.b;
        for _ in 0..t.k {
            let (b0, b1): (__m512, __m512) = if full {
                (std::ptr::read_unaligned(b.cast()), std::ptr::read_unaligned(b.add(16).cast()))
            } else {
                (_mm512_maskz_loadu_ps(m0, b), _mm512_maskz_loadu_ps(m1, b.add(16)))
            };
            for i in 0..M {
                let av = _mm512_set1_ps(*a.add(i * t.a_rs));
                lo[i] = _mm512_fmadd_ps(av, b0, lo[i]);
                hi[i] = _mm512_fmadd_ps(av, b1, hi[i]);
            }
            a = a.add(1);
            b = b.add(t.b_rs);
        }
        for i in 0..M {
            _mm512_mask_storeu_ps(t.c.add(i * t.c_rs), m0, lo[i]);
            _mm512_mask_storeu_ps(t.c.add(i * t.c_rs + 16), m1, hi[i]);
        }
    }
}

/// One `k` step of the packed kernel: `MR` broadcasts of `A` against one
/// 32-wide row of `B`.
#[target_feature(enable = "avx512f,fma")]
#[inline]
unsafe fn packed_step(a: *const f32, b: *const f32, lo: &mut [__m512; MR], hi: &mut [__m512; MR]) {
    // SAFETY: caller guarantees MR floats at `a` and 32 at `b`.
    unsafe {
        let b0: __m512 = std::ptr::read_unaligned(b.cast());
        let b1: __m512 = std::ptr::read_unaligned(b.add(16).cast());
        for i in 0..MR {
            let av = _mm512_set1_ps(*a.add(i));
            lo[i] = _mm512_fmadd_ps(av, b0, lo[i]);
            hi[i] = _mm512_fmadd_ps(av, b1, hi[i]);
        }
    }
}

/// # Safety
/// The CPU must support AVX-512F; the tile must satisfy
/// [`super::microkernel::PackedTile`]'s layout (`MR`-row `A` micro-panel,
/// 32-wide zero-padded `B` panel, `m` rows × `n_valid` columns of `C`).
#[target_feature(enable = "avx512f,fma")]
pub unsafe fn packed_tile(t: &PackedTile) {
    const UNROLL: usize = 4;
    let (m0, m1) = masks(t.n_valid);
    // SAFETY: reads/writes stay inside the documented tile; rows >= m and
    // columns >= n_valid of C are never touched.
    unsafe {
        let mut lo = [_mm512_setzero_ps(); MR];
        let mut hi = [_mm512_setzero_ps(); MR];
        if t.accumulate {
            for i in 0..MR {
                if i < t.m {
                    lo[i] = _mm512_maskz_loadu_ps(m0, t.c.add(i * t.c_rs));
                    hi[i] = _mm512_maskz_loadu_ps(m1, t.c.add(i * t.c_rs + 16));
                }
            }
        }
        if !t.bias.is_null() {
            let b0 = _mm512_maskz_loadu_ps(m0, t.bias);
            let b1 = _mm512_maskz_loadu_ps(m1, t.bias.add(16));
            for i in 0..MR {
                lo[i] = _mm512_add_ps(lo[i], b0);
                hi[i] = _mm512_add_ps(hi[i], b1);
            }
        }
        let (mut a, mut b) = (t.a, t.b);
        for _ in 0..t.k / UNROLL {
            for u in 0..UNROLL {
                packed_step(a.add(u * MR), b.add(u * NR), &mut lo, &mut hi);
            }
            a = a.add(UNROLL * MR);
            b = b.add(UNROLL * NR);
        }
        for _ in 0..t.k % UNROLL {
            packed_step(a, b, &mut lo, &mut hi);
            a = a.add(MR);
            b = b.add(NR);
        }
        for i in 0..MR {
            if i < t.m {
                _mm512_mask_storeu_ps(t.c.add(i * t.c_rs), m0, lo[i]);
                _mm512_mask_storeu_ps(t.c.add(i * t.c_rs + 16), m1, hi[i]);
            }
        }
    }
}
