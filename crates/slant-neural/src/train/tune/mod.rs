//! Fine-tuning the tuned layers: the training windows, the losses and their
//! gradients, and the optimiser loop ([`Tuner::fit`]); also the tuned
//! layers' start from the pretrained encoder ([`Tuner::pretrained`]).

use std::collections::HashMap;

use candle_core::{Device, Tensor};
use rayon::prelude::*;
use slant_encoder::BertConfig;
use slant_encoder::fast::Precision;
use slant_text::hash::SplitMix64;

use crate::train::mlp_fit::Adam;
use crate::tune::layer::{Layer, MATRICES, Shape};
use crate::tune::{Relative, TECHNIQUES, TuneConfig, Tuner, compile};
use crate::{Error, Result};

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

/// One training window's targets, relative to its start.
#[derive(Clone, Copy)]
pub(super) struct Window<'a> {
    targets: &'a [f32],
    weights: &'a [f32],
    techniques: &'a [f32],
    sentences: &'a [(std::ops::Range<usize>, f32)],
    /// Seed of its dropout masks.
    seed: u64,
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
}

mod loss;
#[cfg(test)]
mod tests;
