//! The training pass of a tuned layer: forward with what the backward pass
//! needs, and a hand-written backward pass over the `gemm` crate, for
//! fine-tuning the top of the encoder. The same maths as
//! [`slant_encoder::BertModel`]'s layers (post-LayerNorm, exact GELU), with
//! optional dropout as BERT's (on the attention probabilities and on both
//! sub-blocks' outputs). Candle's autograd would do the calculus too, at a
//! quarter of the speed; the tests check these gradients against it.

use slant_text::hash::SplitMix64;

use slant_encoder::fast::dense::gemm;
use slant_encoder::fast::relative::RelativeBias;

use crate::tune::layer::{Layer, DOWN_B, DOWN_W, N1_B, N1_G, N2_B, N2_G, OUT_B, OUT_W, QKV_B, QKV_W, UP_B, UP_W};

/// What the backward pass needs from the forward pass of one sequence.
pub struct Cache {
    t: usize,
    x: Vec<f32>,
    /// Per head, `t × d` each: queries, keys, values.
    q: Vec<Vec<f32>>,
    k: Vec<Vec<f32>>,
    v: Vec<Vec<f32>>,
    /// Per head, `t × t` attention probabilities.
    p: Vec<Vec<f32>>,
    ctx: Vec<f32>,
    xhat1: Vec<f32>,
    rstd1: Vec<f32>,
    h1: Vec<f32>,
    u: Vec<f32>,
    f: Vec<f32>,
    xhat2: Vec<f32>,
    rstd2: Vec<f32>,
    /// With dropout: per head, the scaled keep mask of the attention
    /// probabilities (`p` keeps them whole, for the softmax's gradient),
    /// and those of the two sub-blocks' outputs; empty without.
    amask: Vec<Vec<f32>>,
    mask1: Vec<f32>,
    mask2: Vec<f32>,
}

/// Dropout of one training pass: the rate and the masks' random source.
pub struct Dropout<'a> {
    /// Share of values dropped.
    pub rate: f32,
    /// Where the masks come from.
    pub rng: &'a mut SplitMix64,
}

impl Dropout<'_> {
    /// A keep mask of `n` values, kept ones scaled by `1 / (1 - rate)`.
    fn mask(&mut self, n: usize) -> Vec<f32> {
        let keep = 1.0 - self.rate;
        let scale = 1.0 / keep;
        (0..n).map(|_| if ((self.rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32) < keep { scale } else { 0.0 }).collect()
    }
}

// The training pass takes `fast::math`'s erf with std's `exp` (the
// encoder's uses a polynomial `exp`): the committed tuned layers were
// trained with it, and switching would change their bytes on a rebuild.
fn erf(x: f32) -> f32 {
    slant_encoder::fast::math::erf_with(x, f32::exp)
}

pub(super) fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// Derivative of the exact GELU, `Φ(x) + x·φ(x)`.
pub(super) fn gelu_grad(x: f32) -> f32 {
    let cdf = 0.5 * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2));
    let pdf = (-0.5 * x * x).exp() * 0.398_942_3;
    cdf + x * pdf
}

/// Softmax of each row of the `t × t` scores `sc` scaled by `scale`.
fn softmax(sc: &mut [f32], t: usize, scale: f32) {
    for row in sc.chunks_exact_mut(t) {
        let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut sum = 0.0;
        for v in row.iter_mut() {
            *v = ((*v - max) * scale).exp();
            sum += *v;
        }
        for v in row.iter_mut() {
            *v /= sum;
        }
    }
}

/// Softmax of each row of `sc · scale + bias`, where `bias` holds the
/// `2t − 1` values of one head by distance `key − query` (distance `r` at
/// `r + t − 1`), as MPNet adds its relative position bias.
fn biased_softmax(sc: &mut [f32], t: usize, scale: f32, bias: &[f32]) {
    for (i, row) in sc.chunks_exact_mut(t).enumerate() {
        let b = &bias[t - 1 - i..][..t];
        let mut max = f32::NEG_INFINITY;
        for (v, bv) in row.iter_mut().zip(b) {
            *v = *v * scale + bv;
            max = max.max(*v);
        }
        let mut sum = 0.0;
        for v in row.iter_mut() {
            *v = (*v - max).exp();
            sum += *v;
        }
        for v in row.iter_mut() {
            *v /= sum;
        }
    }
}

