//! AMX tile geometry and the `B`-tile layout: weights (and, for
//! attention, keys and values) converted once to bf16 pairs, 16 k-pairs ×
//! 16 columns per 1 KiB tile, each tile on a cache line. The products that
//! read them are in `amx`.

use std::arch::x86_64::{
    __m512bh, __m512i, _mm512_cvtne2ps_pbh, _mm512_i32scatter_epi32, _mm512_loadu_ps, _mm512_loadu_si512,
    _mm512_mullo_epi32, _mm512_permutexvar_epi16, _mm512_set1_epi32, _mm512_setr_epi32, _mm512_storeu_si512,
};

use super::aligned::Aligned;

/// Rows per accumulator tile and per activation tile.
pub(super) const TILE_ROWS: usize = 16;
/// bf16 values along `k` per tile row (64 bytes).
pub(super) const TILE_K: usize = 32;
/// Output columns per accumulator tile.
pub(super) const TILE_N: usize = 16;
/// f32 to bf16, round to nearest even (as `VCVTNEPS2BF16`).
pub(super) fn bf16(x: f32) -> u16 {
    // The top half of a u32 fits in u16.
    #[allow(clippy::cast_possible_truncation)]
    let out = (super::math::round_bf16(x).to_bits() >> 16) as u16;
    out
}

/// A `k × n` weight matrix in AMX `B`-tile layout, zero-padded to whole tiles.
#[derive(Debug, Clone)]
pub struct AmxB {
    pub(super) k: usize,
    pub(super) n: usize,
    pub(super) k_tiles: usize,
    pub(super) n_tiles: usize,
    pub(super) tiles: Aligned<u16>,
    /// `bf16(w - f32(bf16(w)))`: the low halves for split (bf16×3) products.
    low: Option<Aligned<u16>>,
}

impl AmxB {
    /// Packs a PyTorch `Linear` weight `w[n][k]` (out × in) as `B = wᵀ`.
    #[must_use]
    pub fn from_linear(w: &[f32], n: usize, k: usize) -> Self {
        let (k_tiles, n_tiles) = (k.div_ceil(TILE_K), n.div_ceil(2 * TILE_N) * 2);
        let tiles = pack(w, n, k, k_tiles, n_tiles, bf16);
        Self { k, n, k_tiles, n_tiles, tiles, low: None }
    }

    /// Like [`from_linear`](Self::from_linear), plus the rounding residue
    /// of every weight, for bf16×3 products with about f32 accuracy:
    /// `a·b ≈ hi(a)·hi(b) + hi(a)·lo(b) + lo(a)·hi(b)`.
    #[must_use]
    pub fn from_linear_split(w: &[f32], n: usize, k: usize) -> Self {
        let mut b = Self::from_linear(w, n, k);
        b.low = Some(pack(w, n, k, b.k_tiles, b.n_tiles, |x| bf16(x - widen(bf16(x)))));
        b
    }

    /// `B[kk][j] = at(j, kk)` for `j < n`, `kk < k`, rounded to bf16: a
    /// matrix read in place (e.g. one attention head's keys or values).
    #[must_use]
    pub fn from_fn(n: usize, k: usize, at: impl Fn(usize, usize) -> f32) -> Self {
        let (k_tiles, n_tiles) = (k.div_ceil(TILE_K), n.div_ceil(2 * TILE_N) * 2);
        let tiles = pack_with(n, k, k_tiles, n_tiles, |j, kk| bf16(at(j, kk)));
        Self { k, n, k_tiles, n_tiles, tiles, low: None }
    }

