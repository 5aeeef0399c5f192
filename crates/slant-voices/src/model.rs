//! The model: a cue lexicon and two stacked linear-chain taggers, read from
//! and written to one small binary file.
//!
//! Layout: the magic `SLVOICES`, a little-endian `u32` format version, a
//! `u32` header length, a JSON header (hash width, lexicon, transitions,
//! quantisation scales, the training record), then each stage's emission
//! weights as little-endian `i16`, zero runs written as a `0` followed by
//! the run length (so unused buckets cost four bytes a run).

use serde::{Deserialize, Serialize};

use crate::VoicesError;
use crate::features::{Analysis, Lexicon, PredictedCues};
use crate::packed::Packed;
use crate::tagger::{NT, Tag, Weights, viterbi};

const MAGIC: &[u8; 8] = b"SLVOICES";
const VERSION: u32 = 1;

/// What a model file's header holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Header {
    bits: u32,
    lexicon: Vec<(String, u8)>,
    /// Word clusters, `word<TAB>coarse<TAB>fine` lines.
    #[serde(default)]
    clusters: String,
    temperature: f32,
    stages: Vec<StageHeader>,
    #[serde(default)]
    record: serde_json::Value,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StageHeader {
    scale: f32,
    trans: Vec<[f32; NT]>,
    start: [f32; NT],
}

/// A trained model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub(crate) lexicon_words: Vec<(String, u8)>,
    pub(crate) clusters: String,
    pub(crate) lexicon: Lexicon,
    pub(crate) stage1: Weights,
    pub(crate) stage2: Weights,
    pub(crate) temperature: f32,
    pub(crate) record: serde_json::Value,
    /// Both stages' weights packed for tagging, when read from a file.
    packed: Option<Packed>,
}

/// Tags and per-token emission scores of one text.
pub(crate) struct Tagging {
    pub tags: Vec<Tag>,
    pub emissions: Vec<[f32; NT]>,
    /// The scale that turns emission scores into probabilities.
    pub temperature: f32,
}

impl Tagging {
    /// The probability of token `i`'s tag among all tags, from its own
    /// scores (a softmax at the model's temperature): a cheap confidence
    /// that costs nothing for the tokens outside attributions.
    pub fn confidence(&self, i: usize) -> f32 {
        let e = &self.emissions[i];
        let tau = self.temperature.max(1e-3);
        let max = e.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let z: f32 = e.iter().map(|&x| ((x - max) / tau).exp()).sum();
        (((e[self.tags[i].index()] - max) / tau).exp() / z).clamp(0.0, 1.0)
    }
}

impl Model {
    pub(crate) fn new(lexicon_words: Vec<(String, u8)>, clusters: String, stage1: Weights, stage2: Weights) -> Self {
        let lexicon = Lexicon::new(lexicon_words.iter().map(|(w, c)| (w.as_str(), *c))).with_clusters(&clusters);
        Self {
            lexicon_words,
            clusters,
            lexicon,
            stage1,
            stage2,
            temperature: 1.0,
            record: serde_json::Value::Null,
            packed: None,
        }
    }

    /// The training record stored with the model (command, data, figures).
    pub fn record(&self) -> &serde_json::Value {
        &self.record
    }

    /// Replaces the training record.
    pub fn set_record(&mut self, record: serde_json::Value) {
        self.record = record;
    }

    /// Zeroes every emission weight smaller than `fraction` of its stage's
    /// largest, so that the file (which writes zero runs short) shrinks.
    pub fn prune(&mut self, fraction: f32) {
        if let Some(packed) = self.packed.take() {
            self.stage1.emit = packed.dense(0);
            self.stage2.emit = packed.dense(1);
        }
        for w in [&mut self.stage1, &mut self.stage2] {
            let cut = fraction * w.emit.iter().fold(0f32, |m, x| m.max(x.abs()));
            w.emit.iter_mut().filter(|x| x.abs() < cut).for_each(|x| *x = 0.0);
        }
    }

