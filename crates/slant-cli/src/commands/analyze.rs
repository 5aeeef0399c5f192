//! `slant analyze`: every reading of every input, written in one format.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use slant_analyzer::{Analyzer, Reading};
use slant_corpus::{ArticleMeta, ArticleRecord};
use slant_report::{ColourMode, Format, TextLayout, TextOptions};
use slant_text::{Document, DocumentLimits};

use crate::args::{AnalyzeArgs, ColorChoice, OutputFormat};
use crate::inputs::{self, Input};

/// Articles analysed in parallel before their output is written, in order.
const CHUNK: usize = 256;

/// The text view is no wider than this unless `--width` says so: longer
/// lines are hard to read.
const MAX_AUTO_WIDTH: usize = 100;

pub fn run(args: &AnalyzeArgs) -> Result<ExitCode> {
    if let Some(t) = args.threshold
        && (!(0.0..=1.0).contains(&t) || t.is_nan())
    {
        bail!("--threshold must be between 0 and 1, got {t}; try 0.5 (lower finds more spans)");
    }
    let readings = Reading::parse_list(&args.readings).map_err(|e| anyhow!("--readings: {e}"))?;
    let analyzer = Analyzer::builder()
        .model_name(&args.model)?
        .threshold(args.threshold)
        .readings(&readings)
        .published(args.published)
        .build();
    let (inputs, list_errors) = inputs::expand(&args.inputs);
    let mut failures = list_errors.len();
    for e in &list_errors {
        eprintln!("slant: error: {e:#}");
    }
    if inputs.is_empty() && failures > 0 {
        return Ok(ExitCode::from(2));
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.unwrap_or(0)).build()?;
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(BufWriter::new(File::create(p).map_err(|e| {
            anyhow!("{}: cannot create the output file ({e}); check that its folder exists and is writable", p.display())
        })?)),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let format = args.format.unwrap_or(if to_terminal { OutputFormat::Text } else { OutputFormat::Json });
    let mut renderer = slant_report::renderer(match format {
        OutputFormat::Text => Format::Text(text_options(args, to_terminal, inputs.len())),
        OutputFormat::Json => Format::Json,
        OutputFormat::Jsonl => Format::Jsonl,
        OutputFormat::Tsv => Format::Tsv,
        OutputFormat::Si => Format::Si,
        OutputFormat::Html => Format::Html,
    });
    let progress = Progress::new(inputs.len());
    renderer.begin(&mut out, &analyzer.model_info())?;
    for chunk in inputs.chunks(CHUNK) {
        let results: Vec<_> = pool.install(|| {
            chunk
                .par_iter()
                .map(|input| {
                    let result = analyze_one(&analyzer, input);
                    progress.tick();
                    result
                })
                .collect()
        });
        progress.suspend(|| -> Result<()> {
            for result in results {
                match result {
                    Ok((doc, record)) => renderer.article(&mut out, &doc, &record)?,
                    Err(e) => {
                        failures += 1;
                        eprintln!("slant: error: {e:#}");
                    }
                }
            }
            out.flush()?;
            Ok(())
        })?;
    }
    progress.finish();
    renderer.finish(&mut out)?;
    out.flush()?;
    if failures > 0 {
        eprintln!("slant: {failures} input(s) could not be analysed; the others were written");
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

fn analyze_one(analyzer: &Analyzer, input: &Input) -> Result<(Document, ArticleRecord)> {
    let doc = input.read(DocumentLimits::default())?;
    let record = analyzer.analyze(&doc, &ArticleMeta::default());
    Ok((doc, record))
}

/// Width, colour and layout of the text view.
fn text_options(args: &AnalyzeArgs, to_terminal: bool, inputs: usize) -> TextOptions {
    let width = match args.width {
        Some(w) => usize::from(w),
        None if to_terminal => terminal_size::terminal_size()
            .map_or(80, |(w, _)| usize::from(w.0))
            .min(MAX_AUTO_WIDTH),
        None => std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(80),
    };
    let colour_on = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").ok().is_none_or(|t| t != "dumb")
        }
    };
    let colour = match std::env::var("COLORTERM") {
        _ if !colour_on => ColourMode::Off,
        Ok(c) if c == "truecolor" || c == "24bit" => ColourMode::Rgb,
        _ => ColourMode::Palette256,
    };
    let layout = if inputs > 1 { TextLayout::Summary } else { TextLayout::Article };
    TextOptions { width, colour, layout }
}

/// A progress bar on stderr, drawn only when stderr is a terminal and the
/// run has taken a second.
struct Progress {
    bar: ProgressBar,
    start: Instant,
    drawable: bool,
    shown: AtomicBool,
}

impl Progress {
    fn new(total: usize) -> Self {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} articles · {elapsed} (about {eta} left)") {
            bar.set_style(style.progress_chars("█▌ "));
        }
        let drawable = total > 1 && std::io::stderr().is_terminal();
        Self { bar, start: Instant::now(), drawable, shown: AtomicBool::new(false) }
    }

    /// One more article done.
    fn tick(&self) {
        self.bar.inc(1);
        if self.drawable
            && self.start.elapsed() >= Duration::from_secs(1)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Runs `f` (which writes to the terminal) with the bar out of the way.
    fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
