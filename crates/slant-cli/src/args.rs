//! Command-line arguments, as parsed by clap; validated in the commands.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// slant: find, with evidence, how news articles try to persuade.
#[derive(Debug, Parser)]
#[command(name = "slant", version, about, long_about = None)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find propaganda technique spans in articles (files, folders, or stdin).
    Analyze(AnalyzeArgs),
    /// Score predictions against gold labels with the SemEval-2020 scorers.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// List the 14 techniques with definitions and examples.
    Techniques(TechniquesArgs),
    /// Train a model on a labelled PTC split and write it to a file.
    Train(TrainArgs),
    /// Train the neural tier's heads on a pretrained encoder (cross-validated).
    TrainNeural(TrainNeuralArgs),
    /// Adapt the encoder's upper layers to a split's text (masked-language
    /// modelling, labels unused) and write the adapted encoder folder.
    Adapt(AdaptArgs),
    /// Classify given spans (the `SemEval` TC task): template in, TC TSV out.
    Classify(ClassifyArgs),
    /// Measure analysis throughput and peak memory.
    Bench(BenchArgs),
    /// Serve the web page and the JSON API (by default on 127.0.0.1:8000).
    Serve(ServeArgs),
    /// Load a running `slant serve` with a mix of valid and bad requests.
    Loadtest(LoadtestArgs),
}

/// Arguments of `slant adapt`.
#[derive(Debug, clap::Args)]
pub struct AdaptArgs {
    /// PTC split whose `articles/` supply the text (labels are not read).
    #[arg(long)]
    pub data: PathBuf,
    /// Folder to write the adapted encoder to (config, tokenizer and
    /// `model.safetensors`); `train-neural --tune-from` starts the tuned
    /// layers from it.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Settings as JSON, or `@file` (fields not given take the defaults).
    #[arg(long)]
    pub config: Option<String>,
    /// Leave out the articles of this fold (0-based) of `--folds`, so that
    /// fold's cross-validation figure stays honest.
    #[arg(long)]
    pub exclude_fold: Option<usize>,
    /// Folds of that assignment (as `train-neural --cv`).
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Seed of the fold assignment (as `train-neural --fold-seed`).
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub fold_seed: u64,
}

/// Arguments of `slant serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8000")]
    pub addr: std::net::SocketAddr,
    /// Model: `default` (embedded), `baseline`, `neural` (needs
    /// scripts/fetch-minilm.sh), `mpnet` (more accurate, about four times
    /// slower; needs scripts/fetch-mpnet.sh), `mpnet-fast` (the first six
    /// layers of the same encoder, two of them tuned), or a model file.
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
}

/// Arguments of `slant loadtest`.
#[derive(Debug, clap::Args)]
pub struct LoadtestArgs {
    /// The server, `http://host:port`.
    #[arg(long, default_value = "http://127.0.0.1:8000")]
    pub url: String,
    /// Requests to send in all.
    #[arg(long, default_value_t = 1000)]
    pub requests: usize,
    /// Connections sending at once.
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
    /// Stop after this many seconds, whatever is left.
    #[arg(long, default_value_t = 120.0)]
    pub max_seconds: f64,
    /// Article for the valid requests (default: the bundled example).
    #[arg(long)]
    pub text: Option<PathBuf>,
    /// Size of the oversized bodies, in bytes.
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    pub oversize_bytes: usize,
    /// The server's process id, to report its peak memory (from /proc).
    #[arg(long)]
    pub server_pid: Option<u32>,
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
    /// Model: `default`, `baseline`, `neural` (needs scripts/fetch-minilm.sh),
    /// `mpnet` or `mpnet-fast` (need scripts/fetch-mpnet.sh), or a model file.
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
    /// Model: `default`, `baseline`, `neural` (needs scripts/fetch-minilm.sh),
    /// `mpnet` or `mpnet-fast` (need scripts/fetch-mpnet.sh), or a model file.
    #[arg(long, default_value = "default")]
    pub model: String,
    /// Passes over the articles per measurement.
    #[arg(long, default_value_t = 3)]
    pub passes: usize,
}

