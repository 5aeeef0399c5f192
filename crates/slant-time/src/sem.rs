//! What a recognised expression means, before it is anchored: the grammar
//! builds a [`Sem`], the resolver turns it into a TimeML value.

use crate::lexicon::Unit;

/// A holiday with a fixed or computed day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holiday {
    Fixed(u8, u8),
    Thanksgiving,
    ElectionDay,
    LaborDay,
    MemorialDay,
    Easter,
}

/// How many of a unit: a known count in halves ("5 1/2 hours" is 11), or
/// an unknown one ("years", "several weeks").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Amount {
    Halves(u64),
    Unknown,
}

impl Amount {
    pub(crate) fn whole(n: u32) -> Self {
        Self::Halves(u64::from(n) * 2)
    }
}

/// The meaning of one expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Sem {
    /// A (partial) calendar date; a missing year comes from the anchor.
    Cal {
        year: Option<i32>,
        month: u8,
        day: Option<u8>,
    },
    /// A year.
    Year(i32),
    /// A decade, by its first three digits (199 for the 1990s).
    Decade(i32),
    /// A century, by its first two digits (19 for the 1900s).
    Century(i32),
    /// A quarter (1-4) or, with `half`, a half year (1-2).
    Quarter {
        year: Option<i32>,
        q: u8,
        half: bool,
    },
    /// A season (0 spring .. 3 winter), `shift` -1 last, 0 this, 1 next.
    Season {
        year: Option<i32>,
        season: u8,
        shift: Option<i8>,
    },
    /// A weekday (1 Monday .. 7 Sunday); `shift` as for seasons.
    Weekday { wd: u8, shift: Option<i8> },
    /// A holiday, in the given year or the one nearest the anchor.
    Holiday {
        holiday: Holiday,
        year: Option<i32>,
        shift: Option<i8>,
    },
    /// A month with "last"/"next"/"this" ("last October").
    MonthShift { month: u8, shift: i8 },
    /// today (0), yesterday (-1), tomorrow (1).
    DayRel(i8),
    /// The week, month, quarter, year, decade... `offset` from the anchor's.
    Rel { unit: Unit, offset: i32 },
    /// `n` units before (`dir` -1) or after (1) the anchor: "three years ago".
    Shifted { amount: Amount, unit: Unit, dir: i8 },
    /// The day (or year...) of the last date mentioned, moved by `offset`:
    /// "that day", "the next day", "later that year".
    Anaphor { unit: Unit, offset: i32 },
    /// PRESENT_REF, PAST_REF or FUTURE_REF.
    Ref(&'static str),
    /// A length of time; `toward` -1 for "the past two years" (ending at the
    /// anchor), 1 for "the next two years".
    Duration {
        amount: Amount,
        unit: Unit,
        toward: Option<i8>,
    },
    /// A recurring time: every `n` units.
    Set { amount: Amount, unit: Unit },
    /// Every given weekday ("every Sunday").
    SetWeekday(u8),
    /// A clock time, on the given day (else the anchor's).
    Clock {
        day: Option<Box<Sem>>,
        hour: u8,
        minute: u8,
    },
    /// A part of a day (TimeML code MO, AF, EV, NI).
    Part { day: Box<Sem>, part: &'static str },
    /// A day `days` from the given one ("the day before last Tuesday").
    DayShift { inner: Box<Sem>, days: i8 },
    /// The week that holds a day ("the week of March 6").
    WeekOf(Box<Sem>),
    /// The quarter a company report speaks of ("the quarter", "the latest
    /// period"): the last quarter the text named, else the one before the
    /// anchor's; `years_back` 1 for "the year-earlier quarter", "a year ago".
    ReportedQuarter { years_back: u8 },
    /// A month or quarter of the year `offset` from the anchor's: "June
    /// last year", "next year's first quarter".
    InRelYear { inner: Box<Sem>, offset: i32 },
}

impl Sem {
    /// Whether this names a single day, so a clock time can attach to it.
    pub(crate) fn is_day(&self) -> bool {
        matches!(
            self,
            Self::Cal { day: Some(_), .. }
                | Self::Weekday { .. }
                | Self::DayRel(_)
                | Self::Holiday { .. }
                | Self::Anaphor {
                    unit: Unit::Day,
                    ..
                }
                | Self::Part { .. }
                | Self::DayShift { .. }
        )
    }
}
