//! Throughput of the actors reading, one thread.
//!
//! `cargo run --release -p slant-actors --example actors_bench -- ARTICLES_DIR [ROUNDS]`

use std::process::ExitCode;
use std::time::Instant;

use slant_actors::{Context, read};
use slant_text::Document;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: bench ARTICLES_DIR [ROUNDS]");
        return ExitCode::from(2);
    };
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("error: cannot read {dir}");
        return ExitCode::from(2);
    };
    let mut docs = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let path = e.path();
        if let Ok(bytes) = std::fs::read(&path)
            && let Ok(doc) = Document::from_bytes(path.display().to_string(), &bytes)
        {
            docs.push(doc);
        }
    }
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    let (mut actors, mut mentions) = (0usize, 0usize);
    let start = Instant::now();
    for _ in 0..rounds {
        for d in &docs {
            let r = read(d, &Context::default());
            actors += r.actors.len();
            mentions += r.actors.iter().map(|a| a.mentions.len()).sum::<usize>();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = (docs.len() * rounds) as f64;
    println!(
        "{} articles x {rounds} rounds, {:.1} MB: {:.0} articles/s, {:.1} MB/s, {:.1} actors and {:.1} mentions per article",
        docs.len(),
        bytes as f64 / 1e6,
        n / secs,
        (bytes * rounds) as f64 / 1e6 / secs,
        actors as f64 / n,
        mentions as f64 / n
    );
    ExitCode::SUCCESS
}
