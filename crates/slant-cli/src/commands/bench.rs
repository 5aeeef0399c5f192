use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use rayon::prelude::*;
use slant_corpus::Split;
use slant_model::DetectOptions;

use crate::args::BenchArgs;

/// Peak resident memory of this process in bytes (Linux), if known.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

pub fn run(args: &BenchArgs) -> Result<ExitCode> {
    let detector = super::model::load(&args.model)?;
    let split = Split::open_with_labels(&args.data, None)?;
    let docs = &split.documents;
    let tokens: usize = docs.iter().map(|d| slant_model::tokenize::tokenize(d).tokens.len()).sum();
    let options = DetectOptions::default();
    let mut out = std::io::stdout().lock();
    writeln!(out, "model: {} ({})", detector.info().name, detector.info().kind)?;
    writeln!(out, "data: {} articles, {} tokens, {} passes", docs.len(), tokens, args.passes)?;
    let rss_before = peak_rss();
    let measure = |threads: usize| -> Result<(f64, usize)> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
        let start = Instant::now();
        let mut spans = 0;
        for _ in 0..args.passes {
            spans += pool.install(|| docs.par_iter().map(|d| detector.detect(d, &options).len()).sum::<usize>());
        }
        Ok((start.elapsed().as_secs_f64(), spans))
    };
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    for threads in [1, cores] {
        let (secs, spans) = measure(threads)?;
        let n = (docs.len() * args.passes) as f64;
        writeln!(
            out,
            "{threads} thread(s): {:.0} articles/s, {:.0} tokens/s, {:.0} articles/s per core ({} spans)",
            n / secs,
            (tokens * args.passes) as f64 / secs,
            n / secs / threads as f64,
            spans / args.passes
        )?;
        if threads == cores {
            break;
        }
    }
    if let (Some(before), Some(after)) = (rss_before, peak_rss()) {
        writeln!(
            out,
            "peak RSS: {:.1} MiB (after loading the articles: {:.1} MiB)",
            after as f64 / 1048576.0,
            before as f64 / 1048576.0
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
