//! The tuned layers: the top of the encoder fine-tuned as a piece tagger.
//!
//! The frozen encoder runs up to layer [`TuneConfig::from_layer`]; copies of
//! the layers above it (starting from the pretrained weights) and a linear
//! output are trained end to end on whether each piece lies in a propaganda
//! span. They read each article's layer states as the windows gave them
//! (each piece from its most central window) and run over the article in
//! windows of their own, so training and inference see the same inputs.
//! Here is what inference needs (loading, the fast forward pass, saving);
//! the training loop is [`crate::train::tune`].

mod config;
pub mod layer;

pub use config::TuneConfig;

use std::collections::HashMap;
use std::sync::Arc;

use candle_core::{Device, Tensor};

use crate::heads::mlp::sigmoid;
use slant_encoder::fast::Precision;
use slant_encoder::fast::relative::RelativeBias;
use crate::{Error, Result};
use slant_encoder::{BertConfig, FastBert};
use layer::{Layer, NAMES, Shape};

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

/// Outputs of the auxiliary technique loss.
pub(crate) const TECHNIQUES: usize = slant_text::Technique::COUNT;

/// The tuned layers and their output.
#[derive(Debug, Clone)]
pub struct Tuner {
    /// How it was trained.
    pub config: TuneConfig,
    pub(crate) layers: Vec<Layer>,
    /// Output weights (`hidden`) then bias.
    pub(crate) head: Vec<f32>,
    /// During training with [`TuneConfig::technique_loss`]: the auxiliary
    /// output, `hidden + 1` values per technique; empty otherwise.
    pub(crate) aux: Vec<f32>,
    /// With [`TuneConfig::sentence_loss`]: the sentence output (`hidden`
    /// weights then bias); empty otherwise.
    pub(crate) sentence: Vec<f32>,
    /// The same layers on the fast inference kernels.
    pub(crate) fast: Compiled,
    /// Arithmetic of their linear layers at inference.
    pub(crate) precision: Precision,
    /// An MPNet's relative position bias, frozen; `None` for BERT.
    pub(crate) relative: Option<Relative>,
}

/// MPNet's relative position bias as the tuned layers use it: the
/// checkpoint's `[buckets, heads]` weights (saved with the layers) and the
/// per-distance table built from them for training windows.
#[derive(Clone)]
pub(crate) struct Relative {
    pub(crate) weights: Vec<f32>,
    pub(crate) table: Arc<RelativeBias>,
}

impl std::fmt::Debug for Relative {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Relative({} weights)", self.weights.len())
    }
}

impl Relative {
    /// From `weights` (`[buckets, heads]`), for windows of up to `window`.
    pub(crate) fn new(weights: Vec<f32>, heads: usize, window: usize) -> Result<Self> {
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
pub(crate) struct Compiled(Arc<FastBert>);

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Compiled(FastBert)")
    }
}

/// The fast inference model of `layers` (Hugging Face names, the fused
/// query-key-value weights split again), its linear layers in `precision`;
/// an MPNet's when the layers have a `relative` position bias.
pub(crate) fn compile(layers: &[Layer], window: usize, precision: Precision, relative: Option<&Relative>) -> Result<Compiled> {
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

impl Tuner {
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
    pub(crate) fn bias(&self) -> Option<&RelativeBias> {
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

    pub(crate) fn output(&self, y: &[f32]) -> Vec<f32> {
        y.chunks_exact(self.hidden()).map(|row| self.logit(row)).collect()
    }

    /// The piece output's logit of one state.
    pub(crate) fn logit(&self, row: &[f32]) -> f32 {
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
    pub(crate) fn pooled_logit<'a>(&self, rows: impl ExactSizeIterator<Item = &'a [f32]>) -> (f32, Vec<f32>) {
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

