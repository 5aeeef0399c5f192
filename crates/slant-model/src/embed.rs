//! Static word-piece embeddings (model2vec's potion-base-8M): one vector per
//! word piece, averaged over a sentence or a span. They give the linear
//! models a sense of meaning that word identity alone lacks, at the cost of
//! a table lookup per token.
//!
//! The table is stored in the model file as `i8` rows with one `f32` scale
//! per row (7.6 MB for 29,528 × 256), built by `slant train --embeddings`
//! from the potion-base-8M folder (MIT licence).

use std::path::Path;

use rustc_hash::FxHashMap;
use thiserror::Error;

use crate::features::DocView;

/// Why an embedding folder could not be read.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum EmbeddingError {
    /// A file could not be read.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        error: std::io::Error,
    },
    /// A file is not in the expected format.
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// A word-piece embedding table.
#[derive(Debug, Clone, PartialEq)]
pub struct StaticEmbeddings {
    /// Word pieces, by id (`##` marks a continuation piece).
    pub vocab: Vec<String>,
    /// Vector width.
    pub dim: usize,
    /// Quantised rows, `vocab.len() × dim`.
    pub rows: Vec<i8>,
    /// Per-row scale: a value is `rows[i] as f32 * scales[row]`.
    pub scales: Vec<f32>,
    /// Cluster of each row (k-means over the rows), for sparse features
    /// that generalise across similar words; empty when not computed.
    pub clusters: Vec<u16>,
    index: FxHashMap<String, u32>,
    unk: u32,
}

