//! The BERT configuration, mirroring Hugging Face `config.json`.

use std::path::Path;

use serde::Deserialize;

use crate::{Error, Result};

/// The activation between the two feed-forward layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum HiddenAct {
    /// Exact GELU, `x * Φ(x)` with the error function (BERT's `gelu`).
    #[default]
    Gelu,
}

/// A BERT encoder configuration. Unknown `config.json` keys are ignored.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BertConfig {
    /// Vocabulary size.
    pub vocab_size: usize,
    /// Width of the hidden states.
    pub hidden_size: usize,
    /// Number of transformer layers.
    pub num_hidden_layers: usize,
    /// Attention heads per layer.
    pub num_attention_heads: usize,
    /// Width of the feed-forward layer.
    pub intermediate_size: usize,
    /// Feed-forward activation.
    #[serde(default)]
    pub hidden_act: HiddenAct,
    /// Size of the position-embedding table (the longest sequence).
    pub max_position_embeddings: usize,
    /// Number of token types (segments).
    #[serde(default = "default_type_vocab")]
    pub type_vocab_size: usize,
    /// LayerNorm epsilon.
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f64,
    /// Dropout on hidden states (training only).
    #[serde(default)]
    pub hidden_dropout_prob: f32,
    /// Dropout on attention probabilities (training only).
    #[serde(default)]
    pub attention_probs_dropout_prob: f32,
    /// The padding token id.
    #[serde(default)]
    pub pad_token_id: u32,
    /// `bert` (absolute positions plus token types) or `mpnet` (positions
    /// counted from `pad_token_id + 1`, no token types, and a relative
    /// position bias shared by every layer's attention).
    #[serde(default = "default_model_type")]
    pub model_type: String,
    /// MPNet's relative position buckets (`0` for BERT).
    #[serde(default)]
    pub relative_attention_num_buckets: usize,
}

/// BERT's [`BertConfig::attention_names`].
pub(crate) const BERT_ATTENTION: [&str; 5] =
    ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense", "attention.output.LayerNorm"];
/// MPNet's [`BertConfig::attention_names`].
const MPNET_ATTENTION: [&str; 5] = ["attention.attn.q", "attention.attn.k", "attention.attn.v", "attention.attn.o", "attention.LayerNorm"];

fn default_model_type() -> String {
    "bert".into()
}

fn default_type_vocab() -> usize {
    2
}

fn default_eps() -> f64 {
    1e-12
}

impl BertConfig {
    /// Reads and validates a `config.json`.
    ///
    /// # Errors
    /// [`Error::Io`], [`Error::Config`] or [`Error::UnsupportedConfig`].
    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|reason| Error::Io {
            path: path.to_owned(),
            reason,
        })?;
        let cfg: Self = serde_json::from_str(&text).map_err(|reason| Error::Config {
            path: path.to_owned(),
            reason,
        })?;
        cfg.validate()?;
        Ok(cfg)
    }

    /// A tiny configuration for tests: `layers` layers, hidden size `hidden`.
    #[must_use]
    pub fn tiny(vocab_size: usize, hidden: usize, layers: usize, heads: usize) -> Self {
        Self {
            vocab_size,
            hidden_size: hidden,
            num_hidden_layers: layers,
            num_attention_heads: heads,
            intermediate_size: 4 * hidden,
            hidden_act: HiddenAct::Gelu,
            max_position_embeddings: 64,
            type_vocab_size: 2,
            layer_norm_eps: 1e-12,
            hidden_dropout_prob: 0.0,
            attention_probs_dropout_prob: 0.0,
            pad_token_id: 0,
            model_type: default_model_type(),
            relative_attention_num_buckets: 0,
        }
    }

    /// [`BertConfig::tiny`] as an MPNet: 32 relative buckets, padding id 1.
    #[must_use]
    pub fn tiny_mpnet(vocab_size: usize, hidden: usize, layers: usize, heads: usize) -> Self {
        Self {
            model_type: "mpnet".into(),
            relative_attention_num_buckets: 32,
            pad_token_id: 1,
            layer_norm_eps: 1e-5,
            ..Self::tiny(vocab_size, hidden, layers, heads)
        }
    }

    /// Whether this is an MPNet (see [`BertConfig::model_type`]).
    #[must_use]
    pub fn is_mpnet(&self) -> bool {
        self.model_type == "mpnet"
    }

    /// Prefixes (under `encoder.layer.{i}.`, before `.weight` / `.bias`)
    /// of a layer's query, key, value, attention output and attention
    /// LayerNorm tensors: BERT's names or MPNet's for the same weights.
    #[must_use]
    pub fn attention_names(&self) -> [&'static str; 5] {
        if self.is_mpnet() { MPNET_ATTENTION } else { BERT_ATTENTION }
    }

    /// The first row of the position table a sequence uses: 0 for BERT,
    /// `pad_token_id + 1` for MPNet.
    #[must_use]
    pub fn position_offset(&self) -> usize {
        if self.is_mpnet() { self.pad_token_id as usize + 1 } else { 0 }
    }

    /// The longest sequence the position table allows.
    #[must_use]
    pub fn max_len(&self) -> usize {
        self.max_position_embeddings.saturating_sub(self.position_offset())
    }

    /// Checks that the sizes fit together.
    ///
    /// # Errors
    /// [`Error::UnsupportedConfig`] naming the problem.
    pub fn validate(&self) -> Result<()> {
        let bad = |m: String| Err(Error::UnsupportedConfig(m));
        if self.num_attention_heads == 0 || !self.hidden_size.is_multiple_of(self.num_attention_heads) {
            return bad(format!(
                "hidden_size {} not divisible by {} heads",
                self.hidden_size, self.num_attention_heads
            ));
        }
        if self.vocab_size == 0 || self.max_len() == 0 {
            return bad("empty vocabulary or position table".into());
        }
        match self.model_type.as_str() {
            "bert" => {}
            "mpnet" if self.relative_attention_num_buckets >= 4 => {}
            "mpnet" => return bad(format!("mpnet with {} relative buckets (needs 4 or more)", self.relative_attention_num_buckets)),
            other => return bad(format!("model_type {other:?} (slant runs bert and mpnet)")),
        }
        Ok(())
    }

    /// Width of one attention head.
    #[must_use]
    pub fn head_dim(&self) -> usize {
        self.hidden_size / self.num_attention_heads
    }
}
