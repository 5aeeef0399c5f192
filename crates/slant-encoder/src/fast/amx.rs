//! bf16 matrix multiply on Intel AMX tiles (`TDPBF16PS`), f32 accumulation.
//!
//! Weights are converted once into AMX `B`-tile layout (16 k-pairs × 16
//! columns × 2); each work item converts its rows of activations (up to
//! 256) to bf16 `A`-tile layout and computes 32 × 32 output blocks in four
//! accumulator tiles, column pair by column pair, prefetching the next
//! pair's weights. Every tile starts on a cache line ([`Aligned`]). Tile
//! registers: `tmm0..3` accumulators, `tmm4..5` activations, `tmm6..7`
//! weights. Rust has no stable AMX intrinsics, so the tile instructions are
//! inline assembly; the rest uses stable AVX-512 intrinsics.

use std::arch::asm;
use std::arch::x86_64::{
    __m256bh, __m256i, __m512, __mmask16, _MM_HINT_T1, _mm_prefetch, _mm256_storeu_si256, _mm512_add_ps,
    _mm512_castsi512_ps, _mm512_cvtepu16_epi32, _mm512_cvtneps_pbh, _mm512_loadu_ps, _mm512_mask_storeu_ps,
    _mm512_maskz_loadu_ps, _mm512_slli_epi32, _mm512_sub_ps,
};
use std::cell::RefCell;
use std::sync::OnceLock;

use rayon::prelude::*;

use super::aligned::Aligned;
pub use super::amx_tiles::AmxB;
use super::amx_tiles::{TILE_K, TILE_N, TILE_ROWS, bf16, widen};
use super::gemm::{Epilogue, Init, SendPtr};

/// Rows per work item (two tiles high).
const BLOCK_ROWS: usize = 2 * TILE_ROWS;
/// Most rows per work item: up to eight blocks share each column pair's
/// weights, fetched once from L3 and then read from L2. (32-row items
/// fetched all of a 768 × 3072 matrix again for every 32 rows; with
/// 256-row items and 64-byte aligned tiles MPNet's first six layers run
/// at about 9,000 word pieces/s on two threads instead of 8,000.)
const ITEM_ROWS: usize = 8 * BLOCK_ROWS;
/// k-tiles per pass over the output columns. Smaller blocks keep a slice
/// of the activations in L1 but reload the accumulators; 4, 8 and 16 were
/// no faster than whole rows here, so this only bounds very long rows.
const K_BLOCK: usize = 64;

/// True when the CPU has AMX-BF16 and the kernel granted this process
/// the tile-data state (Linux `arch_prctl(ARCH_REQ_XCOMP_PERM)`).
pub fn available() -> bool {
    static OK: OnceLock<bool> = OnceLock::new();
    *OK.get_or_init(|| {
        // CPUID.(7,0):EDX bit 22 = AMX-BF16, bit 24 = AMX-TILE.
        let leaf = std::arch::x86_64::__cpuid_count(7, 0);
        let cpu = leaf.edx & (1 << 22) != 0 && leaf.edx & (1 << 24) != 0;
        let bf16 = std::is_x86_feature_detected!("avx512bf16") && std::is_x86_feature_detected!("avx512f");
        let allowed = super::isa::Cap::from_env() >= super::isa::Cap::Native;
        allowed && cpu && bf16 && cfg!(target_os = "linux") && request_tile_permission()
    })
}

fn request_tile_permission() -> bool {
    const SYS_ARCH_PRCTL: i64 = 158;
    const ARCH_REQ_XCOMP_PERM: i64 = 0x1023;
    const XFEATURE_XTILEDATA: i64 = 18;
    let ret: i64;
    // SAFETY: arch_prctl only changes this process's permitted XSAVE
    // features; it reads no memory.
    unsafe {
        asm!("syscall", inlateout("rax") SYS_ARCH_PRCTL => ret, in("rdi") ARCH_REQ_XCOMP_PERM,
            in("rsi") XFEATURE_XTILEDATA, lateout("rcx") _, lateout("r11") _, options(nostack));
    }
    ret == 0
}

