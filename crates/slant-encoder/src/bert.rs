//! A BERT encoder in candle, differentiable end to end (for fine-tuning).
//!
//! Mirrors Hugging Face `BertModel` without the pooler; weight names follow
//! its safetensors layout (`embeddings.*`, `encoder.layer.N.*`).

use std::collections::HashMap;

use candle_core::{D, DType, Device, Module, Tensor};
use candle_nn::{Dropout, Embedding, Linear, VarBuilder, VarMap, embedding, linear};
use slant_text::hash::SplitMix64;

use crate::layer_norm::LayerNorm;
use crate::{BertConfig, Error, Result};

/// Added to attention scores of padding positions.
const MASKED_SCORE: f64 = -1e9;

struct Embeddings {
    word: Embedding,
    position: Embedding,
    token_type: Embedding,
    norm: LayerNorm,
    dropout: Dropout,
}

impl Embeddings {
    fn load(vb: &VarBuilder, cfg: &BertConfig) -> candle_core::Result<Self> {
        let h = cfg.hidden_size;
        Ok(Self {
            word: embedding(cfg.vocab_size, h, vb.pp("word_embeddings"))?,
            position: embedding(cfg.max_position_embeddings, h, vb.pp("position_embeddings"))?,
            token_type: embedding(cfg.type_vocab_size, h, vb.pp("token_type_embeddings"))?,
            norm: LayerNorm::load(h, cfg.layer_norm_eps, &vb.pp("LayerNorm"))?,
            dropout: Dropout::new(cfg.hidden_dropout_prob),
        })
    }

    fn forward(&self, ids: &Tensor, train: bool) -> candle_core::Result<Tensor> {
        let (_, len) = ids.dims2()?;
        let positions = Tensor::arange(0u32, len as u32, ids.device())?;
        let types = ids.zeros_like()?;
        let x = self
            .word
            .forward(ids)?
            .broadcast_add(&self.position.forward(&positions)?)?
            .add(&self.token_type.forward(&types)?)?;
        self.dropout.forward(&self.norm.forward(&x)?, train)
    }
}

struct SelfAttention {
    query: Linear,
    key: Linear,
    value: Linear,
    output: Linear,
    norm: LayerNorm,
    heads: usize,
    head_dim: usize,
    attn_dropout: Dropout,
    dropout: Dropout,
}

impl SelfAttention {
    fn load(vb: &VarBuilder, cfg: &BertConfig) -> candle_core::Result<Self> {
        let h = cfg.hidden_size;
        let sa = vb.pp("self");
        let out = vb.pp("output");
        Ok(Self {
            query: linear(h, h, sa.pp("query"))?,
            key: linear(h, h, sa.pp("key"))?,
            value: linear(h, h, sa.pp("value"))?,
            output: linear(h, h, out.pp("dense"))?,
            norm: LayerNorm::load(h, cfg.layer_norm_eps, &out.pp("LayerNorm"))?,
            heads: cfg.num_attention_heads,
            head_dim: cfg.head_dim(),
            attn_dropout: Dropout::new(cfg.attention_probs_dropout_prob),
            dropout: Dropout::new(cfg.hidden_dropout_prob),
        })
    }

    /// `[B, L, H] -> [B, heads, L, head_dim]`.
    fn split_heads(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let (b, l, _) = x.dims3()?;
        x.reshape((b, l, self.heads, self.head_dim))?
            .transpose(1, 2)?
            .contiguous()
    }

    fn forward(&self, x: &Tensor, mask_bias: &Tensor, train: bool) -> candle_core::Result<Tensor> {
        let q = self.split_heads(&self.query.forward(x)?)?;
        let k = self.split_heads(&self.key.forward(x)?)?;
        let v = self.split_heads(&self.value.forward(x)?)?;
        let scale = 1.0 / (self.head_dim as f64).sqrt();
        let scores = (q.matmul(&k.t()?)? * scale)?.broadcast_add(mask_bias)?;
        let probs = candle_nn::ops::softmax(&scores, D::Minus1)?;
        let probs = self.attn_dropout.forward(&probs, train)?;
        let ctx = probs.matmul(&v)?.transpose(1, 2)?;
        let (b, l, _, _) = ctx.dims4()?;
        let ctx = ctx.reshape((b, l, self.heads * self.head_dim))?;
        let out = self.dropout.forward(&self.output.forward(&ctx)?, train)?;
        self.norm.forward(&(out + x)?)
    }
}

struct FeedForward {
    intermediate: Linear,
    output: Linear,
    norm: LayerNorm,
    dropout: Dropout,
}

impl FeedForward {
    fn load(vb: &VarBuilder, cfg: &BertConfig) -> candle_core::Result<Self> {
        let (h, i) = (cfg.hidden_size, cfg.intermediate_size);
        Ok(Self {
            intermediate: linear(h, i, vb.pp("intermediate").pp("dense"))?,
            output: linear(i, h, vb.pp("output").pp("dense"))?,
            norm: LayerNorm::load(h, cfg.layer_norm_eps, &vb.pp("output").pp("LayerNorm"))?,
            dropout: Dropout::new(cfg.hidden_dropout_prob),
        })
    }

