//! Tests of the tuned layers' training: the fast inference against the
//! training forward pass, gradients against finite differences, windows,
//! clipping and layer decay.

use super::*;
use crate::heads::mlp::sigmoid;

/// `n` values around `base`, spread ±0.3.
fn draw(rng: &mut SplitMix64, n: usize, base: f32) -> Vec<f32> {
    (0..n).map(|_| base + ((rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 0.6).collect()
}

/// `count` random layers of `shape` (LayerNorm scales around 1).
fn random_layers(rng: &mut SplitMix64, shape: Shape, count: usize) -> Vec<Layer> {
    (0..count)
        .map(|_| Layer {
            shape,
            params: shape.sizes().iter().enumerate().map(|(i, &n)| draw(rng, n, if i == 4 || i == 10 { 1.0 } else { 0.0 })).collect(),
        })
        .collect()
}

/// An MPNet-style bias of `buckets` × `heads` values, spread ±`scale`.
fn random_relative(rng: &mut SplitMix64, buckets: usize, heads: usize, scale: f32, window: usize) -> Relative {
    let weights = draw(rng, buckets * heads, 0.0).iter().map(|v| v * scale / 0.3).collect();
    Relative::new(weights, heads, window).unwrap()
}

#[test]
fn fast_inference_matches_the_training_forward_pass() {
    fast_inference_matches(None);
}

#[test]
fn fast_inference_matches_the_training_forward_pass_with_a_relative_bias() {
    let mut rng = SplitMix64::new(11);
    // Large enough to change the attention: checked against no bias below.
    fast_inference_matches(Some(random_relative(&mut rng, 32, 4, 2.0, 8)));
}

fn fast_inference_matches(relative: Option<Relative>) {
    let shape = Shape { hidden: 16, inter: 24, heads: 4, eps: 1e-12 };
    let mut rng = SplitMix64::new(3);
    let layers = random_layers(&mut rng, shape, 2);
    let mut draw = |n: usize, base: f32| draw(&mut rng, n, base);
    let config = TuneConfig { window: 8, stride: 5, ..TuneConfig::default() };
    let fast = compile(&layers, config.window, Precision::F32, relative.as_ref()).unwrap();
    let head = draw(17, 0.0);
    let tuner = Tuner { config, head, aux: Vec::new(), sentence: Vec::new(), layers, fast, precision: Precision::F32, relative };
    if tuner.is_mpnet() {
        // The bias matters: without it the same layers say otherwise.
        let states = draw(8 * 16, 0.0);
        let plain = Tuner { relative: None, ..tuner.clone() }.piece_probs_reference(&states);
        let biased = tuner.piece_probs_reference(&states);
        let moved = plain.iter().zip(&biased).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
        assert!(moved > 1e-3, "the relative bias changed nothing ({moved})");
    }
    for n in [1, 8, 21] {
        let states = draw(n * 16, 0.0);
        let (a, b) = (tuner.piece_probs(&states).unwrap(), tuner.piece_probs_reference(&states));
        assert_eq!(a.len(), n);
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() < 1e-4, "n {n}: fast {x} vs reference {y}");
        }
    }
    // In bf16 (rounded operands, as the AMX and AVX-512 BF16 kernels
    // compute) the probabilities move a little, and back in f32 they
    // are the same again.
    let states = draw(21 * 16, 0.0);
    let f32_probs = tuner.piece_probs(&states).unwrap();
    let rounded = tuner.clone().with_precision(Precision::Bf16Emulated).unwrap();
    let bf16_probs = rounded.piece_probs(&states).unwrap();
    assert_ne!(bf16_probs, f32_probs);
    for (x, y) in bf16_probs.iter().zip(&f32_probs) {
        assert!((x - y).abs() < 2e-2, "bf16 {x} vs f32 {y}");
    }
    for p in [Precision::Bf16, Precision::Bf16x3] {
        for (x, y) in rounded.clone().with_precision(p).unwrap().piece_probs(&states).unwrap().iter().zip(&f32_probs) {
            assert!((x - y).abs() < 2e-2, "{p:?} {x} vs f32 {y}");
        }
    }
    assert_eq!(rounded.with_precision(Precision::F32).unwrap().piece_probs(&states).unwrap(), f32_probs);
}

#[test]
fn gradients_of_all_outputs_match_finite_differences() {
    gradients_match(None);
}

#[test]
fn gradients_match_finite_differences_with_a_relative_bias() {
    let mut rng = SplitMix64::new(13);
    gradients_match(Some(random_relative(&mut rng, 32, 2, 2.0, 4)));
}