/// The 64-byte tile configuration block of `LDTILECFG` (palette 1, eight
/// tiles of 16 rows × 64 bytes).
#[repr(C, align(64))]
struct TileConfig {
    palette: u8,
    start_row: u8,
    reserved: [u8; 14],
    colsb: [u16; 16],
    rows: [u8; 16],
}

static CONFIG: TileConfig = TileConfig {
    palette: 1,
    start_row: 0,
    reserved: [0; 14],
    colsb: [64, 64, 64, 64, 64, 64, 64, 64, 0, 0, 0, 0, 0, 0, 0, 0],
    rows: [16, 16, 16, 16, 16, 16, 16, 16, 0, 0, 0, 0, 0, 0, 0, 0],
};

thread_local! {
    /// Per-thread bf16 copy of the item's rows, and the f32 output block.
    static SCRATCH: RefCell<(Aligned<u16>, Aligned<f32>)> = RefCell::new((Aligned::default(), Aligned::default()));
}

/// Converts rows of `a` to bf16 in `A`-tile layout: each tile (16 rows ×
/// 32 values, 1 KiB) contiguous, a row's k-tiles consecutive, then the
/// next 16 rows'. A row is `[hi]` or (split) `[hi | hi | lo]`, each
/// segment `seg` values wide (`k` rounded up to whole tiles); rows past
/// `rows` and columns past `k` are zero. (Contiguous tiles avoid rows
/// thousands of bytes apart; no speed difference was measured.)
#[target_feature(enable = "avx512f,avx512bf16,avx512vl,avx512bw")]
fn convert_rows(a: &[f32], a_rs: usize, rows: std::ops::Range<usize>, k: usize, seg: usize, split: bool, out: &mut [u16]) {
    let segments = if split { 3 } else { 1 };
    let kts = segments * seg / TILE_K;
    if rows.len() * kts * TILE_K < out.len() || k < seg {
        out.fill(0);
    }
    // Index in `out` of row `i`, segment `s`, column `col`.
    let at = |i: usize, s: usize, col: usize| {
        ((i / TILE_ROWS * kts + (s * seg + col) / TILE_K) * TILE_ROWS + i % TILE_ROWS) * TILE_K + col % TILE_K
    };
    for (i, r) in rows.enumerate() {
        let src = &a[r * a_rs..][..k];
        let mut chunks = src.chunks_exact(16);
        let mut col = 0;
        for c in &mut chunks {
            // SAFETY: `c` holds 16 floats; 16 values from a multiple of 16
            // stay inside one tile row of `out`, which holds every row
            // tile the item needs (the caller sizes it).
            unsafe {
                let v: __m512 = _mm512_loadu_ps(c.as_ptr());
                let hi: __m256i = std::mem::transmute::<__m256bh, __m256i>(_mm512_cvtneps_pbh(v));
                _mm256_storeu_si256(out[at(i, 0, col)..][..16].as_mut_ptr().cast(), hi);
                if split {
                    _mm256_storeu_si256(out[at(i, 1, col)..][..16].as_mut_ptr().cast(), hi);
                    let hi32 = _mm512_castsi512_ps(_mm512_slli_epi32::<16>(_mm512_cvtepu16_epi32(hi)));
                    let lo = _mm512_cvtneps_pbh(_mm512_sub_ps(v, hi32));
                    _mm256_storeu_si256(out[at(i, 2, col)..][..16].as_mut_ptr().cast(), std::mem::transmute::<__m256bh, __m256i>(lo));
                }
            }
            col += 16;
        }
        for (j, x) in chunks.remainder().iter().enumerate() {
            let hi = bf16(*x);
            out[at(i, 0, col + j)] = hi;
            if split {
                out[at(i, 1, col + j)] = hi;
                out[at(i, 2, col + j)] = bf16(x - widen(hi));
            }
        }
    }
}

