//! Arguments of `slant lab`: tools for developing slant, hidden from
//! `slant --help`.

use std::path::PathBuf;

use clap::Subcommand;

/// `slant lab` subcommands.
#[derive(Debug, Subcommand)]
pub enum LabCommand {
    /// Decode saved held-out probabilities (`train --neural --held-out`)
    /// and score SI, to try decoding settings without retraining.
    Decode(DecodeArgs),
    /// Load a running `slant serve` with a mix of valid and bad requests.
    Loadtest(LoadtestArgs),
}

/// Arguments of `slant lab decode`.
#[derive(Debug, clap::Args)]
pub struct DecodeArgs {
    /// The held-out probabilities `slant train --neural --held-out` wrote.
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
