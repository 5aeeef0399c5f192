//! Alias evidence written into the sentence: "also known as X, Y and Z",
//! "X, known as Y", and appositions ("the then President, Mohammad Ali
//! Rajayee"; "Hassan Nasrallah, the leader of Hezbollah").

use crate::hash::HashMap;

use crate::actor::{How, Kind};
use crate::candidate::{Cand, MEDIUM, Words};

/// Pairs of candidates the text says are one actor.
#[derive(Debug, Default)]
pub(crate) struct Links {
    pub pairs: Vec<(usize, usize)>,
}

impl Links {
    pub(crate) fn join(&mut self, a: usize, b: usize) {
        if a != b {
            self.pairs.push((a, b));
        }
    }
}

/// Candidates by the word they start or end on.
pub(crate) struct CandIndex {
    name_first: HashMap<usize, usize>,
    name_last: HashMap<usize, usize>,
    desc_first: HashMap<usize, usize>,
}

impl CandIndex {
    pub(crate) fn new(cands: &[Cand]) -> Self {
        let mut ix = Self {
            name_first: HashMap::default(),
            name_last: HashMap::default(),
            desc_first: HashMap::default(),
        };
        for (n, c) in cands.iter().enumerate() {
            match c.how {
                How::Name | How::Alias | How::Acronym => {
                    ix.name_first.insert(c.first, n);
                    ix.name_last.insert(c.last, n);
                }
                How::Description => {
                    ix.desc_first.insert(c.first, n);
                }
                How::Pronoun => {}
            }
        }
        ix
    }
    pub(crate) fn name_starting(&self, tok: usize) -> Option<usize> {
        self.name_first.get(&tok).copied()
    }
    pub(crate) fn name_ending(&self, tok: usize) -> Option<usize> {
        self.name_last.get(&tok).copied()
    }
    pub(crate) fn description_starting(&self, tok: usize) -> Option<usize> {
        self.desc_first.get(&tok).copied()
    }
    /// The acronym candidate that is exactly word `tok`.
    pub(crate) fn acronym_at(&self, tok: usize) -> Option<usize> {
        self.name_starting(tok)
            .filter(|&n| self.name_ending(tok) == Some(n))
    }
}

/// Prepositions after which a name is not the head of its noun phrase.
const PREPOSITIONS: &[&str] = &[
    "from", "in", "at", "to", "of", "near", "for", "with", "by", "on", "into", "across",
];

/// "X (also known as Y, Z and W)", "X, known as Y", "X, a.k.a. Y".
pub(crate) fn find_known_as(w: &Words<'_>, cands: &mut [Cand], idx: &CandIndex, links: &mut Links) {
    for k in 0..w.len() {
        let phrase_end = match w.low[k].as_str() {
            "known" if k + 1 < w.len() && w.low[k + 1] == "as" && w.joined(k) => k + 1,
            "aka" | "a.k.a" => k,
            _ => continue,
        };
        let mut start = k;
        if start > 0
            && matches!(
                w.low[start - 1].as_str(),
                "also" | "better" | "formerly" | "otherwise" | "commonly"
            )
        {
            start -= 1;
        }
        if start == 0 {
            continue;
        }
        let q = start - 1;
        if !w
            .gap_after(q)
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, ',' | '(' | ')'))
        {
            continue;
        }
        let Some(ante) = idx.name_ending(q) else {
            continue;
        };
        let a_first = cands[ante].first;
        if a_first > 0 && PREPOSITIONS.contains(&w.low[a_first - 1].as_str()) {
            continue; // "farmers from Valdivia, known as …": the alias is the farmers'
        }
        let mut j = phrase_end + 1;
        for _ in 0..8 {
            if j < w.len() && w.low[j] == "the" && w.joined(j) {
                j += 1;
            }
            let Some(item) = (j < w.len()).then(|| idx.name_starting(j)).flatten() else {
                break;
            };
            let last = cands[item].last;
            let gap = w.gap_after(last);
            let next = w.low.get(last + 1).map_or("", String::as_str);
            let boundary = last + 1 == w.len()
                || gap.contains([',', ')', '.', ';'])
                || matches!(next, "and" | "or");
            if !boundary || clash(&cands[ante], &cands[item]) {
                break; // "also known as the Kony group": Kony is not the alias
            }
            links.join(ante, item);
            if cands[item].how == How::Name {
                cands[item].how = How::Alias;
            }
            if gap.contains(',') {
                j = last + 1;
                if j < w.len() && matches!(w.low[j].as_str(), "and" | "or") {
                    j += 1;
                }
            } else if matches!(next, "and" | "or") && !gap.contains(['.', ')', ';']) {
                j = last + 2;
            } else {
                break;
            }
        }
    }
}

/// Whether two candidates have clearly different kinds.
fn clash(a: &Cand, b: &Cand) -> bool {
    matches!((a.kind, b.kind), (Some((ka, sa)), Some((kb, sb))) if ka != kb && sa >= MEDIUM && sb >= MEDIUM)
}

/// Appositions between a description and a name: "the DESC, NAME" and
/// "NAME, the DESC" (followed by a comma, period, "of" or "who").
pub(crate) fn find_appositions(w: &Words<'_>, cands: &[Cand], idx: &CandIndex, links: &mut Links) {
    for (d, c) in cands
        .iter()
        .enumerate()
        .filter(|(_, c)| c.how == How::Description)
    {
        let compatible = |n: usize| {
            let acronym_person = c.refers_to == Some(Kind::Person) && cands[n].how == How::Acronym;
            !acronym_person
                && match (c.refers_to, cands[n].kind) {
                    (Some(r), Some((k, s))) => r == k || (s < MEDIUM && r != Kind::Place),
                    _ => true,
                }
        };
        // the DESC, NAME; the DESC of the X, NAME
        let mut end = c.last;
        if end + 2 < w.len() && w.joined(end) && matches!(w.low[end + 1].as_str(), "of" | "for") {
            let inner = idx
                .description_starting(end + 2)
                .or_else(|| idx.name_starting(end + 2));
            let inner = inner.or_else(|| {
                (w.low[end + 2] == "the")
                    .then(|| idx.name_starting(end + 3))
                    .flatten()
            });
            if let Some(x) = inner {
                end = cands[x].last;
            }
        }
        if end + 1 < w.len()
            && w.gap_after(end).trim() == ","
            && let Some(n) = idx.name_starting(end + 1).filter(|&n| compatible(n))
        {
            links.join(d, n);
            continue;
        }
        // "the Abu Ghraib prison": a place or organisation word after a name.
        if c.last > c.first + 1
            && matches!(c.refers_to, Some(Kind::Place | Kind::Organisation))
            && let Some(n) = idx
                .name_ending(c.last - 1)
                .filter(|&n| cands[n].first > c.first && compatible(n))
        {
            links.join(d, n);
            continue;
        }
        // NAME, the DESC
        if c.first > 0 && w.gap_after(c.first - 1).trim() == "," {
            let after = w.gap_after(c.last);
            let next = w.low.get(c.last + 1).map_or("", String::as_str);
            let ends = after.contains([',', '.', ')', ';'])
                || matches!(next, "of" | "who" | "which" | "in" | "at" | "for");
            if let Some(n) = idx
                .name_ending(c.first - 1)
                .filter(|&n| ends && compatible(n))
            {
                links.join(d, n);
            }
        }
    }
}
