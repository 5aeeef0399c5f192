//! Every kernel family this CPU runs (portable, AVX2 + FMA, AVX-512, NEON;
//! within `SLANT_CPU`) against the references: the tiny random model's
//! candle output and, when the model is fetched, the float64 numpy hidden
//! states of all-MiniLM-L6-v2. Families the CPU lacks are skipped with a
//! message; the portable one runs everywhere.

use slant_encoder::testing as common;

use slant_encoder::fast::{Isa, Precision};
use slant_encoder::{Encoder, FastBert, ModelDir};

/// The families to test, after saying which are skipped and why.
fn paths() -> Vec<Isa> {
    for (isa, why) in Isa::unavailable() {
        eprintln!("skipped {isa:?} kernels: {why}");
    }
    let all = Isa::available();
    assert_eq!(all.first(), Some(&Isa::Portable), "the portable path runs everywhere");
    assert_eq!(all.last(), Some(&Isa::detect()), "the best path is the one chosen");
    all
}

#[test]
fn the_chosen_path_is_the_best_available() {
    let best = Isa::detect();
    assert!(best.supported());
    #[cfg(target_arch = "x86_64")]
    {
        let cap = slant_encoder::fast::Cap::from_env();
        let avx2 = std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma");
        let avx512 = std::is_x86_feature_detected!("avx512f") && std::is_x86_feature_detected!("avx512bw");
        let want = if avx512 && cap >= slant_encoder::fast::Cap::Avx512 {
            Isa::Avx512
        } else if avx2 && cap >= slant_encoder::fast::Cap::Avx2 {
            Isa::Avx2
        } else {
            Isa::Portable
        };
        assert_eq!(best, want, "cap {cap:?}");
    }
    #[cfg(target_arch = "aarch64")]
    {
        let cap = slant_encoder::fast::Cap::from_env();
        assert_eq!(best, if cap >= slant_encoder::fast::Cap::Avx2 { Isa::Neon } else { Isa::Portable });
    }
}

#[test]
fn every_path_matches_candle_on_tiny_random_model() {
    let (cfg, varmap, model) = common::tiny_model(0.0);
    // Lengths that leave partial key panels (37, 3) and whole ones (64).
    let seqs: Vec<Vec<u32>> =
        vec![(0..37).map(|i| (i * 7 % 100) as u32).collect(), vec![5, 6, 7], (0..64).map(|i| (i * 13 % 100) as u32).collect()];
    let refs: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
    let want = model.encode(&refs).unwrap();
    let mut outputs = Vec::new();
    for isa in paths() {
        let fast = FastBert::from_tensors(&common::tensors(&varmap), &cfg).unwrap().with_isa(isa).with_precision(Precision::F32);
        let got = fast.encode(&refs).unwrap();
        let diff = common::max_abs_diff(got.data(), want.data());
        eprintln!("{isa:?}: max |diff| to candle {diff:.2e}");
        assert!(diff < 1e-4, "{isa:?}: max diff {diff}");
        outputs.push((isa, got.data().to_vec()));
    }
    // The paths differ only in the order of f32 sums.
    let (_, portable) = &outputs[0];
    for (isa, out) in &outputs[1..] {
        let diff = common::max_abs_diff(out, portable);
        assert!(diff < 2e-5, "{isa:?} vs portable: {diff}");
    }
}

#[test]
#[should_panic(expected = "cannot run")]
fn a_path_the_cpu_lacks_is_refused() {
    let (cfg, varmap, _) = common::tiny_model(0.0);
    let missing = [Isa::Avx2, Isa::Avx512, Isa::Neon].into_iter().find(|i| !i.supported());
    let Some(isa) = missing else {
        // Nothing to refuse on a CPU with every family (impossible: NEON and
        // AVX are never on one CPU); keep the expected panic.
        panic!("cannot run: no family missing");
    };
    let _ = FastBert::from_tensors(&common::tensors(&varmap), &cfg).unwrap().with_isa(isa);
}

fn reference() -> (Vec<Vec<u32>>, Vec<Vec<f32>>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("minilm_reference.json")).unwrap()).unwrap();
    let h = usize::try_from(meta["hidden_size"].as_u64().unwrap()).unwrap();
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
fn every_path_matches_numpy_reference_on_the_real_model() {
    let Some(dir) = common::model_dir() else { return };
    let dir = ModelDir::new(dir).unwrap();
    let (ids, want) = reference();
    let refs: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
    for isa in paths() {
        let fast = dir.fast_model_for(Precision::F32).unwrap().with_isa(isa);
        let got = fast.encode(&refs).unwrap();
        for (i, w) in want.iter().enumerate() {
            let diff = common::max_abs_diff(got.sequence(i), w);
            eprintln!("{isa:?}, sequence {i} ({} pieces): max |diff| to numpy float64 {diff:.2e}", ids[i].len());
            assert!(diff < 1e-4, "{isa:?}, sequence {i}: {diff}");
        }
    }
}
