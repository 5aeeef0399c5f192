//! [`FastBert`]: the inference forward pass over packed f32 weights.

use rayon::prelude::*;

use super::attention::{self, Heads};
use super::gemm::Epilogue;
use super::isa::Isa;
pub use super::linear::Precision;
use super::linear::{Layouts, Linear, Norm, Run};
use super::math::layer_norm_rows;
use super::relative::RelativeBias;
use crate::encoder::{Encoder, Hidden};
use crate::{BertConfig, Error, Result};

mod load;

/// Rows per parallel LayerNorm / embedding job.
const ROW_CHUNK: usize = 32;

struct Layer {
    qkv: Linear,
    out: Linear,
    norm1: Norm,
    up: Linear,
    down: Linear,
    norm2: Norm,
}

/// BERT inference on the CPU with our own kernels: the same maths as
/// [`crate::BertModel`] (eval mode), several times faster. Also runs MPNet
/// (`model_type: "mpnet"`): the same layers, positions counted from
/// `pad_token_id + 1`, no token types, and a relative position bias.
pub struct FastBert {
    cfg: BertConfig,
    isa: Isa,
    precision: Precision,
    word: Vec<f32>,
    /// Position embedding (from [`BertConfig::position_offset`]) plus
    /// token-type 0 (BERT), pre-added.
    position: Vec<f32>,
    /// MPNet's relative position bias, shared by every layer.
    relative: Option<RelativeBias>,
    norm: Norm,
    layers: Vec<Layer>,
    /// Layers whose output each token's vector concatenates (0: the
    /// embeddings, `n`: the last layer).
    outputs: Vec<usize>,
    /// The weight layouts packed: all, or one precision's.
    layouts: Layouts,
    /// Attention products in bf16 on AMX too (in [`Precision::Bf16`]
    /// where AMX is available; f32 otherwise).
    bf16_attention: bool,
}

/// Whether the AMX kernels can run here.
fn amx_available() -> bool {
    #[cfg(target_arch = "x86_64")]
    return super::amx::available();
    #[cfg(not(target_arch = "x86_64"))]
    false
}

impl FastBert {
    /// Forces a kernel family (e.g. [`Isa::Portable`] to test the fallback).
    ///
    /// # Panics
    /// If this CPU cannot run `isa` ([`Isa::supported`]).
    #[must_use]
    pub fn with_isa(mut self, isa: Isa) -> Self {
        assert!(isa.supported(), "this CPU cannot run {isa:?} kernels");
        self.isa = isa;
        self
    }

    /// Chooses the arithmetic of the linear layers; a model loaded for one
    /// precision ([`FastBert::from_safetensors_for`]) keeps it.
    #[must_use]
    pub fn with_precision(mut self, precision: Precision) -> Self {
        if self.layouts != Layouts::All {
            return self;
        }
        if precision == Precision::Bf16Emulated && self.precision != Precision::Bf16Emulated {
            for l in &mut self.layers {
                for lin in [&mut l.qkv, &mut l.out, &mut l.up, &mut l.down] {
                    lin.round_weights_to_bf16();
                }
            }
        }
        self.precision = precision;
        self
    }

    /// Makes each token's vector the concatenation of the outputs of
    /// `layers` (0: the embeddings; the last layer by default). Layers
    /// above the highest of them are not run.
    ///
    /// # Errors
    /// [`Error::UnsupportedConfig`] for an empty list or a layer past the last.
    pub fn with_outputs(mut self, layers: &[usize]) -> Result<Self> {
        if layers.is_empty() || layers.iter().any(|&l| l > self.layers.len()) {
            return Err(Error::UnsupportedConfig(format!("output layers {layers:?} not in 0..={}", self.layers.len())));
        }
        self.outputs = layers.to_vec();
        Ok(self)
    }

    /// The layers whose outputs make a token's vector.
    #[must_use]
    pub fn outputs(&self) -> &[usize] {
        &self.outputs
    }

    /// Width of a token's vector: hidden size times output layers.
    #[must_use]
    pub fn output_width(&self) -> usize {
        self.cfg.hidden_size * self.outputs.len()
    }

