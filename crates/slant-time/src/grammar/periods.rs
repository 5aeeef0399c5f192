//! Calendar periods: quarters and halves, centuries, seasons, holidays,
//! and the years they belong to ("the third quarter", "next year's first
//! quarter", "the summer of 1990", "Christmas Eve").

// d, m and y are the calendar's own letters.
#![allow(clippy::many_single_char_names)]

use super::dates::{day_month, month_led};
use super::years::{of_year, spelled_year, year_shift};
use super::{Cx, Found};
use crate::date::days_in_month;
use crate::lexicon::{Kw, Lex, Unit};
use crate::sem::{Amount, Holiday, Sem};

/// "this year's third quarter", "next year's first quarter", "last
/// year's quarter".
pub(super) fn possessive_year(cx: &Cx, i: usize) -> Option<Found> {
    let offset = year_shift(cx, i)?;
    let k = i + 2;
    if !(matches!(cx.lex(k), Lex::Punct('\'' | '’')) && cx.word(k + 1).eq_ignore_ascii_case("s"))
    {
        return None;
    }
    let f = ordinal_led(cx, k + 2)?;
    matches!(f.sem, Sem::Quarter { year: None, .. }).then(|| {
        Found::new(
            i,
            f.end,
            Sem::InRelYear {
                inner: Box::new(f.sem),
                offset,
            },
        )
    })
}

/// "third quarter", "first half of 1990", "20th century", "7th of August".
pub(super) fn ordinal_led(cx: &Cx, i: usize) -> Option<Found> {
    let Lex::Ordinal(n) = cx.lex(i) else {
        return None;
    };
    let j = if cx.punct(i + 1, '-') && cx.glued(i + 1) {
        i + 2
    } else {
        i + 1
    };
    let with_year = |end: usize, f: &dyn Fn(Option<i32>) -> Sem| match of_year(cx, end) {
        Some((y, e)) => Found::new(i, e, f(Some(y))),
        None => Found::new(i, end, f(None)),
    };
    match cx.lex(j) {
        Lex::Unit {
            unit: Unit::Quarter,
            plural: false,
        } if (1..=4).contains(&n) => Some(with_year(j + 1, &|year| Sem::Quarter {
            year,
            q: n as u8,
            half: false,
        })),
        Lex::Kw(Kw::Half) if (1..=2).contains(&n) => Some(with_year(j + 1, &|year| Sem::Quarter {
            year,
            q: n as u8,
            half: true,
        })),
        Lex::Unit {
            unit: Unit::Century,
            plural: false,
        } if (1..=40).contains(&n) => Some(Found::new(i, j + 1, Sem::Century(n as i32 - 1))),
        Lex::Kw(Kw::Of) if (1..=31).contains(&n) => {
            let (m, k) = cx.month(i + 2, true)?;
            if n > u32::from(days_in_month(2000, m)) {
                return None;
            }
            let (year, end) = cx.year(k).map_or((None, k), |y| (Some(y), k + 1));
            Some(Found::new(
                i,
                end,
                Sem::Cal {
                    year,
                    month: m,
                    day: Some(n as u8),
                },
            ))
        }
        _ => None,
    }
}

/// Expressions that include their "the": "the third quarter", "the week of
/// March 6", "the first nine months".
pub(super) fn the_led(cx: &Cx, i: usize) -> Option<Found> {
    let j = i + 1;
    if let Some(f) = ordinal_led(cx, j)
        && matches!(f.sem, Sem::Quarter { .. } | Sem::Century(_))
        && !(cx.punct(j + 1, '-') && cx.glued(j + 1))
    {
        return Some(Found::new(i, f.end, f.sem));
    }
    // "the year-ago third quarter", "the year-earlier second quarter".
    if cx.unit(j) == Some((Unit::Year, false))
        && cx.punct(j + 1, '-')
        && (cx.kw(j + 2, Kw::Ago) || cx.kw(j + 2, Kw::Earlier))
        && let Some(f) = ordinal_led(cx, j + 3)
        && let Sem::Quarter { year: None, .. } = f.sem
    {
        return Some(Found::new(
            i,
            f.end,
            Sem::InRelYear {
                inner: Box::new(f.sem),
                offset: -1,
            },
        ));
    }
    // "the year 2000", "the year two thousand".
    if cx.unit(j) == Some((Unit::Year, false)) {
        if let Some(y) = cx.year(j + 1) {
            return Some(Found::new(i, j + 2, Sem::Year(y)));
        }
        if let Some(f) = spelled_year(cx, j + 1) {
            return Some(Found::new(i, f.end, f.sem));
        }
    }
    if cx.unit(j) == Some((Unit::Week, false)) && cx.kw(j + 1, Kw::Of) {
        let f = month_led(cx, j + 2).or_else(|| day_month(cx, j + 2))?;
        return matches!(f.sem, Sem::Cal { day: Some(_), .. })
            .then(|| Found::new(i, f.end, Sem::WeekOf(Box::new(f.sem))));
    }
    if cx.lex(j) == Lex::Ordinal(1)
        && let Some((n, k)) = cx.number(j + 1)
        && let Some((unit, true)) = cx.unit(k)
    {
        let amount = Amount::whole(n);
        return Some(Found::new(
            i,
            k + 1,
            Sem::Duration {
                amount,
                unit,
                toward: None,
            },
        ));
    }
    None
}

