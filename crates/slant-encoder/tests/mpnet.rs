//! MPNet on the fast path: a tiny random one against BERT (the same network
//! when the relative bias is flat), and the real all-mpnet-base-v2 against a
//! float64 numpy reference (skipped when it is not fetched).

use slant_encoder::testing as common;

use std::path::PathBuf;

use slant_encoder::fast::Precision;
use slant_encoder::{BertConfig, Encoder, FastBert, ModelDir};

/// A random tiny BERT with no token-type embedding, and the MPNet that
/// computes the same function when `relative` (`[32, heads]`) is flat: its
/// position table is BERT's shifted down by `pad + 1` rows.
fn twins(relative: &[f32]) -> (FastBert, FastBert) {
    let (bert_tensors, bert_cfg, mp, mpnet_cfg) = common::twin_tensors(relative);
    let bert = FastBert::from_tensors(&bert_tensors, &bert_cfg).unwrap().with_precision(Precision::F32);
    (bert, FastBert::from_tensors(&mp, &mpnet_cfg).unwrap().with_precision(Precision::F32))
}

fn sequences() -> Vec<Vec<u32>> {
    vec![vec![2, 17, 5, 88, 3], (0..62).map(|i| (i * 37 % 100) as u32).collect(), vec![7]]
}

#[test]
fn flat_relative_bias_makes_mpnet_bert_with_shifted_positions() {
    let seqs = sequences();
    let refs: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
    for flat in [0.0, 1.7] {
        let (bert, mpnet) = twins(&[flat; 64]);
        let (want, got) = (bert.encode(&refs).unwrap(), mpnet.encode(&refs).unwrap());
        let diff = common::max_abs_diff(got.data(), want.data());
        assert!(diff < 1e-5, "flat bias {flat}: max |diff| {diff}");
    }
}

#[test]
fn relative_bias_changes_every_longer_sequence() {
    let seqs = sequences();
    let refs: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
    let ramp: Vec<f32> = (0..64).map(|i| (i % 32) as f32 * 0.25 - 4.0).collect();
    let (bert, mpnet) = twins(&ramp);
    let (want, got) = (bert.encode(&refs).unwrap(), mpnet.encode(&refs).unwrap());
    for i in 0..2 {
        let diff = common::max_abs_diff(got.sequence(i), want.sequence(i));
        assert!(diff > 1e-2, "sequence {i}: the bias changed nothing ({diff})");
    }
    // One token attends only to itself: no bias can change it.
    assert!(common::max_abs_diff(got.sequence(2), want.sequence(2)) < 1e-5);
}

#[test]
fn bf16_attention_adds_the_relative_bias_too() {
    let ramp: Vec<f32> = (0..64).map(|i| (i % 32) as f32 * 0.25 - 4.0).collect();
    let (bert, mpnet) = twins(&ramp);
    let seqs = sequences();
    let refs: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
    let want = mpnet.encode(&refs).unwrap();
    let (bert, mpnet) = (bert.with_precision(Precision::Bf16), mpnet.with_precision(Precision::Bf16).with_bf16_attention(true));
    if !mpnet.bf16_attention() {
        eprintln!("skipped: no AMX here, so the attention stays f32");
        return;
    }
    let got = mpnet.encode(&refs).unwrap();
    let diff = common::max_abs_diff(got.data(), want.data());
    // Against the same MPNet in f32: close; against BERT (no bias): not.
    assert!(diff < 0.1, "max |diff| {diff}");
    let other = bert.with_bf16_attention(true).encode(&refs).unwrap();
    assert!(common::max_abs_diff(other.sequence(1), want.sequence(1)) > 10.0 * common::max_abs_diff(got.sequence(1), want.sequence(1)));
}

#[test]
fn mpnet_rejects_sequences_past_its_shifted_position_table() {
    let (_, mpnet) = twins(&[0.0; 64]);
    assert_eq!(mpnet.max_len(), 62);
    let long = vec![5u32; 63];
    let err = mpnet.encode(&[&long]).unwrap_err().to_string();
    assert!(err.contains("63") && err.contains("62"), "{err}");
}

/// The real model's folder: `$SLANT_MPNET_DIR`, else the repository's
/// `.cache/mpnet/all-mpnet-base-v2` (scripts/fetch-mpnet.sh), as slant
/// itself finds it.
fn mpnet_dir() -> Option<PathBuf> {
    match slant_encoder::EncoderName::Mpnet.dir() {
        Ok(dir) => Some(dir.path().to_owned()),
        Err(e) => {
            eprintln!("skipping: {e}");
            None
        }
    }
}

struct Reference {
    text: String,
    layers: Vec<usize>,
    ids: Vec<Vec<u32>>,
    rows: Vec<Vec<usize>>,
    /// Per sequence, its chosen rows' layers concatenated.
    states: Vec<Vec<f32>>,
}

