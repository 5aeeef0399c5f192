//! Every parameter of the candle encoder must receive a gradient.

use slant_encoder::testing as common;

use candle_core::{Device, Tensor};

#[test]
fn every_parameter_gets_a_nonzero_gradient() {
    let (_, varmap, model) = common::tiny_model(0.1);
    let dev = Device::Cpu;
    let ids = Tensor::new(&[[2u32, 17, 33, 4, 99, 5], [7, 8, 9, 10, 0, 0]], &dev).unwrap();
    let mask = Tensor::new(&[[1u32, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]], &dev).unwrap();
    let hidden = model.forward_t(&ids, &mask, true).unwrap();
    let mut rng = slant_text::hash::SplitMix64::new(3);
    // Scale 3.46 (sqrt 12): standard deviation 1.
    let target = Tensor::from_vec(common::uniform(&mut rng, hidden.elem_count(), 3.46), hidden.shape(), &dev).unwrap();
    let loss = (hidden - target).unwrap().sqr().unwrap().mean_all().unwrap();
    let grads = loss.backward().unwrap();
    let vars = varmap.data().lock().unwrap();
    assert_eq!(vars.len(), 5 + 2 * 16, "embeddings (5) + 16 tensors per layer");
    let mut missing = Vec::new();
    for (name, var) in vars.iter() {
        let norm = grads
            .get(var.as_tensor())
            .map(|g| g.abs().unwrap().sum_all().unwrap().to_scalar::<f32>().unwrap());
        if !matches!(norm, Some(n) if n > 0.0) {
            missing.push(format!("{name}: {norm:?}"));
        }
    }
    assert!(missing.is_empty(), "no gradient for {missing:?}");
}
