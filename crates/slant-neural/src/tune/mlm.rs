//! Adapting the encoder to the training text before fine-tuning
//! (task-adaptive pretraining, as in Gururangan et al. 2020): the layers
//! above `from_layer` are trained as a masked language model on the
//! articles' own word pieces, labels unused. The frozen layers below read
//! the masked input. The prediction head (a dense layer, GELU and
//! LayerNorm, then the frozen word embeddings as output matrix plus a bias)
//! starts fresh, since the sentence-embedding checkpoint ships none, and is
//! dropped afterwards: what comes out is an encoder of the same shape, its
//! upper layers moved towards news text, for `slant train-neural` to read.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{Device, Tensor};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use slant_model::hash::SplitMix64;

use super::layer::{self, Layer, MATRICES, Shape};
use super::{clip_scale, gradient_norm, training_windows};
use crate::fast::Precision;
use crate::fast::dense::gemm;
use crate::heads::mlp::Adam;
use crate::{BertConfig, Error, FastBert, ModelDir, Result};

/// One window's loss, its predicted pieces and its gradients (by layer,
/// then tensor).
type WindowGradients = (f64, usize, Vec<Vec<Vec<f32>>>);

/// How the encoder is adapted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MlmConfig {
    /// Layers above this one are trained (at least 1: the layers below read
    /// the masked pieces).
    pub from_layer: usize,
    /// Passes over the articles.
    pub epochs: usize,
    /// Windows per step.
    pub batch: usize,
    /// Pieces per window, `[CLS]` and `[SEP]` included.
    pub window: usize,
    /// Peak AdamW learning rate of the layers.
    pub learning_rate: f32,
    /// Peak AdamW learning rate of the prediction head.
    pub head_learning_rate: f32,
    /// Decoupled weight decay of the weight matrices.
    pub weight_decay: f32,
    /// Share of the steps spent warming the learning rate up (then it falls
    /// linearly to 0).
    pub warmup: f32,
    /// Share of the pieces predicted (of those: 80 % shown as `[MASK]`,
    /// 10 % as a random piece of the corpus, 10 % unchanged).
    pub mask_rate: f32,
    /// Largest global norm of a step's mean gradient (0: no clipping).
    pub clip: f32,
    /// Seed of the window order and the masks.
    pub seed: u64,
}

impl Default for MlmConfig {
    fn default() -> Self {
        Self {
            from_layer: 2,
            epochs: 3,
            batch: 16,
            window: 256,
            learning_rate: 1e-4,
            head_learning_rate: 1e-3,
            weight_decay: 0.01,
            warmup: 0.06,
            mask_rate: 0.15,
            clip: 1.0,
            seed: 1,
        }
    }
}

impl MlmConfig {
    fn validate(&self, layers: usize) -> Result<()> {
        let bad = |what: String| Err(Error::Heads(format!("adapt: {what}")));
        if self.from_layer == 0 || self.from_layer >= layers {
            return bad(format!("from_layer {} must be 1 to {}", self.from_layer, layers.saturating_sub(1)));
        }
        if self.window < 3 {
            return bad(format!("window {} leaves no piece between [CLS] and [SEP]", self.window));
        }
        if !(self.mask_rate > 0.0 && self.mask_rate < 1.0) {
            return bad(format!("mask_rate {} is not in (0, 1)", self.mask_rate));
        }
        Ok(())
    }
}

/// The prediction head's tensors, in this order.
const HEAD_W: usize = 0;
const HEAD_B: usize = 1;
const HEAD_G: usize = 2;
const HEAD_BETA: usize = 3;
const HEAD_BIAS: usize = 4;

/// A window to predict: its input ids and the masked positions with the
/// ids they held.
struct Masked {
    input: Vec<u32>,
    targets: Vec<(usize, u32)>,
}

/// Chooses the pieces of `ids` (a window wrapped in `[CLS]` … `[SEP]`) to
/// predict, each inner one with probability `rate` (at least one): of the
/// chosen, 80 % become `mask`, 10 % a random piece of `pool`, 10 % stay.
fn mask_window(ids: &[u32], rate: f32, mask: u32, pool: &[u32], rng: &mut SplitMix64) -> Masked {
    let mut input = ids.to_vec();
    let inner = 1..ids.len().saturating_sub(1);
    let mut chosen: Vec<usize> = inner.clone().filter(|_| rng.unit() < rate).collect();
    if chosen.is_empty() && !inner.is_empty() {
        chosen.push(inner.start + rng.below(inner.len()));
    }
    let targets = chosen.iter().map(|&i| (i, ids[i])).collect();
    for &i in &chosen {
        let r = rng.unit();
        if r < 0.8 {
            input[i] = mask;
        } else if r < 0.9 && !pool.is_empty() {
            input[i] = pool[rng.below(pool.len())];
        }
    }
    Masked { input, targets }
}

