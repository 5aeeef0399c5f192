//! The heads on the frozen encoder: a piece tagger and a sentence scorer for
//! span identification, and a span classifier for the technique.

pub mod features;
mod file;
pub mod mlp;

use serde::{Deserialize, Serialize};
use slant_text::{Document, Span, Technique};

use crate::Result;
use slant_encoder::locate::EncoderName;
use crate::tune::{TuneConfig, TunedProbs, Tuner};
use crate::blend::BlendConfig;
use crate::decode::DecodeConfig;
use slant_encoder::window::WindowConfig;
use features::{ArticleRows, ListContext, PieceInputs};
use mlp::{Mlp, MlpConfig, sigmoid, softmax};

/// [`HeadsConfig::stride`] unless set: [`WindowConfig`]'s.
const DEFAULT_STRIDE: usize = 192;

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_default_stride(s: &usize) -> bool {
    *s == DEFAULT_STRIDE
}

/// Everything that shapes the heads: inputs, training and decoding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HeadsConfig {
    /// The pretrained encoder the heads read (`"minilm"`, the default, or
    /// `"mpnet"`).
    pub encoder: EncoderName,
    /// Encoder layers whose outputs make a piece vector (0: embeddings,
    /// 6: MiniLM's last layer, 12: MPNet's).
    pub layers: Vec<usize>,
    /// Pieces between the starts of consecutive 256-token encoder windows
    /// (192 by default: 62 pieces of overlap, each piece read from its
    /// most central window); larger is faster, with less context at the
    /// windows' edges.
    #[serde(skip_serializing_if = "is_default_stride")]
    pub stride: usize,
    /// Inputs of the piece head.
    pub piece_inputs: PieceInputs,
    /// The piece head.
    pub piece: MlpConfig,
    /// Weight of the positive part of the piece loss.
    pub piece_positive_weight: f32,
    /// Pieces inside a gold span of `n` characters weigh a further
    /// `(48 / n)^power` (about eight words; 0: all alike), as the classical
    /// model's `span_length_power`: the SI score counts a short span as much
    /// as a long one.
    pub piece_span_length_power: f32,
    /// The sentence head.
    pub sentence: MlpConfig,
    /// The technique head.
    pub technique: MlpConfig,
    /// From probabilities to spans (fields not given take the neural
    /// tier's defaults).
    #[serde(deserialize_with = "DecodeConfig::neural_or_default")]
    pub decode: DecodeConfig,
    /// How far the classical model's probabilities count.
    pub blend: BlendConfig,
    /// Seed of initialisation, shuffling and dropout.
    pub seed: u64,
    /// Fine-tuned top layers as a second piece tagger (none: the piece head
    /// alone).
    pub tune: Option<TuneConfig>,
    /// A learnt blend of the word probabilities in place of the fixed one
    /// (fitted by `slant train --neural --stack` on the CV's held-out
    /// probabilities; none: the fixed blend).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<crate::stack::Stacker>,
}

impl Default for HeadsConfig {
    fn default() -> Self {
        Self {
            encoder: EncoderName::MiniLm,
            layers: vec![6],
            stride: DEFAULT_STRIDE,
            piece_inputs: PieceInputs::default(),
            piece: MlpConfig::default(),
            piece_positive_weight: 1.0,
            piece_span_length_power: 0.0,
            sentence: MlpConfig { epochs: 20, batch: 64, ..MlpConfig::default() },
            technique: MlpConfig { epochs: 30, batch: 64, input_dropout: 0.2, hidden_dropout: 0.3, ..MlpConfig::default() },
            decode: DecodeConfig::neural(),
            blend: BlendConfig::default(),
            seed: 1,
            tune: None,
            stack: None,
        }
    }
}

impl HeadsConfig {
    /// The recipe of the committed heads (`models/neural.safetensors`):
    /// encoder layers 2 and 6, no neighbouring pieces, blended with the
    /// classical model (words, sentences and techniques 0.5), decoded
    /// with words marked at 0.25 and runs kept at 0.3 with half the
    /// sentence's and half the article's log-odds added, whole sentences at
    /// 0.4 cut to their likely words (0.15); pieces of short gold spans
    /// weigh more in training (power 0.9: blended SI 0.438 → 0.443); the
    /// encoder's layers 3 to 6 fine-tuned as a second piece tagger (three
    /// epochs; its probabilities weigh 0.75 against the piece head's).
    /// `slant train --neural` uses it when no `--config` is given.
    #[must_use]
    pub fn committed_recipe() -> Self {
        Self {
            layers: vec![2, 6],
            piece_inputs: PieceInputs { neighbours: 0 },
            piece_span_length_power: 0.9,
            blend: BlendConfig { words: 0.5, sentences: 0.5, techniques: 0.5 },
            decode: DecodeConfig {
                threshold: 0.25,
                sentence_threshold: 0.4,
                sentence_trim: 0.15,
                keep_threshold: 0.3,
                sentence_weight: 0.5,
                article_weight: 0.5,
                ..DecodeConfig::neural()
            },
            tune: Some(TuneConfig {
                from_layer: 2,
                epochs: 3,
                weight: 0.75,
                learning_rate: 3e-4,
                clip: 1.0,
                layer_decay: 0.85,
                ..TuneConfig::default()
            }),
            ..Self::default()
        }
    }