impl StaticEmbeddings {
    /// Builds a table from a vocabulary and `f32` rows, quantising them.
    pub fn from_f32(vocab: Vec<String>, dim: usize, values: &[f32]) -> Self {
        let mut rows = Vec::with_capacity(values.len());
        let mut scales = Vec::with_capacity(vocab.len());
        for row in values.chunks(dim) {
            let max = row.iter().fold(0.0f32, |m, x| m.max(x.abs()));
            let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
            scales.push(scale);
            rows.extend(row.iter().map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8));
        }
        Self::from_parts(vocab, dim, rows, scales)
    }

    /// Builds a table from quantised parts (as stored in model files).
    pub fn from_parts(vocab: Vec<String>, dim: usize, rows: Vec<i8>, scales: Vec<f32>) -> Self {
        let index: FxHashMap<String, u32> = vocab.iter().enumerate().map(|(i, w)| (w.clone(), i as u32)).collect();
        let unk = index.get("[UNK]").copied().unwrap_or(0);
        Self { vocab, dim, rows, scales, clusters: Vec::new(), index, unk }
    }

    /// Row `i` as `f32`.
    pub fn row(&self, i: usize) -> Vec<f32> {
        let s = self.scales[i];
        self.rows[i * self.dim..(i + 1) * self.dim].iter().map(|&q| f32::from(q) * s).collect()
    }

    /// Groups the rows into `k` clusters by spherical k-means (cosine), with a
    /// seeded start, so that the same table always gives the same clusters.
    pub fn compute_clusters(&mut self, k: usize, iterations: usize, seed: u64) {
        let n = self.vocab.len();
        if n == 0 || k == 0 {
            return;
        }
        let dim = self.dim;
        let unit: Vec<f32> = (0..n)
            .flat_map(|i| {
                let r = self.row(i);
                let norm = r.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
                r.into_iter().map(move |x| x / norm)
            })
            .collect();
        let mut rng = slant_text::hash::SplitMix64::new(seed);
        let mut centres: Vec<f32> = (0..k).flat_map(|_| unit[rng.below(n) * dim..][..dim].to_vec()).collect();
        let mut assign = vec![0u16; n];
        for _ in 0..iterations {
            for (i, a) in assign.iter_mut().enumerate() {
                let x = &unit[i * dim..(i + 1) * dim];
                let mut best = (f32::NEG_INFINITY, 0);
                for c in 0..k {
                    let d: f32 = x.iter().zip(&centres[c * dim..(c + 1) * dim]).map(|(a, b)| a * b).sum();
                    if d > best.0 {
                        best = (d, c);
                    }
                }
                *a = best.1 as u16;
            }
            let mut sums = vec![0.0f32; k * dim];
            for (i, &a) in assign.iter().enumerate() {
                for (s, x) in sums[a as usize * dim..][..dim].iter_mut().zip(&unit[i * dim..(i + 1) * dim]) {
                    *s += x;
                }
            }
            for c in 0..k {
                let s = &mut sums[c * dim..(c + 1) * dim];
                let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt();
                if norm > 0.0 {
                    for (dst, x) in centres[c * dim..(c + 1) * dim].iter_mut().zip(s.iter()) {
                        *dst = x / norm;
                    }
                }
            }
        }
        self.clusters = assign;
    }

    /// Loads potion-base-8M (or any model2vec model) from its folder:
    /// `tokenizer.json` (`WordPiece` vocabulary) and `model.safetensors`
    /// (tensor `embeddings`).
    pub fn load_model2vec(dir: &Path) -> Result<Self, EmbeddingError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|error| EmbeddingError::Io { path: path.display().to_string(), error })
        };
        let fmt = |name: &str, message: String| EmbeddingError::Format { path: dir.join(name).display().to_string(), message };
        let tok: serde_json::Value =
            serde_json::from_slice(&read("tokenizer.json")?).map_err(|e| fmt("tokenizer.json", e.to_string()))?;
        let vocab_map = tok["model"]["vocab"].as_object().ok_or_else(|| fmt("tokenizer.json", "no model.vocab".into()))?;
        let mut vocab = vec![String::new(); vocab_map.len()];
        for (piece, id) in vocab_map {
            let id = id.as_u64().and_then(|i| usize::try_from(i).ok()).filter(|&i| i < vocab.len());
            let id = id.ok_or_else(|| fmt("tokenizer.json", format!("bad id for `{piece}`")))?;
            vocab[id].clone_from(piece);
        }
        let bytes = read("model.safetensors")?;
        let st = safetensors::SafeTensors::deserialize(&bytes).map_err(|e| fmt("model.safetensors", e.to_string()))?;
        let t = st.tensor("embeddings").map_err(|e| fmt("model.safetensors", e.to_string()))?;
        let shape = t.shape().to_vec();
        if t.dtype() != safetensors::Dtype::F32 || shape.len() != 2 || shape[0] != vocab.len() {
            return Err(fmt("model.safetensors", format!("expected F32 [{}, d], found {:?} {shape:?}", vocab.len(), t.dtype())));
        }
        let values: Vec<f32> =
            t.data().chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        Ok(Self::from_f32(vocab, shape[1], &values))
    }

    /// Word-piece ids of one token's text (lower-cased; split at every
    /// character that is not a letter or digit; greedy longest match).
    pub fn pieces(&self, text: &str, out: &mut Vec<u32>) {
        let mut lower = String::new();
        self.pieces_with(text, out, &mut lower);
    }

    /// [`Self::pieces`] with a scratch buffer, so that a caller splitting
    /// many words allocates once.
    pub fn pieces_with(&self, text: &str, out: &mut Vec<u32>, lower: &mut String) {
        lower.clear();
        if text.is_ascii() {
            lower.push_str(text);
            lower.make_ascii_lowercase();
        } else {
            lower.extend(text.chars().flat_map(char::to_lowercase));
        }
        let lower = lower.as_str();
        let mut start = 0;
        for (i, c) in lower.char_indices() {
            if !c.is_alphanumeric() {
                self.word_pieces(&lower[start..i], out);
                if !c.is_whitespace() {
                    self.word_pieces(&lower[i..i + c.len_utf8()], out);
                }
                start = i + c.len_utf8();
            }
        }
        self.word_pieces(&lower[start..], out);
    }

    fn word_pieces(&self, word: &str, out: &mut Vec<u32>) {
        if word.is_empty() {
            return;
        }
        if let Some(&id) = self.index.get(word) {
            out.push(id);
            return;
        }
        if word.chars().count() > 100 {
            out.push(self.unk);
            return;
        }
        let mark = out.len();
        let mut start = 0;
        let mut buf = String::with_capacity(word.len() + 2);
        while start < word.len() {
            let mut end = word.len();
            let mut found = None;
            while end > start {
                if !word.is_char_boundary(end) {
                    end -= 1;
                    continue;
                }
                buf.clear();
                if start > 0 {
                    buf.push_str("##");
                }
                buf.push_str(&word[start..end]);
                if let Some(&id) = self.index.get(buf.as_str()) {
                    found = Some(id);
                    break;
                }
                end -= 1;
            }
            if let Some(id) = found {
                out.push(id);
                start = end;
            } else {
                out.truncate(mark);
                out.push(self.unk);
                return;
            }
        }
    }

    /// Adds row `id` to `acc`.
    #[inline]
    pub fn add_row(&self, id: u32, acc: &mut [f32]) {
        let i = id as usize;
        let s = self.scales[i];
        for (a, &q) in acc.iter_mut().zip(&self.rows[i * self.dim..(i + 1) * self.dim]) {
            *a += f32::from(q) * s;
        }
    }
}

