//! The fast inference path must reproduce the candle module.

use slant_encoder::testing as common;

use candle_core::{Device, Tensor};
use slant_encoder::fast::{Isa, Precision};
use slant_encoder::{Encoder, FastBert};

#[test]
fn fast_matches_candle_on_tiny_random_model() {
    let (cfg, varmap, model) = common::tiny_model(0.0);
    let seqs: Vec<Vec<u32>> = vec![(0..37).map(|i| (i * 7 % 100) as u32).collect(), vec![5, 6, 7], (0..64).map(|i| (i * 13 % 100) as u32).collect()];
    let refs: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
    let want = model.encode(&refs).unwrap();
    for isa in Isa::available() {
        let fast = FastBert::from_tensors(&common::tensors(&varmap), &cfg)
            .unwrap()
            .with_isa(isa)
            .with_precision(Precision::F32);
        let got = fast.encode(&refs).unwrap();
        let diff = common::max_abs_diff(got.data(), want.data());
        assert!(diff < 1e-4, "{isa:?}: max diff {diff}");
    }
}

#[test]
fn bf16_fast_path_is_close_on_tiny_random_model() {
    let (cfg, varmap, model) = common::tiny_model(0.0);
    let seqs: Vec<Vec<u32>> = vec![(0..50).map(|i| (i * 7 % 100) as u32).collect(), vec![1, 2, 3, 4]];
    let refs: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
    let want = model.encode(&refs).unwrap();
    // LayerNorm outputs are O(1); bf16 inputs keep about 3 significant
    // digits (the worst coordinate of a random model's output can be off by
    // 0.1, so bf16 is judged by direction), split bf16×3 products about 5.
    let fast = FastBert::from_tensors(&common::tensors(&varmap), &cfg).unwrap().with_precision(Precision::Bf16);
    let worst = worst_cosine(fast.encode(&refs).unwrap().data(), want.data(), cfg.hidden_size);
    eprintln!("{:?}: worst token cosine {worst}", fast.precision());
    assert!(worst > 0.995, "bf16: worst token cosine {worst}");
    let fast = FastBert::from_tensors(&common::tensors(&varmap), &cfg).unwrap().with_precision(Precision::Bf16x3);
    let diff = common::max_abs_diff(fast.encode(&refs).unwrap().data(), want.data());
    eprintln!("{:?}: max diff {diff}", fast.precision());
    assert!(diff < 1e-3, "bf16x3: max diff {diff}");
}

/// The smallest cosine between corresponding `width`-wide vectors.
fn worst_cosine(a: &[f32], b: &[f32], width: usize) -> f32 {
    assert_eq!(a.len(), b.len());
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    a.chunks(width)
        .zip(b.chunks(width))
        .map(|(x, y)| x.iter().zip(y).map(|(p, q)| p * q).sum::<f32>() / (norm(x) * norm(y)))
        .fold(1.0, f32::min)
}

#[test]
fn emulated_bf16_rounds_operands_and_stays_close() {
    let (cfg, varmap, model) = common::tiny_model(0.0);
    let seqs: Vec<Vec<u32>> = vec![(0..50).map(|i| (i * 7 % 100) as u32).collect(), vec![1, 2, 3, 4]];
    let refs: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
    let want = model.encode(&refs).unwrap();
    let f32 = FastBert::from_tensors(&common::tensors(&varmap), &cfg).unwrap().with_precision(Precision::F32);
    let emulated = FastBert::from_tensors(&common::tensors(&varmap), &cfg).unwrap().with_precision(Precision::Bf16Emulated);
    assert_eq!(emulated.precision(), Precision::Bf16Emulated, "emulation runs on any CPU");
    let got = emulated.encode(&refs).unwrap();
    let exact = common::max_abs_diff(f32.encode(&refs).unwrap().data(), want.data());
    let rounded = common::max_abs_diff(got.data(), want.data());
    // Token by token the vectors point the same way (the random weights
    // change with each run, so the bound is loose), yet this is clearly not
    // f32 arithmetic.
    let worst = worst_cosine(got.data(), want.data(), cfg.hidden_size);
    eprintln!("f32 {exact:e}, emulated bf16 {rounded:e}, worst token cosine {worst}");
    assert!(worst > 0.995, "emulated bf16: worst token cosine {worst}");
    assert!(rounded > 10.0 * exact, "rounding changed nothing: {rounded:e} vs {exact:e}");
}

