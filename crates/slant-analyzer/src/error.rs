//! Why an analyzer could not be built.

use thiserror::Error;

/// Why an analyzer could not be built.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum AnalyzerError {
    /// The classical model file could not be loaded.
    #[error(transparent)]
    Model(#[from] slant_model::registry::LoadError),
    /// A neural model could not be loaded.
    #[error(transparent)]
    Neural(#[from] slant_neural::Error),
    /// The value of an environment variable is not valid.
    #[error("{name}={value:?}: {problem}")]
    Env {
        /// The variable.
        name: &'static str,
        /// Its value.
        value: String,
        /// What is wrong.
        problem: String,
    },
}
