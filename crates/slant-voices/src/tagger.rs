//! The tag set (BIO over source, cue and content), the weights of a linear
//! chain, Viterbi decoding and per-token marginals.

/// Number of tags.
pub(crate) const NT: usize = 7;

/// A role of an attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Source,
    Cue,
    Content,
}

/// A token's tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum Tag {
    #[default]
    O,
    BSource,
    ISource,
    BCue,
    ICue,
    BContent,
    IContent,
}

impl Tag {
    pub const ALL: [Tag; NT] =
        [Tag::O, Tag::BSource, Tag::ISource, Tag::BCue, Tag::ICue, Tag::BContent, Tag::IContent];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn role(self) -> Option<Role> {
        match self {
            Tag::O => None,
            Tag::BSource | Tag::ISource => Some(Role::Source),
            Tag::BCue | Tag::ICue => Some(Role::Cue),
            Tag::BContent | Tag::IContent => Some(Role::Content),
        }
    }

    pub fn begins(self) -> bool {
        matches!(self, Tag::BSource | Tag::BCue | Tag::BContent)
    }

    pub fn begin(role: Role) -> Tag {
        match role {
            Role::Source => Tag::BSource,
            Role::Cue => Tag::BCue,
            Role::Content => Tag::BContent,
        }
    }

    pub fn inside(role: Role) -> Tag {
        match role {
            Role::Source => Tag::ISource,
            Role::Cue => Tag::ICue,
            Role::Content => Tag::IContent,
        }
    }

    /// Whether `next` may follow `prev` (`None`: the sequence start): an
    /// inside tag continues its own role.
    pub fn allowed(prev: Option<Tag>, next: Tag) -> bool {
        match next {
            Tag::ISource | Tag::ICue | Tag::IContent => prev.and_then(Tag::role) == next.role(),
            _ => true,
        }
    }
}

/// Weights of the linear chain: hashed emission weights (`NT` per bucket),
/// transitions, and start weights.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Weights {
    pub bits: u32,
    pub emit: Vec<f32>,
    pub trans: [[f32; NT]; NT],
    pub start: [f32; NT],
}

impl Weights {
    pub fn zeros(bits: u32) -> Self {
        Self { bits, emit: vec![0.0; (1usize << bits) * NT], trans: [[0.0; NT]; NT], start: [0.0; NT] }
    }

    /// Offset of a feature's bucket in `emit`.
    #[inline]
    pub fn bucket(&self, feature: u64) -> usize {
        (feature >> (64 - self.bits)) as usize * NT
    }

    /// Adds the emission scores of `features` to `out`.
    #[inline]
    pub fn emit_into(&self, features: &[u64], out: &mut [f32; NT]) {
        for &f in features {
            let b = self.bucket(f);
            let w = &self.emit[b..b + NT];
            for t in 0..NT {
                out[t] += w[t];
            }
        }
    }
}

/// The best tag sequence for the emission scores `em`.
pub(crate) fn viterbi(w: &Weights, em: &[[f32; NT]]) -> Vec<Tag> {
    let n = em.len();
    if n == 0 {
        return Vec::new();
    }
    let mut back = vec![[0u8; NT]; n];
    let mut score = [f32::NEG_INFINITY; NT];
    for t in Tag::ALL {
        if Tag::allowed(None, t) {
            score[t.index()] = w.start[t.index()] + em[0][t.index()];
        }
    }
    for i in 1..n {
        let mut next = [f32::NEG_INFINITY; NT];
        for t in Tag::ALL {
            let mut best = (f32::NEG_INFINITY, 0u8);
            for p in Tag::ALL {
                if !Tag::allowed(Some(p), t) || score[p.index()] == f32::NEG_INFINITY {
                    continue;
                }
                let s = score[p.index()] + w.trans[p.index()][t.index()];
                if s > best.0 {
                    best = (s, p.index() as u8);
                }
            }
            next[t.index()] = best.0 + em[i][t.index()];
            back[i][t.index()] = best.1;
        }
        score = next;
    }
    let mut last = 0;
    for t in 1..NT {
        if score[t] > score[last] {
            last = t;
        }
    }
    let mut tags = vec![Tag::O; n];
    for i in (0..n).rev() {
        tags[i] = Tag::ALL[last];
        last = back[i][last] as usize;
    }
    tags
}

