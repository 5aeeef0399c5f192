//! AVX2 + FMA micro-kernels (x86-64-v3: Intel Haswell and later, every AMD
//! Zen): a block of up to 6 rows × 16 columns of `C` in twelve of the
//! sixteen 256-bit registers, the shape BLIS and the `gemm` crate use on
//! these CPUs. A packed `MR × 32` tile (12 × 32) runs as four blocks.

use std::arch::x86_64::{
    __m256, __m256i, _mm256_add_ps, _mm256_broadcast_ss, _mm256_cmpgt_epi32, _mm256_fmadd_ps, _mm256_loadu_ps,
    _mm256_maskload_ps, _mm256_maskstore_ps, _mm256_set1_epi32, _mm256_setr_epi32, _mm256_setzero_ps,
    _mm256_storeu_ps,
};

use super::microkernel::{MR, NR, PackedTile, Tile};

/// Rows of one register block.
const RB: usize = 6;
/// Columns of one register block (two 8-lane registers).
const CB: usize = 16;

/// One register block: `rows × cols` of `C` from `k` steps of `A` and `B`.
#[derive(Clone, Copy)]
struct Block {
    k: usize,
    /// `A[i][kk]` at `a + i·a_rs + kk·a_ks`.
    a: *const f32,
    a_rs: usize,
    a_ks: usize,
    /// `B[kk][j]` at `b + kk·b_rs + j`; 16 columns readable when `full_b`.
    b: *const f32,
    b_rs: usize,
    full_b: bool,
    c: *mut f32,
    c_rs: usize,
    /// Valid columns, 1 to 16.
    cols: usize,
    accumulate: bool,
    /// Per-column bias or null.
    bias: *const f32,
}

/// A lane mask with the first `n` (0 to 8) of eight lanes set.
#[target_feature(enable = "avx2")]
fn lanes(n: usize) -> __m256i {
    // n ≤ 8: no truncation.
    #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
    _mm256_cmpgt_epi32(_mm256_set1_epi32(n as i32), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))
}

/// `R` rows of a block; `PACKED` fixes the `A` strides of a packed
/// micro-panel (`a_rs = 1`, `a_ks = MR`) at compile time.
///
/// # Safety
/// AVX2 and FMA present; every pointer valid for the block's shape.
#[target_feature(enable = "avx2,fma")]
#[inline]
unsafe fn block<const R: usize, const PACKED: bool>(t: &Block) {
    let (a_rs, a_ks) = if PACKED { (1, MR) } else { (t.a_rs, t.a_ks) };
    let (m0, m1) = (lanes(t.cols.min(8)), lanes(t.cols.saturating_sub(8)));
    let whole = t.cols == CB;
    // SAFETY: loads and stores of C stay within `R` rows × `cols` columns
    // (masked past `cols`); A and B reads stay within `k` steps.
    unsafe {
        let mut lo = [_mm256_setzero_ps(); R];
        let mut hi = [_mm256_setzero_ps(); R];
        if t.accumulate {
            for i in 0..R {
                let c = t.c.add(i * t.c_rs);
                lo[i] = _mm256_maskload_ps(c, m0);
                hi[i] = _mm256_maskload_ps(c.add(8), m1);
            }
        }
        if !t.bias.is_null() {
            let (b0, b1) = (_mm256_maskload_ps(t.bias, m0), _mm256_maskload_ps(t.bias.add(8), m1));
            for i in 0..R {
                lo[i] = _mm256_add_ps(lo[i], b0);
                hi[i] = _mm256_add_ps(hi[i], b1);
            }
        }
        let (mut a, mut b) = (t.a, t.b);
        if t.full_b {
            for _ in 0..t.k {
                let (b0, b1): (__m256, __m256) = (_mm256_loadu_ps(b), _mm256_loadu_ps(b.add(8)));
                for i in 0..R {
                    let av = _mm256_broadcast_ss(&*a.add(i * a_rs));
                    lo[i] = _mm256_fmadd_ps(av, b0, lo[i]);
                    hi[i] = _mm256_fmadd_ps(av, b1, hi[i]);
                }
                a = a.add(a_ks);
                b = b.add(t.b_rs);
            }
        } else {
            for _ in 0..t.k {
                let (b0, b1) = (_mm256_maskload_ps(b, m0), _mm256_maskload_ps(b.add(8), m1));
                for i in 0..R {
                    let av = _mm256_broadcast_ss(&*a.add(i * a_rs));
                    lo[i] = _mm256_fmadd_ps(av, b0, lo[i]);
                    hi[i] = _mm256_fmadd_ps(av, b1, hi[i]);
                }
                a = a.add(a_ks);
                b = b.add(t.b_rs);
            }
        }
        for i in 0..R {
            let c = t.c.add(i * t.c_rs);
            if whole {
                _mm256_storeu_ps(c, lo[i]);
                _mm256_storeu_ps(c.add(8), hi[i]);
            } else {
                _mm256_maskstore_ps(c, m0, lo[i]);
                _mm256_maskstore_ps(c.add(8), m1, hi[i]);
            }
        }
    }
}

