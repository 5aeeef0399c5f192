//! Turns the meaning of an expression into a TimeML value, anchored to the
//! publication date (and, for "that day", to the last date mentioned).

use crate::date::Date;
use crate::lexicon::Unit;
use crate::sem::{Amount, Holiday, Sem};
use crate::timex::{DateRange, TimexType};

/// What the resolver needs to know beyond the expression.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Context {
    /// The publication date.
    pub anchor: Option<Date>,
    /// The last date the text mentioned, for anaphors ("that day").
    pub last: Option<Date>,
    /// The last quarter the text named, counted from year 0.
    pub last_quarter: Option<i64>,
    /// The sentence speaks of the future ("will", "scheduled").
    pub future: bool,
}

/// A resolved expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub kind: TimexType,
    pub value: String,
    pub range: Option<DateRange>,
    pub known: bool,
}

impl Resolved {
    fn date(value: String, range: Option<DateRange>) -> Self {
        Self {
            kind: TimexType::Date,
            value,
            range,
            known: true,
        }
    }

    fn unresolved(kind: TimexType, value: &str) -> Self {
        Self {
            kind,
            value: value.to_owned(),
            range: None,
            known: false,
        }
    }

    fn reference(value: &str) -> Self {
        Self {
            kind: TimexType::Date,
            value: value.to_owned(),
            range: None,
            known: true,
        }
    }
}

fn range(begin: Option<Date>, end: Option<Date>) -> Option<DateRange> {
    Some(DateRange {
        begin: begin?,
        end: end?,
    })
}

fn day(d: Date) -> Resolved {
    Resolved::date(d.to_string(), range(Some(d), Some(d)))
}

fn month(year: i32, m: u32) -> Resolved {
    let first = Date::new(year, m, 1);
    Resolved::date(
        format!("{year:04}-{m:02}"),
        range(first, first.map(Date::end_of_month)),
    )
}

fn year(y: i32) -> Resolved {
    Resolved::date(
        format!("{y:04}"),
        range(Date::new(y, 1, 1), Date::new(y, 12, 31)),
    )
}

fn week(d: Date, weekend: bool) -> Resolved {
    let (y, w) = d.iso_week();
    let monday = d.add_days(1 - i64::from(d.weekday()));
    if weekend {
        let sat = monday.and_then(|m| m.add_days(5));
        return Resolved::date(
            format!("{y:04}-W{w:02}-WE"),
            range(sat, sat.and_then(|s| s.add_days(1))),
        );
    }
    Resolved::date(
        format!("{y:04}-W{w:02}"),
        range(monday, monday.and_then(|m| m.add_days(6))),
    )
}

fn quarter(index: i64, half: bool) -> Resolved {
    // `index` counts quarters (or halves) from year 0.
    let per = if half { 2 } else { 4 };
    let y = i32::try_from(index.div_euclid(per)).unwrap_or(0);
    let q = index.rem_euclid(per) as u32 + 1;
    let months = 12 / per as u32;
    let first = Date::new(y, (q - 1) * months + 1, 1);
    let last = Date::new(y, q * months, 1).map(Date::end_of_month);
    let tag = if half { 'H' } else { 'Q' };
    Resolved::date(format!("{y:04}-{tag}{q}"), range(first, last))
}

fn decade(d: i32) -> Resolved {
    Resolved::date(
        format!("{d:03}"),
        range(Date::new(d * 10, 1, 1), Date::new(d * 10 + 9, 12, 31)),
    )
}

fn century(c: i32) -> Resolved {
    Resolved::date(
        format!("{c:02}"),
        range(Date::new(c * 100, 1, 1), Date::new(c * 100 + 99, 12, 31)),
    )
}

const SEASONS: [&str; 4] = ["SP", "SU", "FA", "WI"];

