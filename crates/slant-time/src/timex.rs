//! The time expressions slant reports, in the JSON shape of the article
//! record.

use serde::{Deserialize, Serialize};
use slant_text::Span;

use crate::Date;

/// The TimeML type of a time expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or period: "1986", "on Saturday", "last month".
    Date,
    /// A time of day: "10:35 a.m.", "Friday morning".
    Time,
    /// A length of time: "two years", "for the last two years".
    Duration,
    /// A recurring time: "every day", "weekly".
    Set,
}

impl TimexType {
    /// Reads the TimeML name (`DATE`, `TIME`, `DURATION`, `SET`).
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "DATE" => Some(Self::Date),
            "TIME" => Some(Self::Time),
            "DURATION" => Some(Self::Duration),
            "SET" => Some(Self::Set),
            _ => None,
        }
    }
}

/// The TimeML `mod` of an expression: "early 1990s" is `START`, "about two
/// weeks" is `APPROX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[allow(missing_docs)]
pub enum TimexMod {
    Start,
    Mid,
    End,
    Approx,
    MoreThan,
    LessThan,
    EqualOrMore,
    EqualOrLess,
    Before,
    After,
    OnOrBefore,
    OnOrAfter,
}

/// A calendar interval, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DateRange {
    /// First day.
    pub begin: Date,
    /// Last day.
    pub end: Date,
}

/// A time expression found in a text.
///
/// `value` follows TimeML: `1998-08-07`, `1998-08`, `1998-W32`, `1998-Q3`,
/// `1998-SU`, `199` (the 1990s), `1998-08-07T10:35`, `1998-08-07TMO`,
/// `P2Y`, `PT5H`, `PXY` (some years), `PRESENT_REF`, `PAST_REF`,
/// `FUTURE_REF`. Without an anchor, relative expressions keep unknown
/// digits as `X` (`XXXX-WXX-6` for "Saturday") and have `resolved: false`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timex {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Exactly `text[start..end]`.
    pub text: String,
    /// The TimeML type.
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// The normalised TimeML value.
    pub value: String,
    /// Whether `value` is fully known (false for relative expressions
    /// without an anchor date).
    #[serde(default = "yes")]
    pub resolved: bool,
    /// The TimeML modifier, when there is one.
    #[serde(rename = "mod", default, skip_serializing_if = "Option::is_none")]
    pub modifier: Option<TimexMod>,
    /// The days the expression covers, when they are known: a whole year
    /// for "1986", the anchored stretch for "for the last two years".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<DateRange>,
}

fn yes() -> bool {
    true
}

impl Timex {
    /// The code-point span.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}
