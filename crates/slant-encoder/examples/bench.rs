//! Inference throughput and peak memory of one encoder backend.
//!
//! usage: cargo run --release --example bench -- [--backend fast|candle]
//!        [--precision f32|bf16|bf16x3] [--batch 8] [--len 256] [--seconds 10]
//!        [--model DIR] [--layers N] [--bf16-attention on|off]
//!
//! Prints wall-clock tokens/s and, because the machine may be shared,
//! tokens per CPU-second of this process (median call) times the thread
//! count: what idle cores would give at perfect scaling (idle-spinning
//! rayon workers count as busy, so this errs low). Run one backend per
//! process: peak RSS is the process's high-water mark.

// Timing calls into libc (clock_gettime) and the kernels need unsafe.
#![allow(unsafe_code)]

use std::time::Instant;

use slant_encoder::fast::Precision;
use slant_encoder::{Encoder, ModelDir};

struct Args {
    backend: String,
    batch: usize,
    len: usize,
    seconds: f64,
    model: String,
    precision: String,
    /// Encoder layers to load and run (0: all).
    layers: usize,
    bf16_attention: bool,
}

fn parse() -> Result<Args, String> {
    let mut a = Args {
        backend: "fast".into(),
        batch: 8,
        len: 256,
        seconds: 10.0,
        precision: "bf16x3".into(),
        layers: 0,
        bf16_attention: false,
        model: slant_encoder::locate::minilm_dir().map(|d| d.path().display().to_string()).unwrap_or_default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let val = it.next().ok_or(format!("{flag} needs a value"))?;
        let num = |v: &str| v.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--backend" => a.backend = val,
            "--batch" => a.batch = num(&val)?,
            "--len" => a.len = num(&val)?,
            "--seconds" => a.seconds = val.parse().map_err(|e| format!("{flag}: {e}"))?,
            "--model" => a.model = val,
            "--precision" => a.precision = val,
            "--layers" => a.layers = num(&val)?,
            "--bf16-attention" => a.bf16_attention = val == "on",
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(a)
}

/// Process CPU seconds (all threads), nanosecond resolution.
fn cpu_seconds() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &raw mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// Peak resident set size in MiB (`VmHWM`).
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse()?;
    let dir = ModelDir::new(&args.model)?;
    let model: Box<dyn Encoder> = match args.backend.as_str() {
        "fast" => {
            let precision = match args.precision.as_str() {
                "f32" => Precision::F32,
                "bf16" => Precision::Bf16,
                "bf16x3" => Precision::Bf16x3,
                other => return Err(format!("unknown precision {other}").into()),
            };
            let depth = if args.layers == 0 { usize::MAX } else { args.layers };
            let model = dir.fast_model_upto(precision, depth)?.with_bf16_attention(args.bf16_attention);
            eprintln!("fast path, linear layers in {:?}, bf16 attention: {}", model.precision(), model.bf16_attention());
            Box::new(model)
        }
        "candle" => Box::new(dir.candle_model(&candle_core::Device::Cpu)?),
        other => return Err(format!("unknown backend {other}").into()),
    };
    let seqs: Vec<Vec<u32>> = (0..args.batch)
        .map(|b| {
            let mut s: Vec<u32> = (0..args.len).map(|i| 1000 + ((i * 7919 + b * 104_729) % 29_000) as u32).collect();
            s[0] = 101;
            s[args.len - 1] = 102;
            s
        })
        .collect();
    let refs: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
    model.encode(&refs)?; // warm-up
    let (t0, c0) = (Instant::now(), cpu_seconds());
    let mut calls = 0usize;
    let mut best = f64::INFINITY;
    let mut cpu_per_call = Vec::new();
    while t0.elapsed().as_secs_f64() < args.seconds || calls < 3 {
        let (t, c) = (Instant::now(), cpu_seconds());
        std::hint::black_box(model.encode(&refs)?);
        best = best.min(t.elapsed().as_secs_f64());
        cpu_per_call.push(cpu_seconds() - c);
        calls += 1;
    }
    let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
    cpu_per_call.sort_by(f64::total_cmp);
    let median_cpu = cpu_per_call[cpu_per_call.len() / 2];
    let per_call = (args.batch * args.len) as f64;
    let threads = rayon::current_num_threads() as f64;
    println!(
        "backend={} batch={} len={} threads={threads} calls={calls}: wall {:.0} tok/s (best call {:.0}); \
         per CPU-second {:.0} tok/s (median call {:.0}) => x{threads} cores {:.0} tok/s; cpu {:.1}s / wall {:.1}s; peak RSS {:.0} MiB",
        if args.backend == "fast" { format!("fast/{}", args.precision) } else { args.backend.clone() },
        args.batch,
        args.len,
        calls as f64 * per_call / wall,
        per_call / best,
        calls as f64 * per_call / cpu,
        per_call / median_cpu,
        per_call / median_cpu * threads,
        cpu,
        wall,
        peak_rss_mib()
    );
    Ok(())
}
