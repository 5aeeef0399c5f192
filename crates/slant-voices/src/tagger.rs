//! The tag set (BILOU over source, cue and content), the weights of a
//! linear chain, and Viterbi decoding.

/// Number of tags: none, and begin / inside / last / unit of each role.
pub(crate) const NT: usize = 13;

/// A role of an attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Source,
    Cue,
    Content,
}

const ROLES: [Role; 3] = [Role::Source, Role::Cue, Role::Content];

/// Where a token sits in its role's run (BILOU).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Pos {
    Begin,
    Inside,
    Last,
    Unit,
}

const POSITIONS: [Pos; 4] = [Pos::Begin, Pos::Inside, Pos::Last, Pos::Unit];

/// A token's tag: `O`, or a role and a position (BILOU).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct Tag(u8);

impl Tag {
    pub const O: Tag = Tag(0);

    pub const ALL: [Tag; NT] = {
        let mut all = [Tag(0); NT];
        let mut i = 0;
        while i < NT {
            all[i] = Tag(i as u8);
            i += 1;
        }
        all
    };

    pub fn new(role: Role, pos: Pos) -> Tag {
        let r = match role {
            Role::Source => 0,
            Role::Cue => 1,
            Role::Content => 2,
        };
        let p = match pos {
            Pos::Begin => 0,
            Pos::Inside => 1,
            Pos::Last => 2,
            Pos::Unit => 3,
        };
        Tag(1 + r * 4 + p)
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub fn role(self) -> Option<Role> {
        (self.0 > 0).then(|| ROLES[(self.0 as usize - 1) / 4])
    }

    pub fn pos(self) -> Option<Pos> {
        (self.0 > 0).then(|| POSITIONS[(self.0 as usize - 1) % 4])
    }

    /// Whether a run starts here.
    pub fn begins(self) -> bool {
        matches!(self.pos(), Some(Pos::Begin | Pos::Unit))
    }

    /// Whether a run is open after this tag (begin or inside).
    fn open(self) -> bool {
        matches!(self.pos(), Some(Pos::Begin | Pos::Inside))
    }

    /// Whether a sequence may end on this tag.
    pub fn can_end(self) -> bool {
        !self.open()
    }

    /// Whether `next` may follow `prev` (`None`: the sequence start): an
    /// open run continues with its own role's inside or last tag; otherwise
    /// only `O`, begin or unit tags come.
    pub fn allowed(prev: Option<Tag>, next: Tag) -> bool {
        match prev {
            Some(p) if p.open() => p.role() == next.role() && matches!(next.pos(), Some(Pos::Inside | Pos::Last)),
            _ => next == Tag::O || next.begins(),
        }
    }

    /// BILOU tags of runs given as a role (or none) per token and whether a
    /// run begins there.
    pub fn encode(roles: &[Option<Role>], begins: &[bool]) -> Vec<Tag> {
        (0..roles.len())
            .map(|i| {
                let Some(role) = roles[i] else { return Tag::O };
                let first = begins[i] || i == 0 || roles[i - 1] != Some(role);
                let goes_on = i + 1 < roles.len() && roles[i + 1] == Some(role) && !begins[i + 1];
                let pos = match (first, goes_on) {
                    (true, true) => Pos::Begin,
                    (true, false) => Pos::Unit,
                    (false, true) => Pos::Inside,
                    (false, false) => Pos::Last,
                };
                Tag::new(role, pos)
            })
            .collect()
    }
}

/// Weights of the linear chain: hashed emission weights (`NT` per bucket),
/// transitions, and start weights.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Weights {
    pub bits: u32,
    /// `NT` weights per bucket; empty in a model read from a file, whose
    /// weights are packed (`Model::emit` rebuilds them).
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

/// Transition scores with the forbidden moves at minus infinity, and the
/// same for the start (the tests' reference).
#[cfg(test)]
fn masked(w: &Weights) -> ([[f32; NT]; NT], [f32; NT]) {
    let mut trans = [[f32::NEG_INFINITY; NT]; NT];
    let mut start = [f32::NEG_INFINITY; NT];
    for t in Tag::ALL {
        if Tag::allowed(None, t) {
            start[t.index()] = w.start[t.index()];
        }
        for p in Tag::ALL {
            if Tag::allowed(Some(p), t) {
                trans[p.index()][t.index()] = w.trans[p.index()][t.index()];
            }
        }
    }
    (trans, start)
}

/// The allowed moves of the tag set, computed once.
struct Moves {
    /// For each tag, the tags it may follow, in index order (61 of 169).
    preds: [Vec<u8>; NT],
    /// Whether each tag may open a sequence.
    opens: [bool; NT],
}

fn moves() -> &'static Moves {
    static MOVES: std::sync::OnceLock<Moves> = std::sync::OnceLock::new();
    MOVES.get_or_init(|| Moves {
        preds: std::array::from_fn(|t| {
            (0..NT as u8).filter(|&p| Tag::allowed(Some(Tag::ALL[usize::from(p)]), Tag::ALL[t])).collect()
        }),
        opens: std::array::from_fn(|t| Tag::allowed(None, Tag::ALL[t])),
    })
}

