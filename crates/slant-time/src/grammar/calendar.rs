//! Calendar expressions: the recogniser that tries dates, years, decades,
//! quarters, seasons and holidays at a token, and years and decades.

// d, m and y are the calendar's own letters.
#![allow(clippy::many_single_char_names)]

use super::dates::{day_month, month_led, numeric, weekday_led};
use super::periods::{holiday, ordinal_led, possessive_year, season, the_led};
use super::years::spelled_year;
use super::{Cx, Found};
use crate::lexicon::{Kw, Lex, Unit};
use crate::sem::Sem;

pub(super) fn at(cx: &Cx, i: usize) -> Option<Found> {
    match cx.lex(i) {
        Lex::Weekday(_) => weekday_led(cx, i),
        Lex::Month { .. } => month_led(cx, i),
        Lex::Digits { .. } => numeric(cx, i)
            .or_else(|| day_month(cx, i))
            .or_else(|| year_led(cx, i)),
        Lex::Ordinal(_) => ordinal_led(cx, i),
        Lex::Punct('\'' | '’') => decade_abbreviated(cx, i),
        Lex::Kw(Kw::The) => the_led(cx, i),
        Lex::Kw(Kw::Fiscal) => {
            // "fiscal first quarter", "fiscal-first quarter".
            let k = if cx.punct(i + 1, '-') && cx.glued(i + 1) {
                i + 2
            } else {
                i + 1
            };
            if let Some(f) = ordinal_led(cx, k) {
                return Some(Found::new(i, f.end, f.sem));
            }
            let j = i + 1 + usize::from(cx.unit(i + 1) == Some((Unit::Year, false)));
            cx.year(j).map(|y| Found::new(i, j + 1, Sem::Year(y)))
        }
        // "year-earlier", "year-ago": the quarter a year before the reported one.
        Lex::Unit {
            unit: Unit::Year,
            plural: false,
        } if cx.punct(i + 1, '-')
            && cx.glued(i + 1)
            && (cx.kw(i + 2, Kw::Earlier) || cx.kw(i + 2, Kw::Ago)) =>
        {
            Some(Found::new(i, i + 3, Sem::ReportedQuarter { years_back: 1 }))
        }
        Lex::NumWord(_) => spelled_year(cx, i),
        Lex::Kw(Kw::This | Kw::Last | Kw::Next) => possessive_year(cx, i),
        Lex::Season(s) => season(cx, i, s),
        Lex::Kw(_) => holiday(cx, i),
        _ => None,
    }
}

/// Words after a number that show it counts things, not years.
fn counted_after(cx: &Cx, i: usize) -> bool {
    const NOUNS: [&str; 14] = [
        "percent", "people", "shares", "points", "troops", "men", "women", "feet", "meters",
        "miles", "tons", "votes", "members", "units",
    ];
    let w = cx.word(i);
    cx.punct(i, '%') || NOUNS.iter().any(|n| w.eq_ignore_ascii_case(n))
}

/// "1998", "1990s", "the 1990s".
fn year_led(cx: &Cx, i: usize) -> Option<Found> {
    let y = cx.year(i)?;
    let before = |c: char| i > 0 && cx.punct(i - 1, c);
    let after = |c: char| cx.punct(i + 1, c) && cx.glued(i + 1);
    // Pieces of malformed numeric dates ("31/02/2012", "2012-13-45").
    let broken_date = (cx.glued(i) && before('/'))
        || (cx.glued(i)
            && before('-')
            && i >= 2
            && matches!(cx.lex(i - 2), Lex::Digits { len: 1 | 2, .. }))
        || after('/')
        || (after('-') && cx.glued(i + 2) && cx.punct(i + 3, '-') && cx.glued(i + 3));
    if broken_date
        || (cx.glued(i)
            && (before('$')
                || before('#')
                || before('£')
                || before('€')
                || before('.')
                || before(',')))
        || (cx.glued(i + 1)
            && (cx.punct(i + 1, '.') || cx.punct(i + 1, ','))
            && matches!(cx.lex(i + 2), Lex::Digits { .. })
            && cx.glued(i + 2))
        || counted_after(cx, i + 1)
        || (i > 0
            && matches!(
                cx.lex(i - 1),
                Lex::Kw(Kw::Than | Kw::Approx | Kw::Nearly | Kw::Over)
            ))
    {
        return None;
    }
    if cx.glued(i + 1) && cx.word(i + 1).eq_ignore_ascii_case("s") {
        return Some(Found::new(i, i + 2, Sem::Decade(y / 10)));
    }
    // "the 1988 second quarter", "the 1988 period".
    if let Some(f) = ordinal_led(cx, i + 1)
        && let Sem::Quarter {
            year: None,
            q,
            half,
        } = f.sem
    {
        return Some(Found::new(
            i,
            f.end,
            Sem::Quarter {
                year: Some(y),
                q,
                half,
            },
        ));
    }
    if i > 0 && cx.kw(i - 1, Kw::The) && cx.word(i + 1).eq_ignore_ascii_case("period") {
        return Some(Found::new(i - 1, i + 2, Sem::Year(y)));
    }
    if !(1900..=2099).contains(&y) {
        // Older or later years only where a date is expected.
        let ok = i > 0
            && matches!(
                cx.lex(i - 1),
                Lex::Kw(
                    Kw::In
                        | Kw::Since
                        | Kw::From
                        | Kw::Until
                        | Kw::By
                        | Kw::Of
                        | Kw::Before
                        | Kw::After
                        | Kw::Between
                        | Kw::To
                        | Kw::And
                        | Kw::The
                ) | Lex::Punct(',' | '(')
            );
        if !ok {
            return None;
        }
    }
    Some(Found::new(i, i + 1, Sem::Year(y)))
}

/// "'90s".
fn decade_abbreviated(cx: &Cx, i: usize) -> Option<Found> {
    let Lex::Digits { value, len: 2 } = cx.lex(i + 1) else {
        return None;
    };
    (cx.glued(i + 1)
        && cx.glued(i + 2)
        && cx.word(i + 2).eq_ignore_ascii_case("s")
        && value % 10 == 0)
        .then(|| Found::new(i, i + 3, Sem::Decade(190 + value as i32 / 10)))
}
