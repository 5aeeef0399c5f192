//! The feature hash: stable across platforms and versions (the model file
//! stores weights by it), cheap, and without allocation.

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a of `s` lowercased (Unicode lowercase, char by char).
pub(crate) fn lower(s: &str) -> u64 {
    let mut h = FNV_OFFSET;
    let mut buf = [0u8; 4];
    for c in s.chars() {
        if c.is_ascii() {
            h = (h ^ u64::from(c.to_ascii_lowercase() as u8)).wrapping_mul(FNV_PRIME);
        } else {
            for l in c.to_lowercase() {
                for &b in l.encode_utf8(&mut buf).as_bytes() {
                    h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
                }
            }
        }
    }
    h
}

/// FNV-1a of raw bytes (pins `lower` in tests).
#[cfg(test)]
pub(crate) fn bytes(b: &[u8]) -> u64 {
    b.iter().fold(FNV_OFFSET, |h, &x| (h ^ u64::from(x)).wrapping_mul(FNV_PRIME))
}

/// Combines a feature template with one value.
pub(crate) fn f1(template: u64, a: u64) -> u64 {
    finish(template.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ a)
}

/// Combines a feature template with two values.
pub(crate) fn f2(template: u64, a: u64, b: u64) -> u64 {
    finish(f1(template, a) ^ b.rotate_left(17).wrapping_mul(0xc2b2_ae3d_27d4_eb4f))
}

/// Combines a feature template with three values.
pub(crate) fn f3(template: u64, a: u64, b: u64, c: u64) -> u64 {
    finish(f2(template, a, b) ^ c.rotate_left(41).wrapping_mul(0x1656_67b1_9e37_79f9))
}

/// The splitmix64 finaliser: every input bit reaches the high bits, which
/// pick the weight bucket.
fn finish(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_ignores_case_and_is_stable() {
        assert_eq!(lower("SaId"), lower("said"));
        assert_eq!(lower("ÉTÉ"), lower("été"));
        assert_ne!(lower("said"), lower("says"));
        // Pinned: a change here silently breaks every committed model.
        assert_eq!(lower("said"), bytes(b"said"));
        assert_ne!(f2(1, 2, 3), f2(1, 3, 2));
        assert_eq!(bytes(b""), FNV_OFFSET);
        assert_eq!(bytes(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