fn season(y: i32, s: u8) -> Resolved {
    let first = Date::new(y, 3 + 3 * u32::from(s), 1);
    let last = first.and_then(|f| f.add_months(2)).map(Date::end_of_month);
    Resolved::date(
        format!("{y:04}-{}", SEASONS[usize::from(s.min(3))]),
        range(first, last),
    )
}

/// The season index (year * 4 + season) of a day; January and February
/// belong to the previous year's winter.
fn season_index(d: Date) -> i64 {
    let m = i64::from(d.month());
    let y = i64::from(d.year());
    if m <= 2 {
        (y - 1) * 4 + 3
    } else {
        y * 4 + (m - 3) / 3
    }
}

/// The day of a holiday in `year`.
#[allow(clippy::many_single_char_names)] // the Easter algorithm's own letters
fn holiday_in(h: Holiday, year: i32) -> Option<Date> {
    let nth = |month: u32, wd: u32, n: i64| {
        let first = Date::new(year, month, 1)?;
        first.add_days((i64::from(wd) - i64::from(first.weekday())).rem_euclid(7) + 7 * (n - 1))
    };
    match h {
        Holiday::Fixed(m, d) => Date::new(year, u32::from(m), u32::from(d)),
        Holiday::Thanksgiving => nth(11, 4, 4),
        Holiday::LaborDay => nth(9, 1, 1),
        Holiday::ElectionDay => nth(11, 1, 1)?.add_days(1),
        Holiday::MemorialDay => {
            let last = Date::new(year, 5, 31)?;
            last.add_days(-((i64::from(last.weekday()) - 1).rem_euclid(7)))
        }
        Holiday::Easter => {
            // Anonymous Gregorian algorithm.
            let (a, b, c) = (year % 19, year / 100, year % 100);
            let (d, e) = (b / 4, b % 4);
            let g = (8 * b + 13) / 25;
            let h = (19 * a + b - d - g + 15) % 30;
            let (i, k) = (c / 4, c % 4);
            let l = (32 + 2 * e + 2 * i - h - k) % 7;
            let m = (a + 11 * h + 19 * l) / 433;
            let month = (h + l - 7 * m + 90) / 25;
            let day = (h + l - 7 * m + 33 * month + 19) % 32;
            Date::new(year, month as u32, day as u32)
        }
    }
}

/// Picks among the candidates of the years around the anchor: the nearest
/// one (past on a tie), the first on or after the anchor when the sentence
/// speaks of the future, or the one `shift` says.
fn pick(
    anchor: Date,
    future: bool,
    shift: Option<i8>,
    at: impl Fn(i32) -> Option<(Date, Date)>,
) -> Option<Date> {
    let a = anchor.days();
    let cands: Vec<(Date, Date)> = (anchor.year() - 1..=anchor.year() + 1)
        .filter_map(at)
        .collect();
    match shift {
        Some(s) if s < 0 => cands.iter().rev().find(|c| c.1.days() < a).map(|c| c.0),
        Some(s) if s > 0 => cands.iter().find(|c| c.0.days() > a).map(|c| c.0),
        Some(_) => cands
            .iter()
            .find(|c| c.0.year() == anchor.year())
            .map(|c| c.0),
        // A deadline just passed still counts ("by Jan. 14" on the 15th).
        None if future => cands.iter().find(|c| c.1.days() >= a - 7).map(|c| c.0),
        // News tells of the past more than of the future: a later date must
        // be twice as near to win.
        None => cands
            .iter()
            .min_by_key(|c| {
                if c.1.days() < a {
                    a - c.1.days()
                } else {
                    2 * (c.0.days() - a).max(0)
                }
            })
            .map(|c| c.0),
    }
}

fn count(amount: Amount) -> Option<i64> {
    match amount {
        Amount::Halves(h) => i64::try_from(h / 2).ok(),
        Amount::Unknown => None,
    }
}

