//! Clustering mentions into actors, in text order: one name spelled alike
//! (or transliterated alike), later short forms, acronyms after their
//! definition, descriptions to the actor they describe, pronouns to the
//! person they stand for. Every step looks up a hash map or a bounded window
//! of recent mentions, so the pass is linear in the number of mentions.

use std::collections::VecDeque;

use crate::hash::HashMap;

use crate::actor::{How, Kind};
use crate::candidate::{Cand, STRONG, WEAK, Words};
use crate::lexicon::{self as lx, Gender};
use crate::normalize::{acronym_key, name_key};
pub(crate) use crate::unionfind::Clusters;
use crate::unionfind::{Doubt, kind_slot};

/// Mentions looked back over for descriptions and pronouns.
const RECENT: usize = 64;
/// Mentions looked ahead over for a description named after it.
const AHEAD: usize = 30;

/// Clusters the candidates (sorted by position); `pairs` are the links the
/// text states (definitions, "known as", appositions).
pub(crate) fn cluster(w: &Words<'_>, cands: &[Cand], pairs: &[(usize, usize)]) -> Clusters {
    let mut cl = Clusters::new(w, cands);
    for &(a, b) in pairs {
        cl.union(a, b);
    }
    let mut st = State::new(w, cands);
    for i in 0..cands.len() {
        match cands[i].how {
            How::Name | How::Alias => st.name(w, cands, &mut cl, i),
            How::Acronym => st.acronym(w, cands, &mut cl, i),
            How::Description => st.description(w, cands, &mut cl, i),
            How::Pronoun => st.pronoun(w, cands, &mut cl, i),
        }
        if cl.keep[i] {
            st.recent.push_back(i);
            if st.recent.len() > RECENT {
                st.recent.pop_front();
            }
        }
    }
    cl
}

fn is_personish(w: &Words<'_>, c: &Cand) -> bool {
    c.last > c.first
        && matches!(c.how, How::Name | How::Alias)
        && !(c.first..=c.last).any(|k| lx::is_connector(&w.low[k]))
        && matches!(c.kind, Some((Kind::Person, _)) | None)
}

struct State {
    keys: Vec<String>,
    by_key: HashMap<String, usize>,
    /// Definitions of each acronym, in text order.
    acronym_defs: HashMap<String, Vec<usize>>,
    /// The first use of an acronym not (yet) defined.
    acronym_uses: HashMap<String, usize>,
    by_last: HashMap<String, Vec<usize>>,
    by_first: HashMap<String, Vec<usize>>,
    later_last: HashMap<String, Vec<usize>>,
    initials: HashMap<String, Vec<usize>>,
    head_words: HashMap<String, usize>,
    /// The last name written after each title word ("pope" → Francis).
    roles: HashMap<String, usize>,
    recent: VecDeque<usize>,
    best_org: Option<usize>,
    best_person: Option<usize>,
}

