//! Training and cross-validation of the neural tier: the encoder-output
//! cache, the training corpus and its rows, the heads' and tuned layers'
//! training loops, the cross-validation with its decoding search and
//! learnt blend, and the held-out probabilities it can save.
//!
//! The runtime (the detector, heads, tuned layers' inference, blend and
//! decoding) never imports this module; everything here builds on the
//! runtime.

pub mod cache;
pub mod corpus;
pub mod cross_validation;
pub mod decode_search;
mod heads_fit;
pub mod held_out;
pub mod layer_pass;
pub mod mlp_fit;
mod rows;
pub mod stack_fit;
pub mod tune;
