//! From tags to attributions: runs of one role become segments; every
//! content and source segment joins the nearest cue (sentence and paragraph
//! breaks make a cue farther); each attribution gets its kind and score.

use std::ops::Range;

use slant_text::{Document, Span};

use crate::alias::mend_aliases;
use crate::apposition::mend_appositions;
use crate::attribution::{Attribution, AttributionKind, Source, TextSpan};
use crate::features::Analysis;
use crate::model::Tagging;
use crate::sources::classify;
use crate::segment::{Segment, segments};
use crate::speakers::speaker_lines;
use crate::tagger::Role;
use crate::token::listed;

/// Extra distance for each sentence break between a segment and a cue.
const SENTENCE_BREAK: usize = 12;
/// Extra distance for each paragraph break.
const PARAGRAPH_BREAK: usize = 40;
/// A content or source farther than this from every cue has none.
const MAX_DISTANCE: usize = 120;
/// A cue without a source of its own may share one this near in its
/// sentence.
const SHARE_DISTANCE: usize = 30;

/// Speech verbs (lemma-ish prefixes are not used: the list is of forms).
const SPEECH: &str = "said says say saying told tells tell telling added adds adding wrote writes write writing asked asks \
     noted notes noting stated states announced announces reported reports claimed claims claiming argued \
     argues arguing explained explains declared declares tweeted tweets insisted insists replied \
     responded warned warns revealed reveals disclosed confirmed denied admitted acknowledged mentioned \
     recalled continued suggested suggests stressed emphasized conceded countered remarked quipped \
     predicted promised vowed pledged urged alleged alleges accused described called testified posted \
     commented observed pointed complained boasted joked repeated concluded shouted";

/// Builds the attributions of a tagged text.
pub(crate) fn assemble(doc: &Document, a: &Analysis, tagging: &Tagging) -> Vec<Attribution> {
    let mut segs = segments(&tagging.tags);
    mend_aliases(a, &mut segs);
    mend_appositions(a, &mut segs);
    let cues: Vec<&Segment> = segs.iter().filter(|s| s.role == Role::Cue).collect();
    let mut sources: Vec<Option<&Segment>> = vec![None; cues.len()];
    let mut contents: Vec<Vec<&Segment>> = vec![Vec::new(); cues.len()];
    let mut orphans: Vec<&Segment> = Vec::new();
    let mut source_pairs: Vec<(usize, usize, usize)> = Vec::new(); // (distance, segment, cue)
    for (k, seg) in segs.iter().enumerate() {
        if seg.role == Role::Cue {
            continue;
        }
        let near = nearest_cues(a, &cues, seg);
        match seg.role {
            Role::Content => match near.first() {
                Some(&(_, c)) => contents[c].push(seg),
                None => orphans.push(seg),
            },
            _ => source_pairs.extend(near.iter().map(|&(d, c)| (d, k, c))),
        }
    }
    // One source per cue, nearest pairs first.
    source_pairs.sort_unstable();
    let mut taken = vec![false; segs.len()];
    for &(_, k, c) in &source_pairs {
        if !taken[k] && sources[c].is_none() {
            taken[k] = true;
            sources[c] = Some(&segs[k]);
        }
    }
    // A cue still without one shares the nearest source of its sentence
    // ("Trump said … and added …").
    for &(d, k, c) in &source_pairs {
        let same_sentence = a.layout.sentence_of[segs[k].tokens.start] == a.layout.sentence_of[cues[c].tokens.start];
        if sources[c].is_none() && d <= SHARE_DISTANCE && same_sentence {
            sources[c] = Some(&segs[k]);
        }
    }
    let mut out: Vec<Attribution> =
        cues.iter().enumerate().map(|(c, cue)| build(doc, a, tagging, Some(cue), sources[c], &contents[c])).collect();
    // A source with no cue is left out: alone, it says nothing (kept, they
    // lowered source precision more than they raised recall on dev).
    out.extend(orphans.into_iter().map(|seg| build(doc, a, tagging, None, None, &[seg])));
    out.retain(|attr| !attr.content.is_empty() || attr.cue.is_some());
    let lines = speaker_lines(doc, a, &out);
    out.extend(lines);
    out.sort_by_key(first_offset);
    out
}

