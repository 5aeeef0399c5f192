//! Features of a whole sentence, for the sentence-level propaganda score.

use super::token::bucket;
use super::{DocView, EMBEDDING_SCALE, Sink, Template as T};

/// Writes the features of sentence `k` of `v` into `s`.
pub fn sentence_level_features<S: Sink>(v: &DocView<'_>, k: usize, s: &mut S) {
    let sent = &v.sentences[k];
    let flags = v.sentence_flags[k];
    s.emit(T::Bias, "", 1.0);
    if flags.has_quote {
        s.emit(T::SentenceHasQuote, "", 1.0);
    }
    if flags.exclaims {
        s.emit(T::SentenceExclaims, "", 1.0);
    }
    if flags.asks {
        s.emit(T::SentenceAsks, "", 1.0);
    }
    if sent.title {
        s.emit(T::Title, "", 1.0);
    }
    let len = sent.last - sent.first;
    s.emit(T::SentenceLength, bucket(len), 1.0);
    let scale = 1.0 / (len.max(1) as f32).sqrt();
    let mut max_repeat = 0;
    for i in sent.first..sent.last {
        s.emit(T::SentenceWord, &v.norm[i], scale);
        if i + 1 < sent.last {
            s.emit2(T::BigramLeft, &v.norm[i], &v.norm[i + 1], scale);
        }
        max_repeat = max_repeat.max(v.word_count[i]);
    }
    s.emit(T::WordRepeats, bucket(max_repeat as usize), 1.0);
    s.emit(T::SpanFirst, &v.norm[sent.first], 1.0);
    let mut classes: Vec<&str> = (sent.first..sent.last).flat_map(|i| super::lexicon::classes(&v.norm[i])).collect();
    classes.sort_unstable();
    classes.dedup();
    for class in classes {
        s.emit(T::Lexicon, class, 1.0);
    }
    let quoted = (sent.first..sent.last).filter(|&i| v.in_quotes[i]).count();
    let share = match quoted * 4 / len.max(1) {
        0 => "none",
        1 => "some",
        2 => "half",
        _ => "most",
    };
    s.emit(T::InQuotes, share, 1.0);
    let position = match k {
        0 => "0",
        1..=2 => "1-2",
        3..=6 => "3-6",
        7..=15 => "7-15",
        _ => "16+",
    };
    s.emit(T::Position, position, 1.0);
    if let Some(m) = s.wants_dense().then(|| v.sentence_mean(k)).flatten() {
        s.dense_slice(0, m, EMBEDDING_SCALE);
    }
}


/// Writes the features of the whole document (its distinct content words),
/// shared by all its sentences: they let the model learn how prone a kind of
/// article is to propaganda.
pub fn document_features<S: Sink>(v: &DocView<'_>, s: &mut S) {
    let mut words: Vec<&str> = (0..v.tokens.len()).filter(|&i| v.is_content(i)).map(|i| v.norm[i].as_str()).collect();
    words.sort_unstable();
    words.dedup();
    let scale = 1.0 / (words.len().max(1) as f32).sqrt();
    for w in words {
        s.emit(T::DocWord, w, scale);
    }
}