/// Runs `t` over `rows` (1 to 6) rows.
///
/// # Safety
/// As [`block`].
#[target_feature(enable = "avx2,fma")]
unsafe fn rows<const PACKED: bool>(rows: usize, t: &Block) {
    // SAFETY: forwarded.
    unsafe {
        match rows {
            1 => block::<1, PACKED>(t),
            2 => block::<2, PACKED>(t),
            3 => block::<3, PACKED>(t),
            4 => block::<4, PACKED>(t),
            5 => block::<5, PACKED>(t),
            _ => block::<RB, PACKED>(t),
        }
    }
}

/// Splits an `m × n_valid` tile (`m ≤ MR`, `n_valid ≤ 32`) into register
/// blocks and runs them; `block_at(r0, c0)` gives the block whose top-left
/// is row `r0`, column `c0`.
///
/// # Safety
/// As [`block`], for every block of the tile.
#[target_feature(enable = "avx2,fma")]
unsafe fn blocks<const PACKED: bool>(m: usize, n_valid: usize, block_at: impl Fn(usize, usize, usize) -> Block) {
    for r0 in (0..m).step_by(RB) {
        for c0 in (0..n_valid).step_by(CB) {
            let cols = CB.min(n_valid - c0);
            // SAFETY: the block lies inside the tile.
            unsafe { rows::<PACKED>(RB.min(m - r0), &block_at(r0, c0, cols)) };
        }
    }
}

/// The strided kernel of [`super::tile::run_tile`].
///
/// # Safety
/// The CPU must support AVX2 and FMA; the tile's pointers must satisfy
/// [`super::tile::run_tile`]'s contract.
#[target_feature(enable = "avx2,fma")]
pub unsafe fn tile(t: &Tile) {
    // SAFETY: each block lies within the tile (caller's contract).
    unsafe {
        blocks::<false>(t.m, t.n_valid, |r0, c0, cols| Block {
            k: t.k,
            a: t.a.add(r0 * t.a_rs),
            a_rs: t.a_rs,
            a_ks: 1,
            b: t.b.add(c0),
            b_rs: t.b_rs,
            full_b: cols == CB,
            c: t.c.add(r0 * t.c_rs + c0),
            c_rs: t.c_rs,
            cols,
            accumulate: t.accumulate,
            bias: if t.bias.is_null() { t.bias } else { t.bias.add(c0) },
        });
    }
}

/// The packed kernel of [`super::gemm`]: an `MR`-row micro-panel of `A`
/// times a zero-padded 32-wide panel of `B`.
///
/// # Safety
/// The CPU must support AVX2 and FMA; the tile must satisfy
/// [`super::microkernel::PackedTile`]'s layout.
#[target_feature(enable = "avx2,fma")]
pub unsafe fn packed_tile(t: &PackedTile) {
    // SAFETY: as above; B panels are 32 wide, so every block reads 16
    // columns of B.
    unsafe {
        blocks::<true>(t.m, t.n_valid, |r0, c0, cols| Block {
            k: t.k,
            a: t.a.add(r0),
            a_rs: 1,
            a_ks: MR,
            b: t.b.add(c0),
            b_rs: NR,
            full_b: true,
            c: t.c.add(r0 * t.c_rs + c0),
            c_rs: t.c_rs,
            cols,
            accumulate: t.accumulate,
            bias: if t.bias.is_null() { t.bias } else { t.bias.add(c0) },
        });
    }
}
