//! Labels: the evaluative words the article pins on an actor. A label word
//! belongs to an actor when it sits in a description of it ("the terrorist
//! group"), right before its name ("the terrorist Mojahedin-e Khalq
//! Organization") or right after it ("MKO ringleaders"), in an apposition or parenthesis after it ("Maryam
//! Sanjabi, a former ringleader of the MKO"), after a copula ("the MKO is run
//! like a cult"), or after "called X" ("called the gang a band of thugs").

use crate::hash::HashSet;

use crate::actor::How;
use crate::candidate::{Cand, Words};
use crate::cluster::Clusters;
use crate::lexicon::{is_function_word, label_of};

/// One label word pinned on the actor of a mention.
#[derive(Debug, Clone)]
pub(crate) struct LabelHit {
    /// The word.
    pub tok: usize,
    /// The mention whose actor gets the label.
    pub cand: usize,
    /// The label (lowercase singular).
    pub text: String,
}

/// Words after a mention that lead to a predicate ("is run like a …").
const PREDICATE_WORDS: &[&str] = &[
    "is",
    "was",
    "are",
    "were",
    "has",
    "have",
    "had",
    "been",
    "being",
    "be",
    "remains",
    "remained",
    "became",
    "becomes",
    "still",
    "also",
    "now",
    "widely",
    "seen",
    "regarded",
    "considered",
    "run",
    "like",
    "as",
    "described",
    "branded",
    "labelled",
    "labeled",
    "dubbed",
    "called",
    "designated",
    "listed",
    "a",
    "an",
];
const COPULAS: &[&str] = &[
    "is",
    "was",
    "are",
    "were",
    "been",
    "be",
    "remains",
    "remained",
    "became",
    "becomes",
    "described",
    "branded",
    "labelled",
    "labeled",
    "dubbed",
    "called",
    "designated",
    "listed",
    "seen",
    "regarded",
    "considered",
];
const NAMING_VERBS: &[&str] = &[
    "called", "calls", "call", "branded", "brands", "labelled", "labeled", "dubbed", "termed",
];

/// Finds the labels of the kept mentions.
pub(crate) fn find_labels(w: &Words<'_>, cands: &[Cand], cl: &mut Clusters) -> Vec<LabelHit> {
    // The innermost kept mention over each word.
    let mut owner: Vec<Option<usize>> = vec![None; w.len()];
    let kept: Vec<usize> = (0..cands.len()).filter(|&i| cl.keep[i]).collect();
    let mut by_length = kept.clone();
    by_length.sort_by_key(|&i| std::cmp::Reverse(cands[i].last - cands[i].first));
    for &i in &by_length {
        for o in &mut owner[cands[i].first..=cands[i].last] {
            *o = Some(i);
        }
    }
    let mut hits = Vec::new();
    let mut seen: HashSet<(usize, usize)> = HashSet::default();
    let mut push = |hits: &mut Vec<LabelHit>, cl: &mut Clusters, tok: usize, cand: usize| {
        if let Some(text) = label_of(&w.low[tok]).map(|t| {
            if t.starts_with("anti-") {
                w.word(tok).to_owned()
            } else {
                t
            }
        }) && w.low.get(tok + 1).is_none_or(|next| next != "change") // "regime change"
            && seen.insert((tok, cl.find(cand)))
        {
            hits.push(LabelHit { tok, cand, text });
        }
    };
    for &i in &kept {
        let c = &cands[i];
        if c.how == How::Description {
            let own: Vec<usize> = (c.first + 1..=c.last)
                .filter(|&k| owner[k] == Some(i))
                .collect();
            for k in own {
                push(&mut hits, cl, k, i);
            }
        }
        if matches!(c.how, How::Name | How::Alias | How::Acronym) {
            // Premodifiers: "the anti-Iran terrorist Mojahedin-e Khalq Organization".
            let mut k = c.first;
            while k > 0 && c.first - k < 4 && w.joined(k - 1) {
                k -= 1;
                if owner[k].is_some() || is_function_word(&w.low[k]) || w.is_cap(k) {
                    break;
                }
                push(&mut hits, cl, k, i);
            }
            // A label noun right after the name: "Hamas terrorists", "MKO ringleaders".
            if c.last + 1 < w.len()
                && w.joined(c.last)
                && owner[c.last + 1].is_none()
                && !w.is_cap(c.last + 1)
            {
                push(&mut hits, cl, c.last + 1, i);
            }
            for k in apposition(w, c) {
                if owner[k].is_none() {
                    push(&mut hits, cl, k, i);
                }
            }
        }
        for k in predicate(w, c).chain(named_as(w, c)) {
            if owner[k].is_none() {
                push(&mut hits, cl, k, i);
            }
        }
    }
    hits
}

/// Words of an apposition or parenthesis right after a mention, up to the
/// next comma, parenthesis, period or relative pronoun.
fn apposition<'a>(w: &'a Words<'_>, c: &Cand) -> impl Iterator<Item = usize> + 'a {
    let gap = w.gap_after(c.last).trim();
    let start = c.last + 1;
    let opens = (gap == "," || gap == "(") && start < w.len() && !w.is_cap(start)
        || (gap == "(" && start < w.len() && w.low[start] == "the");
    let limit = if opens {
        (start + 10).min(w.len())
    } else {
        start
    };
    let sent = w.toks[c.last].sent;
    (start..limit).take_while(move |&k| {
        w.toks[k].sent == sent
            && (k == start || !w.gap_after(k - 1).contains([',', '.', ';', ')', '(']))
            && !matches!(
                w.low[k].as_str(),
                "who" | "which" | "that" | "said" | "says" | "told" | "and"
            )
    })
}

/// Words of a predicate after a mention: "is run like a cult", ", described
/// as the ringleader".
fn predicate<'a>(w: &'a Words<'_>, c: &Cand) -> impl Iterator<Item = usize> + 'a {
    let start = c.last + 1;
    let gap = w.gap_after(c.last).trim();
    let mut k = start;
    let mut copula = false;
    if gap.is_empty()
        || (gap == ","
            && start < w.len()
            && matches!(
                w.low[start].as_str(),
                "described" | "branded" | "dubbed" | "labelled" | "labeled"
            ))
    {
        while k < w.len() && k - start < 4 && PREDICATE_WORDS.contains(&w.low[k].as_str()) {
            copula |= COPULAS.contains(&w.low[k].as_str());
            if !w.joined(k) {
                break;
            }
            k += 1;
        }
    }
    let from = k;
    let until = if copula {
        (from + 5).min(w.len())
    } else {
        from
    };
    object(w, from, until)
}

/// After "called X": "called the gang a band of thugs".
fn named_as<'a>(w: &'a Words<'_>, c: &Cand) -> impl Iterator<Item = usize> + 'a {
    let verb = c
        .first
        .checked_sub(1)
        .filter(|&v| NAMING_VERBS.contains(&w.low[v].as_str()) && w.joined(v));
    let from = c.last + 1;
    let until = if verb.is_some() && w.gap_after(c.last).trim().is_empty() {
        (from + 5).min(w.len())
    } else {
        from
    };
    object(w, from, until)
}

/// Words `from..until` up to the first punctuation or clause word.
fn object<'a>(w: &'a Words<'_>, from: usize, until: usize) -> impl Iterator<Item = usize> + 'a {
    (from..until).take_while(move |&k| {
        (k == from || !w.gap_after(k - 1).contains([',', '.', ';', ')', '(', ':']))
            && !matches!(
                w.low[k].as_str(),
                "who" | "which" | "that" | "by" | "and" | "but" | "because"
            )
    })
}