/// `C = A · B (+ bias)` or `C += …`, then `epilogue`, in bf16 on AMX.
/// Same contract as [`super::gemm::matmul`]; call only when [`available`].
/// `parallel` spreads 32-row blocks over the rayon pool; `split` computes
/// bf16×3 products (about f32 accuracy, three times the tile work) when `b`
/// has split weights.
///
/// # Panics
/// If a slice is too short for the stated shape.
pub fn matmul(
    a: &[f32],
    a_rs: usize,
    m: usize,
    b: &AmxB,
    c: &mut [f32],
    c_rs: usize,
    init: Init<'_>,
    epilogue: Epilogue<'_>,
    parallel: bool,
    split: bool,
) {
    if m == 0 {
        return;
    }
    assert!(available(), "amx::matmul without AMX");
    super::gemm::check_shapes("amx::matmul", a, a_rs, m, b.k, b.n, c, c_rs, init, epilogue);
    let cp = SendPtr(c.as_mut_ptr());
    // Parallel products keep every thread busy on short inputs too.
    let item_rows =
        if parallel { m.div_ceil(rayon::current_num_threads().max(1)).next_multiple_of(BLOCK_ROWS).min(ITEM_ROWS) } else { ITEM_ROWS };
    let job = |item: usize| {
        let rows = item * item_rows..m.min((item + 1) * item_rows);
        let blocks = rows.len().div_ceil(BLOCK_ROWS);
        SCRATCH.with_borrow_mut(|(a16, out)| {
            let seg = b.k_tiles * TILE_K;
            let segments = b.segments(split);
            let stride = segments * seg;
            let out_rs = b.n_tiles * TILE_N;
            a16.reuse(blocks * BLOCK_ROWS * stride);
            out.reuse(blocks * BLOCK_ROWS * out_rs);
            let k_tiles = segments * b.k_tiles;
            // SAFETY: `available()` checked AVX-512 BF16 and AMX above.
            unsafe {
                convert_rows(a, a_rs, rows.clone(), b.k, seg, segments == 3, a16);
                configure();
                if k_tiles <= K_BLOCK {
                    // One pass: each 32 x 32 block goes straight to `C`.
                    out.reuse(BLOCK_ROWS * 2 * TILE_N);
                    for nt in (0..b.n_tiles).step_by(2) {
                        // The next column pair's weights, fetched into L2
                        // a slice per block while this pair computes.
                        let next = b.panel(nt + 2);
                        let share = next.len().div_ceil(blocks).next_multiple_of(32);
                        for blk in 0..blocks {
                            let a_blk = &a16[blk * BLOCK_ROWS * stride..];
                            let pf = next.get(blk * share..next.len().min((blk + 1) * share)).unwrap_or(&[]);
                            compute_block(b, a_blk, stride, 0..k_tiles, nt, out, 2 * TILE_N, 0, pf);
                            let r = rows.start + blk * BLOCK_ROWS..rows.end.min(rows.start + (blk + 1) * BLOCK_ROWS);
                            store_block(out, 2 * TILE_N, r, nt * TILE_N, b.n, cp.get(), c_rs, init);
                        }
                    }
                    asm!("tilerelease", options(nostack));
                    return;
                }
                // Accumulators live in `out` between passes of `K_BLOCK` k-tiles.
                for k0 in (0..k_tiles).step_by(K_BLOCK) {
                    for nt in (0..b.n_tiles).step_by(2) {
                        for blk in 0..blocks {
                            let a_blk = &a16[blk * BLOCK_ROWS * stride..];
                            let o_blk = &mut out[blk * BLOCK_ROWS * out_rs..];
                            compute_block(b, a_blk, stride, k0..k_tiles.min(k0 + K_BLOCK), nt, o_blk, out_rs, nt * TILE_N, &[]);
                        }
                    }
                }
                asm!("tilerelease", options(nostack));
                for blk in 0..blocks {
                    let r = rows.start + blk * BLOCK_ROWS..rows.end.min(rows.start + (blk + 1) * BLOCK_ROWS);
                    let o_blk = &out[blk * BLOCK_ROWS * out_rs..];
                    for nt in (0..b.n_tiles).step_by(2) {
                        store_block(&o_blk[nt * TILE_N..], out_rs, r.clone(), nt * TILE_N, b.n, cp.get(), c_rs, init);
                    }
                }
            }
        });
        // SAFETY: this item owns rows `rows` of `c`, each `b.n` wide at stride `c_rs`.
        unsafe { super::gemm::finish_rows(super::Isa::Avx512, epilogue, cp.get(), rows, c_rs, b.n) };
    };
    if parallel {
        (0..m.div_ceil(item_rows)).into_par_iter().for_each(job);
    } else {
        (0..m.div_ceil(item_rows)).for_each(job);
    }
}