/// Arguments of `slant train`.
#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// A labelled split folder (`articles/` and `labels.tsv`).
    #[arg(long)]
    pub data: PathBuf,
    /// Where to write the model (a `.json` record of how it was made is
    /// written beside it).
    #[arg(long, short)]
    pub output: PathBuf,
    /// Seed of the training order (and of the folds of `--cv`; `slant eval
    /// cv` and `slant train-neural` use the same default).
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Also cross-validate with this many folds first and record the figures
    /// in the model (0 to skip).
    #[arg(long, default_value_t = 5)]
    pub cv: usize,
    /// Name recorded in the model.
    #[arg(long, default_value = "slant-linear")]
    pub name: String,
    /// Training configuration overrides, as JSON (see `slant eval cv`).
    #[arg(long)]
    pub config: Option<String>,
    /// A model2vec embedding folder (potion-base-8M, see
    /// `scripts/fetch-potion.sh`); its table is stored in the model.
    #[arg(long)]
    pub embeddings: Option<PathBuf>,
    /// Train the neural tier's heads instead (`slant train-neural` with these
    /// options and its defaults for the rest; `--config` is then the heads'
    /// configuration and `--embeddings` the blend's classical model's).
    #[arg(long)]
    pub neural: bool,
    /// With `--neural`: keep the decoding parameters the cross-validation's
    /// search found when they beat the configured ones on folds they were
    /// not searched on (see `slant train-neural --search-decode`).
    #[arg(long, requires = "neural")]
    pub search_decode: bool,
    /// With `--neural`: a learnt blend of the word probabilities when it
    /// beats the fixed one on folds it was not fitted on (see `slant
    /// train-neural --stack`).
    #[arg(long, requires = "neural")]
    pub stack: bool,
    /// With `--neural`: the encoder folder the tuned layers start from (see
    /// `slant train-neural --tune-from`).
    #[arg(long, requires = "neural")]
    pub tune_from: Option<PathBuf>,
    /// With `--neural`: the pretrained encoder (`minilm` or `mpnet`; see
    /// `slant train-neural --encoder`).
    #[arg(long, requires = "neural")]
    pub encoder: Option<slant_neural::EncoderName>,
}

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
    /// Model: `default` (embedded), `baseline`, `neural` (needs
    /// scripts/fetch-minilm.sh), `mpnet` (more accurate, about four times
    /// slower; needs scripts/fetch-mpnet.sh), `mpnet-fast` (the first six
    /// layers of the same encoder, two of them tuned), or a model file.
    #[arg(long, default_value = "default")]
    pub model: String,
    /// Write to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// `slant eval` subcommands.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Span identification: partial-overlap precision, recall and F1.
    Si(ScoreArgs),
    /// Technique classification on given spans: micro-F1 and per technique.
    Tc(ScoreArgs),
    /// k-fold cross-validation of the training recipe on a labelled split.
    Cv(CvArgs),
    /// Decode saved held-out probabilities (`train-neural --held-out`) and
    /// score SI, to try decoding settings without retraining.
    Decode(DecodeArgs),
}

