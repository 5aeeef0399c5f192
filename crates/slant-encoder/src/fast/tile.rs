//! Strided micro-kernel jobs (used by attention, where operands are views
//! into the fused query/key/value buffer rather than packed weights).

use super::gemm::MR;
use super::isa::Isa;

/// One micro-kernel job: rows `0..m` of `A` times one `B` panel of width
/// `n_valid` (at most 32) into `C`. Pointers index row-major strided
/// matrices.
#[derive(Clone, Copy)]
pub struct Tile {
    /// Rows of `A` and `C`.
    pub m: usize,
    /// Inner dimension.
    pub k: usize,
    /// Row 0, column 0 of `A`.
    pub a: *const f32,
    /// Row stride of `A` (floats).
    pub a_rs: usize,
    /// Row 0 of the `B` panel.
    pub b: *const f32,
    /// Row stride of `B` (32 for packed panels).
    pub b_rs: usize,
    /// Row 0, column 0 of `C`.
    pub c: *mut f32,
    /// Row stride of `C`.
    pub c_rs: usize,
    /// Columns actually computed (at most 32).
    pub n_valid: usize,
    /// Add to `C` instead of overwriting it.
    pub accumulate: bool,
    /// Per-column bias or null.
    pub bias: *const f32,
}

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