/// Loads the tile configuration for this thread.
///
/// # Safety
/// AMX must be [`available`].
unsafe fn configure() {
    // SAFETY: CONFIG is a valid palette-1 configuration.
    unsafe { asm!("ldtilecfg [{}]", in(reg) &raw const CONFIG, options(nostack, readonly)) };
}

/// Accumulates k-tiles `kts` of one 32 × 32 output block (column tiles
/// `nt`, `nt + 1`) into `out` (row stride `out_rs` floats), starting from
/// zero when `kts` starts at 0.
///
/// # Safety
/// AMX configured by [`configure`]; `a16` holds 32 rows of `stride` bf16 in
/// `A`-tile layout ([`convert_rows`]);
/// `out` holds 32 rows of `out_rs >= (nt + 2) · 16` floats.
unsafe fn compute_block(
    b: &AmxB,
    a16: &[u16],
    stride: usize,
    kts: std::ops::Range<usize>,
    nt: usize,
    out: &mut [f32],
    out_rs: usize,
    col: usize,
    prefetch: &[u16],
) {
    // Cache lines (32 bf16 each) to prefetch per k-tile.
    let lines = prefetch.len().div_ceil(32);
    let per_kt = lines.div_ceil(kts.len().max(1));
    let mut next_line = 0;
    let a_bytes = TILE_K * 2;
    let b_bytes = TILE_N * 4;
    let o_bytes = out_rs * 4;
    let o = out[col..].as_mut_ptr();
    // SAFETY: every tile access reads or writes 16 rows × 64 bytes inside
    // `a16`, a packed weight tile, or `out` (caller's contract).
    unsafe {
        let (o0, o1) = (o, o.add(TILE_N));
        let (o2, o3) = (o.add(TILE_ROWS * out_rs), o.add(TILE_ROWS * out_rs + TILE_N));
        if kts.start == 0 {
            asm!("tilezero tmm0", "tilezero tmm1", "tilezero tmm2", "tilezero tmm3", options(nostack, nomem));
        } else {
            asm!(
                "tileloadd tmm0, [{o0} + {s}*1]",
                "tileloadd tmm1, [{o1} + {s}*1]",
                "tileloadd tmm2, [{o2} + {s}*1]",
                "tileloadd tmm3, [{o3} + {s}*1]",
                o0 = in(reg) o0, o1 = in(reg) o1, o2 = in(reg) o2, o3 = in(reg) o3, s = in(reg) o_bytes,
                options(nostack, readonly),
            );
        }
        for kt in kts {
            for _ in 0..per_kt.min(lines - next_line) {
                _mm_prefetch::<_MM_HINT_T1>(prefetch.as_ptr().add(next_line * 32).cast());
                next_line += 1;
            }
            let a0 = a16[kt * TILE_ROWS * TILE_K..].as_ptr();
            let a1 = a16[TILE_ROWS * stride + kt * TILE_ROWS * TILE_K..].as_ptr();
            asm!(
                "tileloadd tmm4, [{a0} + {as_}*1]",
                "tileloadd tmm6, [{b0} + {bs}*1]",
                "tileloadd tmm7, [{b1} + {bs}*1]",
                "tdpbf16ps tmm0, tmm4, tmm6",
                "tileloadd tmm5, [{a1} + {as_}*1]",
                "tdpbf16ps tmm1, tmm4, tmm7",
                "tdpbf16ps tmm2, tmm5, tmm6",
                "tdpbf16ps tmm3, tmm5, tmm7",
                a0 = in(reg) a0, a1 = in(reg) a1,
                b0 = in(reg) b.tile(nt, kt), b1 = in(reg) b.tile(nt + 1, kt),
                as_ = in(reg) a_bytes, bs = in(reg) b_bytes,
                options(nostack, readonly),
            );
        }
        asm!(
            "tilestored [{o0} + {s}*1], tmm0",
            "tilestored [{o1} + {s}*1], tmm1",
            "tilestored [{o2} + {s}*1], tmm2",
            "tilestored [{o3} + {s}*1], tmm3",
            o0 = in(reg) o0, o1 = in(reg) o1, o2 = in(reg) o2, o3 = in(reg) o3, s = in(reg) o_bytes,
            options(nostack),
        );
    }
}

