use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Result, anyhow};
use rayon::prelude::*;
use slant_analyzer::{Analyzer, Reading};
use slant_corpus::{ArticleMeta, Split};
use slant_model::DetectOptions;
use slant_text::Document;

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
    let readings = Reading::parse_list(&args.readings).map_err(|e| anyhow!("--readings: {e}"))?;
    let detector = slant_analyzer::models::load(&args.model)?;
    let split = Split::open_with_labels(&args.data, None)?;
    let docs = &split.documents;
    let tokens: usize = docs.iter().map(|d| slant_model::tokenize::tokenize(d).tokens.len()).sum();
    let mut out = std::io::stdout().lock();
    let info = detector.info();
    writeln!(out, "model: {} ({}): {}", info.name, info.kind, info.description)?;
    writeln!(out, "data: {} articles, {} tokens, {} passes", docs.len(), tokens, args.passes)?;
    let rss_before = peak_rss();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let bench = Bench { docs, tokens, passes: args.passes };

    // The technique reading alone, as every model's figures are quoted.
    writeln!(out, "techniques (the model alone):")?;
    let options = DetectOptions::default();
    for threads in thread_counts(cores) {
        let (run, spans) = bench.measure(threads, |d| detector.detect(d, &options).len())?;
        writeln!(out, "  {}", run.line(threads, &format!("{spans} spans")))?;
    }

    // The chosen readings through the pipeline `analyze` runs, side by side.
    if readings != [Reading::Techniques] {
        let names: Vec<&str> = readings.iter().map(|r| r.name()).collect();
        writeln!(out, "readings {} (as `slant analyze --readings {}`):", names.join(","), names.join(","))?;
        let analyzer = Analyzer::builder().detector(std::sync::Arc::clone(&detector)).readings(&readings).build();
        let meta = ArticleMeta::default();
        for threads in thread_counts(cores) {
            let (run, spans) = bench.measure(threads, |d| analyzer.analyze(d, &meta).spans.len())?;
            writeln!(out, "  {}", run.line(threads, &format!("{spans} spans")))?;
        }
        // What each reading costs on its own (the techniques with the
        // record they fill; the others without technique spans to place,
        // which the voices reading does in a pass over them).
        writeln!(out, "each reading alone, one thread:")?;
        for &reading in &readings {
            let alone = Analyzer::builder().detector(std::sync::Arc::clone(&detector)).readings(&[reading]).build();
            let (run, _) = bench.measure(1, |d| usize::from(alone.analyze(d, &meta).title.is_some()))?;
            writeln!(out, "  {:<10} {}", reading.name(), run.cost())?;
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

/// One thread, then every core (once when there is one core).
fn thread_counts(cores: usize) -> Vec<usize> {
    if cores > 1 { vec![1, cores] } else { vec![1] }
}

/// The articles and how often to go over them.
struct Bench<'a> {
    docs: &'a [Document],
    tokens: usize,
    passes: usize,
}

/// What one measurement took.
struct Run {
    articles: f64,
    tokens: f64,
    wall: f64,
    cpu: Option<f64>,
}

impl Bench<'_> {
    /// Runs `work` over every article `passes` times on `threads` threads;
    /// returns the timing and the sum of what `work` returned, per pass.
    fn measure(&self, threads: usize, work: impl Fn(&Document) -> usize + Sync) -> Result<(Run, usize)> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
        let cpu = cpu_seconds();
        let start = Instant::now();
        let mut total = 0;
        for _ in 0..self.passes {
            total += pool.install(|| self.docs.par_iter().map(&work).sum::<usize>());
        }
        let wall = start.elapsed().as_secs_f64();
        let run = Run {
            articles: (self.docs.len() * self.passes) as f64,
            tokens: (self.tokens * self.passes) as f64,
            wall,
            cpu: cpu.zip(cpu_seconds()).map(|(a, b)| b - a),
        };
        Ok((run, total / self.passes.max(1)))
    }
}

impl Run {
    /// "1 thread(s): 308 articles/s, …; 307 articles per CPU-second".
    fn line(&self, threads: usize, what: &str) -> String {
        let line = format!(
            "{threads} thread(s): {:.0} articles/s, {:.0} tokens/s, {:.0} articles/s per core ({what})",
            self.articles / self.wall,
            self.tokens / self.wall,
            self.articles / self.wall / threads as f64,
        );
        // CPU time is what the work cost, whatever else the machine ran.
        match self.cpu.filter(|c| *c > 0.0) {
            Some(cpu) => format!("{line}; {:.0} articles per CPU-second", self.articles / cpu),
            None => line,
        }
    }

    /// "0.52 ms per article (1,923 articles/s)".
    fn cost(&self) -> String {
        format!(
            "{:.3} ms per article ({:.0} articles/s)",
            self.wall * 1000.0 / self.articles,
            self.articles / self.wall
        )
    }
}
