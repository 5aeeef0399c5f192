//! bf16 matrix multiply with AVX-512 BF16 (`VDPBF16PS`), f32 accumulation:
//! the [`super::Precision::Bf16`] path on CPUs that have the instruction
//! but no AMX (AMD Zen 4 and later, some Xeons). Each instruction
//! multiplies 16 pairs of bf16 values and adds both products to 16 f32
//! sums, twice the multiply rate of f32 FMA.
//!
//! The layout follows [`super::gemm`]: `B` in 32-column panels, here with
//! each column's values for `k` and `k + 1` side by side (one 32-bit lane);
//! each work item converts its rows of `A` to bf16 pairs (rounded to
//! nearest even, as the AMX path and [`super::Precision::Bf16Emulated`]
//! round) in `MR`-row micro-panels.

use std::arch::x86_64::{
    __m512bh, _mm512_add_ps, _mm512_cvtne2ps_pbh, _mm512_loadu_ps, _mm512_dpbf16_ps, _mm512_mask_storeu_ps, _mm512_maskz_loadu_ps,
    _mm512_set1_epi32, _mm512_setzero_ps,
};
use std::sync::OnceLock;

use rayon::prelude::*;

use super::avx512::masks;
use super::gemm::{Epilogue, Init, MR, NR, SendPtr, check_shapes, finish_rows, rows_per_item};
use super::isa::Isa;

/// Inner-dimension block in pairs of `k` (a `2·KP × 32` panel of `B` is
/// 24 KiB, inside L1).
const KP: usize = 96;

/// True when the CPU has AVX-512 BF16 (and the AVX-512 the rest of the
/// fast path uses).
pub fn available() -> bool {
    static OK: OnceLock<bool> = OnceLock::new();
    *OK.get_or_init(|| {
        super::isa::Cap::from_env() >= super::isa::Cap::Avx512Bf16
            && Isa::detect() == Isa::Avx512
            && std::is_x86_feature_detected!("avx512bf16")
    })
}

/// f32 to bf16 bits, rounded to nearest even.
fn bf16(x: f32) -> u16 {
    (super::math::round_bf16(x).to_bits() >> 16) as u16
}

/// A pair of bf16 values in one 32-bit lane: `lo` in the low half.
fn pair(lo: f32, hi: f32) -> u32 {
    u32::from(bf16(lo)) | (u32::from(bf16(hi)) << 16)
}

/// A `k × n` matrix in bf16, packed into `ceil(n / 32)` zero-padded panels
/// of `ceil(k / 2)` rows of 32 pairs.
#[derive(Debug, Clone)]
pub struct PackedB16 {
    k: usize,
    n: usize,
    data: Vec<u32>,
}