fn mask(valid: usize) -> __mmask16 {
    // At most 16 bits set.
    #[allow(clippy::cast_possible_truncation)]
    let m = if valid >= 16 { 0xFFFF } else { ((1u32 << valid) - 1) as u16 };
    m
}

/// Adds bias (and the old `C` when accumulating) to the 32 × 32 block in
/// `out` (row stride `out_rs`) and writes the valid part to `C` at columns
/// `col..`.
///
/// # Safety
/// `c` points at a matrix with rows `rows` of at least `n` columns, stride `c_rs`.
#[target_feature(enable = "avx512f")]
unsafe fn store_block(out: &[f32], out_rs: usize, rows: std::ops::Range<usize>, col: usize, n: usize, c: *mut f32, c_rs: usize, init: Init<'_>) {
    for (i, r) in rows.enumerate() {
        for half in 0..2 {
            let j = col + half * TILE_N;
            if j >= n {
                break;
            }
            let mk = mask(n - j);
            // SAFETY: `out` holds 32 rows of `out_rs` floats; masked accesses stay
            // within columns < n of row r, bias has n entries.
            unsafe {
                let mut v = _mm512_loadu_ps(out[i * out_rs + half * TILE_N..].as_ptr());
                let dst = c.add(r * c_rs + j);
                if let Some(bias) = init.bias {
                    v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(mk, bias[j..].as_ptr()));
                }
                if init.accumulate {
                    v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(mk, dst));
                }
                _mm512_mask_storeu_ps(dst, mk, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attention_packers_match_the_generic_one() {
        if !available() {
            eprintln!("skipping: no AMX");
            return;
        }
        let rs = 200;
        let rows: Vec<f32> = (0..40 * rs).map(|i| ((i * 7919) % 101) as f32 / 7.0 - 7.0).collect();
        // Keys: n keys of k values (k whole tiles); values: k keys of n values (n whole tiles, k odd too).
        for (n, k) in [(37, 64), (16, 32), (1, 32)] {
            let (fast, slow) = (AmxB::transposed_rows(&rows, rs, n, k), AmxB::from_fn(n, k, |j, kk| rows[j * rs + kk]));
            assert_eq!((fast.k, fast.n, fast.k_tiles, fast.n_tiles), (slow.k, slow.n, slow.k_tiles, slow.n_tiles));
            assert_eq!(fast.tiles[..], slow.tiles[..], "keys {n} × {k}");
        }
        for (k, n) in [(37, 64), (32, 32), (1, 16), (40, 48)] {
            let (fast, slow) = (AmxB::rows(&rows, rs, k, n), AmxB::from_fn(n, k, |j, kk| rows[kk * rs + j]));
            assert_eq!(fast.tiles[..], slow.tiles[..], "values {k} × {n}");
        }
    }

    #[test]
    fn matches_f32_product_on_odd_shapes() {
        if !available() {
            eprintln!("skipping: no AMX");
            return;
        }
        let shapes = [(1, 3, 5), (33, 40, 33), (70, 384, 96), (16, 64, 16), (20, 2100, 20), (300, 72, 40), (777, 64, 33), (600, 96, 100)];
        let mut serial: Vec<f32> = Vec::new();
        for (&(m, k, n), parallel) in shapes.iter().flat_map(|s| [(s, false), (s, true)]) {
            // Values exactly representable in bf16, so only accumulation order differs.
            let a: Vec<f32> = (0..m * k).map(|i| ((i * 7919) % 23) as f32 / 16.0 - 0.75).collect();
            let w: Vec<f32> = (0..n * k).map(|i| ((i * 104_729) % 19) as f32 / 16.0 - 0.5).collect();
            let bias: Vec<f32> = (0..n).map(|j| j as f32 * 0.25).collect();
            let b = AmxB::from_linear(&w, n, k);
            let mut c = vec![1.0; m * n];
            matmul(&a, k, m, &b, &mut c, n, Init { accumulate: true, bias: Some(&bias) }, Epilogue::None, parallel, false);
            // Items of different sizes sum each output in the same order.
            if parallel {
                assert!(c == serial, "{m}x{k}x{n}: parallel and serial products differ");
            } else {
                serial.clone_from(&c);
            }
            for i in 0..m {
                for j in 0..n {
                    let want = 1.0 + bias[j] + (0..k).map(|kk| a[i * k + kk] * w[j * k + kk]).sum::<f32>();
                    assert!((c[i * n + j] - want).abs() < 1e-3, "{m}x{k}x{n} at ({i},{j}): {} vs {want}", c[i * n + j]);
                }
            }
        }
    }

    #[test]
    fn split_products_are_close_to_f32() {
        if !available() {
            eprintln!("skipping: no AMX");
            return;
        }
        let (m, k, n) = (40, 200, 48);
        let a: Vec<f32> = (0..m * k).map(|i| ((i * 7919 % 1013) as f32 / 1013.0 - 0.5) * 1.7).collect();
        let w: Vec<f32> = (0..n * k).map(|i| ((i * 104_729 % 997) as f32 / 997.0 - 0.5) * 0.3).collect();
        let want: Vec<f64> = (0..m * n)
            .map(|ij| (0..k).map(|kk| f64::from(a[ij / n * k + kk]) * f64::from(w[ij % n * k + kk])).sum())
            .collect();
        let err = |b: &AmxB| {
            let mut c = vec![0.0; m * n];
            matmul(&a, k, m, b, &mut c, n, Init { accumulate: false, bias: None }, Epilogue::None, false, true);
            c.iter().zip(&want).map(|(g, w)| (f64::from(*g) - w).abs()).fold(0.0, f64::max)
        };
        let (plain, split) = (err(&AmxB::from_linear(&w, n, k)), err(&AmxB::from_linear_split(&w, n, k)));
        eprintln!("max abs error: bf16 {plain:.2e}, bf16x3 {split:.2e}");
        assert!(split < 2e-5 && split * 50.0 < plain, "bf16 error {plain:e}, bf16x3 error {split:e}");
    }

    #[test]
    fn bf16_rounds_to_nearest_even() {
        assert_eq!(bf16(1.0), 0x3F80);
        assert_eq!(bf16(f32::from_bits(0x3F80_8000)), 0x3F80); // tie, even stays
        assert_eq!(bf16(f32::from_bits(0x3F81_8000)), 0x3F82); // tie, odd rounds up
        assert_eq!(bf16(-2.0), 0xC000);
    }
}
