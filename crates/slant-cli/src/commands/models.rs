//! `slant models`: the models `--model` takes, and whether each is
//! installed here.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use crate::args::ModelsArgs;

pub fn run(args: &ModelsArgs) -> Result<ExitCode> {
    let entries = slant_analyzer::models::catalogue();
    let mut out = std::io::stdout().lock();
    if args.json {
        let rows: Vec<_> = entries
            .iter()
            .map(|e| match &e.ready {
                Ok(at) => json!({"name": e.name, "summary": e.summary, "ready": true, "path": at}),
                Err(why) => json!({"name": e.name, "summary": e.summary, "ready": false, "problem": why}),
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    for e in entries {
        writeln!(out, "{:<11} {}", e.name, e.summary)?;
        match e.ready {
            Ok(at) => writeln!(out, "{:<11} ready: {at}", "")?,
            Err(why) => writeln!(out, "{:<11} not installed: {why}", "")?,
        }
    }
    Ok(ExitCode::SUCCESS)
}
