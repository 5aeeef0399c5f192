//! Expressions relative to the publication date or to the last date
//! mentioned: "today", "last week", "next Friday", "the past two years",
//! "that day", "now", "recently".

use super::amounts::amount;
use super::{Cx, Found, calendar, periods};
use crate::lexicon::{Kw, Lex, Unit};
use crate::sem::{Amount, Sem};

pub(super) fn at(cx: &Cx, i: usize) -> Option<Found> {
    let Lex::Kw(kw) = cx.lex(i) else { return None };
    match kw {
        Kw::Today => Some(with_part(cx, i, Sem::DayRel(0))),
        Kw::Yesterday => Some(with_part(cx, i, Sem::DayRel(-1))),
        Kw::Tomorrow => Some(with_part(cx, i, Sem::DayRel(1))),
        Kw::Tonight => Some(Found::new(
            i,
            i + 1,
            Sem::Part {
                day: Box::new(Sem::DayRel(0)),
                part: "NI",
            },
        )),
        Kw::Now | Kw::Currently => Some(Found::new(i, i + 1, Sem::Ref("PRESENT_REF"))),
        _ if cx.word(i).eq_ignore_ascii_case("right") && cx.kw(i + 1, Kw::Now) => {
            Some(Found::new(i, i + 2, Sem::Ref("PRESENT_REF")))
        }
        Kw::Present if i > 0 && cx.kw(i - 1, Kw::At) => {
            Some(Found::new(i, i + 1, Sem::Ref("PRESENT_REF")))
        }
        Kw::Recently => Some(Found::new(i, i + 1, Sem::Ref("PAST_REF"))),
        Kw::The => the_led(cx, i),
        Kw::Last
        | Kw::Next
        | Kw::This
        | Kw::Past
        | Kw::Coming
        | Kw::Previous
        | Kw::Following
        | Kw::Current => shifted(cx, i, false),
        // "earlier that day", "later yesterday", "earlier Sunday" keep their
        // adverb; "earlier this month" does not (TimeBank).
        Kw::Earlier | Kw::Later => {
            let f = that_led(cx, i + 1)
                .or_else(|| at(cx, i + 1))
                .or_else(|| calendar::at(cx, i + 1))?;
            f.sem.is_day().then(|| Found::new(i, f.end, f.sem))
        }
        Kw::That => that_led(cx, i),
        Kw::Recent => match cx.unit(i + 1) {
            Some((unit, true)) => Some(Found::new(
                i,
                i + 2,
                Sem::Duration {
                    amount: Amount::Unknown,
                    unit,
                    toward: Some(-1),
                },
            )),
            _ => None,
        },
        _ => None,
    }
}

/// A day word and an optional part of the day: "yesterday morning".
fn with_part(cx: &Cx, i: usize, day: Sem) -> Found {
    if let Lex::PartOfDay(part) = cx.lex(i + 1) {
        return Found::new(
            i,
            i + 2,
            Sem::Part {
                day: Box::new(day),
                part,
            },
        );
    }
    Found::new(i, i + 1, day)
}

/// The direction a shift word gives.
fn direction(kw: Kw) -> Option<i8> {
    match kw {
        Kw::Last | Kw::Past | Kw::Previous => Some(-1),
        Kw::Next | Kw::Coming | Kw::Following => Some(1),
        Kw::This | Kw::Current => Some(0),
        _ => None,
    }
}

