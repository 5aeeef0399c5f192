//! `slant serve`: the web page and the JSON API.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use slant_server::{AppState, ServerConfig};
use tracing_subscriber::EnvFilter;

use crate::args::ServeArgs;

pub fn run(args: &ServeArgs) -> Result<ExitCode> {
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        bail!("--timeout must be a positive number of seconds, got {}", args.timeout);
    }
    if args.max_body == 0 || args.max_concurrent == Some(0) {
        bail!("--max-body and --max-concurrent must be at least 1");
    }
    // Request logs go to stderr; RUST_LOG overrides the level.
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let colour = std::io::stderr().is_terminal();
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(colour).with_writer(std::io::stderr).try_init();
    let analyzer = slant_analyzer::Analyzer::builder().model_name(&args.model)?.build();
    let defaults = ServerConfig::default();
    let config = ServerConfig {
        max_body_bytes: args.max_body,
        request_timeout: Duration::from_secs_f64(args.timeout),
        max_concurrent: args.max_concurrent.unwrap_or(defaults.max_concurrent),
        max_queued: args.max_queued,
    };
    let mut state = AppState::new(std::sync::Arc::new(analyzer), config);
    if let Some(db) = &args.db {
        slant_store::Store::open_read_only(db)?;
        state = state.with_corpus_db(db.clone());
    }
    slant_server::run(args.addr, state, |addr| {
        eprintln!("slant: serving on http://{addr}/ (Ctrl-C to stop)");
        if args.db.is_some() {
            eprintln!("slant: the corpus dashboard is at http://{addr}/corpus");
        }
    })
    .with_context(|| format!("serving on {}", args.addr))?;
    Ok(ExitCode::SUCCESS)
}
