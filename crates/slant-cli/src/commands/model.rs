//! Choosing the detector named on the command line.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use slant_model::Detector;

/// Loads the detector `spec` names: `default`, `baseline`, `neural` (the
/// committed heads on the `MiniLM` encoder), a neural heads file
/// (`*.safetensors`), or a classical model file.
pub fn load(spec: &str) -> Result<Arc<dyn Detector>> {
    if spec == "neural" {
        return Ok(Arc::new(slant_neural::NeuralModel::committed()?));
    }
    if Path::new(spec).extension().is_some_and(|e| e == "safetensors") {
        let precision = slant_neural::fast::Precision::default();
        return Ok(Arc::new(slant_neural::NeuralModel::from_heads_file(Path::new(spec), precision)?));
    }
    Ok(slant_model::registry::load(spec)?)
}