/// "last week", "next Friday", "this morning", "last October", "the past
/// two years" (`the` set when a "the" precedes).
fn shifted(cx: &Cx, i: usize, the: bool) -> Option<Found> {
    let Lex::Kw(kw) = cx.lex(i) else { return None };
    let mut dir = direction(kw)?;
    let mut j = i + 1;
    // "this past week" is last week.
    if kw == Kw::This && cx.kw(j, Kw::Past) {
        dir = -1;
        j += 1;
    }
    let found = |end: usize, sem: Sem| Some(Found::new(i, end, sem));
    match cx.lex(j) {
        Lex::Unit {
            unit,
            plural: false,
        } if unit >= Unit::Day => {
            // "the past year" is a stretch of time; "last year" a date.
            if the && dir != 0 && !matches!(unit, Unit::Weekend | Unit::Quarter) {
                let amount = Amount::whole(1);
                return found(
                    j + 1,
                    Sem::Duration {
                        amount,
                        unit,
                        toward: Some(dir),
                    },
                );
            }
            if unit == Unit::Day {
                return (dir == 0).then(|| Found::new(i, j + 1, Sem::DayRel(0)));
            }
            found(
                j + 1,
                Sem::Rel {
                    unit,
                    offset: i32::from(dir),
                },
            )
        }
        Lex::Weekday(_) => {
            let (wd, end) = cx.weekday(j)?;
            let day = Sem::Weekday {
                wd,
                shift: Some(dir),
            };
            if let Lex::PartOfDay(part) = cx.lex(end) {
                return found(
                    end + 1,
                    Sem::Part {
                        day: Box::new(day),
                        part,
                    },
                );
            }
            found(end, day)
        }
        Lex::Month { .. } if dir != 0 || kw == Kw::This => {
            let (month, end) = cx.month(j, true)?;
            // "last Oct. 23": the date alone is the expression.
            if matches!(cx.lex(end), Lex::Digits { len: 1 | 2, .. }) {
                return None;
            }
            found(end, Sem::MonthShift { month, shift: dir })
        }
        Lex::Season(season) => found(
            j + 1,
            Sem::Season {
                year: None,
                season,
                shift: Some(dir),
            },
        ),
        Lex::PartOfDay(part) if kw == Kw::This => found(
            j + 1,
            Sem::Part {
                day: Box::new(Sem::DayRel(0)),
                part,
            },
        ),
        Lex::PartOfDay("NI") if kw == Kw::Last => found(
            j + 1,
            Sem::Part {
                day: Box::new(Sem::DayRel(-1)),
                part: "NI",
            },
        ),
        Lex::Kw(_) if dir != 0 && periods::holiday(cx, j).is_some() => {
            let f = periods::holiday(cx, j)?;
            let Sem::Holiday { holiday, year, .. } = f.sem else {
                return None;
            };
            found(
                f.end,
                Sem::Holiday {
                    holiday,
                    year,
                    shift: Some(dir),
                },
            )
        }
        _ if dir != 0 => {
            // "the past two years", "the next few months".
            let (amount, k) = amount(cx, j)?;
            let (unit, _) = cx.unit(k)?;
            if unit < Unit::Day && !the {
                return None;
            }
            found(
                k + 1,
                Sem::Duration {
                    amount,
                    unit,
                    toward: Some(dir),
                },
            )
        }
        _ => None,
    }
}

/// "the day before last Tuesday", "the day after Christmas" (without
/// "the", as TimeBank marks it).
pub(super) fn day_around(cx: &Cx, i: usize) -> Option<Found> {
    if cx.unit(i) != Some((Unit::Day, false)) {
        return None;
    }
    let days = match cx.lex(i + 1) {
        Lex::Kw(Kw::Before) => -1,
        Lex::Kw(Kw::After) => 1,
        _ => return None,
    };
    let f = calendar::at(cx, i + 2).or_else(|| at(cx, i + 2))?;
    let plain_day = f.sem.is_day() && !matches!(f.sem, Sem::Part { .. } | Sem::DayShift { .. });
    plain_day.then(|| {
        Found::new(
            i,
            f.end,
            Sem::DayShift {
                inner: Box::new(f.sem),
                days,
            },
        )
    })
}

/// Anaphors: "that day", "the next day", "the following year", "that
/// night", "the same day".
fn anaphor(cx: &Cx, i: usize, first: Kw) -> Option<Found> {
    let mut j = i + 1;
    let mut offset = 0;
    match cx.lex(j) {
        Lex::Kw(Kw::Same) => j += 1,
        Lex::Kw(Kw::Next | Kw::Following) => {
            offset = 1;
            j += 1;
        }
        Lex::Kw(Kw::Previous) => {
            offset = -1;
            j += 1;
        }
        _ if first == Kw::The => return None,
        _ => {}
    }
    match cx.lex(j) {
        Lex::Unit {
            unit: unit @ (Unit::Day | Unit::Week | Unit::Month | Unit::Year),
            plural: false,
        } => Some(Found::new(i, j + 1, Sem::Anaphor { unit, offset })),
        Lex::PartOfDay(part) => {
            let day = Sem::Anaphor {
                unit: Unit::Day,
                offset,
            };
            Some(Found::new(
                i,
                j + 1,
                Sem::Part {
                    day: Box::new(day),
                    part,
                },
            ))
        }
        _ => None,
    }
}

fn that_led(cx: &Cx, i: usize) -> Option<Found> {
    if !cx.kw(i, Kw::That) {
        return None;
    }
    anaphor(cx, i, Kw::That)
}

