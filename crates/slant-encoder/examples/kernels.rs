//! Micro-benchmarks of the fast path's kernels on the model's shapes:
//! the FMA peaks (AVX-512, AVX2), our packed GEMM on every path this CPU
//! has against the `gemm` crate (its own dispatch, and its AVX2 kernel),
//! and the row kernels. Throughput is per CPU-second of this process, so it
//! stays meaningful on a shared machine.
//!
//! usage: `RAYON_NUM_THREADS=1 cargo run --release --example kernels`

// Timing calls into libc (clock_gettime) and the kernels need unsafe.
#![allow(unsafe_code)]

use std::fmt::Write as _;
use std::time::Instant;

use slant_encoder::fast::Isa;
use slant_encoder::fast::gemm::{Epilogue, Init, PackedB, matmul};
use slant_encoder::fast::math::{gelu, softmax_rows};

fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let tick = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

/// Runs `f` for about a second; returns (calls per wall second, per CPU second).
#[allow(clippy::many_single_char_names, reason = "wall and CPU seconds, rates")]
fn rate(mut f: impl FnMut()) -> (f64, f64) {
    f();
    let (t, c) = (Instant::now(), cpu_seconds());
    let mut n = 0;
    while t.elapsed().as_secs_f64() < 1.5 {
        f();
        n += 1;
    }
    let (w, c) = (t.elapsed().as_secs_f64(), (cpu_seconds() - c).max(0.01));
    (f64::from(n) / w, f64::from(n) / c)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,fma")]
fn fma_chains(iters: usize) -> f32 {
    use std::arch::x86_64::{_mm512_fmadd_ps, _mm512_reduce_add_ps, _mm512_set1_ps};
    let (a, b) = (_mm512_set1_ps(std::hint::black_box(1.000_000_1)), _mm512_set1_ps(std::hint::black_box(0.999_999_9)));
    let mut c = [_mm512_set1_ps(0.0); 12];
    for _ in 0..iters / 100 {
        for _ in 0..100 {
            for r in &mut c {
                *r = _mm512_fmadd_ps(a, b, *r);
            }
        }
        c = std::hint::black_box(c);
    }
    c.iter().map(|&r| _mm512_reduce_add_ps(r)).sum()
}

/// The same FMA chains on 256-bit registers (the AVX2 + FMA peak).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn fma_chains_avx2(iters: usize) -> f32 {
    use std::arch::x86_64::{_mm256_fmadd_ps, _mm256_set1_ps, _mm256_storeu_ps};
    let (a, b) = (_mm256_set1_ps(std::hint::black_box(1.000_000_1)), _mm256_set1_ps(std::hint::black_box(0.999_999_9)));
    let mut c = [_mm256_set1_ps(0.0); 12];
    for _ in 0..iters / 100 {
        for _ in 0..100 {
            for r in &mut c {
                *r = _mm256_fmadd_ps(a, b, *r);
            }
        }
        c = std::hint::black_box(c);
    }
    let mut out = [0f32; 8];
    // SAFETY: `out` holds 8 floats.
    unsafe { _mm256_storeu_ps(out.as_mut_ptr(), c[0]) };
    out.iter().sum()
}

/// The FMA peak of each vector width this CPU has, one thread.
fn fma_peaks() {
    #[cfg(target_arch = "x86_64")]
    {
        let iters = 1_000_000;
        if Isa::Avx512.supported() {
            // SAFETY: AVX-512F detected.
            let (w, c) = rate(|| {
                std::hint::black_box(unsafe { fma_chains(iters) });
            });
            let flop = (iters * 12 * 32) as f64 / 1e9;
            println!("fma peak, AVX-512 (1 thread): {:.0} GFLOP/s wall, {:.0} per cpu-s", w * flop, c * flop);
        }
        if Isa::Avx2.supported() {
            // SAFETY: AVX2 and FMA detected.
            let (w, c) = rate(|| {
                std::hint::black_box(unsafe { fma_chains_avx2(iters) });
            });
            let flop = (iters * 12 * 16) as f64 / 1e9;
            println!("fma peak, AVX2 (1 thread): {:.0} GFLOP/s wall, {:.0} per cpu-s", w * flop, c * flop);
        }
    }
}

/// The `gemm` crate's AVX2 + FMA kernel (`B` read as `Wᵀ` in place), called
/// past its dispatch, which would pick AVX-512 on a CPU that has it.
#[cfg(target_arch = "x86_64")]
#[allow(clippy::many_single_char_names, reason = "GEMM dimensions and operands")]
fn gemm_crate_avx2(m: usize, k: usize, n: usize, a: &[f32], w: &[f32], c: &mut [f32], par: gemm::Parallelism) {
    use gemm_common::simd::{MixedSimd, V3};
    use gemm_f32::microkernel::fma::f32 as ukr;
    let Some(simd) = <V3 as MixedSimd<f32, f32, f32, f32>>::try_new() else { return };
    #[allow(clippy::cast_possible_wrap)]
    // SAFETY: the buffers match the stated shapes; V3 was detected.
    unsafe {
        gemm_common::gemm::gemm_basic_generic::<V3, f32, 8, { ukr::MR_DIV_N * 8 }, { ukr::NR }, { ukr::MR_DIV_N }, { ukr::H_M }, { ukr::H_N }>(
            simd, m, n, k, c.as_mut_ptr(), 1, n as isize, false, a.as_ptr(), 1, k as isize, w.as_ptr(), k as isize, 1,
            0.0, 1.0, false, false, false, |x, y, z| x * y + z, &ukr::UKR, &ukr::H_UKR, false, par,
        );
    }
}

