//! Feature hashing: a feature is a template id plus a string (or number),
//! hashed to 64 bits with a fixed function so models are portable.

/// FNV-1a, 64-bit: fixed, fast on short keys, identical on every platform.
#[inline]
pub fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x100_0000_01b3);
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    // Final avalanche (from SplitMix64) so low bits are well mixed.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Hash of a feature: template id and key.
#[inline]
pub fn feature(template: u16, key: &str) -> u64 {
    fnv1a(key.as_bytes(), u64::from(template))
}

/// Hash of a feature with two keys (e.g. a word bigram).
#[inline]
pub fn feature2(template: u16, a: &str, b: &str) -> u64 {
    let h = fnv1a(a.as_bytes(), u64::from(template));
    fnv1a(b.as_bytes(), h)
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
        assert_eq!(feature(1, "terrorist"), 0x9f68a3e6067c789b);
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
