//! NEON micro-kernels (aarch64: every ARM laptop, phone and server chip):
//! a block of up to 6 rows × 16 columns of `C` in twenty-four of the
//! thirty-two 128-bit registers. A packed `MR × 32` tile (12 × 32) runs as
//! four blocks. NEON has no masked loads, so the columns of a partial
//! block go through a small buffer.

use std::arch::aarch64::{float32x4_t, vaddq_f32, vdupq_n_f32, vfmaq_n_f32, vld1q_f32, vst1q_f32};

use super::microkernel::{MR, NR, PackedTile, Tile};

/// Rows of one register block.
const RB: usize = 6;
/// Columns of one register block (four 4-lane registers).
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

/// Sixteen floats from `p`, of which the first `cols` are read (the rest 0).
///
/// # Safety
/// `p` readable for `cols` floats.
#[inline(always)]
unsafe fn load16(p: *const f32, cols: usize) -> [float32x4_t; 4] {
    let mut buf = [0f32; CB];
    let src = if cols == CB {
        p
    } else {
        // SAFETY: `cols` floats at `p` (caller's contract).
        unsafe { std::ptr::copy_nonoverlapping(p, buf.as_mut_ptr(), cols) };
        buf.as_ptr()
    };
    // SAFETY: `src` holds 16 floats.
    unsafe { [vld1q_f32(src), vld1q_f32(src.add(4)), vld1q_f32(src.add(8)), vld1q_f32(src.add(12))] }
}

/// Stores the first `cols` of sixteen floats at `p`.
///
/// # Safety
/// `p` writable for `cols` floats.
#[inline(always)]
unsafe fn store16(p: *mut f32, cols: usize, v: &[float32x4_t; 4]) {
    let mut buf = [0f32; CB];
    let dst = if cols == CB { p } else { buf.as_mut_ptr() };
    // SAFETY: `dst` is 16 floats long.
    unsafe {
        for (q, x) in v.iter().enumerate() {
            vst1q_f32(dst.add(4 * q), *x);
        }
        if cols < CB {
            std::ptr::copy_nonoverlapping(buf.as_ptr(), p, cols);
        }
    }
}

/// `R` rows of a block; `PACKED` fixes the `A` strides of a packed
/// micro-panel (`a_rs = 1`, `a_ks = MR`) at compile time.
///
/// # Safety
/// Every pointer valid for the block's shape.
#[inline]
unsafe fn block<const R: usize, const PACKED: bool>(t: &Block) {
    let (a_rs, a_ks) = if PACKED { (1, MR) } else { (t.a_rs, t.a_ks) };
    // SAFETY: C, bias, A and B accesses stay within the block (caller's
    // contract); partial columns go through `load16` / `store16`.
    unsafe {
        let mut acc = [[vdupq_n_f32(0.0); 4]; R];
        if t.accumulate {
            for (i, row) in acc.iter_mut().enumerate() {
                *row = load16(t.c.add(i * t.c_rs), t.cols);
            }
        }
        if !t.bias.is_null() {
            let bias = load16(t.bias, t.cols);
            for row in &mut acc {
                for (x, b) in row.iter_mut().zip(&bias) {
                    *x = vaddq_f32(*x, *b);
                }
            }
        }
        let (mut a, mut b) = (t.a, t.b);
        for _ in 0..t.k {
            let bv = if t.full_b {
                [vld1q_f32(b), vld1q_f32(b.add(4)), vld1q_f32(b.add(8)), vld1q_f32(b.add(12))]
            } else {
                load16(b, t.cols)
            };
            for (i, row) in acc.iter_mut().enumerate() {
                let av = *a.add(i * a_rs);
                for (x, bq) in row.iter_mut().zip(&bv) {
                    *x = vfmaq_n_f32(*x, *bq, av);
                }
            }
            a = a.add(a_ks);
            b = b.add(t.b_rs);
        }
        for (i, row) in acc.iter().enumerate() {
            store16(t.c.add(i * t.c_rs), t.cols, row);
        }
    }
}

/// Runs `t` over `rows` (1 to 6) rows.
///
/// # Safety
/// As [`block`].
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

/// Splits an `m × n_valid` tile into register blocks (see `avx2::blocks`).
///
/// # Safety
/// As [`block`], for every block of the tile.
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
/// The tile's pointers must satisfy [`super::tile::run_tile`]'s contract.
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

/// The packed kernel of [`super::gemm`] (see `avx2::packed_tile`).
///
/// # Safety
/// The tile must satisfy [`super::microkernel::PackedTile`]'s layout.
pub unsafe fn packed_tile(t: &PackedTile) {
    // SAFETY: as above; B panels are 32 wide and zero-padded.
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
