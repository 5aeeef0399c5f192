//! The timeline of an article: each dated expression tied to the claim it
//! dates, with the voice that asserts it, ordered by time; present-tense
//! claims of the narration stamped "as of" the publication date.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use slant_text::{Document, Quoted, Span, Voice, voice_at};

use crate::claims::{claim, clause, trim};
use crate::timex::{Timex, TimexType};
use crate::{Date, Published};

/// The claim an entry dates, in code points of the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Exactly `text[start..end]`.
    pub text: String,
}

/// What places an entry in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// One dated expression: its days ("in 1986", "for the last two years").
    Dated,
    /// Two expressions joined as a range ("from 1993 to 2003").
    Range,
    /// "since 1990": from that date to the publication.
    Since,
    /// A present-tense claim, or "now": true as of the publication date.
    AsOf,
    /// "recently", "in the past": some time before the publication.
    Before,
    /// "in the future": some time after the publication.
    After,
}

/// One claim on the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// First day, when known (`null` for "recently").
    pub begin: Option<Date>,
    /// Last day, when known (`null` for "in the future").
    pub end: Option<Date>,
    /// The index of the dating expression in the article's timexes; `null`
    /// for a present-tense claim.
    pub timex: Option<usize>,
    /// For a range, the index of the expression that ends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timex_end: Option<usize>,
    /// What is claimed.
    pub claim: Claim,
    /// Who claims it: the narration, or the attribution whose content holds it.
    pub asserted_by: Voice,
    /// What places the entry in time.
    pub kind: EntryKind,
}

/// At most this many bytes around an expression are read for its claim, so
/// a text without sentence ends costs linear time.
const WINDOW: usize = 250;

/// At most this many dated entries per article: a timeline longer than
/// that reads as no timeline (and a wall of numbers makes one).
const MAX_ENTRIES: usize = 1000;

/// At most this many present-tense claims per article.
const MAX_AS_OF: usize = 12;

/// The timeline of `doc`: `timexes` as [`crate::find_timexes`] gave them,
/// `quoted` the attributed content pieces (empty when unknown), and the
/// publication date. The first 1,000 dated expressions are placed.
pub fn timeline(
    doc: &Document,
    timexes: &[Timex],
    quoted: &[Quoted],
    published: &Published,
) -> Vec<TimelineEntry> {
    let text = doc.text();
    let sentences = sentences(text);
    let bytes: Vec<Option<Range<usize>>> =
        timexes.iter().map(|t| doc.byte_range(t.span())).collect();
    let mut out = Vec::new();
    let mut skip_next = false;
    for (i, t) in timexes.iter().enumerate() {
        if out.len() >= MAX_ENTRIES {
            break;
        }
        if std::mem::take(&mut skip_next) {
            continue;
        }
        let Some(b) = bytes[i].clone() else { continue };
        let pair = timexes
            .get(i + 1)
            .zip(bytes.get(i + 1).cloned().flatten())
            .filter(|(u, ub)| is_range(text, t, &b, u, ub));
        let (kind, begin, end, phrase, timex_end) = if let Some((u, ub)) = pair {
            skip_next = true;
            let (Some(r1), Some(r2)) = (t.range, u.range) else {
                continue;
            };
            (
                EntryKind::Range,
                Some(r1.begin),
                Some(r2.end),
                b.start..ub.end,
                Some(i + 1),
            )
        } else {
            let Some((kind, begin, end)) = placement(text, t, &b, published.date) else {
                continue;
            };
            (kind, begin, end, b.clone(), None)
        };
        let voice = voice_at(t.span(), quoted);
        let Some(claim) = make_claim(doc, &sentences, phrase, voice, quoted) else {
            continue;
        };
        out.push(TimelineEntry {
            begin,
            end,
            timex: Some(i),
            timex_end,
            claim,
            asserted_by: voice,
            kind,
        });
    }
    if let Some(date) = published.date {
        out.extend(as_of_claims(doc, &sentences, &bytes, quoted, date));
    }
    out.sort_by_key(|e| (e.begin, e.end, e.claim.start));
    out
}