/// The value of a duration: `P2Y`, `PT5H30M`, `PXY`.
pub(crate) fn duration_value(amount: Amount, unit: Unit) -> String {
    let (des, timed) = unit.designator();
    let t = if timed { "T" } else { "" };
    match amount {
        Amount::Unknown => format!("P{t}X{des}"),
        Amount::Halves(h) if h % 2 == 0 => format!("P{t}{}{des}", h / 2 * unit.factor()),
        Amount::Halves(h) => {
            // A half unit in the next smaller one: "5 1/2 hours" is PT5H30M.
            let whole = h / 2 * unit.factor();
            // (the half alone, the half after a whole count)
            let half = match unit {
                Unit::Year => Some(("P6M", "6M")),
                Unit::Day => Some(("PT12H", "T12H")),
                Unit::Hour => Some(("PT30M", "30M")),
                Unit::Minute => Some(("PT30S", "30S")),
                _ => None,
            };
            match half {
                Some((alone, _)) if whole == 0 => alone.to_owned(),
                Some((_, after)) => format!("P{t}{whole}{des}{after}"),
                None => format!("P{t}{whole}.5{des}"),
            }
        }
    }
}

/// Moves `d` by `n` units.
fn shift(d: Date, unit: Unit, n: i64) -> Option<Date> {
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour => Some(d),
        Unit::Day => d.add_days(n),
        Unit::Week | Unit::Weekend => d.add_days(7 * n),
        Unit::Month => d.add_months(n),
        Unit::Quarter => d.add_months(3 * n),
        Unit::Year | Unit::Decade | Unit::Century => d.add_months(12 * n * unit.factor() as i64),
    }
}

/// The value of `d` at the granularity of `unit`.
fn at_granularity(d: Date, unit: Unit) -> Resolved {
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => day(d),
        Unit::Week => week(d, false),
        Unit::Weekend => week(d, true),
        Unit::Month => month(d.year(), d.month()),
        Unit::Quarter => quarter(
            i64::from(d.year()) * 4 + i64::from(d.month() - 1) / 3,
            false,
        ),
        Unit::Year | Unit::Decade | Unit::Century => year(d.year()),
    }
}

fn unresolved_for(unit: Unit) -> &'static str {
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => "XXXX-XX-XX",
        Unit::Week => "XXXX-WXX",
        Unit::Weekend => "XXXX-WXX-WE",
        Unit::Month => "XXXX-XX",
        Unit::Quarter => "XXXX-QX",
        Unit::Year => "XXXX",
        Unit::Decade => "XXX",
        Unit::Century => "XX",
    }
}

/// Resolves `sem` in `cx`.
pub(crate) fn resolve(sem: &Sem, cx: Context) -> Resolved {
    match resolve_with(sem, cx) {
        Some(r) => r,
        None => unresolved(sem),
    }
}

