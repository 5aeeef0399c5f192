//! Arguments of `slant eval`.

use std::path::PathBuf;

use clap::Subcommand;

use super::DEFAULT_SEED;

/// `slant eval` subcommands.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Span identification: partial-overlap precision, recall and F1.
    #[command(after_help = "Examples:
  # Predict spans on the PTC dev split (PTC set as in the README), then score them
  slant analyze --format si $PTC/dev > si.tsv
  slant eval si --gold $PTC/dev --pred si.tsv
  # As JSON, for scripts
  slant eval si --gold $PTC/dev --pred si.tsv --json")]
    Si(ScoreArgs),
    /// Technique classification on given spans: micro-F1 and per technique.
    #[command(after_help = "Examples:
  # Classify the gold spans of the PTC dev split (PTC set as in the README), then score
  slant classify --template $PTC/dev/labels.tsv --articles $PTC/dev/articles -o tc.tsv
  slant eval tc --gold $PTC/dev --pred tc.tsv
  slant eval tc --gold $PTC/dev --pred tc.tsv --json")]
    Tc(ScoreArgs),
    /// k-fold cross-validation of the training recipe on a labelled split.
    #[command(after_help = "Examples:
  # Five folds of the PTC training split (PTC set as in the README)
  slant eval cv --data $PTC/train
  # Technique classification only, three folds, as JSON
  slant eval cv --data $PTC/train --folds 3 --tc-only --json")]
    Cv(CvArgs),
    /// The voices reading's attributions (cue, source, content) against a
    /// split in brat standoff (`text/`, `attributions/`, as `PolNeAR`).
    #[command(after_help = "Examples:
  # The embedded voices model on the PolNeAR test split (POLNEAR set to its folder)
  slant eval attribution --gold $POLNEAR/test
  # What analyze wrote, as an independent scorer reads it
  slant analyze --readings voices -f jsonl -o test.jsonl $POLNEAR/test/text
  slant eval attribution --gold $POLNEAR/test --pred test.jsonl --json")]
    Attribution(ReadingScoreArgs),
    /// The time reading's expressions (span, type, value) against `TimeML`
    /// files, each anchored to its creation time.
    #[command(after_help = "Examples:
  # TempEval-3's TimeBank (TIMEBANK set to its folder)
  slant eval timex --gold $TIMEBANK/TimeBank
  slant eval timex --gold $TIMEBANK/AQUAINT --json")]
    Timex(ReadingScoreArgs),
    /// The actors reading (mentions, clusters, acronyms) against a gold
    /// folder (`crates/slant-actors/gold/README.md`).
    #[command(after_help = "Examples:
  # The held-out part of the gold set in the repository
  slant eval actors --gold crates/slant-actors/gold/heldout
  slant eval actors --gold crates/slant-actors/gold/dev --json")]
    Actors(ReadingScoreArgs),
}

/// Arguments of `slant eval attribution|timex|actors`.
#[derive(Debug, clap::Args)]
pub struct ReadingScoreArgs {
    /// The gold folder.
    #[arg(long)]
    pub gold: PathBuf,
    /// A voices model file to score instead of the embedded one
    /// (`attribution` only).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Score these predictions (the JSON or JSONL of `slant analyze`)
    /// instead of running the reading (`attribution` only).
    #[arg(long, conflicts_with = "model")]
    pub pred: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `slant eval cv`.
#[derive(Debug, clap::Args)]
pub struct CvArgs {
    /// A labelled split folder (`articles/` and `labels.tsv`).
    #[arg(long)]
    pub data: PathBuf,
    /// Number of folds.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Seed of the fold assignment.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Training configuration overrides, as JSON (fields of `TrainConfig`;
    /// missing fields keep their defaults).
    #[arg(long)]
    pub config: Option<String>,
    /// A model2vec embedding folder (potion-base-8M, see
    /// `scripts/fetch-potion.sh`) whose word-piece vectors become features.
    #[arg(long)]
    pub embeddings: Option<PathBuf>,
    /// Write the held-out predictions (PTC TSV with techniques) to this file.
    #[arg(long)]
    pub predictions: Option<PathBuf>,
    /// Cross-validate only the technique classifier, on the gold spans
    /// (fast, for tuning it).
    #[arg(long, conflicts_with = "predictions")]
    pub tc_only: bool,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `slant eval si|tc`.
#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    /// Gold labels: a TSV file, or a split folder holding `labels.tsv`.
    #[arg(long)]
    pub gold: PathBuf,
    /// Predictions: TSV (3 or 4 columns), JSON or JSONL as `analyze` writes.
    #[arg(long)]
    pub pred: PathBuf,
    /// Article folder to check prediction offsets against (implied when
    /// `--gold` is a split folder).
    #[arg(long)]
    pub articles: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}
