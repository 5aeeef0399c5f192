//! Features of one token, for span identification.

use crate::tokenize::TokenKind;

use super::{DocView, Sink, Template as T};

/// A coarse bucket of a count, so counts generalise.
pub(crate) fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=5 => "4-5",
        6..=8 => "6-8",
        9..=12 => "9-12",
        13..=20 => "13-20",
        21..=40 => "21-40",
        _ => "41+",
    }
}

/// The shape of a word: `Xx`, `x`, `X`, `0`, or the character itself.
pub(crate) fn shape(text: &str, kind: TokenKind) -> &str {
    match kind {
        TokenKind::Number => "0",
        TokenKind::Punct => text,
        TokenKind::Word => {
            let mut chars = text.chars();
            let first_upper = chars.next().is_some_and(char::is_uppercase);
            let rest_upper = text.chars().skip(1).any(char::is_uppercase);
            let rest_lower = text.chars().skip(1).any(char::is_lowercase);
            match (first_upper, rest_upper, rest_lower) {
                (true, true, false) => "X",
                (true, _, true) => "Xx",
                (true, false, false) => "X1",
                _ => "x",
            }
        }
    }
}

/// Writes the features of token `i` of `v` into `s`.
pub fn token_features<S: Sink>(v: &DocView<'_>, i: usize, s: &mut S) {
    token_sparse_features(v, i, s);
    token_dense_features(v, i, s);
}

/// [`token_features`] less the embedding.
pub fn token_sparse_features<S: Sink>(v: &DocView<'_>, i: usize, s: &mut S) {
    let tok = &v.tokens[i];
    let sent = &v.sentences[tok.sentence];
    let word = |j: isize| -> &str {
        let k = i as isize + j;
        if k < sent.first as isize {
            "<s>"
        } else if k >= sent.last as isize {
            "</s>"
        } else {
            v.norm[k as usize].as_str()
        }
    };
    let (w0, p1, n1, p2, n2) = (word(0), word(-1), word(1), word(-2), word(2));
    s.emit(T::Bias, "", 1.0);
    s.emit(T::Word, w0, 1.0);
    s.emit(T::PrevWord, p1, 1.0);
    s.emit(T::NextWord, n1, 1.0);
    s.emit(T::Prev2Word, p2, 1.0);
    s.emit(T::Next2Word, n2, 1.0);
    s.emit2(T::BigramLeft, p1, w0, 1.0);
    s.emit2(T::BigramRight, w0, n1, 1.0);
    if w0.len() > 4 {
        let cut = w0.char_indices().rev().nth(2).map_or(0, |(b, _)| b);
        s.emit(T::Suffix, &w0[cut..], 1.0);
    }
    s.emit(T::Shape, shape(tok.text(v.doc.text()), tok.kind), 1.0);
    if v.in_quotes[i] {
        s.emit(T::InQuotes, "", 1.0);
    }
    if v.word_count[i] >= 2 {
        s.emit(T::WordRepeats, bucket(v.word_count[i] as usize), 1.0);
    }
    let bigram = v.bigram_count[i].max(if i > 0 { v.bigram_count[i - 1] } else { 0 });
    if bigram >= 2 {
        s.emit(T::BigramRepeats, bucket(bigram as usize), 1.0);
    }
    let pos = i - sent.first;
    let len = sent.last - sent.first;
    let rel = match (pos, len - pos - 1) {
        (0, _) => "first",
        (_, 0) => "last",
        _ if pos * 3 < len => "early",
        _ if pos * 3 < 2 * len => "middle",
        _ => "late",
    };
    s.emit(T::Position, rel, 1.0);
    for class in super::lexicon::classes(w0) {
        s.emit(T::Lexicon, class, 1.0);
    }
    token_clusters(v, i, s);
}

/// The embedding of token `i` as dense features (none without a table).
pub fn token_dense_features<S: Sink>(v: &DocView<'_>, i: usize, s: &mut S) {
    if let Some(e) = v.embedding.as_ref().filter(|_| s.wants_dense()) {
        let mut stack = [0.0f32; 512];
        let mut heap = Vec::new();
        let buf: &mut [f32] = if e.table.dim <= stack.len() {
            &mut stack
        } else {
            heap.resize(e.table.dim, 0.0);
            &mut heap
        };
        let m = e.pieces.mean_into(&e.table, i..i + 1, buf);
        s.dense_slice(0, m, TOKEN_EMBEDDING_SCALE);
    }
}

/// Scale of a token's own embedding as features.
pub const TOKEN_EMBEDDING_SCALE: f32 = super::sentence::EMBEDDING_SCALE * 0.5;

fn token_clusters<S: Sink>(v: &DocView<'_>, i: usize, s: &mut S) {
    let sent = &v.sentences[v.tokens[i].sentence];
    if let Some(c) = v.cluster(i) {
        s.emit(T::Cluster, cluster_name(c), 1.0);
        if i > sent.first
            && let Some(p) = v.cluster(i - 1) {
                s.emit(T::PrevCluster, cluster_name(p), 1.0);
            }
        if i + 1 < sent.last
            && let Some(n) = v.cluster(i + 1) {
                s.emit(T::NextCluster, cluster_name(n), 1.0);
            }
    }
}

/// The feature key of cluster `c` (built once, not per token).
pub(crate) fn cluster_name(c: u16) -> &'static str {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| (0..=u16::MAX).map(|i| format!("c{i}")).collect());
    &names[usize::from(c)]
}

/// Writes the features shared by every token of sentence `k` into `s`:
/// its content words and its punctuation. A linear model scores them once
/// per sentence.
pub fn sentence_features<S: Sink>(v: &DocView<'_>, k: usize, s: &mut S) {
    let sent = &v.sentences[k];
    let flags = v.sentence_flags[k];
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
    s.emit(T::SentenceLength, bucket(sent.last - sent.first), 1.0);
    let content: Vec<&str> = (sent.first..sent.last).filter(|&i| v.is_content(i)).map(|i| v.norm[i].as_str()).collect();
    let scale = 1.0 / (content.len().max(1) as f32).sqrt();
    for w in content {
        s.emit(T::SentenceWord, w, scale);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{NamedSink, Template};
    use crate::space::FeatureSpace;
    use slant_text::Document;

    #[test]
    fn emits_context_and_repetition() {
        let doc = Document::from_bytes("t", "The horrendous prison. The horrendous camp!".as_bytes()).unwrap();
        let v = DocView::new(&doc);
        let mut sink = NamedSink::new(FeatureSpace { hash_bits: 18, dense: 0 });
        token_features(&v, 1, &mut sink);
        let has = |t: Template, k: &str| sink.features.iter().any(|f| f.template == t && sink.key(f) == k);
        assert!(has(Template::Word, "horrendous"));
        assert!(has(Template::PrevWord, "the"));
        assert!(has(Template::Prev2Word, "<s>"));
        assert!(has(Template::BigramRight, "horrendous prison"));
        assert!(has(Template::WordRepeats, "2"));
        assert!(has(Template::Suffix, "ous"));
    }
}
