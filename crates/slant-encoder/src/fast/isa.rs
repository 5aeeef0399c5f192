//! Instruction-set dispatch: AVX-512 kernels where the CPU has them, portable
//! code elsewhere.
//!
//! `SLANT_CPU` caps what is used, so that one machine can run (and test) the
//! paths of lesser CPUs: `portable` (no SIMD kernels of ours), `avx512`
//! (no bf16 arithmetic), `avx512-bf16` (no AMX), `native` or unset (all the
//! CPU has).

use std::sync::OnceLock;

/// The environment variable that caps the kernels used (see the module
/// documentation).
pub const CPU_ENV: &str = "SLANT_CPU";

/// How far up the kernel families a run may go, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cap {
    /// Portable code only.
    Portable,
    /// AVX-512 f32 kernels, no bf16 arithmetic.
    Avx512,
    /// AVX-512 BF16 dot products, no AMX.
    Avx512Bf16,
    /// Everything the CPU has (the default).
    Native,
}

impl Cap {
    /// The cap `SLANT_CPU` sets, read once; an unknown value is reported on
    /// standard error and ignored.
    #[must_use]
    pub fn from_env() -> Self {
        static CAP: OnceLock<Cap> = OnceLock::new();
        *CAP.get_or_init(|| {
            let Some(value) = std::env::var_os(CPU_ENV) else { return Self::Native };
            let value = value.to_string_lossy().trim().to_ascii_lowercase();
            Self::parse(&value).unwrap_or_else(|| {
                eprintln!("slant: {CPU_ENV}={value:?} is not one of portable, avx2, avx512, avx512-bf16, native; ignored");
                Self::Native
            })
        })
    }

    /// The cap a `SLANT_CPU` value names.
    #[must_use]
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "portable" | "avx2" | "generic" => Self::Portable,
            "avx512" => Self::Avx512,
            "avx512-bf16" | "avx512bf16" => Self::Avx512Bf16,
            "native" | "" => Self::Native,
            _ => return None,
        })
    }
}

/// The kernel family chosen at load time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isa {
    /// Plain Rust; the compiler vectorises for the build target.
    Portable,
    /// AVX-512F with FMA (x86-64-v4).
    Avx512,
}

impl Isa {
    /// The best kernel family this CPU supports.
    #[must_use]
    pub fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        {
            if Cap::from_env() >= Cap::Avx512
                && std::is_x86_feature_detected!("avx512f")
                && std::is_x86_feature_detected!("avx512vl")
                && std::is_x86_feature_detected!("avx512dq")
                && std::is_x86_feature_detected!("avx512bw")
                && std::is_x86_feature_detected!("fma")
            {
                return Self::Avx512;
            }
        }
        Self::Portable
    }
}

/// Defines `pub fn $name(isa, args)` that runs `$body` compiled twice: once
/// for the build target and once with AVX-512 enabled, so the compiler
/// vectorises the same source with 512-bit registers.
macro_rules! multiversion {
    ($(#[$m:meta])* pub fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $body:block) => {
        $(#[$m])*
        pub fn $name(isa: $crate::fast::isa::Isa, $($arg: $ty),*) {
            #[inline(always)]
            fn generic($($arg: $ty),*) $body
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx512f,avx512vl,avx512dq,avx512bw,avx2,fma")]
            fn avx512($($arg: $ty),*) { generic($($arg),*) }
            match isa {
                #[cfg(target_arch = "x86_64")]
                // SAFETY: `Isa::Avx512` is only produced by `Isa::detect`
                // after checking these features at run time.
                $crate::fast::isa::Isa::Avx512 => unsafe { avx512($($arg),*) },
                _ => generic($($arg),*),
            }
        }
    };
}
pub(crate) use multiversion;
