//! TimeML values of calendar periods ("1998-08-07", "1998-W32", "1998-Q3",
//! "1998-SU", "199", "P2Y") with the days each covers, and the calendar
//! arithmetic behind them.

use crate::date::Date;
use crate::lexicon::Unit;
use crate::sem::{Amount, Holiday};
use crate::timex::{DateRange, TimexType};

pub(crate) fn range(begin: Option<Date>, end: Option<Date>) -> Option<DateRange> {
    Some(DateRange {
        begin: begin?,
        end: end?,
    })
}

pub(crate) fn day(d: Date) -> Resolved {
    Resolved::date(d.to_string(), range(Some(d), Some(d)))
}

pub(crate) fn month(year: i32, m: u32) -> Resolved {
    let first = Date::new(year, m, 1);
    Resolved::date(
        format!("{year:04}-{m:02}"),
        range(first, first.map(Date::end_of_month)),
    )
}

pub(crate) fn year(y: i32) -> Resolved {
    Resolved::date(
        format!("{y:04}"),
        range(Date::new(y, 1, 1), Date::new(y, 12, 31)),
    )
}

/// The ISO week of `d` (or its weekend), padded as ISO 8601 writes it
/// (`2000-W07`). AQUAINT's gold writes the weeks below 10 unpadded; the
/// unpadded form raised AQUAINT's value F1 from 0.785 to 0.794 and lowered
/// TimeBank's from 0.796 to 0.791 (2026-12-06), so the standard stays.
pub(crate) fn week(d: Date, weekend: bool) -> Resolved {
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

pub(crate) fn quarter(index: i64, half: bool) -> Resolved {
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

pub(crate) fn decade(d: i32) -> Resolved {
    Resolved::date(
        format!("{d:03}"),
        range(Date::new(d * 10, 1, 1), Date::new(d * 10 + 9, 12, 31)),
    )
}

pub(crate) fn century(c: i32) -> Resolved {
    Resolved::date(
        format!("{c:02}"),
        range(Date::new(c * 100, 1, 1), Date::new(c * 100 + 99, 12, 31)),
    )
}

pub(crate) const SEASONS: [&str; 4] = ["SP", "SU", "FA", "WI"];

pub(crate) fn season(y: i32, s: u8) -> Resolved {
    let first = Date::new(y, 3 + 3 * u32::from(s), 1);
    let last = first.and_then(|f| f.add_months(2)).map(Date::end_of_month);
    Resolved::date(
        format!("{y:04}-{}", SEASONS[usize::from(s.min(3))]),
        range(first, last),
    )
}

/// The season index (year * 4 + season) of a day; January and February
/// belong to the previous year's winter.
pub(crate) fn season_index(d: Date) -> i64 {
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
pub(crate) fn holiday_in(h: Holiday, year: i32) -> Option<Date> {
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
pub(crate) fn pick(
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

pub(crate) fn count(amount: Amount) -> Option<i64> {
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
pub(crate) fn shift(d: Date, unit: Unit, n: i64) -> Option<Date> {
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
pub(crate) fn at_granularity(d: Date, unit: Unit) -> Resolved {
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

pub(crate) fn unresolved_for(unit: Unit) -> &'static str {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn holidays_fall_on_their_days() {
        let days: Vec<String> = [
            Holiday::Easter,
            Holiday::Thanksgiving,
            Holiday::MemorialDay,
            Holiday::LaborDay,
            Holiday::ElectionDay,
            Holiday::Fixed(12, 25),
        ]
        .iter()
        .map(|&h| holiday_in(h, 2012).unwrap().to_string())
        .collect();
        assert_eq!(
            days,
            [
                "2012-04-08",
                "2012-11-22",
                "2012-05-28",
                "2012-09-03",
                "2012-11-06",
                "2012-12-25"
            ]
        );
        assert_eq!(
            holiday_in(Holiday::Easter, 2000).unwrap().to_string(),
            "2000-04-23"
        );
    }

    #[test]
    fn periods_have_values_and_days() {
        let q = quarter(1989 * 4 + 2, false);
        assert_eq!(q.value, "1989-Q3");
        let r = q.range.unwrap();
        assert_eq!((r.begin, r.end), (date("1989-07-01"), date("1989-09-30")));
        assert_eq!(quarter(1990 * 2 + 1, true).value, "1990-H2");
        let w = week(date("2010-01-01"), false);
        assert_eq!(w.value, "2009-W53");
        assert_eq!(w.range.unwrap().begin, date("2009-12-28"));
        assert_eq!(week(date("1998-08-07"), true).value, "1998-W32-WE");
        assert_eq!(week(date("2000-02-16"), false).value, "2000-W07");
        assert_eq!(season(1998, 2).value, "1998-FA");
        assert_eq!(season(1998, 3).range.unwrap().end, date("1999-02-28"));
        assert_eq!(
            season_index(date("1999-01-15")),
            1998 * 4 + 3,
            "January is last year's winter"
        );
        assert_eq!(decade(199).value, "199");
        assert_eq!(century(19).range.unwrap().end, date("1999-12-31"));
    }

    #[test]
    fn durations_follow_timeml() {
        let v = |halves, unit| duration_value(Amount::Halves(halves), unit);
        assert_eq!(v(4, Unit::Year), "P2Y");
        assert_eq!(v(11, Unit::Hour), "PT5H30M");
        assert_eq!(v(1, Unit::Hour), "PT30M");
        assert_eq!(v(3, Unit::Day), "P1DT12H");
        assert_eq!(v(3, Unit::Year), "P1Y6M");
        assert_eq!(v(2, Unit::Decade), "P10Y");
        assert_eq!(v(3, Unit::Week), "P1.5W");
        assert_eq!(duration_value(Amount::Unknown, Unit::Minute), "PTXM");
    }

    #[test]
    fn the_nearest_year_is_picked_with_a_past_bias() {
        let anchor = date("1999-05-07");
        let nov3 = |y| Date::new(y, 11, 3).map(|d| (d, d));
        assert_eq!(pick(anchor, false, None, nov3), Some(date("1998-11-03")));
        assert_eq!(pick(anchor, true, None, nov3), Some(date("1999-11-03")));
        let may20 = |y| Date::new(y, 5, 20).map(|d| (d, d));
        assert_eq!(pick(anchor, false, None, may20), Some(date("1999-05-20")));
        assert_eq!(
            pick(anchor, false, Some(-1), may20),
            Some(date("1998-05-20"))
        );
    }
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
    pub(crate) fn date(value: String, range: Option<DateRange>) -> Self {
        Self {
            kind: TimexType::Date,
            value,
            range,
            known: true,
        }
    }

    pub(crate) fn unresolved(kind: TimexType, value: &str) -> Self {
        Self {
            kind,
            value: value.to_owned(),
            range: None,
            known: false,
        }
    }

    pub(crate) fn reference(value: &str) -> Self {
        Self {
            kind: TimexType::Date,
            value: value.to_owned(),
            range: None,
            known: true,
        }
    }
}
