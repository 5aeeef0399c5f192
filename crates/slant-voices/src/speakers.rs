//! Speaker lines: a paragraph that opens with a name and a colon is that
//! speaker's words ("WALLACE: Let's start with breaking news …", "Pence:
//! Gennifer Flowers Won't Be at Debate"). `PolNeAR` annotates them with the
//! colon as cue, the name as source and the rest of the paragraph as
//! content; the tagger rarely finds them (14 of the 19 on dev were missed,
//! most in one interview transcript). A line whose name is a newsroom label
//! ("Correction:", "The Latest:", "Q:") is not one.

use slant_text::{Document, Span};

use crate::attribution::{Attribution, AttributionKind, Source, SourceKind, TextSpan};
use crate::features::Analysis;
use crate::sources::classify;

/// At most this many words in the name.
const NAME_WORDS: usize = 4;

/// The confidence of a speaker line: on `PolNeAR` train, about 0.6 of the
/// lines this rule finds are marked by the annotators (109 of some 170).
const SCORE: f64 = 0.6;

/// Labels that open a paragraph with a colon without anyone speaking.
const LABELS: [&str; 24] = [
    "a", "q", "the latest", "contributing", "correction", "clarification", "twitter", "breaking",
    "byline", "editor's note", "editor’s note", "video", "watch", "source", "sources", "online", "wow",
    "revealed", "update", "related", "photo", "note", "read more", "exclusive",
];

/// The speaker lines of `a` whose paragraph holds no cue of `found`.
pub(crate) fn speaker_lines(doc: &Document, a: &Analysis, found: &[Attribution]) -> Vec<Attribution> {
    let word = |i: usize| a.tokens[i].text(a.text);
    // Where the cues found so far start, sorted: one search per paragraph.
    let mut cues: Vec<usize> = found.iter().filter_map(|f| f.cue.as_ref().map(|c| c.start)).collect();
    cues.sort_unstable();
    let mut out = Vec::new();
    for para in &a.layout.paragraphs {
        let mut i = para.start;
        while i < para.end && matches!(word(i), "\"" | "“") {
            i += 1;
        }
        let name_start = i;
        while i < para.end && i - name_start < NAME_WORDS && word(i).chars().next().is_some_and(char::is_uppercase) {
            i += 1;
        }
        let colon = i;
        if colon == name_start || colon + 1 >= para.end || word(colon) != ":" {
            continue;
        }
        let mut end = para.end;
        while end > colon + 1 && matches!(word(end - 1), "\"" | "”") {
            end -= 1;
        }
        let span = |from: usize, to: usize| Span::new(a.tokens[from].start, a.tokens[to - 1].end);
        let whole = span(para.start, para.end);
        let first = cues.partition_point(|&c| c < whole.start);
        let has_cue = cues.get(first).is_some_and(|&c| c < whole.end);
        let name = TextSpan::of(doc, span(name_start, colon));
        let (Some(cue), Some(name), Some(content)) =
            (TextSpan::of(doc, span(colon, colon + 1)), name, TextSpan::of(doc, span(colon + 1, end)))
        else {
            continue;
        };
        let label = name.text.to_lowercase();
        if has_cue || LABELS.contains(&label.as_str()) {
            continue;
        }
        let quoted = (colon + 1..end).filter(|&k| a.quotes.region(k).is_some()).count();
        let kind = if quoted * 5 >= (end - colon - 1) * 4 { AttributionKind::Direct } else { AttributionKind::Indirect };
        // Transcripts write speakers in capitals ("WALLACE:"), which the
        // typing rules would read as an acronym.
        let shouted = name.text.chars().filter(|c| c.is_alphabetic()).count() >= 4
            && !name.text.contains(char::is_whitespace)
            && !name.text.chars().any(char::is_lowercase);
        let source = Source {
            kind: if shouted { SourceKind::Person } else { classify(&name.text) },
            start: name.start,
            end: name.end,
            text: name.text,
            refers_to: None,
        };
        out.push(Attribution { cue: Some(cue), source: Some(source), content: vec![content], kind, score: SCORE });
    }
    out
}
