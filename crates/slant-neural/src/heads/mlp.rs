//! A one-hidden-layer perceptron: its weights, forward pass and file
//! format. Training (hand-written backpropagation and AdamW) is in
//! [`crate::train::mlp_fit`].

use std::collections::HashMap;

use candle_core::{DType, Device, Tensor};
use serde::{Deserialize, Serialize};

use crate::Result;
use slant_encoder::fast::dense::gemm;

/// How to train one perceptron.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MlpConfig {
    /// Hidden units.
    pub hidden: usize,
    /// Passes over the rows.
    pub epochs: usize,
    /// Rows per step.
    pub batch: usize,
    /// AdamW learning rate.
    pub learning_rate: f32,
    /// AdamW decoupled weight decay.
    pub weight_decay: f32,
    /// Dropout on the inputs (training only).
    pub input_dropout: f32,
    /// Dropout on the hidden layer (training only).
    pub hidden_dropout: f32,
}

impl Default for MlpConfig {
    fn default() -> Self {
        Self { hidden: 256, epochs: 6, batch: 256, learning_rate: 1e-3, weight_decay: 0.01, input_dropout: 0.1, hidden_dropout: 0.2 }
    }
}

/// `relu(x · W1 + b1) · W2 + b2`, row-major weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    pub(crate) inputs: usize,
    pub(crate) hidden: usize,
    pub(crate) outputs: usize,
    pub(crate) w1: Vec<f32>,
    pub(crate) b1: Vec<f32>,
    pub(crate) w2: Vec<f32>,
    pub(crate) b2: Vec<f32>,
}

impl Mlp {
    /// Output width.
    pub fn outputs(&self) -> usize {
        self.outputs
    }

    /// Input width.
    pub fn inputs(&self) -> usize {
        self.inputs
    }

    /// Hidden activations (after ReLU) of `rows` input rows.
    pub(crate) fn hidden_of(&self, x: &[f32], rows: usize) -> Vec<f32> {
        let mut h: Vec<f32> = self.b1.iter().copied().cycle().take(rows * self.hidden).collect();
        gemm(rows, self.hidden, self.inputs, x, false, &self.w1, false, &mut h, true);
        for v in &mut h {
            *v = v.max(0.0);
        }
        h
    }

    pub(crate) fn output_of(&self, h: &[f32], rows: usize) -> Vec<f32> {
        let mut z: Vec<f32> = self.b2.iter().copied().cycle().take(rows * self.outputs).collect();
        gemm(rows, self.outputs, self.hidden, h, false, &self.w2, false, &mut z, true);
        z
    }

    /// Logits for `rows × inputs` row-major features: `rows × outputs`.
    pub fn logits(&self, x: &[f32], rows: usize) -> Result<Vec<f32>> {
        if x.len() != rows * self.inputs {
            return Err(crate::Error::Heads(format!("{} features for {rows} rows of {}", x.len(), self.inputs)));
        }
        let h = self.hidden_of(x, rows);
        Ok(self.output_of(&h, rows))
    }

    /// The weights as tensors `prefix.{w1,b1,w2,b2}` (`w` as `in × out`).
    pub fn tensors(&self, prefix: &str) -> Result<Vec<(String, Tensor)>> {
        let dev = Device::Cpu;
        Ok(vec![
            (format!("{prefix}.w1"), Tensor::from_slice(&self.w1, (self.inputs, self.hidden), &dev)?),
            (format!("{prefix}.b1"), Tensor::from_slice(&self.b1, self.hidden, &dev)?),
            (format!("{prefix}.w2"), Tensor::from_slice(&self.w2, (self.hidden, self.outputs), &dev)?),
            (format!("{prefix}.b2"), Tensor::from_slice(&self.b2, self.outputs, &dev)?),
        ])
    }

    /// Reads back what [`Mlp::tensors`] wrote (any float dtype).
    pub fn from_tensors(map: &HashMap<String, Tensor>, prefix: &str) -> Result<Self> {
        let get = |k: &str| -> Result<Tensor> {
            let name = format!("{prefix}.{k}");
            let t = map.get(&name).ok_or_else(|| crate::Error::Heads(format!("missing tensor {name}")))?;
            Ok(t.to_dtype(DType::F32)?)
        };
        let (w1, b1, w2, b2) = (get("w1")?, get("b1")?, get("w2")?, get("b2")?);
        let ok = w1.rank() == 2
            && w2.rank() == 2
            && b1.dims() == [w1.dims()[1]]
            && w2.dims()[0] == w1.dims()[1]
            && b2.dims() == [w2.dims()[1]];
        if !ok {
            return Err(crate::Error::Heads(format!("{prefix}: inconsistent shapes")));
        }
        let (inputs, hidden, outputs) = (w1.dims()[0], w1.dims()[1], w2.dims()[1]);
        let flat = |t: Tensor| -> Result<Vec<f32>> { Ok(t.flatten_all()?.to_vec1()?) };
        Ok(Self { inputs, hidden, outputs, w1: flat(w1)?, b1: flat(b1)?, w2: flat(w2)?, b2: flat(b2)? })
    }
}

/// The logistic function.
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// Softmax of one row of logits, in place.
pub fn softmax(row: &mut [f32]) {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in row.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in row.iter_mut() {
        *v /= sum;
    }
}

