//! The grammar of English time expressions, over tokens.
//!
//! At each token the recognisers of the submodules are tried and the
//! longest match wins; the scan then resumes after it. Every recogniser
//! looks at a bounded number of tokens, so a text is read in linear time.

mod amounts;
mod calendar;
mod clock;
mod dates;
mod periods;
mod relative;
mod years;

use crate::lexer::Tok;
use crate::lexicon::{Kw, Lex, Unit};
use crate::sem::Sem;
use crate::timex::TimexMod;

/// A recognised expression: tokens `start..end` and their meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub sem: Sem,
    pub modifier: Option<TimexMod>,
}

impl Found {
    pub(crate) fn new(start: usize, end: usize, sem: Sem) -> Self {
        Self {
            start,
            end,
            sem,
            modifier: None,
        }
    }
}

/// The tokens of one text, with the lookups recognisers share.
pub(crate) struct Cx<'a> {
    pub text: &'a str,
    pub toks: &'a [Tok],
}

impl Cx<'_> {
    pub(crate) fn lex(&self, i: usize) -> Lex {
        self.toks.get(i).map_or(Lex::End, |t| t.lex)
    }

    pub(crate) fn kw(&self, i: usize, k: Kw) -> bool {
        self.lex(i) == Lex::Kw(k)
    }

    pub(crate) fn punct(&self, i: usize, c: char) -> bool {
        self.lex(i) == Lex::Punct(c)
    }

    /// Token `i` follows token `i - 1` with no space between.
    pub(crate) fn glued(&self, i: usize) -> bool {
        i > 0 && i < self.toks.len() && self.toks[i - 1].end == self.toks[i].start
    }

    pub(crate) fn word(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    pub(crate) fn cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.cap)
    }

    /// A unit at `i`.
    pub(crate) fn unit(&self, i: usize) -> Option<(Unit, bool)> {
        match self.lex(i) {
            Lex::Unit { unit, plural } => Some((unit, plural)),
            _ => None,
        }
    }

    /// A cardinal number at `i` ("12", "twelve", "twenty-five", "1,000"):
    /// its value and the token after it.
    pub(crate) fn number(&self, i: usize) -> Option<(u32, usize)> {
        match self.lex(i) {
            Lex::Digits { value, len } if len <= 6 => {
                // "1,500": comma groups of three digits.
                if self.punct(i + 1, ',')
                    && self.glued(i + 1)
                    && self.glued(i + 2)
                    && matches!(self.lex(i + 2), Lex::Digits { len: 3, .. })
                    && len <= 3
                    && let Lex::Digits { value: low, .. } = self.lex(i + 2)
                {
                    return Some((value * 1000 + low, i + 3));
                }
                Some((value, i + 1))
            }
            Lex::NumWord(n) => {
                if (20..=90).contains(&n) && n % 10 == 0 {
                    let j = if self.punct(i + 1, '-') && self.glued(i + 1) {
                        i + 2
                    } else {
                        i + 1
                    };
                    if let Lex::NumWord(u) = self.lex(j)
                        && (1..=9).contains(&u)
                    {
                        return Some((n + u, j + 1));
                    }
                }
                Some((n, i + 1))
            }
            _ => None,
        }
    }

    /// A month name at `i` (with the period of an abbreviation): month and
    /// the token after it. Names must be capitalised; "May" and "March"
    /// need `loose_ok`, as they are often a verb.
    pub(crate) fn month(&self, i: usize, loose_ok: bool) -> Option<(u8, usize)> {
        let Lex::Month { month, loose } = self.lex(i) else {
            return None;
        };
        if !self.cap(i) || (loose && !loose_ok) {
            return None;
        }
        let abbreviated = self.word(i).len() <= 4 && !matches!(month, 5..=7);
        if (abbreviated || self.word(i).eq_ignore_ascii_case("sept"))
            && self.punct(i + 1, '.')
            && self.glued(i + 1)
        {
            return Some((month, i + 2));
        }
        // "Sept" and "Sep" without a period are still months; "Mar" or
        // "Jan" alone are too often names.
        (!abbreviated || self.word(i).len() == 4).then_some((month, i + 1))
    }

    /// A weekday at `i` (with the period of an abbreviation).
    pub(crate) fn weekday(&self, i: usize) -> Option<(u8, usize)> {
        let Lex::Weekday(wd) = self.lex(i) else {
            return None;
        };
        if self.word(i).len() > 5 {
            return Some((wd, i + 1));
        }
        (self.cap(i) && self.punct(i + 1, '.') && self.glued(i + 1)).then_some((wd, i + 2))
    }

    /// A four-digit year at `i`.
    pub(crate) fn year(&self, i: usize) -> Option<i32> {
        match self.lex(i) {
            Lex::Digits { value, len: 4 } if (1000..=2199).contains(&value) => Some(value as i32),
            _ => None,
        }
    }

    /// Whether a sentence ends between token `i - 1` and token `i`.
    pub(crate) fn boundary_before(&self, i: usize) -> bool {
        if i == 0 || i >= self.toks.len() {
            return true;
        }
        self.toks[i].nl || matches!(self.lex(i - 1), Lex::Punct('.' | '!' | '?' | ';'))
    }
}

type Recognizer = fn(&Cx, usize) -> Option<Found>;

const RECOGNIZERS: [Recognizer; 5] = [
    calendar::at,
    relative::at,
    amounts::at,
    clock::at,
    relative::day_around,
];

/// The longest expression starting at token `i`.
fn longest_at(cx: &Cx, i: usize) -> Option<Found> {
    let mut best: Option<Found> = None;
    for r in RECOGNIZERS {
        if let Some(f) = r(cx, i)
            && best.as_ref().is_none_or(|b| f.end > b.end)
        {
            best = Some(f);
        }
    }
    best
}

