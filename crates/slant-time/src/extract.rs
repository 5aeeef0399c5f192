//! From text to resolved time expressions: tokenise, recognise, read the
//! tense around each expression, resolve, and convert to code points.

use slant_text::CharIndex;

use crate::Date;
use crate::grammar::{self, Cx, Found};
use crate::lexer::tokenize;
use crate::lexicon::{Kw, Lex};
use crate::resolve::{Context, resolve};
use crate::sem::Sem;
use crate::timex::{DateRange, Timex};

/// How far (in tokens) the tense of a sentence is looked for.
const CUE_BEFORE: usize = 8;
const CUE_AFTER: usize = 4;

/// The time expressions of `text`, anchored to `anchor` (the publication
/// date) when given. `index` must be the [`CharIndex`] of `text`.
pub(crate) fn timexes(text: &str, index: &CharIndex, anchor: Option<Date>) -> Vec<Timex> {
    let toks = tokenize(text);
    let cx = Cx { text, toks: &toks };
    let mut found = grammar::find(&cx);
    attach_clock_days(&cx, &mut found);
    let mut last: Option<DateRange> = None;
    let mut last_quarter: Option<i64> = None;
    let mut out = Vec::with_capacity(found.len());
    for f in &found {
        let future = future_cue(&cx, f.start, f.end);
        let r = resolve(
            &f.sem,
            Context {
                anchor,
                last,
                last_quarter,
                future,
            },
        );
        // A quarter named outright ("the third quarter") is the one later
        // "the quarter" and "a year earlier" speak of.
        if r.known
            && matches!(
                f.sem,
                Sem::Quarter { half: false, .. } | Sem::InRelYear { .. }
            )
            && let Some(q) = r
                .value
                .get(5..)
                .and_then(|v| v.strip_prefix('Q'))
                .and_then(|q| q.parse::<i64>().ok())
            && let Ok(y) = r.value[..4].parse::<i64>()
        {
            last_quarter = Some(y * 4 + q - 1);
        }
        let dated = !matches!(
            f.sem,
            Sem::Duration { .. } | Sem::Set { .. } | Sem::SetWeekday(_) | Sem::Ref(_)
        );
        if r.known && dated {
            last = r.range.or(last);
        }
        let (Some(start), Some(end)) = (
            index.char_of(toks[f.start].start),
            index.char_of(toks[f.end - 1].end),
        ) else {
            // Invariant: tokens start and end on code-point boundaries.
            continue;
        };
        out.push(Timex {
            start,
            end,
            text: text[toks[f.start].start..toks[f.end - 1].end].to_owned(),
            kind: r.kind,
            value: r.value,
            resolved: r.known,
            modifier: f.modifier,
            range: r.range,
        });
    }
    out
}

/// Whether the sentence around tokens `start..end` speaks of the future.
fn future_cue(cx: &Cx, start: usize, end: usize) -> bool {
    if start > 0 && cx.kw(start - 1, Kw::By) {
        return true;
    }
    // A deadline or a delay ("postponed until Tuesday morning"), unless a
    // past tense follows ("Until Thursday, they had not called").
    if start > 0 && cx.kw(start - 1, Kw::Until) {
        let past_after = (end..(end + CUE_AFTER).min(cx.toks.len()))
            .take_while(|&k| k == end || !cx.boundary_before(k))
            .any(|k| past_verb(cx.word(k)));
        return !past_after;
    }
    // A past verb right before the expression wins over any cue around it:
    // "the decision was announced Wednesday, and he will appeal".
    let mut p = start;
    while p > 0
        && matches!(
            cx.lex(p - 1),
            Lex::Kw(Kw::On | Kw::In | Kw::Early | Kw::Late)
        )
    {
        p -= 1;
    }
    if p > 0 {
        let w = cx.word(p - 1);
        if cx.kw(p - 1, Kw::Said) || (w.len() > 4 && w.ends_with("ed")) || past_verb(w) {
            return false;
        }
    }
    // "as soon as Tuesday", "as early as next week".
    if start >= 2 && cx.word(start - 1).eq_ignore_ascii_case("as") {
        let w = cx.word(start - 2);
        if w.eq_ignore_ascii_case("soon") || w.eq_ignore_ascii_case("early") {
            return true;
        }
    }
    let cue = |k: usize| {
        cx.kw(k, Kw::FutureCue)
            || cx.kw(k, Kw::Next)
            || (cx.word(k).eq_ignore_ascii_case("set") && cx.kw(k + 1, Kw::To))
    };
    let mut k = start;
    while k > 0 && start - k < CUE_BEFORE && !cx.boundary_before(k) {
        k -= 1;
        if cue(k) {
            return true;
        }
    }
    let mut k = end;
    while k < cx.toks.len() && k - end < CUE_AFTER && !cx.boundary_before(k) {
        if cue(k) {
            return true;
        }
        k += 1;
    }
    false
}

/// A past auxiliary.
fn past_verb(w: &str) -> bool {
    ["was", "were", "had", "did"]
        .iter()
        .any(|v| w.eq_ignore_ascii_case(v))
}

/// Gives a clock time without a day the day named next to it in the same
/// sentence ("at 10:35 a.m. (0735 GMT) Friday").
fn attach_clock_days(cx: &Cx, found: &mut [Found]) {
    const NEAR: usize = 15;
    for c in 0..found.len() {
        if !matches!(found[c].sem, Sem::Clock { day: None, .. }) {
            continue;
        }
        let same_sentence = |a: &Found, b: &Found| {
            let (lo, hi) = if a.end <= b.start {
                (a.end, b.start)
            } else {
                (b.end, a.start)
            };
            hi.saturating_sub(lo) <= NEAR && (lo + 1..=hi).all(|k| !cx.boundary_before(k))
        };
        // The day itself, or that of a clock time restating this one ("at 4
        // in the morning (4 a.m. EDT Thursday)").
        let day_of = |f: &Found| match &f.sem {
            Sem::Clock { day: Some(d), .. } => Some((**d).clone()),
            s if s.is_day() => Some(s.clone()),
            _ => None,
        };
        let next = found
            .get(c + 1)
            .filter(|n| same_sentence(&found[c], n))
            .and_then(day_of);
        let prev = c
            .checked_sub(1)
            .map(|p| &found[p])
            .filter(|p| same_sentence(&found[c], p))
            .and_then(day_of);
        if let Some(day) = next.or(prev)
            && let Sem::Clock { day: slot, .. } = &mut found[c].sem
        {
            *slot = Some(Box::new(day));
        }
    }
}