fn resolve_with(sem: &Sem, cx: Context) -> Option<Resolved> {
    let anchor = cx.anchor;
    Some(match *sem {
        Sem::Cal {
            year: Some(y),
            month: m,
            day: Some(d),
        } => day(Date::new(y, u32::from(m), u32::from(d))?),
        Sem::Cal {
            year: Some(y),
            month: m,
            day: None,
        } => month(y, u32::from(m)),
        Sem::Cal {
            year: None,
            month: m,
            day: Some(d),
        } => {
            let at = |y| Date::new(y, u32::from(m), u32::from(d)).map(|x| (x, x));
            day(pick(anchor?, cx.future, None, at)?)
        }
        Sem::Cal {
            year: None,
            month: m,
            day: None,
        } => {
            let at = |y| Date::new(y, u32::from(m), 1).map(|x| (x, x.end_of_month()));
            let d = pick(anchor?, cx.future, None, at)?;
            month(d.year(), d.month())
        }
        Sem::Year(y) => year(y),
        Sem::Decade(d) => decade(d),
        Sem::Century(c) => century(c),
        Sem::Quarter { year: y, q, half } => {
            let y = i64::from(y.or(anchor.map(Date::year))?);
            quarter(y * if half { 2 } else { 4 } + i64::from(q) - 1, half)
        }
        Sem::Season {
            year: Some(y),
            season: s,
            ..
        } => season(y, s),
        Sem::Season {
            year: None,
            season: s,
            shift: sh,
        } => {
            let a = anchor?;
            let now = season_index(a);
            let cycle = now.div_euclid(4);
            let idx = match sh {
                Some(x) if x < 0 => {
                    (cycle * 4 + i64::from(s))
                        - if cycle * 4 + i64::from(s) >= now {
                            4
                        } else {
                            0
                        }
                }
                Some(x) if x > 0 => {
                    (cycle * 4 + i64::from(s))
                        + if cycle * 4 + i64::from(s) <= now {
                            4
                        } else {
                            0
                        }
                }
                Some(_) => i64::from(a.year()) * 4 + i64::from(s),
                None => {
                    let cands = (cycle - 1..=cycle + 1).map(|c| c * 4 + i64::from(s));
                    let best = if cx.future {
                        cands.clone().find(|&c| c >= now)
                    } else {
                        cands.clone().min_by_key(|&c| ((c - now).abs(), c > now))
                    };
                    best.unwrap_or(cycle * 4 + i64::from(s))
                }
            };
            season(i32::try_from(idx.div_euclid(4)).ok()?, s)
        }
        Sem::Weekday { wd, shift: sh } => {
            let a = anchor?;
            let diff = i64::from(wd) - i64::from(a.weekday());
            let offset = match sh {
                Some(x) if x < 0 => -(-diff).rem_euclid(7) - if diff == 0 { 7 } else { 0 },
                Some(x) if x > 0 => diff.rem_euclid(7) + if diff == 0 { 7 } else { 0 },
                Some(_) => diff,
                None if cx.future => diff.rem_euclid(7),
                None => -(-diff).rem_euclid(7),
            };
            day(a.add_days(offset)?)
        }
        Sem::Holiday {
            holiday,
            year: Some(y),
            ..
        } => day(holiday_in(holiday, y)?),
        Sem::Holiday {
            holiday,
            year: None,
            shift: sh,
        } => day(pick(anchor?, cx.future, sh, |y| {
            holiday_in(holiday, y).map(|d| (d, d))
        })?),
        Sem::MonthShift {
            month: m,
            shift: sh,
        } => {
            let at = |y| Date::new(y, u32::from(m), 1).map(|x| (x, x.end_of_month()));
            let d = pick(anchor?, cx.future, Some(sh), at)?;
            month(d.year(), d.month())
        }
        Sem::DayRel(n) => day(anchor?.add_days(i64::from(n))?),
        Sem::Rel { unit, offset } => {
            let a = anchor?;
            match unit {
                Unit::Decade => decade(a.year() / 10 + offset),
                Unit::Century => century(a.year() / 100 + offset),
                Unit::Weekend if offset == 0 && a.weekday() < 6 && !cx.future => {
                    week(a.add_days(-7)?, true)
                }
                _ => at_granularity(shift(a, unit, i64::from(offset))?, unit),
            }
        }
        Sem::Shifted { amount, unit, dir } => match count(amount) {
            Some(n) => at_granularity(shift(anchor?, unit, n * i64::from(dir))?, unit),
            None => Resolved::reference(if dir < 0 { "PAST_REF" } else { "FUTURE_REF" }),
        },
        Sem::Anaphor { unit, offset } => {
            let base = cx.last.or(anchor)?;
            at_granularity(shift(base, unit, i64::from(offset))?, unit)
        }
        Sem::Ref(r) => Resolved::reference(r),
        Sem::ReportedQuarter { years_back } => {
            let a = anchor?;
            let current = i64::from(a.year()) * 4 + i64::from(a.month() - 1) / 3;
            quarter(
                cx.last_quarter.unwrap_or(current - 1) - 4 * i64::from(years_back),
                false,
            )
        }
        Sem::Duration {
            amount,
            unit,
            toward,
        } => {
            let value = duration_value(amount, unit);
            let span = match (toward, anchor, count(amount)) {
                (Some(t), Some(a), Some(n)) if t < 0 => {
                    range(shift(a, unit, -n).and_then(|b| b.add_days(1)), Some(a))
                }
                (Some(_), Some(a), Some(n)) => {
                    range(Some(a), shift(a, unit, n).and_then(|e| e.add_days(-1)))
                }
                _ => None,
            };
            Resolved {
                kind: TimexType::Duration,
                value,
                range: span,
                known: true,
            }
        }
        Sem::Set { amount, unit } => Resolved {
            kind: TimexType::Set,
            value: duration_value(amount, unit),
            range: None,
            known: true,
        },
        Sem::SetWeekday(wd) => Resolved {
            kind: TimexType::Set,
            value: format!("XXXX-WXX-{wd}"),
            range: None,
            known: true,
        },
        Sem::Clock {
            ref day,
            hour,
            minute,
        } => {
            let base = match day {
                Some(d) => resolve_with(d, cx)?,
                None => self::day(anchor?),
            };
            Resolved {
                kind: TimexType::Time,
                value: format!("{}T{hour:02}:{minute:02}", base.value),
                ..base
            }
        }
        Sem::Part { ref day, part } => {
            let base = resolve_with(day, cx)?;
            Resolved {
                kind: TimexType::Date,
                value: format!("{}T{part}", base.value),
                ..base
            }
        }
        Sem::WeekOf(ref inner) => week(resolve_with(inner, cx)?.range?.begin, false),
        Sem::InRelYear { ref inner, offset } => {
            let y = anchor?.year() + offset;
            let fixed = match **inner {
                Sem::Cal { month, day, .. } => Sem::Cal {
                    year: Some(y),
                    month,
                    day,
                },
                Sem::Quarter { q, half, .. } => Sem::Quarter {
                    year: Some(y),
                    q,
                    half,
                },
                ref other => other.clone(),
            };
            resolve_with(&fixed, cx)?
        }
    })
}