    /// Stage `k`'s dense emission weights (rebuilt from the packed table
    /// for a model that was read).
    pub(crate) fn emit(&self, k: usize) -> std::borrow::Cow<'_, [f32]> {
        match &self.packed {
            Some(p) => std::borrow::Cow::Owned(p.dense(k)),
            None => std::borrow::Cow::Borrowed(if k == 0 { &self.stage1.emit } else { &self.stage2.emit }),
        }
    }

    /// Reads a model file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, VoicesError> {
        let bad = |m: &str| VoicesError::Model(m.to_owned());
        let rest = bytes.strip_prefix(MAGIC.as_slice()).ok_or_else(|| bad("not a voices model (no SLVOICES magic)"))?;
        let (version, rest) = read_u32(rest).ok_or_else(|| bad("truncated before the version"))?;
        if version != VERSION {
            return Err(VoicesError::Model(format!("format version {version}, this build reads {VERSION}")));
        }
        let (len, rest) = read_u32(rest).ok_or_else(|| bad("truncated before the header"))?;
        let len = len as usize;
        if rest.len() < len {
            return Err(bad("truncated header"));
        }
        let header: Header =
            serde_json::from_slice(&rest[..len]).map_err(|e| VoicesError::Model(format!("header: {e}")))?;
        if !(8..=24).contains(&header.bits) || header.stages.len() != 2 {
            return Err(bad("header: hash width outside 8..=24 bits, or not two stages"));
        }
        let mut body = &rest[len..];
        let mut stages = Vec::with_capacity(2);
        let mut sparse = Vec::with_capacity(2);
        for s in &header.stages {
            if s.trans.len() != NT {
                return Err(bad("header: transitions are not 7 by 7"));
            }
            let weights;
            (body, weights) = read_weights(body, (1usize << header.bits) * NT)?;
            sparse.push(weights);
            // A read model keeps its weights packed only, not as dense tables.
            let mut trans = [[0.0; NT]; NT];
            trans.copy_from_slice(&s.trans);
            stages.push(Weights { bits: header.bits, emit: Vec::new(), trans, start: s.start });
        }
        if !body.is_empty() {
            return Err(bad("trailing bytes after the weights"));
        }
        let scales = [header.stages[0].scale, header.stages[1].scale];
        let packed = Packed::from_sparse(header.bits, [&sparse[0], &sparse[1]], scales)
            .ok_or_else(|| bad("damaged weights (out of order)"))?;
        let stage2 = stages.pop().ok_or_else(|| bad("no stage two"))?;
        let stage1 = stages.pop().ok_or_else(|| bad("no stage one"))?;
        let mut model = Self::new(header.lexicon, header.clusters, stage1, stage2);
        model.packed = Some(packed);
        model.temperature = header.temperature;
        model.record = header.record;
        Ok(model)
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let stages: Vec<(StageHeader, std::borrow::Cow<'_, [f32]>)> = [&self.stage1, &self.stage2]
            .into_iter()
            .enumerate()
            .map(|(k, w)| {
                let emit = self.emit(k);
                let max = emit.iter().fold(0f32, |m, x| m.max(x.abs()));
                let scale = if max > 0.0 { max / f32::from(i16::MAX) } else { 1.0 };
                (StageHeader { scale, trans: w.trans.to_vec(), start: w.start }, emit)
            })
            .collect();
        let header = Header {
            bits: self.stage1.bits,
            lexicon: self.lexicon_words.clone(),
            clusters: self.clusters.clone(),
            temperature: self.temperature,
            stages: stages.iter().map(|(h, _)| h.clone()).collect(),
            record: self.record.clone(),
        };
        // Invariant: the header is plain data that always serializes.
        let json = serde_json::to_vec(&header).expect("header serializes");
        let mut out = Vec::with_capacity(json.len() + 16);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(json.len() as u32).to_le_bytes());
        out.extend_from_slice(&json);
        for (h, w) in &stages {
            write_weights(&mut out, w, h.scale);
        }
        out
    }

    /// The final tags of `a`, with their emission scores.
    pub(crate) fn tag(&self, a: &Analysis) -> Tagging {
        // Stage one's features, computed once for both stages.
        let n = a.tokens.len();
        let mut flat: Vec<u64> = Vec::with_capacity(n * 48);
        let mut offsets: Vec<usize> = Vec::with_capacity(n + 1);
        for i in 0..n {
            offsets.push(flat.len());
            a.stage1(i, &mut flat);
        }
        offsets.push(flat.len());
        let cached = |i: usize| &flat[offsets[i]..offsets[i + 1]];
        // Stage one's scores, and stage two's share of the same features:
        // one lookup for both where the model is packed.
        let mut one = vec![[0f32; NT]; n];
        let mut two = vec![[0f32; NT]; n];
        match &self.packed {
            Some(p) => p.emit_tokens(&flat, &offsets, &mut one, &mut two),
            None => {
                for i in 0..n {
                    self.stage1.emit_into(cached(i), &mut one[i]);
                    self.stage2.emit_into(cached(i), &mut two[i]);
                }
            }
        }
        let mut first = Vec::with_capacity(n);
        for para in &a.layout.paragraphs {
            first.extend(viterbi(&self.stage1, &one[para.clone()]));
        }
        let cues = PredictedCues::new(a, &first);
        let mut tags = Vec::with_capacity(n);
        let mut emissions = Vec::with_capacity(n);
        let (mut flat2, mut offsets2) = (Vec::new(), Vec::new());
        for para in &a.layout.paragraphs {
            // Stage two's own features of the paragraph, then their scores.
            flat2.clear();
            offsets2.clear();
            for i in para.clone() {
                offsets2.push(flat2.len());
                a.stage2_only(i, &first, &cues, &mut flat2);
            }
            offsets2.push(flat2.len());
            match &self.packed {
                Some(p) => p.emit_two_tokens(&flat2, &offsets2, &mut two[para.clone()]),
                None => {
                    for (k, i) in para.clone().enumerate() {
                        self.stage2.emit_into(&flat2[offsets2[k]..offsets2[k + 1]], &mut two[i]);
                    }
                }
            }
            tags.extend(viterbi(&self.stage2, &two[para.clone()]));
            emissions.extend_from_slice(&two[para.clone()]);
        }
        Tagging { tags, emissions, temperature: self.temperature }
    }
}

