//! One module per subcommand.

use std::process::ExitCode;

use anyhow::Result;

use crate::args::{Args, Command, EvalCommand};

mod analyze;
mod bench;
mod classify;
mod cv;
mod eval;
mod model;
mod techniques;
mod train;

/// Runs the parsed command.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Analyze(a) => analyze::run(&a),
        Command::Eval(EvalCommand::Si(a)) => eval::si(&a),
        Command::Eval(EvalCommand::Tc(a)) => eval::tc(&a),
        Command::Eval(EvalCommand::Cv(a)) => cv::run(&a),
        Command::Techniques(a) => techniques::run(&a),
        Command::Train(a) => train::run(&a),
        Command::Classify(a) => classify::run(&a),
        Command::Bench(a) => bench::run(&a),
    }
}
