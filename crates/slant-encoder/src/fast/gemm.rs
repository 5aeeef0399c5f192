//! Matrix multiply over weights pre-packed into 32-column panels.
//!
//! `C[m×n] (=|+=) A[m×k] · B[k×n] (+ bias)`. `B` is stored panel by panel,
//! each panel `k` rows of 32 floats, so the micro-kernel streams it
//! contiguously. Each work item packs its rows of `A` into `MR`-row
//! micro-panels, one `KC` slice of the inner dimension at a time.

use rayon::prelude::*;

use super::isa::Isa;
pub use super::microkernel::{MR, NR, PackedTile};

/// Most rows of `A` per parallel work item.
pub(super) const MC: usize = 192;
/// Inner-dimension block: a `KC × 32` panel of `B` stays in L1.
const KC: usize = 192;

/// A `k × n` matrix packed into `ceil(n / 32)` zero-padded panels.
#[derive(Debug, Clone)]
pub struct PackedB {
    k: usize,
    n: usize,
    data: Vec<f32>,
}

impl PackedB {
    /// Applies `f` to every packed value (padding included).
    pub fn map_in_place(&mut self, f: impl Fn(f32) -> f32) {
        self.data.iter_mut().for_each(|x| *x = f(*x));
    }

    /// Packs `B[kk][j] = at(kk, j)`.
    pub fn from_fn(k: usize, n: usize, at: impl Fn(usize, usize) -> f32) -> Self {
        let panels = n.div_ceil(NR);
        let mut data = vec![0.0; panels * k * NR];
        for p in 0..panels {
            for kk in 0..k {
                for jj in 0..NR.min(n - p * NR) {
                    data[(p * k + kk) * NR + jj] = at(kk, p * NR + jj);
                }
            }
        }
        Self { k, n, data }
    }

    /// Packs a PyTorch `Linear` weight `w[n][k]` (out × in) as `B = wᵀ`.
    #[must_use]
    pub fn from_linear(w: &[f32], n: usize, k: usize) -> Self {
        Self::from_fn(k, n, |kk, j| w[j * k + kk])
    }

    /// Inner dimension.
    #[must_use]
    pub fn k(&self) -> usize {
        self.k
    }

    /// Output width.
    #[must_use]
    pub fn n(&self) -> usize {
        self.n
    }

    fn panels(&self) -> usize {
        self.n.div_ceil(NR)
    }

    fn panel(&self, p: usize) -> &[f32] {
        &self.data[p * self.k * NR..(p + 1) * self.k * NR]
    }
}

/// How the micro-kernel starts its accumulators.
#[derive(Debug, Clone, Copy)]
pub struct Init<'a> {
    /// Start from the current contents of `C` (`C += A·B`).
    pub accumulate: bool,
    /// Add this bias (length `n`) per output column.
    pub bias: Option<&'a [f32]>,
}

/// What to apply to each finished block of whole output rows.
#[derive(Debug, Clone, Copy)]
pub enum Epilogue<'a> {
    /// Nothing.
    None,
    /// Exact GELU, element-wise.
    Gelu,
    /// LayerNorm over each row (`C` must be exactly `n` wide per row).
    LayerNorm {
        /// Scale.
        gamma: &'a [f32],
        /// Shift.
        beta: &'a [f32],
        /// Epsilon.
        eps: f32,
    },
}

/// Runs a packed tile with the best kernel for `isa`.
///
/// # Safety
/// `a` readable for `k × MR` floats, `b` for `k × 32`, `c` writable for
/// `m` rows × `n_valid` columns at stride `c_rs`, `bias` null or `n_valid` long.
unsafe fn run_packed(isa: Isa, t: &PackedTile) {
    match isa {
        // SAFETY: forwarded; `Isa::Avx512` implies the features were detected.
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 => unsafe { super::avx512::packed_tile(t) },
        // SAFETY: forwarded; `Isa::Avx2` implies AVX2 and FMA were detected.
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2 => unsafe { super::avx2::packed_tile(t) },
        // SAFETY: forwarded.
        #[cfg(target_arch = "aarch64")]
        Isa::Neon => unsafe { super::neon::packed_tile(t) },
        // SAFETY: forwarded.
        _ => unsafe { super::portable::packed_tile(t) },
    }
}

