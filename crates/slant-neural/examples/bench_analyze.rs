//! Speed and memory of the neural analyze path on a folder of articles:
//! `NeuralModel::detect` on every article, articles in parallel as
//! `slant analyze` runs them, then the encoder alone on the same windows.
//!
//! usage: `cargo run --release -p slant-neural --example bench_analyze --
//!        DATA_DIR [--precision bf16x3|bf16|f32] [--heads FILE] [--passes N]
//!        [--dump-windows FILE]`
//!
//! Prints word pieces per second (the article's own pieces, what a reader
//! of the figure expects) and encoder tokens per second (every window
//! position, `[CLS]`/`[SEP]` and the overlap of windows included, the
//! figure to compare with other runtimes), both per wall-clock second and
//! per CPU-second of this process times the thread count (what idle cores
//! would give; the machine may be shared), and the peak RSS.
//! `--dump-windows` writes the encoder's input windows as JSON for
//! `scripts/bench-pytorch.py`.

// Timing calls into libc (clock_gettime) need unsafe.
#![allow(unsafe_code)]

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;
use slant_model::{DetectOptions, Detector};
use slant_neural::fast::Precision;
use slant_neural::window::plan;
use slant_neural::{Encoder, MiniLm, NeuralModel};

fn cpu_seconds() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &raw mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn report(what: &str, units: &str, count: usize, wall: f64, cpu: f64) {
    let threads = rayon::current_num_threads() as f64;
    println!(
        "{what}: {:.0} {units}/s wall; {:.0} {units} per CPU-second x {threads} threads = {:.0} {units}/s \
         (wall {wall:.1} s, CPU {cpu:.1} s, load average {})",
        count as f64 / wall,
        count as f64 / cpu,
        count as f64 / cpu * threads,
        std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split(' ').take(3).collect::<Vec<_>>().join(" ")
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().ok_or("usage: bench_analyze DATA_DIR [options]")?);
    let (mut precision, mut heads, mut passes, mut dump) = (Precision::Bf16x3, None, 1usize, None);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--precision" => {
                precision = match value.as_str() {
                    "f32" => Precision::F32,
                    "bf16" => Precision::Bf16,
                    "bf16x3" => Precision::Bf16x3,
                    other => return Err(format!("unknown precision {other}").into()),
                }
            }
            "--heads" => heads = Some(PathBuf::from(value)),
            "--passes" => passes = value.parse()?,
            "--dump-windows" => dump = Some(PathBuf::from(value)),
            other => return Err(format!("unknown flag {other}").into()),
        }
    }
    let split = slant_corpus::Split::open_with_labels(&data, None)?;
    let docs = &split.documents;
    let model = match &heads {
        Some(path) => NeuralModel::from_heads_file(path, precision)?,
        None => NeuralModel::shipped("neural", precision)?,
    };
    let encoder: &MiniLm = model.encoder();
    println!("model: {} ({:?} kernels), {} articles, {} threads", model.info().name, encoder.precision(), docs.len(), rayon::current_num_threads());
    // What the encoder sees: each article's windows with [CLS] and [SEP].
    let mut pieces = 0;
    let mut windows: Vec<Vec<u32>> = Vec::new();
    for d in docs {
        let p = encoder.tokenizer().tokenize(d.text())?;
        pieces += p.len();
        for w in plan(p.len(), encoder.windows()) {
            windows.push(encoder.tokenizer().wrap(&p.ids[w]));
        }
    }
    let tokens: usize = windows.iter().map(Vec::len).sum();
    println!("{pieces} word pieces; {} windows, {tokens} encoder tokens", windows.len());
    if let Some(path) = &dump {
        std::fs::write(path, serde_json::to_string(&serde_json::json!({ "batch": encoder.windows().batch, "windows": windows }))?)?;
        println!("windows written to {}", path.display());
    }
    let options = DetectOptions::default();
    model.detect(&docs[0], &options); // warm-up
    let (t, c) = (Instant::now(), cpu_seconds());
    let mut spans = 0;
    for _ in 0..passes {
        spans += docs.par_iter().map(|d| model.detect(d, &options).len()).sum::<usize>();
    }
    let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu_seconds() - c);
    println!("analyze: {} spans per pass", spans / passes);
    report("analyze (detect, all heads)", "word pieces", pieces * passes, wall, cpu);
    report("analyze (detect, all heads)", "encoder tokens", tokens * passes, wall, cpu);
    // The encoder alone on the same windows, in the same batches.
    let batch = encoder.windows().batch;
    let fast = encoder.model();
    let (t, c) = (Instant::now(), cpu_seconds());
    for _ in 0..passes {
        for group in windows.chunks(batch) {
            let refs: Vec<&[u32]> = group.iter().map(Vec::as_slice).collect();
            std::hint::black_box(fast.encode(&refs)?);
        }
    }
    let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu_seconds() - c);
    report(&format!("encoder only, batches of {batch} windows"), "encoder tokens", tokens * passes, wall, cpu);
    println!("peak RSS: {:.0} MiB", peak_rss_mib());
    Ok(())
}
