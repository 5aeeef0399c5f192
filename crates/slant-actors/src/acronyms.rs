//! Acronym definitions in parentheses, both orders ("Mojahedin-e Khalq
//! Organization (MKO)", "the FLN (National Liberation Front)"), with the
//! letter matching of Schwartz and Hearst (2003) and an order-free fallback
//! for acronyms of another language's word order; "(hereafter X)".

use crate::actor::{AcronymDef, How};
use crate::candidate::{Cand, Words, is_acronym_word};
use crate::links::{CandIndex, Links};

/// Longest parenthesis read, in bytes: longer ones are not definitions.
const MAX_PAREN: usize = 300;

/// A matched pair of parentheses: byte offsets of "(" and ")", and the
/// enclosing pair's "(" when nested.
#[derive(Debug, Clone, Copy)]
struct Paren {
    open: usize,
    close: usize,
    parent: Option<usize>,
}

/// Pairs parentheses in one pass; an unmatched "(" is forgotten at the end
/// of its line, an unmatched ")" ignored.
fn parens(text: &str) -> Vec<Paren> {
    let mut stack: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    for (b, c) in text.char_indices() {
        match c {
            '(' => stack.push(b),
            ')' => {
                if let Some(open) = stack.pop()
                    && b - open <= MAX_PAREN
                {
                    out.push(Paren {
                        open,
                        close: b,
                        parent: stack.last().copied(),
                    });
                }
            }
            '\n' => stack.clear(),
            _ => {}
        }
    }
    out.sort_unstable_by_key(|p| p.open);
    out
}

/// Finds the definitions and adds the links they make between candidates.
pub(crate) fn find_definitions(
    w: &Words<'_>,
    cands: &mut [Cand],
    idx: &CandIndex,
    links: &mut Links,
) -> Vec<AcronymDef> {
    let mut defs = Vec::new();
    for p in parens(w.text) {
        let a = w.toks.partition_point(|t| t.start < p.open);
        let b = w.toks.partition_point(|t| t.start < p.close);
        if a >= b || a == 0 {
            continue;
        }
        let (inside_last, before) = (b - 1, a - 1);
        if !w.text[w.toks[before].end..p.open]
            .chars()
            .all(char::is_whitespace)
        {
            continue;
        }
        if let Some(after) = hereafter(w, a, inside_last) {
            define_hereafter(w, before, after, cands, idx, links, &mut defs);
        } else if w.is_acronym(a) && short_ends_here(w, a, inside_last) {
            long_before(w, a, before, p, cands, idx, links, &mut defs);
        } else if w.is_acronym(before) && !w.is_acronym(a) {
            long_inside(w, before, a, inside_last, cands, idx, links, &mut defs);
        }
    }
    defs
}

/// Whether the acronym at `a` is the whole content, or is followed by a
/// comma, "also known as", "or".
fn short_ends_here(w: &Words<'_>, a: usize, last: usize) -> bool {
    a == last
        || w.gap_after(a).contains([',', ';'])
        || matches!(
            w.low[a + 1].as_str(),
            "also" | "or" | "aka" | "known" | "formerly"
        )
}

/// The word after "(hereafter", "(hereinafter …", "(henceforth", skipping
/// "referred to as", "called", "the" and quotation marks.
fn hereafter(w: &Words<'_>, a: usize, last: usize) -> Option<usize> {
    if !matches!(
        w.low[a].as_str(),
        "hereafter" | "hereinafter" | "henceforth"
    ) {
        return None;
    }
    let mut k = a + 1;
    while k <= last
        && matches!(
            w.low[k].as_str(),
            "referred" | "to" | "as" | "called" | "the"
        )
    {
        k += 1;
    }
    (k <= last).then_some(k)
}

fn define_hereafter(
    w: &Words<'_>,
    before: usize,
    after: usize,
    cands: &mut [Cand],
    idx: &CandIndex,
    links: &mut Links,
    defs: &mut Vec<AcronymDef>,
) {
    let Some(long) = idx.name_ending(before) else {
        return;
    };
    let alias = idx
        .name_starting(after)
        .or_else(|| idx.description_starting(after));
    let Some(alias) = alias else { return };
    links.join(long, alias);
    if cands[alias].how == How::Name {
        cands[alias].how = How::Alias;
    }
    if cands[alias].how == How::Acronym {
        cands[alias].defines = true;
        defs.push(def(
            w,
            cands[alias].first,
            cands[alias].last,
            cands[long].first,
            cands[long].last,
        ));
    }
}