#[test]
fn padding_does_not_change_candle_output() {
    let (_, _, model) = common::tiny_model(0.0);
    let dev = Device::Cpu;
    let short = model.encode(&[&[3, 4, 5]]).unwrap();
    let ids = Tensor::new(&[[3u32, 4, 5, 0, 0]], &dev).unwrap();
    let mask = Tensor::new(&[[1u32, 1, 1, 0, 0]], &dev).unwrap();
    let padded = model.forward(&ids, &mask).unwrap().narrow(1, 0, 3).unwrap();
    let padded: Vec<f32> = padded.flatten_all().unwrap().to_vec1().unwrap();
    assert!(common::max_abs_diff(short.data(), &padded) < 1e-5);
}

#[test]
fn fast_rejects_bad_input() {
    let (cfg, varmap, _) = common::tiny_model(0.0);
    let fast = FastBert::from_tensors(&common::tensors(&varmap), &cfg).unwrap();
    assert!(fast.encode(&[&[]]).is_err());
    assert!(fast.encode(&[&[1, 100]]).is_err());
    assert!(fast.encode(&[&vec![1; 65]]).is_err());
}

#[test]
fn model_loaded_for_one_precision_computes_the_same_with_fewer_weights() {
    let (cfg, varmap, _) = common::tiny_model(0.0);
    let tensors = common::tensors(&varmap);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.safetensors");
    candle_core::safetensors::save(&tensors, &path).unwrap();
    let seqs: Vec<Vec<u32>> = vec![(0..41).map(|i| (i * 11 % 100) as u32).collect(), vec![9, 8, 7]];
    let refs: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
    for precision in [Precision::F32, Precision::Bf16, Precision::Bf16x3, Precision::Bf16Emulated] {
        let full = FastBert::from_tensors(&tensors, &cfg).unwrap().with_precision(precision);
        let lean = FastBert::from_safetensors_for(&path, &cfg, precision).unwrap();
        assert_eq!(lean.precision(), full.precision(), "{precision:?}");
        let diff = common::max_abs_diff(lean.encode(&refs).unwrap().data(), full.encode(&refs).unwrap().data());
        assert!(diff == 0.0, "{precision:?}: max diff {diff}");
        check_fewer_weights(precision, lean.weight_bytes(), full.weight_bytes());
        // The precision it was loaded for stays.
        let other = if lean.precision() == Precision::F32 { Precision::Bf16 } else { Precision::F32 };
        assert_eq!(lean.with_precision(other).precision(), full.precision(), "{precision:?}");
    }
    let err = FastBert::from_safetensors_for(&dir.path().join("absent.safetensors"), &cfg, Precision::F32).err().unwrap();
    assert!(err.to_string().contains("absent.safetensors") || err.to_string().contains("No such file"), "{err}");
}

#[test]
fn layers_above_the_highest_output_are_not_run() {
    let (cfg, varmap, _) = common::tiny_model(0.0);
    let seqs: Vec<Vec<u32>> = vec![(0..30).map(|i| (i * 11 % 100) as u32).collect(), vec![3, 4]];
    let refs: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
    let mut tensors = common::tensors(&varmap);
    let first = FastBert::from_tensors(&tensors, &cfg).unwrap().with_precision(Precision::F32).with_outputs(&[1]).unwrap();
    let want = first.encode(&refs).unwrap();
    // Poison the second (last) layer: an output that ran it would be NaN.
    let name = "encoder.layer.1.intermediate.dense.weight";
    tensors.insert(name.into(), (tensors[name].clone() * f64::NAN).unwrap());
    let poisoned = FastBert::from_tensors(&tensors, &cfg).unwrap().with_precision(Precision::F32);
    assert!(poisoned.encode(&refs).unwrap().data().iter().any(|v| v.is_nan()), "the poison shows in the last layer");
    let got = poisoned.with_outputs(&[1]).unwrap().encode(&refs).unwrap();
    assert_eq!(got.data(), want.data(), "layer 1's output does not depend on layer 2");
}

