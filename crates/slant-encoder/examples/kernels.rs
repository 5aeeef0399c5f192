//! Micro-benchmarks of the fast path's kernels on the model's shapes:
//! the AVX-512 FMA peak, our packed GEMM against the `gemm` crate, and
//! the row kernels. Throughput is per CPU-second of this process, so it
//! stays meaningful on a shared machine.
//!
//! usage: `RAYON_NUM_THREADS=1 cargo run --release --example kernels`

// Timing calls into libc (clock_gettime) and the kernels need unsafe.
#![allow(unsafe_code)]

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

#[allow(clippy::many_single_char_names, reason = "GEMM dimensions and operands")]
fn main() {
    let isa = Isa::detect();
    println!("isa {isa:?}, {} rayon threads", rayon::current_num_threads());
    #[cfg(target_arch = "x86_64")]
    if isa == Isa::Avx512 {
        let iters = 1_000_000;
        let (w, c) = rate(|| {
            // SAFETY: Isa::Avx512 means the features were detected.
            std::hint::black_box(unsafe { fma_chains(iters) });
        });
        let flop = (iters * 12 * 32) as f64 / 1e9;
        println!("fma peak (1 thread): {:.0} GFLOP/s wall, {:.0} per cpu-s", w * flop, c * flop);
    }
    for &(m, k, n) in &[(256, 384, 1152), (256, 384, 384), (256, 384, 1536), (256, 1536, 384), (2048, 384, 1536)] {
        let a: Vec<f32> = (0..m * k).map(|i| (i % 97) as f32 * 0.01).collect();
        let w: Vec<f32> = (0..n * k).map(|i| (i % 89) as f32 * 0.01).collect();
        let b = PackedB::from_linear(&w, n, k);
        let mut c = vec![0f32; m * n];
        let flop = 2.0 * (m * n * k) as f64 / 1e9;
        let ours = rate(|| matmul(isa, &a, k, m, &b, &mut c, n, Init { accumulate: false, bias: None }, Epilogue::None));
        let par = match rayon::current_num_threads() {
            1 => gemm::Parallelism::None,
            t => gemm::Parallelism::Rayon(t),
        };
        let theirs = rate(|| unsafe {
            // SAFETY: all three buffers match the stated shapes.
            gemm::gemm(m, n, k, c.as_mut_ptr(), 1, n as isize, false, a.as_ptr(), 1, k as isize, w.as_ptr(), k as isize, 1, 0.0, 1.0, false, false, false, par);
        });
        println!(
            "gemm {m}x{k}x{n}: ours {:.0} GFLOP/s ({:.0} per cpu-s), gemm crate {:.0} ({:.0} per cpu-s)",
            ours.0 * flop, ours.1 * flop, theirs.0 * flop, theirs.1 * flop
        );
    }
    amx_shapes();
    let mut rows: Vec<f32> = (0..256 * 256).map(|i| (i % 13) as f32 * 0.1).collect();
    let (_, c) = rate(|| softmax_rows(isa, &mut rows, 256, 256));
    println!("softmax: {:.0} M elements per cpu-s", c * 65536.0 / 1e6);
    let mut xs: Vec<f32> = (0..65536).map(|i| (i % 101) as f32 * 0.05 - 2.5).collect();
    let (_, c) = rate(|| gelu(isa, &mut xs));
    println!("gelu: {:.0} M elements per cpu-s", c * 65536.0 / 1e6);
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