/// "Long Form (SF)": the long form is found among the words before.
#[allow(clippy::too_many_arguments)]
fn long_before(
    w: &Words<'_>,
    a: usize,
    before: usize,
    p: Paren,
    cands: &mut [Cand],
    idx: &CandIndex,
    links: &mut Links,
    defs: &mut Vec<AcronymDef>,
) {
    let short = w.word(a);
    let letters = short.chars().filter(|c| c.is_alphanumeric()).count();
    let window = (letters + 5).min(letters * 2);
    // Words of the same sentence, no parenthesis in between.
    let mut from = before;
    while from > 0 && before - from + 1 < window && w.toks[from - 1].sent == w.toks[before].sent {
        let gap = &w.text[w.toks[from - 1].end..w.toks[from].start];
        if gap.contains(['(', ')', ';', ':']) {
            break;
        }
        from -= 1;
    }
    let mut long = schwartz_hearst(w, short, from, before).map(|s| (s, before));
    if long.is_none() {
        long = name_by_initials(w, short, idx.name_ending(before), cands);
    }
    if long.is_none()
        && let Some(parent) = p.parent
    {
        // "Guard Corps (the elite force (IRGC) …)": the name before the outer parenthesis.
        let pb = w.toks.partition_point(|t| t.start < parent);
        if pb > 0 {
            long = name_by_initials(w, short, idx.name_ending(pb - 1), cands).or_else(|| {
                idx.name_ending(pb - 1).and_then(|n| {
                    schwartz_hearst(w, short, cands[n].first, cands[n].last)
                        .map(|s| (s, cands[n].last))
                })
            });
        }
    }
    let Some((ls, le)) = long else { return };
    defs.push(def(w, a, a, ls, le));
    if let Some(sc) = idx.acronym_at(a) {
        cands[sc].defines = true;
        cands[sc].concept = !(ls..=le).any(|k| w.is_cap(k));
        if let Some(lc) = idx.name_ending(le).filter(|&n| cands[n].first >= ls) {
            links.join(sc, lc);
        }
    }
}

/// "SF (Long Form)": the long form is the content of the parenthesis.
#[allow(clippy::too_many_arguments)]
fn long_inside(
    w: &Words<'_>,
    before: usize,
    a: usize,
    last: usize,
    cands: &mut [Cand],
    idx: &CandIndex,
    links: &mut Links,
    defs: &mut Vec<AcronymDef>,
) {
    let short = w.word(before);
    let mut s = a;
    if w.low[s] == "the" && s < last {
        s += 1;
    }
    let mut e = s;
    while e < last && !w.gap_after(e).contains([',', ';', '(']) {
        e += 1;
    }
    let long_text = w.span_text(s, e);
    if long_text.chars().count() <= short.chars().count() {
        return;
    }
    let ordered = schwartz_hearst(w, short, s, e) == Some(s);
    if !ordered && !initials_match(w, short, s, e, true) {
        return;
    }
    defs.push(def(w, before, before, s, e));
    if let Some(sc) = idx.acronym_at(before) {
        cands[sc].defines = true;
        cands[sc].concept = !(s..=e).any(|k| w.is_cap(k));
        if let Some(lc) = idx.name_starting(s).filter(|&n| cands[n].last <= e) {
            links.join(sc, lc);
        }
    }
}

/// The name ending at `name` if its word initials hold every letter of the
/// acronym (in any order), as in "Kurdistan Workers' Party (PKK)".
fn name_by_initials(
    w: &Words<'_>,
    short: &str,
    name: Option<usize>,
    cands: &[Cand],
) -> Option<(usize, usize)> {
    let n = name?;
    let c = &cands[n];
    (c.how == How::Name && c.last > c.first && initials_match(w, short, c.first, c.last, false))
        .then_some((c.first, c.last))
}

