//! The neural tier of slant: span, sentence and technique heads (and tuned
//! upper layers) on the word-piece vectors of a pretrained encoder
//! ([`slant_encoder`]), blended with the classical model and decoded into
//! technique spans behind the [`slant_model::Detector`] seam
//! ([`NeuralModel`]).
//!
//! The runtime ([`detector`], [`heads`], [`blend`], [`decode`], [`stack`],
//! [`tune`]'s inference) never imports the training and
//! cross-validation code, which lives under [`train`].
//!
//! ```no_run
//! use slant_model::{DetectOptions, Detector};
//! use slant_text::Document;
//!
//! # fn main() -> slant_neural::Result<()> {
//! // Needs scripts/fetch-minilm.sh (the encoder and the heads).
//! let model = slant_neural::NeuralModel::shipped("neural", Default::default())?;
//! let doc = Document::from_text("a", "The corrupt regime lied again.".into()).unwrap();
//! for span in model.detect(&doc, &DetectOptions::default()) {
//!     println!("{} {}", span.technique.name(), span.text);
//! }
//! # Ok(())
//! # }
//! ```

#![allow(
    clippy::inline_always,
    clippy::too_many_arguments,
    clippy::many_single_char_names,
    clippy::doc_markdown
)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]

pub mod article;
pub mod blend;
pub mod decode;
mod detector;
mod error;
pub mod heads;
pub mod shipped;
pub mod stack;
pub mod train;
pub mod tune;

pub use detector::NeuralModel;
pub use error::{Error, Result};
pub use shipped::{SHIPPED, Shipped};
pub use slant_encoder::{EncoderName, fast};
