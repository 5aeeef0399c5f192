//! Arguments of the commands that read articles: analyze, classify,
//! bench, serve, and the listings.

use std::path::PathBuf;

use clap::ValueEnum;

/// Output formats of `analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// For reading in a terminal: the article with its spans highlighted
    /// and tagged, a legend and the numbered evidence (one line per article
    /// when there are several).
    Text,
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

/// When to colour the text view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When writing to a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always (even with `NO_COLOR`).
    Always,
    /// Never.
    Never,
}

/// Arguments of `slant analyze`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  # The bundled example, highlighted in the terminal
  slant analyze examples/harbour-tax.txt
  # JSON from standard input, relative dates resolved against a publication date
  slant analyze --published 2012-03-20 --format jsonl - < examples/harbour-tax.txt
  # A folder (PTC set as in the README): one line per article, then the totals
  slant analyze --format text $PTC/dev")]
pub struct AnalyzeArgs {
    /// Article files or folders of them (`article<ID>.txt` or `*.txt`); `-`
    /// reads one article from stdin, as does nothing when stdin is a pipe.
    pub inputs: Vec<PathBuf>,
    /// Output format [default: `text` when stdout is a terminal, otherwise
    /// `json`, so pipes and scripts keep getting JSON].
    #[arg(long, short, value_enum)]
    pub format: Option<OutputFormat>,
    /// Colour the text view: `auto` colours a terminal unless `NO_COLOR` is
    /// set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, alias = "colour")]
    pub color: ColorChoice,
    /// Columns the text view wraps to [default: the terminal's width, at
    /// most 100; otherwise `COLUMNS` or 80].
    #[arg(long, value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
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
#[command(after_help = "Examples:
  # A technique for each labelled span of the PTC dev split (PTC set as in the README)
  slant classify --template $PTC/dev/labels.tsv --articles $PTC/dev/articles -o tc.tsv
  # Then scored against the gold labels
  slant eval tc --gold $PTC/dev --pred tc.tsv")]
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
#[command(after_help = "Examples:
  # One pass over the bundled example
  slant bench --data examples --passes 1
  # The PTC training articles (PTC set as in the README)
  slant bench --data $PTC/train
  # The technique reading alone
  slant bench --data examples --passes 1 --readings techniques")]
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
    /// Readings to measure beside the technique reading alone,
    /// comma-separated: `techniques`, `voices`, `actors`, `time`, or `all`.
    /// Each reading's own cost is measured too.
    #[arg(long, default_value = "all")]
    pub readings: String,
}

/// Arguments of `slant serve`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  # The web page on http://127.0.0.1:8000 (Ctrl-C stops it)
  slant serve
  # Another port, the baseline model
  slant serve --addr 127.0.0.1:9000 --model baseline")]
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
#[command(after_help = "Examples:
  slant techniques
  # With the label mappings, for scripts
  slant techniques --json > techniques.json")]
pub struct TechniquesArgs {
    /// Print JSON (with label mappings) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `slant models`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  slant models
  slant models --json")]
pub struct ModelsArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}
