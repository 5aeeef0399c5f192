//! [`TextEncoder`]: a located encoder (all-MiniLM-L6-v2 or
//! all-mpnet-base-v2) with its tokenizer, loaded once, and the window
//! settings every caller shares: text in, word-piece vectors out.

use crate::fast::Precision;
use crate::window::{TokenVectors, WindowConfig, encode_article};
use crate::{Error, FastBert, ModelDir, Result, WordPieceTokenizer, locate};

/// The encoder ready to turn articles into piece vectors.
pub struct TextEncoder {
    dir: ModelDir,
    tokenizer: WordPieceTokenizer,
    model: FastBert,
    windows: WindowConfig,
}

impl TextEncoder {
    /// Loads all-MiniLM-L6-v2 from the folder [`locate::minilm_dir`] finds.
    pub fn locate(precision: Precision) -> Result<Self> {
        Self::load(locate::minilm_dir()?, precision)
    }

    /// Loads `encoder` from the folder [`EncoderName::dir`] finds.
    ///
    /// [`EncoderName::dir`]: crate::EncoderName::dir
    pub fn locate_encoder(encoder: crate::EncoderName, precision: Precision) -> Result<Self> {
        Self::load(encoder.dir()?, precision)
    }

    /// Loads the model in `dir`.
    pub fn load(dir: ModelDir, precision: Precision) -> Result<Self> {
        Self::load_upto(dir, precision, usize::MAX)
    }

    /// [`TextEncoder::load`] with only the layers up to `depth` (1-based).
    fn load_upto(dir: ModelDir, precision: Precision, depth: usize) -> Result<Self> {
        let tokenizer = dir.tokenizer()?;
        let model = dir.fast_model_upto(precision, depth)?;
        Ok(Self { dir, tokenizer, model, windows: WindowConfig::default() })
    }

    /// Loads `encoder` ([`TextEncoder::locate_encoder`]) with only the layers
    /// that `layers` needs: heads on lower layers never load the top ones.
    /// It outputs its last loaded layer until [`TextEncoder::with_layers`]
    /// chooses (after the caller has checked that the encoder is the kind
    /// it expects: a layer list checked against the wrong encoder would
    /// blame the layers).
    pub fn locate_for_layers(encoder: crate::EncoderName, precision: Precision, layers: &[usize]) -> Result<Self> {
        let depth = layers.iter().copied().max().unwrap_or(usize::MAX);
        Self::load_upto(encoder.dir()?, precision, depth)
    }

    /// Makes each piece vector the concatenation of the outputs of
    /// `layers` (0: the embeddings, 6: the last layer, the default).
    pub fn with_layers(mut self, layers: &[usize]) -> Result<Self> {
        self.model = self.model.with_outputs(layers)?;
        Ok(self)
    }

    /// The layers each piece vector concatenates.
    pub fn layers(&self) -> &[usize] {
        self.model.outputs()
    }

    /// The precision that actually runs (`F32` where the CPU has no bf16
    /// arithmetic).
    pub fn precision(&self) -> Precision {
        self.model.precision()
    }

    /// Width of the piece vectors (hidden size times layers).
    pub fn hidden_size(&self) -> usize {
        self.model.output_width()
    }

    /// Changes the window settings (the default: 256 tokens every 192).
    #[must_use]
    pub fn with_windows(mut self, windows: WindowConfig) -> Self {
        self.windows = windows;
        self
    }

    /// The window settings.
    pub fn windows(&self) -> &WindowConfig {
        &self.windows
    }

    /// The model folder.
    pub fn dir(&self) -> &ModelDir {
        &self.dir
    }

    /// The fast encoder.
    pub fn model(&self) -> &FastBert {
        &self.model
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> &WordPieceTokenizer {
        &self.tokenizer
    }

    /// Piece vectors of one text.
    pub fn encode(&self, text: &str) -> Result<TokenVectors> {
        encode_article(&self.tokenizer, &self.model, text, &self.windows)
    }
}

/// Keeps the columns of `wanted` layers from vectors that concatenate the
/// outputs of `have` layers (each `width` wide).
pub fn select_layers(tv: TokenVectors, have: &[usize], wanted: &[usize], width: usize) -> Result<TokenVectors> {
    if have == wanted {
        return Ok(tv);
    }
    let vectors = layer_columns(&tv, have, wanted, width)?;
    Ok(TokenVectors { hidden_size: wanted.len() * width, vectors, ids: tv.ids, spans: tv.spans })
}

/// The rows of `tv` (layers `have`, `width` each) cut down to layers
/// `wanted`, in that order, without taking `tv`.
/// # Errors
/// When a wanted layer is not among `have`.
pub fn layer_columns(tv: &TokenVectors, have: &[usize], wanted: &[usize], width: usize) -> Result<Vec<f32>> {
    let cols: Vec<usize> = wanted
        .iter()
        .map(|&w| have.iter().position(|&h| h == w).ok_or_else(|| Error::Layer { layer: w, have: have.to_vec() }))
        .collect::<Result<_>>()?;
    let k = have.len();
    let mut vectors = Vec::with_capacity(tv.len() * cols.len() * width);
    for row in tv.vectors.chunks_exact(k * width) {
        for &c in &cols {
            vectors.extend_from_slice(&row[c * width..(c + 1) * width]);
        }
    }
    Ok(vectors)
}
