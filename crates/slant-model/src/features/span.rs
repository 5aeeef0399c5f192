//! Features of a span, for technique classification.

use std::ops::Range;

use super::token::bucket;
use super::{DocView, Sink, Template as T};

/// How many times the token sequence `range` occurs in the document.
fn occurrences(v: &DocView<'_>, range: Range<usize>) -> usize {
    let needle = &v.norm[range];
    if needle.is_empty() {
        return 0;
    }
    v.norm.windows(needle.len()).filter(|w| *w == needle).count()
}

/// Writes the features of the span covering tokens `range` into `s`.
pub fn span_features<S: Sink>(v: &DocView<'_>, range: Range<usize>, s: &mut S) {
    s.emit(T::Bias, "", 1.0);
    if range.is_empty() {
        s.emit(T::SpanLength, "0", 1.0);
        return;
    }
    let (first, last) = (range.start, range.end - 1);
    let len = range.len();
    let scale = 1.0 / (len as f32).sqrt();
    for i in range.clone() {
        s.emit(T::SpanWord, &v.norm[i], scale);
        if i < last {
            s.emit2(T::SpanBigram, &v.norm[i], &v.norm[i + 1], scale);
        }
    }
    s.emit(T::SpanFirst, &v.norm[first], 1.0);
    s.emit(T::SpanLast, &v.norm[last], 1.0);
    s.emit(T::SpanLength, bucket(len), 1.0);
    let sent = &v.sentences[v.tokens[first].sentence];
    for k in 1..=2 {
        let before = first.checked_sub(k).filter(|&j| j >= sent.first).map_or("<s>", |j| v.norm[j].as_str());
        s.emit2(T::SpanBefore, &k.to_string(), before, 1.0);
        let j = last + k;
        let after = if j < sent.last { v.norm[j].as_str() } else { "</s>" };
        s.emit2(T::SpanAfter, &k.to_string(), after, 1.0);
    }
    let repeats = occurrences(v, range.clone());
    s.emit(T::SpanRepeats, bucket(repeats), 1.0);
    let max_word = range.clone().map(|i| v.word_count[i]).max().unwrap_or(0);
    s.emit(T::SpanWordRepeats, bucket(max_word as usize), 1.0);
    let sent_len = sent.last - sent.first;
    let share = len as f32 / sent_len.max(1) as f32;
    let share_bucket = match share {
        x if x >= 0.9 => "all",
        x if x >= 0.6 => "most",
        x if x >= 0.3 => "part",
        _ => "small",
    };
    s.emit(T::SpanSentenceShare, share_bucket, 1.0);
    for i in range.clone() {
        if matches!(v.norm[i].as_str(), "?" | "!" | "\"") {
            s.emit(T::SpanPunct, &v.norm[i], 1.0);
        }
    }
    let flags = v.sentence_flags[v.tokens[first].sentence];
    if flags.asks {
        s.emit(T::SentenceAsks, "", 1.0);
    }
    if flags.exclaims {
        s.emit(T::SentenceExclaims, "", 1.0);
    }
    if v.in_quotes[first] {
        s.emit(T::InQuotes, "", 1.0);
    }
    if sent.line == 0 {
        s.emit(T::Title, "", 1.0);
    }
    let caps = range.clone().filter(|&i| v.tokens[i].text(v.doc.text()).starts_with(char::is_uppercase)).count();
    if caps * 2 > len {
        s.emit(T::Capitalised, "", 1.0);
    }
}