/// Where a single expression places its claim.
fn placement(
    text: &str,
    t: &Timex,
    b: &Range<usize>,
    published: Option<Date>,
) -> Option<(EntryKind, Option<Date>, Option<Date>)> {
    if !t.resolved {
        return None;
    }
    match (t.kind, t.value.as_str()) {
        (TimexType::Date, "PRESENT_REF") => published.map(|d| (EntryKind::AsOf, Some(d), Some(d))),
        (TimexType::Date, "PAST_REF") => published.map(|d| (EntryKind::Before, None, Some(d))),
        (TimexType::Date, "FUTURE_REF") => published.map(|d| (EntryKind::After, Some(d), None)),
        (TimexType::Set, _) => None,
        _ => {
            let r = t.range?;
            let end = published.unwrap_or(r.end).max(r.end);
            if last_word(text, b.start).eq_ignore_ascii_case("since")
                && t.kind != TimexType::Duration
            {
                return Some((EntryKind::Since, Some(r.begin), Some(end)));
            }
            Some((EntryKind::Dated, Some(r.begin), Some(r.end)))
        }
    }
}

/// The word before byte `at`.
fn last_word(text: &str, at: usize) -> &str {
    let before = text[..at].trim_end();
    let start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |p| {
        p + before[p..].chars().next().map_or(1, char::len_utf8)
    });
    &before[start..]
}

/// Whether `t` and `u` form a range: "from 1993 to 2003", "between 1986
/// to 1993", "1980-1988".
fn is_range(text: &str, t: &Timex, b: &Range<usize>, u: &Timex, ub: &Range<usize>) -> bool {
    let (Some(r1), Some(r2)) = (t.range, u.range) else {
        return false;
    };
    if t.kind != TimexType::Date
        || u.kind != TimexType::Date
        || r1.begin > r2.end
        || ub.start < b.end
    {
        return false;
    }
    let between = text[b.end..ub.start].trim();
    let dash = matches!(between, "-" | "–" | "—");
    let word = ["to", "and", "through", "until", "till", "thru"]
        .iter()
        .any(|w| between.eq_ignore_ascii_case(w));
    let opener = last_word(text, b.start);
    dash || (word
        && ["from", "between"]
            .iter()
            .any(|w| opener.eq_ignore_ascii_case(w)))
}

/// The claim dated by the phrase at bytes `phrase`.
fn make_claim(
    doc: &Document,
    sentences: &[Range<usize>],
    phrase: Range<usize>,
    voice: Voice,
    quoted: &[Quoted],
) -> Option<Claim> {
    let text = doc.text();
    let mut sent = window(text, sentence_of(sentences, phrase.start), &phrase);
    // Inside a quotation, the claim stays inside it.
    let phrase_span = doc.char_span(phrase.clone())?;
    if let Voice::Attribution(a) = voice
        && let Some(q) = quoted
            .iter()
            .filter(|q| q.attribution == a)
            .find(|q| q.span.overlaps(phrase_span))
        && let Some(qb) = doc.byte_range(q.span)
    {
        sent = sent.start.max(qb.start)..sent.end.min(qb.end);
    }
    let words = |r: &Range<usize>| text[r.clone()].split_whitespace().count();
    let mut r = claim(
        text,
        clause(text, sent.clone(), phrase.clone(), false),
        phrase.clone(),
    );
    if r.start >= phrase.start && r.end <= phrase.end || words(&r) < 3 {
        r = claim(text, clause(text, sent, phrase.clone(), true), phrase);
    }
    to_claim(doc, r)
}

fn to_claim(doc: &Document, r: Range<usize>) -> Option<Claim> {
    let span = doc.char_span(r.clone())?;
    (!span.is_empty()).then(|| Claim {
        start: span.start,
        end: span.end,
        text: doc.text()[r].to_owned(),
    })
}

