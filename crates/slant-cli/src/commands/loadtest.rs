//! `slant loadtest`: loads a running server from this second process. Exit
//! code 1 when any answer was not the one its request must get (a 503 for a
//! full server is reported, not counted).

use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use slant_server::loadgen::{self, LoadConfig};

use crate::args::LoadtestArgs;

/// The article valid requests carry unless `--text` names another.
const EXAMPLE: &str = include_str!("../../../../examples/harbour-tax.txt");

pub fn run(args: &LoadtestArgs) -> Result<ExitCode> {
    if !(args.max_seconds.is_finite() && args.max_seconds > 0.0) {
        bail!("--max-seconds must be a positive number, got {}", args.max_seconds);
    }
    let text = match &args.text {
        Some(path) => std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?,
        None => EXAMPLE.to_owned(),
    };
    let config = LoadConfig {
        url: args.url.clone(),
        requests: args.requests,
        concurrency: args.concurrency.max(1),
        max_duration: Duration::from_secs_f64(args.max_seconds),
        text,
        oversize_bytes: args.oversize_bytes,
        server_pid: args.server_pid,
    };
    let report = loadgen::run(&config)?;
    print!("{report}");
    Ok(if report.errors() == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