fn log_sum_exp(xs: &[f32; NT]) -> f32 {
    let m = xs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if m == f32::NEG_INFINITY {
        return m;
    }
    m + xs.iter().map(|&x| (x - m).exp()).sum::<f32>().ln()
}

/// Per-token marginal probability of each tag, the scores divided by
/// `temperature` read as log-potentials (forward-backward).
pub(crate) fn marginals(w: &Weights, em: &[[f32; NT]], temperature: f32) -> Vec<[f32; NT]> {
    let n = em.len();
    let tau = temperature.max(1e-3);
    let mut alpha = vec![[f32::NEG_INFINITY; NT]; n];
    let mut beta = vec![[f32::NEG_INFINITY; NT]; n];
    if n == 0 {
        return Vec::new();
    }
    for t in Tag::ALL {
        if Tag::allowed(None, t) {
            alpha[0][t.index()] = (w.start[t.index()] + em[0][t.index()]) / tau;
        }
    }
    for i in 1..n {
        for t in Tag::ALL {
            let mut terms = [f32::NEG_INFINITY; NT];
            for p in Tag::ALL {
                if Tag::allowed(Some(p), t) {
                    terms[p.index()] = alpha[i - 1][p.index()] + w.trans[p.index()][t.index()] / tau;
                }
            }
            alpha[i][t.index()] = log_sum_exp(&terms) + em[i][t.index()] / tau;
        }
    }
    beta[n - 1] = [0.0; NT];
    for i in (0..n - 1).rev() {
        for p in Tag::ALL {
            let mut terms = [f32::NEG_INFINITY; NT];
            for t in Tag::ALL {
                if Tag::allowed(Some(p), t) {
                    terms[t.index()] = w.trans[p.index()][t.index()] / tau + em[i + 1][t.index()] / tau + beta[i + 1][t.index()];
                }
            }
            beta[i][p.index()] = log_sum_exp(&terms);
        }
    }
    let z = log_sum_exp(&alpha[n - 1]);
    (0..n)
        .map(|i| {
            let mut m = [0.0; NT];
            for t in 0..NT {
                m[t] = (alpha[i][t] + beta[i][t] - z).exp();
            }
            m
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_respects_inside_after_begin() {
        let w = Weights::zeros(4);
        // Emissions prefer I-Cue first, which may not open a sequence.
        let mut em = vec![[0.0; NT]; 3];
        em[0][Tag::ICue.index()] = 5.0;
        em[0][Tag::BSource.index()] = 1.0;
        em[1][Tag::ICue.index()] = 5.0;
        em[2][Tag::O.index()] = 1.0;
        let tags = viterbi(&w, &em);
        // [B-Cue, I-Cue, O] scores 6; opening with the better B-Source
        // forbids the I-Cue that follows.
        assert_eq!(tags, [Tag::BCue, Tag::ICue, Tag::O]);
        assert!(tags.windows(2).all(|p| Tag::allowed(Some(p[0]), p[1])));
        assert!(viterbi(&w, &[]).is_empty());
    }

    #[test]
    fn marginals_sum_to_one_and_favour_the_best() {
        let mut w = Weights::zeros(4);
        w.trans[Tag::O.index()][Tag::O.index()] = 0.5;
        let mut em = vec![[0.0; NT]; 4];
        em[2][Tag::BCue.index()] = 4.0;
        let m = marginals(&w, &em, 1.0);
        for row in &m {
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-4, "{row:?}");
        }
        assert!(m[2][Tag::BCue.index()] > 0.5);
        assert!(m[0][Tag::ICue.index()] < 1e-6);
    }
}
