//! The model file: a small binary container.
//!
//! ```text
//! b"SLANTMDL"  u32 version  u32 header length  header (JSON)  tensors
//! ```
//!
//! Weight vectors are stored sparse — the indices of non-zero weights
//! (`u32`) followed by their values as IEEE half floats — because FTRL's L1
//! term leaves most hashed weights at zero. Half precision changes scores by
//! well under 0.1 % (see the round-trip test).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use std::sync::{Arc, OnceLock};

use crate::embed::StaticEmbeddings;
use crate::space::FeatureSpace;
use crate::linear::{LinearModel, ModelMeta};
use crate::span_tagger::{DecodeConfig, SpanTagger};
use crate::technique_classifier::TechniqueClassifier;

const MAGIC: &[u8; 8] = b"SLANTMDL";
/// Version 2: features hashed with `hash::hash_bytes` (version 1 used FNV-1a).
const VERSION: u32 = 2;

/// Why a model file could not be read.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ModelFileError {
    /// The bytes do not start with the model magic.
    #[error("not a slant model file (bad magic bytes)")]
    BadMagic,
    /// The file has a version this build cannot read.
    #[error("model file version {0} is not supported (this build reads version {VERSION})")]
    Version(u32),
    /// The file ends early or its parts do not fit together.
    #[error("model file is truncated or corrupt: {0}")]
    Corrupt(String),
    /// The header is not valid JSON of the expected shape.
    #[error("model file header: {0}")]
    Header(#[from] serde_json::Error),
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    meta: ModelMeta,
    si_space: FeatureSpace,
    decode: DecodeConfig,
    tc_space: FeatureSpace,
    /// Embedding table: vocabulary size and width, when the model has one.
    #[serde(default)]
    embeddings: Option<(usize, usize)>,
    /// Non-zero counts of the token vector, the sentence vector, the
    /// (feature-major) technique matrix and, if present, the second stage.
    tensors: Vec<usize>,
}

fn put_sparse(out: &mut Vec<u8>, weights: &[f32]) -> usize {
    let nz: Vec<(u32, f32)> =
        weights.iter().enumerate().filter(|(_, w)| **w != 0.0).map(|(i, &w)| (i as u32, w)).collect();
    for (i, _) in &nz {
        out.extend_from_slice(&i.to_le_bytes());
    }
    for (_, w) in &nz {
        out.extend_from_slice(&half::f16::from_f32(*w).to_bits().to_le_bytes());
    }
    nz.len()
}

fn take<'a>(bytes: &mut &'a [u8], n: usize, what: &str) -> Result<&'a [u8], ModelFileError> {
    if bytes.len() < n {
        return Err(ModelFileError::Corrupt(format!("{what} needs {n} bytes, {} left", bytes.len())));
    }
    let (head, rest) = bytes.split_at(n);
    *bytes = rest;
    Ok(head)
}

