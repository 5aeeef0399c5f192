//! The neural models slant ships: each a heads file committed under
//! `models/`, installed beside its encoder by that encoder's fetch script,
//! and checked against the sha256 this build was made with. The binary
//! embeds none of them (they do nothing without their encoder).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::{EncoderName, Error, Result};

/// One shipped neural model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shipped {
    /// The name `--model` takes.
    pub name: &'static str,
    /// The name the model reports in its output.
    pub display_name: &'static str,
    /// The heads file, in `models/` and beside the installed encoder.
    pub file: &'static str,
    /// sha256 of the heads file this build expects.
    pub sha256: &'static str,
    /// The encoder it runs on.
    pub encoder: EncoderName,
    /// One line for `slant models`.
    pub summary: &'static str,
}

/// Every shipped neural model, in the order `slant models` lists them.
pub const SHIPPED: [Shipped; 3] = [
    Shipped {
        name: "neural",
        display_name: "slant-neural",
        file: "neural.safetensors",
        sha256: "8f02619fa760e11b94d22d7f5091a923d291bc37ecf8e1b7af67e001262a9bce",
        encoder: EncoderName::MiniLm,
        summary: "heads on all-MiniLM-L6-v2 with its layers 3-6 fine-tuned, blended with the default model",
    },
    Shipped {
        name: "mpnet",
        display_name: "slant-mpnet",
        file: "mpnet.safetensors",
        sha256: "f9aca903007bd67c535958c6079814ab67d7eb89851bb904cf3678aac77df3bc",
        encoder: EncoderName::Mpnet,
        summary: "heads on all-mpnet-base-v2 layers 4, 8 and 12, blended with the default model",
    },
    Shipped {
        name: "mpnet-fast",
        display_name: "slant-mpnet-fast",
        file: "mpnet-fast.safetensors",
        sha256: "1fddaeb2a4dace05fd4dffc3ec9282f77e35ed5c1a9fa3476334bb08cd4ce9d7",
        encoder: EncoderName::Mpnet,
        summary: "heads on all-mpnet-base-v2 layers 2 and 4 plus its layers 5-6 fine-tuned (the most accurate)",
    },
];

impl Shipped {
    /// The shipped model called `name`.
    #[must_use]
    pub fn named(name: &str) -> Option<Self> {
        SHIPPED.into_iter().find(|s| s.name == name)
    }

    /// Where the heads file is looked for: beside the encoder, in each folder
    /// the encoder is looked for.
    #[must_use]
    pub fn candidates(self) -> Vec<PathBuf> {
        self.encoder.candidates().into_iter().map(|d| d.join(self.file)).collect()
    }

    /// The installed heads file, checked: the first candidate that exists,
    /// with the expected sha256.
    ///
    /// # Errors
    /// [`Error::MissingHeads`] naming the fetch script when no candidate
    /// exists, [`Error::HeadsChecksum`] when the file found differs from this
    /// build's, or an I/O error reading it.
    pub fn bytes(self) -> Result<(PathBuf, Vec<u8>)> {
        let tried = self.candidates();
        let Some(path) = tried.iter().find(|p| p.is_file()) else {
            return Err(Error::MissingHeads { model: self.name, encoder: self.encoder, tried });
        };
        let bytes = std::fs::read(path).map_err(|reason| Error::Io { path: path.clone(), reason })?;
        let found = sha256_hex(&bytes);
        if found != self.sha256 {
            return Err(Error::HeadsChecksum { model: self.name, path: path.clone(), found, expected: self.sha256, fetch: self.encoder.fetch_script() });
        }
        Ok((path.clone(), bytes))
    }

    /// Whether the encoder and the heads are installed, and where: what
    /// `slant models` shows.
    #[must_use]
    pub fn status(self) -> Status {
        match (self.encoder.dir(), self.bytes()) {
            (Ok(_), Ok((path, _))) => Status::Ready(path),
            (Err(e), _) => Status::Missing(e.to_string()),
            (_, Err(e)) => Status::Missing(e.to_string()),
        }
    }
}

/// Whether a shipped model can run here.
#[derive(Debug)]
pub enum Status {
    /// Installed; the heads file's path.
    Ready(PathBuf),
    /// Not usable; why, and the command that fixes it.
    Missing(String),
}

/// The lowercase hex sha256 of `bytes`.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    Sha256::digest(bytes).iter().fold(String::with_capacity(64), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// The heads file `name` in the repository's `models/` folder (for tests
/// and the fetch scripts' checks).
#[must_use]
pub fn repository_file(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models").join(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match_the_committed_heads_files() {
        for s in SHIPPED {
            let bytes = std::fs::read(repository_file(s.file)).unwrap();
            assert_eq!(sha256_hex(&bytes), s.sha256, "{}: update SHIPPED after retraining", s.file);
        }
    }

    #[test]
    fn missing_heads_name_the_fetch_script() {
        let s = Shipped::named("mpnet-fast").unwrap();
        let e = Error::MissingHeads { model: s.name, encoder: s.encoder, tried: vec![PathBuf::from("/nowhere/x")] };
        let msg = e.to_string();
        assert!(msg.contains("scripts/fetch-mpnet.sh") && msg.contains("/nowhere/x") && msg.contains("mpnet-fast"), "{msg}");
        assert!(Shipped::named("default").is_none());
    }
}
