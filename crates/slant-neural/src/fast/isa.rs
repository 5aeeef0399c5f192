//! Instruction-set dispatch: AVX-512 kernels where the CPU has them, portable
//! code elsewhere.

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
            if std::is_x86_feature_detected!("avx512f")
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