impl State {
    fn new(w: &Words<'_>, cands: &[Cand]) -> Self {
        let keys: Vec<String> = cands
            .iter()
            .map(|c| match c.how {
                // A listed place is matched by its spelling, not its
                // transliteration skeleton ("China" and "Kaine" share one).
                How::Name | How::Alias if c.first == c.last && lx::is_place(&w.low[c.first]) => {
                    format!("={}", w.low[c.first])
                }
                How::Name | How::Alias => name_key((c.first..=c.last).map(|k| w.word(k))),
                How::Acronym => acronym_key(w.word(c.first)),
                _ => String::new(),
            })
            .collect();
        let mut later_last: HashMap<String, Vec<usize>> = HashMap::default();
        let mut initials: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, c) in cands.iter().enumerate() {
            if is_personish(w, c) {
                let v = later_last.entry(surname_key(w.word(c.last))).or_default();
                if v.len() < 4 {
                    v.push(i);
                }
            }
            if matches!(c.how, How::Name | How::Alias) && c.last > c.first {
                let ini: String = (c.first..=c.last)
                    .filter(|&k| {
                        !lx::is_connector(&w.low[k]) && !matches!(w.low[k].as_str(), "the" | "and")
                    })
                    .filter_map(|k| w.word(k).chars().next())
                    .flat_map(char::to_uppercase)
                    .collect();
                let v = initials.entry(ini).or_default();
                if v.len() < 4 {
                    v.push(i);
                }
            }
        }
        Self {
            keys,
            by_key: HashMap::default(),
            acronym_defs: HashMap::default(),
            acronym_uses: HashMap::default(),
            by_last: HashMap::default(),
            by_first: HashMap::default(),
            later_last,
            initials,
            head_words: HashMap::default(),
            roles: HashMap::default(),
            recent: VecDeque::new(),
            best_org: None,
            best_person: None,
        }
    }

    fn name(&mut self, w: &Words<'_>, cands: &[Cand], cl: &mut Clusters, i: usize) {
        let c = &cands[i];
        let key = self.keys[i].clone();
        if let Some(&j) = self.by_key.get(&key) {
            cl.union(i, j);
        } else if c.first == c.last {
            self.short_form(w, cands, cl, i, &surname_key(w.word(c.first)));
        } else if c.last > c.first + 1 && lx::is_org_head(&w.low[c.last]) {
            // "Mojahedin-e Khalq Organization" after "Mojahedin-e Khalq".
            let short = name_key((c.first..c.last).map(|k| w.word(k)));
            if let Some(&j) = self.by_key.get(&short) {
                cl.union(i, j);
            }
        }
        self.by_key.entry(key).or_insert(i);
        if c.last > c.first + 1 && lx::is_org_head(&w.low[c.last]) {
            self.by_key
                .entry(name_key((c.first..c.last).map(|k| w.word(k))))
                .or_insert(i);
        }
        if is_personish(w, c) {
            push_capped(
                self.by_last.entry(surname_key(w.word(c.last))).or_default(),
                i,
            );
            // A given name alone ("Saddam") only for someone surely a person.
            if matches!(c.kind, Some((Kind::Person, STRONG))) {
                push_capped(
                    self.by_first
                        .entry(name_key([w.word(c.first)]))
                        .or_default(),
                    i,
                );
            }
        }
        if let Some((_, t)) = c.title {
            self.roles.insert(w.low[t].clone(), i);
        }
        self.note_heads(w, cands, cl, i);
    }

    /// A one-word name: a surname or given name of a person named in full,
    /// or a name of its own; two possible people make it doubtful.
    fn short_form(
        &mut self,
        w: &Words<'_>,
        cands: &[Cand],
        cl: &mut Clusters,
        i: usize,
        key: &str,
    ) {
        if matches!(
            cands[i].kind,
            Some((Kind::Place | Kind::Organisation | Kind::Group, STRONG))
        ) {
            return; // "Iran" is no one's surname
        }
        let g = cands[i].gender;
        let mut roots: Vec<usize> = Vec::new();
        let mut reps: Vec<usize> = Vec::new();
        for map in [&self.by_last, &self.by_first] {
            for &j in map.get(key).into_iter().flatten() {
                let r = cl.find(j);
                if !roots.contains(&r) && cl.gender_fits(j, g) {
                    roots.push(r);
                    reps.push(j);
                }
            }
            if !roots.is_empty() {
                break; // a surname match wins over a given-name match
            }
        }
        match reps.len() {
            1 => cl.union(i, reps[0]),
            0 => {
                let later: Vec<usize> = self
                    .later_last
                    .get(key)
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|&j| j > i)
                    .collect();
                if !later.is_empty() {
                    let mut names: Vec<&str> = later
                        .iter()
                        .map(|&j| w.span_text(cands[j].first, cands[j].last))
                        .collect();
                    names.dedup();
                    cl.doubts[i] = Some(Doubt {
                        note: format!(
                            "\"{}\" comes before any full name it could shorten ({}); it may be someone else",
                            w.word(cands[i].first),
                            names.join(", ")
                        ),
                        could_be: later,
                    });
                    cl.votes[i][0] += u32::from(STRONG);
                }
            }
            _ => {
                let mut names: Vec<&str> = reps
                    .iter()
                    .map(|&j| w.span_text(cands[j].first, cands[j].last))
                    .collect();
                names.dedup();
                cl.doubts[i] = Some(Doubt {
                    note: format!(
                        "\"{}\" could be {}",
                        w.word(cands[i].first),
                        names.join(" or ")
                    ),
                    could_be: reps,
                });
                cl.votes[i][0] += u32::from(STRONG);
            }
        }
    }

    fn acronym(&mut self, w: &Words<'_>, cands: &[Cand], cl: &mut Clusters, i: usize) {
        let key = self.keys[i].clone();
        if cands[i].defines {
            if let Some(j) = self.acronym_uses.remove(&key) {
                cl.union(i, j); // used before its definition
            }
            self.acronym_defs.entry(key).or_default().push(i);
            if cands[i].concept {
                cl.keep[i] = false; // "AI (artificial intelligence)" is no actor
                return;
            }
        } else if let Some(defs) = self.acronym_defs.get(&key) {
            // The latest definition, but "the PA" prefers an organisation
            // sense over a place one ("PA (Pennsylvania)").
            let after_the = cands[i].first > 0 && w.low[cands[i].first - 1] == "the";
            let latest = defs[defs.len() - 1];
            let pick = if after_the {
                defs.iter()
                    .rev()
                    .copied()
                    .find(|&j| cl.kind(j) == Some(Kind::Organisation))
                    .unwrap_or(latest)
            } else {
                latest
            };
            cl.union(i, pick);
            cl.keep[i] = !cands[pick].concept;
        } else if let Some(&j) = self.acronym_uses.get(&key) {
            cl.union(i, j);
        } else {
            if let Some(v) = self.initials.get(&key) {
                let mut roots: Vec<usize> = v.iter().map(|&j| cl.find(j)).collect();
                roots.dedup();
                if roots.len() == 1 {
                    cl.union(i, v[0]);
                }
            }
            self.acronym_uses.insert(key, i);
        }
        self.note_heads(w, cands, cl, i);
    }

    /// Remembers the organisation and place words of a name ("union" of
    /// "Northern Ports Union") and the most mentioned organisation.
    fn note_heads(&mut self, w: &Words<'_>, cands: &[Cand], cl: &mut Clusters, i: usize) {
        let kind = cl.kind(i);
        if matches!(kind, Some(Kind::Organisation | Kind::Place)) {
            for k in cands[i].first..=cands[i].last {
                if lx::is_org_anaphor(&w.low[k]) || lx::is_place_anaphor(&w.low[k]) {
                    self.head_words.insert(w.low[k].clone(), i);
                }
            }
        }
        let slot = match kind {
            Some(Kind::Organisation) => &mut self.best_org,
            Some(Kind::Person) => &mut self.best_person,
            _ => return,
        };
        let r = cl.find(i);
        let better = match *slot {
            None => true,
            Some(b) => {
                let rb = cl.find(b);
                rb == r || cl.size[r] > cl.size[rb]
            }
        };
        if better {
            *slot = Some(r);
        }
    }

    fn description(&mut self, w: &Words<'_>, cands: &[Cand], cl: &mut Clusters, i: usize) {
        let root = cl.find(i);
        if cl.size[root] > 1 {
            cl.keep[i] = true; // tied by an apposition or a "hereafter"
            return;
        }
        let c = &cands[i];
        let sent = w.toks[c.first].sent;
        let Some(want) = c.refers_to else { return };
        // "described as the ringleader", "was the leader": a predicate, not a mention.
        if c.first > 0
            && matches!(
                w.low[c.first - 1].as_str(),
                "as" | "is"
                    | "was"
                    | "are"
                    | "were"
                    | "became"
                    | "becomes"
                    | "remains"
                    | "remained"
                    | "been"
            )
        {
            return;
        }
        let head = &w.low[c.last];
        let target = match want {
            Kind::Person => self
                .roles
                .get(head.as_str())
                .copied()
                .filter(|&j| sent.saturating_sub(w.toks[cands[j].first].sent) <= 20)
                .or_else(|| {
                    self.recent_where(w, cands, cl, sent, 1, |cl, j| {
                        cl.kind(j) == Some(Kind::Person)
                            && cl.gender_fits(j, c.gender)
                            && cl.role_fits(j, head)
                    })
                })
                .or_else(|| ahead_person(w, cands, i, sent))
                .or_else(|| {
                    self.recent_where(w, cands, cl, sent, 1, |cl, j| unknown_name(w, cands, cl, j))
                }),
            Kind::Organisation | Kind::Place => {
                let by_head = self
                    .head_words
                    .get(head)
                    .copied()
                    .filter(|&j| sent.saturating_sub(w.toks[cands[j].first].sent) <= 20);
                by_head
                    .or_else(|| {
                        self.recent_where(w, cands, cl, sent, 3, |cl, j| cl.kind(j) == Some(want))
                    })
                    .or(if want == Kind::Organisation {
                        self.best_org
                    } else {
                        None
                    })
                    .or_else(|| {
                        self.recent_where(w, cands, cl, sent, 1, |cl, j| {
                            unknown_name(w, cands, cl, j)
                        })
                    })
            }
            Kind::Group => None,
        };
        if let Some(j) = target {
            cl.union(i, j);
            cl.keep[i] = true;
            let r = cl.find(i);
            cl.votes[r][kind_slot(want)] += u32::from(WEAK);
        }
    }

    /// The latest kept mention within `back` sentences that satisfies `ok`.
    fn recent_where(
        &self,
        w: &Words<'_>,
        cands: &[Cand],
        cl: &mut Clusters,
        sent: u32,
        back: u32,
        ok: impl Fn(&mut Clusters, usize) -> bool,
    ) -> Option<usize> {
        for &j in self.recent.iter().rev() {
            if sent.saturating_sub(w.toks[cands[j].first].sent) > back {
                break;
            }
            if ok(cl, j) {
                return Some(j);
            }
        }
        None
    }

    /// He or she: the subject (first person outside quotations) of this
    /// sentence before the pronoun, else of the previous sentences.
    fn pronoun(&mut self, w: &Words<'_>, cands: &[Cand], cl: &mut Clusters, i: usize) {
        let sent = w.toks[cands[i].first].sent;
        let g = cands[i].gender;
        let mut best: Option<(u32, bool, usize)> = None; // (sentence, quoted, candidate)
        for &j in self.recent.iter().rev() {
            let s = w.toks[cands[j].first].sent;
            if sent.saturating_sub(s) > 3 {
                break;
            }
            if cands[j].how == How::Pronoun
                || cl.kind(j) != Some(Kind::Person)
                || !cl.gender_fits(j, g)
            {
                continue;
            }
            let quoted = w.toks[cands[j].first].quoted;
            // Walking back: within the nearest sentence that has a person,
            // keep moving to earlier mentions (the subject), preferring
            // mentions outside quotation marks.
            match best {
                None => best = Some((s, quoted, j)),
                Some((bs, bq, _)) if s == bs && (!quoted || bq) => best = Some((s, quoted, j)),
                Some(_) => {}
            }
        }
        if best.is_none() {
            // A lone name of no known kind ("Putin said … he"), within the last sentence.
            best = self
                .recent_where(w, cands, cl, sent, 1, |cl, j| unknown_name(w, cands, cl, j))
                .map(|j| (0, false, j));
        }
        if best.is_none() {
            // Far from any person: the article's most mentioned person so far.
            best = self
                .best_person
                .filter(|&j| cl.gender_fits(j, g))
                .map(|j| (0, false, j));
        }
        if let Some((_, _, j)) = best {
            cl.union(i, j);
            cl.keep[i] = true;
            if let Some(g) = g {
                let r = cl.find(i);
                cl.gender[r][usize::from(g == Gender::Female)] += 1;
            }
        }
        let r = cl.find(i);
        if cl.keep[i] {
            cl.votes[r][0] += u32::from(WEAK);
        }
    }
}

