//! The claim a time expression dates: the clause around it, without the
//! reporting frame ("she said that"), the time phrase at its edges, and
//! the tail of an over-long sentence. All ranges are bytes of the text.

use std::ops::Range;

/// Claims longer than this many words are cut after the time expression.
const LONG: usize = 25;

/// Abbreviations whose period ends no sentence.
const ABBREVIATIONS: [&str; 32] = [
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt", "rep", "sen", "gov",
    "prof", "no", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "inc",
    "co", "corp", "ltd", "vs", "mt",
];

/// Words that open a clause after a comma.
const CLAUSE_WORDS: [&str; 13] = [
    "and",
    "but",
    "where",
    "when",
    "while",
    "which",
    "who",
    "whose",
    "although",
    "though",
    "because",
    "whereas",
    "including",
];

/// Words stripped from the start of a claim.
const LEADING: [&str; 14] = [
    "and",
    "but",
    "where",
    "when",
    "while",
    "which",
    "who",
    "that",
    "although",
    "though",
    "because",
    "whereas",
    "including",
    "so",
];

/// Prepositions that belong to a time phrase ("in 1986", "between 1986 to 1993").
const PREPOSITIONS: [&str; 16] = [
    "in",
    "on",
    "at",
    "since",
    "during",
    "for",
    "from",
    "between",
    "by",
    "until",
    "over",
    "through",
    "after",
    "before",
    "throughout",
    "of",
];

/// Reporting verbs of a frame ("she said that …").
const REPORTING: [&str; 16] = [
    "said",
    "says",
    "told",
    "mentioned",
    "revealed",
    "announced",
    "reported",
    "added",
    "stated",
    "claimed",
    "disclosed",
    "noted",
    "insisted",
    "declared",
    "confirmed",
    "explained",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'
}

/// The sentence holding byte `at`.
pub(crate) fn sentence(text: &str, at: usize) -> Range<usize> {
    let ends_here = |i: usize| -> bool {
        // `i` is the byte of a '.', '!' or '?'.
        let after = &text[i + 1..];
        let next = after.trim_start_matches(['"', '\'', '”', '’', ')']);
        let spaced = next.starts_with(char::is_whitespace) || next.is_empty();
        if !spaced {
            return false;
        }
        let follows = next.trim_start().chars().next();
        if follows.is_some_and(char::is_lowercase) {
            return false;
        }
        if &text[i..=i] != "." {
            return true;
        }
        // The word before the period ("U.S", "Mr", "Iraq"), at most 12 bytes.
        let bytes = text.as_bytes();
        let mut from = i;
        while from > 0
            && i - from < 12
            && (bytes[from - 1].is_ascii_alphanumeric() || bytes[from - 1] == b'.')
        {
            from -= 1;
        }
        let word = &text[from..i];
        let single = word.bytes().filter(u8::is_ascii_alphanumeric).count() == 1;
        !(single
            || word.contains('.')
            || ABBREVIATIONS.iter().any(|a| word.eq_ignore_ascii_case(a)))
    };
    let mut start = 0;
    for (i, c) in text[..at].char_indices().rev() {
        if c == '\n' || (matches!(c, '.' | '!' | '?') && ends_here(i)) {
            start = i + 1;
            break;
        }
    }
    let mut end = text.len();
    for (i, c) in text[at..].char_indices() {
        let i = at + i;
        if c == '\n' || (matches!(c, '.' | '!' | '?') && ends_here(i)) {
            end = i;
            break;
        }
    }
    trim(text, start..end)
}

/// `r` without surrounding whitespace and punctuation (closing brackets and
/// quotes kept only when they close something inside).
pub(crate) fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let junk = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ';' | ':' | '"' | '“' | '”' | '`' | '\'' | '—' | '–' | '-' | '_' | '|'
            )
    };
    let lead = s.len() - s.trim_start_matches(junk).len();
    let s2 = &s[lead..];
    let tail = s2.len()
        - s2.trim_end_matches(|c: char| junk(c) || c == '.' || c == '(')
            .len();
    r.start + lead..r.end - tail
}

/// The words of `text[r]` as byte ranges.
fn words(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    words_upto(text, r, usize::MAX)
}

/// The first `limit` words of `text[r]`.
fn words_upto(text: &str, r: Range<usize>, limit: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text[r.clone()].char_indices() {
        let i = r.start + i;
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
                if out.len() >= limit {
                    return out;
                }
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..r.end);
    }
    out
}

/// The first word after byte `from` (and before `end`), looking no further
/// than a few characters.
fn next_word(text: &str, from: usize, end: usize) -> Option<Range<usize>> {
    let rest = &text[from..end];
    let skip = rest.len() - rest.trim_start().len();
    let start = from + skip;
    let len = text[start..end]
        .find(|c: char| !is_word_char(c))
        .unwrap_or(end - start);
    (len > 0 && skip <= 4).then_some(start..start + len)
}

fn is(text: &str, w: &Range<usize>, list: &[&str]) -> bool {
    list.iter().any(|x| text[w.clone()].eq_ignore_ascii_case(x))
}