fn gradients_match(relative: Option<Relative>) {
    let shape = Shape { hidden: 8, inter: 12, heads: 2, eps: 1e-12 };
    let mut rng = SplitMix64::new(5);
    let layers = random_layers(&mut rng, shape, 1);
    let mut draw = |n: usize, base: f32| draw(&mut rng, n, base);
    let config =
        TuneConfig { window: 4, stride: 4, technique_loss: 0.7, sentence_loss: 0.6, dropout: 0.2, ..TuneConfig::default() };
    let fast = compile(&layers, config.window, Precision::F32, relative.as_ref()).unwrap();
    let mut tuner = Tuner {
        config,
        head: draw(9, 0.0),
        aux: draw(TECHNIQUES * 9, 0.0),
        sentence: draw(9, 0.0),
        layers,
        fast,
        precision: Precision::F32,
        relative,
    };
    let n = 4;
    let x = draw(n * 8, 0.0);
    let targets = [1.0, 0.5, 0.0, 0.0];
    let weights = [2.0, 1.0, 1.0, 1.0];
    let mut techniques = vec![0.0; n * TECHNIQUES];
    techniques[3] = 1.0;
    techniques[TECHNIQUES + 7] = 0.5;
    let sentences = [(0..3, 0.8), (3..4, 0.0)];
    // Dropout masks come from the seed: the same on every call.
    let window = Window { targets: &targets, weights: &weights, techniques: &techniques, sentences: &sentences, seed: 9 };
    let loss = |t: &Tuner| {
        let mut g = t.zero_gradients();
        t.window_gradients(&x, window, &mut g)
    };
    let mut grads = tuner.zero_gradients();
    tuner.window_gradients(&x, window, &mut grads);
    assert_eq!(grads[1].len(), 3, "the output, the technique output and the sentence output");
    let eps = 1e-2f32;
    // (group, tensor, index) of parameters to perturb: the technique
    // output, the output, and a layer's weights and LayerNorm.
    for (group, tensor, idx) in [(1, 1, 3 * 9 + 2), (1, 1, 7 * 9 + 8), (1, 0, 4), (1, 2, 5), (1, 2, 8), (0, 0, 17), (0, 1, 20), (0, 2, 10), (0, 6, 30), (0, 10, 3)] {
        fn value(t: &mut Tuner, group: usize, tensor: usize, idx: usize) -> &mut f32 {
            if group == 0 {
                &mut t.layers[0].params[tensor][idx]
            } else if tensor == 0 {
                &mut t.head[idx]
            } else if tensor == 1 {
                &mut t.aux[idx]
            } else {
                &mut t.sentence[idx]
            }
        }
        let v0 = *value(&mut tuner, group, tensor, idx);
        *value(&mut tuner, group, tensor, idx) = v0 + eps;
        let up = loss(&tuner);
        *value(&mut tuner, group, tensor, idx) = v0 - eps;
        let down = loss(&tuner);
        *value(&mut tuner, group, tensor, idx) = v0;
        let numeric = (up - down) / f64::from(2.0 * eps);
        let analytic = f64::from(grads[group][tensor][idx]);
        assert!(analytic.abs() > 1e-4, "({group}, {tensor}, {idx}): no gradient");
        assert!(
            (numeric - analytic).abs() <= 0.03 * analytic.abs().max(0.01),
            "({group}, {tensor}, {idx}): analytic {analytic} vs numeric {numeric}"
        );
    }
    // Without the extra losses the loss is the output's alone.
    let plain = Tuner { aux: Vec::new(), sentence: Vec::new(), ..tuner.clone() };
    assert!(loss(&plain) < loss(&tuner));
    // Inference pools the same states the sentence loss did.
    let probs = tuner.probs(&x, &[0..3, 3..4]).unwrap();
    let mut y = x.clone();
    for l in &tuner.layers {
        y = l.forward_with(&y, false, None, tuner.bias()).0;
    }
    for (r, p) in [0..3, 3..4].iter().zip(&probs.sentences) {
        let want = sigmoid(tuner.pooled_logit(y[r.start * 8..r.end * 8].chunks_exact(8)).0);
        assert!((want - p).abs() < 1e-4, "sentence {r:?}: {p} vs {want}");
    }
    assert!(tuner.probs(&x, std::slice::from_ref(&(2..9))).is_err());
}

#[test]
fn training_windows_tile_the_article() {
    assert_eq!(training_windows(0, 4, 0), Vec::<std::ops::Range<usize>>::new());
    assert_eq!(training_windows(3, 4, 0), vec![0..3]);
    assert_eq!(training_windows(8, 4, 0), vec![0..4, 4..8]);
    assert_eq!(training_windows(10, 4, 0), vec![0..4, 4..8, 6..10]);
    assert_eq!(training_windows(10, 4, 2), vec![0..4, 2..6, 6..10]);
    assert_eq!(training_windows(10, 4, 7), vec![0..4, 3..7, 6..10]);
    assert_eq!(training_windows(4, 4, 3), vec![0..4]);
    assert_eq!(training_windows(3, 4, 1), vec![0..3]);
}