/// Expressions that begin with "the".
fn the_led(cx: &Cx, i: usize) -> Option<Found> {
    let j = i + 1;
    match cx.lex(j) {
        Lex::Kw(Kw::Future) if !cx.kw(j + 1, Kw::Of) => {
            Some(Found::new(i, j + 1, Sem::Ref("FUTURE_REF")))
        }
        Lex::Word if cx.word(j).eq_ignore_ascii_case("near") && cx.kw(j + 1, Kw::Future) => {
            Some(Found::new(i, j + 2, Sem::Ref("FUTURE_REF")))
        }
        _ if reporting_period(cx, j).is_some() => {
            reporting_period(cx, j).map(|(end, sem)| Found::new(i, end, sem))
        }
        Lex::Unit {
            unit: Unit::Weekend,
            plural: false,
        } => Some(Found::new(
            i,
            j + 1,
            Sem::Rel {
                unit: Unit::Weekend,
                offset: 0,
            },
        )),
        Lex::Kw(Kw::Early)
            if cx.unit(j + 1) == Some((Unit::Year, true)) && cx.kw(j + 2, Kw::After) =>
        {
            Some(Found::new(i, j + 2, Sem::Ref("PAST_REF")))
        }
        Lex::Kw(Kw::Same | Kw::Next | Kw::Following | Kw::Previous) => {
            let f = anaphor(cx, i, Kw::The);
            if f.is_some() {
                return f;
            }
            shifted(cx, j, true).map(|f| Found::new(i, f.end, f.sem))
        }
        Lex::Kw(Kw::Past) => {
            // "the past" alone is a time before now.
            shifted(cx, j, true)
                .map(|f| Found::new(i, f.end, f.sem))
                .or_else(|| Some(Found::new(i, j + 1, Sem::Ref("PAST_REF"))))
        }
        Lex::Kw(Kw::Last | Kw::Coming | Kw::Current) => {
            shifted(cx, j, true).map(|f| Found::new(i, f.end, f.sem))
        }
        _ => None,
    }
}

/// The periods of company reports, after "the": "the quarter", "the
/// latest period", "the year-earlier quarter", "the year", "the fiscal
/// year", "the week". News of a quarter's results follows its end, so "the
/// quarter" is the one before the publication's.
fn reporting_period(cx: &Cx, j: usize) -> Option<(usize, Sem)> {
    let word = |k: usize, w: &str| cx.word(k).eq_ignore_ascii_case(w);
    let mut k = j;
    let mut back = 0;
    if word(k, "latest")
        || word(k, "comparable")
        || word(k, "same")
        || (word(k, "most") && cx.kw(k + 1, Kw::Recent))
    {
        k += if word(k, "most") { 2 } else { 1 };
    }
    if word(k, "comparable") {
        k += 1;
    }
    // "year-earlier", "year-ago".
    if cx.unit(k) == Some((Unit::Year, false))
        && cx.punct(k + 1, '-')
        && (cx.kw(k + 2, Kw::Earlier) || cx.kw(k + 2, Kw::Ago))
    {
        back = 4;
        k += 3;
    }
    if word(k, "period") || cx.unit(k) == Some((Unit::Quarter, false)) {
        return Some((
            k + 1,
            Sem::ReportedQuarter {
                years_back: back / 4,
            },
        ));
    }
    if back > 0 {
        return None;
    }
    let k = k + usize::from(cx.kw(k, Kw::Fiscal) || cx.kw(k, Kw::Current) || word(k, "full"));
    let k = k + usize::from(cx.kw(k, Kw::Fiscal));
    match cx.unit(k) {
        // Not "the year of", nor "the year 1990" (the year is then the number).
        Some((unit @ (Unit::Year | Unit::Week | Unit::Month), false))
            if !cx.kw(k + 1, Kw::Of)
                && !matches!(cx.lex(k + 1), Lex::Digits { .. } | Lex::NumWord(_)) =>
        {
            // "for the year" is the length of a year, "in the year" the year.
            if unit == Unit::Year && j >= 2 && cx.kw(j - 2, Kw::For) {
                return Some((
                    k + 1,
                    Sem::Duration {
                        amount: Amount::whole(1),
                        unit,
                        toward: None,
                    },
                ));
            }
            Some((k + 1, Sem::Rel { unit, offset: 0 }))
        }
        _ => None,
    }
}
