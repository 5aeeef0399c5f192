//! Amounts of time: durations ("two years", "16-hour", "for weeks"), the
//! dates they reach back to ("three years ago", "a year earlier") and
//! recurring times ("every day", "weekly").

use super::{Cx, Found};
use crate::lexicon::{Kw, Lex, Unit};
use crate::sem::{Amount, Sem};

/// A count of units at `i` ("two", "5 1/2", "two and a half", "a",
/// "several", "a few"): the amount and the token after it.
pub(super) fn amount(cx: &Cx, i: usize) -> Option<(Amount, usize)> {
    match cx.lex(i) {
        Lex::Kw(Kw::A) => match cx.lex(i + 1) {
            Lex::Kw(Kw::Few) => Some((Amount::Unknown, i + 2)),
            Lex::Kw(Kw::Couple) if cx.kw(i + 2, Kw::Of) => Some((Amount::Unknown, i + 3)),
            _ => Some((Amount::whole(1), i + 1)),
        },
        Lex::Kw(Kw::Few | Kw::Several | Kw::Many) => Some((Amount::Unknown, i + 1)),
        Lex::Kw(Kw::Couple) if cx.kw(i + 1, Kw::Of) => Some((Amount::Unknown, i + 2)),
        Lex::Kw(Kw::Half) if cx.kw(i + 1, Kw::A) => Some((Amount::Halves(1), i + 2)),
        Lex::Digits { .. } | Lex::NumWord(_) => {
            let (n, k) = cx.number(i)?;
            let halves = u64::from(n) * 2;
            // "5 1/2".
            if matches!(cx.lex(k), Lex::Digits { value: 1, .. })
                && cx.punct(k + 1, '/')
                && cx.glued(k + 1)
                && cx.glued(k + 2)
                && matches!(cx.lex(k + 2), Lex::Digits { value: 2, .. })
            {
                return Some((Amount::Halves(halves + 1), k + 3));
            }
            // "two and a half".
            if cx.kw(k, Kw::And) && cx.kw(k + 1, Kw::A) && cx.kw(k + 2, Kw::Half) {
                return Some((Amount::Halves(halves + 1), k + 3));
            }
            Some((Amount::Halves(halves), k))
        }
        _ => None,
    }
}

/// Words that make a recurring time on their own.
fn set_word(w: &str) -> Option<Unit> {
    const WORDS: [(&str, Unit); 7] = [
        ("daily", Unit::Day),
        ("nightly", Unit::Day),
        ("weekly", Unit::Week),
        ("monthly", Unit::Month),
        ("annually", Unit::Year),
        ("yearly", Unit::Year),
        ("hourly", Unit::Hour),
    ];
    // All of them end in "ly"; most words do not.
    if !(w.len() >= 5 && w.as_bytes()[w.len() - 2..].eq_ignore_ascii_case(b"ly")) {
        return None;
    }
    WORDS
        .iter()
        .find(|(name, _)| w.eq_ignore_ascii_case(name))
        .map(|&(_, u)| u)
}

pub(super) fn at(cx: &Cx, i: usize) -> Option<Found> {
    match cx.lex(i) {
        Lex::Kw(Kw::Every | Kw::Each) => every(cx, i),
        Lex::Kw(Kw::Per) => {
            let (unit, false) = cx.unit(i + 1)? else {
                return None;
            };
            Some(Found::new(
                i,
                i + 2,
                Sem::Set {
                    amount: Amount::whole(1),
                    unit,
                },
            ))
        }
        Lex::Word => {
            let unit = set_word(cx.word(i))?;
            Some(Found::new(
                i,
                i + 1,
                Sem::Set {
                    amount: Amount::whole(1),
                    unit,
                },
            ))
        }
        Lex::Unit { unit, plural }
            if cx.punct(i + 1, '-') && cx.glued(i + 1) && cx.kw(i + 2, Kw::Long) =>
        {
            let amount = if plural {
                Amount::Unknown
            } else {
                Amount::whole(1)
            };
            Some(Found::new(
                i,
                i + 3,
                Sem::Duration {
                    amount,
                    unit,
                    toward: None,
                },
            ))
        }
        Lex::Unit { unit, plural: true } if unit >= Unit::Day && i > 0 && cx.kw(i - 1, Kw::For) => {
            Some(Found::new(
                i,
                i + 1,
                Sem::Duration {
                    amount: Amount::Unknown,
                    unit,
                    toward: None,
                },
            ))
        }
        _ => counted(cx, i),
    }
}

