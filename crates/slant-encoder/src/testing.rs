//! Test helpers for the encoder and the crates above it: tiny random BERTs
//! (in memory or as a model folder with a real WordPiece tokenizer), and the
//! real model's location. Not part of the stable API.

use std::collections::HashMap;
use std::path::PathBuf;

use candle_core::{DType, Device, Tensor};
use candle_nn::{VarBuilder, VarMap};
use slant_text::hash::SplitMix64;
use crate::bert::random_tensors;
use crate::{BertConfig, BertModel};

/// A randomly initialised 2-layer, width-32 BERT (vocabulary 100), with
/// every weight randomised so a wrong kernel cannot hide behind 1s and 0s.
pub fn tiny_model(dropout: f32) -> (BertConfig, VarMap, BertModel) {
    let mut cfg = BertConfig::tiny(100, 32, 2, 2);
    cfg.hidden_dropout_prob = dropout;
    cfg.attention_probs_dropout_prob = dropout;
    random_model(cfg)
}

/// A random model for `cfg`, every weight randomised, the same on every run
/// (`slant_encoder::bert::random_tensors`, seed 11).
pub fn random_model(cfg: BertConfig) -> (BertConfig, VarMap, BertModel) {
    let mut varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
    let model = BertModel::load(&vb, &cfg).expect("tiny model loads");
    let tensors = random_tensors(&cfg, 11).expect("random tensors");
    varmap.set(tensors.iter()).expect("set");
    (cfg, varmap, model)
}

/// `n` values uniform on `[-0.5, 0.5)` times `scale`, drawn from `rng`.
pub fn uniform(rng: &mut SplitMix64, n: usize, scale: f32) -> Vec<f32> {
    (0..n).map(|_| (rng.unit() - 0.5) * scale).collect()
}

/// The variables of a varmap as plain named tensors.
pub fn tensors(varmap: &VarMap) -> HashMap<String, Tensor> {
    varmap
        .data()
        .lock()
        .expect("varmap lock")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_tensor().clone()))
        .collect()
}

/// The unpacked all-MiniLM-L6-v2 directory (`$SLANT_MINILM_DIR`, else the
/// repository's `.cache/minilm`), or `None`: the tests that need it then
/// pass with a note on stderr.
pub fn model_dir() -> Option<PathBuf> {
    match crate::locate::minilm_dir() {
        Ok(dir) => Some(dir.path().to_owned()),
        Err(e) => {
            eprintln!("skipping: {e}");
            None
        }
    }
}

/// Largest absolute difference.
pub fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max)
}

/// The words of the tiny tokenizer's vocabulary (after the four specials).
pub const TINY_WORDS: &[&str] = &[
    "the", "corrupt", "regime", "lied", "again", "traitors", "horrendous", "plan", "will", "strangle", "our", "city",
    "council", "voted", "on", "tuesday", "a", "new", "budget", "was", "published", "evil", "liars", "and", "people",
    "said", "it", "is", "fine", ".", ",", "!", "?", "\"", "“", "”", "-", "'",
];

/// Writes a tiny random BERT with a real WordPiece `tokenizer.json` (its
/// vocabulary: [`TINY_WORDS`], letters and `##` letters) into `dir`.
///
/// # Panics
/// When the folder cannot be written (a test helper).
pub fn write_tiny_model_dir(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    let mut vocab: Vec<String> = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"].iter().map(|s| (*s).to_owned()).collect();
    vocab.extend(TINY_WORDS.iter().map(|s| (*s).to_owned()));
    for c in 'a'..='z' {
        vocab.push(c.to_string());
        vocab.push(format!("##{c}"));
    }
    let map: serde_json::Map<String, serde_json::Value> =
        vocab.iter().enumerate().map(|(i, t)| (t.clone(), serde_json::json!(i))).collect();
    let special = |id: usize, t: &str| {
        serde_json::json!({"id": id, "content": t, "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true})
    };
    let tokenizer = serde_json::json!({
        "version": "1.0", "truncation": null, "padding": null,
        "added_tokens": [special(0, "[PAD]"), special(1, "[UNK]"), special(2, "[CLS]"), special(3, "[SEP]")],
        "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": true},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": null, "decoder": null,
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": map}
    });
    std::fs::write(dir.join("tokenizer.json"), tokenizer.to_string()).unwrap();
    let cfg = BertConfig::tiny(vocab.len(), 32, 2, 2);
    let config = serde_json::json!({
        "vocab_size": cfg.vocab_size, "hidden_size": cfg.hidden_size, "num_hidden_layers": cfg.num_hidden_layers,
        "num_attention_heads": cfg.num_attention_heads, "intermediate_size": cfg.intermediate_size,
        "hidden_act": "gelu", "max_position_embeddings": cfg.max_position_embeddings, "type_vocab_size": 2,
        "layer_norm_eps": 1e-12, "pad_token_id": 0
    });
    std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
    let (_, varmap, _) = random_model(cfg);
    candle_core::safetensors::save(&tensors(&varmap), dir.join("model.safetensors")).unwrap();
}

/// BERT's names for one layer's attention weights, and MPNet's.
const RENAMES: [(&str, &str); 5] = [
    ("attention.self.query", "attention.attn.q"),
    ("attention.self.key", "attention.attn.k"),
    ("attention.self.value", "attention.attn.v"),
    ("attention.output.dense", "attention.attn.o"),
    ("attention.output.LayerNorm", "attention.LayerNorm"),
];

/// A random tiny BERT with no token-type embedding, and the MPNet that
/// computes the same function when `relative` (`[32, heads]`) is flat:
/// their tensors and configs, BERT's first. Used by the MPNet tests.
///
/// # Panics
/// On a `relative` of the wrong length (a test helper).
pub fn twin_tensors(relative: &[f32]) -> (HashMap<String, Tensor>, BertConfig, HashMap<String, Tensor>, BertConfig) {
    let mpnet_cfg = BertConfig::tiny_mpnet(100, 32, 2, 2);
    // MPNet's LayerNorm epsilon, so only positions and the bias differ.
    let bert_cfg = BertConfig { layer_norm_eps: mpnet_cfg.layer_norm_eps, ..BertConfig::tiny(100, 32, 2, 2) };
    let mut tensors = random_tensors(&bert_cfg, 11).unwrap();
    let tt = "embeddings.token_type_embeddings.weight";
    tensors.insert(tt.into(), tensors[tt].zeros_like().unwrap());

    let offset = mpnet_cfg.position_offset();
    let mut mp: HashMap<String, Tensor> = HashMap::new();
    for (name, t) in &tensors {
        let renamed = RENAMES.iter().fold(name.clone(), |n, (b, m)| n.replace(b, m));
        mp.insert(renamed, t.clone());
    }
    mp.remove(tt);
    let pos = "embeddings.position_embeddings.weight";
    let table = &tensors[pos];
    let rows = table.dim(0).unwrap();
    let filler = Tensor::full(9.0f32, (offset, 32), &Device::Cpu).unwrap();
    mp.insert(pos.into(), Tensor::cat(&[&filler, &table.narrow(0, 0, rows - offset).unwrap()], 0).unwrap());
    mp.insert(
        "encoder.relative_attention_bias.weight".into(),
        Tensor::from_slice(relative, (32, 2), &Device::Cpu).unwrap(),
    );
    (tensors, bert_cfg, mp, mpnet_cfg)
}