    /// With `on`, the attention's two products also run in bf16 on AMX
    /// (queries, keys, probabilities and values rounded; f32 sums and
    /// softmax) when the linear layers run [`Precision::Bf16`] on AMX;
    /// elsewhere the attention stays f32. Off by default: the committed
    /// heads were trained on f32 attention.
    #[must_use]
    pub fn with_bf16_attention(mut self, on: bool) -> Self {
        self.bf16_attention = on;
        self
    }

    /// Whether the attention products run in bf16 (see
    /// [`FastBert::with_bf16_attention`]).
    #[must_use]
    pub fn bf16_attention(&self) -> bool {
        self.bf16_attention && self.precision() == Precision::Bf16 && self.isa == Isa::Avx512 && amx_available()
    }

    /// The precision actually used: bf16×3 only where AMX is available,
    /// bf16 also where AVX-512 BF16 is.
    #[must_use]
    pub fn precision(&self) -> Precision {
        if let Some(p) = self.layouts.fixed() {
            return p;
        }
        if self.precision == Precision::Bf16Emulated {
            return self.precision;
        }
        #[cfg(target_arch = "x86_64")]
        if self.precision != Precision::F32 && self.isa == Isa::Avx512 && super::amx::available() {
            return self.precision;
        }
        #[cfg(target_arch = "x86_64")]
        if self.precision == Precision::Bf16 && super::bf16::available() {
            return self.precision;
        }
        Precision::F32
    }

    /// Bytes of weights held: embeddings, position tables and the packed
    /// linear layers.
    #[must_use]
    pub fn weight_bytes(&self) -> usize {
        let floats = self.word.len() + self.position.len() + self.norm.gamma.len() * 2;
        let layers: usize = self.layers.iter().map(|l| [&l.qkv, &l.out, &l.up, &l.down].iter().map(|x| x.weight_bytes()).sum::<usize>()).sum();
        4 * floats + layers
    }

    /// The model configuration.
    #[must_use]
    pub fn config(&self) -> &BertConfig {
        &self.cfg
    }

    fn check(&self, seqs: &[&[u32]]) -> Result<()> {
        for s in seqs {
            if s.is_empty() || s.len() > self.cfg.max_len() {
                return Err(Error::SequenceLength { len: s.len(), max: self.cfg.max_len() });
            }
            if let Some(&id) = s.iter().find(|&&id| id as usize >= self.cfg.vocab_size) {
                return Err(Error::TokenId { id, vocab: self.cfg.vocab_size });
            }
        }
        Ok(())
    }

    fn embed(&self, seqs: &[&[u32]], x: &mut [f32]) {
        let h = self.cfg.hidden_size;
        let mut rows: Vec<(u32, usize)> = Vec::with_capacity(x.len() / h);
        for s in seqs {
            rows.extend(s.iter().enumerate().map(|(pos, &id)| (id, pos)));
        }
        let eps = self.cfg.layer_norm_eps as f32;
        x.par_chunks_mut(ROW_CHUNK * h).zip(rows.par_chunks(ROW_CHUNK)).for_each(|(xs, ids)| {
            for (row, &(id, pos)) in xs.chunks_exact_mut(h).zip(ids) {
                let word = &self.word[id as usize * h..][..h];
                let position = &self.position[pos * h..][..h];
                for ((v, w), p) in row.iter_mut().zip(word).zip(position) {
                    *v = w + p;
                }
            }
            layer_norm_rows(self.isa, xs, &self.norm.gamma, &self.norm.beta, eps);
        });
    }

