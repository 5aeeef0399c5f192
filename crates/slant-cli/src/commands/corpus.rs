//! `slant corpus`: add articles to a database, report, export, dump.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use slant_analyzer::{Analyzer, Reading};
use slant_store::ingest::{IngestOptions, IngestSummary, Observer};
use slant_store::report::{By, Filters, render};
use slant_store::source::{MetadataTable, Problem, Sources};
use slant_store::{Store, dashboard, export};
use slant_text::Technique;

use crate::args::corpus::{
    CorpusAddArgs, CorpusDumpArgs, CorpusExportArgs, CorpusReportArgs, ExportFormat, ReportBy, ReportFormat,
};
use crate::args::CorpusCommand;

#[path = "corpus_bench.rs"]
mod bench;

pub fn run(command: CorpusCommand) -> Result<ExitCode> {
    match command {
        CorpusCommand::Add(a) => add(&a),
        CorpusCommand::Report(a) => report(&a),
        CorpusCommand::Export(a) => export(&a),
        CorpusCommand::Dump(a) => dump(&a),
        CorpusCommand::Bench(a) => bench::run(&a),
    }
}

/// Draws the progress bar and prints problems above it.
struct Progress {
    bar: ProgressBar,
    start: Instant,
}

impl Observer for Progress {
    fn progress(&self, bytes: u64, s: &IngestSummary) {
        self.bar.inc(bytes);
        let done = s.added + s.replaced;
        let secs = self.start.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{} stored ({:.0} articles/s), {} already there, {} skipped",
            done,
            done as f64 / secs,
            s.unchanged,
            s.failed
        ));
    }

    fn problem(&self, problem: &Problem) {
        self.bar.suspend(|| eprintln!("slant: {problem}"));
    }
}

fn add(args: &CorpusAddArgs) -> Result<ExitCode> {
    if args.batch == 0 {
        bail!("--batch must be at least 1");
    }
    let readings = Reading::parse_list(&args.readings).map_err(|e| anyhow!("--readings: {e}"))?;
    let analyzer = Analyzer::builder().model_name(&args.model)?.readings(&readings).build();
    let metadata = args
        .metadata
        .as_deref()
        .map(|p| MetadataTable::read(p).with_context(|| format!("reading the metadata table {}", p.display())))
        .transpose()?;
    let sources = Sources::new(&args.inputs, metadata)?;
    let bar = ProgressBar::with_draw_target(
        Some(sources.total_bytes()),
        if args.quiet || !std::io::stderr().is_terminal() { ProgressDrawTarget::hidden() } else { ProgressDrawTarget::stderr() },
    );
    bar.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{wide_bar}] {percent:>3}% ETA {eta} {msg}")
            .map_err(|e| anyhow!("{e}"))?
            .progress_chars("=> "),
    );
    let observer = Progress { bar, start: Instant::now() };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.unwrap_or(0)).build()?;
    let inputs = args.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" ");
    let summary = pool.install(|| {
        slant_store::ingest::ingest(&args.db, sources, &analyzer, &observer, IngestOptions { batch: args.batch }, &inputs)
    })?;
    observer.bar.finish_and_clear();
    let secs = observer.start.elapsed().as_secs_f64();
    let stored = summary.added + summary.replaced;
    eprintln!(
        "slant: {} articles stored ({} replaced) in {secs:.1} s ({:.1} articles/s), {} already stored, {} skipped with a problem; {}",
        stored,
        summary.replaced,
        stored as f64 / secs.max(1e-3),
        summary.unchanged,
        summary.failed,
        args.db.display()
    );
    Ok(if summary.failed > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

fn output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(BufWriter::new(File::create(p).with_context(|| format!("creating {}", p.display()))?)),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    })
}

fn parse_technique(text: &str) -> Result<Technique> {
    Technique::parse(text)
        .or_else(|| Technique::ALL.into_iter().find(|t| t.code() == text))
        .ok_or_else(|| anyhow!("--technique: unknown technique {text:?} (see `slant techniques`)"))
}

fn report(args: &CorpusReportArgs) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db)?;
    let filters = Filters {
        outlets: args.outlet.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        techniques: args.technique.iter().map(|t| parse_technique(t)).collect::<Result<_>>()?,
        actor: args.actor.clone(),
        limit: args.limit,
        top_labels: args.top_labels,
    };
    let mut out = output(args.output.as_deref())?;
    if args.format == ReportFormat::Html {
        let page = dashboard::render(&store, &filters, dashboard::Links::None)?;
        out.write_all(page.as_bytes())?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let by = match args.by {
        ReportBy::Outlet => By::Outlet,
        ReportBy::Month => By::Month,
        ReportBy::Technique => By::Technique,
        ReportBy::SourceKind => By::SourceKind,
        ReportBy::Actor => By::Actor,
    };
    let rep = slant_store::report::report(&store, by, &filters)?;
    match args.format {
        ReportFormat::Table => render::table(&rep, &mut out)?,
        ReportFormat::Csv => render::csv(&rep, &mut out)?,
        ReportFormat::Json | ReportFormat::Html => render::json(&rep, &mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn export(args: &CorpusExportArgs) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db)?;
    let format = match args.format {
        ExportFormat::Parquet => export::ExportFormat::Parquet,
        ExportFormat::Jsonl => export::ExportFormat::Jsonl,
        ExportFormat::Csv => export::ExportFormat::Csv,
    };
    for path in export::export(&store, format, &args.output)? {
        eprintln!("slant: wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn dump(args: &CorpusDumpArgs) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db)?;
    let mut out = output(args.output.as_deref())?;
    slant_store::dump::dump(&store, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
