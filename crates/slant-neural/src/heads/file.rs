//! The heads file: safetensors with f16 weights and the configuration as
//! JSON bytes (tensor `config`), small enough to commit and embed.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor};
use serde::{Deserialize, Serialize};

use super::mlp::Mlp;
use super::{Heads, HeadsConfig};
use crate::{Error, Result};

/// What the `config` tensor holds.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    format: u32,
    hidden: usize,
    config: HeadsConfig,
    /// Shape of the tuned layers, when there are some.
    #[serde(default)]
    tune_shape: Option<crate::tune::layer::Shape>,
}

const FORMAT: u32 = 1;

/// Tensor-name prefix of tuned member `m` (the first keeps the name files
/// with one member use).
fn member_prefix(m: usize) -> String {
    if m == 0 { "tune".to_owned() } else { format!("tune{m}") }
}

impl Heads {
    /// The named tensors of the file (weights as f16).
    fn to_tensors(&self) -> Result<HashMap<String, Tensor>> {
        let tune_shape = self.tuners.first().map(crate::tune::Tuner::shape);
        let stored = Stored { format: FORMAT, hidden: self.hidden, config: self.config.clone(), tune_shape };
        let json = serde_json::to_vec(&stored).map_err(|e| Error::Heads(e.to_string()))?;
        let n = json.len();
        let mut map = HashMap::new();
        map.insert("config".to_owned(), Tensor::from_vec(json, n, &Device::Cpu)?);
        for (prefix, m) in [("piece", &self.piece), ("sentence", &self.sentence), ("technique", &self.technique)] {
            for (k, t) in m.tensors(prefix)? {
                map.insert(k, t.to_dtype(DType::F16)?);
            }
        }
        for (m, t) in self.tuners.iter().enumerate() {
            for (k, t) in t.tensors(&member_prefix(m))? {
                map.insert(k, t.to_dtype(DType::F16)?);
            }
        }
        Ok(map)
    }

    /// Writes the heads to `path`.
    pub fn save(&self, path: &Path) -> Result<()> {
        let map = self.to_tensors()?;
        candle_core::safetensors::save(&map, path)?;
        Ok(())
    }

    /// Reads heads written by [`Heads::save`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let map = candle_core::safetensors::load_buffer(bytes, &Device::Cpu).map_err(|e| Error::Heads(e.to_string()))?;
        let config = map.get("config").ok_or_else(|| Error::Heads("no config tensor".into()))?;
        let json: Vec<u8> = config.to_vec1().map_err(|e| Error::Heads(format!("config tensor: {e}")))?;
        let stored: Stored = serde_json::from_slice(&json).map_err(|e| Error::Heads(format!("config: {e}")))?;
        if stored.format != FORMAT {
            return Err(Error::Heads(format!("format {} (this build reads {FORMAT})", stored.format)));
        }
        let heads = Self {
            hidden: stored.hidden,
            piece: Mlp::from_tensors(&map, "piece")?,
            sentence: Mlp::from_tensors(&map, "sentence")?,
            technique: Mlp::from_tensors(&map, "technique")?,
            tuners: match (stored.config.tune, stored.tune_shape) {
                (None, _) => Vec::new(),
                (Some(tc), Some(shape)) => (0..tc.member_count())
                    .map(|m| crate::tune::Tuner::from_tensors(&map, &member_prefix(m), shape, tc.member(m)))
                    .collect::<Result<_>>()?,
                (Some(_), None) => return Err(Error::Heads("tune is configured but the file has no tuned layers".into())),
            },
            config: stored.config,
        };
        let h = heads.hidden;
        let want = [
            (heads.piece.inputs(), super::features::ArticleRows::piece_dim(h, heads.config.piece_inputs), heads.piece.outputs(), 1),
            (heads.sentence.inputs(), super::features::ArticleRows::sentence_dim(h), heads.sentence.outputs(), 1),
            (
                heads.technique.inputs(),
                super::features::ArticleRows::span_dim(h),
                heads.technique.outputs(),
                slant_text::Technique::COUNT,
            ),
        ];
        if want.iter().any(|&(i, wi, o, wo)| i != wi || o != wo) {
            return Err(Error::Heads("head shapes do not match the configuration".into()));
        }
        if let Some(stack) = &heads.config.stack {
            stack.check()?;
        }
        Ok(heads)
    }

    /// Reads the heads file at `path`.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|reason| Error::Io { path: path.to_owned(), reason })?;
        Self::from_bytes(&bytes)
    }
}