    /// `B = Kᵀ` for the `n × k` matrix whose row `j` starts at `rows[j·rs]`
    /// (an attention head's keys: `n` keys of `k` values), rounded to bf16.
    #[must_use]
    pub fn transposed_rows(rows: &[f32], rs: usize, n: usize, k: usize) -> Self {
        if !k.is_multiple_of(TILE_K) {
            return Self::from_fn(n, k, |j, kk| rows[j * rs + kk]);
        }
        // SAFETY: `available()` (the caller's contract for AMX use) implies
        // AVX-512 BF16; every row read has `k` values.
        Self::packed(n, k, |k_tiles, tiles| unsafe { pack_keys(rows, rs, n, k_tiles, tiles) })
    }

    /// `B` = the `k × n` matrix whose row `kk` starts at `rows[kk·rs]` (an
    /// attention head's values: `k` keys of `n` values), rounded to bf16.
    #[must_use]
    pub fn rows(rows: &[f32], rs: usize, k: usize, n: usize) -> Self {
        if !n.is_multiple_of(TILE_N) {
            return Self::from_fn(n, k, |j, kk| rows[kk * rs + j]);
        }
        // SAFETY: as in `transposed_rows`.
        Self::packed(n, k, |k_tiles, tiles| unsafe { pack_values(rows, rs, k, n, k_tiles, tiles) })
    }

    /// Zeroed tiles for an `n × k` matrix, filled by `fill(k_tiles, tiles)`.
    fn packed(n: usize, k: usize, fill: impl FnOnce(usize, &mut [u16])) -> Self {
        let (k_tiles, n_tiles) = (k.div_ceil(TILE_K), n.div_ceil(2 * TILE_N) * 2);
        let mut tiles = Aligned::zeroed(n_tiles * k_tiles * TILE_K * TILE_N);
        fill(k_tiles, &mut tiles);
        Self { k, n, k_tiles, n_tiles, tiles, low: None }
    }

    /// Products per output: 3 for split products (needs split weights), else 1.
    pub(super) fn segments(&self, split: bool) -> usize {
        if split && self.low.is_some() { 3 } else { 1 }
    }

    /// True when built by [`from_linear_split`](Self::from_linear_split).
    #[must_use]
    pub fn is_split(&self) -> bool {
        self.low.is_some()
    }

    /// The high weights of column tiles `nt` and `nt + 1` (all their
    /// k-tiles, contiguous); empty past the last.
    pub(super) fn panel(&self, nt: usize) -> &[u16] {
        let len = 2 * self.k_tiles * TILE_K * TILE_N;
        self.tiles.get(nt * self.k_tiles * TILE_K * TILE_N..).and_then(|t| t.get(..len)).unwrap_or(&[])
    }

    /// Tile `kt` of the kernel's inner loop over `segments() · k_tiles`
    /// tiles: the high weights, then (split) the low ones, then high again,
    /// matching activations laid out as `[hi | hi | lo]`.
    pub(super) fn tile(&self, nt: usize, kt: usize) -> *const u16 {
        // Segment 1 exists only for split products.
        let (segment, kt) = (kt / self.k_tiles, kt % self.k_tiles);
        let tiles = match (&self.low, segment) {
            (Some(low), 1) => low,
            _ => &self.tiles,
        };
        tiles[(nt * self.k_tiles + kt) * TILE_K * TILE_N..].as_ptr()
    }
}

/// bf16 to f32 (exact).
pub(super) fn widen(x: u16) -> f32 {
    f32::from_bits(u32::from(x) << 16)
}

/// Packs `w[n][k]` into `B`-tile layout, converting each value with `to16`.
fn pack(w: &[f32], n: usize, k: usize, k_tiles: usize, n_tiles: usize, to16: impl Fn(f32) -> u16) -> Aligned<u16> {
    pack_with(n, k, k_tiles, n_tiles, |j, kk| to16(w[j * k + kk]))
}

