//! Clock times: "10:35 a.m.", "9 a.m. EST Tuesday", "4 in the morning",
//! "noon".

use super::{Cx, Found, calendar};
use crate::lexicon::{Kw, Lex};
use crate::sem::Sem;

pub(super) fn at(cx: &Cx, i: usize) -> Option<Found> {
    match cx.lex(i) {
        // "High Noon" is a film.
        Lex::Kw(Kw::Noon | Kw::Midday | Kw::Midnight) if cx.cap(i) && !cx.boundary_before(i) => {
            None
        }
        Lex::Kw(Kw::Noon | Kw::Midday) => Some(with_day(cx, i, i + 1, 12, 0)),
        Lex::Kw(Kw::Midnight) => Some(with_day(cx, i, i + 1, 24, 0)),
        Lex::Digits {
            value: hour,
            len: 1 | 2,
        } if hour <= 24 => digits(cx, i, hour as u8),
        _ => None,
    }
}

/// "a.m.", "pm", "P.M.": whether afternoon, and the token after it.
fn meridiem(cx: &Cx, j: usize) -> Option<(bool, usize)> {
    let w = cx.word(j);
    if w.eq_ignore_ascii_case("am") || w.eq_ignore_ascii_case("pm") {
        return Some((w.eq_ignore_ascii_case("pm"), j + 1));
    }
    let pm = w.eq_ignore_ascii_case("p");
    if !(pm || w.eq_ignore_ascii_case("a"))
        || !cx.punct(j + 1, '.')
        || !cx.glued(j + 1)
        || !cx.glued(j + 2)
    {
        return None;
    }
    if !cx.word(j + 2).eq_ignore_ascii_case("m") {
        return None;
    }
    let k = j + 3;
    Some((
        pm,
        if cx.punct(k, '.') && cx.glued(k) {
            k + 1
        } else {
            k
        },
    ))
}

fn digits(cx: &Cx, i: usize, mut hour: u8) -> Option<Found> {
    let mut j = i + 1;
    let mut minute = 0;
    let mut colon = false;
    if cx.punct(j, ':') && cx.glued(j) && cx.glued(j + 1) {
        let Lex::Digits { value, len: 2 } = cx.lex(j + 1) else {
            return None;
        };
        if value > 59 {
            return None;
        }
        minute = value as u8;
        colon = true;
        j += 2;
    }
    if let Some((pm, k)) = meridiem(cx, j) {
        if hour == 0 || hour > 12 {
            return None;
        }
        hour = match (pm, hour) {
            (true, h) if h < 12 => h + 12,
            (false, 12) => 0,
            (_, h) => h,
        };
        j = k;
    } else if cx.word(j).eq_ignore_ascii_case("o")
        && matches!(cx.lex(j + 1), Lex::Punct('\'' | '’'))
        && cx.kw(j + 2, Kw::Oclock)
    {
        if hour == 0 || hour > 12 {
            return None;
        }
        j += 3;
    } else if cx.kw(j, Kw::In) && cx.kw(j + 1, Kw::The) && (1..=12).contains(&hour) {
        let Lex::PartOfDay(part) = cx.lex(j + 2) else {
            return None;
        };
        if part != "MO" && hour < 12 {
            hour += 12;
        }
        j += 3;
    } else if !(colon && hour <= 23) {
        return None;
    }
    if cx.kw(j, Kw::Zone) {
        j += 1;
    }
    let f = with_day(cx, i, j, hour, minute);
    // The period of "a.m." stays unless it also ends the sentence.
    if f.end == j && cx.punct(j - 1, '.') {
        let ends_sentence = cx.lex(j) == Lex::End || cx.toks.get(j).is_some_and(|t| t.nl || t.cap);
        if ends_sentence {
            return Some(Found { end: j - 1, ..f });
        }
    }
    Some(f)
}

/// A clock time ending before token `j`, merged with the day right after
/// it ("9 a.m. Tuesday", "noon, Aug. 7").
fn with_day(cx: &Cx, i: usize, j: usize, hour: u8, minute: u8) -> Found {
    let k = if cx.punct(j, ',') { j + 1 } else { j };
    let day = match cx.lex(k) {
        Lex::Kw(Kw::Today) => Some((Sem::DayRel(0), k + 1)),
        Lex::Kw(Kw::Tomorrow) => Some((Sem::DayRel(1), k + 1)),
        Lex::Kw(Kw::Yesterday) => Some((Sem::DayRel(-1), k + 1)),
        Lex::Weekday(_) | Lex::Month { .. } => calendar::at(cx, k)
            .filter(|f| f.sem.is_day())
            .map(|f| (f.sem, f.end)),
        _ => None,
    };
    match day {
        Some((day, end)) => Found::new(
            i,
            end,
            Sem::Clock {
                day: Some(Box::new(day)),
                hour,
                minute,
            },
        ),
        None => Found::new(
            i,
            j,
            Sem::Clock {
                day: None,
                hour,
                minute,
            },
        ),
    }
}