/// Viterbi tags of every paragraph of `a` under `w`, with features from
/// `features`.
pub(crate) fn decode(w: &Weights, a: &Analysis, features: impl FnMut(usize, &mut Vec<u64>)) -> Vec<Tag> {
    let mut tags = Vec::with_capacity(a.tokens.len());
    for_each_paragraph(w, a, features, |w, em| tags.extend(viterbi(w, em)));
    tags
}

/// Calls `each` with the emission scores of every paragraph, in order.
pub(crate) fn for_each_paragraph(
    w: &Weights,
    a: &Analysis,
    mut features: impl FnMut(usize, &mut Vec<u64>),
    mut each: impl FnMut(&Weights, &[[f32; NT]]),
) {
    let mut feats = Vec::with_capacity(64);
    let mut em: Vec<[f32; NT]> = Vec::new();
    for para in &a.layout.paragraphs {
        em.clear();
        for i in para.clone() {
            feats.clear();
            features(i, &mut feats);
            let mut e = [0.0; NT];
            w.emit_into(&feats, &mut e);
            em.push(e);
        }
        each(w, &em);
    }
}

fn read_u32(b: &[u8]) -> Option<(u32, &[u8])> {
    let (head, rest) = b.split_first_chunk::<4>()?;
    Some((u32::from_le_bytes(*head), rest))
}

