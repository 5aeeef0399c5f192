//! Held-out probabilities of a cross-validation, saved one article per JSON
//! line (`slant train --neural --held-out FILE`), so decoding experiments can
//! rerun in seconds without retraining (`slant lab decode`).

use std::io::BufRead;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// One article's held-out probabilities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeldOutLine {
    /// Article id.
    pub id: String,
    /// The fold it was held out in.
    pub fold: usize,
    /// Word probabilities, blended as configured.
    pub words: Vec<f32>,
    /// Sentence probabilities, blended as configured.
    pub sentences: Vec<f32>,
    /// The neural side's word probabilities alone.
    pub neural_words: Vec<f32>,
    /// The neural side's sentence probabilities alone.
    pub neural_sentences: Vec<f32>,
    /// The classical model's word probabilities (empty when it was not
    /// cross-validated).
    pub classical_words: Vec<f32>,
    /// The classical model's sentence probabilities.
    pub classical_sentences: Vec<f32>,
}

/// Reads a held-out file; a malformed line is an error naming its number.
pub fn read(path: &Path) -> Result<Vec<HeldOutLine>> {
    let fail = |problem: String| Error::HeldOut { path: path.to_owned(), problem };
    let file = std::fs::File::open(path).map_err(|e| fail(e.to_string()))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| fail(format!("line {}: {e}", i + 1)))?;
        if line.trim().is_empty() {
            continue;
        }
        let h: HeldOutLine = serde_json::from_str(&line).map_err(|e| fail(format!("line {}: {e}", i + 1)))?;
        // The classical parts may be absent (empty), never of another length.
        let fits = |n: usize, neural: &[f32], classical: &[f32]| neural.len() == n && (classical.is_empty() || classical.len() == n);
        if !fits(h.words.len(), &h.neural_words, &h.classical_words) || !fits(h.sentences.len(), &h.neural_sentences, &h.classical_sentences) {
            return Err(fail(format!("line {}: article {}: the blended and per-model probabilities differ in length", i + 1, h.id)));
        }
        if h.words.iter().chain(&h.sentences).any(|p| !(0.0..=1.0).contains(p)) {
            return Err(fail(format!("line {}: article {}: a probability outside 0..1", i + 1, h.id)));
        }
        out.push(h);
    }
    if out.is_empty() {
        return Err(fail("no articles in it".into()));
    }
    Ok(out)
}
