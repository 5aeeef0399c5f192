//! [`NeuralModel`]: the encoder and the heads behind slant's [`Detector`]
//! seam, so `analyze`, `eval`, `classify` and `serve` can use it.

use std::path::Path;
use std::sync::Arc;

use slant_corpus::{ModelInfo, SpanRecord};
use slant_model::{DetectOptions, Detector, RankedTechniques};
use slant_text::{Document, Span, Technique};

use crate::blend::{classical_spans, classical_techniques, mix, mix_techniques};
use slant_model::rank as ranked;
use slant_model::repetition::{RepetitionRule, Repeats};
use crate::decode::{DecodeConfig, decode, word_probs};
use slant_encoder::fast::Precision;
use crate::heads::Heads;
use crate::heads::features::ArticleRows;
use crate::article::Article;
use crate::stack::Parts;
use crate::Result;
use slant_encoder::{EncoderName, TextEncoder, layer_columns, select_layers};

/// The encoder plus trained heads, and the classical model where the heads
/// blend its probabilities with theirs.
pub struct NeuralModel {
    encoder: TextEncoder,
    heads: Heads,
    classical: Option<Arc<slant_model::linear::LinearModel>>,
    name: String,
}

/// One article through the encoder and the span heads.
struct Analysed {
    rows: ArticleRows,
    words: Vec<f32>,
    sentences: Vec<f32>,
}

impl NeuralModel {
    /// Heads and an encoder already loaded (the encoder's output layers are
    /// set to the ones the heads read). The classical model joins when the
    /// heads' blend uses it: the embedded default model. Tuned layers run
    /// in the encoder's precision.
    pub fn new(encoder: TextEncoder, heads: Heads, name: impl Into<String>) -> Result<Self> {
        let is_mpnet = encoder.model().config().is_mpnet();
        if is_mpnet != (heads.config.encoder == EncoderName::Mpnet) {
            return Err(crate::Error::Heads(format!(
                "the heads were trained on {}, but the encoder in {} is {}",
                heads.config.encoder.model_name(),
                encoder.dir().path().display(),
                if is_mpnet { "an MPNet" } else { "a BERT" }
            )));
        }
        let encoder = encoder.with_layers(&heads.config.encoder_layers())?;
        let heads = heads.with_tuned_precision(encoder.precision())?;
        let width = encoder.hidden_size() / encoder.layers().len().max(1);
        if heads.hidden != width * heads.config.layers.len() {
            return Err(crate::Error::Heads(format!(
                "heads read {}-wide vectors, the encoder writes {} per layer",
                heads.hidden, width
            )));
        }
        let classical = heads.config.blend.uses_classical().then(slant_model::registry::default_model);
        Ok(Self { encoder, heads, classical, name: name.into() })
    }

    /// A shipped model by name (`neural`, `mpnet`, `mpnet-fast`): its
    /// installed heads, checked, on the located encoder, with the encoder's
    /// linear layers in `precision`.
    ///
    /// # Errors
    /// An unknown name, the encoder or heads not installed (the message
    /// names the fetch script), or a heads file of another build.
    pub fn shipped(name: &str, precision: Precision) -> Result<Self> {
        let shipped = crate::shipped::Shipped::named(name)
            .ok_or_else(|| crate::Error::Heads(format!("no shipped neural model is called {name:?}")))?;
        shipped.encoder.dir()?;
        let (_, bytes) = shipped.bytes()?;
        Self::with_located_encoder(Heads::from_bytes(&bytes)?, precision, shipped.display_name)
    }

    /// The heads file at `path` on the encoder it was trained on, located
    /// ([`EncoderName::dir`]).
    pub fn from_heads_file(path: &Path, precision: Precision) -> Result<Self> {
        let heads = Heads::load(path)?;
        let name = path.file_stem().map_or_else(|| "neural".to_owned(), |s| s.to_string_lossy().into_owned());
        Self::with_located_encoder(heads, precision, name)
    }

