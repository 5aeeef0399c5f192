//! Choosing the detector named on the command line.

use anyhow::{bail, Result};
use slant_model::{Detector, KeywordBaseline};

/// Loads the detector `spec` names: `default`, `baseline`, or a model file.
pub fn load(spec: &str) -> Result<Box<dyn Detector>> {
    match spec {
        "default" | "baseline" => {
            if spec == "default" {
                eprintln!("slant: note: no trained model is embedded yet; using the keyword baseline (not a result)");
            }
            Ok(Box::new(KeywordBaseline))
        }
        other => bail!("unknown model `{other}` (use `default`, `baseline`, or a model file)"),
    }
}
