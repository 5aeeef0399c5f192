//! Arguments of `slant corpus`: add, report, export, dump, bench.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

/// The corpus subcommands.
#[derive(Debug, Subcommand)]
pub enum CorpusCommand {
    /// Analyse articles into a database (created when missing); resumable.
    Add(CorpusAddArgs),
    /// Compare the stored articles by outlet, month, technique, source kind
    /// or actor; `--format html` draws the dashboard.
    Report(CorpusReportArgs),
    /// Write every table as Parquet, JSONL or CSV files.
    Export(CorpusExportArgs),
    /// Write the canonical dump two databases are compared by.
    Dump(CorpusDumpArgs),
    /// Measure `corpus add` against `analyze` on a corpus built from PTC.
    Bench(CorpusBenchArgs),
}

/// Arguments of `slant corpus add`.
#[derive(Debug, clap::Args)]
pub struct CorpusAddArgs {
    /// The database file (created when missing).
    pub db: PathBuf,
    /// Inputs: folders of `.txt` or HTML pages, PTC split folders, `.jsonl`,
    /// `.csv`, `.html` or `.txt` files.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// A metadata table (TSV or CSV with a header row) keyed by file name,
    /// joined to the articles (like the `metadata.tsv` of a research corpus).
    #[arg(long)]
    pub metadata: Option<PathBuf>,
    /// Model (as for `analyze`).
    #[arg(long, default_value = "default")]
    pub model: String,
    /// Readings to give, comma-separated (as for `analyze`).
    #[arg(long, default_value = "all")]
    pub readings: String,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Articles per transaction.
    #[arg(long, default_value_t = 256)]
    pub batch: usize,
    /// No progress bar (it is only drawn on a terminal anyway).
    #[arg(long)]
    pub quiet: bool,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// An aligned table.
    Table,
    /// CSV, every estimate with its interval and counts.
    Csv,
    /// One JSON document.
    Json,
    /// The dashboard: one self-contained HTML page with SVG charts.
    Html,
}

/// Report groupings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportBy {
    /// One row per outlet.
    Outlet,
    /// One row per month.
    Month,
    /// One row per technique.
    Technique,
    /// One row per voice: narration, then each kind of source.
    SourceKind,
    /// One row per actor.
    Actor,
}

/// Arguments of `slant corpus report`.
#[derive(Debug, clap::Args)]
pub struct CorpusReportArgs {
    /// The database file.
    pub db: PathBuf,
    /// What the rows are.
    #[arg(long, value_enum, default_value_t = ReportBy::Outlet)]
    pub by: ReportBy,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Only these outlets (repeat or separate with commas).
    #[arg(long, value_delimiter = ',')]
    pub outlet: Vec<String>,
    /// Only articles published on or after this date (`YYYY-MM` or `YYYY-MM-DD`).
    #[arg(long)]
    pub since: Option<String>,
    /// Only articles published on or before this date (`YYYY-MM` or `YYYY-MM-DD`).
    #[arg(long)]
    pub until: Option<String>,
    /// Only spans of these techniques (labels or codes; repeat or separate
    /// with commas).
    #[arg(long, value_delimiter = ',')]
    pub technique: Vec<String>,
    /// Only articles mentioning this actor (its name as `--by actor` shows it).
    #[arg(long)]
    pub actor: Option<String>,
    /// Rows of `--by actor` (the actors in most articles); 0 for all.
    #[arg(long, default_value_t = 30)]
    pub limit: usize,
    /// Labels listed per row.
    #[arg(long, default_value_t = 5)]
    pub top_labels: usize,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Apache Parquet (Snappy).
    Parquet,
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// Arguments of `slant corpus export`.
#[derive(Debug, clap::Args)]
pub struct CorpusExportArgs {
    /// The database file.
    pub db: PathBuf,
    /// File format.
    #[arg(long, short, value_enum, default_value_t = ExportFormat::Parquet)]
    pub format: ExportFormat,
    /// Folder to write `articles`, `spans`, `attributions`, `actors`,
    /// `labels` and `timexes` into.
    #[arg(long, short)]
    pub output: PathBuf,
}

/// Arguments of `slant corpus dump`.
#[derive(Debug, clap::Args)]
pub struct CorpusDumpArgs {
    /// The database file.
    pub db: PathBuf,
    /// Write to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Arguments of `slant corpus bench`.
#[derive(Debug, clap::Args)]
pub struct CorpusBenchArgs {
    /// The PTC training split (default: `$SLANT_PTC_DIR/train`).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Corpus sizes to measure `corpus add` on, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "10000,100000")]
    pub sizes: Vec<usize>,
    /// Articles `analyze` is measured on (the first ones of the corpus).
    #[arg(long, default_value_t = 10_000)]
    pub analyze_articles: usize,
    /// Seed of the paragraph shuffle.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Working folder for the corpus and databases (default: a temporary one).
    #[arg(long)]
    pub work: Option<PathBuf>,
    /// Model (as for `analyze`).
    #[arg(long, default_value = "default")]
    pub model: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}
