//! End-to-end tests of `slant corpus`: a run killed with SIGKILL at several
//! moments and restarted ends with the same database as an uninterrupted
//! one; bad JSONL records are reported by line; reports, the dashboard and
//! exports; the `PolNeAR` corpus with its metadata table (when `SLANT_POLNEAR_DIR` is set).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn slant() -> Command {
    Command::new(env!("CARGO_BIN_EXE_slant"))
}

fn run(args: &[&str]) -> Output {
    slant().args(args).output().expect("slant runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const SENTENCES: &[&str] = &[
    "The corrupt regime lied again about the deal.",
    "“This is a disgrace and a betrayal of our nation,” said Senator Maria Lopez on Tuesday.",
    "Officials said the plan would cost $4 billion over ten years.",
    "According to a report by the Harbour Institute, the toll will strangle small businesses.",
    "Critics called Mayor Tom Reed a reckless ringleader of a shameful scheme.",
    "Experts say the evidence is thin.",
    "In 2015, the council voted against a similar measure.",
    "John Carter, the finance minister, told reporters the budget was balanced.",
    "Many believe this is the worst crisis in decades, and they are right.",
    "The radical group has threatened our freedom and our flag.",
    "Reed, who denies wrongdoing, said last week that the critics were “liars and cowards”.",
];

/// `n` articles as JSONL, three outlets, dated over a year.
fn corpus(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("corpus.jsonl");
    let mut lines = Vec::new();
    for i in 0..n {
        let mut text = format!("Headline {i}: the toll\n\n");
        for k in 0..(8 + i % 7) {
            text.push_str(SENTENCES[(i * 5 + k * 3) % SENTENCES.len()]);
            text.push(if k % 3 == 2 { '\n' } else { ' ' });
        }
        lines.push(
            serde_json::json!({"id": format!("n{i:05}"), "text": text, "outlet": (["Gazette", "Herald", "Tribune"][i % 3]),
                "published": format!("2016-{:02}-{:02}", i % 12 + 1, i % 27 + 1)})
            .to_string(),
        );
    }
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn dump(db: &Path) -> String {
    let o = run(&["corpus", "dump", db.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

/// Articles stored (0 while the database is not yet created or migrated).
fn count(db: &Path) -> usize {
    let o = run(&["corpus", "dump", db.to_str().unwrap()]);
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| serde_json::from_str::<serde_json::Value>(l).is_ok_and(|v| v["table"] == "articles"))
        .count()
}

/// `SplitMix64`, for kill moments that are random but can be replayed.
struct Moments(u64);

impl Moments {
    /// A fraction in [0, 1).
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) as f64 / u64::MAX as f64
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// `SLANT_CORPUS_KILL_ARTICLES` sets the corpus size (400; the check
/// is a few thousand: run it with 3000 on a release build) and
/// `SLANT_CORPUS_KILL_SEED` replays the kill moments of a failed run.
#[test]
fn a_run_killed_at_any_moment_and_restarted_ends_with_the_same_database() {
    let dir = tempfile::tempdir().unwrap();
    let n = env_number("SLANT_CORPUS_KILL_ARTICLES").map_or(400, |n| usize::try_from(n).unwrap());
    let seed = env_number("SLANT_CORPUS_KILL_SEED")
        .unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64);
    eprintln!("{n} articles; kill moments of seed {seed} (SLANT_CORPUS_KILL_SEED replays them)");
    let input = corpus(dir.path(), n);
    let input = input.to_str().unwrap();
    let whole = dir.path().join("whole.db");
    let start = Instant::now();
    let o = run(&["corpus", "add", whole.to_str().unwrap(), input, "--batch", "16", "--threads", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let uninterrupted = start.elapsed();
    let expected = dump(&whole);
    assert_eq!(count(&whole), n);
    // Kill the run at random moments, from its start-up (opening and
    // migrating the database) to a third of an uninterrupted run's length,
    // restarting each time, until one finishes by itself. This machine may
    // run faster now than it did for the uninterrupted run: when a run
    // finishes after fewer than three kills, start again from nothing with
    // moments half as far.
    let killed = dir.path().join("killed.db");
    let mut moments = Moments(seed);
    let (mut kills, mut partial) = (0, Vec::new());
    for round in 0..5 {
        for suffix in ["", "-wal", "-shm"] {
            std::fs::remove_file(format!("{}{suffix}", killed.display())).ok();
        }
        (kills, partial) = (0, Vec::new());
        let reach = 0.35 / f64::from(1u32 << round);
        for _ in 0..300 {
            let mut child = slant()
                .args(["corpus", "add", killed.to_str().unwrap(), input, "--batch", "16", "--threads", "2"])
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let wait = uninterrupted.mul_f64(reach * moments.next()).max(Duration::from_millis(5));
            let deadline = Instant::now() + wait;
            let mut finished = None;
            while Instant::now() < deadline {
                if let Some(status) = child.try_wait().unwrap() {
                    finished = Some(status);
                    break;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            if let Some(status) = finished {
                assert!(status.success());
                break;
            }
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            kills += 1;
            if killed.exists() {
                partial.push(count(&killed));
            }
        }
        if kills >= 3 {
            break;
        }
    }
    eprintln!("killed {kills} times; articles stored after each kill: {partial:?}");
    assert!(kills >= 3, "the run was killed only {kills} times (seed {seed})");
    assert!(partial.iter().any(|&c| c > 0 && c < n), "no kill fell mid-way: {partial:?} (seed {seed})");
    assert_eq!(count(&killed), n, "the restarted run did not finish (seed {seed})");
    let got = dump(&killed);
    assert!(got == expected, "the dumps differ after {kills} kills (seed {seed}; stored counts after each: {partial:?})");
}

#[test]
fn bad_jsonl_records_are_reported_with_their_line_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonl");
    let good = |id: &str| serde_json::json!({"id": id, "text": format!("{} is a reckless ringleader.", id)}).to_string();
    let mut bytes = Vec::new();
    for line in [
        good("one"),
        "{\"id\": \"x\", \"text\": ".to_owned(),
        serde_json::json!({"id": "nt"}).to_string(),
        serde_json::json!({"id": "one", "text": "other content"}).to_string(),
        serde_json::json!({"id": "big", "text": "ab ".repeat(7_000_000)}).to_string(),
        serde_json::json!({"id": "d", "text": "dated text", "published": "yesterday"}).to_string(),
    ] {
        bytes.extend(line.as_bytes());
        bytes.push(b'\n');
    }
    bytes.extend(b"\x7fELF\x02\x01\x01\x00\x00\xff\xff\n");
    bytes.extend(good("two").as_bytes());
    bytes.push(b'\n');
    std::fs::write(&path, bytes).unwrap();
    let db = dir.path().join("c.db");
    let o = run(&["corpus", "add", db.to_str().unwrap(), path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let name = path.display().to_string();
    for (line, words) in [(2, "broken JSON"), (3, "no `text`"), (4, "duplicate id"), (5, "limit"), (6, "unparseable date"), (7, "not UTF-8")] {
        assert!(err.lines().any(|l| l.contains(&format!("{name}:{line}:")) && l.contains(words)), "line {line} ({words}):\n{err}");
    }
    assert!(err.contains("2 articles stored"), "{err}");
    assert_eq!(count(&db), 2);
}

#[test]
fn report_dashboard_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 24);
    let db = dir.path().join("c.db");
    let dbs = db.to_str().unwrap();
    assert!(run(&["corpus", "add", dbs, input.to_str().unwrap()]).status.success());
    let o = run(&["corpus", "report", dbs]);
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && table.contains("Gazette") && table.contains("per 1k words"), "{table}");
    for by in ["outlet", "month", "technique", "source-kind", "actor"] {
        for format in ["table", "csv", "json"] {
            let o = run(&["corpus", "report", dbs, "--by", by, "--format", format]);
            assert!(o.status.success(), "{by} {format}: {}", stderr(&o));
        }
    }
    let o = run(&["corpus", "report", dbs, "--by", "month", "--format", "json", "--outlet", "Herald", "--technique", "Loaded_Language", "--since", "2016-02"]);
    let rep: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rep["filters"]["outlets"][0], "Herald");
    assert!(rep["rows"].as_array().unwrap().iter().all(|r| r["group"].as_str().unwrap() >= "2016-02"));
    let o = run(&["corpus", "report", dbs, "--technique", "nonsense"]);
    assert_eq!(o.status.code(), Some(2));
    let html = dir.path().join("dash.html");
    assert!(run(&["corpus", "report", dbs, "--format", "html", "-o", html.to_str().unwrap()]).status.success());
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<svg") && page.contains("Content-Security-Policy") && !page.contains("<script"));
    let out = dir.path().join("export");
    for format in ["parquet", "jsonl", "csv"] {
        let o = run(&["corpus", "export", dbs, "--format", format, "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        let spans = std::fs::read(out.join(format!("spans.{format}"))).unwrap();
        assert!(!spans.is_empty());
        if format == "parquet" {
            assert_eq!(&spans[..4], b"PAR1");
        }
    }
    assert_eq!(run(&["corpus", "report", dir.path().join("missing.db").to_str().unwrap()]).status.code(), Some(2));
}

#[test]
fn polnear_with_its_metadata_table() {
    let Some(dir) = std::env::var_os("SLANT_POLNEAR_DIR").map(PathBuf::from).filter(|d| d.join("metadata.tsv").is_file()) else {
        eprintln!("skipped: set SLANT_POLNEAR_DIR to the PolNeAR folder (../shared/data/polnear) to run this test");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("polnear.db");
    let o = run(&[
        "corpus", "add", db.to_str().unwrap(), dir.join("dev/text").to_str().unwrap(),
        "--metadata", dir.join("metadata.tsv").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["corpus", "report", db.to_str().unwrap(), "--format", "json"]);
    let rep: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rep["rows"].as_array().unwrap().len(), 7, "seven outlets");
    assert_eq!(rep["total"]["articles"], 84);
    let o = run(&["corpus", "report", db.to_str().unwrap(), "--by", "month", "--format", "json"]);
    let rep: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(rep["rows"].as_array().unwrap().iter().all(|r| r["group"].as_str().unwrap().starts_with("201")));
}