/// "every day", "each year", "every other week", "every Sunday".
fn every(cx: &Cx, i: usize) -> Option<Found> {
    let mut j = i + 1;
    let mut amount = Amount::whole(1);
    if cx.kw(j, Kw::Other) {
        amount = Amount::whole(2);
        j += 1;
    } else if let Some((n, k)) = cx.number(j)
        && cx.unit(k).is_some_and(|(_, plural)| plural)
    {
        amount = Amount::whole(n);
        j = k;
    }
    if let Some((wd, end)) = cx.weekday(j) {
        return Some(Found::new(i, end, Sem::SetWeekday(wd)));
    }
    let (unit, _) = cx.unit(j)?;
    Some(Found::new(i, j + 1, Sem::Set { amount, unit }))
}

/// Whether the words just before `i` count something ("$1 billion a
/// year", "200 interviews a day"), so "a year" there is a rate.
fn after_a_count(cx: &Cx, i: usize) -> bool {
    (i.saturating_sub(3)..i).any(|k| {
        matches!(
            cx.lex(k),
            Lex::Digits { .. } | Lex::NumWord(_) | Lex::Punct('$')
        ) || cx.word(k).eq_ignore_ascii_case("times")
            || cx.word(k).eq_ignore_ascii_case("twice")
            || cx.kw(k, Kw::Once)
    })
}

/// "two years", "16-hour", "two more weeks", "three years ago", "a year
/// earlier", "$1 billion a year".
fn counted(cx: &Cx, i: usize) -> Option<Found> {
    let (amount, mut k) = amount(cx, i)?;
    let hyphenated = cx.punct(k, '-') && cx.glued(k) && cx.glued(k + 1);
    // "16-hour", "two more weeks".
    if hyphenated || cx.kw(k, Kw::More) {
        k += 1;
    }
    let (unit, plural) = cx.unit(k)?;
    // "60 Minutes" is a programme.
    if cx.cap(k) {
        return None;
    }
    let article = cx.kw(i, Kw::A) && amount == Amount::whole(1);
    if article && plural {
        return None;
    }
    let end = k + 1;
    // "a year-earlier loss": the compound is the expression.
    if !hyphenated && cx.punct(end, '-') && cx.glued(end) && !cx.kw(end + 1, Kw::Long) {
        return None;
    }
    // Ages are not time expressions: "45 years old", "a two-year-old".
    if cx.kw(end, Kw::Old) || (cx.punct(end, '-') && cx.glued(end) && cx.kw(end + 1, Kw::Old)) {
        return None;
    }
    if hyphenated && cx.punct(end, '-') && cx.glued(end) && cx.kw(end + 1, Kw::Long) {
        return Some(Found::new(
            i,
            end + 2,
            Sem::Duration {
                amount,
                unit,
                toward: None,
            },
        ));
    }
    if !hyphenated && amount == Amount::Unknown && cx.kw(end, Kw::Ago) {
        return Some(Found::new(
            i,
            end + 1,
            Sem::Shifted {
                amount,
                unit,
                dir: -1,
            },
        ));
    }
    if !hyphenated && amount != Amount::Unknown {
        match cx.lex(end) {
            // In company reports "a year ago" is the same quarter a year before.
            Lex::Kw(Kw::Ago | Kw::Earlier)
                if unit == Unit::Year && amount == Amount::whole(1) && quarter_talk(cx, i) =>
            {
                return Some(Found::new(
                    i,
                    end + 1,
                    Sem::ReportedQuarter { years_back: 1 },
                ));
            }
            Lex::Kw(Kw::Ago) => {
                return Some(Found::new(
                    i,
                    end + 1,
                    Sem::Shifted {
                        amount,
                        unit,
                        dir: -1,
                    },
                ));
            }
            Lex::Kw(Kw::From) if cx.kw(end + 1, Kw::Now) => {
                return Some(Found::new(
                    i,
                    end + 2,
                    Sem::Shifted {
                        amount,
                        unit,
                        dir: 1,
                    },
                ));
            }
            Lex::Kw(dir @ (Kw::Earlier | Kw::Later)) if unit >= Unit::Day => {
                let Amount::Halves(h) = amount else {
                    return None;
                };
                let n = i32::try_from(h / 2).ok()?;
                let offset = if dir == Kw::Earlier { -n } else { n };
                return Some(Found::new(i, end + 1, Sem::Anaphor { unit, offset }));
            }
            _ => {}
        }
    }
    if article && !plural && after_a_count(cx, i) {
        return Some(Found::new(i, end, Sem::Set { amount, unit }));
    }
    Some(Found::new(
        i,
        end,
        Sem::Duration {
            amount,
            unit,
            toward: None,
        },
    ))
}

/// Whether the words around token `i` speak of quarters or periods.
pub(super) fn quarter_talk(cx: &Cx, i: usize) -> bool {
    (i.saturating_sub(300)..(i + 20).min(cx.toks.len())).any(|k| {
        matches!(
            cx.lex(k),
            Lex::Unit {
                unit: Unit::Quarter,
                ..
            }
        ) || cx.word(k).eq_ignore_ascii_case("period")
    })
}
