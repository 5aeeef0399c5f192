//! Strided micro-kernel jobs (used by attention, where operands are views
//! into the fused query/key/value buffer rather than packed weights).

use super::isa::Isa;
pub use super::microkernel::{MR, Tile};

/// Runs a tile with the best kernel for `isa`.
///
/// # Safety
/// `a` must be readable for `m` rows × `k` columns at stride `a_rs`; `b`
/// for `k` rows × `n_valid` columns at stride `b_rs`; `c` writable for `m`
/// rows × `n_valid` columns at stride `c_rs`; `bias` null or `n_valid` long.
pub unsafe fn run_tile(isa: Isa, t: &Tile) {
    match isa {
        // SAFETY: forwarded from the caller; `Isa::Avx512` implies the
        // features were detected.
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 => unsafe { super::avx512::tile(t) },
        // SAFETY: forwarded; `Isa::Avx2` implies AVX2 and FMA were detected.
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2 => unsafe { super::avx2::tile(t) },
        // SAFETY: forwarded.
        #[cfg(target_arch = "aarch64")]
        Isa::Neon => unsafe { super::neon::tile(t) },
        // SAFETY: forwarded from the caller.
        _ => unsafe { super::portable::tile(t) },
    }
}

/// Runs `t` over all its rows, `MR` rows per micro-kernel call.
///
/// # Safety
/// As [`run_tile`], for the whole `t.m` rows.
pub unsafe fn run_rows(isa: Isa, t: &Tile) {
    let mut r = 0;
    while r < t.m {
        let mr = MR.min(t.m - r);
        // SAFETY: row r..r + mr lies inside the caller's `t.m` rows.
        let sub = unsafe {
            Tile { m: mr, a: t.a.add(r * t.a_rs), c: t.c.add(r * t.c_rs), ..*t }
        };
        // SAFETY: forwarded.
        unsafe { run_tile(isa, &sub) };
        r += mr;
    }
}

