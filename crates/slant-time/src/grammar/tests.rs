//! The grammar and resolver on sentences written for these tests.
#![allow(clippy::type_complexity, clippy::unnecessary_wraps)]

use crate::timex::TimexType::{self, Date as D, Duration as Du, Set as S, Time as T};
use crate::{Date, find_timexes_in};

fn anchor(s: &str) -> Option<Date> {
    Some(s.parse().unwrap())
}

/// Each case: text, publication date, and the expected (text, type, value)
/// of every expression, in order.
#[test]
fn expressions_are_found_typed_and_normalised() {
    #[rustfmt::skip]
    let cases: &[(&str, &str, &[(&str, TimexType, &str)])] = &[
        ("The group fled abroad in 1986.", "2012-03-20", &[("1986", D, "1986")]),
        ("She spoke to reporters on Saturday.", "2012-03-20", &[("Saturday", D, "2012-03-17")]),
        ("The council meets on Tuesday.", "2012-03-20", &[("Tuesday", D, "2012-03-20")]),
        ("The council will meet on Thursday.", "2012-03-20", &[("Thursday", D, "2012-03-22")]),
        ("Talks stalled last week, and resume next month.", "2012-03-20",
            &[("last week", D, "2012-W11"), ("next month", D, "2012-04")]),
        ("Profits fell last year and this year.", "2012-03-20", &[("last year", D, "2011"), ("this year", D, "2012")]),
        ("Rents soared in the 1990s and the early 2000s.", "2012-03-20",
            &[("the 1990s", D, "199"), ("the early 2000s", D, "200")]),
        ("Earnings rose in the third quarter.", "2012-10-15", &[("the third quarter", D, "2012-Q3")]),
        ("The plant closed last fall.", "2012-03-20", &[("last fall", D, "2011-FA")]),
        ("Trade was open between 1986 to 1993.", "2012-03-20", &[("1986", D, "1986"), ("1993", D, "1993")]),
        ("During the war (1980-1988) trade fell.", "2012-03-20", &[("1980", D, "1980"), ("1988", D, "1988")]),
        ("They have been barred for the last two years.", "2012-03-20", &[("the last two years", Du, "P2Y")]),
        ("Prices are rising now, as they did recently.", "2012-03-20",
            &[("now", D, "PRESENT_REF"), ("recently", D, "PAST_REF")]),
        ("The blast came on Aug. 7, 1998, near the port.", "2012-03-20", &[("Aug. 7, 1998", D, "1998-08-07")]),
        ("It was signed on 7 August 2011 in Geneva.", "2012-03-20", &[("7 August 2011", D, "2011-08-07")]),
        ("The vote was held March 5.", "2012-03-20", &[("March 5", D, "2012-03-05")]),
        ("The accord was signed Nov. 30.", "2012-03-20", &[("Nov. 30", D, "2011-11-30")]),
        ("The deadline will be Nov. 30.", "2012-03-20", &[("Nov. 30", D, "2012-11-30")]),
        ("The ship sank at 10:35 a.m. Friday.", "2012-03-20", &[("10:35 a.m. Friday", T, "2012-03-16T10:35")]),
        ("Guards patrol every day and report weekly.", "2012-03-20", &[("every day", S, "P1D"), ("weekly", S, "P1W")]),
        ("The mine opened three years ago.", "2012-03-20", &[("three years ago", D, "2009")]),
        ("The flight took 5 1/2 hours.", "2012-03-20", &[("5 1/2 hours", Du, "PT5H30M")]),
        ("Filed 2012-03-17 by the clerk.", "2012-03-20", &[("2012-03-17", D, "2012-03-17")]),
        ("They met yesterday morning.", "2012-03-20", &[("yesterday morning", D, "2012-03-19TMO")]),
        ("A 16-hour flight and a two-day visit.", "2012-03-20", &[("16-hour", Du, "PT16H"), ("two-day", Du, "P2D")]),
        ("Sales rose 5 percent in fiscal 2011.", "2012-03-20", &[("fiscal 2011", D, "2011")]),
        ("The feast falls on Christmas Eve.", "2012-03-20", &[("Christmas Eve", D, "2011-12-24")]),
        ("He was rescued on Thanksgiving Day.", "2000-01-06", &[("Thanksgiving Day", D, "1999-11-25")]),
        ("The war ended in the summer of 1945.", "2012-03-20", &[("the summer of 1945", D, "1945-SU")]),
        ("The treaty dates from the 19th century.", "2012-03-20", &[("the 19th century", D, "18")]),
        ("The report came out the week of March 6.", "2000-02-24", &[("the week of March 6", D, "2000-W10")]),
        ("He left in May of 2010.", "2012-03-20", &[("May of 2010", D, "2010-05")]),
        ("You may go.", "2012-03-20", &[]),
        ("Troops march on the capital.", "2012-03-20", &[]),
        ("He sat down with 1500 people and earned $2000.", "2012-03-20", &[]),
        ("The boy is 12 years old.", "2012-03-20", &[]),
        ("February 30 is no day; year 99999 is no year.", "2012-03-20", &[("February", D, "2012-02")]),
        ("The show airs on 60 Minutes at High Noon.", "2012-03-20", &[]),
    ];
    check(cases);
}

