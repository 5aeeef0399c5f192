//! Neural encoder for slant: all-MiniLM-L6-v2 (BERT) token vectors for
//! propaganda-span tagging.
//!
//! Two implementations of the same network:
//!
//! - [`BertModel`]: a candle module, differentiable end to end (its
//!   [`layer_norm::LayerNorm`] is built from primitive ops, so every weight
//!   gets a gradient): the reference. Fine-tuning itself runs in [`tune`],
//!   whose layers have a hand-written backward pass (checked against
//!   candle's autograd), about nine times faster here (3,100 pieces per
//!   second for all six layers, against 350).
//! - [`FastBert`]: inference only, packed weights and our own AVX-512 / AMX
//!   kernels, 4–10× faster. [`fast::Precision::F32`] matches the candle
//!   model to about 1e-5; [`fast::Precision::Bf16x3`] runs the linear
//!   layers as split-bf16 products on AMX tiles (within 4e-5 of a float64
//!   reference); the default [`fast::Precision::Bf16`] is plain bf16 on
//!   AMX, fastest (token vectors within cosine 0.9999 of f32; the heads
//!   cross-validate as well on it).
//!
//! Both implement [`Encoder`]; [`encode_article`] tokenizes an article,
//! runs it through overlapping windows and returns one vector per word
//! piece with its byte span in the article.
//!
//! ```no_run
//! use slant_neural::{WindowConfig, encode_article};
//!
//! # fn main() -> slant_neural::Result<()> {
//! let dir = slant_neural::locate::minilm_dir()?; // scripts/fetch-minilm.sh puts it there
//! let (tokenizer, model) = (dir.tokenizer()?, dir.fast_model()?);
//! let text = "“Fake news!” said the café owner.";
//! let tokens = encode_article(&tokenizer, &model, text, &WindowConfig::default())?;
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

pub mod article;
pub mod bert;
pub mod blend;
pub mod cache;
pub mod config;
pub mod corpus;
pub mod cv;
pub mod decode;
pub mod decode_search;
mod detector;
pub mod encoder;
mod error;
// The fast path's SIMD and AMX kernels are the crate's only unsafe code.
#[allow(unsafe_code)]
pub mod fast;
pub mod heads;
pub mod held_out;
pub mod layer_norm;
pub mod locate;
mod minilm;
mod model_dir;
pub mod pooling;
pub mod shipped;
pub mod stack;
pub mod stack_cv;
pub mod tokenize;
pub mod tune;
pub mod window;

pub use bert::BertModel;
pub use config::BertConfig;
pub use encoder::{Encoder, Hidden};
pub use error::{Error, Result};
pub use fast::FastBert;
pub use locate::EncoderName;
pub use detector::NeuralModel;
pub use shipped::{SHIPPED, Shipped};
pub use minilm::{MiniLm, layer_columns, select_layers};
pub use model_dir::{MINILM_SAFETENSORS_SHA256, ModelDir};
pub use tokenize::{WordPieceTokenizer, WordPieces};
pub use window::{TokenVectors, WindowConfig, encode_article};
