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

/// CPU time used by this process so far (all threads, user and system), in
/// seconds (Linux; clock ticks of 1/100 s), if known.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at ") ".
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

pub fn run(args: &BenchArgs) -> Result<ExitCode> {
    let detector = slant_analyzer::models::load(&args.model)?;
    let split = Split::open_with_labels(&args.data, None)?;
    let docs = &split.documents;
    let tokens: usize = docs.iter().map(|d| slant_model::tokenize::tokenize(d).tokens.len()).sum();
    let options = DetectOptions::default();
    let mut out = std::io::stdout().lock();
    let info = detector.info();
    writeln!(out, "model: {} ({}): {}", info.name, info.kind, info.description)?;
    writeln!(out, "data: {} articles, {} tokens, {} passes", docs.len(), tokens, args.passes)?;
    let rss_before = peak_rss();
    let measure = |threads: usize| -> Result<(f64, Option<f64>, usize)> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
        let cpu = cpu_seconds();
        let start = Instant::now();
        let mut spans = 0;
        for _ in 0..args.passes {
            spans += pool.install(|| docs.par_iter().map(|d| detector.detect(d, &options).len()).sum::<usize>());
        }
        let wall = start.elapsed().as_secs_f64();
        Ok((wall, cpu.zip(cpu_seconds()).map(|(a, b)| b - a), spans))
    };
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    for threads in [1, cores] {
        let (secs, cpu, spans) = measure(threads)?;
        let n = (docs.len() * args.passes) as f64;
        write!(
            out,
            "{threads} thread(s): {:.0} articles/s, {:.0} tokens/s, {:.0} articles/s per core ({} spans)",
            n / secs,
            (tokens * args.passes) as f64 / secs,
            n / secs / threads as f64,
            spans / args.passes
        )?;
        match cpu {
            // CPU time is what the work cost, whatever else the machine ran.
            Some(cpu) if cpu > 0.0 => writeln!(out, "; {:.0} articles per CPU-second", n / cpu)?,
            _ => writeln!(out)?,
        }
        if threads == cores {
            break;
        }
    }
    if let (Some(before), Some(after)) = (rss_before, peak_rss()) {
        writeln!(
            out,
            "peak RSS: {:.1} MiB (after loading the articles: {:.1} MiB)",
            after as f64 / 1_048_576.0,
            before as f64 / 1_048_576.0
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