    /// Self-attention of sequences of `lens` rows, one after another.
    fn attention(&self, lens: &[usize], qkv: &[f32], ctx: &mut [f32]) {
        let h = self.cfg.hidden_size;
        let heads = self.cfg.num_attention_heads;
        let shape = Heads { hidden: h, head_dim: self.cfg.head_dim() };
        let mut starts = Vec::with_capacity(lens.len());
        let mut row = 0;
        for &len in lens {
            starts.push((row, len));
            row += len;
        }
        let ctx_ptr = SyncPtr(ctx.as_mut_ptr());
        let amx_attention = self.bf16_attention();
        (0..starts.len() * heads).into_par_iter().for_each(|item| {
            let (row, len) = starts[item / heads];
            let head = item % heads;
            let bias = self.relative.as_ref().map(|r| r.head(head, len));
            // SAFETY: rows row..row + len exist in both buffers (sized from
            // the same sequences); each item writes only its own head's
            // columns of its own sequence's rows.
            unsafe {
                let (qkv, ctx) = (qkv[row * 3 * h..].as_ptr(), ctx_ptr.get().add(row * h));
                #[cfg(target_arch = "x86_64")]
                if amx_attention {
                    attention::head_amx(shape, head, len, qkv, ctx, bias);
                    return;
                }
                attention::head(self.isa, shape, head, len, qkv, ctx, bias);
            }
        });
    }

    /// Hidden states of the last layer for each sequence (no padding
    /// needed: every sequence attends only to itself).
    ///
    /// Several sequences are split into one group per thread (more when a
    /// group would pass 2,048 tokens, so that long articles need no larger
    /// buffers), each group running the whole network; within a group the
    /// matrix products are parallel too, so an idle thread steals work from
    /// a busy one.
    ///
    /// # Errors
    /// An empty or over-long sequence, or a token id outside the vocabulary.
    pub fn forward(&self, seqs: &[&[u32]]) -> Result<Hidden> {
        self.check(seqs)?;
        let h = self.output_width();
        let groups = split_by_tokens(seqs, group_count(seqs.iter().map(|s| s.len()).sum()));
        let states: Vec<Vec<f32>> = groups.par_iter().map(|g| self.forward_group(g)).collect();
        let mut offsets = Vec::with_capacity(seqs.len() + 1);
        offsets.push(0);
        for s in seqs {
            offsets.push(offsets.last().copied().unwrap_or(0) + s.len());
        }
        let data = if states.len() == 1 { states.into_iter().next().unwrap_or_default() } else { states.concat() };
        Ok(Hidden::new(h, data, offsets))
    }

    /// The whole network over one group of sequences.
    fn forward_group(&self, seqs: &[&[u32]]) -> Vec<f32> {
        let h = self.cfg.hidden_size;
        let t: usize = seqs.iter().map(|s| s.len()).sum();
        // Taken out rather than borrowed: the rayon calls below may run
        // another group's forward on this thread while this one waits.
        let mut ws = WORKSPACE.take();
        let Workspace { x, qkv, ctx } = &mut ws;
        // Grown, never shrunk: every value used is written before it is read.
        for (buf, len) in [(&mut *x, t * h), (&mut *qkv, t * 3 * h), (&mut *ctx, t * h)] {
            grow(buf, len);
        }
        let (x, qkv, ctx) = (&mut x[..t * h], &mut qkv[..t * 3 * h], &mut ctx[..t * h]);
        self.embed(seqs, x);
        let lens: Vec<usize> = seqs.iter().map(|s| s.len()).collect();
        let last_only = self.outputs == [self.layers.len()];
        let mut out = if last_only { Vec::new() } else { vec![0.0; t * self.output_width()] };
        self.emit(0, x, &mut out);
        self.run_layers(&lens, x, qkv, ctx, &mut out);
        if last_only {
            out = x[..t * h].to_vec();
        }
        WORKSPACE.set(ws);
        out
    }
}

