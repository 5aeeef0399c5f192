//! Finding a detector by name: the embedded default, the keyword baseline,
//! or a model file.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use thiserror::Error;

use crate::linear::LinearModel;
use crate::model_file::ModelFileError;
use crate::{Detector, KeywordBaseline};

/// The default model, trained by `slant train` on the PTC training split
/// (see `models/default.json` for the command, data, seed and figures).
/// The bytes of the embedded default model.
pub static DEFAULT_MODEL_BYTES: &[u8] = include_bytes!("../../../models/default.slant");

/// Why a detector could not be loaded.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The model file could not be read.
    #[error("{path}: {error}")]
    Io {
        /// The path.
        path: String,
        /// The error.
        error: std::io::Error,
    },
    /// The model file is not a valid model.
    #[error("{path}: {error}")]
    Model {
        /// The path.
        path: String,
        /// The error.
        error: ModelFileError,
    },
}

/// The embedded default model, parsed once.
pub fn default_model() -> Arc<LinearModel> {
    static MODEL: OnceLock<Arc<LinearModel>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            // The embedded bytes are written by `slant train` and checked by
            // the tests; failing here means the build itself is broken.
            Arc::new(LinearModel::from_bytes(DEFAULT_MODEL_BYTES).expect("embedded default model is valid"))
        })
        .clone()
}

/// Loads a detector: `default`, `baseline`, or the path of a model file.
pub fn load(spec: &str) -> Result<Arc<dyn Detector>, LoadError> {
    match spec {
        "default" => Ok(default_model()),
        "baseline" => Ok(Arc::new(KeywordBaseline)),
        path => {
            let bytes =
                std::fs::read(Path::new(path)).map_err(|error| LoadError::Io { path: path.to_owned(), error })?;
            let model =
                LinearModel::from_bytes(&bytes).map_err(|error| LoadError::Model { path: path.to_owned(), error })?;
            Ok(Arc::new(model))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DetectOptions;
    use slant_text::Document;

    #[test]
    fn embedded_model_loads_and_round_trips() {
        let model = default_model();
        assert_eq!(model.info().kind, "trained");
        let again = LinearModel::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(again.tagger.weights, model.tagger.weights);
        assert_eq!(again.classifier.weights, model.classifier.weights);
        let doc = Document::from_bytes("t", "The horrendous terrorist group and its ringleader.".as_bytes()).unwrap();
        let spans = model.detect(&doc, &DetectOptions { threshold: Some(0.05) });
        assert!(!spans.is_empty());
        for s in spans {
            assert_eq!(doc.slice(s.span()), Some(s.text.as_str()));
            assert!((0.0..=1.0).contains(&s.score));
        }
    }

    #[test]
    fn bad_model_files_are_errors() {
        assert!(matches!(LinearModel::from_bytes(b"nope"), Err(ModelFileError::BadMagic)));
        let mut bytes = default_model().to_bytes();
        bytes.truncate(bytes.len() - 3);
        assert!(matches!(LinearModel::from_bytes(&bytes), Err(ModelFileError::Corrupt(_))));
        let mut bytes = default_model().to_bytes();
        bytes[8] = 9;
        assert!(matches!(LinearModel::from_bytes(&bytes), Err(ModelFileError::Version(_))));
        assert!(matches!(load("/no/such/model"), Err(LoadError::Io { .. })));
    }
}
