//! Arguments of `slant train`: the classical model, or with `--neural`
//! the neural tier's heads.

use std::path::PathBuf;

use clap::ValueEnum;

/// Default seed of training orders and fold assignments, for every command.
pub const DEFAULT_SEED: u64 = 1;
/// Default folder of the cached encoder outputs.
pub const NEURAL_CACHE_DIR: &str = ".cache/neural";
/// Default encoder arithmetic when training: f32, so the heads train on
/// the same encoder outputs on every machine (inference runs in bf16 where
/// the CPU has it; see `SLANT_PRECISION`).
pub const NEURAL_PRECISION: PrecisionArg = PrecisionArg::F32;

/// Arguments of `slant train`.
#[derive(Debug, clap::Args)]
#[allow(clippy::struct_excessive_bools)] // independent command-line switches
pub struct TrainArgs {
    /// A labelled split folder (`articles/` and `labels.tsv`).
    #[arg(long)]
    pub data: PathBuf,
    /// Where to write the model (a `.json` record of how it was made is
    /// written beside it).
    #[arg(long, short, required_unless_present = "cv_only")]
    pub output: Option<PathBuf>,
    /// Seed of the training order (and, for the classical model, of the
    /// folds of `--cv`).
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Cross-validate with this many folds first and record the figures in
    /// the model (0 to skip).
    #[arg(long, default_value_t = 5)]
    pub cv: usize,
    /// Name recorded in a classical model.
    #[arg(long, default_value = "slant-linear")]
    pub name: String,
    /// Training configuration overrides, as JSON or `@file` (fields of the
    /// classical `TrainConfig`, or with `--neural` of the heads'
    /// configuration; missing fields keep the recipe's).
    #[arg(long)]
    pub config: Option<String>,
    /// A model2vec embedding folder (potion-base-8M, see
    /// `scripts/fetch-potion.sh`); its table is stored in the classical
    /// model (with `--neural`: the blend's classical model's).
    #[arg(long)]
    pub embeddings: Option<PathBuf>,
    /// Train the neural tier's heads on a pretrained encoder instead (the
    /// encoder's outputs are cached in `.cache/neural`).
    #[arg(long)]
    pub neural: bool,
    /// With `--neural`: the pretrained encoder, `minilm` (all-MiniLM-L6-v2,
    /// `scripts/fetch-minilm.sh`) or `mpnet` (all-mpnet-base-v2, about
    /// seven times the work; `scripts/fetch-mpnet.sh`). Overrides the
    /// configuration's `"encoder"`.
    #[arg(long, requires = "neural")]
    pub encoder: Option<slant_neural::EncoderName>,
    /// With `--neural`: keep the decoding parameters the cross-validation's
    /// search found when they beat the configured ones on folds they were
    /// not searched on.
    #[arg(long, requires = "neural")]
    pub search_decode: bool,
    /// With `--neural`: a learnt blend of the word probabilities (a logistic
    /// regression fitted on the held-out folds) when it beats the decoding
    /// kept otherwise on folds it was not fitted on.
    #[arg(long, requires = "neural")]
    pub stack: bool,
    /// Lab: seed of the neural cross-validation's fold assignment.
    #[arg(long, default_value_t = DEFAULT_SEED, hide = true)]
    pub fold_seed: u64,
    /// Lab: only cross-validate the neural heads; write nothing.
    #[arg(long, requires = "neural", hide = true)]
    pub cv_only: bool,
    /// Lab: also cross-validate the classical model on the same folds and
    /// score a grid of blends.
    #[arg(long, requires = "neural", hide = true)]
    pub tune_blend: bool,
    /// Lab: folder for the cached encoder outputs.
    #[arg(long, default_value = NEURAL_CACHE_DIR, hide = true)]
    pub cache_dir: PathBuf,
    /// Lab: encoder arithmetic while training.
    #[arg(long, value_enum, default_value_t = NEURAL_PRECISION, hide = true)]
    pub precision: PrecisionArg,
    /// Lab: write the neural cross-validation's held-out probabilities to
    /// this file, one JSON object per article, for `slant lab decode`.
    #[arg(long, requires = "neural", hide = true)]
    pub held_out: Option<PathBuf>,
}

/// Arithmetic of the encoder's linear layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrecisionArg {
    /// f32 throughout.
    F32,
    /// Split bf16 on AMX tiles, f32-grade.
    Bf16x3,
    /// Plain bf16 on AMX tiles or AVX-512 BF16: fastest (the default at
    /// inference; f32 on CPUs with neither).
    Bf16,
    /// bf16-rounded operands through the f32 kernels: checks `bf16`'s
    /// accuracy on a CPU without bf16 arithmetic.
    Bf16Emulated,
}

impl From<PrecisionArg> for slant_encoder::fast::Precision {
    fn from(p: PrecisionArg) -> Self {
        match p {
            PrecisionArg::F32 => Self::F32,
            PrecisionArg::Bf16x3 => Self::Bf16x3,
            PrecisionArg::Bf16 => Self::Bf16,
            PrecisionArg::Bf16Emulated => Self::Bf16Emulated,
        }
    }
}
