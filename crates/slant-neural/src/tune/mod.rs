//! Fine-tuning the top of the encoder as a piece tagger.
//!
//! The frozen encoder runs up to layer [`TuneConfig::from_layer`]; copies of
//! the layers above it (starting from the pretrained weights) and a linear
//! output are trained end to end on whether each piece lies in a propaganda
//! span. They read each article's layer states as the windows gave them
//! (each piece from its most central window) and run over the article in
//! windows of their own, so training and inference see the same inputs.

mod config;
pub mod layer;

pub use config::TuneConfig;
pub(crate) use config::is_zero;

use std::collections::HashMap;
use std::sync::Arc;

use candle_core::{Device, Tensor};
use rayon::prelude::*;
use slant_text::hash::SplitMix64;

use crate::heads::mlp::{Adam, sigmoid};
use slant_encoder::fast::Precision;
use slant_encoder::fast::relative::RelativeBias;
use crate::{Error, Result};
use slant_encoder::{BertConfig, FastBert};
use layer::{Cache, Dropout, Layer, MATRICES, NAMES, Shape};

/// One article's training material: layer states (`n × hidden`), soft
/// targets and positive weights (one per piece).
#[derive(Debug, Clone, Copy)]
pub struct Example<'a> {
    /// States of the frozen layer, row per piece.
    pub states: &'a [f32],
    /// Share of each piece inside a gold span.
    pub targets: &'a [f32],
    /// Weight of each piece's positive loss part.
    pub weights: &'a [f32],
    /// Share of each piece inside spans of each technique (`n ×
    /// Technique::COUNT`); empty without [`TuneConfig::technique_loss`].
    pub techniques: &'a [f32],
    /// Each sentence's pieces and the share of it inside gold spans; empty
    /// without [`TuneConfig::sentence_loss`].
    pub sentences: &'a [(std::ops::Range<usize>, f32)],
}

/// A tuned model's probabilities of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct TunedProbs {
    /// Each piece's.
    pub pieces: Vec<f32>,
    /// Each sentence's, with a sentence output; else empty.
    pub sentences: Vec<f32>,
}

impl TunedProbs {
    /// The elementwise mean of several members' probabilities of the same
    /// article (`None` for none).
    #[must_use]
    pub fn mean(parts: Vec<TunedProbs>) -> Option<Self> {
        let k = parts.len() as f32;
        let mut it = parts.into_iter();
        let mut out = it.next()?;
        for p in it {
            for (a, b) in out.pieces.iter_mut().zip(&p.pieces) {
                *a += b;
            }
            for (a, b) in out.sentences.iter_mut().zip(&p.sentences) {
                *a += b;
            }
        }
        if k > 1.0 {
            out.pieces.iter_mut().chain(out.sentences.iter_mut()).for_each(|x| *x /= k);
        }
        Some(out)
    }
}

/// One training window's targets, relative to its start.
#[derive(Clone, Copy)]
struct Window<'a> {
    targets: &'a [f32],
    weights: &'a [f32],
    techniques: &'a [f32],
    sentences: &'a [(std::ops::Range<usize>, f32)],
    /// Seed of its dropout masks.
    seed: u64,
}

/// Outputs of the auxiliary technique loss.
const TECHNIQUES: usize = slant_text::Technique::COUNT;

/// The tuned layers and their output.
#[derive(Debug, Clone)]
pub struct Tuner {
    /// How it was trained.
    pub config: TuneConfig,
    layers: Vec<Layer>,
    /// Output weights (`hidden`) then bias.
    head: Vec<f32>,
    /// During training with [`TuneConfig::technique_loss`]: the auxiliary
    /// output, `hidden + 1` values per technique; empty otherwise.
    aux: Vec<f32>,
    /// With [`TuneConfig::sentence_loss`]: the sentence output (`hidden`
    /// weights then bias); empty otherwise.
    sentence: Vec<f32>,
    /// The same layers on the fast inference kernels.
    fast: Compiled,
    /// Arithmetic of their linear layers at inference.
    precision: Precision,
    /// An MPNet's relative position bias, frozen; `None` for BERT.
    relative: Option<Relative>,
}

/// MPNet's relative position bias as the tuned layers use it: the
/// checkpoint's `[buckets, heads]` weights (saved with the layers) and the
/// per-distance table built from them for training windows.
#[derive(Clone)]
struct Relative {
    weights: Vec<f32>,
    table: Arc<RelativeBias>,
}

impl std::fmt::Debug for Relative {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Relative({} weights)", self.weights.len())
    }
}

impl Relative {
    /// From `weights` (`[buckets, heads]`), for windows of up to `window`.
    fn new(weights: Vec<f32>, heads: usize, window: usize) -> Result<Self> {
        if heads == 0 || weights.is_empty() || !weights.len().is_multiple_of(heads) {
            return Err(Error::Heads(format!("relative position bias of {} values for {heads} heads", weights.len())));
        }
        let table = Arc::new(RelativeBias::new(&weights, weights.len() / heads, heads, window.max(1)));
        Ok(Self { weights, table })
    }

    fn buckets(&self, heads: usize) -> usize {
        self.weights.len() / heads
    }
}

