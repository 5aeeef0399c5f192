//! Throughput of the attributions alone, one thread: every `.txt` article
//! of a folder, read once, then read by the model `--rounds` times.
//!
//! ```sh
//! cargo run --release -p slant-voices --example voices_bench -- ../shared/data/ptc/train/articles [ROUNDS]
//! ```

use std::time::Instant;

use anyhow::{Context, Result};
use slant_text::Document;
use slant_voices::Voices;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().context("a folder of .txt articles")?;
    let rounds: usize = args.get(1).map_or(Ok(3), |r| r.parse())?;
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) == Some("txt") {
            let bytes = std::fs::read(&path)?;
            docs.push(Document::from_bytes(path.display().to_string(), &bytes)?);
        }
    }
    let chars: usize = docs.iter().map(Document::char_len).sum();
    let voices = Voices::embedded()?;
    eprintln!("{} articles, {chars} code points; peak RSS after loading {:?} KiB", docs.len(), peak_rss_kib());
    let mut best = f64::INFINITY;
    let mut found = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        found = docs.iter().map(|d| voices.attributions(d).len()).sum();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{} articles in {best:.3} s (best of {rounds}): {:.0} articles/s, {:.0} code points/s, {found} attributions; peak RSS {:?} KiB",
        docs.len(),
        docs.len() as f64 / best,
        chars as f64 / best,
        peak_rss_kib()
    );
    Ok(())
}
