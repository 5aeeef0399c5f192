//! Feature hashing: a feature is a template id plus a string (or number),
//! hashed to 64 bits with a fixed function so models are portable.

/// A fixed 64-bit hash of `bytes`, eight bytes at a time (multiply and
/// rotate, then a `SplitMix64` avalanche): fast on short keys, identical on
/// every platform, so model files are portable.
#[inline]
pub fn hash_bytes(bytes: &[u8], seed: u64) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = seed.wrapping_mul(K) ^ (bytes.len() as u64).wrapping_mul(0x100_0000_01b3);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h ^ w).wrapping_mul(K).rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(buf)).wrapping_mul(K).rotate_left(29);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Hash of a feature: template id and key.
#[inline]
pub fn feature(template: u16, key: &str) -> u64 {
    hash_bytes(key.as_bytes(), u64::from(template))
}

/// Hash of a feature with two keys (e.g. a word bigram).
#[inline]
pub fn feature2(template: u16, a: &str, b: &str) -> u64 {
    let h = hash_bytes(a.as_bytes(), u64::from(template));
    hash_bytes(b.as_bytes(), h)
}

/// A deterministic random number generator (`SplitMix64`) for shuffling.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform draw in `[0, 1)` (24 random bits).
    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// A uniform index below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable() {
        // Model files depend on these exact values.
        assert_eq!(feature(1, "terrorist"), feature(1, "terrorist"));
        assert_ne!(feature(1, "terrorist"), feature(2, "terrorist"));
        assert_ne!(feature2(3, "ab", "c"), feature2(3, "a", "bc"));
        assert_ne!(feature(1, "a"), feature(1, "a\0"), "length counts");
        assert_ne!(feature(1, "internationalisation"), feature(1, "internationalisatiom"), "past 8 bytes");
        assert_eq!(feature(1, "terrorist"), 0x8806_b595_968f_e13a);
    }

    #[test]
    fn shuffle_is_deterministic() {
        let mut a: Vec<u32> = (0..20).collect();
        let mut b = a.clone();
        SplitMix64::new(7).shuffle(&mut a);
        SplitMix64::new(7).shuffle(&mut b);
        assert_eq!(a, b);
        assert_ne!(a, (0..20).collect::<Vec<_>>());
    }
}
