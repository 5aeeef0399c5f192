//! One module per subcommand.

use std::process::ExitCode;

use anyhow::Result;

use crate::args::{Args, Command, EvalCommand, LabCommand};

mod analyze;
mod bench;
mod classify;
mod corpus;
mod eval_cv;
mod eval;
mod lab_decode;
mod loadtest;
mod models;
mod serve;
mod techniques;
mod train;
mod train_neural;

/// Runs the parsed command.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Analyze(a) => analyze::run(&a),
        Command::Eval(EvalCommand::Si(a)) => eval::si(&a),
        Command::Eval(EvalCommand::Tc(a)) => eval::tc(&a),
        Command::Eval(EvalCommand::Cv(a)) => eval_cv::run(&a),
        Command::Techniques(a) => techniques::run(&a),
        Command::Models(a) => models::run(&a),
        Command::Train(a) => train::run(&a),
        Command::Classify(a) => classify::run(&a),
        Command::Bench(a) => bench::run(&a),
        Command::Serve(a) => serve::run(&a),
        Command::Corpus(c) => corpus::run(c),
        Command::Lab(LabCommand::Decode(a)) => lab_decode::run(&a),
        Command::Lab(LabCommand::Loadtest(a)) => loadtest::run(&a),
    }
}

/// The text of a JSON argument: given inline, or `@file` naming a file.
fn json_arg(text: &str) -> Result<String> {
    match text.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("reading {path}: {e}")),
        None => Ok(text.to_owned()),
    }
}

/// The training configuration: defaults, overridden by a JSON object.
fn parse_config(json: Option<&str>) -> Result<slant_model::train::TrainConfig> {
    match json {
        None => Ok(slant_model::train::TrainConfig::default()),
        Some(text) => serde_json::from_str(&json_arg(text)?).map_err(|e| anyhow::anyhow!("--config: {e}")),
    }
}

/// Loads a model2vec embedding folder when one is named.
fn load_embeddings(
    dir: Option<&std::path::Path>,
) -> Result<Option<std::sync::Arc<slant_model::embed::StaticEmbeddings>>> {
    dir.map(|d| {
        let mut table = slant_model::embed::StaticEmbeddings::load_model2vec(d)?;
        table.compute_clusters(256, 8, 7);
        Ok(std::sync::Arc::new(table))
    })
    .transpose()
}
