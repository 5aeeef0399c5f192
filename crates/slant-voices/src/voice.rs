//! Each technique span in its voice, and the article's voice figures.

use serde::{Deserialize, Serialize};
use slant_text::{Document, Quoted, Span, Voice, merge_overlapping, voice_at};

use crate::attribution::{Attribution, SourceSummary};

/// The attributed content pieces, as `slant_text` reads voices from.
pub fn quoted(attributions: &[Attribution]) -> Vec<Quoted> {
    attributions
        .iter()
        .enumerate()
        .flat_map(|(i, a)| a.content.iter().map(move |c| Quoted { span: c.span(), attribution: i }))
        .collect()
}

/// The voice of each span (technique spans, usually): the attribution whose
/// content holds most of it, else narration.
///
/// Linear-logarithmic: pieces are sorted once and each span looks only at
/// the pieces that can overlap it.
pub fn voices(spans: &[Span], attributions: &[Attribution]) -> Vec<Voice> {
    let mut pieces = quoted(attributions);
    pieces.sort_unstable_by_key(|q| (q.span.start, q.span.end));
    // Longest piece seen so far, so a span can stop looking left early.
    let longest = pieces.iter().map(|q| q.span.len()).max().unwrap_or(0);
    spans
        .iter()
        .map(|&span| {
            let hi = pieces.partition_point(|q| q.span.start < span.end);
            let lo = pieces[..hi].partition_point(|q| q.span.start + longest <= span.start);
            voice_at(span, &pieces[lo..hi])
        })
        .collect()
}

/// The voice figures of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoicesSummary {
    /// Number of attributions.
    pub attributions: usize,
    /// Share of the article's code points inside attributed content.
    pub quoted_share: f64,
    /// Share of the technique spans in the outlet's own narration; `null`
    /// when there are no technique spans.
    pub narration_share: Option<f64>,
    /// The source carrying the most attributed content.
    pub main_source: Option<String>,
    /// Its share of all attributed content, in [0, 1].
    pub main_source_share: f64,
    /// Whether the attributed content rests mostly on one source: the main
    /// source carries more than half of it, or two fifths and twice as much
    /// as any other source; and attributed content is a tenth or more of the
    /// article (a lone short quote is no reliance).
    pub rests_on_one_source: bool,
}

/// The summary of an article from its attributions, sources (from
/// [`crate::sources`]) and technique span voices (from [`voices`]).
pub fn summary(
    doc: &Document,
    attributions: &[Attribution],
    sources: &[SourceSummary],
    span_voices: &[Voice],
) -> VoicesSummary {
    let pieces: Vec<Span> = attributions.iter().flat_map(|a| a.content.iter().map(crate::TextSpan::span)).collect();
    let quoted_chars: usize = merge_overlapping(pieces).iter().map(|s| s.len()).sum();
    let quoted_share = quoted_chars as f64 / doc.char_len().max(1) as f64;
    let narration_share = (!span_voices.is_empty())
        .then(|| span_voices.iter().filter(|v| v.is_narration()).count() as f64 / span_voices.len() as f64);
    let mut shares: Vec<f64> = sources.iter().map(|s| s.content_share).collect();
    shares.sort_by(|a, b| b.total_cmp(a));
    let main = sources.iter().max_by(|a, b| a.content_share.total_cmp(&b.content_share));
    let main_source_share = main.map_or(0.0, |s| s.content_share);
    let second = shares.get(1).copied().unwrap_or(0.0);
    let dominant = main_source_share > 0.5 || (main_source_share >= 0.4 && main_source_share >= 2.0 * second);
    VoicesSummary {
        attributions: attributions.len(),
        quoted_share: round(quoted_share),
        narration_share: narration_share.map(round),
        main_source: main.map(|s| s.text.clone()),
        main_source_share: round(main_source_share),
        rests_on_one_source: dominant && quoted_share >= 0.1,
    }
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::{AttributionKind, TextSpan};

    fn attr(content: &[(usize, usize)]) -> Attribution {
        Attribution {
            cue: None,
            source: None,
            content: content.iter().map(|&(s, e)| TextSpan { start: s, end: e, text: String::new() }).collect(),
            kind: AttributionKind::Direct,
            score: 1.0,
        }
    }

    #[test]
    fn voices_agree_with_voice_at_on_every_span() {
        let attrs = [attr(&[(10, 50), (60, 70)]), attr(&[(20, 30)]), attr(&[(200, 400)])];
        let q = quoted(&attrs);
        assert_eq!(q.len(), 4);
        let spans: Vec<Span> = (0..450).step_by(7).flat_map(|s| [Span::new(s, s + 3), Span::new(s, s + 40)]).collect();
        let fast = voices(&spans, &attrs);
        let slow: Vec<Voice> = spans.iter().map(|&s| voice_at(s, &q)).collect();
        assert_eq!(fast, slow);
        assert_eq!(fast[0], Voice::Narration);
        assert!(fast.contains(&Voice::Attribution(1)) && fast.contains(&Voice::Attribution(2)));
    }

    #[test]
    fn summary_counts_narration_and_reliance() {
        let doc = Document::from_text("d", "x".repeat(100)).unwrap();
        let attrs = [attr(&[(0, 40)]), attr(&[(50, 55)])];
        let sources = vec![
            SourceSummary {
                text: "A".into(),
                kind: crate::SourceKind::Person,
                attributions: 1,
                share: 0.4,
                content_share: 40.0 / 45.0,
                indices: vec![0],
            },
            SourceSummary {
                text: "B".into(),
                kind: crate::SourceKind::Vague,
                attributions: 1,
                share: 0.05,
                content_share: 5.0 / 45.0,
                indices: vec![1],
            },
        ];
        let v = [Voice::Narration, Voice::Attribution(0), Voice::Narration, Voice::Narration];
        let s = summary(&doc, &attrs, &sources, &v);
        assert_eq!(s.narration_share, Some(0.75));
        assert!((s.quoted_share - 0.45).abs() < 1e-9);
        assert_eq!(s.main_source.as_deref(), Some("A"));
        assert!(s.rests_on_one_source);
        assert_eq!(summary(&doc, &[], &[], &[]).narration_share, None);
        assert!(!summary(&doc, &[], &[], &[]).rests_on_one_source);
    }
}
