//! Definite descriptions ("the terrorist group", "the Iraqi dictator", "the
//! then President") and the pronouns he and she: candidates that name no one
//! by themselves and must be tied to an actor.

use crate::actor::{How, Kind};
use crate::candidate::{Cand, Words};
use crate::lexicon as lx;
use crate::names::pronoun_gender;

/// Words a description may hold between "the" and its head.
const MAX_MODIFIERS: usize = 4;

/// Words that end a description's modifiers: determiners, quantifiers,
/// pronouns, prepositions, conjunctions, auxiliaries.
const STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "his",
    "her",
    "they",
    "them",
    "their",
    "we",
    "our",
    "you",
    "your",
    "i",
    "me",
    "my",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "to",
    "of",
    "with",
    "into",
    "onto",
    "upon",
    "after",
    "before",
    "during",
    "since",
    "until",
    "while",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "what",
    "why",
    "how",
    "if",
    "and",
    "but",
    "or",
    "nor",
    "so",
    "as",
    "than",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "not",
    "no",
    "do",
    "does",
    "did",
    "said",
    "says",
    "told",
    "also",
    "only",
    "just",
    "even",
    "still",
    "any",
    "all",
    "some",
    "every",
    "each",
    "other",
    "such",
    "many",
    "more",
    "most",
    "few",
    "several",
    "both",
    "either",
    "neither",
    "about",
    "over",
    "under",
    "against",
    "between",
    "among",
    "without",
    "within",
    "via",
    "per",
    "like",
    "there",
    "here",
    "now",
    "today",
    "yesterday",
];

/// Finds descriptions and pronouns. `names` are the name candidates, so that
/// "the European Central Bank" is left to them.
pub(crate) fn find_descriptions(w: &Words<'_>, names: &[Cand]) -> Vec<Cand> {
    // Words covered by a name (any position), to refuse capitalised heads
    // that belong to a name.
    let mut in_name = vec![false; w.len()];
    for c in names {
        for flag in &mut in_name[c.first..=c.last] {
            *flag = true;
        }
    }
    let mut out = Vec::new();
    for i in 0..w.len() {
        let l = w.low[i].as_str();
        let slash = w.gap_after(i).starts_with('/') || (i > 0 && w.gap_after(i - 1).ends_with('/'));
        if let Some(g) = pronoun_gender(l).filter(|_| !slash) {
            let mut c = Cand::new(i, i, How::Pronoun);
            c.gender = Some(g);
            c.refers_to = Some(Kind::Person);
            out.push(c);
            continue;
        }
        if l != "the" {
            continue;
        }
        if let Some(c) = description_at(w, i, &in_name) {
            out.push(c);
        }
    }
    out
}

/// The description that starts with the "the" at word `i`, if any.
fn description_at(w: &Words<'_>, the: usize, in_name: &[bool]) -> Option<Cand> {
    let mut best: Option<(usize, Kind)> = None;
    let mut k = the;
    while k - the <= MAX_MODIFIERS && w.joined(k) {
        let j = k + 1;
        let l = w.low[j].as_str();
        let eligible = w.is_cap(j) || !STOP.contains(&l);
        if !eligible || l.chars().any(|c| c.is_ascii_digit()) {
            break;
        }
        if let Some(kind) = head_kind(l) {
            // A capitalised head inside a name ("the European Central Bank")
            // belongs to the name.
            if !(w.is_cap(j) && in_name[j]) {
                best = Some((j, kind));
            }
        }
        k = j;
        if w.toks[j].possessive {
            break; // "the group's ringleaders": the description ends here
        }
    }
    let (head, kind) = best?;
    let mut c = Cand::new(the, head, How::Description);
    c.refers_to = Some(kind);
    c.gender = lx::title_gender(&w.low[head]);
    Some(c)
}

/// What a (singular) head word can refer to.
fn head_kind(l: &str) -> Option<Kind> {
    if lx::is_org_anaphor(l) {
        Some(Kind::Organisation)
    } else if lx::is_person_head(l) {
        Some(Kind::Person)
    } else if lx::is_place_anaphor(l) {
        Some(Kind::Place)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::find_names;

    fn descriptions(text: &str) -> Vec<(String, Option<Kind>)> {
        let w = Words::new(text);
        let names = find_names(&w);
        find_descriptions(&w, &names)
            .iter()
            .map(|c| (w.span_text(c.first, c.last).to_owned(), c.refers_to))
            .collect()
    }

    #[test]
    fn finds_the_head_of_each_description() {
        let got = descriptions(
            "The terrorist group kills any member. It helped the Iraqi dictator suppress them. \
             She met the then President, and the group's ringleaders met the European Central Bank.",
        );
        let want = [
            ("The terrorist group", Kind::Organisation),
            ("the Iraqi dictator", Kind::Person),
            ("She", Kind::Person),
            ("the then President", Kind::Person),
            ("the group", Kind::Organisation),
        ];
        let want: Vec<(String, Option<Kind>)> = want
            .iter()
            .map(|(t, k)| ((*t).to_owned(), Some(*k)))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn plurals_and_numbers_are_no_descriptions() {
        assert!(descriptions("the ringleaders told the members in the 1990s").is_empty());
    }
}
