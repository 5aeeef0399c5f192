//! End-to-end tests of `slant eval attribution|timex|actors`: each scores
//! its reading against a gold folder and reports a clear error for a wrong
//! one.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_slant")).args(args).output().expect("slant runs")
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("JSON scores")
}

/// The folder in the environment variable `var`, or `None` (with a message) to skip.
fn data(var: &str, sub: &str) -> Option<PathBuf> {
    match std::env::var_os(var) {
        Some(d) if Path::new(&d).join(sub).is_dir() => Some(Path::new(&d).join(sub)),
        _ => {
            eprintln!("skipped: set {var} to run this test");
            None
        }
    }
}

#[test]
fn actors_are_scored_on_the_bundled_held_out_gold() {
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("../slant-actors/gold/heldout");
    let s = json(&run(&["eval", "actors", "--gold", gold.to_str().unwrap(), "--json"]));
    assert_eq!(s["texts"], 12);
    assert!(s["mentions"]["f1"].as_f64().unwrap() > 0.9, "{s}");
    assert!(s["bcubed"]["f1"].as_f64().unwrap() > 0.9, "{s}");
    let table = run(&["eval", "actors", "--gold", gold.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("B-cubed"));
}

#[test]
fn timex_is_scored_on_timebank() {
    let Some(dir) = data("SLANT_TIMEBANK_DIR", "TimeBank") else { return };
    let s = json(&run(&["eval", "timex", "--gold", dir.to_str().unwrap(), "--json"]));
    assert_eq!(s["counts"]["gold"], 1243, "TimeBank 1.2's expressions with a value");
    assert!(s["strict"]["f1"].as_f64().unwrap() > 0.85, "{s}");
    assert!(s["value"]["f1"].as_f64().unwrap() > 0.75, "{s}");
}

#[test]
fn attributions_are_scored_on_polnear_test() {
    let Some(dir) = data("SLANT_POLNEAR_DIR", "test") else { return };
    let s = json(&run(&["eval", "attribution", "--gold", dir.to_str().unwrap(), "--json"]));
    assert_eq!(s["articles"], 84);
    assert!(s["overlap"]["content"]["f1"].as_f64().unwrap() > 0.78, "{s}");
    assert!(s["exact"]["cue"]["f1"].as_f64().unwrap() > 0.6, "{s}");

    // The same scores from analyze's JSONL, as an independent scorer reads it.
    let out = tempfile::tempdir().unwrap();
    let pred = out.path().join("test.jsonl");
    let texts = dir.join("text");
    let o = run(&["analyze", "--readings", "voices", "-f", "jsonl", "-o", pred.to_str().unwrap(), texts.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let from_file = json(&run(&["eval", "attribution", "--gold", dir.to_str().unwrap(), "--pred", pred.to_str().unwrap(), "--json"]));
    assert_eq!(from_file, s);
}

#[test]
fn a_wrong_gold_folder_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    for reading in ["attribution", "timex", "actors"] {
        let o = run(&["eval", reading, "--gold", path]);
        assert_eq!(o.status.code(), Some(2), "{reading}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(path), "{reading}: {err}");
    }
    let o = run(&["eval", "attribution", "--gold", path, "--model", "/nonexistent/voices.bin"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/voices.bin"));
}
