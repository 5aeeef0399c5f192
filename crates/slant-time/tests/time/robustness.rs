//! Adversarial input: absurd dates, walls of numbers, text with no dates,
//! random text. Never a panic, offsets always in bounds, linear time.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use slant_text::{Document, Quoted, Span};
use slant_time::{Date, Published, PublishedFrom, find_timexes, find_timexes_in, timeline};

fn published() -> Published {
    Published {
        date: Some("2012-03-20".parse().unwrap()),
        from: PublishedFrom::Flag,
    }
}

/// Checks every invariant of the output on `text`.
fn check(text: &str, quoted: &[Quoted]) {
    let doc = Document::from_text("t", text.to_owned()).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let timexes = find_timexes(&doc, published().date);
    let mut last_end = 0;
    for t in &timexes {
        assert!(t.start < t.end && t.end <= chars.len(), "{t:?}");
        assert!(t.start >= last_end, "overlap at {t:?}");
        last_end = t.end;
        assert_eq!(chars[t.start..t.end].iter().collect::<String>(), t.text);
        assert!(!t.value.is_empty());
    }
    for e in timeline(&doc, &timexes, quoted, &published()) {
        assert!(e.claim.start < e.claim.end && e.claim.end <= chars.len());
        assert_eq!(
            chars[e.claim.start..e.claim.end].iter().collect::<String>(),
            e.claim.text
        );
        if let (Some(b), Some(en)) = (e.begin, e.end) {
            assert!(b <= en, "{e:?}");
        }
    }
}

#[test]
fn absurd_dates_give_sensible_output() {
    let found = find_timexes_in(
        "On February 30, in the year 99999, on 31/02/2012 and 2012-13-45 nothing happened.",
        Date::new(2012, 3, 20),
    );
    let texts: Vec<&str> = found.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        texts,
        ["February"],
        "only the month of 'February 30' is a date"
    );
    check(
        "Born on 0/0/0000, died 99/99/9999 at 25:61 p.m. in the 9990s, Dec. 32, 1999.",
        &[],
    );
    // Years far from the anchor resolve without overflow.
    let found = find_timexes_in(
        "3000 years ago and 500 centuries ago",
        Date::new(2012, 3, 20),
    );
    assert!(found.iter().all(|t| !t.value.is_empty()));
}

#[test]
fn text_without_dates_gives_nothing() {
    assert!(
        find_timexes_in(
            "The council voted to raise the toll, and residents protested loudly.",
            None
        )
        .is_empty()
    );
    let doc = Document::from_text("t", "No dates here at all.".to_owned()).unwrap();
    assert!(timeline(&doc, &[], &[], &Published::default()).is_empty());
}

/// Runs `f` and asserts it took less than `limit`.
fn within(limit: Duration, what: &str, f: impl FnOnce()) {
    let start = Instant::now();
    f();
    assert!(start.elapsed() < limit, "{what} took {:?}", start.elapsed());
}

#[test]
fn walls_of_numbers_run_in_linear_time() {
    // No sentence end anywhere: every expression shares one sentence.
    let years: String = (0..10_000)
        .map(|i| (1900 + i % 100).to_string() + " ")
        .collect();
    let days: String = "7 ".repeat(10_000);
    let dates: String = "Aug. 7, 1998, ".repeat(3_000);
    let mixed: String = (0..10_000u32)
        .map(|i| format!("{}", i.wrapping_mul(2_654_435_761) % 100_000))
        .collect::<Vec<_>>()
        .join(" ");
    for (name, text) in [
        ("years", &years),
        ("days", &days),
        ("dates", &dates),
        ("mixed", &mixed),
    ] {
        within(Duration::from_millis(900), name, || check(text, &[]));
    }
    let found = find_timexes_in(&years, Date::new(2012, 3, 20));
    assert_eq!(found.len(), 10_000);
}

#[test]
fn one_giant_quoted_sentence_is_linear_too() {
    let text = format!(
        "\u{201c}{}\u{201d} he said.",
        "from 1990 to 1991 and since 1992 on Saturday, ".repeat(2_000)
    );
    let quoted = [Quoted {
        span: Span::new(1, text.chars().count() - 10),
        attribution: 0,
    }];
    within(Duration::from_millis(900), "quoted", || {
        check(&text, &quoted);
    });
}

proptest! {
    #[test]
    fn never_panics_and_offsets_stay_in_bounds(
        words in prop::collection::vec(prop::sample::select(vec![
            "1986", "12", "7th", "Aug.", "May", "March", "Friday", "last", "next", "the", "past", "two", "years",
            "ago", "a.m.", "10:35", "-", "/", ",", ".", "“", "”", "é", "🦊", "since", "from", "to", "between",
            "early", "1990s", "'90s", "every", "day", "now", "is", "said", "that", "\n", "fiscal", "quarter",
            "third", "Christmas", "New", "Year", "'s", "Day", "at", "least", "half", "an", "hour", "1/2", "5",
        ]), 0..60),
        glue in prop::collection::vec(any::<bool>(), 60),
        quote_at in 0usize..40,
    ) {
        let mut text = String::from("x ");
        for (w, g) in words.iter().zip(&glue) {
            text.push_str(w);
            if !g {
                text.push(' ');
            }
        }
        let n = text.chars().count();
        let quoted = [Quoted { span: Span::new(quote_at.min(n), (quote_at + 20).min(n)), attribution: 1 }];
        check(&text, &quoted);
        let _ = find_timexes_in(&text, None);
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{1,200}") {
        if !text.trim().is_empty() && Document::from_text("t", text.clone()).is_ok() {
            check(&text, &[]);
        }
    }
}
