//! Who a pronoun or a short name stands for, by rules over the article:
//! "She said" -> the person who spoke last (within three sentences) or the
//! last name before it; "I" inside a quote -> the quote's source; "who"
//! -> the name just before it; "they"/"it" -> the last organisation,
//! group or document source; "Sanjabi" -> the first full name ending in
//! "Sanjabi" ("Maryam Sanjabi").

use std::collections::HashMap;
use std::ops::Range;

use slant_text::{Document, Span};

use crate::attribution::{Attribution, SourceKind, TextSpan};
use crate::features::Analysis;
use crate::hash;
use crate::sources::{classify, core, is_title, sub_span};
use crate::token::listed;

/// Sentence starters that begin a capitalised run without being a name.
const STARTERS: &str = "the a an in on at but and he she it they we i this that according after as if when while his her \
     their its our for with by from to of so yet or there then now also many some former mr. mrs.";

/// How many attributions or names around a pronoun are looked at: enough
/// for any article, and a bound that keeps adversarial text linear.
const WINDOW: usize = 40;

/// A run of capitalised words.
struct NameRun {
    span: Span,
    tokens: Range<usize>,
    person_like: bool,
}

fn name_runs(a: &Analysis) -> Vec<NameRun> {
    let capital = |i: usize| a.tokens[i].text(a.text).chars().next().is_some_and(char::is_uppercase);
    let mut runs = Vec::new();
    let mut i = 0;
    while i < a.tokens.len() {
        if !capital(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < a.tokens.len() && capital(i) && (i == start || !a.tokens[i].newline_before) {
            i += 1;
        }
        let mut s = start;
        while s < i && listed(STARTERS, &a.tokens[s].text(a.text).to_lowercase()) && !is_title(a.tokens[s].text(a.text))
        {
            s += 1;
        }
        if s < i {
            let span = Span::new(a.tokens[s].start, a.tokens[i - 1].end);
            let text = &a.text[a.tokens[s].byte_start..a.tokens[i - 1].byte_end];
            let person_like = classify(text) == SourceKind::Person;
            runs.push(NameRun { span, tokens: s..i, person_like });
        }
    }
    runs
}

fn token_at(a: &Analysis, ch: usize) -> usize {
    a.tokens.partition_point(|t| t.end <= ch).min(a.tokens.len().saturating_sub(1))
}

/// What an attribution's source stands for: its resolution, else the core
/// of a non-pronoun source.
fn reference(doc: &Document, attr: &Attribution) -> Option<(TextSpan, SourceKind)> {
    let src = attr.source.as_ref()?;
    if let Some(r) = &src.refers_to {
        return Some((r.clone(), classify(&r.text)));
    }
    if src.kind == SourceKind::Pronoun {
        return None;
    }
    Some((sub_span(doc, src.start, core(&src.text, src.kind))?, src.kind))
}

/// Fills `refers_to` of pronoun and short-name sources.
pub(crate) fn resolve(doc: &Document, a: &Analysis, attrs: &mut [Attribution]) {
    if a.tokens.is_empty() {
        return;
    }
    let runs = name_runs(a);
    // The first full (two or more words, titles aside) person name by its
    // last word.
    let mut full: HashMap<u64, usize> = HashMap::new();
    for (r, run) in runs.iter().enumerate() {
        let words = run.tokens.clone().filter(|&i| !is_title(a.tokens[i].text(a.text))).count();
        if run.person_like && words >= 2 {
            let last = hash::lower(a.tokens[run.tokens.end - 1].text(a.text));
            full.entry(last).or_insert(r);
        }
    }
    let run_span = |r: &NameRun| TextSpan::of(doc, r.span);
    for k in 0..attrs.len() {
        let Some(src) = attrs[k].source.clone() else {
            continue;
        };
        let at = token_at(a, src.start);
        let sentence = a.layout.sentence_of[at];
        let resolved: Option<TextSpan> = match src.kind {
            SourceKind::Person => {
                let (s, e) = core(&src.text, src.kind);
                let core_text: String = src.text.chars().skip(s).take(e - s).collect();
                let words: Vec<&str> = core_text.split_whitespace().filter(|w| !is_title(w)).collect();
                match words.as_slice() {
                    [last] => full
                        .get(&hash::lower(last))
                        .map(|&r| &runs[r])
                        .filter(|r| r.span != Span::new(src.start + s, src.start + e))
                        .and_then(run_span),
                    _ => None,
                }
            }
            SourceKind::Pronoun => {
                let lower = src.text.trim().to_lowercase();
                let word = lower.split_whitespace().next().unwrap_or("");
                // The last source of the wanted kind within three sentences
                // (attributions are in text order, so the walk back stops
                // there).
                let recent = |want: &dyn Fn(SourceKind) -> bool| {
                    attrs[..k]
                        .iter()
                        .rev()
                        .filter_map(|prev| prev.source.as_ref().map(|p| (prev, p)))
                        .take_while(|(_, p)| sentence.saturating_sub(a.layout.sentence_of[token_at(a, p.start)]) <= 3)
                        .find_map(|(prev, _)| reference(doc, prev).filter(|(_, kind)| want(*kind)).map(|(t, _)| t))
                };
                match word {
                    "i" | "me" | "my" | "we" | "us" | "our" => attrs[k.saturating_sub(WINDOW)..k]
                        .iter()
                        .chain(attrs.iter().skip(k + 1).take(WINDOW))
                        .find(|other| other.content.iter().any(|c| c.start <= src.start && src.end <= c.end))
                        .and_then(|other| reference(doc, other))
                        .map(|(t, _)| t),
                    "he" | "she" | "him" | "her" | "his" | "himself" | "herself" => {
                        recent(&|kind| kind == SourceKind::Person).or_else(|| {
                            let before = runs.partition_point(|r| r.span.end <= src.start);
                            runs[..before]
                                .iter()
                                .rev()
                                .take(WINDOW)
                                .take_while(|r| a.paragraph_of(r.tokens.start) + 2 >= a.paragraph_of(at))
                                .find(|r| r.person_like)
                                .and_then(run_span)
                        })
                    }
                    "who" | "whom" | "whose" => {
                        // The nearest person's name before it in the
                        // sentence, over an apposition ("Sanjabi, a highly
                        // trusted MKO veteran who …").
                        let before = runs.partition_point(|r| r.span.end <= src.start);
                        runs[..before]
                            .iter()
                            .rev()
                            .take_while(|r| {
                                at.saturating_sub(r.tokens.end) <= 15
                                    && a.layout.sentence_of[r.tokens.start] == sentence
                            })
                            .find(|r| r.person_like)
                            .and_then(run_span)
                    }
                    "they" | "them" | "their" => recent(&|kind| {
                        matches!(kind, SourceKind::Organisation | SourceKind::Vague | SourceKind::Anonymous)
                    }),
                    "it" | "its" | "which" => {
                        recent(&|kind| matches!(kind, SourceKind::Organisation | SourceKind::Document))
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        // A short name found for a pronoun stands for its full name too.
        let resolved = resolved.map(|r| {
            let words: Vec<&str> = r.text.split_whitespace().filter(|w| !is_title(w)).collect();
            match words.as_slice() {
                [last] if src.kind != SourceKind::Person => full
                    .get(&hash::lower(last))
                    .map(|&f| &runs[f])
                    .filter(|f| f.span.len() > r.end - r.start)
                    .and_then(run_span)
                    .unwrap_or(r),
                _ => r,
            }
        });
        if let Some(source) = attrs[k].source.as_mut() {
            source.refers_to = resolved.filter(|r| r.start != source.start || r.end != source.end);
        }
    }
}
