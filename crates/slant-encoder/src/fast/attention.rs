//! Multi-head self-attention for one sequence and one head, over the fused
//! `[T, 3H]` query/key/value buffer (queries pre-scaled by `1/√d`).

use std::cell::RefCell;

use super::gemm::NR;
use super::tile::{Tile, run_rows};
use super::isa::Isa;
use super::math::softmax_rows;

thread_local! {
    /// Per-thread scratch: packed `Kᵀ` panels, then the score matrix.
    static SCRATCH: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// Shapes shared by every head of a layer.
#[derive(Debug, Clone, Copy)]
pub struct Heads {
    /// Hidden size `H`.
    pub hidden: usize,
    /// Width of one head.
    pub head_dim: usize,
}

/// Adds MPNet's relative position `bias` (`2·len − 1` values, distance
/// `key − query` at `r + len − 1`) to the first `len` scores of each of the
/// `len` rows of `scores` (row stride `stride`).
fn add_bias(scores: &mut [f32], len: usize, stride: usize, bias: &[f32]) {
    debug_assert_eq!(bias.len(), 2 * len - 1);
    for (i, row) in scores.chunks_exact_mut(stride).take(len).enumerate() {
        for (s, b) in row[..len].iter_mut().zip(&bias[len - 1 - i..]) {
            *s += b;
        }
    }
}

/// Computes head `h` of one sequence of `len` tokens: reads rows
/// `0..len` of `qkv` (stride `3H`), writes `ctx` rows (stride `H`), columns
/// `h·d .. (h+1)·d`. `bias` (MPNet's relative position bias: `2·len − 1`
/// values, `key − query` distance `r` at `r + len − 1`) is added to the
/// scores before the softmax.
///
/// # Safety
/// `qkv` must point at `len` rows of `3H` floats and `ctx` at `len` rows of
/// `H` floats; no other thread may touch this head's `ctx` columns.
pub unsafe fn head(isa: Isa, shape: Heads, h: usize, len: usize, qkv: *const f32, ctx: *mut f32, bias: Option<&[f32]>) {
    let Heads { hidden, head_dim: d } = shape;
    let qkv_rs = 3 * hidden;
    let padded = len.div_ceil(NR) * NR;
    let panels = padded / NR;
    let v_panels = d.div_ceil(NR);
    SCRATCH.with_borrow_mut(|buf| {
        buf.resize(panels * d * NR + v_panels * len * NR + len * padded, 0.0);
        let (kt, rest) = buf.split_at_mut(panels * d * NR);
        let (vp, scores) = rest.split_at_mut(v_panels * len * NR);
        // SAFETY: key rows 0..len, columns H + h·d .. + d lie in `qkv`.
        unsafe {
            let keys = qkv.add(hidden + h * d);
            for p in 0..panels {
                let panel = &mut kt[p * d * NR..(p + 1) * d * NR];
                for jj in 0..NR {
                    let j = p * NR + jj;
                    for dd in 0..d {
                        panel[dd * NR + jj] = if j < len { *keys.add(j * qkv_rs + dd) } else { 0.0 };
                    }
                }
            }
        }
        // V as contiguous 32-wide panels: the P · V kernel then streams it
        // instead of touching one page per key row.
        // SAFETY: value rows 0..len, columns 2H + h·d .. + d lie in `qkv`.
        unsafe {
            let values = qkv.add(2 * hidden + h * d);
            for (q, panel) in vp.chunks_exact_mut(len * NR).enumerate() {
                let width = NR.min(d - q * NR);
                for (j, row) in panel.chunks_exact_mut(NR).enumerate() {
                    let src = std::slice::from_raw_parts(values.add(j * qkv_rs + q * NR), width);
                    row[..width].copy_from_slice(src);
                    row[width..].fill(0.0);
                }
            }
        }
        // Scores = Q · Kᵀ, one 32-key panel at a time.
        for p in 0..panels {
            let t = Tile {
                m: len,
                k: d,
                // SAFETY: query columns h·d .. + d of row 0.
                a: unsafe { qkv.add(h * d) },
                a_rs: qkv_rs,
                b: kt[p * d * NR..].as_ptr(),
                b_rs: NR,
                c: scores[p * NR..].as_mut_ptr(),
                c_rs: padded,
                n_valid: NR.min(len - p * NR),
                accumulate: false,
                bias: std::ptr::null(),
            };
            // SAFETY: `scores` is len × padded; the panel has d × 32 floats.
            unsafe { run_rows(isa, &t) };
        }
        if let Some(bias) = bias {
            add_bias(scores, len, padded, bias);
        }
        softmax_rows(isa, scores, len, padded);
        // Context = P · V, one 32-wide slice of the head at a time.
        for q in 0..v_panels {
            let col = q * NR;
            let t = Tile {
                m: len,
                k: len,
                a: scores.as_ptr(),
                a_rs: padded,
                b: vp[q * len * NR..].as_ptr(),
                b_rs: NR,
                // SAFETY: caller owns these ctx columns.
                c: unsafe { ctx.add(h * d + col) },
                c_rs: hidden,
                n_valid: NR.min(d - col),
                accumulate: false,
                bias: std::ptr::null(),
            };
            // SAFETY: shapes as documented above.
            unsafe { run_rows(isa, &t) };
        }
    });
}

#[cfg(target_arch = "x86_64")]
thread_local! {
    /// Per-thread scratch of [`head_amx`]: the score matrix, then the head's context.
    static AMX_SCRATCH: RefCell<(Vec<f32>, Vec<f32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// [`head`] with both products on AMX tiles: queries, keys, the
/// probabilities and values rounded to bf16, accumulated in f32 (the
/// softmax stays f32). Call only when [`super::amx::available`].
///
/// # Safety
/// As [`head`].
#[cfg(target_arch = "x86_64")]
pub unsafe fn head_amx(shape: Heads, h: usize, len: usize, qkv: *const f32, ctx: *mut f32, bias: Option<&[f32]>) {
    use super::amx::{AmxB, matmul};
    use super::gemm::{Epilogue, Init};
    let Heads { hidden, head_dim: d } = shape;
    let qkv_rs = 3 * hidden;
    // SAFETY: rows 0..len of `3H` floats lie in `qkv` (caller's contract);
    // nothing writes `qkv` during attention.
    let rows = unsafe { std::slice::from_raw_parts(qkv, (len - 1) * qkv_rs + 3 * hidden) };
    let (q, k, v) = (h * d, hidden + h * d, 2 * hidden + h * d);
    let keys = AmxB::transposed_rows(&rows[k..], qkv_rs, len, d);
    let values = AmxB::rows(&rows[v..], qkv_rs, len, d);
    let init = Init { accumulate: false, bias: None };
    AMX_SCRATCH.with_borrow_mut(|(scores, out)| {
        scores.resize(len * len, 0.0);
        out.resize(len * d, 0.0);
        matmul(&rows[q..], qkv_rs, len, &keys, scores, len, init, Epilogue::None, false, false);
        if let Some(bias) = bias {
            add_bias(scores, len, len, bias);
        }
        softmax_rows(Isa::Avx512, scores, len, len);
        matmul(scores, len, len, &values, out, d, init, Epilogue::None, false, false);
        for (i, src) in out.chunks_exact(d).enumerate() {
            // SAFETY: row i, columns h·d .. + d of `ctx` belong to this head
            // (caller's contract).
            unsafe { std::ptr::copy_nonoverlapping(src.as_ptr(), ctx.add(i * hidden + h * d), d) };
        }
    });
}
