//! Text to word-piece vectors for slant: the encoders its neural tier reads
//! (all-MiniLM-L6-v2, a BERT, and all-mpnet-base-v2, an MPNet) in Rust.
//!
//! Two implementations of the same network:
//!
//! - [`BertModel`]: a candle module, differentiable end to end (its
//!   [`layer_norm::LayerNorm`] is built from primitive ops, so every weight
//!   gets a gradient): the reference the fast path is tested against.
//! - [`FastBert`]: inference only, packed weights and CPU kernels chosen at
//!   run time ([`fast::Isa`]; AVX-512, AVX-512 BF16 and AMX fast paths,
//!   capped by `SLANT_CPU`). [`fast::Precision::F32`] matches the candle
//!   model to about 1e-5; the default [`fast::Precision::Bf16`] runs the
//!   linear layers in bf16 where the CPU has bf16 arithmetic (token vectors
//!   within cosine 0.9999 of f32).
//!
//! [`TextEncoder`] is the located encoder with its tokenizer: text in, one
//! vector per word piece out, through overlapping windows ([`window`]), each
//! piece with its byte span in the text. [`EncoderName`] names the
//! encoders and where their files are ([`locate`]).
//!
//! ```no_run
//! use slant_encoder::{EncoderName, TextEncoder, fast::Precision};
//!
//! # fn main() -> slant_encoder::Result<()> {
//! let encoder = TextEncoder::locate_encoder(EncoderName::MiniLm, Precision::default())?;
//! let text = "“Fake news!” said the café owner.";
//! let tokens = encoder.encode(text)?;
//! for (i, span) in tokens.spans.iter().enumerate() {
//!     println!("{:?} -> {} dims", &text[span.clone()], tokens.vector(i).len());
//! }
//! # Ok(())
//! # }
//! ```

// Numeric kernels convert between index and float types on purpose, and rely
// on inlining into `#[target_feature]` callers.
#![allow(
    clippy::inline_always,
    clippy::too_many_arguments,
    clippy::many_single_char_names,
    clippy::doc_markdown
)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]

pub mod bert;
pub mod config;
pub mod encoder;
mod error;
// The fast path's SIMD and AMX kernels are the crate's only unsafe code.
#[allow(unsafe_code)]
pub mod fast;
pub mod layer_norm;
pub mod locate;
mod model_dir;
pub mod pooling;
mod text_encoder;
pub mod tokenize;
#[doc(hidden)]
#[allow(clippy::missing_panics_doc, clippy::unwrap_used)]
pub mod testing;
pub mod window;

pub use bert::BertModel;
pub use config::BertConfig;
pub use encoder::{Encoder, Hidden};
pub use error::{Error, Result};
pub use fast::FastBert;
pub use locate::EncoderName;
pub use model_dir::{MINILM_SAFETENSORS_SHA256, ModelDir};
pub use text_encoder::{TextEncoder, layer_columns, select_layers};
pub use tokenize::{WordPieceTokenizer, WordPieces};
pub use window::{TokenVectors, WindowConfig, encode_article};
