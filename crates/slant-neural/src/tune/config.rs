//! How the top layers are fine-tuned: [`TuneConfig`], its defaults and its
//! checks.

use serde::{Deserialize, Serialize};

use slant_encoder::window::{WindowConfig, owners, plan};
use crate::{Error, Result};

/// How the top layers are fine-tuned.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TuneConfig {
    /// The frozen encoder's layer whose states the tuned layers read; the
    /// layers above it are tuned (4: layers 5 and 6).
    pub from_layer: usize,
    /// Passes over the training windows.
    pub epochs: usize,
    /// Windows per step.
    pub batch: usize,
    /// Pieces per window.
    pub window: usize,
    /// Pieces between window starts at inference (overlap: `window - stride`).
    pub stride: usize,
    /// Peak AdamW learning rate of the encoder layers.
    pub learning_rate: f32,
    /// Peak AdamW learning rate of the output.
    pub head_learning_rate: f32,
    /// Decoupled weight decay of the weight matrices.
    pub weight_decay: f32,
    /// Share of the steps spent warming the learning rate up (then it falls
    /// linearly to 0).
    pub warmup: f32,
    /// Pieces inside a gold span of `n` characters weigh `(48 / n)^power`
    /// in the positive part of the loss, as in the piece head.
    pub span_length_power: f32,
    /// Share of the tuned tagger in the piece probabilities (the rest: the
    /// piece head).
    pub weight: f32,
    /// Seed of the window order.
    pub seed: u64,
    /// Weight of an auxiliary loss during training: a second output
    /// predicts, for each technique, whether the piece lies in a span of
    /// it (0: none). The output is dropped after training; it only shapes
    /// the tuned layers.
    #[serde(skip_serializing_if = "is_zero")]
    pub technique_loss: f32,
    /// Weight of a sentence loss during training: a third output reads
    /// each sentence's mean tuned state and predicts the share of it inside
    /// propaganda spans, as the sentence head does (0: no such output).
    #[serde(skip_serializing_if = "is_zero")]
    pub sentence_loss: f32,
    /// Share of that output in the sentence probabilities (the rest: the
    /// sentence head).
    #[serde(skip_serializing_if = "is_zero")]
    pub sentence_weight: f32,
    /// Dropout in the tuned layers during training, as BERT's (attention
    /// probabilities and both sub-blocks' outputs; 0: none).
    #[serde(skip_serializing_if = "is_zero")]
    pub dropout: f32,
    /// Copies of the tuned layers trained side by side, each on its own
    /// window order (member `m` seeded `seed + m`), whose probabilities
    /// are averaged (0 and 1: one).
    #[serde(skip_serializing_if = "is_single")]
    pub members: usize,
    /// Whether the training windows move between epochs: from the second
    /// epoch on, each article's tiling starts at a random offset (the
    /// pieces before it get a window of their own), so a piece is read in
    /// other contexts than the first epoch's.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub shift: bool,
    /// Layer-wise learning-rate decay: tuned layer `i` of `k` (0 the
    /// lowest) learns at `learning_rate * layer_decay^(k - 1 - i)` (0 and
    /// 1: all at `learning_rate`).
    #[serde(skip_serializing_if = "is_zero")]
    pub layer_decay: f32,
    /// Largest global norm of a step's mean gradient (all tuned
    /// parameters together); a larger one is scaled down to it (0: no
    /// clipping).
    #[serde(skip_serializing_if = "is_zero")]
    pub clip: f32,
    /// How many layers above `from_layer` are copied and tuned (0: all of
    /// them, to the encoder's last). With fewer, the encoder above
    /// `from_layer` is never run at inference when the heads read no layer
    /// above it either: the tuned layers replace it.
    #[serde(skip_serializing_if = "is_all")]
    pub layers: usize,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_all(n: &usize) -> bool {
    *n == 0
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_single(n: &usize) -> bool {
    *n <= 1
}

#[allow(clippy::trivially_copy_pass_by_ref)]
pub(crate) fn is_zero(x: &f32) -> bool {
    *x == 0.0
}

impl TuneConfig {
    /// Refuses settings no window plan can follow.
    pub(crate) fn validate(&self) -> Result<()> {
        if self.window == 0 || self.stride == 0 || self.stride > self.window {
            return Err(Error::Heads(format!("tune.window {} / stride {} invalid", self.window, self.stride)));
        }
        if !(0.0..1.0).contains(&self.dropout) {
            return Err(Error::Heads(format!("tune.dropout {} is not in [0, 1)", self.dropout)));
        }
        if !(self.clip >= 0.0 && self.clip.is_finite()) {
            return Err(Error::Heads(format!("tune.clip {} is not a finite norm >= 0", self.clip)));
        }
        if !(0.0..=1.0).contains(&self.layer_decay) {
            return Err(Error::Heads(format!("tune.layer_decay {} is not in [0, 1]", self.layer_decay)));
        }
        Ok(())
    }

    /// How many tuned copies it asks for (at least one).
    #[must_use]
    pub fn member_count(&self) -> usize {
        self.members.max(1)
    }

    /// The configuration of member `m` (its own seed).
    #[must_use]
    pub fn member(&self, m: usize) -> Self {
        Self { seed: self.seed.wrapping_add(m as u64), ..*self }
    }

    /// The encoder layer the tuned stack ends at (1-based, as `from_layer`)
    /// in an encoder of `n` layers.
    #[must_use]
    pub fn top_layer(&self, n: usize) -> usize {
        if self.layers == 0 { n } else { self.from_layer + self.layers }
    }

    /// Windows over `n` pieces at inference, and the window each piece
    /// takes its output from (the most central).
    pub(crate) fn plan(&self, n: usize) -> (Vec<std::ops::Range<usize>>, Vec<usize>) {
        // `plan` leaves room for two special tokens the tuned layers do not use.
        let windows = plan(n, &WindowConfig { max_tokens: self.window + 2, stride: self.stride, batch: 1 });
        let owner = owners(&windows, n);
        (windows, owner)
    }
}

impl Default for TuneConfig {
    fn default() -> Self {
        Self {
            from_layer: 4,
            epochs: 2,
            batch: 4,
            window: 256,
            stride: 192,
            learning_rate: 1e-4,
            head_learning_rate: 1e-3,
            weight_decay: 0.01,
            warmup: 0.1,
            span_length_power: 0.9,
            weight: 1.0,
            seed: 1,
            technique_loss: 0.0,
            sentence_loss: 0.0,
            sentence_weight: 0.0,
            dropout: 0.0,
            members: 1,
            shift: false,
            layer_decay: 0.0,
            clip: 0.0,
            layers: 0,
        }
    }
}