/// `y = x · Wᵀ + b` for `t` rows.
pub(super) fn linear(x: &[f32], t: usize, w: &[f32], b: &[f32], out: &mut Vec<f32>) {
    let (n, k) = (b.len(), w.len() / b.len());
    out.clear();
    out.reserve(t * n);
    for _ in 0..t {
        out.extend_from_slice(b);
    }
    gemm(t, n, k, x, false, w, true, out, true);
}

/// Backward of [`linear`] over `t` rows: adds `dyᵀ·x` to `gw` and the
/// column sums of `dy` to `gb`, and writes (or, with `accumulate`, adds)
/// `dy·W` to `dx`.
pub(super) fn linear_backward(dy: &[f32], x: &[f32], t: usize, w: &[f32], (gw, gb): (&mut [f32], &mut [f32]), dx: &mut [f32], accumulate: bool) {
    let (n, k) = (gb.len(), w.len() / gb.len());
    gemm(n, k, t, dy, true, x, false, gw, true);
    add_column_sums(dy, gb);
    gemm(t, k, n, dy, false, w, false, dx, accumulate);
}

/// The gradient tensors of weight `i` and the bias after it.
fn pair(grads: &mut [Vec<f32>], i: usize) -> (&mut [f32], &mut [f32]) {
    let (w, b) = grads[i..].split_at_mut(1);
    (&mut w[0], &mut b[0])
}

/// Adds the column sums of the `rows × n` matrix `m` to `acc`.
pub(super) fn add_column_sums(m: &[f32], acc: &mut [f32]) {
    for row in m.chunks_exact(acc.len()) {
        for (a, v) in acc.iter_mut().zip(row) {
            *a += v;
        }
    }
}

/// LayerNorm of each row of `r` in place, keeping `x̂` and `1/σ`.
pub(super) fn norm_forward(r: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32, xhat: &mut Vec<f32>, rstd: &mut Vec<f32>) {
    let h = gamma.len();
    xhat.clear();
    rstd.clear();
    for row in r.chunks_exact_mut(h) {
        let mean = row.iter().sum::<f32>() / h as f32;
        let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / h as f32;
        let s = 1.0 / (var + eps).sqrt();
        rstd.push(s);
        for ((v, g), b) in row.iter_mut().zip(gamma).zip(beta) {
            let n = (*v - mean) * s;
            xhat.push(n);
            *v = n * g + b;
        }
    }
}

/// Backward of [`norm_forward`]: `dy` becomes the gradient of the input.
pub(super) fn norm_backward(dy: &mut [f32], xhat: &[f32], rstd: &[f32], gamma: &[f32], dgamma: &mut [f32], dbeta: &mut [f32]) {
    let h = gamma.len();
    for ((row, xh), s) in dy.chunks_exact_mut(h).zip(xhat.chunks_exact(h)).zip(rstd) {
        let (mut m1, mut m2) = (0.0f32, 0.0f32);
        for j in 0..h {
            dgamma[j] += row[j] * xh[j];
            dbeta[j] += row[j];
            let d = row[j] * gamma[j];
            m1 += d;
            m2 += d * xh[j];
        }
        let (m1, m2) = (m1 / h as f32, m2 / h as f32);
        for j in 0..h {
            let d = row[j] * gamma[j];
            row[j] = s * (d - m1 - xh[j] * m2);
        }
    }
}

impl Layer {
    /// The layer over one sequence `x` (`t × hidden`, attending to all of
    /// itself); returns the output and, when `keep`, what
    /// [`Layer::backward`] needs.
    #[must_use]
    pub fn forward(&self, x: &[f32], keep: bool) -> (Vec<f32>, Option<Cache>) {
        self.forward_with(x, keep, None, None)
    }