/// The word pieces of every token of a document.
#[derive(Debug, Clone, Default)]
pub struct DocPieces {
    /// All piece ids, token after token.
    pub ids: Vec<u32>,
    /// Per token, the range of its pieces in `ids`.
    pub ranges: Vec<(u32, u32)>,
}

impl DocPieces {
    /// The pieces of `v`'s tokens.
    pub fn new(v: &DocView<'_>, e: &StaticEmbeddings) -> Self {
        let text = v.doc.text();
        let mut ids = Vec::with_capacity(v.tokens.len() * 2);
        let mut lower = String::new();
        // A word met before in the document reuses its pieces.
        let mut seen: FxHashMap<&str, (u32, u32)> = FxHashMap::default();
        let ranges = v
            .tokens
            .iter()
            .map(|t| {
                let word = t.text(text);
                if let Some(&(a, b)) = seen.get(word) {
                    let n = ids.len() as u32;
                    ids.extend_from_within(a as usize..b as usize);
                    return (n, ids.len() as u32);
                }
                let a = ids.len() as u32;
                e.pieces_with(word, &mut ids, &mut lower);
                let r = (a, ids.len() as u32);
                seen.insert(word, r);
                r
            })
            .collect();
        Self { ids, ranges }
    }

    /// The L2-normalised mean vector of tokens `tokens` (zero if none).
    pub fn mean(&self, e: &StaticEmbeddings, tokens: std::ops::Range<usize>) -> Vec<f32> {
        let mut acc = vec![0.0f32; e.dim];
        self.mean_into(e, tokens, &mut acc);
        acc
    }

    /// [`Self::mean`] written into the first `e.dim` entries of `buf`
    /// (which must be at least that long), returned as a slice.
    pub fn mean_into<'b>(&self, e: &StaticEmbeddings, tokens: std::ops::Range<usize>, buf: &'b mut [f32]) -> &'b [f32] {
        let acc = &mut buf[..e.dim];
        acc.fill(0.0);
        for &(a, b) in &self.ranges[tokens] {
            for &id in &self.ids[a as usize..b as usize] {
                e.add_row(id, acc);
            }
        }
        let norm = acc.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            let inv = 1.0 / norm;
            for x in acc.iter_mut() {
                *x *= inv;
            }
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use slant_text::Document;

    fn tiny() -> StaticEmbeddings {
        let vocab: Vec<String> =
            ["[PAD]", "[UNK]", "the", "terror", "##ist", "group", "-", "anti", "iran", "'", "s"].iter().map(|s| (*s).to_owned()).collect();
        let n = vocab.len();
        let values: Vec<f32> = (0..n * 4).map(|i| (i % 7) as f32 - 3.0).collect();
        StaticEmbeddings::from_f32(vocab, 4, &values)
    }

    #[test]
    fn word_pieces_follow_greedy_longest_match() {
        let e = tiny();
        let mut out = Vec::new();
        e.pieces("Terrorist", &mut out);
        assert_eq!(out, [3, 4]);
        out.clear();
        e.pieces("anti-Iran", &mut out);
        assert_eq!(out, [7, 6, 8]);
        out.clear();
        e.pieces("zzz", &mut out);
        assert_eq!(out, [1], "unknown word");
    }

    #[test]
    fn quantised_rows_are_close_and_means_are_unit() {
        let e = tiny();
        let mut acc = vec![0.0; 4];
        e.add_row(3, &mut acc);
        let expect: Vec<f32> = (12..16).map(|i| (i % 7) as f32 - 3.0).collect();
        for (a, b) in acc.iter().zip(&expect) {
            assert!((a - b).abs() < 0.03, "{acc:?} vs {expect:?}");
        }
        let doc = Document::from_bytes("e", b"The terrorist group").unwrap();
        let v = DocView::new(&doc);
        let p = DocPieces::new(&v, &e);
        assert_eq!(p.ids, [2, 3, 4, 5]);
        let m = p.mean(&e, 0..3);
        assert!((m.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-4);
    }
}