#[test]
fn clipping_caps_the_global_norm() {
    let long: Vec<f32> = (0..37).map(|i| i as f32 * 0.25).collect();
    let want: f64 = long.iter().map(|&x| f64::from(x) * f64::from(x)).sum();
    assert!((sum_of_squares(&long) - want).abs() < 1e-3, "{} vs {want}", sum_of_squares(&long));
    let grads = vec![vec![vec![3.0, 0.0]], vec![vec![0.0], vec![4.0]]];
    let norm = gradient_norm(&grads, 0.5);
    assert!((norm - 2.5).abs() < 1e-6, "norm {norm}");
    assert!((clip_scale(norm, 0.5, 0.0) - 0.5).abs() < 1e-9, "0: no clipping");
    assert!((clip_scale(norm, 0.5, 10.0) - 0.5).abs() < 1e-9, "norm 2.5 is under 10");
    let s = clip_scale(norm, 0.5, 1.0);
    assert!((s * 5.0 - 1.0).abs() < 1e-6, "norm 2.5 scaled to 1: factor {s}");
}

#[test]
fn layer_decay_slows_the_lower_layers_only() {
    let shape = Shape { hidden: 16, inter: 24, heads: 4, eps: 1e-12 };
    let mut rng = SplitMix64::new(5);
    let layers = random_layers(&mut rng, shape, 2);
    let states = draw(&mut rng, 40 * 16, 0.0);
    let targets: Vec<f32> = (0..40).map(|i| f32::from(u8::from(i % 7 < 3))).collect();
    let weights = vec![1.0; 40];
    let examples = [Example { states: &states, targets: &targets, weights: &weights, techniques: &[], sentences: &[] }];
    let moved = |layer_decay: f32| {
        let config = TuneConfig { window: 8, stride: 8, epochs: 2, layer_decay, learning_rate: 1e-3, ..TuneConfig::default() };
        let fast = compile(&layers, config.window, Precision::F32, None).unwrap();
        let head = vec![0.0; 17];
        let (sentence, relative, precision) = (Vec::new(), None, Precision::F32);
        let mut tuner = Tuner { config, head, aux: Vec::new(), sentence, layers: layers.clone(), fast, precision, relative };
        tuner.fit(&examples).unwrap();
        tuner
            .layers
            .iter()
            .zip(&layers)
            .map(|(a, b)| a.params[0].iter().zip(&b.params[0]).map(|(x, y)| (x - y).abs()).sum::<f32>())
            .collect::<Vec<f32>>()
    };
    let (flat, decayed) = (moved(0.0), moved(0.1));
    assert!(flat.iter().all(|&d| d > 0.0), "every layer learns: {flat:?}");
    let (low, top) = (decayed[0] / flat[0], decayed[1] / flat[1]);
    assert!(low < 0.2, "the lower layer moved {low} as far as without decay");
    assert!((0.5..2.0).contains(&top), "the top layer moved {top} as far as without decay");
}

#[test]
fn shifted_epochs_move_the_windows_and_still_cover_every_piece() {
    let targets: Vec<Vec<f32>> = [1000, 300, 17].iter().map(|&n| vec![0.0; n]).collect();
    let examples: Vec<Example<'_>> = targets
        .iter()
        .map(|t| Example { states: &[], targets: t, weights: t, techniques: &[], sentences: &[] })
        .collect();
    let cfg = TuneConfig { epochs: 3, window: 64, ..TuneConfig::default() };
    let fixed = epoch_windows(&examples, &cfg);
    assert_eq!(fixed.len(), 1, "without shift every epoch reads the same windows");
    let shifted = epoch_windows(&examples, &TuneConfig { shift: true, ..cfg });
    assert_eq!(shifted.len(), 3);
    assert_eq!(shifted[0], fixed[0], "the first epoch is not shifted");
    assert_ne!(shifted[1], fixed[0]);
    assert_ne!(shifted[1], shifted[2]);
    for epoch in &shifted {
        for (e, t) in targets.iter().enumerate() {
            let mut seen = vec![false; t.len()];
            for (_, w) in epoch.iter().filter(|(i, _)| *i == e) {
                assert!(w.len() == 64.min(t.len()), "window {w:?} of article {e}");
                seen[w.clone()].iter_mut().for_each(|s| *s = true);
            }
            assert!(seen.iter().all(|&s| s), "article {e} has pieces no window reads");
        }
    }
}