/// The sentences of a text, as byte ranges, in one pass.
pub(crate) fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let s = crate::claims::sentence(text, at);
        // Step past the sentence and its terminator.
        let mut next = s.end.max(at + 1);
        while next < text.len() && !text.is_char_boundary(next) {
            next += 1;
        }
        let rest = &text[next..];
        let skip = rest.len()
            - rest
                .trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')')
                })
                .len();
        if !s.is_empty() {
            out.push(s);
        }
        at = next + skip.max(usize::from(skip == 0 && next == at));
    }
    out
}

/// The sentence holding byte `at` (or an empty range at `at`).
fn sentence_of(sentences: &[Range<usize>], at: usize) -> Range<usize> {
    let i = sentences.partition_point(|s| s.end <= at);
    sentences
        .get(i)
        .filter(|s| s.start <= at)
        .cloned()
        .unwrap_or(at..at)
}

/// `s` narrowed to [`WINDOW`] bytes around `phrase` (and made to hold it).
fn window(text: &str, s: Range<usize>, phrase: &Range<usize>) -> Range<usize> {
    let mut start = s
        .start
        .min(phrase.start)
        .max(phrase.start.saturating_sub(WINDOW));
    let mut end = s
        .end
        .max(phrase.end)
        .min(phrase.end + WINDOW)
        .min(text.len());
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    start..end
}

/// Present-tense claims of the narration about the state of the world
/// ("The group is blacklisted by…"), in sentences that hold no time
/// expression and no quotation.
fn as_of_claims(
    doc: &Document,
    sentences: &[Range<usize>],
    timexes: &[Option<Range<usize>>],
    quoted: &[Quoted],
    date: Date,
) -> Vec<TimelineEntry> {
    const PRESENT: [&str; 8] = [
        "is",
        "are",
        "remains",
        "remain",
        "continues",
        "continue",
        "has",
        "have",
    ];
    const BLOCKERS: [&str; 20] = [
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "should",
        "must",
        "said",
        "says",
        "told",
        "was",
        "were",
        "had",
        "if",
        "whether",
        "reported",
        "according",
        "claimed",
        "believes",
    ];
    let text = doc.text();
    let mut out = Vec::new();
    for s in sentences {
        if out.len() >= MAX_AS_OF {
            break;
        }
        let s = window(text, s.clone(), &(s.start..s.start));
        let body = &text[s.clone()];
        let dated = timexes
            .iter()
            .flatten()
            .any(|t| t.start < s.end && s.start < t.end);
        let quoting =
            body.contains(['"', '“', '”', '«', '»']) || body.contains("``") || body.ends_with('?');
        let Some(span) = doc.char_span(s.clone()) else {
            continue;
        };
        if dated || quoting || !voice_at(span, quoted).is_narration() {
            continue;
        }
        let mut verb = None;
        let mut previous = "";
        let words = body
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - body.as_ptr() as usize, w));
        for (at, w) in words {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
            if BLOCKERS.iter().any(|b| bare.eq_ignore_ascii_case(b)) {
                break;
            }
            // "members who have defected" is no claim about now.
            let relative = ["who", "which", "that"]
                .iter()
                .any(|r| previous.eq_ignore_ascii_case(r));
            if PRESENT.iter().any(|p| bare.eq_ignore_ascii_case(p)) && !relative {
                verb = Some(s.start + at..s.start + at + w.len());
                break;
            }
            previous = bare;
        }
        let Some(verb) = verb else { continue };
        let r = claim(
            text,
            clause(text, s.clone(), verb.clone(), true),
            verb.start..verb.start,
        );
        let r = trim(text, r);
        let Some(claim) = to_claim(doc, r) else {
            continue;
        };
        let asserted_by = voice_at(Span::new(claim.start, claim.end), quoted);
        out.push(TimelineEntry {
            begin: Some(date),
            end: Some(date),
            timex: None,
            timex_end: None,
            claim,
            asserted_by,
            kind: EntryKind::AsOf,
        });
    }
    out
}