impl PackedB16 {
    /// Packs a PyTorch `Linear` weight `w[n][k]` (out × in) as `B = wᵀ`.
    #[must_use]
    pub fn from_linear(w: &[f32], n: usize, k: usize) -> Self {
        let (panels, pairs) = (n.div_ceil(NR), k.div_ceil(2));
        let at = |kk: usize, j: usize| if kk < k && j < n { w[j * k + kk] } else { 0.0 };
        let mut data = vec![0; panels * pairs * NR];
        for p in 0..panels {
            for kp in 0..pairs {
                for jj in 0..NR {
                    let j = p * NR + jj;
                    data[(p * pairs + kp) * NR + jj] = pair(at(2 * kp, j), at(2 * kp + 1, j));
                }
            }
        }
        Self { k, n, data }
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

    fn pairs(&self) -> usize {
        self.k.div_ceil(2)
    }

    /// Pair rows `kps` of panel `p`.
    fn panel(&self, p: usize, kps: std::ops::Range<usize>) -> &[u32] {
        let base = p * self.pairs();
        &self.data[(base + kps.start) * NR..(base + kps.end) * NR]
    }
}

/// Converts rows `rows` × pair columns `kps` of `A` (`k` wide) into
/// `MR`-row, pair-major, zero-padded micro-panels of bf16 pairs.
///
/// # Safety
/// AVX-512F and AVX-512 BF16.
#[target_feature(enable = "avx512f,avx512bf16")]
unsafe fn pack_a(a: &[f32], a_rs: usize, k: usize, rows: std::ops::Range<usize>, kps: std::ops::Range<usize>, out: &mut Vec<u32>) {
    let width = kps.len();
    let panels = rows.len().div_ceil(MR);
    out.clear();
    out.resize(panels * MR * width, 0);
    let cols = 2 * kps.start..k.min(2 * kps.end);
    for (p, dst) in out.chunks_exact_mut(MR * width).enumerate() {
        let r0 = rows.start + p * MR;
        for i in 0..MR.min(rows.end - r0) {
            let row = &a[(r0 + i) * a_rs..][cols.clone()];
            let mut chunks = row.chunks_exact(32);
            let mut j = 0;
            for c in &mut chunks {
                // SAFETY: `c` holds 32 floats; AVX-512 BF16 is enabled.
                let pairs: [u32; 16] = unsafe {
                    let lo = _mm512_loadu_ps(c.as_ptr());
                    let hi = _mm512_loadu_ps(c.as_ptr().add(16));
                    std::mem::transmute(_mm512_cvtne2ps_pbh(hi, lo))
                };
                for (q, v) in pairs.into_iter().enumerate() {
                    dst[(j + q) * MR + i] = v;
                }
                j += 16;
            }
            for (q, two) in chunks.remainder().chunks(2).enumerate() {
                dst[(j + q) * MR + i] = pair(two[0], two.get(1).copied().unwrap_or(0.0));
            }
        }
    }
}

thread_local! {
    /// Per-thread packed `A` block.
    static PACKED_A: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `C = A · B (+ bias)` or `C += …`, then `epilogue`, with bf16 operands.
/// Same contract as [`super::gemm::matmul`]; call only when [`available`].
///
/// # Panics
/// If a slice is too short for the stated shape, or without AVX-512 BF16.
pub fn matmul(
    a: &[f32],
    a_rs: usize,
    m: usize,
    b: &PackedB16,
    c: &mut [f32],
    c_rs: usize,
    init: Init<'_>,
    epilogue: Epilogue<'_>,
    parallel: bool,
) {
    if m == 0 {
        return;
    }
    assert!(available(), "bf16::matmul without AVX-512 BF16");
    check_shapes("bf16::matmul", a, a_rs, m, b.k, b.n, c, c_rs, init, epilogue);
    let per = if parallel { rows_per_item(m) } else { super::gemm::MC };
    let cp = SendPtr(c.as_mut_ptr());
    let job = |item: usize| {
        let rows = item * per..m.min((item + 1) * per);
        PACKED_A.with_borrow_mut(|packed| {
            let mut kp0 = 0;
            while kp0 < b.pairs() {
                let kps = kp0..b.pairs().min(kp0 + KP);
                // SAFETY: `available()` checked the features.
                unsafe { pack_a(a, a_rs, b.k, rows.clone(), kps.clone(), packed) };
                for p in 0..b.n.div_ceil(NR) {
                    let col = p * NR;
                    let panel = b.panel(p, kps.clone());
                    for (mp, a_panel) in packed.chunks_exact(MR * kps.len()).enumerate() {
                        let r = rows.start + mp * MR;
                        let t = Tile {
                            m: MR.min(rows.end - r),
                            pairs: kps.len(),
                            a: a_panel.as_ptr(),
                            b: panel.as_ptr(),
                            // SAFETY: r < m and col < n: inside `c` (asserted).
                            c: unsafe { cp.get().add(r * c_rs + col) },
                            c_rs,
                            n_valid: NR.min(b.n - col),
                            accumulate: init.accumulate || kp0 > 0,
                            bias: match init.bias {
                                Some(bias) if kp0 == 0 => bias[col..].as_ptr(),
                                _ => std::ptr::null(),
                            },
                        };
                        // SAFETY: `available()` checked the features; the
                        // shapes were checked above; items own disjoint rows.
                        unsafe { tile(&t) };
                    }
                }
                kp0 = kps.end;
            }
        });
        // SAFETY: this item owns rows `rows` of `c`, each `b.n` wide at stride `c_rs`.
        unsafe { finish_rows(Isa::Avx512, epilogue, cp.get(), rows, c_rs, b.n) };
    };
    if parallel {
        (0..m.div_ceil(per)).into_par_iter().for_each(job);
    } else {
        (0..m.div_ceil(per)).for_each(job);
    }
}

/// One micro-kernel job: an `MR`-row micro-panel of `A` pairs times a
/// panel of `B` pairs into `m ≤ MR` rows of `C`. Its accumulator set-up
/// and stores repeat `avx512::packed_tile`'s: shared helpers are not
/// inlined across `target_feature` functions (`#[inline(always)]` is not
/// allowed there) and cost the f32 kernel about 4 %.
struct Tile {
    m: usize,
    pairs: usize,
    /// `a[kp * MR + i]`.
    a: *const u32,
    /// `b[kp * 32 + j]`.
    b: *const u32,
    c: *mut f32,
    c_rs: usize,
    n_valid: usize,
    accumulate: bool,
    bias: *const f32,
}

/// # Safety
/// AVX-512F and AVX-512 BF16; `a` readable for `pairs × MR` lanes, `b` for
/// `pairs × 32`, `c` writable for `m` rows × `n_valid` columns at stride
/// `c_rs`, `bias` null or `n_valid` long.
#[target_feature(enable = "avx512f,avx512bf16")]
unsafe fn tile(t: &Tile) {
    let (m0, m1) = masks(t.n_valid);
    // SAFETY: reads and writes stay inside the documented tile; rows >= m
    // and columns >= n_valid of C are never touched.
    unsafe {
        let mut lo = [_mm512_setzero_ps(); MR];
        let mut hi = [_mm512_setzero_ps(); MR];
        if t.accumulate {
            for i in 0..t.m.min(MR) {
                lo[i] = _mm512_maskz_loadu_ps(m0, t.c.add(i * t.c_rs));
                hi[i] = _mm512_maskz_loadu_ps(m1, t.c.add(i * t.c_rs + 16));
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
        for _ in 0..t.pairs {
            let b0: __m512bh = std::ptr::read_unaligned(b.cast());
            let b1: __m512bh = std::ptr::read_unaligned(b.add(16).cast());
            for i in 0..MR {
                let av: __m512bh = std::mem::transmute(_mm512_set1_epi32((*a.add(i)).cast_signed()));
                lo[i] = _mm512_dpbf16_ps(lo[i], av, b0);
                hi[i] = _mm512_dpbf16_ps(hi[i], av, b1);
            }
            a = a.add(MR);
            b = b.add(NR);
        }
        for i in 0..t.m.min(MR) {
            _mm512_mask_storeu_ps(t.c.add(i * t.c_rs), m0, lo[i]);
            _mm512_mask_storeu_ps(t.c.add(i * t.c_rs + 16), m1, hi[i]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fast::gemm::{PackedB, matmul as matmul_f32};
    use crate::fast::math::round_bf16;

    #[test]
    fn matches_f32_on_bf16_rounded_operands() {
        if !available() {
            eprintln!("skipping: this CPU has no AVX-512 BF16");
            return;
        }
        for &(m, k, n) in &[(1, 3, 5), (13, 41, 33), (200, 384, 96), (25, 1536, 70)] {
            let a: Vec<f32> = (0..m * k).map(|i| ((i * 7919) % 23) as f32 / 23.0 - 0.5).collect();
            let w: Vec<f32> = (0..n * k).map(|i| ((i * 104_729) % 19) as f32 / 19.0 - 0.5).collect();
            let bias: Vec<f32> = (0..n).map(|j| j as f32 * 0.01).collect();
            // The f32 kernel on operands rounded as this path rounds them.
            let (ar, wr): (Vec<f32>, Vec<f32>) = (a.iter().map(|&x| round_bf16(x)).collect(), w.iter().map(|&x| round_bf16(x)).collect());
            let mut want = vec![0.0; m * n];
            let init = Init { accumulate: false, bias: Some(&bias) };
            matmul_f32(Isa::detect(), &ar, k, m, &PackedB::from_linear(&wr, n, k), &mut want, n, init, Epilogue::None);
            let b = PackedB16::from_linear(&w, n, k);
            for parallel in [true, false] {
                let mut c = vec![0.0; m * n];
                matmul(&a, k, m, &b, &mut c, n, init, Epilogue::None, parallel);
                for (g, w) in c.iter().zip(&want) {
                    assert!((g - w).abs() < 1e-3 * (1.0 + w.abs()), "{m}x{k}x{n}: {g} vs {w}");
                }
                matmul(&a, k, m, &b, &mut c, n, Init { accumulate: true, bias: None }, Epilogue::None, parallel);
                for (idx, (g, w)) in c.iter().zip(&want).enumerate() {
                    let twice = 2.0 * w - bias[idx % n];
                    assert!((g - twice).abs() < 2e-3 * (1.0 + w.abs()), "accumulate {m}x{k}x{n}: {g} vs {twice}");
                }
            }
        }
    }

    #[test]
    fn pairs_put_the_even_index_low() {
        assert_eq!(pair(1.0, -2.0), 0xC000_3F80);
        let b = PackedB16::from_linear(&[1.0, 2.0, 3.0], 1, 3);
        assert_eq!(b.data[0], pair(1.0, 2.0));
        assert_eq!(b.data[NR], pair(3.0, 0.0), "odd k is padded with zero");
    }
}