    /// `heads` on the encoder they were trained on, located.
    fn with_located_encoder(heads: Heads, precision: Precision, name: impl Into<String>) -> Result<Self> {
        let encoder = TextEncoder::locate_for_layers(heads.config.encoder, precision, &heads.config.encoder_layers())?
            .with_windows(heads.config.windows());
        Self::new(encoder, heads, name)
    }

    /// The heads.
    pub fn heads(&self) -> &Heads {
        &self.heads
    }

    /// The encoder.
    pub fn encoder(&self) -> &TextEncoder {
        &self.encoder
    }

    /// The article through the encoder: the heads' layers as piece
    /// vectors, the tuned layers' input as states.
    fn rows(&self, doc: &Document) -> Result<ArticleRows> {
        let tv = self.encoder.encode(doc.text())?;
        let have = self.encoder.layers().to_vec();
        let width = self.encoder.hidden_size() / have.len().max(1);
        let cfg = &self.heads.config;
        let states = match cfg.tune {
            Some(t) => layer_columns(&tv, &have, &[t.from_layer], width)?,
            None => Vec::new(),
        };
        let mut article = Article::new(doc, select_layers(tv, &have, &cfg.layers, width)?);
        article.states = states;
        Ok(ArticleRows::new(doc, article))
    }

    fn analyse(&self, doc: &Document) -> Result<Analysed> {
        let rows = self.rows(doc)?;
        let b = self.heads.config.blend;
        let other = self.classical.as_ref().map(|c| classical_spans(c, doc, &rows.article));
        let Some(stacker) = &self.heads.config.stack else {
            let (pieces, mut sentences) = self.heads.probs(&rows)?;
            let mut words = word_probs(&rows.article, &pieces);
            if let Some(other) = &other {
                words = mix(&words, &other.words, b.words);
                sentences = mix(&sentences, &other.sentences, b.sentences);
            }
            return Ok(Analysed { rows, words, sentences });
        };
        // The learnt blend reads every part, as the CV that fitted it did.
        let (head, tuned) = self.heads.piece_probs_apart(&rows)?;
        let neural_sentences =
            self.heads.mix_sentences(self.heads.sentence_probs(&rows)?, tuned.as_ref().map(|t| t.sentences.as_slice()));
        let apart = tuned.as_ref().map(|t| (word_probs(&rows.article, &head), word_probs(&rows.article, &t.pieces)));
        let mixed = word_probs(&rows.article, &self.heads.mix_pieces(head, tuned.as_ref().map(|t| t.pieces.as_slice())));
        let parts = Parts::new(
            &rows.article,
            &mixed,
            apart.as_ref().map(|(a, t)| (a.as_slice(), t.as_slice())),
            &neural_sentences,
            other.as_ref(),
        );
        let words = stacker.words(&parts);
        let sentences = match &other {
            Some(other) => mix(&neural_sentences, &other.sentences, b.sentences),
            None => neural_sentences,
        };
        Ok(Analysed { rows, words, sentences })
    }

    /// Technique probabilities of `spans`, blended as the heads say.
    fn techniques(&self, doc: &Document, rows: &ArticleRows, spans: &[Span]) -> Result<Vec<[f32; Technique::COUNT]>> {
        let probs = self.heads.technique_probs(doc, rows, spans)?;
        Ok(match &self.classical {
            Some(c) => mix_techniques(&probs, &classical_techniques(c, doc, spans), self.heads.config.blend.techniques),
            None => probs,
        })
    }