/// Like [`expressions_are_found_typed_and_normalised`], for cases added
/// while tuning on AQUAINT.
#[test]
fn cues_and_anchors_pick_the_right_day() {
    #[rustfmt::skip]
    let cases: &[(&str, &str, &[(&str, TimexType, &str)])] = &[
        ("The judge postponed the hearing until Thursday morning.", "2012-03-20",
            &[("Thursday morning", D, "2012-03-22TMO")]),
        ("Until Friday, nobody had asked him.", "2012-03-20", &[("Friday", D, "2012-03-16")]),
        ("Leaders meet on May 14 and 15. On March 3 and 25 others, it rained.", "2012-03-20",
            &[("May 14", D, "2012-05-14"), ("15", D, "2012-05-15"), ("March 3", D, "2012-03-03")]),
        ("A letter came in June 2011, and he answered it that same day.", "2012-03-20",
            &[("June 2011", D, "2011-06"), ("that same day", D, "2011-06-XX")]),
        ("Talks broke down the day before last Friday's vote.", "2012-03-20",
            &[("day before last Friday", D, "2012-03-15")]),
        ("Shops reopened the day after Christmas.", "2012-03-20", &[("day after Christmas", D, "2011-12-26")]),
        ("The convoy will leave at 5 in the morning (5 a.m. EST Friday).", "2012-03-20",
            &[("5 in the morning", T, "2012-03-23T05:00"), ("5 a.m. EST Friday", T, "2012-03-23T05:00")]),
    ];
    check(cases);
}

fn check(cases: &[(&str, &str, &[(&str, TimexType, &str)])]) {
    for (text, published, expected) in cases {
        let got: Vec<(String, TimexType, String)> = find_timexes_in(text, anchor(published))
            .into_iter()
            .map(|t| (t.text, t.kind, t.value))
            .collect();
        let want: Vec<(String, TimexType, String)> = expected
            .iter()
            .map(|(t, k, v)| ((*t).to_owned(), *k, (*v).to_owned()))
            .collect();
        assert_eq!(got, want, "in {text:?}");
    }
}

#[test]
fn relative_expressions_without_an_anchor_stay_unresolved() {
    let got = find_timexes_in(
        "He resigned on Saturday, last year, in 1986 and on Aug. 7.",
        None,
    );
    let summary: Vec<(&str, &str, bool)> = got
        .iter()
        .map(|t| (t.text.as_str(), t.value.as_str(), t.resolved))
        .collect();
    assert_eq!(
        summary,
        [
            ("Saturday", "XXXX-WXX-6", false),
            ("last year", "XXXX", false),
            ("1986", "1986", true),
            ("Aug. 7", "XXXX-08-07", false)
        ]
    );
    assert!(
        got.iter()
            .filter(|t| !t.resolved)
            .all(|t| t.range.is_none())
    );
}

#[test]
fn durations_toward_the_anchor_carry_their_days() {
    let t = &find_timexes_in("barred for the past two years", anchor("2012-03-20"))[0];
    let range = t.range.unwrap();
    assert_eq!(
        (range.begin.to_string(), range.end.to_string()),
        ("2010-03-21".into(), "2012-03-20".into())
    );
    let t = &find_timexes_in("in the 1990s", anchor("2012-03-20"))[0];
    assert_eq!(t.range.unwrap().begin.to_string(), "1990-01-01");
    assert_eq!(t.range.unwrap().end.to_string(), "1999-12-31");
}

#[test]
fn offsets_are_code_points_on_non_ascii_text() {
    let text = "“On Saturday,” José’s café 🦊 said — it opened in 1986 and closed last week.";
    let chars: Vec<char> = text.chars().collect();
    let found = find_timexes_in(text, anchor("2012-03-20"));
    let texts: Vec<&str> = found.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["Saturday", "1986", "last week"]);
    for t in &found {
        let slice: String = chars[t.start..t.end].iter().collect();
        assert_eq!(slice, t.text);
    }
}