fn get_u32(bytes: &mut &[u8], what: &str) -> Result<u32, ModelFileError> {
    let b = take(bytes, 4, what)?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn get_sparse(bytes: &mut &[u8], count: usize, dim: usize) -> Result<Vec<f32>, ModelFileError> {
    let idx = take(bytes, count.checked_mul(4).ok_or_else(|| ModelFileError::Corrupt("size".into()))?, "indices")?;
    let val = take(bytes, count * 2, "values")?;
    let mut w = vec![0.0f32; dim];
    for k in 0..count {
        let i = u32::from_le_bytes([idx[4 * k], idx[4 * k + 1], idx[4 * k + 2], idx[4 * k + 3]]) as usize;
        let v = half::f16::from_bits(u16::from_le_bytes([val[2 * k], val[2 * k + 1]])).to_f32();
        *w.get_mut(i).ok_or_else(|| ModelFileError::Corrupt(format!("index {i} past dimension {dim}")))? = v;
    }
    Ok(w)
}

/// Embedding table: vocabulary (newline-separated, length-prefixed), `i8`
/// rows, `f32` row scales.
fn put_embeddings(out: &mut Vec<u8>, e: &StaticEmbeddings) {
    let vocab = e.vocab.join("\n");
    out.extend_from_slice(&(vocab.len() as u32).to_le_bytes());
    out.extend_from_slice(vocab.as_bytes());
    out.extend(e.rows.iter().map(|&q| q.to_le_bytes()[0]));
    for s in &e.scales {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out.extend_from_slice(&(e.clusters.len() as u32).to_le_bytes());
    for c in &e.clusters {
        out.extend_from_slice(&c.to_le_bytes());
    }
}

fn get_embeddings(bytes: &mut &[u8], n: usize, dim: usize) -> Result<StaticEmbeddings, ModelFileError> {
    if n > 1 << 22 || dim > 4096 {
        return Err(ModelFileError::Corrupt(format!("implausible embedding table {n} x {dim}")));
    }
    let len = get_u32(bytes, "vocabulary length")? as usize;
    let vocab = std::str::from_utf8(take(bytes, len, "vocabulary")?)
        .map_err(|_| ModelFileError::Corrupt("vocabulary is not UTF-8".into()))?;
    let vocab: Vec<String> = vocab.split('\n').map(str::to_owned).collect();
    if vocab.len() != n {
        return Err(ModelFileError::Corrupt(format!("{} words for {n} rows", vocab.len())));
    }
    let rows: Vec<i8> = take(bytes, n * dim, "embedding rows")?.iter().map(|&b| i8::from_le_bytes([b])).collect();
    let scales: Vec<f32> = take(bytes, n * 4, "embedding scales")?
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let mut table = StaticEmbeddings::from_parts(vocab, dim, rows, scales);
    let clusters = get_u32(bytes, "cluster count")? as usize;
    if clusters != 0 && clusters != n {
        return Err(ModelFileError::Corrupt(format!("{clusters} clusters for {n} rows")));
    }
    table.clusters =
        take(bytes, clusters * 2, "clusters")?.chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect();
    Ok(table)
}

fn check_space(space: FeatureSpace) -> Result<(), ModelFileError> {
    if space.hash_bits > 26 || space.dense > 1 << 20 {
        return Err(ModelFileError::Corrupt(format!("implausible feature space {space:?}")));
    }
    Ok(())
}

impl LinearModel {
    /// Serialises the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut payload = Vec::new();
        let mut tensors = vec![
            put_sparse(&mut payload, &self.tagger.weights),
            put_sparse(&mut payload, &self.tagger.sentence_weights),
        ];
        tensors.push(put_sparse(&mut payload, &self.classifier.weights));
        let header = Header {
            meta: self.meta.clone(),
            si_space: self.tagger.space,
            decode: self.tagger.decode,
            tc_space: self.classifier.space,
            embeddings: self.embeddings.as_ref().map(|e| (e.vocab.len(), e.dim)),
            tensors,
        };
        if let Some(e) = &self.embeddings {
            put_embeddings(&mut payload, e);
        }
        let header = serde_json::to_vec(&header).expect("header serialises");
        let mut out = Vec::with_capacity(16 + header.len() + payload.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(&payload);
        out
    }

    /// Reads a model written by [`LinearModel::to_bytes`].
    pub fn from_bytes(mut bytes: &[u8]) -> Result<Self, ModelFileError> {
        let b = &mut bytes;
        if take(b, 8, "magic").map_err(|_| ModelFileError::BadMagic)? != MAGIC {
            return Err(ModelFileError::BadMagic);
        }
        let version = get_u32(b, "version")?;
        if version != VERSION {
            return Err(ModelFileError::Version(version));
        }
        let len = get_u32(b, "header length")? as usize;
        let header: Header = serde_json::from_slice(take(b, len, "header")?)?;
        check_space(header.si_space)?;
        check_space(header.tc_space)?;
        if header.tensors.len() != 3 {
            return Err(ModelFileError::Corrupt(format!("{} weight vectors", header.tensors.len())));
        }
        let tagger_weights = get_sparse(b, header.tensors[0], header.si_space.dim())?;
        let sentence_weights = get_sparse(b, header.tensors[1], header.si_space.dim())?;
        let classifier_weights = get_sparse(b, header.tensors[2], header.tc_space.dim() * slant_text::Technique::COUNT)?;
        let embeddings = match header.embeddings {
            Some((n, dim)) => Some(Arc::new(get_embeddings(b, n, dim)?)),
            None => None,
        };
        if !b.is_empty() {
            return Err(ModelFileError::Corrupt(format!("{} trailing bytes", b.len())));
        }
        Ok(Self {
            meta: header.meta,
            tagger: SpanTagger {
                space: header.si_space,
                weights: tagger_weights,
                sentence_weights,
                decode: header.decode,
                piece_scores: OnceLock::new(),
            },
            embeddings,
            classifier: TechniqueClassifier { space: header.tc_space, weights: classifier_weights },
        })
    }
}