/// Copies rows `rows` × columns `cols` of `A` into `MR`-row, k-major,
/// zero-padded micro-panels.
fn pack_a(a: &[f32], a_rs: usize, rows: std::ops::Range<usize>, cols: std::ops::Range<usize>, out: &mut Vec<f32>) {
    let kc = cols.len();
    let panels = rows.len().div_ceil(MR);
    out.resize(panels * MR * kc, 0.0);
    for (p, dst) in out.chunks_exact_mut(MR * kc).enumerate() {
        let r0 = rows.start + p * MR;
        let valid = MR.min(rows.end - r0);
        let src: [&[f32]; MR] = std::array::from_fn(|i| {
            if i < valid { &a[(r0 + i) * a_rs + cols.start..][..kc] } else { &[] }
        });
        if valid == MR {
            for (kk, d) in dst.chunks_exact_mut(MR).enumerate() {
                for (v, s) in d.iter_mut().zip(&src) {
                    *v = s[kk];
                }
            }
        } else {
            for (kk, d) in dst.chunks_exact_mut(MR).enumerate() {
                for (i, v) in d.iter_mut().enumerate() {
                    *v = src[i].get(kk).copied().unwrap_or(0.0);
                }
            }
        }
    }
}

thread_local! {
    /// Per-thread packed `A` block.
    static PACKED_A: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Rows per work item: enough items to balance the threads, a multiple of `MR`.
pub(super) fn rows_per_item(m: usize) -> usize {
    let threads = rayon::current_num_threads().max(1);
    let per = m.div_ceil(2 * threads).next_multiple_of(MR);
    per.clamp(2 * MR, MC)
}

/// A raw pointer that may cross threads; the gemm drivers (here, `amx`,
/// `bf16`) hand each thread disjoint output rows.
#[derive(Clone, Copy)]
pub(super) struct SendPtr(pub(super) *mut f32);
// SAFETY: only used for disjoint writes, see `matmul`.
unsafe impl Send for SendPtr {}
// SAFETY: as above.
unsafe impl Sync for SendPtr {}

impl SendPtr {
    /// The pointer (a method, so closures capture the `Send` wrapper).
    pub(super) fn get(self) -> *mut f32 {
        self.0
    }
}

/// Panics, naming `who`, unless `a` (`m ≥ 1` rows of `k` at stride `a_rs`),
/// `c` (`m` rows of `n` at stride `c_rs`), the bias and the epilogue's
/// parameters fit the product: the contract every matmul driver checks
/// before its kernels read raw pointers.
#[allow(clippy::too_many_arguments)]
pub(super) fn check_shapes(
    who: &str,
    a: &[f32],
    a_rs: usize,
    m: usize,
    k: usize,
    n: usize,
    c: &[f32],
    c_rs: usize,
    init: Init<'_>,
    epilogue: Epilogue<'_>,
) {
    assert!(a.len() >= (m - 1) * a_rs + k && c.len() >= (m - 1) * c_rs + n, "{who}: short slice");
    if let Some(bias) = init.bias {
        assert!(bias.len() >= n, "{who}: short bias");
    }
    if let Epilogue::LayerNorm { gamma, beta, .. } = epilogue {
        assert!(c_rs == n && gamma.len() == n && beta.len() == n, "{who}: LayerNorm shape");
    }
}

/// Applies `epilogue` to rows `rows` of `C` (`n` wide at stride `c_rs`).
///
/// # Safety
/// `c` must be valid for those rows, and no other thread may touch them.
pub(super) unsafe fn finish_rows(isa: Isa, epilogue: Epilogue<'_>, c: *mut f32, rows: std::ops::Range<usize>, c_rs: usize, n: usize) {
    // SAFETY: the caller owns rows `rows` of `c`.
    let row = |r: usize| unsafe { std::slice::from_raw_parts_mut(c.add(r * c_rs), n) };
    match epilogue {
        Epilogue::None => {}
        Epilogue::Gelu => rows.for_each(|r| super::math::gelu(isa, row(r))),
        Epilogue::LayerNorm { gamma, beta, eps } => {
            // SAFETY: LayerNorm callers assert c_rs == n, so the rows are contiguous.
            let block = unsafe { std::slice::from_raw_parts_mut(c.add(rows.start * c_rs), rows.len() * n) };
            super::math::layer_norm_rows(isa, block, gamma, beta, eps);
        }
    }
}

/// `C = A · B (+ bias)` or `C += …`, then `epilogue`, in parallel over
/// blocks of rows.
///
/// `a` is `m × b.k()` at row stride `a_rs`; `c` is `m × b.n()` at stride `c_rs`.
///
/// # Panics
/// If a slice is too short for the stated shape.
pub fn matmul(
    isa: Isa,
    a: &[f32],
    a_rs: usize,
    m: usize,
    b: &PackedB,
    c: &mut [f32],
    c_rs: usize,
    init: Init<'_>,
    epilogue: Epilogue<'_>,
) {
    matmul_on(isa, a, a_rs, m, b, c, c_rs, init, epilogue, true);
}

/// [`matmul`] on the calling thread only (for callers that are already
/// parallel over row blocks).
///
/// # Panics
/// If a slice is too short for the stated shape.
pub fn matmul_serial(
    isa: Isa,
    a: &[f32],
    a_rs: usize,
    m: usize,
    b: &PackedB,
    c: &mut [f32],
    c_rs: usize,
    init: Init<'_>,
    epilogue: Epilogue<'_>,
) {
    matmul_on(isa, a, a_rs, m, b, c, c_rs, init, epilogue, false);
}

fn matmul_on(
    isa: Isa,
    a: &[f32],
    a_rs: usize,
    m: usize,
    b: &PackedB,
    c: &mut [f32],
    c_rs: usize,
    init: Init<'_>,
    epilogue: Epilogue<'_>,
    parallel: bool,
) {
    if m == 0 {
        return;
    }
    check_shapes("matmul", a, a_rs, m, b.k, b.n, c, c_rs, init, epilogue);
    assert!(isa.supported(), "matmul: this CPU cannot run {isa:?} kernels");
    let per = if parallel { rows_per_item(m) } else { MC };
    let cp = SendPtr(c.as_mut_ptr());
    let job = |item: usize| {
        let rows = item * per..m.min((item + 1) * per);
        PACKED_A.with_borrow_mut(|packed| {
            let mut kb = 0;
            while kb < b.k {
                let kc = KC.min(b.k - kb);
                pack_a(a, a_rs, rows.clone(), kb..kb + kc, packed);
                for p in 0..b.panels() {
                    let col = p * NR;
                    let panel = &b.panel(p)[kb * NR..];
                    for (mp, a_panel) in packed.chunks_exact(MR * kc).enumerate() {
                        let r = rows.start + mp * MR;
                        let t = PackedTile {
                            m: MR.min(rows.end - r),
                            k: kc,
                            a: a_panel.as_ptr(),
                            b: panel.as_ptr(),
                            // SAFETY: r < m and col < n: inside `c` (asserted).
                            c: unsafe { cp.get().add(r * c_rs + col) },
                            c_rs,
                            n_valid: NR.min(b.n - col),
                            accumulate: init.accumulate || kb > 0,
                            bias: match init.bias {
                                Some(bias) if kb == 0 => bias[col..].as_ptr(),
                                _ => std::ptr::null(),
                            },
                        };
                        // SAFETY: shapes checked above; items own disjoint rows.
                        unsafe { run_packed(isa, &t) };
                    }
                }
                kb += kc;
            }
        });
        // SAFETY: this item owns rows `rows` of `c`, each `b.n` wide at stride `c_rs`.
        unsafe { finish_rows(isa, epilogue, cp.get(), rows, c_rs, b.n) };
    };
    if parallel {
        (0..m.div_ceil(per)).into_par_iter().for_each(job);
    } else {
        (0..m.div_ceil(per)).for_each(job);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(a: &[f32], m: usize, k: usize, w: &[f32], n: usize, bias: &[f32]) -> Vec<f32> {
        let mut c = vec![0.0; m * n];
        for i in 0..m {
            for j in 0..n {
                c[i * n + j] = bias[j] + (0..k).map(|kk| a[i * k + kk] * w[j * k + kk]).sum::<f32>();
            }
        }
        c
    }

    #[test]
    fn matmul_matches_naive_on_odd_shapes() {
        for &(m, k, n) in &[(1, 3, 5), (13, 40, 33), (200, 64, 96), (25, 384, 70)] {
            let a: Vec<f32> = (0..m * k).map(|i| ((i * 7919) % 23) as f32 / 23.0 - 0.5).collect();
            let w: Vec<f32> = (0..n * k).map(|i| ((i * 104_729) % 19) as f32 / 19.0 - 0.5).collect();
            let bias: Vec<f32> = (0..n).map(|j| j as f32 * 0.01).collect();
            let want = naive(&a, m, k, &w, n, &bias);
            let b = PackedB::from_linear(&w, n, k);
            for isa in Isa::available() {
                let mut c = vec![0.0; m * n];
                matmul(isa, &a, k, m, &b, &mut c, n, Init { accumulate: false, bias: Some(&bias) }, Epilogue::None);
                for (g, w) in c.iter().zip(&want) {
                    assert!((g - w).abs() < 1e-4, "{isa:?} {m}x{k}x{n}: {g} vs {w}");
                }
                matmul(isa, &a, k, m, &b, &mut c, n, Init { accumulate: true, bias: None }, Epilogue::None);
                for (idx, (g, w)) in c.iter().zip(&want).enumerate() {
                    let twice = 2.0 * w - bias[idx % n];
                    assert!((g - twice).abs() < 1e-4, "accumulate {m}x{k}x{n}");
                }
            }
        }
    }
}