#[allow(clippy::many_single_char_names, reason = "GEMM dimensions and operands")]
fn main() {
    let isa = Isa::detect();
    let paths = Isa::available();
    println!("isa {isa:?} (paths {paths:?}), {} rayon threads", rayon::current_num_threads());
    fma_peaks();
    let par = match rayon::current_num_threads() {
        1 => gemm::Parallelism::None,
        t => gemm::Parallelism::Rayon(t),
    };
    for &(m, k, n) in &[(256, 384, 1152), (256, 384, 1536), (256, 1536, 384), (256, 768, 2304), (256, 3072, 768), (2048, 384, 1536)] {
        let a: Vec<f32> = (0..m * k).map(|i| (i % 97) as f32 * 0.01).collect();
        let w: Vec<f32> = (0..n * k).map(|i| (i % 89) as f32 * 0.01).collect();
        let b = PackedB::from_linear(&w, n, k);
        let mut c = vec![0f32; m * n];
        let flop = 2.0 * (m * n * k) as f64 / 1e9;
        let mut line = format!("gemm {m}x{k}x{n}, GFLOP/s per cpu-s:");
        for &p in &paths {
            let ours = rate(|| matmul(p, &a, k, m, &b, &mut c, n, Init { accumulate: false, bias: None }, Epilogue::None));
            let _ = write!(line, " ours {p:?} {:.0};", ours.1 * flop);
        }
        let theirs = rate(|| unsafe {
            // SAFETY: all three buffers match the stated shapes.
            gemm::gemm(m, n, k, c.as_mut_ptr(), 1, n as isize, false, a.as_ptr(), 1, k as isize, w.as_ptr(), k as isize, 1, 0.0, 1.0, false, false, false, par);
        });
        let _ = write!(line, " gemm crate (own dispatch) {:.0}", theirs.1 * flop);
        #[cfg(target_arch = "x86_64")]
        if Isa::Avx2.supported() {
            let avx2 = rate(|| gemm_crate_avx2(m, k, n, &a, &w, &mut c, par));
            let _ = write!(line, "; gemm crate AVX2 {:.0}", avx2.1 * flop);
        }
        println!("{line}");
    }
    amx_shapes();
    for &p in &paths {
        let mut rows: Vec<f32> = (0..256 * 256).map(|i| (i % 13) as f32 * 0.1).collect();
        let (_, c) = rate(|| softmax_rows(p, &mut rows, 256, 256));
        let mut xs: Vec<f32> = (0..65536).map(|i| (i % 101) as f32 * 0.05 - 2.5).collect();
        let (_, g) = rate(|| gelu(p, &mut xs));
        println!("{p:?}: softmax {:.0}, gelu {:.0} M elements per cpu-s", c * 65536.0 / 1e6, g * 65536.0 / 1e6);
    }
}

/// The bf16 AMX product on MiniLM's shapes (hidden 384) and MPNet's (768),
/// 256 rows as one row-local block: is MPNet's lower speed relative to
/// PyTorch the larger weight matrices (they outgrow L2)?
#[cfg(target_arch = "x86_64")]
fn amx_shapes() {
    use slant_encoder::fast::amx;
    if !amx::available() {
        println!("amx: not available");
        return;
    }
    let shapes = [(256, 384, 1152), (256, 384, 1536), (256, 1536, 384), (256, 768, 2304), (256, 768, 3072), (256, 3072, 768)];
    for &(m, k, n) in &shapes {
        let a: Vec<f32> = (0..m * k).map(|i| (i % 97) as f32 * 0.01).collect();
        let w: Vec<f32> = (0..n * k).map(|i| (i % 89) as f32 * 0.01).collect();
        let b = amx::AmxB::from_linear_split(&w, n, k);
        let mut c = vec![0f32; m * n];
        let flop = 2.0 * (m * n * k) as f64 / 1e9;
        let init = || Init { accumulate: false, bias: None };
        let serial = rate(|| amx::matmul(&a, k, m, &b, &mut c, n, init(), Epilogue::None, false, false));
        // A batch of 8 windows of 256 pieces, over every thread.
        let big = 8 * m;
        let a8: Vec<f32> = (0..big * k).map(|i| (i % 97) as f32 * 0.01).collect();
        let mut c8 = vec![0f32; big * n];
        let par = rate(|| amx::matmul(&a8, k, big, &b, &mut c8, n, init(), Epilogue::None, true, false));
        println!(
            "amx bf16 {m}x{k}x{n} (B {:.1} MB in bf16), one thread: {:.0} GFLOP/s per cpu-s; {big} rows on {} threads: {:.0} GFLOP/s wall",
            (n * k * 2) as f64 / 1e6,
            serial.1 * flop,
            rayon::current_num_threads(),
            par.0 * flop * 8.0
        );
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn amx_shapes() {}
