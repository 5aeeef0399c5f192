//! Choosing the detector named on the command line.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use clap::ValueEnum;
use slant_model::Detector;

use crate::args::{PRECISION_ENV, PrecisionArg};

/// Loads the detector `spec` names: `default`, `baseline`, `neural` (the
/// committed heads on the `MiniLM` encoder), `mpnet` (the committed heads
/// on all-mpnet-base-v2), `mpnet-fast` (heads and tuned layers on its
/// first six layers), a neural heads file (`*.safetensors`, on the
/// encoder it records), or a classical model file.
pub fn load(spec: &str) -> Result<Arc<dyn Detector>> {
    if slant_neural::Shipped::named(spec).is_some() {
        return Ok(Arc::new(slant_neural::NeuralModel::shipped(spec, precision()?)?));
    }
    if Path::new(spec).extension().is_some_and(|e| e == "safetensors") {
        return Ok(Arc::new(slant_neural::NeuralModel::from_heads_file(Path::new(spec), precision()?)?));
    }
    Ok(slant_model::registry::load(spec)?)
}

/// The neural model's arithmetic: [`PRECISION_ENV`] when set, else the
/// library default (bf16 where the CPU has it).
fn precision() -> Result<slant_neural::fast::Precision> {
    match std::env::var(PRECISION_ENV) {
        Err(std::env::VarError::NotPresent) => Ok(slant_neural::fast::Precision::default()),
        Err(e) => anyhow::bail!("{PRECISION_ENV}: {e}"),
        Ok(v) => match PrecisionArg::from_str(v.trim(), true) {
            Ok(p) => Ok(p.into()),
            Err(_) => anyhow::bail!("{PRECISION_ENV}={v:?} is not one of f32, bf16, bf16x3, bf16-emulated"),
        },
    }
}
