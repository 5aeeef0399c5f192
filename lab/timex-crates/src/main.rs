//! Does a well-kept crate normalise time expressions better than slant's
//! own grammar? For every gold `TIMEX3` of a TimeML folder (AQUAINT: the
//! development split), the gold span's text alone is normalised against the
//! document's creation date by `interim` (the maintained successor of
//! chrono-english) and by `slant_time`; slant's value in context (its own
//! span that overlaps the gold one, found in the whole text) is counted too.
//!
//! `interim` returns an instant, not a TimeML value: it is written at the
//! gold value's own granularity (`1998`, `1998-08`, `1998-08-07`), which
//! favours it. Expressions whose gold value is no calendar date (durations,
//! weeks, quarters, `PRESENT_REF`, …) it cannot express.
//!
//! ```sh
//! cargo run --release --manifest-path lab/timex-crates/Cargo.toml -- $SLANT_TIMEBANK_DIR/AQUAINT [--show N]
//! ```

use std::path::PathBuf;

use chrono::{NaiveDate, TimeZone, Utc};
use interim::{Dialect, parse_date_string};
use slant_time::{find_timexes_in, read_timeml_dir};

/// The granularity of a gold value that is a calendar date.
fn granularity(value: &str) -> Option<&'static str> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = value.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 && digits(y) => Some("%Y"),
        [y, m] if y.len() == 4 && digits(y) && m.len() == 2 && digits(m) => Some("%Y-%m"),
        [y, m, d] if y.len() == 4 && digits(y) && digits(m) && d.len() == 2 && digits(d) => Some("%Y-%m-%d"),
        _ => None,
    }
}

#[derive(Default)]
struct Tally {
    gold: usize,
    interim: usize,
    slant_alone: usize,
    slant_context: usize,
}

fn main() {
    let dir = std::env::args().nth(1).map(PathBuf::from).expect("usage: timex-crates TIMEML_DIR");
    let docs = read_timeml_dir(&dir).expect("a TimeML folder");
    let (mut all, mut dates) = (Tally::default(), Tally::default());
    let mut failed = 0;
    // `--show N`: the first N calendar dates interim gets wrong.
    let mut show: usize = std::env::args().skip_while(|a| a != "--show").nth(1).and_then(|n| n.parse().ok()).unwrap_or(0);
    for doc in &docs {
        let dct = doc.dct;
        let now = NaiveDate::from_ymd_opt(dct.year(), dct.month(), dct.day())
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .map(|d| Utc.from_utc_datetime(&d))
            .expect("a valid creation date");
        let in_context = find_timexes_in(&doc.text, Some(dct));
        for g in &doc.timexes {
            let format = granularity(&g.value);
            let by_interim = match (format, parse_date_string(&g.text, now, Dialect::Us)) {
                (Some(f), Ok(t)) => Some(t.format(f).to_string()),
                (_, Err(_)) => {
                    failed += 1;
                    None
                }
                _ => None,
            };
            if show > 0 && format.is_some() && by_interim.as_deref() != Some(g.value.as_str()) {
                show -= 1;
                println!("  {:?} on {}: gold {}, interim {:?}", g.text, dct, g.value, by_interim);
            }
            let alone = find_timexes_in(&g.text, Some(dct));
            let by_slant_alone = alone.first().map(|t| t.value.clone());
            let by_slant_context =
                in_context.iter().find(|t| t.start < g.end && g.start < t.end).map(|t| t.value.clone());
            for (tally, counted) in [(&mut all, true), (&mut dates, format.is_some())] {
                if !counted {
                    continue;
                }
                tally.gold += 1;
                tally.interim += usize::from(by_interim.as_deref() == Some(g.value.as_str()));
                tally.slant_alone += usize::from(by_slant_alone.as_deref() == Some(g.value.as_str()));
                tally.slant_context += usize::from(by_slant_context.as_deref() == Some(g.value.as_str()));
            }
        }
    }
    println!("{} documents; interim parsed nothing for {failed} of {} gold expressions", docs.len(), all.gold);
    println!("gold expressions               n  interim  slant (span alone)  slant (in context)");
    for (name, t) in [("all", &all), ("calendar dates only", &dates)] {
        let pct = |x: usize| 100.0 * x as f64 / t.gold.max(1) as f64;
        println!(
            "{name:<26} {:>5}  {:>6.1}%  {:>17.1}%  {:>17.1}%",
            t.gold,
            pct(t.interim),
            pct(t.slant_alone),
            pct(t.slant_context)
        );
    }
}