fn reference() -> Reference {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("mpnet_reference.json")).unwrap()).unwrap();
    let h = meta["hidden_size"].as_u64().unwrap() as usize;
    let layers: Vec<usize> = serde_json::from_value(meta["layers"].clone()).unwrap();
    let rows: Vec<Vec<usize>> = serde_json::from_value(meta["rows"].clone()).unwrap();
    let bytes = std::fs::read(dir.join("mpnet_reference.bin")).unwrap();
    let floats: Vec<f32> = bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
    let width = h * layers.len();
    let mut states = Vec::new();
    let mut at = 0;
    for r in &rows {
        states.push(floats[at..at + r.len() * width].to_vec());
        at += r.len() * width;
    }
    assert_eq!(at, floats.len(), "fixture size");
    Reference {
        text: meta["text"].as_str().unwrap().to_owned(),
        layers,
        ids: serde_json::from_value(meta["ids"].clone()).unwrap(),
        rows,
        states,
    }
}

fn check_against_reference(precision: Precision, tolerance: f32) {
    let Some(dir) = mpnet_dir() else { return };
    let r = reference();
    let model = ModelDir::new(dir).unwrap().fast_model().unwrap().with_precision(precision).with_outputs(&r.layers).unwrap();
    let refs: Vec<&[u32]> = r.ids.iter().map(Vec::as_slice).collect();
    let got = model.encode(&refs).unwrap();
    let width = got.hidden_size();
    for (i, (rows, want)) in r.rows.iter().zip(&r.states).enumerate() {
        let picked: Vec<f32> = rows.iter().flat_map(|&row| got.sequence(i)[row * width..(row + 1) * width].to_vec()).collect();
        let diff = common::max_abs_diff(&picked, want);
        eprintln!("{:?} sequence {i} ({} pieces): max |diff| {diff:.2e}", model.precision(), r.ids[i].len());
        assert!(diff < tolerance, "sequence {i}: max |diff| {diff}");
    }
}

#[test]
fn real_mpnet_matches_numpy_reference() {
    check_against_reference(Precision::F32, 2e-4);
}

#[test]
fn real_mpnet_tokenizer_wraps_in_s_tokens() {
    let Some(dir) = mpnet_dir() else { return };
    let r = reference();
    let tok = ModelDir::new(dir).unwrap().tokenizer().unwrap();
    let pieces = tok.tokenize(&r.text).unwrap();
    assert_eq!(tok.wrap(&pieces.ids), r.ids[0]);
    assert_eq!((tok.token(r.ids[0][0]).as_deref(), tok.pad_id()), (Some("<s>"), 1));
}

#[test]
fn real_mpnet_bf16_stays_close_to_f32() {
    let Some(dir) = mpnet_dir() else { return };
    let r = reference();
    let refs: Vec<&[u32]> = r.ids.iter().map(Vec::as_slice).collect();
    let f32_model = ModelDir::new(dir).unwrap().fast_model().unwrap().with_precision(Precision::F32);
    let want = f32_model.encode(&refs).unwrap();
    let bf16 = f32_model.with_precision(Precision::Bf16);
    let got = bf16.encode(&refs).unwrap();
    let h = want.hidden_size();
    let cos = |a: &[f32], b: &[f32]| {
        let dot = |x: &[f32], y: &[f32]| x.iter().zip(y).map(|(p, q)| p * q).sum::<f32>();
        dot(a, b) / (dot(a, a).sqrt() * dot(b, b).sqrt())
    };
    let worst = got.data().chunks(h).zip(want.data().chunks(h)).map(|(g, w)| cos(g, w)).fold(1.0f32, f32::min);
    eprintln!("{:?}: worst piece cosine to f32 {worst:.5}", bf16.precision());
    assert!(worst > 0.99, "worst cosine {worst}");
    // The attention in bf16 too (where AMX runs it), relative bias included.
    let all = bf16.with_bf16_attention(true);
    if all.bf16_attention() {
        let got = all.encode(&refs).unwrap();
        let worst = got.data().chunks(h).zip(want.data().chunks(h)).map(|(g, w)| cos(g, w)).fold(1.0f32, f32::min);
        eprintln!("bf16 attention too: worst piece cosine to f32 {worst:.5}");
        assert!(worst > 0.99, "worst cosine {worst}");
    }
}

#[test]
fn the_candle_model_refuses_mpnet() {
    let cfg = BertConfig::tiny_mpnet(100, 32, 2, 2);
    let err = slant_encoder::BertModel::load(&candle_nn::VarBuilder::zeros(candle_core::DType::F32, &candle_core::Device::Cpu), &cfg)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("BERT only"), "{err}");
}