    /// [`Layer::forward`] with `dropout` (training only) and, for an
    /// MPNet's layer, its relative position `bias` added to the scaled
    /// attention scores. The bias is frozen: a constant added to the
    /// scores, it leaves [`Layer::backward`] as it is.
    #[must_use]
    pub fn forward_with(
        &self,
        x: &[f32],
        keep: bool,
        mut dropout: Option<Dropout<'_>>,
        bias: Option<&RelativeBias>,
    ) -> (Vec<f32>, Option<Cache>) {
        let s = self.shape;
        let (h, d, inter) = (s.hidden, s.head_dim(), s.inter);
        let t = x.len() / h;
        let scale = 1.0 / (d as f32).sqrt();
        let p = &self.params;
        let mut qkv = Vec::new();
        linear(x, t, &p[QKV_W], &p[QKV_B], &mut qkv);
        let split = |part: usize, head: usize| -> Vec<f32> {
            let col = part * h + head * d;
            qkv.chunks_exact(3 * h).flat_map(|row| row[col..col + d].iter().copied()).collect()
        };
        let mut ctx = vec![0.0; t * h];
        let (mut qs, mut ks, mut vs, mut ps, mut amask) = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut ch = vec![0.0; t * d];
        for head in 0..s.heads {
            let (q, k, v) = (split(0, head), split(1, head), split(2, head));
            let mut sc = vec![0.0; t * t];
            gemm(t, t, d, &q, false, &k, true, &mut sc, false);
            match bias {
                Some(b) => biased_softmax(&mut sc, t, scale, b.head(head, t)),
                None => softmax(&mut sc, t, scale),
            }
            let mask = dropout.as_mut().map(|dr| dr.mask(t * t));
            let dropped: Option<Vec<f32>> = mask.as_ref().map(|m| m.iter().zip(&sc).map(|(m, p)| m * p).collect());
            gemm(t, d, t, dropped.as_ref().unwrap_or(&sc), false, &v, false, &mut ch, false);
            for (dst, src) in ctx.chunks_exact_mut(h).zip(ch.chunks_exact(d)) {
                dst[head * d..(head + 1) * d].copy_from_slice(src);
            }
            if keep {
                qs.push(q);
                ks.push(k);
                vs.push(v);
                ps.push(sc);
                amask.extend(mask);
            }
        }
        let mut r1 = Vec::new();
        linear(&ctx, t, &p[OUT_W], &p[OUT_B], &mut r1);
        let mask1 = dropout.as_mut().map(|dr| dr.mask(t * h)).unwrap_or_default();
        if !mask1.is_empty() {
            r1.iter_mut().zip(&mask1).for_each(|(a, m)| *a *= m);
        }
        r1.iter_mut().zip(x).for_each(|(a, b)| *a += b);
        let (mut xhat1, mut rstd1) = (Vec::new(), Vec::new());
        norm_forward(&mut r1, &p[N1_G], &p[N1_B], s.eps, &mut xhat1, &mut rstd1);
        let h1 = r1;
        let mut u = Vec::new();
        linear(&h1, t, &p[UP_W], &p[UP_B], &mut u);
        let f: Vec<f32> = u.iter().map(|&v| gelu(v)).collect();
        let mut r2 = Vec::new();
        linear(&f, t, &p[DOWN_W], &p[DOWN_B], &mut r2);
        debug_assert_eq!(f.len(), t * inter);
        let mask2 = dropout.as_mut().map(|dr| dr.mask(t * h)).unwrap_or_default();
        if !mask2.is_empty() {
            r2.iter_mut().zip(&mask2).for_each(|(a, m)| *a *= m);
        }
        r2.iter_mut().zip(&h1).for_each(|(a, b)| *a += b);
        let (mut xhat2, mut rstd2) = (Vec::new(), Vec::new());
        norm_forward(&mut r2, &p[N2_G], &p[N2_B], s.eps, &mut xhat2, &mut rstd2);
        let cache = keep.then(|| Cache {
            t,
            x: x.to_vec(),
            q: qs,
            k: ks,
            v: vs,
            p: ps,
            ctx,
            xhat1,
            rstd1,
            h1,
            u,
            f,
            xhat2,
            rstd2,
            amask,
            mask1,
            mask2,
        });
        (r2, cache)
    }