/// The value of an expression that could not be anchored.
fn unresolved(sem: &Sem) -> Resolved {
    let date = TimexType::Date;
    match *sem {
        Sem::Cal {
            month: m,
            day: Some(d),
            ..
        } => Resolved::unresolved(date, &format!("XXXX-{m:02}-{d:02}")),
        Sem::Cal {
            month: m,
            day: None,
            ..
        }
        | Sem::MonthShift { month: m, .. } => Resolved::unresolved(date, &format!("XXXX-{m:02}")),
        Sem::Weekday { wd, .. } => Resolved::unresolved(date, &format!("XXXX-WXX-{wd}")),
        Sem::Season { season: s, .. } => {
            Resolved::unresolved(date, &format!("XXXX-{}", SEASONS[usize::from(s.min(3))]))
        }
        Sem::Quarter { q, half, .. } => {
            Resolved::unresolved(date, &format!("XXXX-{}{q}", if half { 'H' } else { 'Q' }))
        }
        Sem::ReportedQuarter { .. } => Resolved::unresolved(date, "XXXX-QX"),
        Sem::Rel { unit, .. } | Sem::Shifted { unit, .. } | Sem::Anaphor { unit, .. } => {
            Resolved::unresolved(date, unresolved_for(unit))
        }
        Sem::Clock { hour, minute, .. } => Resolved::unresolved(
            TimexType::Time,
            &format!("XXXX-XX-XXT{hour:02}:{minute:02}"),
        ),
        Sem::Part { part, .. } => Resolved::unresolved(date, &format!("XXXX-XX-XXT{part}")),
        Sem::WeekOf(_) => Resolved::unresolved(date, "XXXX-WXX"),
        Sem::InRelYear { ref inner, .. } => unresolved(inner),
        // Absolute or anchor-free meanings always resolve; an absurd date
        // (a year past 9999) lands here.
        _ => Resolved::unresolved(date, "XXXX-XX-XX"),
    }
}