/// The clause of `sentence` holding `target`: cut at strong marks (`;`,
/// `:`, brackets, quotation marks, dashes) and at a comma before a clause
/// word, unless `strong_only`.
pub(crate) fn clause(
    text: &str,
    sentence: Range<usize>,
    target: Range<usize>,
    strong_only: bool,
) -> Range<usize> {
    let s = &text[sentence.clone()];
    let strong = |c: char| matches!(c, ';' | ':' | '(' | ')' | '"' | '“' | '”' | '—' | '`');
    let mut cuts = vec![sentence.start];
    for (i, c) in s.char_indices() {
        let at = sentence.start + i;
        if at >= target.start && at < target.end {
            continue;
        }
        let boundary = if strong_only {
            matches!(c, ';' | '"' | '“' | '”' | '`')
        } else if strong(c) || s[i..].starts_with("--") || s[i..].starts_with("''") {
            true
        } else if c == ',' {
            next_word(text, at + 1, sentence.end).is_some_and(|w| is(text, &w, &CLAUSE_WORDS))
        } else {
            false
        };
        if boundary {
            cuts.push(at);
            cuts.push(at + c.len_utf8());
        }
    }
    cuts.push(sentence.end);
    let mut best = sentence.clone();
    for pair in cuts.windows(2).step_by(1) {
        let (a, b) = (pair[0], pair[1]);
        if a <= target.start && target.end <= b {
            best = a..b;
        }
    }
    trim(text, best)
}

/// Trims a clause to the claim: drops leading connectives, a reporting frame
/// before the time phrase ("she said that", "according to the report,"),
/// the time phrase `phrase` at either edge, and cuts a long claim after it.
pub(crate) fn claim(text: &str, clause: Range<usize>, phrase: Range<usize>) -> Range<usize> {
    let mut r = clause;
    let ws = words_upto(text, r.clone(), 10);
    // A reporting frame of up to 8 words ending in "that", before the phrase.
    if let Some(that) = ws.iter().take(9).position(|w| is(text, w, &["that"]))
        && ws[..that].iter().any(|w| is(text, w, &REPORTING))
        && ws[that].end <= phrase.start
    {
        r.start = ws[that].end;
    }
    if let Some(first) = words_upto(text, r.clone(), 1).first()
        && is(text, first, &["according"])
        && let Some(comma) = text[r.clone()].find(',')
        && r.start + comma < phrase.start
        && words(text, r.start..r.start + comma).len() <= 8
    {
        r.start = r.start + comma + 1;
    }
    r = trim(text, r);
    while let Some(first) = words_upto(text, r.clone(), 1).first().cloned() {
        if first.start == r.start && is(text, &first, &LEADING) && first.end <= phrase.start {
            r = trim(text, first.end..r.end);
        } else {
            break;
        }
    }
    r = cut_long(text, r, phrase.clone());
    // The time phrase (and its preposition) at the start or the end.
    let before = trim(text, r.start..phrase.start.max(r.start));
    if before.is_empty()
        || words_upto(text, before.clone(), 3)
            .iter()
            .all(|w| is(text, w, &PREPOSITIONS))
    {
        let rest = trim(text, phrase.end.min(r.end)..r.end);
        if words_upto(text, rest.clone(), 2).len() >= 2 {
            r = rest;
        }
    } else {
        let after = trim(text, phrase.end.min(r.end)..r.end);
        if text[after].trim_matches(')').is_empty() {
            let mut cut = phrase.start;
            let head = text[r.start..phrase.start].trim_end();
            let last = head
                .char_indices()
                .rev()
                .find(|&(_, c)| !is_word_char(c))
                .map_or(r.start, |(p, c)| r.start + p + c.len_utf8());
            if let Some(prep) = words_upto(text, last..phrase.start, 1).first()
                && is(text, prep, &PREPOSITIONS)
            {
                cut = prep.start;
            }
            let kept = trim(text, r.start..cut);
            if words_upto(text, kept.clone(), 2).len() >= 2 {
                r = kept;
            }
        }
    }
    r
}

/// Cuts a claim of more than [`LONG`] words after the time phrase: at the
/// first " and " that leaves at least 8 words besides the phrase, else at
/// the first such comma.
fn cut_long(text: &str, r: Range<usize>, phrase: Range<usize>) -> Range<usize> {
    let ws = words(text, r.clone());
    if ws.len() <= LONG {
        return r;
    }
    let from = phrase.end.max(r.start);
    let inside = ws
        .iter()
        .filter(|w| w.start >= phrase.start && w.end <= phrase.end)
        .count();
    let candidates = ws
        .iter()
        .enumerate()
        .filter(|&(k, w)| w.start >= from && k >= 8 + inside);
    let and = candidates.clone().find(|(_, w)| is(text, w, &["and"]));
    let comma = candidates
        .clone()
        .find(|&(k, w)| text[ws[k - 1].end..w.start].contains(','));
    match and.or(comma) {
        Some((k, _)) => trim(text, r.start..ws[k - 1].end),
        None => r,
    }
}