/// Packs the `n × k` values `at(j, kk)` (output `j`, input `kk`) into
/// `B`-tile layout, already as bf16 bits.
fn pack_with(n: usize, k: usize, k_tiles: usize, n_tiles: usize, at: impl Fn(usize, usize) -> u16) -> Aligned<u16> {
    let mut tiles = Aligned::zeroed(n_tiles * k_tiles * TILE_K * TILE_N);
    for nt in 0..n_tiles {
        for kt in 0..k_tiles {
            let tile = &mut tiles[(nt * k_tiles + kt) * TILE_K * TILE_N..][..TILE_K * TILE_N];
            for pair in 0..TILE_K / 2 {
                for col in 0..TILE_N {
                    for half in 0..2 {
                        let (kk, j) = (kt * TILE_K + 2 * pair + half, nt * TILE_N + col);
                        if kk < k && j < n {
                            tile[(pair * TILE_N + col) * 2 + half] = at(j, kk);
                        }
                    }
                }
            }
        }
    }
    tiles
}

/// [`AmxB::transposed_rows`] for `k` a whole number of tiles: each key's
/// 32 values of a k-tile become 16 bf16 pairs, scattered down the tile's
/// column for that key.
#[target_feature(enable = "avx512f,avx512bf16,avx512vl,avx512bw")]
fn pack_keys(rows: &[f32], rs: usize, n: usize, k_tiles: usize, tiles: &mut [u16]) {
    let index = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), _mm512_set1_epi32(16));
    for j in 0..n {
        let (nt, col) = (j / TILE_N, j % TILE_N);
        for kt in 0..k_tiles {
            let src = &rows[j * rs + kt * TILE_K..][..TILE_K];
            let tile = &mut tiles[(nt * k_tiles + kt) * TILE_K * TILE_N..][..TILE_K * TILE_N];
            // SAFETY: `src` holds 32 floats; the 16 dword stores land at
            // dwords `16·p + col` (p < 16) of the 256-dword tile.
            // The scatter's dword stores need no alignment.
            #[allow(clippy::cast_ptr_alignment)]
            unsafe {
                let lo = _mm512_loadu_ps(src.as_ptr());
                let hi = _mm512_loadu_ps(src[16..].as_ptr());
                let pairs: __m512i = std::mem::transmute::<__m512bh, __m512i>(_mm512_cvtne2ps_pbh(hi, lo));
                _mm512_i32scatter_epi32::<4>(tile.as_mut_ptr().cast::<i32>().add(col), index, pairs);
            }
        }
    }
}

/// [`AmxB::rows`] for `n` a whole number of tiles: two consecutive rows'
/// 16 values of an n-tile, interleaved, make one tile row.
#[target_feature(enable = "avx512f,avx512bf16,avx512vl,avx512bw")]
fn pack_values(rows: &[f32], rs: usize, k: usize, n: usize, k_tiles: usize, tiles: &mut [u16]) {
    const ORDER: [u16; 32] = [0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31];
    // SAFETY: ORDER holds 64 bytes.
    let interleave = unsafe { _mm512_loadu_si512(ORDER.as_ptr().cast()) };
    let zero = [0.0f32; TILE_N];
    for nt in 0..n / TILE_N {
        for kk in (0..k).step_by(2) {
            let (kt, pair) = (kk / TILE_K, (kk % TILE_K) / 2);
            let a = &rows[kk * rs + nt * TILE_N..][..TILE_N];
            let b = if kk + 1 < k { &rows[(kk + 1) * rs + nt * TILE_N..][..TILE_N] } else { &zero[..] };
            let dst = &mut tiles[((nt * k_tiles + kt) * TILE_K / 2 + pair) * TILE_N * 2..][..TILE_N * 2];
            // SAFETY: `a` and `b` hold 16 floats; `dst` holds 32 bf16.
            unsafe {
                let both: __m512i =
                    std::mem::transmute::<__m512bh, __m512i>(_mm512_cvtne2ps_pbh(_mm512_loadu_ps(b.as_ptr()), _mm512_loadu_ps(a.as_ptr())));
                _mm512_storeu_si512(dst.as_mut_ptr().cast(), _mm512_permutexvar_epi16(interleave, both));
            }
        }
    }
}
