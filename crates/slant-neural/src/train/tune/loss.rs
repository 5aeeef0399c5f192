//! The losses of one training window and their gradients, through the
//! training pass of the layers ([`crate::train::layer_pass`]).

use slant_text::hash::SplitMix64;

use super::Window;
use crate::heads::mlp::sigmoid;
use crate::train::layer_pass::{Cache, Dropout};
use crate::tune::layer::Layer;
use crate::tune::{TECHNIQUES, Tuner};

impl Tuner {
    /// Output logits of one window's states (the training code's forward
    /// pass, without caches).
    #[cfg(test)]
    pub(super) fn window_logits(&self, x: &[f32]) -> Vec<f32> {
        let mut y = x.to_vec();
        for l in &self.layers {
            y = l.forward_with(&y, false, None, self.bias()).0;
        }
        self.output(&y)
    }

    /// [`Tuner::piece_probs`] through the training code's forward pass
    /// (slower; the reference the fast path is checked against).
    #[cfg(test)]
    pub(super) fn piece_probs_reference(&self, states: &[f32]) -> Vec<f32> {
        let h = self.hidden();
        let (windows, owner) = self.config.plan(states.len() / h);
        let logits: Vec<Vec<f32>> = windows.iter().map(|w| self.window_logits(&states[w.start * h..w.end * h])).collect();
        owner.iter().enumerate().map(|(i, &o)| sigmoid(logits[o][i - windows[o].start])).collect()
    }

    /// Loss and gradients of one window: weighted binary cross-entropy
    /// summed over its pieces. `grads` holds each layer's tensors, then the
    /// output's.
    pub(super) fn window_gradients(&self, x: &[f32], ex: Window<'_>, grads: &mut [Vec<Vec<f32>>]) -> f64 {
        let Window { targets, weights, techniques, sentences, seed } = ex;
        let mut rng = (self.config.dropout > 0.0).then(|| SplitMix64::new(seed));
        let h = self.hidden();
        let mut caches: Vec<Cache> = Vec::with_capacity(self.layers.len());
        let mut y = x.to_vec();
        for l in &self.layers {
            let dropout = rng.as_mut().map(|rng| Dropout { rate: self.config.dropout, rng });
            let (out, cache) = l.forward_with(&y, true, dropout, self.bias());
            caches.extend(cache);
            y = out;
        }
        let z = self.output(&y);
        let mut loss = 0.0f64;
        let mut dy = vec![0.0; y.len()];
        let outputs = grads.last_mut().expect("an output gradient");
        if !self.aux.is_empty() {
            loss += self.technique_gradients(&y, techniques, weights, &mut outputs[1], &mut dy);
        }
        if !self.sentence.is_empty() {
            loss += self.sentence_gradients(&y, sentences, &mut outputs[2], &mut dy);
        }
        let out_grads = &mut outputs[0];
        for (i, ((&z, &t), &w)) in z.iter().zip(targets).zip(weights).enumerate() {
            let p = sigmoid(z);
            loss -= f64::from(w * t * p.max(1e-7).ln() + (1.0 - t) * (1.0 - p).max(1e-7).ln());
            let dz = w * t * (p - 1.0) + (1.0 - t) * p;
            let row = &y[i * h..(i + 1) * h];
            for (g, v) in out_grads[..h].iter_mut().zip(row) {
                *g += dz * v;
            }
            out_grads[h] += dz;
            for (d, w) in dy[i * h..(i + 1) * h].iter_mut().zip(&self.head) {
                *d += dz * w;
            }
        }
        for (l, (layer, cache)) in self.layers.iter().zip(&caches).enumerate().rev() {
            dy = layer.backward(cache, dy, &mut grads[l]);
        }
        loss
    }

    /// The auxiliary technique loss of one window's outputs `y`, its
    /// gradient added to `aux_grads` and `dy`: binary cross-entropy per
    /// technique, weighted by `technique_loss` (positives also by the
    /// piece's weight).
    fn technique_gradients(&self, y: &[f32], targets: &[f32], weights: &[f32], aux_grads: &mut [f32], dy: &mut [f32]) -> f64 {
        let h = self.hidden();
        let lambda = self.config.technique_loss;
        let mut loss = 0.0f64;
        for (i, (row, &w)) in y.chunks_exact(h).zip(weights).enumerate() {
            for k in 0..TECHNIQUES {
                let out = &self.aux[k * (h + 1)..(k + 1) * (h + 1)];
                let z = row.iter().zip(out).map(|(a, b)| a * b).sum::<f32>() + out[h];
                let (p, t) = (sigmoid(z), targets[i * TECHNIQUES + k]);
                loss -= f64::from(lambda * (w * t * p.max(1e-7).ln() + (1.0 - t) * (1.0 - p).max(1e-7).ln()));
                let dz = lambda * (w * t * (p - 1.0) + (1.0 - t) * p);
                let g = &mut aux_grads[k * (h + 1)..(k + 1) * (h + 1)];
                for (g, v) in g[..h].iter_mut().zip(row) {
                    *g += dz * v;
                }
                g[h] += dz;
                for (d, o) in dy[i * h..(i + 1) * h].iter_mut().zip(out) {
                    *d += dz * o;
                }
            }
        }
        loss
    }

    /// The sentence loss of one window's outputs `y` (sentences given by
    /// their pieces inside the window), its gradient added to
    /// `sentence_grads` and `dy`: binary cross-entropy of the pooled
    /// output, weighted by `sentence_loss`.
    fn sentence_gradients(&self, y: &[f32], sentences: &[(std::ops::Range<usize>, f32)], sentence_grads: &mut [f32], dy: &mut [f32]) -> f64 {
        let h = self.hidden();
        let lambda = self.config.sentence_loss;
        let mut loss = 0.0f64;
        for (r, t) in sentences {
            let (z, mean) = self.pooled_logit(y[r.start * h..r.end * h].chunks_exact(h));
            let p = sigmoid(z);
            loss -= f64::from(lambda * (t * p.max(1e-7).ln() + (1.0 - t) * (1.0 - p).max(1e-7).ln()));
            let dz = lambda * (p - t);
            for (g, v) in sentence_grads[..h].iter_mut().zip(&mean) {
                *g += dz * v;
            }
            sentence_grads[h] += dz;
            let share = dz / r.len().max(1) as f32;
            for row in dy[r.start * h..r.end * h].chunks_exact_mut(h) {
                row.iter_mut().zip(&self.sentence).for_each(|(d, w)| *d += share * w);
            }
        }
        loss
    }

    /// Gradients of the layers, then of the outputs: the piece output, the
    /// technique output (empty when unused) and the sentence output.
    pub(super) fn zero_gradients(&self) -> Vec<Vec<Vec<f32>>> {
        let mut g: Vec<Vec<Vec<f32>>> = self.layers.iter().map(Layer::zeros_like).collect();
        let mut out = vec![vec![0.0; self.head.len()]];
        if !self.aux.is_empty() || !self.sentence.is_empty() {
            out.push(vec![0.0; self.aux.len()]);
        }
        if !self.sentence.is_empty() {
            out.push(vec![0.0; self.sentence.len()]);
        }
        g.push(out);
        g
    }
}
