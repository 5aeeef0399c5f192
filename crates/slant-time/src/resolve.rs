//! Turns the meaning of an expression into a TimeML value, anchored to the
//! publication date (and, for "that day", to the last date mentioned).

use crate::date::Date;
use crate::lexicon::Unit;
use crate::sem::Sem;
use crate::timex::{DateRange, TimexType};
use crate::values::{
    Resolved, SEASONS, at_granularity, century, count, day, decade, duration_value, holiday_in,
    month, pick, quarter, range, season, season_index, shift, unresolved_for, week, year,
};

/// What the resolver needs to know beyond the expression.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Context {
    /// The publication date.
    pub anchor: Option<Date>,
    /// The days of the last date the text mentioned, for anaphors ("that
    /// day").
    pub last: Option<DateRange>,
    /// The last quarter the text named, counted from year 0.
    pub last_quarter: Option<i64>,
    /// The sentence speaks of the future ("will", "scheduled").
    pub future: bool,
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
            // "that same day" after "last October": a day of that month.
            if let Some(last) = cx.last
                && offset == 0
                && unit == Unit::Day
                && last.begin != last.end
                && (last.begin.year(), last.begin.month()) == (last.end.year(), last.end.month())
            {
                let value = format!("{}-{:02}-XX", last.begin.year(), last.begin.month());
                return Some(Resolved::date(value, Some(last)));
            }
            let base = cx.last.map(|r| r.begin).or(anchor)?;
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
        Sem::DayShift { ref inner, days } => day(resolve_with(inner, cx)?
            .range?
            .begin
            .add_days(i64::from(days))?),
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
