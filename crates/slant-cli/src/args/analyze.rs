//! Arguments of the commands that read articles: analyze, classify,
//! bench, serve, and the listings.

use std::path::PathBuf;

use clap::ValueEnum;

/// Output formats of `analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One JSON document (schema in the README).
    Json,
    /// One JSON article record per line.
    Jsonl,
    /// PTC technique TSV: id, technique, start, end.
    Tsv,
    /// PTC span TSV: id, start, end.
    Si,
    /// One self-contained HTML report with the spans highlighted.
    Html,
}

/// Arguments of `slant analyze`.
#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// Article files or folders of them (`article<ID>.txt` or `*.txt`); `-`
    /// or nothing reads one article from stdin.
    pub inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Json)]
    pub format: OutputFormat,
    /// Minimum confidence of a reported span (0 to 1); lower finds more.
    #[arg(long)]
    pub threshold: Option<f32>,
    /// Model: `default` (embedded), `baseline`, `neural`, `mpnet`,
    /// `mpnet-fast` (installed by scripts/fetch-minilm.sh and
    /// scripts/fetch-mpnet.sh; `slant models` lists them), or a model file.
    #[arg(long, default_value = "default")]
    pub model: String,
    /// Write to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Readings to give, comma-separated: `techniques`, `voices`, `actors`,
    /// `time`, or `all`.
    #[arg(long, default_value = "all")]
    pub readings: String,
    /// Publication date of the articles (`YYYY-MM-DD`), which relative
    /// dates ("on Saturday", "last year") are resolved against; without it,
    /// a dateline in the text is used when there is one.
    #[arg(long, value_parser = parse_date)]
    pub published: Option<slant_time::Date>,
}

fn parse_date(text: &str) -> Result<slant_time::Date, String> {
    text.parse().map_err(|e| format!("{e} (expected YYYY-MM-DD)"))
}

/// Arguments of `slant classify`.
#[derive(Debug, clap::Args)]
pub struct ClassifyArgs {
    /// Template: `article_id <TAB> ? <TAB> start <TAB> end` per instance (a
    /// span listed k times gets the model's top k techniques).
    #[arg(long)]
    pub template: PathBuf,
    /// Folder of the template's articles.
    #[arg(long)]
    pub articles: PathBuf,
    /// Model: `default` (embedded), `baseline`, `neural`, `mpnet`,
    /// `mpnet-fast` (installed by scripts/fetch-minilm.sh and
    /// scripts/fetch-mpnet.sh; `slant models` lists them), or a model file.
    #[arg(long, default_value = "default")]
    pub model: String,
    /// Write to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Arguments of `slant bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Folder of articles to analyse (e.g. the PTC training articles).
    #[arg(long)]
    pub data: PathBuf,
    /// Model: `default` (embedded), `baseline`, `neural`, `mpnet`,
    /// `mpnet-fast` (installed by scripts/fetch-minilm.sh and
    /// scripts/fetch-mpnet.sh; `slant models` lists them), or a model file.
    #[arg(long, default_value = "default")]
    pub model: String,
    /// Passes over the articles per measurement.
    #[arg(long, default_value_t = 3)]
    pub passes: usize,
}

/// Arguments of `slant serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8000")]
    pub addr: std::net::SocketAddr,
    /// Model: `default` (embedded), `baseline`, `neural`, `mpnet`,
    /// `mpnet-fast` (installed by scripts/fetch-minilm.sh and
    /// scripts/fetch-mpnet.sh; `slant models` lists them), or a model file.
    #[arg(long, default_value = "default")]
    pub model: String,
    /// Largest accepted request body, in bytes (larger ones get 413).
    #[arg(long, default_value_t = 1024 * 1024)]
    pub max_body: usize,
    /// Time limit of one analysis request, in seconds.
    #[arg(long, default_value_t = 10.0)]
    pub timeout: f64,
    /// Analyses run at once (default: the number of cores).
    #[arg(long)]
    pub max_concurrent: Option<usize>,
    /// Requests that may wait for a free worker; more get 503.
    #[arg(long, default_value_t = 32)]
    pub max_queued: usize,
    /// A corpus database (`slant corpus add`) whose dashboard to serve at
    /// `/corpus`.
    #[arg(long)]
    pub db: Option<PathBuf>,
}

/// Arguments of `slant techniques`.
#[derive(Debug, clap::Args)]
pub struct TechniquesArgs {
    /// Print JSON (with label mappings) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `slant models`.
#[derive(Debug, clap::Args)]
pub struct ModelsArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}