/// A modifier before an expression: the token after it, the `mod`, and
/// whether TimeBank counts the words as part of the expression.
fn modifier(cx: &Cx, i: usize) -> Option<(usize, TimexMod, bool)> {
    Some(match cx.lex(i) {
        Lex::Kw(Kw::Early) => (
            i + 1 + usize::from(cx.punct(i + 1, '-')),
            TimexMod::Start,
            true,
        ),
        Lex::Kw(Kw::Late) => (
            i + 1 + usize::from(cx.punct(i + 1, '-')),
            TimexMod::End,
            true,
        ),
        Lex::Kw(Kw::Mid) if cx.punct(i + 1, '-') => (i + 2, TimexMod::Mid, true),
        Lex::Kw(Kw::At) if cx.kw(i + 1, Kw::Least) => (i + 2, TimexMod::EqualOrMore, true),
        Lex::Kw(Kw::More) if cx.kw(i + 1, Kw::Than) => (i + 2, TimexMod::MoreThan, true),
        Lex::Kw(Kw::Less) if cx.kw(i + 1, Kw::Than) => (i + 2, TimexMod::LessThan, true),
        Lex::Kw(Kw::Over)
            if matches!(
                cx.lex(i + 1),
                Lex::Digits { .. } | Lex::NumWord(_) | Lex::Kw(Kw::A)
            ) =>
        {
            (i + 1, TimexMod::MoreThan, true)
        }
        Lex::Kw(Kw::Nearly) => (i + 1, TimexMod::OnOrBefore, true),
        // "the end of 1990", "the beginning of October", "end of the year".
        Lex::Kw(Kw::The) if cx.kw(i + 2, Kw::Of) => {
            let m = part_of(cx.lex(i + 1))?;
            (i + 3, m, true)
        }
        Lex::Kw(Kw::End | Kw::Beginning | Kw::Middle | Kw::Start) if cx.kw(i + 1, Kw::Of) => {
            (i + 2, part_of(cx.lex(i))?, true)
        }
        Lex::Kw(Kw::Approx) => (i + 1, TimexMod::Approx, true),
        _ => return None,
    })
}

/// The `mod` of "the end/beginning/middle of".
fn part_of(lex: Lex) -> Option<TimexMod> {
    match lex {
        Lex::Kw(Kw::End) => Some(TimexMod::End),
        Lex::Kw(Kw::Beginning | Kw::Start) => Some(TimexMod::Start),
        Lex::Kw(Kw::Middle) => Some(TimexMod::Mid),
        _ => None,
    }
}

/// Whether TimeBank counts a "the" before this expression as part of it:
/// it does for stretches, quarters, decades and relative periods ("the
/// past two years", "the third quarter", "the 1980s", "the weekend"), not
/// for dates and years used as modifiers ("the 1996 bombing", "the Aug. 7
/// blasts") nor for hyphenated adjectives ("the 16-hour flight").
fn takes_the(cx: &Cx, f: &Found) -> bool {
    let hyphenated = (f.start + 1..f.end).any(|k| cx.punct(k, '-') && cx.glued(k));
    !hyphenated
        && matches!(
            f.sem,
            Sem::Duration { .. }
                | Sem::Quarter { .. }
                | Sem::Decade(_)
                | Sem::Century(_)
                | Sem::Rel { .. }
                | Sem::Anaphor { .. }
                | Sem::Season { .. }
                | Sem::Ref("FUTURE_REF" | "PAST_REF")
        )
}

/// Whether `m` can modify `sem`.
fn fits(m: TimexMod, sem: &Sem) -> bool {
    match m {
        TimexMod::Start | TimexMod::End if sem.is_day() => true,
        TimexMod::Start | TimexMod::End | TimexMod::Mid => matches!(
            sem,
            Sem::Cal { day: None, .. }
                | Sem::Year(_)
                | Sem::Decade(_)
                | Sem::Century(_)
                | Sem::Season { .. }
                | Sem::MonthShift { .. }
                | Sem::Quarter { .. }
                | Sem::Rel {
                    unit: Unit::Week
                        | Unit::Month
                        | Unit::Quarter
                        | Unit::Year
                        | Unit::Decade
                        | Unit::Century,
                    ..
                }
        ),
        TimexMod::Approx => matches!(
            sem,
            Sem::Duration {
                amount: crate::sem::Amount::Halves(_),
                ..
            } | Sem::Shifted { .. }
                | Sem::Clock { .. }
                | Sem::Cal { .. }
        ),
        _ => matches!(
            sem,
            Sem::Duration {
                amount: crate::sem::Amount::Halves(_),
                ..
            } | Sem::Shifted { .. }
        ),
    }
}

/// All expressions in the text, left to right, not overlapping.
pub(crate) fn find(cx: &Cx) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < cx.toks.len() {
        let floor = out.last().map_or(0, |f| f.end);
        let with_the = |mut f: Found| {
            if f.start > floor && cx.kw(f.start - 1, Kw::The) && takes_the(cx, &f) {
                f.start -= 1;
            }
            f
        };
        if let Some((j, m, included)) = modifier(cx, i)
            && let Some(mut f) = longest_at(cx, j)
            && fits(m, &f.sem)
        {
            // Approximations belong to "ago" expressions ("almost four
            // years ago") but not to plain durations ("about two weeks").
            let shifted = matches!(f.sem, Sem::Shifted { .. });
            if included || shifted {
                f.start = i;
            }
            f.modifier = Some(m);
            i = f.end;
            out.push(with_the(f));
            continue;
        }
        match longest_at(cx, i).or_else(|| out.last().and_then(|p| dates::second_day(cx, p, i))) {
            Some(f) => {
                i = f.end.max(i + 1);
                out.push(with_the(f));
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests;
