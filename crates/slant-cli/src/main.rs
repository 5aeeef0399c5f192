//! `slant`: shows, with evidence, how news articles try to persuade.

use std::process::ExitCode;

use clap::Parser;

mod args;
mod commands;
mod inputs;

fn main() -> ExitCode {
    let args = args::Args::parse();
    match commands::run(args) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("slant: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// A closed pipe (`slant analyze … | head`) is not a failure.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
