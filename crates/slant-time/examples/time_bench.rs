//! Throughput of the time stage (expressions and timeline) on one thread:
//! `cargo run --release -p slant-time --example time_bench -- DIR [PASSES]`.

// TimeML, TimeBank and TempEval are names, not code.
#![allow(clippy::doc_markdown)]

use std::process::ExitCode;
use std::time::Instant;

use slant_text::Document;
use slant_time::{Date, Published, PublishedFrom, find_timexes, timeline};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: bench DIR [PASSES]");
        return ExitCode::from(2);
    };
    let passes: usize = args.get(1).and_then(|p| p.parse().ok()).unwrap_or(5);
    let mut docs = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {dir}: {e}");
            return ExitCode::from(2);
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if let Ok(bytes) = std::fs::read(&path)
            && let Ok(doc) = Document::from_bytes(path.display().to_string(), &bytes)
        {
            docs.push(doc);
        }
    }
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    let published = Published {
        date: Date::new(2018, 6, 1),
        from: PublishedFrom::Flag,
    };
    let (mut timexes, mut entries) = (0usize, 0usize);
    let start = Instant::now();
    for _ in 0..passes {
        for doc in &docs {
            let t = find_timexes(doc, published.date);
            entries += timeline(doc, &t, &[], &published).len();
            timexes += t.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = (docs.len() * passes) as f64;
    let alone = Instant::now();
    for _ in 0..passes {
        for doc in &docs {
            timexes += find_timexes(doc, published.date).len();
        }
    }
    println!(
        "expressions alone: {:.0} articles/s",
        n / alone.elapsed().as_secs_f64()
    );
    timexes /= 2;
    println!(
        "{} articles x {passes} passes, {:.1} MB: {:.0} articles/s, {:.1} MB/s, {:.1} timexes and {:.1} timeline entries per article",
        docs.len(),
        bytes as f64 / 1e6,
        n / secs,
        (bytes * passes) as f64 / 1e6 / secs,
        timexes as f64 / n,
        entries as f64 / n
    );
    ExitCode::SUCCESS
}
