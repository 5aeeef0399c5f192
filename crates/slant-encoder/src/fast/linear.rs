//! The weights of the fast path: linear layers packed for every kernel that
//! may run them, LayerNorm parameters, and the precision switch.

use std::collections::HashMap;

use candle_core::Tensor;

use super::gemm::{Epilogue, Init, PackedB, matmul, matmul_serial};
use super::isa::Isa;
use super::math::round_bf16;
use crate::{Error, Result};

pub(super) struct Norm {
    pub(super) gamma: Vec<f32>,
    pub(super) beta: Vec<f32>,
}

/// Arithmetic of the linear layers (attention, LayerNorm and the residual
/// stream always run in f32).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precision {
    /// f32 everywhere: matches the candle model to about 1e-5.
    F32,
    /// bf16 inputs with f32 accumulation, on Intel AMX tiles where the CPU
    /// has them, else with AVX-512 BF16 dot products (`VDPBF16PS`, e.g. AMD
    /// Zen 4 and later); f32 elsewhere. Token vectors stay within
    /// cosine 0.9999 of f32, and the heads cross-validate as well on them
    /// (checked with `Bf16Emulated`: SI 0.413, TC 0.652 against 0.409 and
    /// 0.658 in f32). The default.
    #[default]
    Bf16,
    /// Each f32 operand split into two bf16 halves and three AMX products
    /// summed (`hi·hi + hi·lo + lo·hi`): close to f32 accuracy at a third of
    /// the bf16 speed, still about twice the f32 speed; falls back to f32
    /// without AMX.
    Bf16x3,
    /// What `Bf16` computes, on any CPU: operands rounded to bf16 (to
    /// nearest even, as the AMX conversion does) and multiplied by the f32
    /// kernels. For checking the accuracy of `Bf16` on machines without
    /// bf16 arithmetic, where `Bf16` itself runs in f32; no faster than
    /// `F32`.
    Bf16Emulated,
}

/// Which weight layouts a [`Linear`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layouts {
    /// Every layout the CPU's kernels may use, so any precision can run.
    All,
    /// Only what `Precision` runs on this CPU (a model loaded for one
    /// precision: MPNet in bf16 needs 170 MB of weights instead of 680).
    For(Precision),
}

impl Layouts {
    /// The precision the weights of `Layouts::For(p)` actually run in
    /// (`None` for `All`).
    pub(super) fn fixed(self) -> Option<Precision> {
        let Self::For(p) = self else { return None };
        #[cfg(target_arch = "x86_64")]
        {
            let amx = super::amx::available();
            if (p == Precision::Bf16 && (amx || super::bf16::available())) || (p == Precision::Bf16x3 && amx) {
                return Some(p);
            }
        }
        Some(if p == Precision::Bf16Emulated { p } else { Precision::F32 })
    }

    fn wants_f32(self) -> bool {
        matches!(self.fixed(), None | Some(Precision::F32 | Precision::Bf16Emulated))
    }
}

/// A linear layer's weight in the layouts the kernels may use.
pub(super) struct Linear {
    f32: Option<PackedB>,
    #[cfg(target_arch = "x86_64")]
    bf16: Option<super::amx::AmxB>,
    /// For [`Precision::Bf16`] with AVX-512 BF16 but no AMX.
    #[cfg(target_arch = "x86_64")]
    dp: Option<super::bf16::PackedB16>,
    bias: Vec<f32>,
    k: usize,
    n: usize,
}

impl Linear {
    /// The weight `w` (`n` rows of `k`, as in `nn.Linear`) in `layouts`.
    pub(super) fn new(w: &[f32], bias: Vec<f32>, n: usize, k: usize, layouts: Layouts) -> Self {
        #[cfg(target_arch = "x86_64")]
        let (amx, dp) = {
            let (amx, dp) = (super::amx::available(), super::bf16::available());
            match layouts.fixed() {
                None => (amx.then(|| super::amx::AmxB::from_linear_split(w, n, k)), (!amx && dp).then(|| super::bf16::PackedB16::from_linear(w, n, k))),
                Some(Precision::Bf16) if amx => (Some(super::amx::AmxB::from_linear(w, n, k)), None),
                Some(Precision::Bf16) => (None, Some(super::bf16::PackedB16::from_linear(w, n, k))),
                Some(Precision::Bf16x3) => (Some(super::amx::AmxB::from_linear_split(w, n, k)), None),
                Some(_) => (None, None),
            }
        };
        Self {
            f32: layouts.wants_f32().then(|| PackedB::from_linear(w, n, k)),
            #[cfg(target_arch = "x86_64")]
            bf16: amx,
            #[cfg(target_arch = "x86_64")]
            dp,
            bias,
            k,
            n,
        }
    }