/// Arguments of `slant eval decode`.
#[derive(Debug, clap::Args)]
pub struct DecodeArgs {
    /// The held-out probabilities `slant train-neural --held-out` wrote.
    #[arg(long)]
    pub held_out: PathBuf,
    /// The labelled split they were cross-validated on.
    #[arg(long)]
    pub data: PathBuf,
    /// Decoding settings as JSON, or `@file`: fields of the committed
    /// recipe's decoding to override.
    #[arg(long)]
    pub decode: Option<String>,
    /// Re-blend the word and sentence probabilities with this weight of
    /// the neural side (0: classical alone, 1: neural alone) instead of the
    /// saved blend.
    #[arg(long)]
    pub blend: Option<f32>,
    /// Write the predicted spans (PTC TSV, no technique) to this file.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Write each article's words to this file, one JSON line per article
    /// (id; each word's code-point start and end, sentence, and whether a
    /// gold span covers it), for analysis beside the probabilities.
    #[arg(long)]
    pub words: Option<PathBuf>,
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

/// Arguments of `slant techniques`.
#[derive(Debug, clap::Args)]
pub struct TechniquesArgs {
    /// Print JSON (with label mappings) instead of text.
    #[arg(long)]
    pub json: bool,
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

impl From<PrecisionArg> for slant_neural::fast::Precision {
    fn from(p: PrecisionArg) -> Self {
        match p {
            PrecisionArg::F32 => Self::F32,
            PrecisionArg::Bf16x3 => Self::Bf16x3,
            PrecisionArg::Bf16 => Self::Bf16,
            PrecisionArg::Bf16Emulated => Self::Bf16Emulated,
        }
    }
}

/// Default seed of training orders and fold assignments, for every command.
pub const DEFAULT_SEED: u64 = 1;
/// Default folder of the cached encoder outputs.
pub const NEURAL_CACHE_DIR: &str = ".cache/neural";
/// Default encoder arithmetic when training: f32, so the heads train on
/// the same encoder outputs on every machine (inference runs in bf16 where
/// the CPU has it; see `SLANT_PRECISION`).
pub const NEURAL_PRECISION: PrecisionArg = PrecisionArg::F32;
/// Environment variable naming the neural model's arithmetic at inference
/// (`f32`, `bf16`, `bf16x3`, `bf16-emulated`; default `bf16`).
pub const PRECISION_ENV: &str = "SLANT_PRECISION";

/// Arguments of `slant train-neural`.
#[derive(Debug, clap::Args)]
#[allow(clippy::struct_excessive_bools)] // independent command-line switches
pub struct TrainNeuralArgs {
    /// Labelled PTC split (`articles/` plus `labels.tsv`).
    #[arg(long)]
    pub data: PathBuf,
    /// Where to write the heads (a `.json` record of how they were made is
    /// written beside it).
    #[arg(short, long, default_value = "models/neural.safetensors")]
    pub output: PathBuf,
    /// Folds of cross-validation by article before training (0 to skip).
    #[arg(long, default_value_t = 5)]
    pub cv: usize,
    /// Seed of the fold assignment (the classical model's `eval cv` uses 1).
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub fold_seed: u64,
    /// Only cross-validate; write nothing.
    #[arg(long)]
    pub cv_only: bool,
    /// Decode with the parameters the cross-validation's search found when
    /// its nested estimate (each fold decoded with the parameters searched
    /// on the others) beats the configured decoding.
    #[arg(long)]
    pub search_decode: bool,
    /// Blend the word probabilities with the logistic regression the
    /// cross-validation fitted on its held-out probabilities (decoded with
    /// the parameters searched for it) when its nested estimate beats the
    /// decoding kept otherwise.
    #[arg(long)]
    pub stack: bool,
    /// Also cross-validate the classical model on the same folds and score
    /// a grid of blends (implied when the configuration blends).
    #[arg(long)]
    pub tune_blend: bool,
    /// Seed of initialisation, shuffling and dropout.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Heads configuration as JSON, or `@file` (fields not given take the
    /// library defaults); without it, the committed heads' recipe (or,
    /// with `--encoder mpnet`, the `mpnet` model's).
    #[arg(long)]
    pub config: Option<String>,
    /// The pretrained encoder the heads read: `minilm` (all-MiniLM-L6-v2,
    /// `scripts/fetch-minilm.sh`) or `mpnet` (all-mpnet-base-v2, about
    /// seven times the work; `scripts/fetch-mpnet.sh`). Overrides the
    /// configuration's `"encoder"`.
    #[arg(long)]
    pub encoder: Option<slant_neural::EncoderName>,
    /// Folder for the cached encoder outputs.
    #[arg(long, default_value = NEURAL_CACHE_DIR)]
    pub cache_dir: PathBuf,
    /// Encoder arithmetic.
    #[arg(long, value_enum, default_value_t = NEURAL_PRECISION)]
    pub precision: PrecisionArg,
    /// model2vec folder of static embeddings for the classical model of the
    /// blend (the default model uses potion-base-8M; see
    /// `scripts/fetch-potion.sh`).
    #[arg(long)]
    pub embeddings: Option<PathBuf>,
    /// Encoder folder whose upper layers the tuned layers start from (e.g.
    /// one written by `slant adapt`); the frozen encoder stays the located
    /// one, so the model runs on it unchanged.
    #[arg(long)]
    pub tune_from: Option<PathBuf>,
    /// Write the cross-validation's held-out probabilities to this file, one
    /// JSON object per article (its id and fold; word and sentence
    /// probabilities blended as configured, and of each model apart), for
    /// decoding experiments (`slant eval decode`) that need no retraining.
    #[arg(long)]
    pub held_out: Option<PathBuf>,
}
