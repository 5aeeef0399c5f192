//! Portable micro-kernels in plain Rust, for CPUs without our SIMD kernels
//! (x86-64 before AVX2, or any other architecture). Each tile runs as
//! register blocks of 4 rows × 8 columns held in fixed-size arrays, which
//! the compiler keeps in vector registers (SSE2 on baseline x86-64, NEON on
//! aarch64). The loop it replaces (one row of 32 accumulators at a time)
//! was not vectorised: 3 GFLOP/s per CPU-second on MiniLM's shapes against
//! 17–24 for these blocks and about 100 for AVX-512 (`examples/kernels`,
//! Xeon, `SLANT_CPU=portable`).

use super::microkernel::{MR, NR, PackedTile, Tile};

/// Rows of one register block.
const RB: usize = 4;
/// Columns of one register block.
const CB: usize = 8;

/// One block of `C`: `A[i][kk]` at `a + i·a_rs + kk·a_ks`, `B[kk][j]` at
/// `b + kk·b_rs + j`.
#[derive(Clone, Copy)]
struct Block {
    k: usize,
    a: *const f32,
    a_rs: usize,
    a_ks: usize,
    b: *const f32,
    b_rs: usize,
    c: *mut f32,
    c_rs: usize,
    accumulate: bool,
    bias: *const f32,
}

/// A whole `RB × CB` block.
///
/// # Safety
/// `A` readable for `RB` rows and `k` steps, `B` for `k` rows of `CB`
/// columns, `C` (and `bias`, unless null) for `RB × CB`.
#[inline(always)]
unsafe fn whole_block(t: &Block) {
    let mut acc = [[0f32; CB]; RB];
    // SAFETY: every access stays within the block (caller's contract).
    unsafe {
        for (i, row) in acc.iter_mut().enumerate() {
            for (j, v) in row.iter_mut().enumerate() {
                if t.accumulate {
                    *v = *t.c.add(i * t.c_rs + j);
                }
                if !t.bias.is_null() {
                    *v += *t.bias.add(j);
                }
            }
        }
        let (mut a, mut b) = (t.a, t.b);
        for _ in 0..t.k {
            let bk: [f32; CB] = std::ptr::read_unaligned(b.cast());
            for (i, row) in acc.iter_mut().enumerate() {
                let av = *a.add(i * t.a_rs);
                for (v, w) in row.iter_mut().zip(&bk) {
                    *v += av * w;
                }
            }
            a = a.add(t.a_ks);
            b = b.add(t.b_rs);
        }
        for (i, row) in acc.iter().enumerate() {
            std::ptr::copy_nonoverlapping(row.as_ptr(), t.c.add(i * t.c_rs), CB);
        }
    }
}

/// A partial block of `rows × cols` (edges of a tile), element by element.
///
/// # Safety
/// As [`whole_block`], for `rows × cols`.
unsafe fn partial_block(t: &Block, rows: usize, cols: usize) {
    // SAFETY: every access stays within `rows × cols` (caller's contract).
    unsafe {
        for i in 0..rows {
            for j in 0..cols {
                let mut v = if t.accumulate { *t.c.add(i * t.c_rs + j) } else { 0.0 };
                if !t.bias.is_null() {
                    v += *t.bias.add(j);
                }
                for kk in 0..t.k {
                    v += *t.a.add(i * t.a_rs + kk * t.a_ks) * *t.b.add(kk * t.b_rs + j);
                }
                *t.c.add(i * t.c_rs + j) = v;
            }
        }
    }
}

/// Splits an `m × n` tile into blocks; `at(r0, c0)` is the block at row
/// `r0`, column `c0`. With `padded`, `A` rows past `m` and `B`
/// columns past `n` are readable zero padding (packed operands), so edge
/// blocks compute whole into a buffer and store only what is valid.
///
/// # Safety
/// As [`whole_block`] for every block.
unsafe fn blocks(m: usize, n: usize, padded: bool, at: impl Fn(usize, usize) -> Block) {
    for r0 in (0..m).step_by(RB) {
        for c0 in (0..n).step_by(CB) {
            let (rows, cols) = (RB.min(m - r0), CB.min(n - c0));
            let t = at(r0, c0);
            // SAFETY: forwarded; a whole block reads padding only where
            // `padded` says it is there, and writes only valid C.
            unsafe {
                if rows == RB && cols == CB {
                    whole_block(&t);
                } else if padded {
                    let mut buf = [0f32; RB * CB];
                    let local = Block { c: buf.as_mut_ptr(), c_rs: CB, accumulate: false, bias: std::ptr::null(), ..t };
                    whole_block(&local);
                    for i in 0..rows {
                        for j in 0..cols {
                            let c = t.c.add(i * t.c_rs + j);
                            let mut v = buf[i * CB + j];
                            if !t.bias.is_null() {
                                v += *t.bias.add(j);
                            }
                            *c = if t.accumulate { *c + v } else { v };
                        }
                    }
                } else {
                    partial_block(&t, rows, cols);
                }
            }
        }
    }
}

/// The packed kernel of [`super::gemm`] in plain Rust.
///
/// # Safety
/// The tile must satisfy [`super::microkernel::PackedTile`]'s layout.
pub(super) unsafe fn packed_tile(t: &PackedTile) {
    // SAFETY: A micro-panels are zero-padded to MR rows and B panels to 32
    // columns (the packed layouts), C is valid for m × n_valid.
    unsafe {
        blocks(t.m, t.n_valid, true, |r0, c0| Block {
            k: t.k,
            a: t.a.add(r0),
            a_rs: 1,
            a_ks: MR,
            b: t.b.add(c0),
            b_rs: NR,
            c: t.c.add(r0 * t.c_rs + c0),
            c_rs: t.c_rs,
            accumulate: t.accumulate,
            bias: if t.bias.is_null() { t.bias } else { t.bias.add(c0) },
        });
    }
}

/// The strided kernel of [`super::tile::run_tile`] in plain Rust.
///
/// # Safety
/// As [`super::tile::run_tile`].
pub(super) unsafe fn tile(t: &Tile) {
    // SAFETY: nothing past m rows of A or n_valid columns of B is read.
    unsafe {
        blocks(t.m, t.n_valid, false, |r0, c0| Block {
            k: t.k,
            a: t.a.add(r0 * t.a_rs),
            a_rs: t.a_rs,
            a_ks: 1,
            b: t.b.add(c0),
            b_rs: t.b_rs,
            c: t.c.add(r0 * t.c_rs + c0),
            c_rs: t.c_rs,
            accumulate: t.accumulate,
            bias: if t.bias.is_null() { t.bias } else { t.bias.add(c0) },
        });
    }
}
