//! `slant analyze`: every reading of every input, written in one format.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use rayon::prelude::*;
use slant_analyzer::{Analyzer, Reading};
use slant_corpus::{ArticleMeta, ArticleRecord};
use slant_report::Format;
use slant_text::{Document, DocumentLimits};

use crate::args::{AnalyzeArgs, OutputFormat};
use crate::inputs::{self, Input};

/// Articles analysed in parallel before their output is written, in order.
const CHUNK: usize = 256;

pub fn run(args: &AnalyzeArgs) -> Result<ExitCode> {
    if let Some(t) = args.threshold
        && (!(0.0..=1.0).contains(&t) || t.is_nan())
    {
        bail!("--threshold must be between 0 and 1, got {t}");
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
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.unwrap_or(0)).build()?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(BufWriter::new(File::create(p).with_context(|| format!("creating {}", p.display()))?)),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let mut renderer = slant_report::renderer(match args.format {
        OutputFormat::Json => Format::Json,
        OutputFormat::Jsonl => Format::Jsonl,
        OutputFormat::Tsv => Format::Tsv,
        OutputFormat::Si => Format::Si,
        OutputFormat::Html => Format::Html,
    });
    renderer.begin(&mut out, &analyzer.model_info())?;
    for chunk in inputs.chunks(CHUNK) {
        let results: Vec<_> = pool.install(|| chunk.par_iter().map(|input| analyze_one(&analyzer, input)).collect());
        for result in results {
            match result {
                Ok((doc, record)) => renderer.article(&mut out, &doc, &record)?,
                Err(e) => {
                    failures += 1;
                    eprintln!("slant: error: {e:#}");
                }
            }
        }
    }
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
