//! Instruction-set dispatch, chosen at run time: AVX-512 kernels where the
//! CPU has them, AVX2 + FMA kernels on other x86-64 CPUs of the last decade
//! (Intel Haswell and later, every AMD Zen), NEON kernels on aarch64, and
//! portable code elsewhere.
//!
//! `SLANT_CPU` caps what is used, so that one machine can run (and test) the
//! paths of lesser CPUs: `portable` (no SIMD kernels of ours), `avx2` (AVX2 +
//! FMA, no AVX-512; on aarch64 `avx2` and `neon` both mean NEON), `avx512`
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
    /// 256-bit-class kernels: AVX2 + FMA on x86-64, NEON on aarch64.
    Avx2,
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
                eprintln!("slant: {CPU_ENV}={value:?} is not one of portable, avx2, neon, avx512, avx512-bf16, native; ignored");
                Self::Native
            })
        })
    }

    /// The cap a `SLANT_CPU` value names.
    #[must_use]
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "portable" | "generic" => Self::Portable,
            "avx2" | "neon" => Self::Avx2,
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
    /// AVX2 with FMA (x86-64-v3).
    Avx2,
    /// AVX-512F with FMA (x86-64-v4).
    Avx512,
    /// NEON (aarch64; every aarch64 CPU has it).
    Neon,
}

impl Isa {
    /// The best kernel family this CPU supports within `SLANT_CPU`.
    #[must_use]
    pub fn detect() -> Self {
        static BEST: OnceLock<Isa> = OnceLock::new();
        *BEST.get_or_init(|| {
            let all = Self::available();
            all.last().copied().unwrap_or(Self::Portable)
        })
    }

    /// Whether this CPU can run the family (whatever `SLANT_CPU` says).
    #[must_use]
    pub fn supported(self) -> bool {
        match self {
            Self::Portable => true,
            #[cfg(target_arch = "x86_64")]
            Self::Avx2 => std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma"),
            #[cfg(target_arch = "x86_64")]
            Self::Avx512 => {
                std::is_x86_feature_detected!("avx512f")
                    && std::is_x86_feature_detected!("avx512vl")
                    && std::is_x86_feature_detected!("avx512dq")
                    && std::is_x86_feature_detected!("avx512bw")
                    && std::is_x86_feature_detected!("fma")
            }
            #[cfg(target_arch = "aarch64")]
            Self::Neon => std::arch::is_aarch64_feature_detected!("neon"),
            #[allow(unreachable_patterns)]
            _ => false,
        }
    }

    /// The cap that allows the family.
    fn cap(self) -> Cap {
        match self {
            Self::Portable => Cap::Portable,
            Self::Avx2 | Self::Neon => Cap::Avx2,
            Self::Avx512 => Cap::Avx512,
        }
    }

    /// Every kernel family this CPU runs within `SLANT_CPU`, slowest first
    /// (portable always): what the tests compare with each other.
    #[must_use]
    pub fn available() -> Vec<Self> {
        let cap = Cap::from_env();
        [Self::Portable, Self::Neon, Self::Avx2, Self::Avx512].into_iter().filter(|i| i.cap() <= cap && i.supported()).collect()
    }

    /// The families this CPU lacks or `SLANT_CPU` excludes, each with why:
    /// what the tests report as skipped.
    #[must_use]
    pub fn unavailable() -> Vec<(Self, &'static str)> {
        let cap = Cap::from_env();
        [Self::Avx2, Self::Avx512, Self::Neon]
            .into_iter()
            .filter_map(|i| {
                if !i.supported() {
                    Some((i, "this CPU (or architecture) lacks it"))
                } else if i.cap() > cap {
                    Some((i, "SLANT_CPU excludes it"))
                } else {
                    None
                }
            })
            .collect()
    }
}

/// Defines `pub fn $name(isa, args)` that runs `$body` compiled three times:
/// for the build target, with AVX2 + FMA and with AVX-512 enabled, so the
/// compiler vectorises the same source with 256- and 512-bit registers (on
/// aarch64 the build target already has NEON).
macro_rules! multiversion {
    ($(#[$m:meta])* pub fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $body:block) => {
        $(#[$m])*
        pub fn $name(isa: $crate::fast::isa::Isa, $($arg: $ty),*) {
            #[inline(always)]
            fn generic($($arg: $ty),*) $body
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx512f,avx512vl,avx512dq,avx512bw,avx2,fma")]
            fn avx512($($arg: $ty),*) { generic($($arg),*) }
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx2,fma")]
            fn avx2($($arg: $ty),*) { generic($($arg),*) }
            match isa {
                #[cfg(target_arch = "x86_64")]
                // SAFETY: `Isa::Avx512` is only produced by `Isa::detect`
                // after checking these features at run time.
                $crate::fast::isa::Isa::Avx512 => unsafe { avx512($($arg),*) },
                #[cfg(target_arch = "x86_64")]
                // SAFETY: as above, for `Isa::Avx2`.
                $crate::fast::isa::Isa::Avx2 => unsafe { avx2($($arg),*) },
                _ => generic($($arg),*),
            }
        }
    };
}
pub(crate) use multiversion;
