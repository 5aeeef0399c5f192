//! LayerNorm built from differentiable tensor ops.
//!
//! candle-nn's fused `LayerNorm` is an op without a backward pass: every
//! parameter below it silently gets no gradient (huggingface/candle#2977).
//! This one is composed of primitive ops, so gradients flow through it.

use candle_core::{D, Module, Tensor};
use candle_nn::{Init, VarBuilder};

/// `y = (x - mean) / sqrt(var + eps) * weight + bias` over the last dimension.
#[derive(Debug, Clone)]
pub struct LayerNorm {
    weight: Tensor,
    bias: Tensor,
    eps: f64,
}

impl LayerNorm {
    /// Loads `weight` and `bias` of width `size` (initialised to 1 and 0 when
    /// the builder creates fresh variables).
    ///
    /// # Errors
    /// Missing or mis-shaped weights.
    pub fn load(size: usize, eps: f64, vb: &VarBuilder) -> candle_core::Result<Self> {
        let weight = vb.get_with_hints(size, "weight", Init::Const(1.0))?;
        let bias = vb.get_with_hints(size, "bias", Init::Const(0.0))?;
        Ok(Self { weight, bias, eps })
    }

    /// The scale vector.
    #[must_use]
    pub fn weight(&self) -> &Tensor {
        &self.weight
    }

    /// The shift vector.
    #[must_use]
    pub fn bias(&self) -> &Tensor {
        &self.bias
    }
}

impl Module for LayerNorm {
    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let mean = x.mean_keepdim(D::Minus1)?;
        let centred = x.broadcast_sub(&mean)?;
        let var = centred.sqr()?.mean_keepdim(D::Minus1)?;
        let normed = centred.broadcast_div(&(var + self.eps)?.sqrt()?)?;
        normed.broadcast_mul(&self.weight)?.broadcast_add(&self.bias)
    }
}