    fn forward(&self, x: &Tensor, train: bool) -> candle_core::Result<Tensor> {
        let y = self.intermediate.forward(x)?.gelu_erf()?;
        let y = self.dropout.forward(&self.output.forward(&y)?, train)?;
        self.norm.forward(&(y + x)?)
    }
}

struct Layer {
    attention: SelfAttention,
    ffn: FeedForward,
}

/// The BERT encoder: embeddings plus `num_hidden_layers` transformer layers.
pub struct BertModel {
    cfg: BertConfig,
    embeddings: Embeddings,
    layers: Vec<Layer>,
    device: Device,
}

impl BertModel {
    /// Builds the model from `vb` (root of the safetensors names, i.e. the
    /// prefix holding `embeddings` and `encoder`).
    ///
    /// # Errors
    /// Missing or mis-shaped weights, an invalid config, or an MPNet one.
    pub fn load(vb: &VarBuilder, cfg: &BertConfig) -> Result<Self> {
        cfg.validate()?;
        if cfg.is_mpnet() {
            return Err(Error::UnsupportedConfig("the candle model is BERT only; MPNet runs on FastBert".into()));
        }
        let embeddings = Embeddings::load(&vb.pp("embeddings"), cfg)?;
        let layers = (0..cfg.num_hidden_layers)
            .map(|i| {
                let lv = vb.pp("encoder").pp("layer").pp(i);
                Ok(Layer {
                    attention: SelfAttention::load(&lv.pp("attention"), cfg)?,
                    ffn: FeedForward::load(&lv, cfg)?,
                })
            })
            .collect::<candle_core::Result<Vec<_>>>()?;
        Ok(Self {
            cfg: cfg.clone(),
            embeddings,
            layers,
            device: vb.device().clone(),
        })
    }

    /// The model configuration.
    #[must_use]
    pub fn config(&self) -> &BertConfig {
        &self.cfg
    }

    /// The device the weights live on.
    #[must_use]
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// Inference forward pass: `input_ids` `[B, L]` (u32), `attention_mask`
    /// `[B, L]` (1 for real tokens, 0 for padding, any dtype) to hidden
    /// states `[B, L, hidden]`.
    ///
    /// # Errors
    /// Shape or dtype mismatches.
    pub fn forward(&self, input_ids: &Tensor, attention_mask: &Tensor) -> Result<Tensor> {
        self.forward_t(input_ids, attention_mask, false)
    }

    /// Like [`forward`](Self::forward); `train` switches dropout on.
    ///
    /// # Errors
    /// Shape or dtype mismatches.
    pub fn forward_t(&self, input_ids: &Tensor, attention_mask: &Tensor, train: bool) -> Result<Tensor> {
        let (b, l) = input_ids.dims2()?;
        let mask = attention_mask.to_dtype(DType::F32)?;
        let mask_bias = ((1.0 - mask)? * MASKED_SCORE)?.reshape((b, 1, 1, l))?;
        let mut x = self.embeddings.forward(input_ids, train)?;
        for layer in &self.layers {
            x = layer.attention.forward(&x, &mask_bias, train)?;
            x = layer.ffn.forward(&x, train)?;
        }
        Ok(x)
    }
}

/// The tensors of a randomly initialised BERT for `cfg`, the same for the
/// same `seed` on every run and machine: values come from a seeded generator
/// in sorted name order, uniform with standard deviation 0.3 (LayerNorm
/// weights around 1). For tests and benchmarks that need an encoder without
/// the real one's files; candle's `randn` is unseeded, and a test built on it
/// once failed by chance (ffad0b0).
///
/// # Errors
/// Tensor construction errors (none for a valid `cfg`).
pub fn random_tensors(cfg: &BertConfig, seed: u64) -> Result<HashMap<String, Tensor>> {
    let varmap = VarMap::new();
    BertModel::load(&VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu), cfg)?;
    let data = varmap.data().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut names: Vec<&String> = data.keys().collect();
    names.sort();
    let mut rng = SplitMix64::new(seed);
    let mut tensors = HashMap::with_capacity(names.len());
    for name in names {
        let shape = data[name].shape().clone();
        let base = if name.ends_with("LayerNorm.weight") { 1.0 } else { 0.0 };
        // A uniform draw on [-0.5, 0.5) has standard deviation 1/sqrt(12);
        // 1.04 scales it to about 0.3.
        let values: Vec<f32> = (0..shape.elem_count()).map(|_| base + (rng.unit() - 0.5) * 1.04).collect();
        tensors.insert(name.clone(), Tensor::from_vec(values, shape, &Device::Cpu)?);
    }
    Ok(tensors)
}
