//! Tuned layers on an MPNet keep its relative position bias: a tuned layer
//! copied from a tiny random MPNet computes the encoder's own next layer.

use std::collections::HashMap;

use candle_core::{Device, Tensor};
use slant_encoder::testing as common;

use slant_encoder::fast::Precision;
use slant_encoder::FastBert;

#[test]
fn tuned_layers_of_an_mpnet_keep_its_relative_bias_through_a_saved_file() {
    // Layer 2 (the last) tuned from layer 1's states, and layer 1 alone
    // (`layers: 1`) tuned from the embeddings.
    for (from_layer, layers) in [(1, 0), (0, 1)] {
        tuned_layer_matches_the_encoders(from_layer, layers);
    }
}

fn tuned_layer_matches_the_encoders(from_layer: usize, layers: usize) {
    use slant_neural::tune::{TuneConfig, Tuner};
    let ramp: Vec<f32> = (0..64).map(|i| (i % 32) as f32 * 0.25 - 4.0).collect();
    let (_, _, mp, cfg) = common::twin_tensors(&ramp);
    let (below, above) = (from_layer, from_layer + 1);
    let full = FastBert::from_tensors(&mp, &cfg).unwrap().with_precision(Precision::F32).with_outputs(&[below, above]).unwrap();
    let ids: Vec<u32> = (0..40).map(|i| (i * 37 % 100) as u32).collect();
    let states = full.forward(&[&ids]).unwrap();
    let (lower, upper): (Vec<f32>, Vec<f32>) = {
        let rows = states.sequence(0).chunks_exact(64);
        (rows.clone().flat_map(|r| r[..32].to_vec()).collect(), rows.flat_map(|r| r[32..].to_vec()).collect())
    };
    // One tuned layer with an output that reads it.
    let config = TuneConfig { from_layer, layers, window: 62, stride: 62, ..TuneConfig::default() };
    let tuner = Tuner::from_pretrained(&mp, &cfg, config).unwrap();
    assert!(tuner.is_mpnet());
    let mut saved: HashMap<String, Tensor> = tuner.tensors("t").unwrap().into_iter().collect();
    assert!(saved.contains_key("t.relative"), "the bias is saved with the layers");
    assert!(saved.contains_key("t.0.qkv.weight") && !saved.contains_key("t.1.qkv.weight"), "one layer tuned");
    let head: Vec<f32> = (0..33).map(|i| ((i * 7 % 11) as f32 - 5.0) * 0.1).collect();
    saved.insert("t.out".into(), Tensor::from_slice(&head, 33, &Device::Cpu).unwrap());
    let loaded = Tuner::from_tensors(&saved, "t", tuner.shape(), config).unwrap();
    let got = loaded.piece_probs(&lower).unwrap();
    let want: Vec<f32> = upper
        .chunks_exact(32)
        .map(|r| 1.0 / (1.0 + (-(r.iter().zip(&head).map(|(a, b)| a * b).sum::<f32>() + head[32])).exp()))
        .collect();
    let diff = common::max_abs_diff(&got, &want);
    assert!(diff < 1e-4, "from layer {from_layer}: tuned layer against the encoder's own: max |diff| {diff}");
    // Without the bias the same weights compute something else.
    saved.remove("t.relative");
    let plain = Tuner::from_tensors(&saved, "t", tuner.shape(), config).unwrap();
    assert!(!plain.is_mpnet());
    assert!(common::max_abs_diff(&plain.piece_probs(&lower).unwrap(), &want) > 1e-3);
    // A stack past the encoder's last layer is refused.
    let past = TuneConfig { layers: 3 - from_layer, ..config };
    let err = Tuner::from_pretrained(&mp, &cfg, past).unwrap_err().to_string();
    assert!(err.contains("tune.layers"), "{err}");
}