/// An encoder being adapted: the frozen lower layers, the trained upper
/// ones and the prediction head.
pub struct MaskedLm {
    config: MlmConfig,
    bert: BertConfig,
    lower: FastBert,
    layers: Vec<Layer>,
    /// Word embeddings, `vocab × hidden` (frozen: the output matrix).
    words: Vec<f32>,
    head: Vec<Vec<f32>>,
    mask: u32,
}

impl MaskedLm {
    /// The encoder in `dir`, its `[MASK]` id from its tokenizer.
    ///
    /// # Errors
    /// Unreadable files, no `[MASK]` token, or a bad config.
    pub fn pretrained(dir: &ModelDir, config: MlmConfig) -> Result<Self> {
        let mask = dir
            .tokenizer()?
            .id("[MASK]")
            .ok_or_else(|| Error::Tokenizer(format!("{}: no [MASK] token", dir.path().display())))?;
        let tensors = candle_core::safetensors::load(dir.weights(), &Device::Cpu)?;
        Self::from_tensors(&tensors, &dir.config()?, mask, config)
    }

    /// A BERT checkpoint's named tensors (Hugging Face names).
    ///
    /// # Errors
    /// Missing or mis-shaped weights, a bad config or `mask` outside the
    /// vocabulary.
    pub fn from_tensors(tensors: &HashMap<String, Tensor>, bert: &BertConfig, mask: u32, config: MlmConfig) -> Result<Self> {
        super::refuse_mpnet(bert, "adapt")?;
        config.validate(bert.num_hidden_layers)?;
        if mask as usize >= bert.vocab_size {
            return Err(Error::TokenId { id: mask, vocab: bert.vocab_size });
        }
        let mut lower_cfg = bert.clone();
        lower_cfg.num_hidden_layers = config.from_layer;
        let lower = FastBert::from_tensors(tensors, &lower_cfg)?.with_precision(Precision::F32);
        let shape = Shape { hidden: bert.hidden_size, inter: bert.intermediate_size, heads: bert.num_attention_heads, eps: bert.layer_norm_eps as f32 };
        let get = |name: &str| -> Option<Vec<f32>> {
            tensors.get(name).and_then(|t| t.to_dtype(candle_core::DType::F32).ok()?.flatten_all().ok()?.to_vec1().ok())
        };
        let layers = (config.from_layer..bert.num_hidden_layers)
            .map(|i| Layer::from_named(&get, i, shape, bert.attention_names()).map_err(Error::Heads))
            .collect::<Result<Vec<_>>>()?;
        let words = get("embeddings.word_embeddings.weight").ok_or_else(|| Error::Heads("no tensor embeddings.word_embeddings.weight".into()))?;
        let h = bert.hidden_size;
        if words.len() != bert.vocab_size * h {
            return Err(Error::Heads(format!("word embeddings: {} values, expected {}", words.len(), bert.vocab_size * h)));
        }
        let mut dense = vec![0.0; h * h];
        for i in 0..h {
            dense[i * h + i] = 1.0;
        }
        let head = vec![dense, vec![0.0; h], vec![1.0; h], vec![0.0; h], vec![0.0; bert.vocab_size]];
        Ok(Self { config, bert: bert.clone(), lower, layers, words, head, mask })
    }

    fn hidden(&self) -> usize {
        self.bert.hidden_size
    }

    fn zero_gradients(&self) -> Vec<Vec<Vec<f32>>> {
        let mut g: Vec<Vec<Vec<f32>>> = self.layers.iter().map(Layer::zeros_like).collect();
        g.push(self.head.iter().map(|p| vec![0.0; p.len()]).collect());
        g
    }

