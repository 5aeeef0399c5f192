//! Loading [`FastBert`]: Hugging Face named tensors (a memory-mapped
//! `model.safetensors` or a map of candle tensors) packed into the layouts
//! the kernels read.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{Device, Tensor};

use crate::fast::isa::Isa;
use crate::fast::linear::{Layouts, Linear, Norm, Precision, Weights};
use crate::fast::relative::RelativeBias;
use super::{FastBert, Layer};
use crate::{BertConfig, Result};

/// [`load_layers`], with the weights rounded to bf16 values when the
/// layouts are fixed to [`Precision::Bf16Emulated`].
fn load_fixed_layers(w: &Weights<'_>, cfg: &BertConfig, layouts: Layouts) -> Result<Vec<Layer>> {
    let mut layers = load_layers(w, cfg, layouts)?;
    if layouts.fixed() == Some(Precision::Bf16Emulated) {
        for lin in layers.iter_mut().flat_map(|l| [&mut l.qkv, &mut l.out, &mut l.up, &mut l.down]) {
            lin.round_weights_to_bf16();
        }
    }
    Ok(layers)
}

/// The transformer layers of `cfg` from Hugging Face named tensors.
fn load_layers(w: &Weights<'_>, cfg: &BertConfig, layouts: Layouts) -> Result<Vec<Layer>> {
    let (h, inter) = (cfg.hidden_size, cfg.intermediate_size);
    #[allow(clippy::cast_precision_loss)]
    let scale = 1.0 / (cfg.head_dim() as f32).sqrt();
    let mut layers = Vec::with_capacity(cfg.num_hidden_layers);
    for i in 0..cfg.num_hidden_layers {
        let p = format!("encoder.layer.{i}");
        let lin = |name: &str, n: usize, k: usize| -> Result<(Vec<f32>, Vec<f32>)> {
            Ok((w.get(&format!("{p}.{name}.weight"), &[n, k])?, w.get(&format!("{p}.{name}.bias"), &[n])?))
        };
        let [q, k, v, o, norm1] = cfg.attention_names();
        let (mut wq, mut bq) = lin(q, h, h)?;
        wq.iter_mut().chain(bq.iter_mut()).for_each(|v| *v *= scale);
        let (wk, bk) = lin(k, h, h)?;
        let (wv, bv) = lin(v, h, h)?;
        let wqkv = [wq, wk, wv].concat();
        let (wo, bo) = lin(o, h, h)?;
        let (w1, b1) = lin("intermediate.dense", inter, h)?;
        let (w2, b2) = lin("output.dense", h, inter)?;
        layers.push(Layer {
            qkv: Linear::new(&wqkv, [bq, bk, bv].concat(), 3 * h, h, layouts),
            out: Linear::new(&wo, bo, h, h, layouts),
            norm1: w.norm(&format!("{p}.{norm1}"), h)?,
            up: Linear::new(&w1, b1, inter, h, layouts),
            down: Linear::new(&w2, b2, h, inter, layouts),
            norm2: w.norm(&format!("{p}.output.LayerNorm"), h)?,
        });
    }
    Ok(layers)
}

/// MPNet's relative position bias (`None` for BERT).
fn load_relative(w: &Weights<'_>, cfg: &BertConfig) -> Result<Option<RelativeBias>> {
    if !cfg.is_mpnet() {
        return Ok(None);
    }
    let (buckets, heads) = (cfg.relative_attention_num_buckets, cfg.num_attention_heads);
    let table = w.get("encoder.relative_attention_bias.weight", &[buckets, heads])?;
    Ok(Some(RelativeBias::new(&table, buckets, heads, cfg.max_len())))
}

impl FastBert {
    /// Loads weights from a Hugging Face `model.safetensors`, packed for
    /// every precision.
    ///
    /// # Errors
    /// Unreadable file, missing or mis-shaped weights.
    pub fn from_safetensors(path: &Path, cfg: &BertConfig) -> Result<Self> {
        let tensors = candle_core::safetensors::load(path, &Device::Cpu)?;
        Self::from_tensors(&tensors, cfg)
    }