    /// Rounds the f32 weights to bf16 values (for [`Precision::Bf16Emulated`]).
    pub(super) fn round_weights_to_bf16(&mut self) {
        if let Some(f) = &mut self.f32 {
            f.map_in_place(round_bf16);
        }
    }

    /// Bytes of packed weights held.
    pub(super) fn weight_bytes(&self) -> usize {
        #[allow(unused_mut)]
        let mut bytes = self.f32.as_ref().map_or(0, |_| 4 * self.k * self.n);
        #[cfg(target_arch = "x86_64")]
        {
            bytes += self.bf16.as_ref().map_or(0, |b| if b.is_split() { 4 } else { 2 } * self.k * self.n);
            bytes += self.dp.as_ref().map_or(0, |_| 2 * self.k * self.n);
        }
        bytes
    }

    /// `c (+)= a · W + bias`, then `epilogue`, over `m` rows; `parallel`
    /// spreads the rows over the rayon pool. A precision whose layout is
    /// absent runs in the one that is there (see [`Layouts::fixed`]).
    pub(super) fn apply(&self, run: Run, a: &[f32], m: usize, c: &mut [f32], accumulate: bool, epilogue: Epilogue<'_>) {
        let (k, n) = (self.k, self.n);
        let init = Init { accumulate, bias: Some(&self.bias) };
        let Some(f32) = &self.f32 else {
            #[cfg(target_arch = "x86_64")]
            if let Some(b) = &self.bf16 {
                let split = run.precision == Precision::Bf16x3;
                return super::amx::matmul(a, k, m, b, c, n, init, epilogue, run.parallel, split);
            }
            #[cfg(target_arch = "x86_64")]
            if let Some(b) = &self.dp {
                return super::bf16::matmul(a, k, m, b, c, n, init, epilogue, run.parallel);
            }
            unreachable!("a Linear holds at least one layout");
        };
        #[cfg(target_arch = "x86_64")]
        if let (Precision::Bf16 | Precision::Bf16x3, Some(b)) = (run.precision, &self.bf16) {
            let split = run.precision == Precision::Bf16x3;
            return super::amx::matmul(a, k, m, b, c, n, init, epilogue, run.parallel, split);
        }
        #[cfg(target_arch = "x86_64")]
        if let (Precision::Bf16, Some(b)) = (run.precision, &self.dp) {
            return super::bf16::matmul(a, k, m, b, c, n, init, epilogue, run.parallel);
        }
        let rounded: Vec<f32>;
        let a = if run.precision == Precision::Bf16Emulated {
            rounded = a[..m * k].iter().map(|&x| round_bf16(x)).collect();
            &rounded[..]
        } else {
            a
        };
        if run.parallel {
            matmul(run.isa, a, k, m, f32, c, n, init, epilogue);
        } else {
            matmul_serial(run.isa, a, k, m, f32, c, n, init, epilogue);
        }
    }
}

/// How one matrix product runs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Run {
    pub(super) isa: Isa,
    pub(super) precision: Precision,
    pub(super) parallel: bool,
}

/// Named tensors: a map in memory, or a memory-mapped safetensors file read
/// one tensor at a time (so a model never holds its whole file and its
/// packed copy at once).
pub(super) enum Weights<'a> {
    Map(&'a HashMap<String, Tensor>),
    Mapped(&'a candle_core::safetensors::MmapedSafetensors),
}

impl Weights<'_> {
    pub(super) fn get(&self, name: &str, shape: &[usize]) -> Result<Vec<f32>> {
        let missing = || Error::WeightShape { name: name.to_owned(), expected: shape.to_vec(), found: Vec::new() };
        let t = match self {
            Self::Map(m) => m.get(name).ok_or_else(missing)?.clone(),
            Self::Mapped(m) => {
                m.get(name).map_err(|_| missing())?;
                m.load(name, &candle_core::Device::Cpu)?
            }
        };
        if t.dims() != shape {
            return Err(Error::WeightShape { name: name.to_owned(), expected: shape.to_vec(), found: t.dims().to_vec() });
        }
        Ok(t.to_dtype(candle_core::DType::F32)?.flatten_all()?.to_vec1()?)
    }

    pub(super) fn norm(&self, prefix: &str, h: usize) -> Result<Norm> {
        Ok(Norm { gamma: self.get(&format!("{prefix}.weight"), &[h])?, beta: self.get(&format!("{prefix}.bias"), &[h])? })
    }
}