    /// Summed cross-entropy of one masked window's predictions; adds the
    /// gradients to `grads` (each layer's tensors, then the head's).
    fn window_gradients(&self, w: &Masked, grads: &mut [Vec<Vec<f32>>]) -> Result<f64> {
        let h = self.hidden();
        let vocab = self.bert.vocab_size;
        let mut y = self.lower.forward(&[&w.input])?.sequence(0).to_vec();
        let mut caches = Vec::with_capacity(self.layers.len());
        for l in &self.layers {
            let (out, cache) = l.forward(&y, true);
            caches.extend(cache);
            y = out;
        }
        let m = w.targets.len();
        let rows: Vec<f32> = w.targets.iter().flat_map(|&(i, _)| y[i * h..(i + 1) * h].iter().copied()).collect();
        let head = &self.head;
        let mut a = Vec::new();
        layer::linear(&rows, m, &head[HEAD_W], &head[HEAD_B], &mut a);
        let mut u: Vec<f32> = a.iter().map(|&v| layer::gelu(v)).collect();
        let (mut xhat, mut rstd) = (Vec::new(), Vec::new());
        layer::norm_forward(&mut u, &head[HEAD_G], &head[HEAD_BETA], self.bert.layer_norm_eps as f32, &mut xhat, &mut rstd);
        let mut z: Vec<f32> = Vec::with_capacity(m * vocab);
        for _ in 0..m {
            z.extend_from_slice(&head[HEAD_BIAS]);
        }
        gemm(m, vocab, h, &u, false, &self.words, true, &mut z, true);
        let mut loss = 0.0f64;
        for (row, &(_, target)) in z.chunks_exact_mut(vocab).zip(&w.targets) {
            let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let mut sum = 0.0f32;
            for v in row.iter_mut() {
                *v = (*v - max).exp();
                sum += *v;
            }
            let t = target as usize;
            loss -= f64::from((row[t] / sum).max(1e-30).ln());
            for v in row.iter_mut() {
                *v /= sum;
            }
            row[t] -= 1.0;
        }
        let (layer_grads, head_grads) = grads.split_at_mut(self.layers.len());
        let hg = &mut head_grads[0];
        layer::add_column_sums(&z, &mut hg[HEAD_BIAS]);
        let mut du = vec![0.0; m * h];
        gemm(m, h, vocab, &z, false, &self.words, false, &mut du, false);
        {
            let (left, right) = hg.split_at_mut(HEAD_BETA);
            layer::norm_backward(&mut du, &xhat, &rstd, &head[HEAD_G], &mut left[HEAD_G], &mut right[0]);
        }
        for (d, &v) in du.iter_mut().zip(&a) {
            *d *= layer::gelu_grad(v);
        }
        let mut drows = vec![0.0; m * h];
        {
            let (left, right) = hg.split_at_mut(HEAD_B);
            layer::linear_backward(&du, &rows, m, &head[HEAD_W], (&mut left[HEAD_W], &mut right[0]), &mut drows, false);
        }
        let mut dy = vec![0.0; y.len()];
        for (&(i, _), d) in w.targets.iter().zip(drows.chunks_exact(h)) {
            dy[i * h..(i + 1) * h].iter_mut().zip(d).for_each(|(a, b)| *a += b);
        }
        for (l, (layer, cache)) in self.layers.iter().zip(&caches).enumerate().rev() {
            dy = layer.backward(cache, dy, &mut layer_grads[l]);
        }
        Ok(loss)
    }

