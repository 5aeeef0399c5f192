//! The "time" reading of slant: time expressions found in an article and
//! normalised to TimeML values against its publication date, and the
//! article's dated claims on a timeline.
//!
//! - [`find_timexes`] finds "1986", "on Saturday", "for the last two
//!   years", "the 1990s", "10:35 a.m.", "every day"… with code-point
//!   offsets, a TimeML type and value, and the days each covers.
//! - [`published_from_dateline`] reads a publication date from the head of
//!   the text; [`Published`] says where the date came from.
//! - [`timeline`] ties each dated expression to the claim it dates, with
//!   the voice asserting it, ordered by time; present-tense claims of the
//!   narration are stamped "as of" the publication date.
//! - [`read_timeml`] and [`Counts`] read TimeML gold files and score
//!   against them as TempEval-3 does ([`evaluate`] does both).
//!
//! Spans follow TimeBank: "the" belongs to stretches, quarters, decades and
//! relative periods ("the past two years", "the third quarter", "the
//! 1990s"), modifiers to their expression ("early 1990s", "nearly two
//! years"), prepositions never. Weekdays and month-days without a year are
//! resolved to the nearest such day before publication unless the sentence
//! speaks of the future ("will", "scheduled", "next"). On TempEval-3's
//! TimeBank this scores strict span F1 0.882, relaxed 0.933, type 0.888 and
//! value F1 0.796 (tests/time/timebank.rs holds the floors).
//!
//! The grammar is slant's own because the well-kept crate measured beside it
//! normalises far less: on every gold expression of AQUAINT, each span's
//! text alone, `interim` 0.2 (chrono-english's successor) gets 24.0 % of
//! the values right and this crate 76.9 % (80.7 % in context);
//! `lab/timex-crates` reruns it. Duckling's Rust port (sonos/rustling, its
//! repository last updated in 2021) was not tried.
//!
//! ```
//! use slant_text::{Document, Voice};
//! use slant_time::{find_timexes, timeline, Date, Published, PublishedFrom, TimexType};
//!
//! let doc = Document::from_text("a1", "The group fled in 1986. It spoke on Saturday.".into()).unwrap();
//! let published: Date = "2012-03-20".parse().unwrap();
//! let timexes = find_timexes(&doc, Some(published));
//! assert_eq!(timexes[0].value, "1986");
//! assert_eq!(timexes[1].text, "Saturday");
//! assert_eq!(timexes[1].value, "2012-03-17"); // the Saturday before publication
//! assert_eq!(timexes[1].kind, TimexType::Date);
//!
//! let published = Published { date: Some(published), from: PublishedFrom::Flag };
//! let entries = timeline(&doc, &timexes, &[], &published);
//! assert_eq!(entries[0].claim.text, "The group fled");
//! assert_eq!(entries[0].asserted_by, Voice::Narration);
//! ```

// TimeML, TimeBank and TempEval are names, not code.
#![allow(clippy::doc_markdown)]

mod claims;
mod date;
mod error;
mod extract;
mod grammar;
mod lexer;
mod lexicon;
mod published;
mod resolve;
mod score;
mod sem;
mod timeline;
mod timeml;
mod timex;
mod values;

use slant_text::{CharIndex, Document};

pub use date::{Date, YEARS};
pub use error::TimeError;
pub use published::{Published, PublishedFrom, published_from_dateline};
pub use score::{AttributeScore, Counts, Prf, TimexScores, align};
pub use timeline::{Claim, EntryKind, TimelineEntry, timeline};
pub use timeml::{TimemlDoc, parse_timeml, read_timeml, read_timeml_dir};
pub use timex::{DateRange, Timex, TimexMod, TimexType};

/// The time expressions of a document, in text order, anchored to `anchor`
/// (the publication date) when given; without it, relative expressions
/// ("on Saturday", "last year") have `resolved: false`.
pub fn find_timexes(doc: &Document, anchor: Option<Date>) -> Vec<Timex> {
    extract::timexes(doc.text(), doc.index(), anchor)
}

/// [`find_timexes`] on a plain string (offsets in its code points).
pub fn find_timexes_in(text: &str, anchor: Option<Date>) -> Vec<Timex> {
    extract::timexes(text, &CharIndex::new(text), anchor)
}

/// Runs [`find_timexes_in`] on each TimeML document, anchored to its
/// creation time, and scores the result against its gold expressions.
pub fn evaluate(docs: &[TimemlDoc]) -> TimexScores {
    let mut counts = Counts::default();
    for doc in docs {
        counts.add(&doc.timexes, &find_timexes_in(&doc.text, Some(doc.dct)));
    }
    counts.scores()
}
