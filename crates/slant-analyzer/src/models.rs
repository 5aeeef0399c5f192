//! Technique models by name: the embedded default, the keyword baseline,
//! the shipped neural models, or a model file.

use std::path::Path;
use std::sync::Arc;

use slant_model::Detector;
use slant_encoder::fast::Precision;

use crate::AnalyzerError;

/// Environment variable naming the neural models' arithmetic (`f32`,
/// `bf16`, `bf16x3`, `bf16-emulated`; default `bf16` where the CPU has it).
pub const PRECISION_ENV: &str = "SLANT_PRECISION";

/// The technique model `spec` names: `default` (embedded), `baseline`, a
/// shipped neural model (`neural`, `mpnet`, `mpnet-fast`; installed by their
/// fetch scripts), a neural heads file (`*.safetensors`, on the encoder it
/// records), or a classical model file.
///
/// # Errors
/// A model that is not installed (the message names the command that
/// installs it), a file that cannot be read, or a bad [`PRECISION_ENV`].
pub fn load(spec: &str) -> Result<Arc<dyn Detector>, AnalyzerError> {
    if slant_neural::Shipped::named(spec).is_some() {
        return Ok(Arc::new(slant_neural::NeuralModel::shipped(spec, precision()?)?));
    }
    if Path::new(spec).extension().is_some_and(|e| e == "safetensors") {
        return Ok(Arc::new(slant_neural::NeuralModel::from_heads_file(Path::new(spec), precision()?)?));
    }
    Ok(slant_model::registry::load(spec)?)
}

/// The neural models' arithmetic: [`PRECISION_ENV`] when set, else the
/// library default.
///
/// # Errors
/// A value that names no precision.
pub fn precision() -> Result<Precision, AnalyzerError> {
    let Some(value) = std::env::var_os(PRECISION_ENV) else { return Ok(Precision::default()) };
    let value = value.to_string_lossy().trim().to_ascii_lowercase();
    Ok(match value.as_str() {
        "f32" => Precision::F32,
        "bf16" => Precision::Bf16,
        "bf16x3" => Precision::Bf16x3,
        "bf16-emulated" => Precision::Bf16Emulated,
        _ => {
            return Err(AnalyzerError::Env {
                name: PRECISION_ENV,
                value,
                problem: "not one of f32, bf16, bf16x3, bf16-emulated".into(),
            });
        }
    })
}

/// One line per model `--model` takes: its name, what it needs, and
/// whether it is ready here (what `slant models` prints).
#[must_use]
pub fn catalogue() -> Vec<ModelEntry> {
    let mut out = vec![
        ModelEntry {
            name: "default",
            summary: "linear span tagger and technique classifier, embedded in the binary".into(),
            ready: Ok("embedded".into()),
        },
        ModelEntry {
            name: "baseline",
            summary: "a keyword list, for comparison only (its output is not a result)".into(),
            ready: Ok("embedded".into()),
        },
    ];
    for s in slant_neural::SHIPPED {
        let ready = match s.status() {
            slant_neural::shipped::Status::Ready(path) => Ok(path.display().to_string()),
            slant_neural::shipped::Status::Missing(why) => Err(why),
        };
        out.push(ModelEntry { name: s.name, summary: format!("{} (needs {})", s.summary, s.encoder.fetch_script()), ready });
    }
    out
}

/// A model `--model` takes.
#[derive(Debug)]
pub struct ModelEntry {
    /// Its name.
    pub name: &'static str,
    /// What it is.
    pub summary: String,
    /// Where it is, or why it cannot run here.
    pub ready: Result<String, String>,
}