    /// Loads weights from a Hugging Face `model.safetensors` packed for
    /// `precision` alone, reading the file one tensor at a time: the least
    /// memory (all-mpnet-base-v2 in bf16 holds 170 MB of layer weights, not
    /// the 680 MB that every layout takes). The precision is then fixed:
    /// [`FastBert::with_precision`] changes nothing.
    ///
    /// # Errors
    /// Unreadable file, missing or mis-shaped weights.
    pub fn from_safetensors_for(path: &Path, cfg: &BertConfig, precision: Precision) -> Result<Self> {
        // SAFETY: the file is only read, and only while this call runs; a
        // file changed under it meanwhile gives wrong weights, as a file
        // changed just before reading it would.
        let mapped = unsafe { candle_core::safetensors::MmapedSafetensors::new(path)? };
        Self::build(&Weights::Mapped(&mapped), cfg, Layouts::For(precision))
    }

    /// Builds the model from named tensors (Hugging Face names without a
    /// `bert.` prefix), e.g. the variables of a trained [`crate::BertModel`].
    ///
    /// # Errors
    /// Missing or mis-shaped weights, or an invalid config.
    pub fn from_tensors(tensors: &HashMap<String, Tensor>, cfg: &BertConfig) -> Result<Self> {
        Self::build(&Weights::Map(tensors), cfg, Layouts::All)
    }

    fn build(w: &Weights<'_>, cfg: &BertConfig, layouts: Layouts) -> Result<Self> {
        cfg.validate()?;
        let h = cfg.hidden_size;
        let word = w.get("embeddings.word_embeddings.weight", &[cfg.vocab_size, h])?;
        let mut position = w.get("embeddings.position_embeddings.weight", &[cfg.max_position_embeddings, h])?;
        position.drain(..cfg.position_offset() * h);
        if !cfg.is_mpnet() {
            let token_type = w.get("embeddings.token_type_embeddings.weight", &[cfg.type_vocab_size, h])?;
            for row in position.chunks_exact_mut(h) {
                for (p, t) in row.iter_mut().zip(&token_type) {
                    *p += t;
                }
            }
        }
        let layers = load_fixed_layers(w, cfg, layouts)?;
        Ok(Self {
            cfg: cfg.clone(),
            isa: Isa::detect(),
            precision: layouts.fixed().unwrap_or_default(),
            word,
            position,
            relative: load_relative(w, cfg)?,
            norm: w.norm("embeddings.LayerNorm", h)?,
            outputs: vec![cfg.num_hidden_layers],
            layers,
            layouts,
            bf16_attention: false,
        })
    }

    /// Only the transformer layers (`encoder.layer.*` tensors), for
    /// [`FastBert::forward_states`]: a fine-tuned top of the encoder.
    ///
    /// # Errors
    /// Missing or mis-shaped weights, or an invalid config.
    pub fn layers_from_tensors(tensors: &HashMap<String, Tensor>, cfg: &BertConfig) -> Result<Self> {
        Self::layers_with(tensors, cfg, Layouts::All)
    }

    /// [`FastBert::layers_from_tensors`] holding only the weight layouts
    /// that `precision` runs on this CPU (as [`FastBert::from_safetensors_for`]):
    /// the precision is then fixed.
    ///
    /// # Errors
    /// As [`FastBert::layers_from_tensors`].
    pub fn layers_from_tensors_for(tensors: &HashMap<String, Tensor>, cfg: &BertConfig, precision: Precision) -> Result<Self> {
        Self::layers_with(tensors, cfg, Layouts::For(precision))
    }

    fn layers_with(tensors: &HashMap<String, Tensor>, cfg: &BertConfig, layouts: Layouts) -> Result<Self> {
        cfg.validate()?;
        let w = Weights::Map(tensors);
        let layers = load_fixed_layers(&w, cfg, layouts)?;
        Ok(Self {
            cfg: cfg.clone(),
            isa: Isa::detect(),
            precision: layouts.fixed().unwrap_or_default(),
            word: Vec::new(),
            position: Vec::new(),
            relative: load_relative(&w, cfg)?,
            norm: Norm { gamma: Vec::new(), beta: Vec::new() },
            outputs: vec![cfg.num_hidden_layers],
            layers,
            layouts,
            bf16_attention: false,
        })
    }
}