/// "summer of 1990", "in the fall", "winter 1998".
pub(super) fn season(cx: &Cx, i: usize, s: u8) -> Option<Found> {
    if let Some((y, end)) = of_year(cx, i + 1) {
        return Some(Found::new(
            i,
            end,
            Sem::Season {
                year: Some(y),
                season: s,
                shift: None,
            },
        ));
    }
    if let Some(y) = cx.year(i + 1) {
        return Some(Found::new(
            i,
            i + 2,
            Sem::Season {
                year: Some(y),
                season: s,
                shift: None,
            },
        ));
    }
    let prev = |k: usize, kw: Kw| i >= k && cx.kw(i - k, kw);
    let context = prev(1, Kw::In)
        || prev(1, Kw::Since)
        || prev(1, Kw::Until)
        || prev(1, Kw::By)
        || ((prev(1, Kw::The) || prev(1, Kw::This))
            && (prev(2, Kw::In) || prev(2, Kw::During) || prev(2, Kw::Since) || prev(2, Kw::By)));
    (context && !cx.kw(i + 1, Kw::Of)).then(|| {
        Found::new(
            i,
            i + 1,
            Sem::Season {
                year: None,
                season: s,
                shift: None,
            },
        )
    })
}

/// "Christmas", "Thanksgiving Day", "New Year's Eve", "Election Day".
pub(super) fn holiday(cx: &Cx, i: usize) -> Option<Found> {
    let Lex::Kw(kw) = cx.lex(i) else { return None };
    if !cx.cap(i) {
        return None;
    }
    let is_day = |k: usize| cx.unit(k) == Some((Unit::Day, false)) && cx.cap(k);
    let (h, end) = match kw {
        Kw::Christmas if cx.kw(i + 1, Kw::Eve) => (Holiday::Fixed(12, 24), i + 2),
        Kw::Christmas => (Holiday::Fixed(12, 25), i + 1 + usize::from(is_day(i + 1))),
        Kw::Thanksgiving => (Holiday::Thanksgiving, i + 1 + usize::from(is_day(i + 1))),
        Kw::Easter => (
            Holiday::Easter,
            i + 1 + usize::from(is_day(i + 1) || cx.lex(i + 1) == Lex::Weekday(7)),
        ),
        Kw::Halloween => (Holiday::Fixed(10, 31), i + 1),
        Kw::Election if is_day(i + 1) => (Holiday::ElectionDay, i + 2),
        Kw::Independence if is_day(i + 1) => (Holiday::Fixed(7, 4), i + 2),
        Kw::Labor if is_day(i + 1) => (Holiday::LaborDay, i + 2),
        Kw::Memorial if is_day(i + 1) => (Holiday::MemorialDay, i + 2),
        Kw::New if cx.unit(i + 1) == Some((Unit::Year, false)) && cx.cap(i + 1) => {
            let mut k = i + 2;
            if matches!(cx.lex(k), Lex::Punct('\'' | '’'))
                && cx.word(k + 1).eq_ignore_ascii_case("s")
            {
                k += 2;
            }
            if cx.kw(k, Kw::Eve) {
                (Holiday::Fixed(12, 31), k + 1)
            } else if is_day(k) {
                (Holiday::Fixed(1, 1), k + 1)
            } else {
                return None;
            }
        }
        _ => return None,
    };
    Some(Found::new(
        i,
        end,
        Sem::Holiday {
            holiday: h,
            year: None,
            shift: None,
        },
    ))
}
