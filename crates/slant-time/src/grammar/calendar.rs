//! Calendar expressions: dates, months, years, decades, centuries,
//! quarters, seasons and holidays.

// d, m and y are the calendar's own letters.
#![allow(clippy::many_single_char_names)]

use super::{Cx, Found};
use crate::date::days_in_month;
use crate::lexicon::{Kw, Lex, Unit};
use crate::sem::{Amount, Holiday, Sem};

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

/// "Friday", "Friday morning", "Thursday, April 6".
fn weekday_led(cx: &Cx, i: usize) -> Option<Found> {
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

/// "Aug. 7, 1998", "Aug. 7", "January 1998", "April".
fn month_led(cx: &Cx, i: usize) -> Option<Found> {
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
fn day_month(cx: &Cx, i: usize) -> Option<Found> {
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
fn numeric(cx: &Cx, i: usize) -> Option<Found> {
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

/// A year after `of` at `i` ("of 1990", "of fiscal 1990", "of nineteen
/// ninety-four"): it and the end.
fn of_year(cx: &Cx, i: usize) -> Option<(i32, usize)> {
    if !cx.kw(i, Kw::Of) {
        return None;
    }
    let j = i + 1 + usize::from(cx.kw(i + 1, Kw::Fiscal));
    if let Some(f) = spelled_year(cx, j)
        && let Sem::Year(y) = f.sem
    {
        return Some((y, f.end));
    }
    cx.year(j).map(|y| (y, j + 1))
}

/// "this year", "last year", "next year" at `j`: the offset.
fn year_shift(cx: &Cx, j: usize) -> Option<i32> {
    if cx.unit(j + 1) != Some((Unit::Year, false)) {
        return None;
    }
    match cx.lex(j) {
        Lex::Kw(Kw::This) => Some(0),
        Lex::Kw(Kw::Last) => Some(-1),
        Lex::Kw(Kw::Next) => Some(1),
        _ => None,
    }
}

/// "this year's third quarter", "next year's first quarter", "last
/// year's quarter".
fn possessive_year(cx: &Cx, i: usize) -> Option<Found> {
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
fn ordinal_led(cx: &Cx, i: usize) -> Option<Found> {
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
fn the_led(cx: &Cx, i: usize) -> Option<Found> {
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
fn season(cx: &Cx, i: usize, s: u8) -> Option<Found> {
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

/// Years in words, as broadcast transcripts write them: "nineteen
/// ninety-six", "two thousand".
fn spelled_year(cx: &Cx, i: usize) -> Option<Found> {
    let Lex::NumWord(century) = cx.lex(i) else {
        return None;
    };
    if century == 2 && cx.word(i + 1).eq_ignore_ascii_case("thousand") {
        let (rest, end) = match cx.number(i + 2) {
            Some((n, end)) if n < 100 => (n, end),
            _ => (0, i + 2),
        };
        return Some(Found::new(i, end, Sem::Year(2000 + rest as i32)));
    }
    if !(15..=20).contains(&century) {
        return None;
    }
    let (rest, end) = cx.number(i + 1)?;
    (10..100)
        .contains(&rest)
        .then(|| Found::new(i, end, Sem::Year((century * 100 + rest) as i32)))
}