    /// Adds the gradients of the loss to `grads` (same layout as
    /// `params`) given `dy`, its gradient with respect to the output, and
    /// returns the gradient with respect to the input.
    #[must_use]
    pub fn backward(&self, c: &Cache, mut dy: Vec<f32>, grads: &mut [Vec<f32>]) -> Vec<f32> {
        let s = self.shape;
        let (h, d, inter, t) = (s.hidden, s.head_dim(), s.inter, c.t);
        let scale = 1.0 / (d as f32).sqrt();
        let p = &self.params;
        // Second LayerNorm, then the feed-forward block.
        let (g, b) = pair(grads, N2_G);
        norm_backward(&mut dy, &c.xhat2, &c.rstd2, &p[N2_G], g, b);
        let dr2 = dy;
        let mut du = vec![0.0; t * inter];
        let masked = |g: &[f32], m: &[f32]| -> Vec<f32> { g.iter().zip(m).map(|(a, b)| a * b).collect() };
        let dsub2 = if c.mask2.is_empty() { None } else { Some(masked(&dr2, &c.mask2)) };
        linear_backward(dsub2.as_ref().unwrap_or(&dr2), &c.f, t, &p[DOWN_W], pair(grads, DOWN_W), &mut du, false);
        du.iter_mut().zip(&c.u).for_each(|(g, &u)| *g *= gelu_grad(u));
        // The residual: the gradient reaching h1 is dr2 plus du·W_up.
        let mut dh1 = dr2;
        linear_backward(&du, &c.h1, t, &p[UP_W], pair(grads, UP_W), &mut dh1, true);
        // First LayerNorm, then the attention block.
        let (g, b) = pair(grads, N1_G);
        norm_backward(&mut dh1, &c.xhat1, &c.rstd1, &p[N1_G], g, b);
        let dr1 = dh1;
        let mut dctx = vec![0.0; t * h];
        let dsub1 = if c.mask1.is_empty() { None } else { Some(masked(&dr1, &c.mask1)) };
        linear_backward(dsub1.as_ref().unwrap_or(&dr1), &c.ctx, t, &p[OUT_W], pair(grads, OUT_W), &mut dctx, false);
        let mut dqkv = vec![0.0; t * 3 * h];
        let (mut dch, mut dp, mut dq, mut dk, mut dv) =
            (vec![0.0; t * d], vec![0.0; t * t], vec![0.0; t * d], vec![0.0; t * d], vec![0.0; t * d]);
        for head in 0..s.heads {
            for (dst, src) in dch.chunks_exact_mut(d).zip(dctx.chunks_exact(h)) {
                dst.copy_from_slice(&src[head * d..(head + 1) * d]);
            }
            let probs = &c.p[head];
            gemm(t, t, d, &dch, false, &c.v[head], true, &mut dp, false);
            // With dropout the values saw the dropped probabilities, and
            // the gradient reaches the whole ones through the mask.
            match c.amask.get(head) {
                Some(mask) => {
                    let seen: Vec<f32> = mask.iter().zip(probs).map(|(m, p)| m * p).collect();
                    gemm(t, d, t, &seen, true, &dch, false, &mut dv, false);
                    dp.iter_mut().zip(mask).for_each(|(g, m)| *g *= m);
                }
                None => gemm(t, d, t, probs, true, &dch, false, &mut dv, false),
            }
            for (drow, prow) in dp.chunks_exact_mut(t).zip(probs.chunks_exact(t)) {
                let dot: f32 = drow.iter().zip(prow).map(|(a, b)| a * b).sum();
                for (g, &pv) in drow.iter_mut().zip(prow) {
                    *g = pv * (*g - dot) * scale;
                }
            }
            gemm(t, d, t, &dp, false, &c.k[head], false, &mut dq, false);
            gemm(t, d, t, &dp, true, &c.q[head], false, &mut dk, false);
            for (part, g) in [(0, &dq), (1, &dk), (2, &dv)] {
                let col = part * h + head * d;
                for (dst, src) in dqkv.chunks_exact_mut(3 * h).zip(g.chunks_exact(d)) {
                    dst[col..col + d].copy_from_slice(src);
                }
            }
        }
        let mut dx = dr1;
        linear_backward(&dqkv, &c.x, t, &p[QKV_W], pair(grads, QKV_W), &mut dx, true);
        dx
    }
}

#[cfg(test)]
mod tests {
    use crate::tune::layer::{NAMES, Shape};
    use candle_core::{D, Device, Tensor, Var};
    use slant_text::hash::SplitMix64;

    use super::*;