#[test]
fn bf16_attention_on_amx_stays_close_to_f32_attention() {
    let (cfg, varmap, _) = common::tiny_model(0.0);
    let seqs: Vec<Vec<u32>> =
        vec![(0..37).map(|i| (i * 7 % 100) as u32).collect(), vec![5], vec![9, 8, 7, 6, 5], (0..64).map(|i| (i * 13 % 100) as u32).collect()];
    let refs: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
    let base = FastBert::from_tensors(&common::tensors(&varmap), &cfg).unwrap().with_precision(Precision::Bf16);
    let fast = FastBert::from_tensors(&common::tensors(&varmap), &cfg).unwrap().with_precision(Precision::Bf16).with_bf16_attention(true);
    if !fast.bf16_attention() {
        eprintln!("skipped: no AMX here, so the attention stays f32");
        assert_eq!(fast.encode(&refs).unwrap().data(), base.encode(&refs).unwrap().data());
        return;
    }
    assert!(!base.bf16_attention());
    let (want, got) = (base.encode(&refs).unwrap(), fast.encode(&refs).unwrap());
    assert_ne!(got.data(), want.data(), "the attention ran in bf16");
    let worst = worst_cosine(got.data(), want.data(), cfg.hidden_size);
    assert!(worst > 0.999, "worst token cosine {worst}");
    // A one-token sequence attends only to itself: the same value row.
    let one = |m: &FastBert| m.encode(&[&[5u32][..]]).unwrap().data().to_vec();
    assert!(common::max_abs_diff(&one(&fast), &one(&base)) < 2e-2);
}

#[test]
fn layers_compiled_for_one_precision_compute_the_same_with_fewer_weights() {
    let (cfg, varmap, _) = common::tiny_model(0.0);
    let tensors = common::tensors(&varmap);
    let h = cfg.hidden_size;
    let states: Vec<Vec<f32>> = [37, 5].iter().map(|&len| (0..len * h).map(|i| ((i * 7 % 23) as f32 - 11.0) * 0.05).collect()).collect();
    let refs: Vec<&[f32]> = states.iter().map(Vec::as_slice).collect();
    for precision in [Precision::F32, Precision::Bf16, Precision::Bf16x3, Precision::Bf16Emulated] {
        let full = FastBert::layers_from_tensors(&tensors, &cfg).unwrap().with_precision(precision);
        let lean = FastBert::layers_from_tensors_for(&tensors, &cfg, precision).unwrap();
        assert_eq!(lean.precision(), full.precision(), "{precision:?}");
        let (a, b) = (lean.forward_states(&refs).unwrap(), full.forward_states(&refs).unwrap());
        assert_eq!(a.data().len(), 42 * h);
        let diff = common::max_abs_diff(a.data(), b.data());
        assert!(diff == 0.0, "{precision:?}: max diff {diff}");
        check_fewer_weights(precision, lean.weight_bytes(), full.weight_bytes());
    }
}

/// Whether this CPU (within `SLANT_CPU`) has a bf16 kernel, so that a model
/// packed for every precision holds a second layout beside f32.
fn has_bf16_layout() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        slant_encoder::fast::amx::available() || slant_encoder::fast::bf16::available()
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// A model packed for one precision never holds more weights than one
/// packed for all; strictly fewer where the CPU has more than one layout
/// (a CPU without bf16 kernels packs f32 alone either way).
fn check_fewer_weights(precision: Precision, lean: usize, full: usize) {
    assert!(lean <= full, "{precision:?}: {lean} > {full}");
    if has_bf16_layout() {
        assert!(lean < full, "{precision:?}: {lean} >= {full}");
    } else {
        assert_eq!(lean, full, "{precision:?}: one layout only on this CPU");
        eprintln!("{precision:?}: this CPU has no bf16 kernel, so both models hold the f32 layout alone ({lean} bytes)");
    }
}

#[test]
fn long_batches_run_in_bounded_groups_with_the_same_states() {
    let (cfg, varmap, _) = common::tiny_model(0.0);
    let fast = FastBert::from_tensors(&common::tensors(&varmap), &cfg).unwrap().with_precision(Precision::F32);
    // 80 sequences of 60 tokens: 4,800 tokens, more than two groups' worth.
    let seqs: Vec<Vec<u32>> = (0..80).map(|s| (0..60).map(|i| ((i * 13 + s * 7) % 100) as u32).collect()).collect();
    let refs: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
    let all = fast.encode(&refs).unwrap();
    for (i, s) in refs.iter().enumerate().step_by(17) {
        let alone = fast.encode(&[s]).unwrap();
        let h = alone.data().len();
        let diff = common::max_abs_diff(&all.data()[i * h..(i + 1) * h], alone.data());
        assert!(diff < 1e-5, "sequence {i}: max diff {diff}");
    }
}