impl FastBert {
    /// The last layer's states of sequences given as the states before the
    /// first layer (`len × hidden` each, row-major): the model of
    /// [`FastBert::layers_from_tensors`] on the output of a lower one.
    ///
    /// # Errors
    /// An empty, over-long or ragged sequence.
    pub fn forward_states(&self, states: &[&[f32]]) -> Result<Hidden> {
        let h = self.cfg.hidden_size;
        for s in states {
            let len = s.len() / h;
            if s.is_empty() || s.len() % h != 0 || len > self.cfg.max_len() {
                return Err(Error::SequenceLength { len, max: self.cfg.max_len() });
            }
        }
        let groups = split_by_tokens(states, group_count(states.iter().map(|s| s.len()).sum::<usize>() / h));
        let data: Vec<f32> = groups
            .par_iter()
            .map(|g| {
                let lens: Vec<usize> = g.iter().map(|s| s.len() / h).collect();
                let t: usize = lens.iter().sum();
                let mut ws = WORKSPACE.take();
                let Workspace { x, qkv, ctx } = &mut ws;
                x.clear();
                g.iter().for_each(|s| x.extend_from_slice(s));
                grow(qkv, t * 3 * h);
                grow(ctx, t * h);
                self.run_layers(&lens, x, &mut qkv[..t * 3 * h], &mut ctx[..t * h], &mut []);
                let out = x[..t * h].to_vec();
                WORKSPACE.set(ws);
                out
            })
            .collect::<Vec<_>>()
            .concat();
        let mut offsets = vec![0];
        for s in states {
            offsets.push(offsets.last().copied().unwrap_or(0) + s.len() / h);
        }
        Ok(Hidden::new(h, data, offsets))
    }

    /// Every layer over the states `x` of sequences of `lens` rows,
    /// emitting the wanted outputs into `out` (empty: none).
    fn run_layers(&self, lens: &[usize], x: &mut [f32], qkv: &mut [f32], ctx: &mut [f32], out: &mut [f32]) {
        let t: usize = lens.iter().sum();
        let run = Run { isa: self.isa, precision: self.precision(), parallel: true };
        // Layers above the highest output change nothing that is read.
        let depth = self.outputs.iter().copied().max().unwrap_or(self.layers.len());
        for (i, l) in self.layers.iter().take(depth).enumerate() {
            l.qkv.apply(run, x, t, qkv, false, Epilogue::None);
            self.attention(lens, qkv, ctx);
            self.row_local(l, run, ctx, x);
            self.emit(i + 1, x, out);
        }
    }

    /// Copies the states `x` after `layer` into their columns of `out`
    /// (nothing when only the last layer is wanted: `out` is then empty).
    fn emit(&self, layer: usize, x: &[f32], out: &mut [f32]) {
        if out.is_empty() {
            return;
        }
        let h = self.cfg.hidden_size;
        let k = self.outputs.len();
        for (j, _) in self.outputs.iter().enumerate().filter(|&(_, &l)| l == layer) {
            for (dst, src) in out.chunks_exact_mut(k * h).zip(x.chunks_exact(h)) {
                dst[j * h..(j + 1) * h].copy_from_slice(src);
            }
        }
    }

    /// Everything after attention is row-local: output projection, residual,
    /// LayerNorm, feed-forward, residual, LayerNorm. Each block of rows runs
    /// the whole chain on one thread, its feed-forward activations staying
    /// in cache.
    fn row_local(&self, l: &Layer, run: Run, ctx: &[f32], x: &mut [f32]) {
        let (h, inter) = (self.cfg.hidden_size, self.cfg.intermediate_size);
        let eps = self.cfg.layer_norm_eps as f32;
        let t = x.len() / h;
        let block = row_block(t, run.precision);
        let serial = Run { parallel: false, ..run };
        x.par_chunks_mut(block * h).zip(ctx.par_chunks(block * h)).for_each(|(xs, cs)| {
            let rows = xs.len() / h;
            let mut up = FEED_FORWARD.take();
            grow(&mut up, rows * inter);
            let up_rows = &mut up[..rows * inter];
            let norm1 = Epilogue::LayerNorm { gamma: &l.norm1.gamma, beta: &l.norm1.beta, eps };
            l.out.apply(serial, cs, rows, xs, true, norm1);
            l.up.apply(serial, xs, rows, up_rows, false, Epilogue::Gelu);
            let norm2 = Epilogue::LayerNorm { gamma: &l.norm2.gamma, beta: &l.norm2.beta, eps };
            l.down.apply(serial, up_rows, rows, xs, true, norm2);
            FEED_FORWARD.set(up);
        });
    }
}

