//! Fast CPU inference path: packed f32 weights, our own GEMM micro-kernels
//! (f32 on AVX2 + FMA, AVX-512 or NEON, chosen at run time; bf16 on AMX or
//! AVX-512 BF16) and fused row kernels, parallel with rayon.

#[cfg(target_arch = "x86_64")]
mod aligned;
#[cfg(target_arch = "x86_64")]
pub mod amx;
#[cfg(target_arch = "x86_64")]
mod amx_tiles;
mod attention;
#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
pub mod bf16;
#[cfg(target_arch = "x86_64")]
mod avx512;
#[cfg(target_arch = "x86_64")]
mod avx512_math;
pub mod dense;
pub mod gemm;
pub mod isa;
mod linear;
pub mod math;
mod microkernel;
mod model;
#[cfg(target_arch = "aarch64")]
mod neon;
mod portable;
pub mod relative;
mod tile;

pub use isa::{Cap, Isa, CPU_ENV};
pub use model::{FastBert, Precision};
