//! `slant corpus bench`: end-to-end throughput and peak memory of `corpus
//! add` at several corpus sizes, against `analyze` on the same articles.
//!
//! The corpus is built from the PTC training split, never committed: each
//! article takes the title and paragraph count of a PTC article and that
//! many paragraphs dealt from a deck of all the split's paragraphs,
//! shuffled with a fixed seed (reshuffled when it runs out), with a made-up
//! outlet (one of seven) and date. Both commands run as child processes of
//! this one; peak memory is the child's `VmHWM`, sampled every 20 ms.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::args::corpus::CorpusBenchArgs;

/// `SplitMix64`: a fixed, dependency-free generator for the shuffle.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[derive(Debug, Serialize)]
struct Measure {
    command: String,
    articles: usize,
    seconds: f64,
    articles_per_second: f64,
    peak_rss_mib: f64,
    db_mib_per_1000: Option<f64>,
}

pub fn run(args: &CorpusBenchArgs) -> Result<ExitCode> {
    let data = match &args.data {
        Some(d) => d.clone(),
        None => match std::env::var_os("SLANT_PTC_DIR") {
            Some(d) => PathBuf::from(d).join("train"),
            None => bail!("give --data (the PTC training split) or set SLANT_PTC_DIR"),
        },
    };
    let tmp;
    let work = if let Some(w) = &args.work {
        std::fs::create_dir_all(w)?;
        w.clone()
    } else {
        tmp = tempdir()?;
        tmp.0.clone()
    };
    let max = args.sizes.iter().copied().max().unwrap_or(0).max(args.analyze_articles);
    let corpus = build_corpus(&data, max, args.seed)?;
    let exe = std::env::current_exe()?;
    let mut results = Vec::new();
    // analyze on the first articles, as .txt files in a folder.
    let txt = work.join("analyze-articles");
    if txt.exists() {
        std::fs::remove_dir_all(&txt)?;
    }
    std::fs::create_dir_all(&txt)?;
    for (i, (_, text)) in corpus.iter().take(args.analyze_articles).enumerate() {
        std::fs::write(txt.join(format!("b{i:06}.txt")), text)?;
    }
    let n = args.analyze_articles.min(corpus.len());
    let out = work.join("analyze.jsonl");
    let cmd = [exe.as_os_str().to_owned(), "analyze".into(), txt.clone().into(), "--format".into(), "jsonl".into(),
        "-o".into(), out.clone().into(), "--model".into(), args.model.clone().into()];
    results.push(measure(&cmd, n, None)?);
    std::fs::remove_file(&out).ok();
    let mut sizes = args.sizes.clone();
    sizes.sort_unstable();
    for size in sizes {
        let jsonl = work.join(format!("corpus-{size}.jsonl"));
        let mut w = BufWriter::new(File::create(&jsonl)?);
        for (i, (meta, text)) in corpus.iter().take(size).enumerate() {
            let mut obj = meta.clone();
            obj.insert("id".into(), format!("b{i:06}").into());
            obj.insert("text".into(), text.clone().into());
            serde_json::to_writer(&mut w, &obj)?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
        let db = work.join(format!("corpus-{size}.db"));
        for suffix in ["", "-wal", "-shm"] {
            std::fs::remove_file(format!("{}{suffix}", db.display())).ok();
        }
        let cmd = [exe.as_os_str().to_owned(), "corpus".into(), "add".into(), db.clone().into(), jsonl.clone().into(),
            "--quiet".into(), "--model".into(), args.model.clone().into()];
        results.push(measure(&cmd, size, Some(&db))?);
        std::fs::remove_file(&jsonl).ok();
    }
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| c.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned()))
        .unwrap_or_else(|| "unknown".into());
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({"cpu": cpu, "cores": cores, "seed": args.seed, "results": results}))?);
    } else {
        println!("CPU: {cpu} ({cores} threads); seed {}", args.seed);
        println!("{:<40} {:>9} {:>9} {:>11} {:>10} {:>14}", "command", "articles", "seconds", "articles/s", "peak MiB", "DB MiB/1000");
        for m in &results {
            println!(
                "{:<40} {:>9} {:>9.1} {:>11.1} {:>10.1} {:>14}",
                m.command,
                m.articles,
                m.seconds,
                m.articles_per_second,
                m.peak_rss_mib,
                m.db_mib_per_1000.map_or("–".into(), |v| format!("{v:.2}"))
            );
        }
        if let (Some(a), Some(c)) = (results.first(), results.iter().find(|m| m.articles == args.analyze_articles && m.db_mib_per_1000.is_some())) {
            println!("corpus add / analyze throughput on the same {} articles: {:.0} %", a.articles, c.articles_per_second / a.articles_per_second * 100.0);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `(metadata, text)` of `n` articles from the paragraphs of a PTC split.
fn build_corpus(data: &Path, n: usize, seed: u64) -> Result<Vec<(serde_json::Map<String, serde_json::Value>, String)>> {
    let dir = if data.join("articles").is_dir() { data.join("articles") } else { data.to_owned() };
    let files = slant_corpus::split::list_article_files(&dir)?;
    let mut templates = Vec::new();
    let mut deck: Vec<String> = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).with_context(|| f.display().to_string())?;
        let mut parts = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
        let title = parts.next().unwrap_or_default().to_owned();
        let paragraphs: Vec<String> = parts.map(str::to_owned).collect();
        templates.push((title, paragraphs.len().max(1)));
        deck.extend(paragraphs);
    }
    if templates.is_empty() || deck.is_empty() {
        bail!("{}: no articles", dir.display());
    }
    let mut rng = Rng(seed);
    rng.shuffle(&mut deck);
    let mut next = 0;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (title, count) = &templates[i % templates.len()];
        let mut text = title.clone();
        for _ in 0..*count {
            if next == deck.len() {
                rng.shuffle(&mut deck);
                next = 0;
            }
            text.push_str("\n\n");
            text.push_str(&deck[next]);
            next += 1;
        }
        text.push('\n');
        let mut meta = serde_json::Map::new();
        meta.insert("outlet".into(), format!("outlet-{}", i % 7).into());
        meta.insert("published".into(), format!("2016-{:02}-{:02}", (i / 7) % 12 + 1, i % 28 + 1).into());
        out.push((meta, text));
    }
    Ok(out)
}

