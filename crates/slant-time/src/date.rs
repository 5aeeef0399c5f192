//! A civil (proleptic Gregorian) calendar date with the little arithmetic
//! normalisation needs: weekdays, ISO weeks, adding days and months.
//!
//! Plain code rather than a date crate: the normaliser needs only civil
//! dates (no time zones, no clocks), and the whole of it is the day-count
//! conversion below (H. Hinnant's `days_from_civil`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::TimeError;

/// The earliest and latest years a [`Date`] holds: TimeML values have four
/// year digits.
pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// A valid calendar date between the years 1 and 9999, serialized as
/// `"YYYY-MM-DD"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, or `None` when it does not exist ("February 30") or lies
    /// outside [`YEARS`].
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        if !YEARS.contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        let (month, day) = (month as u8, day as u8);
        (day <= days_in_month(year, month)).then_some(Self { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// The day of the month, from 1.
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// The ISO weekday: 1 for Monday to 7 for Sunday.
    pub fn weekday(self) -> u32 {
        // Day 0 (1970-01-01) was a Thursday.
        (self.days().rem_euclid(7) as u32 + 3) % 7 + 1
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01; `None` outside [`YEARS`].
    pub fn from_days(days: i64) -> Option<Self> {
        // Guard the arithmetic below against absurd inputs.
        if !(-800_000..=3_000_000).contains(&days) {
            return None;
        }
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self::new(i32::try_from(year).ok()?, month, day)
    }

    /// This date moved by `n` days; `None` outside [`YEARS`].
    pub fn add_days(self, n: i64) -> Option<Self> {
        Self::from_days(self.days().checked_add(n)?)
    }

    /// This date moved by `n` months, the day clamped to the month's length
    /// (January 31 plus one month is February 28 or 29).
    pub fn add_months(self, n: i64) -> Option<Self> {
        let total = i64::from(self.year) * 12 + i64::from(self.month) - 1 + n;
        let year = i32::try_from(total.div_euclid(12)).ok()?;
        let month = (total.rem_euclid(12) + 1) as u8;
        if !YEARS.contains(&year) {
            return None;
        }
        let day = self.day.min(days_in_month(year, month));
        Some(Self { year, month, day })
    }

    /// The ISO 8601 week-numbering year and week (1 to 53) of this date.
    pub fn iso_week(self) -> (i32, u32) {
        let wd = i64::from(self.weekday());
        // The Thursday of this week decides the week-numbering year.
        let thursday = self.days() - wd + 4;
        let year = Self::from_days(thursday).map_or(self.year, Self::year);
        let jan1 = Self {
            year,
            month: 1,
            day: 1,
        }
        .days();
        (year, ((thursday - jan1) / 7 + 1) as u32)
    }

    /// The Monday of ISO week `week` of `year`.
    pub fn from_iso_week(year: i32, week: u32) -> Option<Self> {
        let jan4 = Self::new(year, 1, 4)?;
        let monday1 = jan4.days() - i64::from(jan4.weekday()) + 1;
        Self::from_days(monday1 + 7 * (i64::from(week) - 1))
    }

    /// The last day of this date's month.
    #[must_use]
    pub fn end_of_month(self) -> Self {
        Self {
            day: days_in_month(self.year, self.month),
            ..self
        }
    }
}

/// Number of days of `month` in `year`.
pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = TimeError;

    /// Reads `YYYY-MM-DD` exactly.
    fn from_str(s: &str) -> Result<Self, TimeError> {
        let bad = || TimeError::BadDate {
            input: s.chars().take(40).collect(),
        };
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, TimeError> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let year = i32::try_from(num(0..4)?).map_err(|_| bad())?;
        Self::new(year, num(5..7)?, num(8..10)?).ok_or_else(bad)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn refuses_dates_that_do_not_exist() {
        assert!(Date::new(2012, 2, 30).is_none());
        assert!(Date::new(2011, 2, 29).is_none());
        assert!(Date::new(2012, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(99_999, 1, 1).is_none());
        assert!(Date::new(2012, 13, 1).is_none());
        assert!("2012-02-30".parse::<Date>().is_err());
        assert!("2012-2-3".parse::<Date>().is_err());
        assert!("２０12-02-03".parse::<Date>().is_err());
    }

    #[test]
    fn weekdays_and_iso_weeks_match_the_calendar() {
        let d: Date = "2012-03-17".parse().unwrap();
        assert_eq!(d.weekday(), 6, "17 March 2012 was a Saturday");
        assert_eq!(Date::new(1970, 1, 1).unwrap().weekday(), 4);
        // 1 January 2010 (a Friday) lies in week 53 of 2009.
        assert_eq!(Date::new(2010, 1, 1).unwrap().iso_week(), (2009, 53));
        assert_eq!(Date::new(2008, 12, 29).unwrap().iso_week(), (2009, 1));
        assert_eq!(Date::new(1998, 8, 7).unwrap().iso_week(), (1998, 32));
        assert_eq!(Date::from_iso_week(2009, 53), Date::new(2009, 12, 28));
    }

    #[test]
    fn months_clamp_their_day() {
        let d = Date::new(2012, 1, 31).unwrap();
        assert_eq!(d.add_months(1), Date::new(2012, 2, 29));
        assert_eq!(d.add_months(-2), Date::new(2011, 11, 30));
        assert_eq!(d.add_months(-12 * 3000), None);
        assert_eq!(d.add_days(i64::MAX), None);
    }

    proptest! {
        #[test]
        fn day_counts_round_trip(days in -719_000i64..2_900_000) {
            let d = Date::from_days(days).unwrap();
            prop_assert_eq!(d.days(), days);
            prop_assert_eq!(d.to_string().parse::<Date>().unwrap(), d);
            prop_assert_eq!(d.add_days(1).map(|n| (n.weekday() + 5) % 7 + 1), Some(d.weekday()));
        }
    }
}
