//! A safe row-major matrix product over the `gemm` crate, with either
//! operand read transposed: what training the heads needs (forward,
//! `Xᵀ·dH`, `dZ·Wᵀ`) without copying.

/// `c (+)= op(a) · op(b)` for row-major slices: `op(a)` is `m × k` (`a` is
/// stored `k × m` when `a_t`), `op(b)` is `k × n` (`b` stored `n × k` when
/// `b_t`), `c` is `m × n`. Large products run on the rayon pool.
///
/// # Panics
/// If a slice is shorter than its shape.
pub fn gemm(m: usize, n: usize, k: usize, a: &[f32], a_t: bool, b: &[f32], b_t: bool, c: &mut [f32], accumulate: bool) {
    assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n, "gemm: slices shorter than {m}×{k}·{k}×{n}");
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        if !accumulate {
            c[..m * n].fill(0.0);
        }
        return;
    }
    // (row stride, column stride) of each operand, in elements.
    let (a_rs, a_cs) = if a_t { (1, m as isize) } else { (k as isize, 1) };
    let (b_rs, b_cs) = if b_t { (1, k as isize) } else { (n as isize, 1) };
    let threads = rayon::current_num_threads();
    let parallelism =
        if threads > 1 && m * n * k >= 1 << 20 { ::gemm::Parallelism::Rayon(threads) } else { ::gemm::Parallelism::None };
    // SAFETY: the asserts above keep every index the strides reach inside
    // the slices (a: max (m-1)·a_rs + (k-1)·a_cs < m·k, likewise b and c);
    // `c` is borrowed mutably and does not alias `a` or `b`.
    unsafe {
        ::gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            1,
            n as isize,
            accumulate,
            a.as_ptr(),
            a_cs,
            a_rs,
            b.as_ptr(),
            b_cs,
            b_rs,
            1.0,
            1.0,
            false,
            false,
            false,
            parallelism,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(m: usize, n: usize, k: usize, a: &[f32], a_t: bool, b: &[f32], b_t: bool) -> Vec<f32> {
        let mut c = vec![0.0; m * n];
        for i in 0..m {
            for j in 0..n {
                for p in 0..k {
                    let x = if a_t { a[p * m + i] } else { a[i * k + p] };
                    let y = if b_t { b[j * k + p] } else { b[p * n + j] };
                    c[i * n + j] += x * y;
                }
            }
        }
        c
    }

    #[test]
    fn matches_naive_in_every_layout() {
        let (m, n, k) = (37, 19, 130);
        let a: Vec<f32> = (0..m * k).map(|i| ((i * 7) % 11) as f32 - 5.0).collect();
        let b: Vec<f32> = (0..k * n).map(|i| ((i * 5) % 13) as f32 - 6.0).collect();
        for (a_t, b_t) in [(false, false), (true, false), (false, true), (true, true)] {
            let want = naive(m, n, k, &a, a_t, &b, b_t);
            let mut c = vec![1.0; m * n];
            gemm(m, n, k, &a, a_t, &b, b_t, &mut c, false);
            assert_eq!(c, want, "a_t {a_t} b_t {b_t}");
            gemm(m, n, k, &a, a_t, &b, b_t, &mut c, true);
            let twice: Vec<f32> = want.iter().map(|x| 2.0 * x).collect();
            assert_eq!(c, twice);
        }
    }
}