    /// The MPNet tier's recipe (`models/mpnet.safetensors`): the committed
    /// recipe's heads, blend and decoding on all-mpnet-base-v2's layers 4,
    /// 8 and 12 (SI F1 0.4779 against 0.4717 on 4 and 12), without tuned
    /// layers. `slant train --neural --encoder mpnet` uses it when no
    /// `--config` is given.
    #[must_use]
    pub fn mpnet_recipe() -> Self {
        Self { encoder: EncoderName::Mpnet, layers: vec![4, 8, 12], tune: None, ..Self::committed_recipe() }
    }

    /// The recipe `slant train --neural` uses on `encoder` when no
    /// `--config` is given.
    #[must_use]
    pub fn recipe_for(encoder: EncoderName) -> Self {
        match encoder {
            EncoderName::MiniLm => Self::committed_recipe(),
            EncoderName::Mpnet => Self::mpnet_recipe(),
        }
    }
}

impl HeadsConfig {
    /// The encoder windows these heads were trained on.
    #[must_use]
    pub fn windows(&self) -> WindowConfig {
        WindowConfig { stride: self.stride, ..WindowConfig::default() }
    }

    /// The encoder layers to run: the heads' and the one the tuned layers
    /// read, ascending.
    #[must_use]
    pub fn encoder_layers(&self) -> Vec<usize> {
        let mut l = self.layers.clone();
        l.extend(self.tune.map(|t| t.from_layer));
        l.sort_unstable();
        l.dedup();
        l
    }
}

/// The three trained heads with their configuration.
#[derive(Debug, Clone)]
pub struct Heads {
    /// How they were trained and how they decode.
    pub config: HeadsConfig,
    /// Width of the encoder vectors they read.
    pub hidden: usize,
    pub(crate) piece: Mlp,
    pub(crate) sentence: Mlp,
    pub(crate) technique: Mlp,
    /// Tuned layers: none, or the members of [`TuneConfig::members`].
    pub(crate) tuners: Vec<Tuner>,
}

/// Pieces in a gold span of this many characters (about eight words, the
/// classical model's reference) weigh 1 whatever
/// [`HeadsConfig::piece_span_length_power`] is.
pub(crate) const PIECE_SPAN_REFERENCE: f32 = 48.0;

/// Rows per inference call, bounding memory on long articles.
const BLOCK: usize = 1024;

impl Heads {
    /// The same heads with their tuned layers' linear layers in
    /// `precision` at inference.
    ///
    /// # Errors
    /// Only if the layers cannot be packed.
    pub fn with_tuned_precision(mut self, precision: slant_encoder::fast::Precision) -> Result<Self> {
        self.tuners = self.tuners.into_iter().map(|t| t.with_precision(precision)).collect::<Result<_>>()?;
        Ok(self)
    }

    /// Probability of each piece lying in a propaganda span: the piece
    /// head's and the tuned layers' mixed as [`TuneConfig::weight`] says.
    pub fn piece_probs(&self, rows: &ArticleRows) -> Result<Vec<f32>> {
        let (head, tuned) = self.piece_probs_apart(rows)?;
        Ok(self.mix_pieces(head, tuned.as_ref().map(|t| t.pieces.as_slice())))
    }

    /// Piece and sentence probabilities, each head's mixed with the tuned
    /// layers' as [`TuneConfig`] says (the tuned layers run once).
    pub fn probs(&self, rows: &ArticleRows) -> Result<(Vec<f32>, Vec<f32>)> {
        let (head, tuned) = self.piece_probs_apart(rows)?;
        let sentences = self.mix_sentences(self.sentence_probs(rows)?, tuned.as_ref().map(|t| t.sentences.as_slice()));
        Ok((self.mix_pieces(head, tuned.as_ref().map(|t| t.pieces.as_slice())), sentences))
    }

