//! brat standoff (`.ann`) reading, as `PolNeAR` writes it: `T` lines are
//! spans (`T5<TAB>Source 68 84<TAB>A Bloomberg poll`, pieces joined by `;`),
//! `E` lines tie one attribution's roles together (`E2<TAB>Attribution:T8
//! Content:T7 Cue:T6 Source:T5`). Offsets are code points.
//!
//! A `T` line whose text column holds line breaks runs on over the next
//! lines; they are skipped by counting the characters the offsets promise.
//! Notes (`#`), relations, attributes and normalisations are ignored. The
//! role in the `E` line decides what a span is, whatever its type (a few
//! `PolNeAR` cues are typed `Discuss`). Anything else is an error naming the
//! line and the problem.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use slant_text::Span;

use crate::VoicesError;
use crate::attribution::Attribution;

/// One attribution of a gold (or predicted) file: the pieces of each role,
/// empty when the role is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldAttribution {
    /// Pieces of the cue.
    pub cue: Vec<Span>,
    /// Pieces of the source.
    pub source: Vec<Span>,
    /// Pieces of the content (of every `Content*` role).
    pub content: Vec<Span>,
}

impl From<&Attribution> for GoldAttribution {
    fn from(a: &Attribution) -> Self {
        Self {
            cue: a.cue.iter().map(crate::attribution::TextSpan::span).collect(),
            source: a.source.iter().map(crate::attribution::Source::span).collect(),
            content: a.content.iter().map(crate::attribution::TextSpan::span).collect(),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Cue,
    Source,
    Content,
}

struct Line<'a> {
    number: usize,
    text: &'a str,
}

fn error(line: usize, problem: impl Into<String>) -> VoicesError {
    VoicesError::Brat { file: None, line, problem: problem.into() }
}

/// Reads the attributions of one `.ann` file over its article `text`.
///
/// Errors name the line (1-based) and the problem; add the file with
/// [`VoicesError::in_file`].
pub fn read_ann(text: &str, ann: &str) -> Result<Vec<GoldAttribution>, VoicesError> {
    let char_len = text.chars().count();
    let mut spans: HashMap<&str, Vec<Span>> = HashMap::new();
    let mut events: Vec<Line> = Vec::new();
    let mut skip_chars: isize = 0;
    for (n, raw) in ann.split('\n').enumerate() {
        let number = n + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if skip_chars > 0 && !looks_like_record(line) {
            skip_chars -= 1 + line.chars().count() as isize;
            continue;
        }
        skip_chars = 0;
        let Some(first) = line.chars().next() else {
            continue;
        };
        match first {
            'T' => {
                let (id, pieces, promised, written) = parse_span_line(line, number, char_len)?;
                skip_chars = promised as isize - written as isize;
                if spans.insert(id, pieces).is_some() {
                    return Err(error(number, format!("span id {id} is defined twice")));
                }
            }
            'E' => events.push(Line { number, text: line }),
            '#' | 'R' | 'A' | 'M' | 'N' | '*' => {}
            _ if line.trim().is_empty() => {}
            _ => {
                return Err(error(number, format!("not a brat record: {:?}", truncate(line))));
            }
        }
    }
    events.iter().map(|e| parse_event(e, &spans)).collect()
}

fn looks_like_record(line: &str) -> bool {
    let mut chars = line.chars();
    matches!(chars.next(), Some('T' | 'E' | 'R' | 'A' | 'M' | 'N' | '#' | '*'))
        && line.split('\t').next().is_some_and(|id| id.len() > 1 && id[1..].chars().all(|c| c.is_ascii_digit()))
}

fn truncate(line: &str) -> String {
    line.chars().take(60).collect()
}

/// `(id, pieces, characters the text column should hold, characters it
/// holds)`.
fn parse_span_line(line: &str, number: usize, char_len: usize) -> Result<(&str, Vec<Span>, usize, usize), VoicesError> {
    let mut fields = line.splitn(3, '\t');
    let id = fields.next().unwrap_or_default();
    let Some(body) = fields.next() else {
        return Err(error(number, format!("span {id} has no tab-separated type and offsets")));
    };
    let written = fields.next().map_or(0, |t| t.chars().count());
    let Some((_kind, offsets)) = body.split_once(' ') else {
        return Err(error(number, format!("span {id} has no offsets after its type {body:?}")));
    };
    let mut pieces = Vec::new();
    for piece in offsets.split(';') {
        let mut ends = piece.split_whitespace().map(str::parse::<usize>);
        let (Some(Ok(start)), Some(Ok(end)), None) = (ends.next(), ends.next(), ends.next()) else {
            return Err(error(number, format!("span {id}: offsets {piece:?} are not two whole numbers")));
        };
        if start > end {
            return Err(error(number, format!("span {id}: start {start} is after end {end}")));
        }
        if end > char_len {
            return Err(error(number, format!("span {id}: end {end} is past the text's {char_len} characters")));
        }
        pieces.push(Span::new(start, end));
    }
    let promised = pieces.iter().map(|p| p.len()).sum::<usize>() + pieces.len().saturating_sub(1);
    Ok((id, pieces, promised, written))
}

fn role_of(name: &str) -> Option<Role> {
    let base = name.trim_end_matches(|c: char| c.is_ascii_digit());
    match base {
        "Cue" => Some(Role::Cue),
        "Source" => Some(Role::Source),
        "Content" => Some(Role::Content),
        _ => None,
    }
}

fn parse_event(line: &Line, spans: &HashMap<&str, Vec<Span>>) -> Result<GoldAttribution, VoicesError> {
    let mut fields = line.text.splitn(3, '\t');
    let id = fields.next().unwrap_or_default();
    let Some(args) = fields.next() else {
        return Err(error(line.number, format!("event {id} has no tab-separated arguments")));
    };
    let mut gold = GoldAttribution::default();
    for (k, arg) in args.split_whitespace().enumerate() {
        let Some((name, target)) = arg.split_once(':') else {
            return Err(error(line.number, format!("event {id}: argument {arg:?} is not ROLE:ID")));
        };
        // The first argument is the trigger (`Attribution:T8`), the cue's
        // copy: it carries no role of its own.
        let Some(role) = role_of(name).filter(|_| k > 0) else {
            continue;
        };
        let Some(pieces) = spans.get(target) else {
            return Err(error(line.number, format!("event {id}: {name} refers to {target}, which is not defined")));
        };
        let slot = match role {
            Role::Cue => &mut gold.cue,
            Role::Source => &mut gold.source,
            Role::Content => &mut gold.content,
        };
        slot.extend(pieces.iter().copied());
    }
    for slot in [&mut gold.cue, &mut gold.source, &mut gold.content] {
        slot.sort_unstable();
        slot.dedup();
    }
    Ok(gold)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "“Nous gagnons,” dit José 🦊. A Bloomberg poll shows gains.";

    #[test]
    fn reads_roles_and_pieces() {
        let ann = "T1\tContent 0 15\t“Nous gagnons,”\nT2\tCue 16 19\tdit\nT3\tSource 20 24\tJosé\n\
                   T4\tAttribution 16 19\tdit\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T3\n\
                   T5\tSource 28 44\tA Bloomberg poll\nT6\tCue 45 50\tshows\nT7\tContent 51 56;20 24\tgains José\n\
                   #1\tAnnotatorNotes T5\tnote\nE2\tAttribution:T6 Source:T5 Cue:T6 Content:T7\n";
        let gold = read_ann(TEXT, ann).unwrap();
        assert_eq!(gold.len(), 2);
        let chars: Vec<char> = TEXT.chars().collect();
        let s = |sp: Span| chars[sp.start..sp.end].iter().collect::<String>();
        assert_eq!(s(gold[0].cue[0]), "dit");
        assert_eq!(s(gold[0].content[0]), "José", "the role decides, not the span's type");
        assert_eq!(s(gold[1].source[0]), "A Bloomberg poll");
        assert_eq!(gold[1].content.iter().map(|&p| s(p)).collect::<Vec<_>>(), ["José", "gains"]);
    }

    #[test]
    fn skips_text_columns_that_run_over_lines() {
        let text = "one\n\ntwo said";
        let ann = "T1\tContent 0 8\tone\n\ntwo\nT2\tCue 9 13\tsaid\nE1\tAttribution:T2 Content:T1 Cue:T2\n";
        let gold = read_ann(text, ann).unwrap();
        assert_eq!(gold[0].content, [Span::new(0, 8)]);
        assert_eq!(gold[0].cue, [Span::new(9, 13)]);
    }

    #[test]
    fn malformed_lines_name_line_and_problem() {
        let cases = [
            ("T1\tCue 5 x\tsaid", "line 1: span T1: offsets \"5 x\" are not two whole numbers"),
            ("\nT1\tCue 9 3\ts", "line 2: span T1: start 9 is after end 3"),
            ("T1\tCue 0 999\ts", "line 1: span T1: end 999 is past the text's 57 characters"),
            ("T1 Cue 0 3", "line 1: span T1 Cue 0 3 has no tab-separated type and offsets"),
            ("E1\tAttribution:T9 Cue:T9", "line 1: event E1: Cue refers to T9, which is not defined"),
            ("hello", "line 1: not a brat record: \"hello\""),
            ("T1\tCue 0 3\ta\nT1\tCue 0 3\ta", "line 2: span id T1 is defined twice"),
        ];
        for (ann, expected) in cases {
            let e = read_ann(TEXT, ann).unwrap_err();
            assert_eq!(e.to_string(), expected, "{ann:?}");
        }
    }

    #[test]
    fn empty_file_has_no_attributions() {
        assert!(read_ann(TEXT, "").unwrap().is_empty());
        assert!(read_ann(TEXT, "\n\n").unwrap().is_empty());
    }
}