/// [`FastBert`] layers built from a [`Tuner`]'s weights.
#[derive(Clone)]
struct Compiled(Arc<FastBert>);

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Compiled(FastBert)")
    }
}

/// The fast inference model of `layers` (Hugging Face names, the fused
/// query-key-value weights split again), its linear layers in `precision`;
/// an MPNet's when the layers have a `relative` position bias.
fn compile(layers: &[Layer], window: usize, precision: Precision, relative: Option<&Relative>) -> Result<Compiled> {
    let s = layers[0].shape;
    let h = s.hidden;
    let mut cfg = match relative {
        Some(r) => {
            let mut cfg = BertConfig::tiny_mpnet(1, h, layers.len(), s.heads);
            cfg.relative_attention_num_buckets = r.buckets(s.heads);
            cfg
        }
        None => BertConfig::tiny(1, h, layers.len(), s.heads),
    };
    cfg.intermediate_size = s.inter;
    cfg.max_position_embeddings = window.max(1) + cfg.position_offset();
    cfg.layer_norm_eps = f64::from(s.eps);
    let mut map = HashMap::new();
    if let Some(r) = relative {
        let name = "encoder.relative_attention_bias.weight".to_string();
        map.insert(name, Tensor::from_slice(&r.weights, (r.buckets(s.heads), s.heads), &Device::Cpu)?);
    }
    let names = cfg.attention_names();
    for (i, l) in layers.iter().enumerate() {
        for (name, v, dims) in l.named(i, names) {
            map.insert(name, Tensor::from_slice(v, dims.as_slice(), &Device::Cpu)?);
        }
    }
    Ok(Compiled(Arc::new(FastBert::layers_from_tensors_for(&map, &cfg, precision)?)))
}

/// Piece ranges of the training windows of an article of `n` pieces:
/// consecutive from `offset` (reduced below the window; the pieces before
/// it get the window `0..window` of their own), the last one ending at `n`.
fn training_windows(n: usize, window: usize, offset: usize) -> Vec<std::ops::Range<usize>> {
    let w = window.max(1);
    let offset = if n > w { offset % w } else { 0 };
    let mut out: Vec<_> = (offset..n).step_by(w).map(|s| s..(s + w).min(n)).collect();
    if offset > 0 {
        out.insert(0, 0..w);
    }
    if let Some(last) = out.last_mut()
        && n >= w
    {
        *last = n - w..n;
    }
    out
}

/// Global norm of a step's mean gradient: `mean` times that of the sums.
fn gradient_norm(grads: &[Vec<Vec<f32>>], mean: f32) -> f32 {
    let squares: f64 = grads.iter().flatten().map(|t| sum_of_squares(t)).sum();
    squares.sqrt() as f32 * mean
}

/// `Σ x²`, in 16 f32 lanes (so it vectorises) added up in f64.
fn sum_of_squares(xs: &[f32]) -> f64 {
    let mut lanes = [0f32; 16];
    let chunks = xs.chunks_exact(16);
    let rest: f64 = chunks.remainder().iter().map(|&x| f64::from(x * x)).sum();
    for c in chunks {
        for (l, &x) in lanes.iter_mut().zip(c) {
            *l += x * x;
        }
    }
    rest + lanes.iter().map(|&l| f64::from(l)).sum::<f64>()
}

/// The factor that turns summed gradients of global norm `norm` (once
/// multiplied by `mean`) into the step's: `mean`, lowered so the norm is at
/// most `clip` (when positive).
fn clip_scale(norm: f32, mean: f32, clip: f32) -> f32 {
    if clip > 0.0 && norm > clip { mean * clip / norm } else { mean }
}

