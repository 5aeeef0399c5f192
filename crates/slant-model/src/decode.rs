//! How probabilities become spans: the one decoding configuration of both
//! tiers, and the helpers both decoders share. The classical decoder is
//! [`crate::span_tagger::SpanTagger::decode`] (over slant's tokens), the neural one
//! `slant_neural::decode` (over the same tokenizer's words); each reads the
//! fields it uses and says which.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::space::{logit, sigmoid};

/// How probabilities become spans. [`DecodeConfig::classical`] (also the
/// `Default`) and [`DecodeConfig::neural`] are the two tiers' defaults;
/// fields missing from a stored configuration take the classical default,
/// or the neural one through [`DecodeConfig::neural_or_default`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DecodeConfig {
    /// Tokens (words) at least this likely are marked.
    pub threshold: f32,
    /// A run is kept when its most likely token, with `sentence_weight`
    /// times its sentence's and `article_weight` times the article's
    /// log-odds added, reaches this (hysteresis: weak tokens extend strong
    /// runs, never start them; 0: every run).
    pub keep_threshold: f32,
    /// Unmarked tokens that may lie between two marked ones of a run.
    pub max_gap: usize,
    /// Neural: mean probability a bridged gap needs.
    #[serde(skip_serializing_if = "is_unset")]
    pub gap_threshold: f32,
    /// Sentences at least this likely to hold propaganda are reported whole
    /// (above 1: never).
    pub sentence_threshold: f32,
    /// Classical: token threshold inside sentences reported whole, so the
    /// words that make them suspect are shown too (inner spans merge into
    /// the sentence for span-identification scoring, so this changes no SI
    /// figure).
    #[serde(skip_serializing_if = "is_unset")]
    pub inner_threshold: f32,
    /// A sentence reported whole is cut to run from its first to its last
    /// token at least this likely (0: never cut). Cutting at 0.15 raised
    /// the classical model's cross-validated SI F1 from 0.393 to 0.402
    /// (whole sentences start with attributions and lead-ins that
    /// annotators leave out).
    pub sentence_trim: f32,
    /// See `keep_threshold`. With both weights at 0.5 (and thresholds 0.25
    /// / 0.30) the classical model's cross-validated SI F1 rose from 0.403
    /// to 0.415.
    pub sentence_weight: f32,
    /// See `keep_threshold`; relative to [`ARTICLE_CENTER`].
    pub article_weight: f32,
    /// Neural lab: spans of at most this many words are repeated at every
    /// other place the article has the same words (0: never).
    #[serde(skip_serializing_if = "is_zero_usize")]
    pub repeat_words: usize,
    /// Neural lab: a kept run grows over the neighbouring words at least
    /// this likely (below `threshold`; 0: never).
    #[serde(skip_serializing_if = "is_zero")]
    pub extend_threshold: f32,
    /// Neural lab: mean word probability a repeated place needs.
    #[serde(skip_serializing_if = "is_zero")]
    pub repeat_threshold: f32,
}

