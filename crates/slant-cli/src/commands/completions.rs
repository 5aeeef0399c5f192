//! `slant completions SHELL`: the shell's completion script, on stdout.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use crate::args::{Args, CompletionsArgs};

pub fn run(args: &CompletionsArgs) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut Args::command(), "slant", &mut out);
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
