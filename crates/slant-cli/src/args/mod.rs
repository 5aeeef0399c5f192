//! Command-line arguments, as parsed by clap; validated in the commands.

use clap::{Parser, Subcommand};

mod analyze;
pub mod corpus;
mod eval;
mod lab;
mod train;

pub use analyze::{AnalyzeArgs, BenchArgs, ClassifyArgs, ModelsArgs, OutputFormat, ServeArgs, TechniquesArgs};
pub use corpus::CorpusCommand;
pub use eval::{CvArgs, EvalCommand, ScoreArgs};
pub use lab::{DecodeArgs, LabCommand, LoadtestArgs};
pub use train::{TrainArgs, DEFAULT_SEED};

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
    /// Read articles (files, folders, or stdin): technique spans, actors and
    /// the timeline.
    Analyze(AnalyzeArgs),
    /// Score predictions against gold labels, or cross-validate a recipe.
    #[command(subcommand)]
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
    #[command(subcommand)]
    Corpus(CorpusCommand),
    /// Tools for developing slant's models and server (not for users).
    #[command(subcommand, hide = true)]
    Lab(LabCommand),
}