fn first_offset(a: &Attribution) -> usize {
    let cue = a.cue.as_ref().map(|c| c.start);
    let src = a.source.as_ref().map(|s| s.start);
    let content = a.content.first().map(|c| c.start);
    [cue, src, content].into_iter().flatten().min().unwrap_or(0)
}

/// Cues within reach of `seg`, nearest first, as (distance, cue index).
fn nearest_cues(a: &Analysis, cues: &[&Segment], seg: &Segment) -> Vec<(usize, usize)> {
    // Cues are in text order: look at the few on either side.
    let after = cues.partition_point(|c| c.tokens.start < seg.tokens.start);
    let lo = after.saturating_sub(3);
    let hi = (after + 3).min(cues.len());
    let mut near: Vec<(usize, usize)> = (lo..hi)
        .filter_map(|c| {
            let d = distance(a, &seg.tokens, &cues[c].tokens);
            (d <= MAX_DISTANCE).then_some((d, c))
        })
        .collect();
    near.sort_unstable();
    near
}

/// Token gap between two segments, plus penalties for breaks between them.
fn distance(a: &Analysis, x: &Range<usize>, y: &Range<usize>) -> usize {
    let (left_end, right_start) = if x.end <= y.start { (x.end - 1, y.start) } else { (y.end - 1, x.start) };
    let gap = right_start.saturating_sub(left_end + 1);
    let sentences = a.layout.sentence_of[right_start].abs_diff(a.layout.sentence_of[left_end]) as usize;
    let paragraphs = a.paragraph_of(right_start).abs_diff(a.paragraph_of(left_end));
    gap + sentences * SENTENCE_BREAK + paragraphs * PARAGRAPH_BREAK
}

fn span_of(a: &Analysis, tokens: &Range<usize>) -> Span {
    Span::new(a.tokens[tokens.start].start, a.tokens[tokens.end - 1].end)
}

fn mean_marginal(tagging: &Tagging, tokens: &Range<usize>) -> f64 {
    let sum: f32 = tokens.clone().map(|i| tagging.confidence(i)).sum();
    f64::from(sum) / tokens.len().max(1) as f64
}

fn build(
    doc: &Document,
    a: &Analysis,
    tagging: &Tagging,
    cue: Option<&Segment>,
    source: Option<&Segment>,
    contents: &[&Segment],
) -> Attribution {
    let text_span = |tokens: &Range<usize>| TextSpan::of(doc, span_of(a, tokens));
    let mut content: Vec<TextSpan> = contents.iter().filter_map(|s| text_span(&s.tokens)).collect();
    content.sort_by_key(|c| c.start);
    let cue_span = cue.and_then(|c| text_span(&c.tokens));
    let source = source.and_then(|s| {
        let t = text_span(&s.tokens)?;
        Some(Source { kind: classify(&t.text), start: t.start, end: t.end, text: t.text, refers_to: None })
    });
    let kind = kind_of(a, cue_span.as_ref(), contents);
    let mut parts: Vec<f64> = Vec::with_capacity(3);
    parts.extend(cue.map(|c| mean_marginal(tagging, &c.tokens)));
    if !contents.is_empty() {
        parts.push(contents.iter().map(|s| mean_marginal(tagging, &s.tokens)).sum::<f64>() / contents.len() as f64);
    }
    let score = if parts.is_empty() { 0.0 } else { parts.iter().sum::<f64>() / parts.len() as f64 };
    Attribution { cue: cue_span, source, content, kind, score: (score * 1000.0).round() / 1000.0 }
}

fn kind_of(a: &Analysis, cue: Option<&TextSpan>, contents: &[&Segment]) -> AttributionKind {
    let total: usize = contents.iter().map(|s| s.tokens.len()).sum();
    let quoted: usize =
        contents.iter().flat_map(|s| s.tokens.clone()).filter(|&i| a.quotes.region(i).is_some()).count();
    if total > 0 && quoted * 5 >= total * 4 {
        return AttributionKind::Direct;
    }
    let Some(cue) = cue else {
        return AttributionKind::Other;
    };
    let lower = cue.text.to_lowercase();
    if lower.starts_with("according to") {
        return AttributionKind::AccordingTo;
    }
    let speech = lower.trim() == ":" || lower.split(|c: char| !c.is_alphanumeric()).any(|w| listed(SPEECH, w));
    if speech { AttributionKind::Indirect } else { AttributionKind::Other }
}
