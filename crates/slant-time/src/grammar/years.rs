//! Years on their own: spelled out ("nineteen ninety-six"), after "of"
//! ("of 1990"), and shifted from the publication year ("last year").

use super::{Cx, Found};
use crate::lexicon::{Kw, Lex, Unit};
use crate::sem::Sem;

/// A year after `of` at `i` ("of 1990", "of fiscal 1990", "of nineteen
/// ninety-four"): it and the end.
pub(super) fn of_year(cx: &Cx, i: usize) -> Option<(i32, usize)> {
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
pub(super) fn year_shift(cx: &Cx, j: usize) -> Option<i32> {
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

/// Years in words, as broadcast transcripts write them: "nineteen
/// ninety-six", "two thousand".
pub(super) fn spelled_year(cx: &Cx, i: usize) -> Option<Found> {
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
