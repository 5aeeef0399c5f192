//! Dates: weekdays, months, days of a month and numeric dates ("Friday",
//! "April 6, 1998", "6 April", "04/06/98").

// d, m and y are the calendar's own letters.
#![allow(clippy::many_single_char_names)]

use super::years::{spelled_year, year_shift};
use super::{Cx, Found};
use crate::date::days_in_month;
use crate::lexicon::{Kw, Lex};
use crate::sem::Sem;

/// "Friday", "Friday morning", "Thursday, April 6".
pub(super) fn weekday_led(cx: &Cx, i: usize) -> Option<Found> {
    let (wd, j) = cx.weekday(i)?;
    let k = if cx.punct(j, ',') { j + 1 } else { j };
    if let Some(f) = month_led(cx, k)
        && matches!(f.sem, Sem::Cal { day: Some(_), .. })
    {
        return Some(Found::new(i, f.end, f.sem));
    }
    let day = Sem::Weekday { wd, shift: None };
    if let Lex::PartOfDay(part) = cx.lex(j) {
        return Some(Found::new(
            i,
            j + 1,
            Sem::Part {
                day: Box::new(day),
                part,
            },
        ));
    }
    Some(Found::new(i, j, day))
}

/// A day of the month at `i`: 1 to 31 as digits or an ordinal.
fn day_number(cx: &Cx, i: usize) -> Option<u8> {
    let (Lex::Digits {
        value: d,
        len: 1 | 2,
    }
    | Lex::Ordinal(d)) = cx.lex(i)
    else {
        return None;
    };
    // "May 5:30" or "June 3-4" are not plain days.
    let clock = cx.punct(i + 1, ':')
        && cx.glued(i + 1)
        && cx.glued(i + 2)
        && matches!(cx.lex(i + 2), Lex::Digits { .. });
    ((1..=31).contains(&d) && !clock).then_some(d as u8)
}

/// The second day of "April 24 and 25": a day number at `i` right after
/// `prev`, a day of a month, and "and" or "or".
pub(super) fn second_day(cx: &Cx, prev: &Found, i: usize) -> Option<Found> {
    let Sem::Cal {
        year,
        month,
        day: Some(_),
    } = prev.sem
    else {
        return None;
    };
    let joined = i == prev.end + 1 && (cx.kw(prev.end, Kw::And) || cx.word(prev.end) == "or");
    let d = day_number(cx, i).filter(|_| joined)?;
    // "April 24 and 25 people" counts; a day ends a phrase.
    let ends = matches!(cx.lex(i + 1), Lex::Punct(_) | Lex::End | Lex::Kw(_));
    (ends && d <= days_in_month(2000, month)).then(|| {
        Found::new(
            i,
            i + 1,
            Sem::Cal {
                year,
                month,
                day: Some(d),
            },
        )
    })
}

/// "Aug. 7, 1998", "Aug. 7", "January 1998", "April".
pub(super) fn month_led(cx: &Cx, i: usize) -> Option<Found> {
    let (m, j) = cx.month(i, true)?;
    if let Some(d) = day_number(cx, j) {
        // "February 30" is no day: read the month alone.
        if d <= days_in_month(2000, m) {
            let k = j + 1;
            let (year, end) = if cx.punct(k, ',') && cx.year(k + 1).is_some() {
                (cx.year(k + 1), k + 2)
            } else if cx.year(k).is_some() {
                (cx.year(k), k + 1)
            } else {
                (None, k)
            };
            return Some(Found::new(
                i,
                end,
                Sem::Cal {
                    year,
                    month: m,
                    day: Some(d),
                },
            ));
        }
    }
    let year_at = if cx.punct(j, ',') || cx.kw(j, Kw::Of) {
        j + 1
    } else {
        j
    };
    if let Some(y) = cx.year(year_at) {
        return Some(Found::new(
            i,
            year_at + 1,
            Sem::Cal {
                year: Some(y),
                month: m,
                day: None,
            },
        ));
    }
    if let Some(f) = spelled_year(cx, year_at)
        && let Sem::Year(y) = f.sem
    {
        return Some(Found::new(
            i,
            f.end,
            Sem::Cal {
                year: Some(y),
                month: m,
                day: None,
            },
        ));
    }
    // "June last year", "January this year".
    if let Some(offset) = year_shift(cx, j) {
        let inner = Box::new(Sem::Cal {
            year: None,
            month: m,
            day: None,
        });
        return Some(Found::new(i, j + 2, Sem::InRelYear { inner, offset }));
    }
    let Lex::Month { loose, .. } = cx.lex(i) else {
        return None;
    };
    if loose && !month_context(cx, i) {
        return None;
    }
    Some(Found::new(
        i,
        j,
        Sem::Cal {
            year: None,
            month: m,
            day: None,
        },
    ))
}

/// Whether the words before `i` make a lone "May" or "March" a month.
fn month_context(cx: &Cx, i: usize) -> bool {
    i > 0
        && matches!(
            cx.lex(i - 1),
            Lex::Kw(
                Kw::In
                    | Kw::Since
                    | Kw::Until
                    | Kw::By
                    | Kw::Of
                    | Kw::From
                    | Kw::Through
                    | Kw::Early
                    | Kw::Late
                    | Kw::Last
                    | Kw::Next
                    | Kw::This
                    | Kw::The
                    | Kw::Before
                    | Kw::After
                    | Kw::Between
                    | Kw::To
            ) | Lex::Punct('-')
        )
}

/// "7 August 1998", "7 August".
pub(super) fn day_month(cx: &Cx, i: usize) -> Option<Found> {
    let d = day_number(cx, i)?;
    let (m, j) = cx.month(i + 1, true)?;
    if d > days_in_month(2000, m) {
        return None;
    }
    let (year, end) = match cx.year(j) {
        Some(y) => (Some(y), j + 1),
        None => (None, j),
    };
    Some(Found::new(
        i,
        end,
        Sem::Cal {
            year,
            month: m,
            day: Some(d),
        },
    ))
}

/// "1998-08-07", "8/7/1998".
pub(super) fn numeric(cx: &Cx, i: usize) -> Option<Found> {
    let part = |k: usize, sep: char| -> Option<u32> {
        if !(cx.punct(k - 1, sep) && cx.glued(k - 1) && cx.glued(k)) {
            return None;
        }
        match cx.lex(k) {
            Lex::Digits { value, .. } => Some(value),
            _ => None,
        }
    };
    let valid = |y: u32, m: u32, d: u32| crate::Date::new(y as i32, m, d).is_some();
    if let Some(y) = cx.year(i)
        && let (Some(m), Some(d)) = (part(i + 2, '-'), part(i + 4, '-'))
        && valid(y as u32, m, d)
    {
        return Some(Found::new(
            i,
            i + 5,
            Sem::Cal {
                year: Some(y),
                month: m as u8,
                day: Some(d as u8),
            },
        ));
    }
    let Lex::Digits {
        value: m,
        len: 1 | 2,
    } = cx.lex(i)
    else {
        return None;
    };
    let (d, y) = (part(i + 2, '/')?, part(i + 4, '/')?);
    let y = match cx.lex(i + 4) {
        Lex::Digits { len: 4, .. } => y,
        Lex::Digits { len: 2, .. } if y >= 30 => 1900 + y,
        Lex::Digits { len: 2, .. } => 2000 + y,
        _ => return None,
    };
    valid(y, m, d).then(|| {
        Found::new(
            i,
            i + 5,
            Sem::Cal {
                year: Some(y as i32),
                month: m as u8,
                day: Some(d as u8),
            },
        )
    })
}
