use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use slant_corpus::ArticleRecord;
use slant_model::{DetectOptions, Detector};
use slant_report::Format;
use slant_text::{Document, DocumentLimits};

use crate::args::{AnalyzeArgs, OutputFormat};
use crate::inputs::{self, Input};

/// Articles analysed in parallel before their output is written, in order.
const CHUNK: usize = 256;

pub fn run(args: &AnalyzeArgs) -> Result<ExitCode> {
    if let Some(t) = args.threshold
        && (!(0.0..=1.0).contains(&t) || t.is_nan()) {
            bail!("--threshold must be between 0 and 1, got {t}");
        }
    let detector = super::model::load(&args.model)?;
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
    let options = DetectOptions { threshold: args.threshold };
    renderer.begin(&mut out, &detector.info())?;
    for chunk in inputs.chunks(CHUNK) {
        let results: Vec<_> =
            pool.install(|| chunk.par_iter().map(|input| analyze_one(detector.as_ref(), input, options)).collect());
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

fn analyze_one(detector: &dyn Detector, input: &Input, options: DetectOptions) -> Result<(Document, ArticleRecord)> {
    let doc = input.read(DocumentLimits::default())?;
    let spans = detector.detect(&doc, &options);
    let record = ArticleRecord::new(&doc, inputs::title_of(&doc), spans);
    Ok((doc, record))
}
