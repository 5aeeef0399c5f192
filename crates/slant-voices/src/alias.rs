//! Alias constructions are not attributions. In "A defected member of the
//! Mojahedin-e Khalq Organization (MKO also known as the MEK, PMOI and NCR)
//! disclosed that …" the tagger may read "also known as" as a cue, "the
//! MEK" as its content and split the speaker in two. Here such a cue goes,
//! with the aliases it tagged as content, and the source pieces on either
//! side of it become one source; a source left with an unmatched ")" is
//! extended back to its "(" and the phrase before it.

use std::ops::Range;

use crate::features::Analysis;
use crate::segment::Segment;
use crate::tagger::Role;

/// Words that may come before "known as" without changing what it does.
const HEDGES: [&str; 5] = ["also", "better", "formerly", "otherwise", "widely"];

/// How far after an alias cue the source it interrupts may go on.
const REACH: usize = 16;

fn word<'t>(a: &Analysis<'t>, i: usize) -> &'t str {
    a.tokens[i].text(a.text)
}

/// Whether the tokens form an alias construction ("also known as", "a.k.a.").
fn is_alias(a: &Analysis, tokens: &Range<usize>) -> bool {
    let words: Vec<String> =
        tokens.clone().map(|i| word(a, i).to_lowercase()).filter(|w| !HEDGES.contains(&w.as_str())).collect();
    matches!(
        words.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
        ["known", "as"] | ["aka" | "a.k.a." | "a.k.a"]
    )
}

fn same_sentence(a: &Analysis, i: usize, j: usize) -> bool {
    a.layout.sentence_of[i] == a.layout.sentence_of[j]
}

/// Drops alias cues and the aliases tagged as their content, and joins
/// the source they interrupt; then mends sources with an unmatched ")".
pub(crate) fn mend_aliases(a: &Analysis, segs: &mut Vec<Segment>) {
    let mut k = 0;
    while k < segs.len() {
        if segs[k].role != Role::Cue || !is_alias(a, &segs[k].tokens) {
            k += 1;
            continue;
        }
        let cue = segs[k].tokens.clone();
        // The aliases: contents right after the cue, in its sentence.
        let mut end = k + 1;
        while end < segs.len()
            && segs[end].role == Role::Content
            && segs[end].tokens.start <= cue.end + REACH
            && same_sentence(a, cue.start, segs[end].tokens.start)
        {
            end += 1;
        }
        let left = k.checked_sub(1).filter(|&l| segs[l].role == Role::Source && segs[l].tokens.end + 2 >= cue.start);
        let right = Some(end).filter(|&r| {
            r < segs.len()
                && segs[r].role == Role::Source
                && segs[r].tokens.start <= cue.end + REACH
                && same_sentence(a, cue.start, segs[r].tokens.start)
        });
        match (left, right) {
            (Some(l), Some(r)) => {
                let joined = segs[l].tokens.start..segs[r].tokens.end;
                segs[l].tokens = joined;
                segs.drain(k..=r);
            }
            _ => {
                segs.drain(k..end);
            }
        }
    }
    for seg in segs.iter_mut().filter(|s| s.role == Role::Source) {
        if let Some(start) = open_paren_phrase(a, &seg.tokens) {
            seg.tokens.start = start;
        }
    }
}

/// For a mention with an unmatched ")", the start of the phrase before its
/// "(": back to the sentence's start or the nearest comma, semicolon,
/// colon or quotation mark, at most [`REACH`] tokens before the "(".
fn open_paren_phrase(a: &Analysis, tokens: &Range<usize>) -> Option<usize> {
    let mut depth = 0i32;
    for i in tokens.clone() {
        match word(a, i) {
            "(" => depth += 1,
            ")" if depth > 0 => depth -= 1,
            ")" => {
                depth = -1;
                break;
            }
            _ => {}
        }
    }
    if depth >= 0 {
        return None;
    }
    let open = (tokens.start.saturating_sub(REACH)..tokens.start)
        .rev()
        .find(|&i| word(a, i) == "(" && same_sentence(a, i, tokens.start))?;
    let stop = |i: usize| matches!(word(a, i), "," | ";" | ":" | "\"" | "“" | "”" | ")" | "(");
    let mut start = open;
    while start > 0 && open - (start - 1) <= REACH && same_sentence(a, start - 1, open) && !stop(start - 1) {
        start -= 1;
    }
    (start < open).then_some(start)
}
