//! Buffers whose data starts on a 64-byte cache line. An AMX tile row is
//! 64 bytes: loaded from an address off a line boundary it spans two
//! lines, and `TILELOADD` then runs several times slower (measured here:
//! 17 ns instead of 2.5 ns a tile).

/// One cache line of storage.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Line([u8; 64]);

const ZERO: Line = Line([0; 64]);

/// Plain numbers that may be read from any bytes, all zero bits being zero.
pub trait Plain: Copy + Default {}
impl Plain for u16 {}
impl Plain for f32 {}

/// A growable, zero-initialised buffer of `T` starting on a cache line.
#[derive(Clone)]
pub struct Aligned<T: Plain> {
    lines: Vec<Line>,
    len: usize,
    _t: std::marker::PhantomData<T>,
}

impl<T: Plain> Default for Aligned<T> {
    fn default() -> Self {
        Self { lines: Vec::new(), len: 0, _t: std::marker::PhantomData }
    }
}

impl<T: Plain> std::fmt::Debug for Aligned<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Aligned({} values)", self.len)
    }
}

impl<T: Plain> Aligned<T> {
    /// `len` zeros.
    #[must_use]
    pub fn zeroed(len: usize) -> Self {
        let mut a = Self::default();
        a.reuse(len);
        a
    }

    /// Sets the length to `len` for a scratch buffer that is overwritten
    /// before it is read: the storage only grows (new lines zero), and
    /// values past the old length are whatever was stored there last.
    pub fn reuse(&mut self, len: usize) {
        let lines = (len * size_of::<T>()).div_ceil(64);
        if lines > self.lines.len() {
            self.lines.resize(lines, ZERO);
        }
        self.len = len;
    }
}

impl<T: Plain> std::ops::Deref for Aligned<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        // SAFETY: `lines` holds at least `len · size_of::<T>()` initialised
        // bytes, aligned for any `T` (64 ≥ its alignment); `Plain` types
        // accept any bit pattern.
        unsafe { std::slice::from_raw_parts(self.lines.as_ptr().cast(), self.len) }
    }
}

impl<T: Plain> std::ops::DerefMut for Aligned<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        // SAFETY: as in `deref`, borrowed mutably.
        unsafe { std::slice::from_raw_parts_mut(self.lines.as_mut_ptr().cast(), self.len) }
    }
}

#[cfg(test)]
mod tests {
    use super::Aligned;

    #[test]
    fn starts_on_a_line_and_zeroes_new_storage() {
        let mut a = Aligned::<u16>::zeroed(5);
        assert_eq!(a.as_ptr() as usize % 64, 0);
        assert!(a.iter().all(|&x| x == 0));
        a.fill(7);
        a.reuse(3);
        a.reuse(70);
        // The first line (32 values) kept what was stored; the new ones are zero.
        assert_eq!(&a[..5], &[7; 5]);
        assert!(a[32..].iter().all(|&x| x == 0));
        let b = a.clone();
        assert_eq!(b.as_ptr() as usize % 64, 0);
        assert_eq!(&b[..], &a[..]);
        a.fill(9);
        a.reuse(2);
        a.reuse(64);
        assert!(a.iter().all(|&x| x == 9), "reuse keeps the storage as it was");
        let f = Aligned::<f32>::zeroed(33);
        assert_eq!((f.len(), f.as_ptr() as usize % 64), (33, 0));
    }
}