    fn try_detect(&self, doc: &Document, options: DetectOptions) -> Result<Vec<SpanRecord>> {
        let a = self.analyse(doc)?;
        let mut cfg: DecodeConfig = self.heads.config.decode;
        if let Some(t) = options.threshold {
            cfg.threshold = t;
            cfg.sentence_threshold = cfg.sentence_threshold.max(t);
        }
        let found = decode(doc, &a.rows.article, &a.words, &a.sentences, &cfg);
        let spans: Vec<Span> = found.iter().map(|d| d.span).collect();
        let probs = self.techniques(doc, &a.rows, &spans)?;
        // The one Repetition rule of every tier, then evidence in a
        // reader's words: the blended classical model's readable cues where
        // there is one, else the fragment's lexicon words and repetitions.
        let repeats = Repeats::new(doc);
        let mut kept = Vec::with_capacity(found.len());
        for (d, p) in found.iter().zip(&probs) {
            let Some((technique, pt)) = RepetitionRule::DEFAULT.report(&repeats, d.span, &ranked(p)) else { continue };
            let whole = a.rows.article.sentences.iter().zip(&a.sentences).find(|(s, p)| s.span == d.span && **p >= cfg.sentence_threshold);
            kept.push((d, technique, pt, whole.map(|(_, &p)| p)));
        }
        let found: Vec<(Span, Technique, Option<f32>)> = kept.iter().map(|&(d, t, _, whole)| (d.span, t, whole)).collect();
        let explained = match &self.classical {
            Some(c) => c.explain(doc, &repeats, &found),
            None => found.iter().map(|&(span, technique, whole)| text_evidence(doc, &repeats, span, technique, whole)).collect(),
        };
        let mut out = Vec::with_capacity(kept.len());
        for ((d, technique, pt, _), mut evidence) in kept.into_iter().zip(explained) {
            evidence.push(format!("{} with probability {pt:.2}", technique.name()));
            out.extend(SpanRecord::new(doc, d.span, technique, d.score.clamp(0.0, 1.0), evidence));
        }
        Ok(out)
    }
}

/// Evidence from the text alone: the repetition of a Repetition fragment,
/// the whole sentence when it is marked, the lexicon words of the fragment.
fn text_evidence(doc: &Document, repeats: &Repeats, span: Span, technique: Technique, whole: Option<f32>) -> Vec<String> {
    let mut out = Vec::new();
    if technique == Technique::Repetition {
        out.extend(slant_model::evidence::repetition(doc, repeats, span));
    }
    if let Some(p) = whole {
        out.push(format!("the whole sentence is marked (sentence score {p:.2})"));
    }
    out.extend(slant_model::evidence::lexicon_cues(doc.slice(span).unwrap_or_default(), 3));
    out
}

impl Detector for NeuralModel {
    fn info(&self) -> ModelInfo {
        ModelInfo {
            name: self.name.clone(),
            kind: "trained".to_owned(),
            description: format!(
                "{} encoder ({:?} kernels, layers {:?}{}) with span, sentence and technique heads trained on PTC{}",
                self.heads.config.encoder.model_name(),
                self.encoder.precision(),
                self.heads.config.layers,
                self.heads.config.tune.map_or(String::new(), |t| match t.layers {
                    0 => format!(", layers above {} fine-tuned", t.from_layer),
                    n => format!(", layers {} to {} fine-tuned", t.from_layer + 1, t.from_layer + n),
                }),
                match (self.classical.is_some(), self.heads.config.stack.is_some()) {
                    (true, true) => ", blended with the default classical model by a learnt per-word regression",
                    (true, false) => ", blended with the default classical model",
                    (false, true) => ", its word probabilities combined by a learnt per-word regression",
                    (false, false) => "",
                }
            ),
        }
    }

    /// Detections are data, never errors: an article the encoder cannot
    /// read (which a valid [`Document`] never is) yields no spans and a
    /// message on stderr.
    fn detect(&self, doc: &Document, options: &DetectOptions) -> Vec<SpanRecord> {
        self.try_detect(doc, *options).unwrap_or_else(|e| {
            eprintln!("slant: neural model failed on {}: {e}", doc.id());
            Vec::new()
        })
    }

    fn classify(&self, doc: &Document, spans: &[Span]) -> Vec<RankedTechniques> {
        let n = doc.char_len();
        let clamped: Vec<Span> = spans.iter().map(|s| Span::new(s.start.min(n), s.end.min(n).max(s.start.min(n)))).collect();
        let result = self.rows(doc).and_then(|rows| self.techniques(doc, &rows, &clamped));
        match result {
            Ok(probs) => probs.iter().map(ranked).collect(),
            Err(e) => {
                eprintln!("slant: neural model failed on {}: {e}", doc.id());
                // No ranking to give: every technique at 0, in table order.
                spans.iter().map(|_| Technique::ALL.iter().map(|&t| (t, 0.0)).collect()).collect()
            }
        }
    }
}
