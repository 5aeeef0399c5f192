//! Long articles: overlapping windows of word pieces, one vector per piece.
//!
//! An article's pieces are cut into windows of at most `max_tokens - 2`
//! pieces (room for `[CLS]` and `[SEP]`), starting every `stride` pieces;
//! the last window is shifted back to end at the article's end. Each piece
//! takes its vector from the window where it has the most context on its
//! poorer side (an article boundary counts as full context).

use std::ops::Range;

use crate::{Encoder, Error, Result, WordPieceTokenizer};

/// How to cut articles into encoder windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowConfig {
    /// Longest encoder input, `[CLS]` and `[SEP]` included.
    pub max_tokens: usize,
    /// Pieces between the starts of consecutive windows.
    pub stride: usize,
    /// Windows per encoder call.
    pub batch: usize,
}

impl Default for WindowConfig {
    /// 256-token windows every 192 pieces (62 pieces of overlap), 8 per call.
    fn default() -> Self {
        Self { max_tokens: 256, stride: 192, batch: 8 }
    }
}

impl WindowConfig {
    /// Pieces per window (without the two special tokens).
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.max_tokens.saturating_sub(2)
    }

    fn validate(&self, encoder_max: usize) -> Result<()> {
        let bad = |m: String| Err(Error::Window(m));
        if self.max_tokens < 3 || self.max_tokens > encoder_max {
            return bad(format!("max_tokens {} not in 3..={encoder_max}", self.max_tokens));
        }
        if self.stride == 0 || self.stride > self.capacity() {
            return bad(format!("stride {} not in 1..={}", self.stride, self.capacity()));
        }
        if self.batch == 0 {
            return bad("batch must be at least 1".into());
        }
        Ok(())
    }
}

/// Piece ranges `[start, end)` of the windows covering `n` pieces.
#[must_use]
pub fn plan(n: usize, cfg: &WindowConfig) -> Vec<Range<usize>> {
    let cap = cfg.capacity().max(1);
    let stride = cfg.stride.clamp(1, cap);
    let mut out = Vec::new();
    let mut start = 0;
    while start < n {
        let end = (start + cap).min(n);
        // Shift a short last window back so it has full context.
        out.push(end.saturating_sub(cap)..end);
        if end == n {
            break;
        }
        start += stride;
    }
    out
}

/// For each of `n` pieces, the index of the window where it is most central.
#[must_use]
pub fn owners(windows: &[Range<usize>], n: usize) -> Vec<usize> {
    let context = |w: &Range<usize>, i: usize| {
        let left = if w.start == 0 { usize::MAX } else { i - w.start };
        let right = if w.end == n { usize::MAX } else { w.end - 1 - i };
        left.min(right)
    };
    let mut out = vec![0; n];
    let mut first = 0;
    for (i, owner) in out.iter_mut().enumerate() {
        while windows[first].end <= i {
            first += 1;
        }
        let mut best = first;
        for (w, win) in windows.iter().enumerate().skip(first + 1) {
            if win.start > i {
                break;
            }
            if context(win, i) > context(&windows[best], i) {
                best = w;
            }
        }
        *owner = best;
    }
    out
}

/// One vector per word piece of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenVectors {
    /// Width of each vector.
    pub hidden_size: usize,
    /// `len × hidden_size`, row per piece.
    pub vectors: Vec<f32>,
    /// Vocabulary id of each piece.
    pub ids: Vec<u32>,
    /// Byte span of each piece in the article.
    pub spans: Vec<Range<usize>>,
}

impl TokenVectors {
    /// Number of pieces.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True for an article without pieces.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The vector of piece `i`.
    ///
    /// # Panics
    /// If `i >= self.len()`.
    #[must_use]
    pub fn vector(&self, i: usize) -> &[f32] {
        &self.vectors[i * self.hidden_size..(i + 1) * self.hidden_size]
    }
}

/// Tokenizes `text` and encodes it window by window.
///
/// # Errors
/// Invalid window settings, tokenizer or encoder failures.
pub fn encode_article(
    tokenizer: &WordPieceTokenizer,
    encoder: &dyn Encoder,
    text: &str,
    cfg: &WindowConfig,
) -> Result<TokenVectors> {
    cfg.validate(encoder.max_len())?;
    let pieces = tokenizer.tokenize(text)?;
    let h = encoder.hidden_size();
    let n = pieces.len();
    let windows = plan(n, cfg);
    let owner = owners(&windows, n);
    let mut vectors = vec![0.0; n * h];
    for (b, group) in windows.chunks(cfg.batch).enumerate() {
        let inputs: Vec<Vec<u32>> = group.iter().map(|w| tokenizer.wrap(&pieces.ids[w.clone()])).collect();
        let refs: Vec<&[u32]> = inputs.iter().map(Vec::as_slice).collect();
        let hidden = encoder.encode(&refs)?;
        for (j, w) in group.iter().enumerate() {
            let index = b * cfg.batch + j;
            for i in w.clone().filter(|&i| owner[i] == index) {
                // +1 skips [CLS].
                vectors[i * h..(i + 1) * h].copy_from_slice(hidden.token(j, i - w.start + 1));
            }
        }
    }
    Ok(TokenVectors { hidden_size: h, vectors, ids: pieces.ids, spans: pieces.spans })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(max_tokens: usize, stride: usize) -> WindowConfig {
        WindowConfig { max_tokens, stride, batch: 8 }
    }

    #[test]
    fn plans_cover_every_piece_with_full_windows() {
        for n in [0, 1, 5, 254, 255, 446, 447, 1000, 1234] {
            let c = WindowConfig::default();
            let w = plan(n, &c);
            assert_eq!(w.is_empty(), n == 0);
            if n == 0 {
                continue;
            }
            assert_eq!(w[0].start, 0);
            assert_eq!(w.last().map(|r| r.end), Some(n));
            for pair in w.windows(2) {
                assert!(pair[1].start <= pair[0].end, "gap in {w:?}");
                assert!(pair[1].start > pair[0].start);
            }
            for r in &w {
                assert_eq!(r.len(), n.min(c.capacity()), "window {r:?} for n={n}");
            }
        }
    }

    #[test]
    fn owners_pick_the_most_central_window() {
        let c = cfg(10, 4); // capacity 8: windows 0..8, 4..12, 8..16, 12..20
        let w = plan(20, &c);
        assert_eq!(w, vec![0..8, 4..12, 8..16, 12..20]);
        let o = owners(&w, 20);
        // Piece 5: 0..8 gives min(inf, 2) = 2, 4..12 gives min(1, 6) = 1.
        assert_eq!(o[5], 0);
        // Piece 7: 0..8 gives 0, 4..12 gives min(3, 4) = 3.
        assert_eq!(o[7], 1);
        assert_eq!(o[19], 3);
        for (i, &k) in o.iter().enumerate() {
            assert!(w[k].contains(&i));
        }
    }

    #[test]
    fn rejects_bad_settings() {
        assert!(cfg(2, 1).validate(512).is_err());
        assert!(cfg(256, 0).validate(512).is_err());
        assert!(cfg(256, 255).validate(512).is_err());
        assert!(cfg(600, 100).validate(512).is_err());
        assert!(WindowConfig::default().validate(512).is_ok());
    }
}
