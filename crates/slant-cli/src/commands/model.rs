//! Choosing the detector named on the command line.

use std::sync::Arc;

use anyhow::Result;
use slant_model::Detector;

/// Loads the detector `spec` names: `default`, `baseline`, or a model file.
pub fn load(spec: &str) -> Result<Arc<dyn Detector>> {
    Ok(slant_model::registry::load(spec)?)
}
