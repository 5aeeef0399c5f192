//! One tuned BERT (or MPNet) layer's parameters, their names in checkpoints
//! and heads files, and their shape. Inference compiles them into the
//! encoder's fast kernels ([`super::Tuner`]); the training pass (forward
//! with caches, backward) is in [`crate::train::layer_pass`].

/// Parameter tensors of a layer, in [`Layer::params`] order.
pub const NAMES: [&str; 12] = [
    "qkv.weight",
    "qkv.bias",
    "out.weight",
    "out.bias",
    "norm1.gamma",
    "norm1.beta",
    "up.weight",
    "up.bias",
    "down.weight",
    "down.bias",
    "norm2.gamma",
    "norm2.beta",
];
/// Indices (in [`NAMES`]) of the weight matrices: the tensors that decay.
pub const MATRICES: [usize; 4] = [QKV_W, OUT_W, UP_W, DOWN_W];
pub(crate) const QKV_W: usize = 0;
pub(crate) const QKV_B: usize = 1;
pub(crate) const OUT_W: usize = 2;
pub(crate) const OUT_B: usize = 3;
pub(crate) const N1_G: usize = 4;
pub(crate) const N1_B: usize = 5;
pub(crate) const UP_W: usize = 6;
pub(crate) const UP_B: usize = 7;
pub(crate) const DOWN_W: usize = 8;
pub(crate) const DOWN_B: usize = 9;
pub(crate) const N2_G: usize = 10;
pub(crate) const N2_B: usize = 11;

/// Shape of a layer.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    /// Hidden width.
    pub hidden: usize,
    /// Feed-forward width.
    pub inter: usize,
    /// Attention heads.
    pub heads: usize,
    /// LayerNorm epsilon.
    pub eps: f32,
}

impl Shape {
    pub(crate) fn head_dim(&self) -> usize {
        self.hidden / self.heads
    }

    /// Lengths of the parameter tensors, in [`NAMES`] order.
    #[must_use]
    pub fn sizes(&self) -> [usize; 12] {
        let (h, i) = (self.hidden, self.inter);
        [3 * h * h, 3 * h, h * h, h, h, h, i * h, i, h * i, h, h, h]
    }
}

/// A trainable layer: weights row-major `out × in`, as torch's `Linear`.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// Its shape.
    pub shape: Shape,
    /// Parameter tensors in [`NAMES`] order.
    pub params: Vec<Vec<f32>>,
}

impl Layer {
    /// Layer `i` of a Hugging Face BERT or MPNet checkpoint (`tensors` maps
    /// names such as `encoder.layer.4.attention.self.query.weight` to
    /// row-major data; `names` are the attention's, from
    /// [`crate::BertConfig::attention_names`]).
    ///
    /// # Errors
    /// A missing or mis-sized tensor, named.
    pub fn from_named(get: &dyn Fn(&str) -> Option<Vec<f32>>, i: usize, shape: Shape, names: [&str; 5]) -> Result<Self, String> {
        let p = format!("encoder.layer.{i}");
        let take = |name: &str, len: usize| -> Result<Vec<f32>, String> {
            let full = format!("{p}.{name}");
            let v = get(&full).ok_or_else(|| format!("no tensor {full}"))?;
            if v.len() == len { Ok(v) } else { Err(format!("{full}: {} values, expected {len}", v.len())) }
        };
        let (h, inter) = (shape.hidden, shape.inter);
        let [q, k, v, o, norm1] = names;
        let mut qkv_w = Vec::with_capacity(3 * h * h);
        let mut qkv_b = Vec::with_capacity(3 * h);
        for part in [q, k, v] {
            qkv_w.extend(take(&format!("{part}.weight"), h * h)?);
            qkv_b.extend(take(&format!("{part}.bias"), h)?);
        }
        let params = vec![
            qkv_w,
            qkv_b,
            take(&format!("{o}.weight"), h * h)?,
            take(&format!("{o}.bias"), h)?,
            take(&format!("{norm1}.weight"), h)?,
            take(&format!("{norm1}.bias"), h)?,
            take("intermediate.dense.weight", inter * h)?,
            take("intermediate.dense.bias", inter)?,
            take("output.dense.weight", h * inter)?,
            take("output.dense.bias", h)?,
            take("output.LayerNorm.weight", h)?,
            take("output.LayerNorm.bias", h)?,
        ];
        Ok(Self { shape, params })
    }

    /// Its tensors under Hugging Face names as encoder layer `i` (the
    /// attention's `names` as in [`Layer::from_named`]), with their dims
    /// (the fused query-key-value weights split again): what
    /// [`Layer::from_named`] reads.
    #[must_use]
    pub fn named(&self, i: usize, names: [&str; 5]) -> Vec<(String, &[f32], Vec<usize>)> {
        let (h, inter) = (self.shape.hidden, self.shape.inter);
        let p = format!("encoder.layer.{i}");
        let [q, k, v, o, norm1] = names;
        let mut out = Vec::with_capacity(16);
        for (part, name) in [q, k, v].iter().enumerate() {
            out.push((format!("{p}.{name}.weight"), &self.params[QKV_W][part * h * h..(part + 1) * h * h], vec![h, h]));
            out.push((format!("{p}.{name}.bias"), &self.params[QKV_B][part * h..(part + 1) * h], vec![h]));
        }
        let rest = [
            (format!("{o}.weight"), OUT_W, vec![h, h]),
            (format!("{o}.bias"), OUT_B, vec![h]),
            (format!("{norm1}.weight"), N1_G, vec![h]),
            (format!("{norm1}.bias"), N1_B, vec![h]),
            ("intermediate.dense.weight".into(), UP_W, vec![inter, h]),
            ("intermediate.dense.bias".into(), UP_B, vec![inter]),
            ("output.dense.weight".into(), DOWN_W, vec![h, inter]),
            ("output.dense.bias".into(), DOWN_B, vec![h]),
            ("output.LayerNorm.weight".into(), N2_G, vec![h]),
            ("output.LayerNorm.bias".into(), N2_B, vec![h]),
        ];
        for (name, j, dims) in rest {
            out.push((format!("{p}.{name}"), self.params[j].as_slice(), dims));
        }
        out
    }

    /// Zeroed tensors of this layer's shape (a gradient accumulator).
    #[must_use]
    pub fn zeros_like(&self) -> Vec<Vec<f32>> {
        self.params.iter().map(|p| vec![0.0; p.len()]).collect()
    }
}
