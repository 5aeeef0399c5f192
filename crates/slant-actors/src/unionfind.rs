//! The union-find under the clustering: which candidates are one actor, with
//! the kind and gender votes of each cluster merged as clusters merge.

use crate::actor::{How, Kind};
use crate::candidate::{Cand, Words};
use crate::lexicon::Gender;

/// Why a short form was left apart.
#[derive(Debug, Clone)]
pub(crate) struct Doubt {
    pub note: String,
    /// Candidates (mention numbers) it could be.
    pub could_be: Vec<usize>,
}

/// The clustering: union-find over candidates with kind and gender votes.
pub(crate) struct Clusters {
    parent: Vec<usize>,
    pub size: Vec<usize>,
    pub votes: Vec<[u32; 4]>,
    pub gender: Vec<[u32; 2]>,
    /// The last word of a title written before a name of the cluster
    /// ("president"), to keep "the defense minister" off a president.
    pub role: Vec<Option<String>>,
    /// Candidates that stay in the output (unresolved descriptions and
    /// pronouns do not).
    pub keep: Vec<bool>,
    pub doubts: Vec<Option<Doubt>>,
}

pub(crate) fn kind_slot(k: Kind) -> usize {
    match k {
        Kind::Person => 0,
        Kind::Organisation => 1,
        Kind::Place => 2,
        Kind::Group => 3,
    }
}
const KINDS: [Kind; 4] = [Kind::Person, Kind::Organisation, Kind::Place, Kind::Group];

impl Clusters {
    pub(crate) fn new(w: &Words<'_>, cands: &[Cand]) -> Self {
        let n = cands.len();
        let mut c = Self {
            parent: (0..n).collect(),
            size: vec![1; n],
            votes: vec![[0; 4]; n],
            gender: vec![[0; 2]; n],
            role: vec![None; n],
            keep: cands
                .iter()
                .map(|c| !matches!(c.how, How::Description | How::Pronoun))
                .collect(),
            doubts: vec![None; n],
        };
        for (i, cand) in cands.iter().enumerate() {
            if let Some((_, last)) = cand.title {
                c.role[i] = Some(w.low[last].clone());
            }
            if let Some((k, s)) = cand.kind {
                c.votes[i][kind_slot(k)] += u32::from(s);
            }
            if let Some(g) = cand.gender {
                c.gender[i][usize::from(g == Gender::Female)] += 1;
            }
        }
        c
    }

    /// The representative of `i`'s cluster.
    pub(crate) fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    pub(crate) fn union(&mut self, a: usize, b: usize) {
        let (mut ra, mut rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        if self.size[ra] < self.size[rb] {
            std::mem::swap(&mut ra, &mut rb);
        }
        self.parent[rb] = ra;
        self.size[ra] += self.size[rb];
        for k in 0..4 {
            self.votes[ra][k] += self.votes[rb][k];
        }
        for g in 0..2 {
            self.gender[ra][g] += self.gender[rb][g];
        }
        if self.role[ra].is_none() {
            self.role[ra] = self.role[rb].take();
        }
    }

    /// The kind with most votes, if any.
    pub(crate) fn kind(&mut self, i: usize) -> Option<Kind> {
        let r = self.find(i);
        let v = self.votes[r];
        let best = (0..4).max_by_key(|&k| (v[k], 4 - k))?;
        (v[best] > 0).then_some(KINDS[best])
    }

    /// Whether a person description with this head can be the cluster of
    /// `i`: a role word ("minister") must not contradict a known title.
    pub(crate) fn role_fits(&mut self, i: usize, head: &str) -> bool {
        let r = self.find(i);
        match &self.role[r] {
            Some(role) if crate::lexicon::is_title(head) => role == head,
            // "the mayor" is no one who was never called one.
            None if crate::lexicon::is_title(head) => false,
            _ => true,
        }
    }

    pub(crate) fn gender_fits(&mut self, i: usize, g: Option<Gender>) -> bool {
        let Some(g) = g else { return true };
        let r = self.find(i);
        let (same, other) = if g == Gender::Female {
            (self.gender[r][1], self.gender[r][0])
        } else {
            (self.gender[r][0], self.gender[r][1])
        };
        other <= same
    }
}