/// Runs a child, timing it and sampling its peak resident memory.
fn measure(cmd: &[std::ffi::OsString], articles: usize, db: Option<&Path>) -> Result<Measure> {
    let label = if db.is_some() { format!("corpus add ({articles})") } else { format!("analyze --format jsonl ({articles})") };
    eprintln!("slant: bench: {label}…");
    let start = Instant::now();
    let mut child = Command::new(&cmd[0]).args(&cmd[1..]).stdout(Stdio::null()).spawn()?;
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0u64;
    let status = loop {
        if let Ok(s) = std::fs::read_to_string(&status_path) {
            let hwm = s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok());
            peak_kib = peak_kib.max(hwm.unwrap_or(0));
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let seconds = start.elapsed().as_secs_f64();
    if !status.success() {
        bail!("{label} failed: {status}");
    }
    let db_mib_per_1000 = db.map(|p| {
        let size: u64 = ["", "-wal"].iter().map(|s| std::fs::metadata(format!("{}{s}", p.display())).map_or(0, |m| m.len())).sum();
        size as f64 / (1024.0 * 1024.0) / articles as f64 * 1000.0
    });
    Ok(Measure {
        command: label,
        articles,
        seconds,
        articles_per_second: articles as f64 / seconds,
        peak_rss_mib: peak_kib as f64 / 1024.0,
        db_mib_per_1000,
    })
}

/// A temporary folder removed on drop (no tempfile dependency at run time).
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempdir() -> Result<TempDir> {
    let dir = std::env::temp_dir().join(format!("slant-corpus-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(TempDir(dir))
}
