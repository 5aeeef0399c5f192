//! The [`Encoder`] interface shared by the candle model and the fast path.

use candle_core::Tensor;

use crate::{BertModel, Error, Result};

/// Hidden states for a batch of sequences, concatenated without padding.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::struct_field_names)]
pub struct Hidden {
    hidden_size: usize,
    data: Vec<f32>,
    offsets: Vec<usize>,
}

impl Hidden {
    /// `data` holds `offsets.last()` rows of `hidden_size`; sequence `i` is
    /// rows `offsets[i]..offsets[i + 1]`.
    #[must_use]
    pub fn new(hidden_size: usize, data: Vec<f32>, offsets: Vec<usize>) -> Self {
        Self { hidden_size, data, offsets }
    }

    /// Width of one vector.
    #[must_use]
    pub fn hidden_size(&self) -> usize {
        self.hidden_size
    }

    /// Number of sequences.
    #[must_use]
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// True when there are no sequences.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `len × hidden` row-major states of sequence `i`.
    ///
    /// # Panics
    /// If `i >= self.len()`.
    #[must_use]
    pub fn sequence(&self, i: usize) -> &[f32] {
        &self.data[self.offsets[i] * self.hidden_size..self.offsets[i + 1] * self.hidden_size]
    }

    /// The vector of token `tok` of sequence `i`.
    ///
    /// # Panics
    /// If either index is out of range.
    #[must_use]
    pub fn token(&self, i: usize, tok: usize) -> &[f32] {
        &self.sequence(i)[tok * self.hidden_size..(tok + 1) * self.hidden_size]
    }

    /// All rows, sequence after sequence.
    #[must_use]
    pub fn data(&self) -> &[f32] {
        &self.data
    }
}

/// Something that turns token-id sequences into per-token hidden states.
pub trait Encoder {
    /// Width of the output vectors.
    fn hidden_size(&self) -> usize;

    /// Longest sequence accepted (special tokens included).
    fn max_len(&self) -> usize;

    /// Encodes each sequence (already wrapped in `[CLS] … [SEP]`).
    ///
    /// # Errors
    /// Invalid lengths or ids, or a backend failure.
    fn encode(&self, seqs: &[&[u32]]) -> Result<Hidden>;
}

impl Encoder for BertModel {
    fn hidden_size(&self) -> usize {
        self.config().hidden_size
    }

    fn max_len(&self) -> usize {
        self.config().max_position_embeddings
    }

    /// Pads the batch to its longest sequence and masks the padding.
    fn encode(&self, seqs: &[&[u32]]) -> Result<Hidden> {
        let cfg = self.config();
        let width = seqs.iter().map(|s| s.len()).max().unwrap_or(0);
        let h = cfg.hidden_size;
        let mut offsets = vec![0];
        if width == 0 {
            return Ok(Hidden::new(h, Vec::new(), vec![0; seqs.len() + 1]));
        }
        if width > cfg.max_position_embeddings {
            return Err(Error::SequenceLength { len: width, max: cfg.max_position_embeddings });
        }
        let mut ids = vec![cfg.pad_token_id; seqs.len() * width];
        let mut mask = vec![0u8; seqs.len() * width];
        for (i, s) in seqs.iter().enumerate() {
            ids[i * width..i * width + s.len()].copy_from_slice(s);
            mask[i * width..i * width + s.len()].fill(1);
        }
        let ids = Tensor::from_vec(ids, (seqs.len(), width), self.device())?;
        let mask = Tensor::from_vec(mask, (seqs.len(), width), self.device())?;
        let out = self.forward(&ids, &mask)?.to_vec3::<f32>()?;
        let mut data = Vec::new();
        for (rows, s) in out.iter().zip(seqs) {
            for row in &rows[..s.len()] {
                data.extend_from_slice(row);
            }
            offsets.push(offsets.last().copied().unwrap_or(0) + s.len());
        }
        Ok(Hidden::new(h, data, offsets))
    }
}