    /// Trains on `articles` (each one's word-piece ids, no specials),
    /// wrapping windows in `cls` … `sep`. Returns each epoch's mean loss
    /// per predicted piece, also reported on stderr as it goes.
    ///
    /// # Errors
    /// A piece outside the vocabulary, or no pieces at all.
    pub fn fit(&mut self, articles: &[Vec<u32>], cls: u32, sep: u32) -> Result<Vec<f64>> {
        let cfg = self.config;
        let pool: Vec<u32> = articles.iter().flatten().copied().collect();
        if pool.is_empty() {
            return Err(Error::Heads("adapt: the articles hold no word pieces".into()));
        }
        if let Some(&id) = pool.iter().find(|&&id| id as usize >= self.bert.vocab_size) {
            return Err(Error::TokenId { id, vocab: self.bert.vocab_size });
        }
        let inner = cfg.window.min(self.bert.max_position_embeddings) - 2;
        let mut rng = SplitMix64::new(cfg.seed ^ 0x004D_4C4D);
        let epochs: Vec<Vec<(usize, std::ops::Range<usize>)>> = (0..cfg.epochs)
            .map(|epoch| {
                let mut list: Vec<_> = articles
                    .iter()
                    .enumerate()
                    .flat_map(|(a, ids)| {
                        let offset = if epoch > 0 { rng.below(inner) } else { 0 };
                        training_windows(ids.len(), inner, offset).into_iter().filter(|w| !w.is_empty()).map(move |w| (a, w))
                    })
                    .collect();
                rng.shuffle(&mut list);
                list
            })
            .collect();
        let batch = cfg.batch.max(1);
        let steps = epochs.iter().map(|l| l.len().div_ceil(batch)).sum::<usize>().max(1);
        let warm = ((steps as f32 * cfg.warmup).ceil() as usize).max(1);
        let mut adam: Vec<Vec<Adam>> = self.zero_gradients().iter().map(|l| l.iter().map(|p| Adam::new(p.len())).collect()).collect();
        let mut t = 0usize;
        let mut out = Vec::with_capacity(cfg.epochs);
        for (epoch, list) in epochs.iter().enumerate() {
            let start = std::time::Instant::now();
            let (mut total, mut predicted, mut recent, mut recent_n) = (0.0f64, 0usize, 0.0f64, 0usize);
            for chunk in list.chunks(batch) {
                let step_seed = cfg.seed ^ (t as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                let parts: Vec<Result<WindowGradients>> = chunk
                    .par_iter()
                    .enumerate()
                    .map(|(i, (a, w))| {
                        let mut r = SplitMix64::new(step_seed.wrapping_add(i as u64));
                        let mut ids = Vec::with_capacity(w.len() + 2);
                        ids.push(cls);
                        ids.extend_from_slice(&articles[*a][w.clone()]);
                        ids.push(sep);
                        let masked = mask_window(&ids, cfg.mask_rate, self.mask, &pool, &mut r);
                        let mut g = self.zero_gradients();
                        let loss = self.window_gradients(&masked, &mut g)?;
                        Ok((loss, masked.targets.len(), g))
                    })
                    .collect();
                let mut grads = self.zero_gradients();
                let (mut loss, mut n) = (0.0, 0usize);
                for part in parts {
                    let (l, k, g) = part?;
                    loss += l;
                    n += k;
                    for (a, b) in grads.iter_mut().flatten().zip(g.iter().flatten()) {
                        a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                    }
                }
                total += loss;
                predicted += n;
                recent += loss;
                recent_n += n;
                t += 1;
                let schedule = if t <= warm { t as f32 / warm as f32 } else { (steps - t) as f32 / (steps - warm).max(1) as f32 };
                let mean = 1.0 / n.max(1) as f32;
                let scale = clip_scale(gradient_norm(&grads, mean), mean, cfg.clip);
                let step = i32::try_from(t).unwrap_or(i32::MAX);
                let layers = self.layers.len();
                for (l, (tensor_grads, tensor_adam)) in grads.iter_mut().zip(&mut adam).enumerate() {
                    for (j, (g, opt)) in tensor_grads.iter_mut().zip(tensor_adam).enumerate() {
                        for v in g.iter_mut() {
                            *v *= scale;
                        }
                        if l < layers {
                            let wd = if MATRICES.contains(&j) { cfg.weight_decay } else { 0.0 };
                            opt.step(&mut self.layers[l].params[j], g, cfg.learning_rate * schedule, wd, step);
                        } else {
                            let wd = if j == HEAD_W { cfg.weight_decay } else { 0.0 };
                            opt.step(&mut self.head[j], g, cfg.head_learning_rate * schedule, wd, step);
                        }
                    }
                }
                if t.is_multiple_of(50) {
                    eprintln!("slant: adapt step {t}/{steps}: loss {:.4} over the last {recent_n} pieces", recent / recent_n.max(1) as f64);
                    (recent, recent_n) = (0.0, 0);
                }
            }
            let mean = total / predicted.max(1) as f64;
            eprintln!(
                "slant: adapt epoch {}/{}: loss {mean:.4} over {predicted} predicted pieces, {:.0} s",
                epoch + 1,
                cfg.epochs,
                start.elapsed().as_secs_f64()
            );
            out.push(mean);
        }
        Ok(out)
    }

    /// Mean loss per predicted piece over `articles`, masked with `seed`
    /// (no training): the figure [`MaskedLm::fit`] lowers.
    ///
    /// # Errors
    /// As [`MaskedLm::fit`].
    pub fn loss(&self, articles: &[Vec<u32>], cls: u32, sep: u32, seed: u64) -> Result<f64> {
        let pool: Vec<u32> = articles.iter().flatten().copied().collect();
        let inner = self.config.window.min(self.bert.max_position_embeddings) - 2;
        let windows: Vec<(usize, std::ops::Range<usize>)> = articles
            .iter()
            .enumerate()
            .flat_map(|(a, ids)| training_windows(ids.len(), inner, 0).into_iter().filter(|w| !w.is_empty()).map(move |w| (a, w)))
            .collect();
        let parts: Vec<Result<(f64, usize)>> = windows
            .par_iter()
            .enumerate()
            .map(|(i, (a, w))| {
                let mut r = SplitMix64::new(seed.wrapping_add(i as u64));
                let mut ids = vec![cls];
                ids.extend_from_slice(&articles[*a][w.clone()]);
                ids.push(sep);
                let masked = mask_window(&ids, self.config.mask_rate, self.mask, &pool, &mut r);
                let mut g = self.zero_gradients();
                Ok((self.window_gradients(&masked, &mut g)?, masked.targets.len()))
            })
            .collect();
        let (mut loss, mut n) = (0.0, 0usize);
        for p in parts {
            let (l, k) = p?;
            loss += l;
            n += k;
        }
        Ok(loss / n.max(1) as f64)
    }

    /// The checkpoint `tensors` with the adapted layers in place of the
    /// originals (f32), the head left out.
    ///
    /// # Errors
    /// Only if a tensor cannot be built.
    pub fn adapted_tensors(&self, mut tensors: HashMap<String, Tensor>) -> Result<HashMap<String, Tensor>> {
        for (k, l) in self.layers.iter().enumerate() {
            // BERT only (refused on an MPNet when built).
            for (name, v, dims) in l.named(self.config.from_layer + k, crate::config::BERT_ATTENTION) {
                tensors.insert(name, Tensor::from_slice(v, dims.as_slice(), &Device::Cpu)?);
            }
        }
        Ok(tensors)
    }

    /// Writes the adapted encoder as a model folder at `out`: the files of
    /// `src` (config, tokenizer, vocabulary) copied, `model.safetensors`
    /// with the adapted layers.
    ///
    /// # Errors
    /// Unreadable source or unwritable destination.
    pub fn save(&self, src: &ModelDir, out: &Path) -> Result<()> {
        let io = |path: &Path| {
            let path = path.to_owned();
            move |reason| Error::Io { path, reason }
        };
        std::fs::create_dir_all(out).map_err(io(out))?;
        for entry in std::fs::read_dir(src.path()).map_err(io(src.path()))? {
            let entry = entry.map_err(io(src.path()))?;
            let name = entry.file_name();
            if entry.path().is_file() && name != "model.safetensors" {
                let dest = out.join(&name);
                std::fs::copy(entry.path(), &dest).map_err(io(&dest))?;
            }
        }
        let tensors = self.adapted_tensors(candle_core::safetensors::load(src.weights(), &Device::Cpu)?)?;
        candle_core::safetensors::save(&tensors, out.join("model.safetensors"))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny(from_layer: usize) -> (BertConfig, HashMap<String, Tensor>, MaskedLm) {
        let cfg = BertConfig::tiny(40, 16, 3, 2);
        let tensors = crate::bert::random_tensors(&cfg, 11).expect("random tensors");
        let config = MlmConfig { from_layer, window: 12, batch: 4, epochs: 1, ..MlmConfig::default() };
        let lm = MaskedLm::from_tensors(&tensors, &cfg, 3, config).expect("builds");
        (cfg, tensors, lm)
    }

    #[test]
    fn masks_only_inner_pieces_and_at_least_one() {
        let ids: Vec<u32> = (0..202).collect();
        let pool = [7u32, 8, 9];
        let mut rng = SplitMix64::new(5);
        let mut chosen = 0;
        for _ in 0..50 {
            let m = mask_window(&ids, 0.15, 999, &pool, &mut rng);
            assert!(m.targets.iter().all(|&(i, t)| i > 0 && i < 201 && t == ids[i]));
            let changed = (0..202).filter(|&i| m.input[i] != ids[i]).count();
            assert!(changed <= m.targets.len());
            assert!((0..202).filter(|&i| m.input[i] == 999).count() <= m.targets.len());
            chosen += m.targets.len();
        }
        let rate = chosen as f64 / (50.0 * 200.0);
        assert!((0.12..0.18).contains(&rate), "rate {rate}");
        let short = mask_window(&[1, 2, 3], 1e-6, 999, &pool, &mut rng);
        assert_eq!(short.targets, vec![(1, 2)]);
    }

    #[test]
    fn gradients_match_finite_differences() {
        let (_, _, mut lm) = tiny(1);
        let w = Masked { input: vec![1, 3, 5, 3, 7, 9, 2], targets: vec![(1, 4), (3, 11), (5, 9)] };
        // Move the head off its identity start so every path carries signal.
        let mut rng = SplitMix64::new(9);
        for v in lm.head.iter_mut().flatten() {
            *v += (rng.unit() - 0.5) * 0.2;
        }
        let mut grads = lm.zero_gradients();
        lm.window_gradients(&w, &mut grads).expect("runs");
        let loss = |lm: &MaskedLm| lm.window_gradients(&w, &mut lm.zero_gradients()).expect("runs");
        let eps = 1e-2f32;
        let layers = lm.layers.len();
        // (group, tensor, index): a layer's fused qkv, its second norm and
        // feed-forward, and every head tensor.
        let probes = [(0, 0, 5), (0, 6, 17), (0, 10, 3), (layers - 1, 8, 40), (layers, HEAD_W, 7), (layers, HEAD_B, 2), (layers, HEAD_G, 1), (layers, HEAD_BETA, 4), (layers, HEAD_BIAS, 11)];
        for (g, j, i) in probes {
            fn read(lm: &mut MaskedLm, g: usize, j: usize, i: usize) -> &mut f32 {
                if g < lm.layers.len() { &mut lm.layers[g].params[j][i] } else { &mut lm.head[j][i] }
            }
            let orig = *read(&mut lm, g, j, i);
            *read(&mut lm, g, j, i) = orig + eps;
            let up = loss(&lm);
            *read(&mut lm, g, j, i) = orig - eps;
            let down = loss(&lm);
            *read(&mut lm, g, j, i) = orig;
            let numeric = ((up - down) / f64::from(2.0 * eps)) as f32;
            let analytic = grads[g][j][i];
            assert!((numeric - analytic).abs() <= 2e-2 * (1.0 + numeric.abs()), "({g}, {j}, {i}): numeric {numeric} analytic {analytic}");
        }
        assert!(grads.iter().flatten().all(|t| t.iter().any(|&v| v != 0.0)), "a tensor got no gradient");
    }

    #[test]
    fn fitting_lowers_the_loss_and_keeps_the_frozen_layers() {
        let (cfg, tensors, mut lm) = tiny(1);
        // A corpus with structure to learn: a repeated phrase.
        let articles: Vec<Vec<u32>> = (0..12).map(|a| (0..40).map(|i| 10 + ((i + a) % 6) as u32).collect()).collect();
        let before = lm.loss(&articles, 1, 2, 77).expect("loss");
        lm.config.epochs = 6;
        let losses = lm.fit(&articles, 1, 2).expect("fits");
        assert_eq!(losses.len(), 6);
        let after = lm.loss(&articles, 1, 2, 77).expect("loss");
        assert!(after < before * 0.8, "loss {before} -> {after}");
        let out = lm.adapted_tensors(tensors.clone()).expect("tensors");
        let same = |name: &str| {
            let a: Vec<f32> = out[name].flatten_all().unwrap().to_vec1().unwrap();
            let b: Vec<f32> = tensors[name].flatten_all().unwrap().to_vec1().unwrap();
            a == b
        };
        assert!(same("encoder.layer.0.attention.self.query.weight"), "a frozen layer moved");
        assert!(same("embeddings.word_embeddings.weight"));
        assert!(!same("encoder.layer.2.output.dense.weight"), "an adapted layer did not move");
        // The adapted tensors load back as the same layers.
        let again = MaskedLm::from_tensors(&out, &cfg, 3, lm.config).expect("reloads");
        assert_eq!(again.layers[1].params, lm.layers[1].params);
    }

    #[test]
    fn refuses_bad_settings() {
        let cfg = BertConfig::tiny(40, 16, 3, 2);
        let tensors = crate::bert::random_tensors(&cfg, 11).expect("random tensors");
        for bad in [MlmConfig { from_layer: 0, ..MlmConfig::default() }, MlmConfig { from_layer: 3, ..MlmConfig::default() }, MlmConfig { mask_rate: 0.0, ..MlmConfig::default() }] {
            assert!(MaskedLm::from_tensors(&tensors, &cfg, 3, bad).is_err(), "{bad:?}");
        }
        assert!(MaskedLm::from_tensors(&tensors, &cfg, 40, MlmConfig::default()).is_err());
        let (_, _, mut lm) = tiny(1);
        assert!(lm.fit(&[vec![], vec![]], 1, 2).is_err());
        assert!(lm.fit(&[vec![5, 50]], 1, 2).is_err());
    }
}