/// A person named just after the description ("the late dictator …
/// Ferdinand Marcos ruled"), within the next sentence.
fn ahead_person(w: &Words<'_>, cands: &[Cand], i: usize, sent: u32) -> Option<usize> {
    cands[i + 1..]
        .iter()
        .take(AHEAD)
        .position(|c| {
            w.toks[c.first].sent > sent + 1
                || (is_personish(w, c) && matches!(c.kind, Some((Kind::Person, _))))
        })
        .map(|p| i + 1 + p)
        .filter(|&j| w.toks[cands[j].first].sent <= sent + 1)
}

/// The key of a surname without an Arabic article: "al-Assad" → "Assad".
fn surname_key(word: &str) -> String {
    let folded = crate::normalize::fold(word);
    let bare = [
        "al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-", "az-",
    ]
    .iter()
    .find_map(|p| folded.strip_prefix(p))
    .unwrap_or(&folded);
    name_key([bare])
}

/// A name whose cluster has no kind yet, opening its sentence (a subject:
/// "Hamas rejected the plan … a spokesman for the movement").
fn unknown_name(w: &Words<'_>, cands: &[Cand], cl: &mut Clusters, j: usize) -> bool {
    matches!(cands[j].how, How::Name | How::Alias)
        && w.toks[cands[j].first].initial
        && cl.kind(j).is_none()
}

fn push_capped(v: &mut Vec<usize>, i: usize) {
    if v.len() < 8 {
        v.push(i);
    }
}
