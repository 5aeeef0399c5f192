//! The micro-kernels' contract: the job shapes every kernel family
//! (`portable`, `avx2`, `avx512`, `neon`) computes, and the block sizes they
//! share. The drivers (`gemm` for packed weights, `tile` for strided views)
//! fill these in and dispatch; the kernels read them and import nothing
//! else of ours.

/// Width of one panel of `B` (two AVX-512 registers).
pub const NR: usize = 32;
/// Rows of `A` per micro-kernel call.
pub const MR: usize = 12;

/// One packed micro-kernel job: an `MR × k` micro-panel of `A` (k-major,
/// zero-padded) times a `k × 32` panel of `B` into `m ≤ MR` rows of `C`.
#[derive(Clone, Copy)]
pub struct PackedTile {
    /// Valid rows (the rest of the micro-panel is padding).
    pub m: usize,
    /// Inner dimension.
    pub k: usize,
    /// The packed `A` micro-panel: `a[kk * MR + i]`.
    pub a: *const f32,
    /// The packed `B` panel: `b[kk * 32 + j]`.
    pub b: *const f32,
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