    fn random(rng: &mut SplitMix64, n: usize, scale: f32) -> Vec<f32> {
        (0..n).map(|_| ((rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 2.0 * scale).collect()
    }

    /// The same layer in candle, differentiated by candle's autograd.
    fn candle_layer(layer: &Layer, x: &Var) -> (Tensor, Vec<Var>) {
        let s = layer.shape;
        let (h, d) = (s.hidden, s.head_dim());
        let dev = Device::Cpu;
        let vars: Vec<Var> = layer
            .params
            .iter()
            .zip(s.sizes())
            .map(|(p, _)| Var::from_tensor(&Tensor::new(p.as_slice(), &dev).unwrap()).unwrap())
            .collect();
        let t = x.dims()[0];
        let lin = |x: &Tensor, w: usize, b: usize, n: usize, k: usize| -> Tensor {
            x.matmul(&vars[w].as_tensor().reshape((n, k)).unwrap().t().unwrap())
                .unwrap()
                .broadcast_add(vars[b].as_tensor())
                .unwrap()
        };
        let norm = |r: &Tensor, g: usize, b: usize| -> Tensor {
            let mean = r.mean_keepdim(D::Minus1).unwrap();
            let c = r.broadcast_sub(&mean).unwrap();
            let var = c.sqr().unwrap().mean_keepdim(D::Minus1).unwrap();
            let n = c.broadcast_div(&(var + f64::from(s.eps)).unwrap().sqrt().unwrap()).unwrap();
            n.broadcast_mul(vars[g].as_tensor()).unwrap().broadcast_add(vars[b].as_tensor()).unwrap()
        };
        let qkv = lin(x.as_tensor(), QKV_W, QKV_B, 3 * h, h);
        let heads = |part: usize| {
            qkv.narrow(1, part * h, h).unwrap().reshape((t, s.heads, d)).unwrap().transpose(0, 1).unwrap().contiguous().unwrap()
        };
        let (q, k, v) = (heads(0), heads(1), heads(2));
        let sc = (q.matmul(&k.t().unwrap()).unwrap() / (d as f64).sqrt()).unwrap();
        let pr = candle_nn::ops::softmax(&sc, D::Minus1).unwrap();
        let ctx = pr.matmul(&v).unwrap().transpose(0, 1).unwrap().reshape((t, h)).unwrap();
        let h1 = norm(&(lin(&ctx, OUT_W, OUT_B, h, h) + x.as_tensor()).unwrap(), N1_G, N1_B);
        let f = lin(&h1, UP_W, UP_B, s.inter, h).gelu_erf().unwrap();
        let y = norm(&(lin(&f, DOWN_W, DOWN_B, h, s.inter) + &h1).unwrap(), N2_G, N2_B);
        (y, vars)
    }

    #[test]
    fn gradients_match_candle_autograd() {
        let shape = Shape { hidden: 8, inter: 12, heads: 2, eps: 1e-12 };
        let mut rng = SplitMix64::new(7);
        let params = shape
            .sizes()
            .iter()
            .enumerate()
            .map(|(i, &n)| if i == N1_G || i == N2_G { random(&mut rng, n, 0.2).iter().map(|v| 1.0 + v).collect() } else { random(&mut rng, n, 0.5) })
            .collect();
        let layer = Layer { shape, params };
        let t = 5;
        let x = random(&mut rng, t * shape.hidden, 1.0);
        let dy = random(&mut rng, t * shape.hidden, 1.0);
        let (y, cache) = layer.forward(&x, true);
        let mut grads = layer.zeros_like();
        let dx = layer.backward(&cache.unwrap(), dy.clone(), &mut grads);

        let dev = Device::Cpu;
        let xv = Var::from_tensor(&Tensor::from_vec(x, (t, shape.hidden), &dev).unwrap()).unwrap();
        let (cy, vars) = candle_layer(&layer, &xv);
        let cy_flat: Vec<f32> = cy.flatten_all().unwrap().to_vec1().unwrap();
        for (a, b) in y.iter().zip(&cy_flat) {
            assert!((a - b).abs() < 1e-4, "forward differs: {a} vs {b}");
        }
        let r = Tensor::from_vec(dy, (t, shape.hidden), &dev).unwrap();
        let loss = (cy * r).unwrap().sum_all().unwrap();
        let g = loss.backward().unwrap();
        let close = |mine: &[f32], theirs: &Tensor, what: &str| {
            let theirs: Vec<f32> = theirs.flatten_all().unwrap().to_vec1().unwrap();
            let worst = mine.iter().zip(&theirs).map(|(a, b)| (a - b).abs() / (1.0 + b.abs())).fold(0.0f32, f32::max);
            assert!(worst < 1e-3, "{what}: gradients differ by {worst}");
            assert!(mine.iter().any(|v| *v != 0.0), "{what}: zero gradient");
        };
        close(&dx, g.get(xv.as_tensor()).unwrap(), "input");
        for ((name, mine), var) in NAMES.iter().zip(&grads).zip(&vars) {
            close(mine, g.get(var.as_tensor()).unwrap(), name);
        }
    }
}