/// The value of a field one tier does not read (never serialized).
const UNSET: f32 = -1.0;

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's signature
fn is_unset(x: &f32) -> bool {
    *x == UNSET
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's signature
fn is_zero(x: &f32) -> bool {
    *x == 0.0
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's signature
fn is_zero_usize(n: &usize) -> bool {
    *n == 0
}

impl DecodeConfig {
    /// The classical tier's default decoding.
    #[must_use]
    pub const fn classical() -> Self {
        Self {
            threshold: 0.3,
            keep_threshold: 0.35,
            max_gap: 5,
            gap_threshold: UNSET,
            sentence_threshold: 0.5,
            inner_threshold: 0.25,
            sentence_trim: 0.15,
            sentence_weight: 0.5,
            article_weight: 0.5,
            repeat_words: 0,
            extend_threshold: 0.0,
            repeat_threshold: 0.0,
        }
    }

    /// The neural tier's default decoding.
    #[must_use]
    pub const fn neural() -> Self {
        Self {
            threshold: 0.4,
            keep_threshold: 0.0,
            max_gap: 2,
            gap_threshold: 0.2,
            sentence_threshold: 0.6,
            inner_threshold: UNSET,
            sentence_trim: 0.0,
            sentence_weight: 0.0,
            article_weight: 0.0,
            repeat_words: 0,
            extend_threshold: 0.0,
            repeat_threshold: 0.0,
        }
    }

    /// `base` with the fields of the JSON object `over` replacing its own;
    /// unknown fields are refused, by name.
    ///
    /// # Errors
    /// `over` is not an object of decoding fields.
    pub fn merged(base: Self, over: &serde_json::Value) -> Result<Self, serde_json::Error> {
        let mut merged = serde_json::to_value(base)?;
        if let (serde_json::Value::Object(m), serde_json::Value::Object(o)) = (&mut merged, over) {
            for (k, v) in o {
                m.insert(k.clone(), v.clone());
            }
        } else if !over.is_object() {
            return Err(serde::de::Error::custom("expected a JSON object of decoding fields"));
        }
        let mut out: Self = serde_json::from_value(merged)?;
        // Fields the base leaves unset stay so unless `over` sets them.
        for (field, value) in [("gap_threshold", base.gap_threshold), ("inner_threshold", base.inner_threshold)] {
            if value == UNSET && over.get(field).is_none() {
                match field {
                    "gap_threshold" => out.gap_threshold = UNSET,
                    _ => out.inner_threshold = UNSET,
                }
            }
        }
        Ok(out)
    }

    /// Deserializes a configuration whose missing fields take the neural
    /// tier's defaults (`#[serde(deserialize_with)]` for the heads' file).
    ///
    /// # Errors
    /// Not an object of decoding fields.
    pub fn neural_or_default<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        Self::merged(Self::neural(), &value).map_err(serde::de::Error::custom)
    }
}

impl Default for DecodeConfig {
    fn default() -> Self {
        Self::classical()
    }
}

/// The article log-odds at which [`DecodeConfig::article_weight`] moves
/// nothing (about a typical training article's mean sentence probability,
/// 0.27).
pub const ARTICLE_CENTER: f32 = -1.0;

/// The part of `range` from its first to its last position whose
/// probability reaches `min` (all of `range` when none does): how a
/// sentence reported whole is cut, here and in the neural decoder.
pub fn likely_stretch(probs: &[f32], range: Range<usize>, min: f32) -> Range<usize> {
    let likely = |i: &usize| probs[*i] >= min;
    let first = range.clone().find(likely).unwrap_or(range.start);
    let last = range.clone().rev().find(likely).map_or(range.end, |i| i + 1);
    first..last
}

/// The part of `range` left when edge tokens for which `is_edge(i)` holds
/// are dropped from both ends (`None` when nothing is left): how both
/// decoders trim spans of the punctuation gold spans never start or end with.
pub fn trim_edges(range: Range<usize>, is_edge: impl Fn(usize) -> bool) -> Option<Range<usize>> {
    let (mut a, mut b) = (range.start, range.end);
    while a < b && is_edge(a) {
        a += 1;
    }
    while b > a && is_edge(b - 1) {
        b -= 1;
    }
    (a < b).then_some(a..b)
}

/// Whether `text` is punctuation that gold spans never start or end with.
pub fn is_edge_punct(text: &str) -> bool {
    matches!(text, "." | "," | ":" | ";" | "-" | ")" | "(")
}

/// [`mix`] for any tokenisation: `sentence_of[i]` is token `i`'s sentence
/// (the neural decoder's words use it too).
pub fn mix_log_odds(probs: &[f32], sentence_of: &[usize], sentence_probs: &[f32], sentence_weight: f32, article_weight: f32) -> Vec<f32> {
    let article = if sentence_probs.is_empty() {
        0.0
    } else {
        article_weight * (logit(sentence_probs.iter().sum::<f32>() / sentence_probs.len() as f32) - ARTICLE_CENTER)
    };
    let sentences: Vec<f32> = sentence_probs.iter().map(|&s| sentence_weight * logit(s) + article).collect();
    probs
        .iter()
        .zip(sentence_of)
        .map(|(&p, &k)| sigmoid(logit(p) + sentences.get(k).copied().unwrap_or(article)))
        .collect()
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tier_reads_its_own_defaults_for_missing_fields() {
        #[derive(Deserialize)]
        struct Heads {
            #[serde(deserialize_with = "DecodeConfig::neural_or_default")]
            decode: DecodeConfig,
        }
        let classical: DecodeConfig = serde_json::from_str(r#"{"threshold": 0.2}"#).unwrap();
        assert_eq!(classical, DecodeConfig { threshold: 0.2, ..DecodeConfig::classical() });
        let h: Heads = serde_json::from_str(r#"{"decode": {"threshold": 0.2}}"#).unwrap();
        assert_eq!(h.decode, DecodeConfig { threshold: 0.2, ..DecodeConfig::neural() });
    }

    #[test]
    fn fields_a_tier_does_not_read_are_not_written_and_round_trip() {
        for cfg in [DecodeConfig::classical(), DecodeConfig::neural()] {
            let json = serde_json::to_value(cfg).unwrap();
            let base = if cfg == DecodeConfig::neural() { DecodeConfig::neural() } else { DecodeConfig::classical() };
            assert_eq!(DecodeConfig::merged(base, &json).unwrap(), cfg);
        }
        let c = serde_json::to_value(DecodeConfig::classical()).unwrap();
        assert!(c.get("gap_threshold").is_none() && c.get("inner_threshold").is_some(), "{c}");
        let n = serde_json::to_value(DecodeConfig::neural()).unwrap();
        assert!(n.get("inner_threshold").is_none() && n.get("gap_threshold").is_some(), "{n}");
        assert!(n.get("repeat_words").is_none(), "lab fields at their off value are not written: {n}");
    }

    #[test]
    fn overrides_are_checked_by_name() {
        let over = serde_json::json!({"treshold": 0.5});
        let err = DecodeConfig::merged(DecodeConfig::neural(), &over).unwrap_err().to_string();
        assert!(err.contains("treshold"), "{err}");
        assert!(DecodeConfig::merged(DecodeConfig::neural(), &serde_json::json!([1])).is_err());
    }

    #[test]
    fn stretches_and_edges() {
        assert_eq!(likely_stretch(&[0.1, 0.5, 0.2, 0.6, 0.1], 0..5, 0.4), 1..4);
        assert_eq!(likely_stretch(&[0.1, 0.1], 0..2, 0.4), 0..2, "none likely: all of it");
        assert_eq!(trim_edges(0..4, |i| i == 0 || i == 3), Some(1..3));
        assert_eq!(trim_edges(0..2, |_| true), None);
        assert!(is_edge_punct(",") && !is_edge_punct("word"));
    }
}
