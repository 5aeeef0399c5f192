//! Command-line arguments, as parsed by clap; validated in the commands.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

mod analyze;
pub mod corpus;
mod eval;
mod lab;
mod train;

pub use analyze::{
    AnalyzeArgs, BenchArgs, ClassifyArgs, ColorChoice, ModelsArgs, OutputFormat, ServeArgs, TechniquesArgs,
};
pub use corpus::CorpusCommand;
pub use eval::{CvArgs, EvalCommand, ReadingScoreArgs, ScoreArgs};
pub use lab::{DecodeArgs, LabCommand, LoadtestArgs};
pub use train::{TrainArgs, DEFAULT_SEED};

/// slant: find, with evidence, how news articles try to persuade.
#[derive(Debug, Parser)]
#[command(name = "slant", version, about, long_about = None, after_help = "Examples:
  # The bundled example, highlighted in the terminal
  slant analyze examples/harbour-tax.txt
  # A self-contained HTML report
  slant analyze --format html -o report.html examples/harbour-tax.txt
  # The 14 techniques
  slant techniques")]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles (files, folders, or stdin): technique spans, actors and
    /// the timeline.
    Analyze(AnalyzeArgs),
    /// Score predictions against gold labels, or cross-validate a recipe.
    #[command(subcommand, after_help = "Examples:
  # PTC set as in the README
  slant eval si --gold $PTC/dev --pred si.tsv
  slant eval tc --gold $PTC/dev --pred tc.tsv
  slant eval cv --data $PTC/train")]
    Eval(EvalCommand),
    /// List the 14 techniques with definitions and examples.
    Techniques(TechniquesArgs),
    /// List the models `--model` takes and whether each is installed.
    Models(ModelsArgs),
    /// Train a model on a labelled PTC split and write it to a file.
    Train(TrainArgs),
    /// Classify given spans (the `SemEval` TC task): template in, TC TSV out.
    Classify(ClassifyArgs),
    /// Measure analysis throughput and peak memory.
    Bench(BenchArgs),
    /// Serve the web page and the JSON API (by default on 127.0.0.1:8000).
    Serve(ServeArgs),
    /// Analyse a corpus into a database and compare it by outlet, month,
    /// technique, source kind and actor.
    #[command(subcommand, after_help = "Examples:
  # The bundled example into a database (created when missing), then compared
  slant corpus add news.db examples
  slant corpus report news.db --by technique")]
    Corpus(CorpusCommand),
    /// Print the completion script for a shell.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one per subcommand.
    Man(ManArgs),
    /// Tools for developing slant's models and server (not for users).
    #[command(subcommand, hide = true)]
    Lab(LabCommand),
}

/// Arguments of `slant completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  # bash: this shell (the same line in ~/.bashrc for every new one)
  source <(slant completions bash)
  # zsh: a file in a folder on $fpath (here ~/.zfunc)
  mkdir -p ~/.zfunc && slant completions zsh > ~/.zfunc/_slant")]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `slant man`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  # The page of slant, read with `man -l slant.1`
  slant man > slant.1
  # One page per subcommand (slant-analyze.1, …)
  slant man --out-dir man/")]
pub struct ManArgs {
    /// Write `slant.1` and one page per subcommand into this folder instead
    /// of printing `slant.1`.
    #[arg(long)]
    pub out_dir: Option<PathBuf>,
}