/// Whether the capitalised words of `s..=e` start with the acronym's
/// letters: as a multiset when `exact`, else every letter at least once.
fn initials_match(w: &Words<'_>, short: &str, s: usize, e: usize, exact: bool) -> bool {
    let mut letters: Vec<char> = short
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    let mut initials: Vec<char> = (s..=e)
        .filter(|&k| {
            !crate::lexicon::is_connector(&w.low[k]) && w.low[k] != "the" && w.low[k] != "and"
        })
        .filter_map(|k| w.low[k].chars().next())
        .collect();
    if letters.len() < 2 || initials.len() < 2 {
        return false;
    }
    letters.sort_unstable();
    initials.sort_unstable();
    if exact {
        return letters == initials;
    }
    letters.dedup();
    letters.iter().all(|l| initials.contains(l)) && initials.len() >= letters.len()
}

/// Schwartz and Hearst's long-form search: the short form's characters
/// matched right to left in the words `from..=to`, the first one at a word
/// start. Returns the word where the long form starts.
fn schwartz_hearst(w: &Words<'_>, short: &str, from: usize, to: usize) -> Option<usize> {
    let base = w.toks[from].start;
    let long: Vec<(usize, char)> = w.text[base..w.toks[to].end].char_indices().collect();
    let sf: Vec<char> = short.chars().flat_map(char::to_lowercase).collect();
    if !is_acronym_word(short) || long.len() <= sf.len() {
        return None;
    }
    let mut l = long.len() as isize - 1;
    let mut s = sf.len() as isize - 1;
    while s >= 0 {
        let cur = sf[s as usize];
        if !cur.is_alphanumeric() {
            s -= 1;
            continue;
        }
        loop {
            if l < 0 {
                return None;
            }
            let lc = long[l as usize].1.to_lowercase().next().unwrap_or(' ');
            let at_word_start = l == 0 || !long[l as usize - 1].1.is_alphanumeric();
            if lc == cur && (s > 0 || at_word_start) {
                break;
            }
            l -= 1;
        }
        l -= 1;
        s -= 1;
    }
    let start_byte = base + long[(l + 1) as usize].0;
    // The word holding that character.
    let k = w.toks.partition_point(|t| t.end <= start_byte);
    let mut k = k.max(from);
    // "Front for Democratic Initiative (FDI)": a long form does not start on
    // a connector when the word before starts with the same letter.
    let first = sf.iter().find(|c| c.is_alphanumeric()).copied();
    while k > from
        && (crate::lexicon::is_connector(&w.low[k]) || matches!(w.low[k].as_str(), "and" | "the"))
        && w.low[k - 1].starts_with(|c: char| Some(c) == first)
    {
        k -= 1;
    }
    while k < to && matches!(w.low[k].as_str(), "the" | "a" | "an") {
        k += 1;
    }
    Some(k)
}

fn def(w: &Words<'_>, ss: usize, se: usize, ls: usize, le: usize) -> AcronymDef {
    AcronymDef {
        short: w.span_text(ss, se).to_owned(),
        long: w.span_text(ls, le).to_owned(),
        short_start: w.toks[ss].cstart,
        short_end: w.toks[se].cend,
        long_start: w.toks[ls].cstart,
        long_end: w.toks[le].cend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(text: &str, short: &str) -> Option<String> {
        let w = Words::new(text);
        schwartz_hearst(&w, short, 0, w.len() - 1).map(|k| w.span_text(k, w.len() - 1).to_owned())
    }

    #[test]
    fn schwartz_hearst_finds_the_shortest_long_form() {
        assert_eq!(
            sh(
                "the anti-Iran terrorist Mojahedin-e Khalq Organization",
                "MKO"
            )
            .as_deref(),
            Some("Mojahedin-e Khalq Organization")
        );
        assert_eq!(
            sh("the heat shock protein", "HSP").as_deref(),
            Some("heat shock protein")
        );
        assert_eq!(sh("Kurdistan Workers' Party", "PKK"), None);
    }

    #[test]
    fn parentheses_pair_within_a_line() {
        let ps = parens("a (b (c) d) (e\nf) g)");
        let pairs: Vec<(usize, usize, bool)> = ps
            .iter()
            .map(|p| (p.open, p.close, p.parent.is_some()))
            .collect();
        assert_eq!(pairs, [(2, 10, false), (5, 7, true)]);
    }
}