/// Rows per row-local block: about two blocks per thread, whole micro-panels.
fn row_block(t: usize, precision: Precision) -> usize {
    // AMX works on 32-row blocks; the other kernels on `MR`-row micro-panels.
    let amx = matches!(precision, Precision::Bf16 | Precision::Bf16x3) && amx_available();
    let unit = if amx { 32 } else { super::gemm::MR };
    let threads = rayon::current_num_threads().max(1);
    t.div_ceil(2 * threads).next_multiple_of(unit).clamp(unit, 8 * unit)
}

/// Makes `buf` at least `len` long, zeroing only the values it adds (a
/// reused buffer shrunk and grown again would be zeroed on every call).
fn grow(buf: &mut Vec<f32>, len: usize) {
    if buf.len() < len {
        buf.resize(len, 0.0);
    }
}

thread_local! {
    /// Per-thread feed-forward activations of one row block.
    static FEED_FORWARD: std::cell::Cell<Vec<f32>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Reusable activation buffers, one set per thread (avoids page faults
/// from fresh allocations on every call).
#[derive(Default)]
struct Workspace {
    x: Vec<f32>,
    qkv: Vec<f32>,
    ctx: Vec<f32>,
}

thread_local! {
    static WORKSPACE: std::cell::RefCell<Workspace> = std::cell::RefCell::new(Workspace::default());
}

/// Most tokens one group runs at once: its activation buffers (about 15
/// KiB a token for a 768-wide model) stay bounded on long articles.
const GROUP_TOKENS: usize = 2048;

/// Groups for `tokens` tokens: one per thread, more when a group would
/// pass [`GROUP_TOKENS`].
fn group_count(tokens: usize) -> usize {
    rayon::current_num_threads().max(tokens.div_ceil(GROUP_TOKENS))
}

/// Splits `seqs` into at most `parts` contiguous groups of similar token counts.
fn split_by_tokens<'a, 'b, T>(seqs: &'b [&'a [T]], parts: usize) -> Vec<&'b [&'a [T]]> {
    let total: usize = seqs.iter().map(|s| s.len()).sum();
    let parts = parts.clamp(1, seqs.len().max(1));
    let mut groups = Vec::with_capacity(parts);
    let (mut start, mut acc) = (0, 0);
    for (i, s) in seqs.iter().enumerate() {
        acc += s.len();
        // Close a group once it reaches its share of the tokens.
        if acc * parts >= total * (groups.len() + 1) && groups.len() + 1 < parts {
            groups.push(&seqs[start..=i]);
            start = i + 1;
        }
    }
    if start < seqs.len() || groups.is_empty() {
        groups.push(&seqs[start..]);
    }
    groups
}

impl Encoder for FastBert {
    fn hidden_size(&self) -> usize {
        self.output_width()
    }

    fn max_len(&self) -> usize {
        self.cfg.max_len()
    }

    fn encode(&self, seqs: &[&[u32]]) -> Result<Hidden> {
        self.forward(seqs)
    }
}

#[derive(Clone, Copy)]
struct SyncPtr(*mut f32);
// SAFETY: used only for disjoint writes (see `attention`).
unsafe impl Send for SyncPtr {}
// SAFETY: as above.
unsafe impl Sync for SyncPtr {}

impl SyncPtr {
    /// The pointer (a method, so closures capture the `Send` wrapper).
    fn get(self) -> *mut f32 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::split_by_tokens;

    #[test]
    fn model_can_be_shared_across_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<super::FastBert>();
        shareable::<crate::BertModel>();
    }

    #[test]
    fn groups_cover_all_sequences_in_order() {
        let a = [1u32; 256];
        let b = [1u32; 10];
        for seqs in [vec![&a[..]; 8], vec![&a[..], &b[..], &b[..], &a[..], &b[..]], vec![&b[..]], vec![]] {
            for parts in 1..5 {
                let groups = split_by_tokens(&seqs, parts);
                assert!(groups.len() <= parts.max(1));
                let flat: Vec<&[u32]> = groups.iter().flat_map(|g| g.iter().copied()).collect();
                assert_eq!(flat, seqs);
            }
        }
        assert_eq!(split_by_tokens(&[&a[..]; 8], 2).iter().map(|g| g.len()).collect::<Vec<_>>(), [4, 4]);
    }
}