    /// The sentence head's probabilities mixed with the tuned layers'
    /// sentence output (when given and not empty) as
    /// [`TuneConfig::sentence_weight`] says.
    #[must_use]
    pub fn mix_sentences(&self, head: Vec<f32>, tuned: Option<&[f32]>) -> Vec<f32> {
        match (self.tuners.first(), tuned) {
            (Some(t), Some(tuned)) if tuned.len() == head.len() => crate::blend::mix(tuned, &head, t.config.sentence_weight),
            _ => head,
        }
    }

    /// The piece head's probabilities mixed with the tuned layers' (when
    /// given) as [`TuneConfig::weight`] says.
    #[must_use]
    pub fn mix_pieces(&self, head: Vec<f32>, tuned: Option<&[f32]>) -> Vec<f32> {
        match (self.tuners.first(), tuned) {
            (Some(t), Some(tuned)) if tuned.len() == head.len() => crate::blend::mix(tuned, &head, t.config.weight),
            _ => head,
        }
    }

    /// The piece head's probabilities and, with tuned layers, theirs
    /// (pieces, and sentences when they have a sentence output).
    pub fn piece_probs_apart(&self, rows: &ArticleRows) -> Result<(Vec<f32>, Option<TunedProbs>)> {
        let dim = ArticleRows::piece_dim(self.hidden, self.config.piece_inputs);
        let n = rows.article.len();
        let mut out = Vec::with_capacity(n);
        let mut buf = Vec::new();
        for start in (0..n).step_by(BLOCK) {
            let end = (start + BLOCK).min(n);
            buf.clear();
            buf.resize((end - start) * dim, 0.0);
            for (i, row) in (start..end).zip(buf.chunks_exact_mut(dim)) {
                rows.piece_row(i, self.config.piece_inputs, row);
            }
            out.extend(self.piece.logits(&buf, end - start)?.into_iter().map(sigmoid));
        }
        if self.tuners.is_empty() {
            return Ok((out, None));
        }
        // Every member shares the configuration, so the sentence ranges are
        // gathered once.
        let sentences: Vec<std::ops::Range<usize>> = if self.tuners.iter().any(Tuner::scores_sentences) {
            rows.article.sentences.iter().map(|s| s.pieces.clone()).collect()
        } else {
            Vec::new()
        };
        let parts = self
            .tuners
            .iter()
            .map(|t| {
                if rows.article.states.len() != n * t.hidden() {
                    return Err(crate::Error::Heads(format!(
                        "the tuned layers read {} states per piece, the article has {} values for {n} pieces",
                        t.hidden(),
                        rows.article.states.len()
                    )));
                }
                t.probs(&rows.article.states, if t.scores_sentences() { &sentences } else { &[] })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((out, TunedProbs::mean(parts)))
    }

    /// Expected share of each sentence inside propaganda spans.
    pub fn sentence_probs(&self, rows: &ArticleRows) -> Result<Vec<f32>> {
        let dim = ArticleRows::sentence_dim(self.hidden);
        let n = rows.article.sentences.len();
        let mut buf = vec![0.0; n * dim];
        for (s, row) in buf.chunks_exact_mut(dim).enumerate() {
            rows.sentence_row(s, row);
        }
        Ok(self.sentence.logits(&buf, n)?.into_iter().map(sigmoid).collect())
    }

    /// Technique probabilities (in [`Technique::ALL`] order) of each span,
    /// given the spans listed together.
    pub fn technique_probs(&self, doc: &Document, rows: &ArticleRows, spans: &[Span]) -> Result<Vec<[f32; Technique::COUNT]>> {
        let dim = ArticleRows::span_dim(self.hidden);
        let lists = ListContext::of_all(doc, spans);
        let mut buf = vec![0.0; spans.len() * dim];
        for ((row, &s), &l) in buf.chunks_exact_mut(dim).zip(spans).zip(&lists) {
            rows.span_row(doc, s, l, row);
        }
        let logits = self.technique.logits(&buf, spans.len())?;
        Ok(logits
            .chunks_exact(Technique::COUNT)
            .map(|z| {
                let mut p = [0.0; Technique::COUNT];
                p.copy_from_slice(z);
                softmax(&mut p);
                p
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoder_stride_is_read_written_only_when_set_and_shapes_the_windows() {
        let committed = HeadsConfig::committed_recipe();
        let json = serde_json::to_value(&committed).unwrap();
        assert!(json.get("stride").is_none(), "the default stride stays out of saved configs");
        assert_eq!(committed.windows(), WindowConfig::default());
        let wide = HeadsConfig { stride: 224, ..committed };
        let json = serde_json::to_value(&wide).unwrap();
        assert_eq!(json["stride"], 224);
        let back: HeadsConfig = serde_json::from_value(json).unwrap();
        assert_eq!(back.windows(), WindowConfig { stride: 224, ..WindowConfig::default() });
    }
}
