//! Checks against the real all-MiniLM-L6-v2 (skipped when not downloaded).

use slant_encoder::testing as common;

use candle_core::Device;
use slant_encoder::fast::Precision;
use slant_encoder::pooling::{dot, mean_pool, normalize};
use slant_encoder::{Encoder, ModelDir};

fn reference() -> (Vec<Vec<u32>>, Vec<Vec<f32>>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("minilm_reference.json")).unwrap()).unwrap();
    let h = meta["hidden_size"].as_u64().unwrap() as usize;
    let ids: Vec<Vec<u32>> = serde_json::from_value(meta["ids"].clone()).unwrap();
    let bytes = std::fs::read(dir.join("minilm_reference.bin")).unwrap();
    let floats: Vec<f32> = bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
    let mut states = Vec::new();
    let mut at = 0;
    for s in &ids {
        states.push(floats[at..at + s.len() * h].to_vec());
        at += s.len() * h;
    }
    (ids, states)
}

#[test]
fn candle_and_fast_match_numpy_reference() {
    let Some(dir) = common::model_dir() else { return };
    let dir = ModelDir::new(dir).unwrap();
    let (ids, want) = reference();
    let refs: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
    let candle = dir.candle_model(&Device::Cpu).unwrap().encode(&refs).unwrap();
    let fast = dir.fast_model().unwrap().with_precision(Precision::F32).encode(&refs).unwrap();
    for (i, w) in want.iter().enumerate() {
        let dc = common::max_abs_diff(candle.sequence(i), w);
        let df = common::max_abs_diff(fast.sequence(i), w);
        eprintln!("sequence {i}: candle max |diff| {dc:.2e}, fast {df:.2e}");
        assert!(dc < 1e-4 && df < 1e-4, "sequence {i}: candle {dc}, fast {df}");
    }
}

#[test]
fn tokenizer_matches_reference_ids() {
    let Some(dir) = common::model_dir() else { return };
    let tok = ModelDir::new(dir).unwrap().tokenizer().unwrap();
    let pieces = tok.tokenize("This is a test.").unwrap();
    assert_eq!(tok.wrap(&pieces.ids), reference().0[0]);
}

#[test]
fn sentence_embeddings_are_sane() {
    let Some(dir) = common::model_dir() else { return };
    let dir = ModelDir::new(dir).unwrap();
    let (tok, model) = (dir.tokenizer().unwrap(), dir.fast_model().unwrap());
    let embed = |text: &str| {
        let ids = tok.wrap(&tok.tokenize(text).unwrap().ids);
        let hidden = model.encode(&[&ids]).unwrap();
        let mut v = mean_pool(hidden.sequence(0), hidden.hidden_size());
        normalize(&mut v);
        v
    };
    let test = embed("This is a test.");
    assert_eq!(test.len(), 384);
    assert!((dot(&test, &test) - 1.0).abs() < 1e-5);
    let cat = embed("A cat is sitting on the mat.");
    let kitten = embed("A kitten sits on a rug.");
    let stocks = embed("Stock markets fell sharply after the interest rate decision.");
    let (close, far) = (dot(&cat, &kitten), dot(&cat, &stocks));
    eprintln!("cat~kitten {close:.3}, cat~stocks {far:.3}");
    assert!(close > far + 0.3, "cat~kitten {close}, cat~stocks {far}");
}

#[test]
fn bf16_fast_path_stays_close_to_f32() {
    let Some(dir) = common::model_dir() else { return };
    let dir = ModelDir::new(dir).unwrap();
    let (ids, _) = reference();
    let refs: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
    let f32_model = dir.fast_model().unwrap().with_precision(Precision::F32);
    let want = f32_model.encode(&refs).unwrap();
    let bf16 = f32_model.with_precision(Precision::Bf16);
    let got = bf16.encode(&refs).unwrap();
    let h = want.hidden_size();
    let mut worst_cos = 1.0f32;
    for (g, w) in got.data().chunks(h).zip(want.data().chunks(h)) {
        let cos = dot(g, w) / (dot(g, g).sqrt() * dot(w, w).sqrt());
        worst_cos = worst_cos.min(cos);
    }
    let diff = common::max_abs_diff(got.data(), want.data());
    eprintln!("{:?}: max |diff| {diff:.3e}, worst token cosine {worst_cos:.5}", bf16.precision());
    assert!(worst_cos > 0.995, "worst cosine {worst_cos}");
}

#[test]
fn bf16x3_fast_path_matches_numpy_reference() {
    let Some(dir) = common::model_dir() else { return };
    let dir = ModelDir::new(dir).unwrap();
    let (ids, want) = reference();
    let refs: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
    let model = dir.fast_model().unwrap().with_precision(Precision::Bf16x3);
    let got = model.encode(&refs).unwrap();
    for (i, w) in want.iter().enumerate() {
        let diff = common::max_abs_diff(got.sequence(i), w);
        eprintln!("{:?} sequence {i}: max |diff| {diff:.2e}", model.precision());
        assert!(diff < 1e-4, "sequence {i}: {diff}");
    }
}