/// The training windows, as (example, pieces): one list for every epoch
/// with `shift` (the first epoch's start at 0, later ones at a random
/// offset per article and epoch), else one list all epochs read.
fn epoch_windows(examples: &[Example<'_>], cfg: &TuneConfig) -> Vec<Vec<(usize, std::ops::Range<usize>)>> {
    let mut rng = SplitMix64::new(cfg.seed ^ 0x5348_4946_5453);
    let lists = if cfg.shift { cfg.epochs.max(1) } else { 1 };
    (0..lists)
        .map(|epoch| {
            examples
                .iter()
                .enumerate()
                .flat_map(|(e, ex)| {
                    let offset = if epoch > 0 { rng.below(cfg.window.max(1)) } else { 0 };
                    training_windows(ex.targets.len(), cfg.window, offset).into_iter().map(move |w| (e, w))
                })
                .collect()
        })
        .collect()
}


impl Tuner {
    /// Copies of the layers above `config.from_layer` of the encoder in
    /// `dir`.
    ///
    /// # Errors
    /// Unreadable weights or config, or a layer outside the encoder.
    pub fn pretrained(dir: &slant_encoder::ModelDir, config: TuneConfig) -> Result<Self> {
        let tensors = candle_core::safetensors::load(dir.weights(), &Device::Cpu)?;
        Self::from_pretrained(&tensors, &dir.config()?, config)
    }

    /// Copies of layers `from_layer + 1 ..` of a BERT checkpoint (named
    /// tensors as in Hugging Face files) and a zero output.
    ///
    /// # Errors
    /// A `from_layer` outside the encoder or missing weights.
    pub fn from_pretrained(tensors: &HashMap<String, Tensor>, bert: &BertConfig, config: TuneConfig) -> Result<Self> {
        let n = bert.num_hidden_layers;
        if config.from_layer >= n {
            return Err(Error::Heads(format!("tune.from_layer {} leaves no layer of {n} to tune", config.from_layer)));
        }
        let top = config.top_layer(n);
        if top > n {
            return Err(Error::Heads(format!(
                "tune.layers {} above layer {} passes the encoder's last layer ({n})",
                config.layers, config.from_layer
            )));
        }
        config.validate()?;
        let shape = Shape {
            hidden: bert.hidden_size,
            inter: bert.intermediate_size,
            heads: bert.num_attention_heads,
            eps: bert.layer_norm_eps as f32,
        };
        let get = |name: &str| -> Option<Vec<f32>> {
            tensors.get(name).and_then(|t| t.to_dtype(candle_core::DType::F32).ok()?.flatten_all().ok()?.to_vec1().ok())
        };
        let layers = (config.from_layer..top)
            .map(|i| Layer::from_named(&get, i, shape, bert.attention_names()).map_err(Error::Heads))
            .collect::<Result<Vec<_>>>()?;
        let relative = if bert.is_mpnet() {
            let name = "encoder.relative_attention_bias.weight";
            let weights = get(name).ok_or_else(|| Error::Heads(format!("no tensor {name}")))?;
            if weights.len() != bert.relative_attention_num_buckets * shape.heads {
                return Err(Error::Heads(format!("{name}: {} values, expected {}", weights.len(), bert.relative_attention_num_buckets * shape.heads)));
            }
            Some(Relative::new(weights, shape.heads, config.window)?)
        } else {
            None
        };
        let precision = Precision::F32;
        let fast = compile(&layers, config.window, precision, relative.as_ref())?;
        let head = vec![0.0; bert.hidden_size + 1];
        Ok(Self { config, layers, head, aux: Vec::new(), sentence: Vec::new(), fast, precision, relative })
    }

    /// The same layers running their linear layers in `precision` at
    /// inference (f32 unless set; training always runs in f32).
    ///
    /// # Errors
    /// Only if the layers cannot be packed.
    pub fn with_precision(mut self, precision: Precision) -> Result<Self> {
        if precision != self.precision {
            self.fast = compile(&self.layers, self.config.window, precision, self.relative.as_ref())?;
            self.precision = precision;
        }
        Ok(self)
    }

    /// The relative position bias its layers add, for an MPNet's.
    fn bias(&self) -> Option<&RelativeBias> {
        self.relative.as_ref().map(|r| r.table.as_ref())
    }

    /// Whether its layers are an MPNet's (with a relative position bias).
    #[must_use]
    pub fn is_mpnet(&self) -> bool {
        self.relative.is_some()
    }

    /// Width of the states it reads.
    #[must_use]
    pub fn hidden(&self) -> usize {
        self.head.len() - 1
    }

    /// Output logits of one window's states (the training code's forward
    /// pass, without caches).
    #[cfg(test)]
    fn window_logits(&self, x: &[f32]) -> Vec<f32> {
        let mut y = x.to_vec();
        for l in &self.layers {
            y = l.forward_with(&y, false, None, self.bias()).0;
        }
        self.output(&y)
    }

    fn output(&self, y: &[f32]) -> Vec<f32> {
        y.chunks_exact(self.hidden()).map(|row| self.logit(row)).collect()
    }

    /// The piece output's logit of one state.
    fn logit(&self, row: &[f32]) -> f32 {
        row.iter().zip(&self.head).map(|(a, b)| a * b).sum::<f32>() + self.head[self.hidden()]
    }

    /// Probability of each piece lying in a propaganda span, given the
    /// frozen layer's states of a whole article (`n × hidden`).
    ///
    /// # Errors
    /// States longer than a window allows (never for valid settings).
    pub fn piece_probs(&self, states: &[f32]) -> Result<Vec<f32>> {
        Ok(self.probs(states, &[])?.pieces)
    }

    /// Whether it has a sentence output.
    #[must_use]
    pub fn scores_sentences(&self) -> bool {
        !self.sentence.is_empty()
    }

    /// Piece probabilities as [`Tuner::piece_probs`] and, with a sentence
    /// output, the probability of each sentence (given by its pieces)
    /// from the mean of its pieces' tuned states.
    ///
    /// # Errors
    /// As [`Tuner::piece_probs`], or a sentence outside the article.
    pub fn probs(&self, states: &[f32], sentences: &[std::ops::Range<usize>]) -> Result<TunedProbs> {
        let h = self.hidden();
        let n = states.len() / h;
        let (windows, owner) = self.config.plan(n);
        let slices: Vec<&[f32]> = windows.iter().map(|w| &states[w.start * h..w.end * h]).collect();
        let hidden = self.fast.0.forward_states(&slices)?;
        // Each piece's final state, from its owner window.
        let last = |i: usize| -> &[f32] {
            let (o, local) = (owner[i], i - windows[owner[i]].start);
            &hidden.sequence(o)[local * h..(local + 1) * h]
        };
        let pieces = (0..n).map(|i| sigmoid(self.logit(last(i)))).collect();
        let sentences = if self.sentence.is_empty() {
            Vec::new()
        } else {
            sentences
                .iter()
                .map(|r| {
                    if r.end > n {
                        return Err(Error::Heads(format!("sentence pieces {r:?} outside an article of {n} pieces")));
                    }
                    Ok(sigmoid(self.pooled_logit(r.clone().map(last)).0))
                })
                .collect::<Result<_>>()?
        };
        Ok(TunedProbs { pieces, sentences })
    }

    /// The sentence output's logit on the mean of `rows`, with the mean.
    fn pooled_logit<'a>(&self, rows: impl ExactSizeIterator<Item = &'a [f32]>) -> (f32, Vec<f32>) {
        let h = self.hidden();
        let mut mean = vec![0.0; h];
        let count = rows.len();
        if count == 0 {
            return (self.sentence[h], mean);
        }
        for row in rows {
            mean.iter_mut().zip(row).for_each(|(m, v)| *m += v);
        }
        let inv = 1.0 / count as f32;
        for m in &mut mean {
            *m *= inv;
        }
        let z = mean.iter().zip(&self.sentence).map(|(a, b)| a * b).sum::<f32>() + self.sentence[h];
        (z, mean)
    }

    /// [`Tuner::piece_probs`] through the training code's forward pass
    /// (slower; the reference the fast path is checked against).
    #[cfg(test)]
    fn piece_probs_reference(&self, states: &[f32]) -> Vec<f32> {
        let h = self.hidden();
        let (windows, owner) = self.config.plan(states.len() / h);
        let logits: Vec<Vec<f32>> = windows.iter().map(|w| self.window_logits(&states[w.start * h..w.end * h])).collect();
        owner.iter().enumerate().map(|(i, &o)| sigmoid(logits[o][i - windows[o].start])).collect()
    }

    /// Loss and gradients of one window: weighted binary cross-entropy
    /// summed over its pieces. `grads` holds each layer's tensors, then the
    /// output's.
    fn window_gradients(&self, x: &[f32], ex: Window<'_>, grads: &mut [Vec<Vec<f32>>]) -> f64 {
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
    fn zero_gradients(&self) -> Vec<Vec<Vec<f32>>> {
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

    /// Fine-tunes on `examples`, reporting the mean loss of each epoch on
    /// stderr.
    ///
    /// # Errors
    /// Only if the trained layers cannot be packed for inference.
    pub fn fit(&mut self, examples: &[Example<'_>]) -> Result<()> {
        let h = self.hidden();
        let cfg = self.config;
        if cfg.technique_loss > 0.0 {
            if let Some(e) = examples.iter().position(|e| e.techniques.len() != e.targets.len() * TECHNIQUES) {
                return Err(Error::Heads(format!("tuning example {e}: no technique targets for tune.technique_loss")));
            }
            self.aux = vec![0.0; TECHNIQUES * (h + 1)];
        }
        if cfg.sentence_loss > 0.0 {
            if let Some(e) = examples.iter().position(|e| e.sentences.iter().any(|(r, _)| r.end > e.targets.len())) {
                return Err(Error::Heads(format!("tuning example {e}: a sentence outside the article")));
            }
            self.sentence = vec![0.0; h + 1];
        }
        let mut lists = epoch_windows(examples, &cfg);
        let pieces: usize = examples.iter().map(|e| e.targets.len()).sum();
        let batch = cfg.batch.max(1);
        let last = lists.len() - 1;
        let list_of = move |epoch: usize| epoch.min(last);
        let steps = (0..cfg.epochs).map(|e| lists[list_of(e)].len().div_ceil(batch)).sum::<usize>().max(1);
        let tuned = self.layers.len();
        let layer_rate = |l: usize| {
            let decay = if cfg.layer_decay > 0.0 { cfg.layer_decay } else { 1.0 };
            cfg.learning_rate * decay.powi(i32::try_from(tuned - 1 - l).unwrap_or(0))
        };
        let warm = ((steps as f32 * cfg.warmup).ceil() as usize).max(1);
        let mut adam: Vec<Vec<Adam>> =
            self.zero_gradients().iter().map(|l| l.iter().map(|p| Adam::new(p.len())).collect()).collect();
        let mut rng = SplitMix64::new(cfg.seed);
        let mut t = 0usize;
        let mut items = Vec::new();
        for epoch in 0..cfg.epochs {
            // Without `shift` the order of one epoch is shuffled again for
            // the next (as the committed recipe was trained).
            if epoch == 0 || cfg.shift {
                items = std::mem::take(&mut lists[list_of(epoch)]);
            }
            rng.shuffle(&mut items);
            let start = std::time::Instant::now();
            let mut total = 0.0;
            let mut largest = 0f32;
            for chunk in items.chunks(batch) {
                // One gradient per window, summed in window order: the
                // same bytes whatever the thread schedule.
                let step_seed = cfg.seed ^ (t as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                let per_window: Vec<(f64, Vec<Vec<Vec<f32>>>)> = chunk
                    .par_iter()
                    .enumerate()
                    .map(|(i, (e, w))| {
                        let ex = &examples[*e];
                        let mut g = self.zero_gradients();
                        let techniques = ex.techniques.get(w.start * TECHNIQUES..w.end * TECHNIQUES).unwrap_or(&[]);
                        let sentences: Vec<(std::ops::Range<usize>, f32)> = ex
                            .sentences
                            .iter()
                            .filter_map(|(r, t)| {
                                let (a, b) = (r.start.max(w.start), r.end.min(w.end));
                                (a < b).then(|| (a - w.start..b - w.start, *t))
                            })
                            .collect();
                        let window = Window {
                            targets: &ex.targets[w.clone()],
                            weights: &ex.weights[w.clone()],
                            techniques,
                            sentences: &sentences,
                            seed: step_seed.wrapping_add(i as u64),
                        };
                        let l = self.window_gradients(&ex.states[w.start * h..w.end * h], window, &mut g);
                        (l, g)
                    })
                    .collect();
                let mut parts = per_window.into_iter();
                let (mut loss, mut grads) = parts.next().unwrap_or_else(|| (0.0, self.zero_gradients()));
                for (l, g) in parts {
                    loss += l;
                    for (a, b) in grads.iter_mut().flatten().zip(g.iter().flatten()) {
                        a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                    }
                }
                total += loss;
                let n: usize = chunk.iter().map(|(_, w)| w.len()).sum();
                t += 1;
                let schedule = if t <= warm { t as f32 / warm as f32 } else { (steps - t) as f32 / (steps - warm).max(1) as f32 };
                let mean = 1.0 / n.max(1) as f32;
                let norm = gradient_norm(&grads, mean);
                largest = largest.max(norm);
                let scale = clip_scale(norm, mean, cfg.clip);
                let step = i32::try_from(t).unwrap_or(i32::MAX);
                for (l, (layer_grads, layer_adam)) in grads.iter_mut().zip(&mut adam).enumerate() {
                    for (j, (g, a)) in layer_grads.iter_mut().zip(layer_adam).enumerate() {
                        for v in g.iter_mut() {
                            *v *= scale;
                        }
                        if l < self.layers.len() {
                            let wd = if MATRICES.contains(&j) { cfg.weight_decay } else { 0.0 };
                            a.step(&mut self.layers[l].params[j], g, layer_rate(l) * schedule, wd, step);
                        } else {
                            let out = match j {
                                0 => &mut self.head,
                                1 => &mut self.aux,
                                _ => &mut self.sentence,
                            };
                            a.step(out, g, cfg.head_learning_rate * schedule, 0.0, step);
                        }
                    }
                }
            }
            eprintln!(
                "slant: tuning epoch {}/{}: loss {:.4} over {pieces} pieces, largest gradient norm {largest:.3}, {:.0} s",
                epoch + 1,
                cfg.epochs,
                total / pieces.max(1) as f64,
                start.elapsed().as_secs_f64()
            );
        }
        self.aux = Vec::new();
        self.fast = compile(&self.layers, cfg.window, self.precision, self.relative.as_ref())?;
        Ok(())
    }

    /// The tuned weights as tensors `prefix.{layer}.{name}` and
    /// `prefix.out`.
    pub fn tensors(&self, prefix: &str) -> Result<Vec<(String, Tensor)>> {
        let mut out = Vec::new();
        for (i, l) in self.layers.iter().enumerate() {
            for (name, p) in NAMES.iter().zip(&l.params) {
                out.push((format!("{prefix}.{i}.{name}"), Tensor::from_slice(p, p.len(), &Device::Cpu)?));
            }
        }
        out.push((format!("{prefix}.out"), Tensor::from_slice(&self.head, self.head.len(), &Device::Cpu)?));
        if !self.sentence.is_empty() {
            out.push((format!("{prefix}.sentence"), Tensor::from_slice(&self.sentence, self.sentence.len(), &Device::Cpu)?));
        }
        if let Some(r) = &self.relative {
            out.push((format!("{prefix}.relative"), Tensor::from_slice(&r.weights, r.weights.len(), &Device::Cpu)?));
        }
        Ok(out)
    }

    /// The shape of its layers.
    #[must_use]
    pub fn shape(&self) -> Shape {
        self.layers[0].shape
    }

    /// Reads what [`Tuner::tensors`] wrote: layers of `shape`, as many as
    /// the file holds.
    ///
    /// # Errors
    /// Missing or mis-sized tensors.
    pub fn from_tensors(map: &HashMap<String, Tensor>, prefix: &str, shape: Shape, config: TuneConfig) -> Result<Self> {
        config.validate()?;
        let get = |name: &str, len: usize| -> Result<Vec<f32>> {
            let t = map.get(name).ok_or_else(|| Error::Heads(format!("no tensor {name}")))?;
            let v: Vec<f32> = t.to_dtype(candle_core::DType::F32)?.flatten_all()?.to_vec1()?;
            if v.len() == len { Ok(v) } else { Err(Error::Heads(format!("{name}: {} values, expected {len}", v.len()))) }
        };
        let count = (0..usize::MAX).take_while(|i| map.contains_key(&format!("{prefix}.{i}.{}", NAMES[0]))).count();
        if count == 0 || shape.hidden == 0 || shape.heads == 0 || !shape.hidden.is_multiple_of(shape.heads) {
            return Err(Error::Heads(format!("no tuned layers under {prefix} of shape {shape:?}")));
        }
        let layers = (0..count)
            .map(|i| {
                let params =
                    NAMES.iter().zip(shape.sizes()).map(|(name, len)| get(&format!("{prefix}.{i}.{name}"), len)).collect::<Result<_>>()?;
                Ok(Layer { shape, params })
            })
            .collect::<Result<Vec<_>>>()?;
        let head = get(&format!("{prefix}.out"), shape.hidden + 1)?;
        let relative = match map.get(&format!("{prefix}.relative")) {
            Some(t) => Some(Relative::new(t.to_dtype(candle_core::DType::F32)?.flatten_all()?.to_vec1()?, shape.heads, config.window)?),
            None => None,
        };
        let precision = Precision::F32;
        let fast = compile(&layers, config.window, precision, relative.as_ref())?;
        let sentence = if map.contains_key(&format!("{prefix}.sentence")) {
            get(&format!("{prefix}.sentence"), shape.hidden + 1)?
        } else {
            Vec::new()
        };
        if config.sentence_loss > 0.0 && sentence.is_empty() {
            return Err(Error::Heads(format!("tune.sentence_loss is set but {prefix}.sentence is missing")));
        }
        Ok(Self { config, layers, head, aux: Vec::new(), sentence, fast, precision, relative })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` values around `base`, spread ±0.3.
    fn draw(rng: &mut SplitMix64, n: usize, base: f32) -> Vec<f32> {
        (0..n).map(|_| base + ((rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 0.6).collect()
    }

    /// `count` random layers of `shape` (LayerNorm scales around 1).
    fn random_layers(rng: &mut SplitMix64, shape: Shape, count: usize) -> Vec<Layer> {
        (0..count)
            .map(|_| Layer {
                shape,
                params: shape.sizes().iter().enumerate().map(|(i, &n)| draw(rng, n, if i == 4 || i == 10 { 1.0 } else { 0.0 })).collect(),
            })
            .collect()
    }

    /// An MPNet-style bias of `buckets` × `heads` values, spread ±`scale`.
    fn random_relative(rng: &mut SplitMix64, buckets: usize, heads: usize, scale: f32, window: usize) -> Relative {
        let weights = draw(rng, buckets * heads, 0.0).iter().map(|v| v * scale / 0.3).collect();
        Relative::new(weights, heads, window).unwrap()
    }

    #[test]
    fn fast_inference_matches_the_training_forward_pass() {
        fast_inference_matches(None);
    }

    #[test]
    fn fast_inference_matches_the_training_forward_pass_with_a_relative_bias() {
        let mut rng = SplitMix64::new(11);
        // Large enough to change the attention: checked against no bias below.
        fast_inference_matches(Some(random_relative(&mut rng, 32, 4, 2.0, 8)));
    }

    fn fast_inference_matches(relative: Option<Relative>) {
        let shape = Shape { hidden: 16, inter: 24, heads: 4, eps: 1e-12 };
        let mut rng = SplitMix64::new(3);
        let layers = random_layers(&mut rng, shape, 2);
        let mut draw = |n: usize, base: f32| draw(&mut rng, n, base);
        let config = TuneConfig { window: 8, stride: 5, ..TuneConfig::default() };
        let fast = compile(&layers, config.window, Precision::F32, relative.as_ref()).unwrap();
        let head = draw(17, 0.0);
        let tuner = Tuner { config, head, aux: Vec::new(), sentence: Vec::new(), layers, fast, precision: Precision::F32, relative };
        if tuner.is_mpnet() {
            // The bias matters: without it the same layers say otherwise.
            let states = draw(8 * 16, 0.0);
            let plain = Tuner { relative: None, ..tuner.clone() }.piece_probs_reference(&states);
            let biased = tuner.piece_probs_reference(&states);
            let moved = plain.iter().zip(&biased).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
            assert!(moved > 1e-3, "the relative bias changed nothing ({moved})");
        }
        for n in [1, 8, 21] {
            let states = draw(n * 16, 0.0);
            let (a, b) = (tuner.piece_probs(&states).unwrap(), tuner.piece_probs_reference(&states));
            assert_eq!(a.len(), n);
            for (x, y) in a.iter().zip(&b) {
                assert!((x - y).abs() < 1e-4, "n {n}: fast {x} vs reference {y}");
            }
        }
        // In bf16 (rounded operands, as the AMX and AVX-512 BF16 kernels
        // compute) the probabilities move a little, and back in f32 they
        // are the same again.
        let states = draw(21 * 16, 0.0);
        let f32_probs = tuner.piece_probs(&states).unwrap();
        let rounded = tuner.clone().with_precision(Precision::Bf16Emulated).unwrap();
        let bf16_probs = rounded.piece_probs(&states).unwrap();
        assert_ne!(bf16_probs, f32_probs);
        for (x, y) in bf16_probs.iter().zip(&f32_probs) {
            assert!((x - y).abs() < 2e-2, "bf16 {x} vs f32 {y}");
        }
        for p in [Precision::Bf16, Precision::Bf16x3] {
            for (x, y) in rounded.clone().with_precision(p).unwrap().piece_probs(&states).unwrap().iter().zip(&f32_probs) {
                assert!((x - y).abs() < 2e-2, "{p:?} {x} vs f32 {y}");
            }
        }
        assert_eq!(rounded.with_precision(Precision::F32).unwrap().piece_probs(&states).unwrap(), f32_probs);
    }

    #[test]
    fn gradients_of_all_outputs_match_finite_differences() {
        gradients_match(None);
    }

    #[test]
    fn gradients_match_finite_differences_with_a_relative_bias() {
        let mut rng = SplitMix64::new(13);
        gradients_match(Some(random_relative(&mut rng, 32, 2, 2.0, 4)));
    }

    fn gradients_match(relative: Option<Relative>) {
        let shape = Shape { hidden: 8, inter: 12, heads: 2, eps: 1e-12 };
        let mut rng = SplitMix64::new(5);
        let layers = random_layers(&mut rng, shape, 1);
        let mut draw = |n: usize, base: f32| draw(&mut rng, n, base);
        let config =
            TuneConfig { window: 4, stride: 4, technique_loss: 0.7, sentence_loss: 0.6, dropout: 0.2, ..TuneConfig::default() };
        let fast = compile(&layers, config.window, Precision::F32, relative.as_ref()).unwrap();
        let mut tuner = Tuner {
            config,
            head: draw(9, 0.0),
            aux: draw(TECHNIQUES * 9, 0.0),
            sentence: draw(9, 0.0),
            layers,
            fast,
            precision: Precision::F32,
            relative,
        };
        let n = 4;
        let x = draw(n * 8, 0.0);
        let targets = [1.0, 0.5, 0.0, 0.0];
        let weights = [2.0, 1.0, 1.0, 1.0];
        let mut techniques = vec![0.0; n * TECHNIQUES];
        techniques[3] = 1.0;
        techniques[TECHNIQUES + 7] = 0.5;
        let sentences = [(0..3, 0.8), (3..4, 0.0)];
        // Dropout masks come from the seed: the same on every call.
        let window = Window { targets: &targets, weights: &weights, techniques: &techniques, sentences: &sentences, seed: 9 };
        let loss = |t: &Tuner| {
            let mut g = t.zero_gradients();
            t.window_gradients(&x, window, &mut g)
        };
        let mut grads = tuner.zero_gradients();
        tuner.window_gradients(&x, window, &mut grads);
        assert_eq!(grads[1].len(), 3, "the output, the technique output and the sentence output");
        let eps = 1e-2f32;
        // (group, tensor, index) of parameters to perturb: the technique
        // output, the output, and a layer's weights and LayerNorm.
        for (group, tensor, idx) in [(1, 1, 3 * 9 + 2), (1, 1, 7 * 9 + 8), (1, 0, 4), (1, 2, 5), (1, 2, 8), (0, 0, 17), (0, 1, 20), (0, 2, 10), (0, 6, 30), (0, 10, 3)] {
            fn value(t: &mut Tuner, group: usize, tensor: usize, idx: usize) -> &mut f32 {
                if group == 0 {
                    &mut t.layers[0].params[tensor][idx]
                } else if tensor == 0 {
                    &mut t.head[idx]
                } else if tensor == 1 {
                    &mut t.aux[idx]
                } else {
                    &mut t.sentence[idx]
                }
            }
            let v0 = *value(&mut tuner, group, tensor, idx);
            *value(&mut tuner, group, tensor, idx) = v0 + eps;
            let up = loss(&tuner);
            *value(&mut tuner, group, tensor, idx) = v0 - eps;
            let down = loss(&tuner);
            *value(&mut tuner, group, tensor, idx) = v0;
            let numeric = (up - down) / f64::from(2.0 * eps);
            let analytic = f64::from(grads[group][tensor][idx]);
            assert!(analytic.abs() > 1e-4, "({group}, {tensor}, {idx}): no gradient");
            assert!(
                (numeric - analytic).abs() <= 0.03 * analytic.abs().max(0.01),
                "({group}, {tensor}, {idx}): analytic {analytic} vs numeric {numeric}"
            );
        }
        // Without the extra losses the loss is the output's alone.
        let plain = Tuner { aux: Vec::new(), sentence: Vec::new(), ..tuner.clone() };
        assert!(loss(&plain) < loss(&tuner));
        // Inference pools the same states the sentence loss did.
        let probs = tuner.probs(&x, &[0..3, 3..4]).unwrap();
        let mut y = x.clone();
        for l in &tuner.layers {
            y = l.forward_with(&y, false, None, tuner.bias()).0;
        }
        for (r, p) in [0..3, 3..4].iter().zip(&probs.sentences) {
            let want = sigmoid(tuner.pooled_logit(y[r.start * 8..r.end * 8].chunks_exact(8)).0);
            assert!((want - p).abs() < 1e-4, "sentence {r:?}: {p} vs {want}");
        }
        assert!(tuner.probs(&x, std::slice::from_ref(&(2..9))).is_err());
    }

    #[test]
    fn training_windows_tile_the_article() {
        assert_eq!(training_windows(0, 4, 0), Vec::<std::ops::Range<usize>>::new());
        assert_eq!(training_windows(3, 4, 0), vec![0..3]);
        assert_eq!(training_windows(8, 4, 0), vec![0..4, 4..8]);
        assert_eq!(training_windows(10, 4, 0), vec![0..4, 4..8, 6..10]);
        assert_eq!(training_windows(10, 4, 2), vec![0..4, 2..6, 6..10]);
        assert_eq!(training_windows(10, 4, 7), vec![0..4, 3..7, 6..10]);
        assert_eq!(training_windows(4, 4, 3), vec![0..4]);
        assert_eq!(training_windows(3, 4, 1), vec![0..3]);
    }

    #[test]
    fn clipping_caps_the_global_norm() {
        let long: Vec<f32> = (0..37).map(|i| i as f32 * 0.25).collect();
        let want: f64 = long.iter().map(|&x| f64::from(x) * f64::from(x)).sum();
        assert!((sum_of_squares(&long) - want).abs() < 1e-3, "{} vs {want}", sum_of_squares(&long));
        let grads = vec![vec![vec![3.0, 0.0]], vec![vec![0.0], vec![4.0]]];
        let norm = gradient_norm(&grads, 0.5);
        assert!((norm - 2.5).abs() < 1e-6, "norm {norm}");
        assert!((clip_scale(norm, 0.5, 0.0) - 0.5).abs() < 1e-9, "0: no clipping");
        assert!((clip_scale(norm, 0.5, 10.0) - 0.5).abs() < 1e-9, "norm 2.5 is under 10");
        let s = clip_scale(norm, 0.5, 1.0);
        assert!((s * 5.0 - 1.0).abs() < 1e-6, "norm 2.5 scaled to 1: factor {s}");
    }

    #[test]
    fn layer_decay_slows_the_lower_layers_only() {
        let shape = Shape { hidden: 16, inter: 24, heads: 4, eps: 1e-12 };
        let mut rng = SplitMix64::new(5);
        let layers = random_layers(&mut rng, shape, 2);
        let states = draw(&mut rng, 40 * 16, 0.0);
        let targets: Vec<f32> = (0..40).map(|i| f32::from(u8::from(i % 7 < 3))).collect();
        let weights = vec![1.0; 40];
        let examples = [Example { states: &states, targets: &targets, weights: &weights, techniques: &[], sentences: &[] }];
        let moved = |layer_decay: f32| {
            let config = TuneConfig { window: 8, stride: 8, epochs: 2, layer_decay, learning_rate: 1e-3, ..TuneConfig::default() };
            let fast = compile(&layers, config.window, Precision::F32, None).unwrap();
            let head = vec![0.0; 17];
            let (sentence, relative, precision) = (Vec::new(), None, Precision::F32);
            let mut tuner = Tuner { config, head, aux: Vec::new(), sentence, layers: layers.clone(), fast, precision, relative };
            tuner.fit(&examples).unwrap();
            tuner
                .layers
                .iter()
                .zip(&layers)
                .map(|(a, b)| a.params[0].iter().zip(&b.params[0]).map(|(x, y)| (x - y).abs()).sum::<f32>())
                .collect::<Vec<f32>>()
        };
        let (flat, decayed) = (moved(0.0), moved(0.1));
        assert!(flat.iter().all(|&d| d > 0.0), "every layer learns: {flat:?}");
        let (low, top) = (decayed[0] / flat[0], decayed[1] / flat[1]);
        assert!(low < 0.2, "the lower layer moved {low} as far as without decay");
        assert!((0.5..2.0).contains(&top), "the top layer moved {top} as far as without decay");
    }

    #[test]
    fn shifted_epochs_move_the_windows_and_still_cover_every_piece() {
        let targets: Vec<Vec<f32>> = [1000, 300, 17].iter().map(|&n| vec![0.0; n]).collect();
        let examples: Vec<Example<'_>> = targets
            .iter()
            .map(|t| Example { states: &[], targets: t, weights: t, techniques: &[], sentences: &[] })
            .collect();
        let cfg = TuneConfig { epochs: 3, window: 64, ..TuneConfig::default() };
        let fixed = epoch_windows(&examples, &cfg);
        assert_eq!(fixed.len(), 1, "without shift every epoch reads the same windows");
        let shifted = epoch_windows(&examples, &TuneConfig { shift: true, ..cfg });
        assert_eq!(shifted.len(), 3);
        assert_eq!(shifted[0], fixed[0], "the first epoch is not shifted");
        assert_ne!(shifted[1], fixed[0]);
        assert_ne!(shifted[1], shifted[2]);
        for epoch in &shifted {
            for (e, t) in targets.iter().enumerate() {
                let mut seen = vec![false; t.len()];
                for (_, w) in epoch.iter().filter(|(i, _)| *i == e) {
                    assert!(w.len() == 64.min(t.len()), "window {w:?} of article {e}");
                    seen[w.clone()].iter_mut().for_each(|s| *s = true);
                }
                assert!(seen.iter().all(|&s| s), "article {e} has pieces no window reads");
            }
        }
    }
}