fn write_weights(out: &mut Vec<u8>, w: &[f32], scale: f32) {
    let mut zeros: u32 = 0;
    let flush = |out: &mut Vec<u8>, zeros: &mut u32| {
        while *zeros > 0 {
            let run = (*zeros).min(i16::MAX as u32);
            out.extend_from_slice(&0i16.to_le_bytes());
            out.extend_from_slice(&(run as i16).to_le_bytes());
            *zeros -= run;
        }
    };
    for &x in w {
        let q = (x / scale).round().clamp(-f32::from(i16::MAX), f32::from(i16::MAX)) as i16;
        if q == 0 {
            zeros += 1;
        } else {
            flush(out, &mut zeros);
            out.extend_from_slice(&q.to_le_bytes());
        }
    }
    flush(out, &mut zeros);
}

/// A stage's nonzero weights as `(index, q)`: the weight is `q · scale`.
type Sparse = Vec<(u32, i16)>;

/// The nonzero weights of a stage of `len` weights, in increasing index,
/// and the bytes after them.
fn read_weights(mut b: &[u8], len: usize) -> Result<(&[u8], Sparse), VoicesError> {
    let mut out = Vec::new();
    let mut i = 0;
    let next = |b: &mut &[u8]| -> Result<i16, VoicesError> {
        let (head, rest) = b.split_first_chunk::<2>().ok_or_else(|| VoicesError::Model("truncated weights".into()))?;
        *b = rest;
        Ok(i16::from_le_bytes(*head))
    };
    while i < len {
        let q = next(&mut b)?;
        if q == 0 {
            let run = next(&mut b)?;
            if run <= 0 || i + run as usize > len {
                return Err(VoicesError::Model("damaged weights (bad zero run)".into()));
            }
            i += run as usize;
        } else {
            // `len` is at most 2^24 · NT (the header's limit): fits.
            out.push((i as u32, q));
            i += 1;
        }
    }
    Ok((b, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_model() -> Model {
        let mut s1 = Weights::zeros(10);
        let mut s2 = Weights::zeros(10);
        s1.emit[5] = 1.5;
        s1.emit[700] = -3.0;
        s2.emit[6999] = 0.25;
        s2.trans[1][2] = 0.5;
        s1.start[3] = -1.0;
        Model::new(vec![("said".into(), 3)], "said\t1\t2\n".into(), s1, s2)
    }

    #[test]
    #[allow(clippy::float_cmp)] // transitions are stored as JSON numbers, which round-trip exactly
    fn round_trips_within_quantisation() {
        let m = small_model();
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.lexicon_words, m.lexicon_words);
        assert_eq!(back.lexicon, m.lexicon);
        assert_eq!(back.stage2.trans, m.stage2.trans);
        assert_eq!(back.stage1.start, m.stage1.start);
        let (e1, e2) = (back.emit(0), back.emit(1));
        assert_eq!((e1.len(), e2.len()), (m.stage1.emit.len(), m.stage2.emit.len()));
        for (a, b) in e1.iter().zip(&m.stage1.emit).chain(e2.iter().zip(&m.stage2.emit)) {
            assert!((a - b).abs() < 1e-3, "{a} vs {b}");
        }
        assert!(bytes.len() < 2000, "zero runs are compressed: {} bytes", bytes.len());
    }

    #[test]
    fn damaged_files_are_refused_with_a_reason() {
        let bytes = small_model().to_bytes();
        let msg = |b: &[u8]| Model::from_bytes(b).unwrap_err().to_string();
        assert!(msg(b"").contains("no SLVOICES magic"));
        assert!(msg(&bytes[..10]).contains("truncated before the version"));
        assert!(msg(&bytes[..bytes.len() - 1]).contains("truncated weights"));
        let mut extra = bytes.clone();
        extra.push(1);
        assert!(msg(&extra).contains("trailing bytes"));
        let mut v2 = bytes.clone();
        v2[8] = 9;
        assert!(msg(&v2).contains("format version 9"));
    }
}