/// The best tag sequence for the emission scores `em`.
pub(crate) fn viterbi(w: &Weights, em: &[[f32; NT]]) -> Vec<Tag> {
    let n = em.len();
    if n == 0 {
        return Vec::new();
    }
    // Only the allowed moves are searched: the others would score minus
    // infinity and never win, so this is the full search's answer, and
    // the transition weights need no mask.
    let Moves { preds, opens } = moves();
    let trans = &w.trans;
    let mut back = vec![[0u8; NT]; n];
    let mut score = [0f32; NT];
    for t in 0..NT {
        score[t] = if opens[t] { w.start[t] } else { f32::NEG_INFINITY } + em[0][t];
    }
    for i in 1..n {
        let mut next = [f32::NEG_INFINITY; NT];
        for t in 0..NT {
            let (mut best, mut arg) = (f32::NEG_INFINITY, 0u8);
            for &p in &preds[t] {
                let p = usize::from(p);
                let s = score[p] + trans[p][t];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            next[t] = best + em[i][t];
            back[i][t] = arg;
        }
        score = next;
    }
    let mut last = 0;
    for t in 1..NT {
        if Tag::ALL[t].can_end() && score[t] > score[last] {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_respects_inside_after_begin() {
        let w = Weights::zeros(4);
        // Emissions prefer I-Cue first, which may not open a sequence.
        let cue = |p| Tag::new(Role::Cue, p);
        let mut em = vec![[0.0; NT]; 3];
        em[0][cue(Pos::Inside).index()] = 5.0;
        em[0][Tag::new(Role::Source, Pos::Unit).index()] = 1.0;
        em[1][cue(Pos::Inside).index()] = 5.0;
        em[2][Tag::O.index()] = 1.0;
        let tags = viterbi(&w, &em);
        // I-Cue may neither open nor end a sequence: [B, I, L] scores 5,
        // more than opening with the U-Source (1) or ending on O (1).
        assert_eq!(tags, [cue(Pos::Begin), cue(Pos::Inside), cue(Pos::Last)]);
        assert!(tags.windows(2).all(|p| Tag::allowed(Some(p[0]), p[1])));
        assert!(viterbi(&w, &[]).is_empty());
    }

    #[test]
    fn viterbi_finds_the_best_allowed_sequence() {
        // Against every sequence of 4 tags, on seeded pseudo-random scores.
        let mut w = Weights::zeros(4);
        let mut seed = 7u64;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 40) as f32 / (1u64 << 24) as f32 * 4.0 - 2.0
        };
        for p in 0..NT {
            w.start[p] = next();
            for t in 0..NT {
                w.trans[p][t] = next();
            }
        }
        let (trans, start) = masked(&w);
        for _ in 0..5 {
            let em: Vec<[f32; NT]> = (0..4).map(|_| std::array::from_fn(|_| next())).collect();
            let score = |tags: &[usize]| {
                let mut s = start[tags[0]] + em[0][tags[0]];
                for i in 1..tags.len() {
                    s += trans[tags[i - 1]][tags[i]] + em[i][tags[i]];
                }
                s
            };
            let mut best = f32::NEG_INFINITY;
            for code in 0..NT.pow(4) {
                let tags: Vec<usize> = (0..4).map(|i| code / NT.pow(i) % NT).collect();
                if Tag::ALL[tags[3]].can_end() {
                    best = best.max(score(&tags));
                }
            }
            let found: Vec<usize> = viterbi(&w, &em).iter().map(|t| t.index()).collect();
            assert!((score(&found) - best).abs() < 1e-4, "{} against {best}", score(&found));
        }
    }

    #[test]
    fn no_run_stays_open_at_the_end() {
        let w = Weights::zeros(4);
        let mut em = vec![[0.0; NT]; 2];
        em[1][Tag::new(Role::Cue, Pos::Begin).index()] = 9.0;
        let tags = viterbi(&w, &em);
        assert!(tags[1].can_end(), "{tags:?}");
        assert!(viterbi(&w, &[]).is_empty());
    }

    #[test]
    fn encode_gives_bilou() {
        let (c, s) = (Some(Role::Content), Some(Role::Source));
        let tags = Tag::encode(&[None, c, c, c, s, c, c], &[false, true, false, false, true, true, true]);
        let want = [
            Tag::O,
            Tag::new(Role::Content, Pos::Begin),
            Tag::new(Role::Content, Pos::Inside),
            Tag::new(Role::Content, Pos::Last),
            Tag::new(Role::Source, Pos::Unit),
            Tag::new(Role::Content, Pos::Unit),
            Tag::new(Role::Content, Pos::Unit),
        ];
        assert_eq!(tags, want);
        assert!(tags.windows(2).all(|p| Tag::allowed(Some(p[0]), p[1])));
    }
}
