//! Evidence in a reader's words. Every item points at something in the
//! text (a word or phrase of the fragment, the sentence it is in, a count
//! of repetitions with where the first one is) and says why it persuades:
//! "“ringleader” labels a person or group", "“terrorist group” appears 4
//! times, first in paragraph 1". Cues of hashed features that are no such
//! reason (word endings, other words of the sentence, cluster ids) are
//! never shown.
//!
//! The text-level cues ([`repetition`], [`lexicon_cues`]) serve every
//! tier; [`Cues`] phrases the named features of the linear models.
//!
//! ```
//! use slant_model::evidence::{lexicon_cues, repetition};
//! use slant_model::repetition::Repeats;
//! use slant_text::{Document, Span};
//!
//! let doc = Document::from_bytes("x", b"The cult lies.\nThe cult lies again.").unwrap();
//! assert_eq!(repetition(&doc, &Repeats::new(&doc), Span::new(19, 23)).unwrap(), "“cult” appears 2 times, first in paragraph 1");
//! assert_eq!(lexicon_cues("the cult's ringleader", 2), ["“cult” labels a person or group", "“ringleader” labels a person or group"]);
//! ```

use std::ops::Range;

use slant_text::{Document, Span, Technique};

use crate::features::{is_stopword, lexicon, DocView, NamedSink, Template};
use crate::repetition::Repeats;

/// Longest quotation of the text in an evidence item, in chars.
const QUOTE_CHARS: usize = 48;

/// `text` in curly quotes, on one line, cut at a word past
/// [`QUOTE_CHARS`] with an ellipsis.
pub fn quote(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= QUOTE_CHARS {
        return format!("“{flat}”");
    }
    let cut: String = flat.chars().take(QUOTE_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("“{cut}…”")
}

/// How often the text of `span` occurs in the article and where it first
/// did: "“terrorist group” appears 4 times, first in paragraph 1", or "…
/// appears 3 times; this is the first" on the first. `None` when the text
/// occurs once.
pub fn repetition(doc: &Document, repeats: &Repeats, span: Span) -> Option<String> {
    let o = repeats.of(span).filter(|o| o.count > 1)?;
    let text = quote(doc.slice(span)?);
    Some(if o.before > 0 {
        format!("{text} appears {} times, first in {}", o.count, repeats.place(o.first))
    } else {
        format!("{text} appears {} times; this is the first", o.count)
    })
}

/// The words of `text` (a fragment) that belong to a class of the lexicon,
/// each with its class's reason, at most `n`, in text order.
pub fn lexicon_cues(text: &str, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-'))) {
        let word = word.trim_matches(|c: char| matches!(c, '\'' | '’' | '-'));
        let norm = word.to_lowercase().replace('’', "'");
        // "cult's" is "cult" for the lexicon.
        let stem = norm.strip_suffix("'s").unwrap_or(&norm);
        let found = lexicon::classes(&norm).next().or_else(|| lexicon::classes(stem).next());
        if let Some(reason) = found.and_then(lexicon::reason) {
            let cue = format!("{} {reason}", quote(word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).unwrap_or(word)));
            if !out.contains(&cue) {
                out.push(cue);
            }
        }
        if out.len() == n {
            break;
        }
    }
    out
}

/// Whether a template's features can be told as a reader's reason: the
/// fragment's own words and phrases, the lexicon, repetition counts,
/// quotation marks, questions, exclamations and the headline. Suffixes,
/// context words, shapes, positions and clusters cannot.
pub fn readable(t: Template) -> bool {
    use Template as T;
    matches!(
        t,
        T::Word
            | T::SpanWord
            | T::SpanFirst
            | T::SpanLast
            | T::SentenceWord
            | T::BigramLeft
            | T::BigramRight
            | T::SpanBigram
            | T::Lexicon
            | T::WordRepeats
            | T::BigramRepeats
            | T::SpanRepeats
            | T::SpanWordRepeats
            | T::SpanRepeatsBefore
            | T::InQuotes
            | T::SentenceExclaims
            | T::SentenceAsks
            | T::Title
            | T::SpanPunct
    )
}

/// Phrases the named features of one fragment (tokens `tokens` of `v`) as
/// reasons.
#[derive(Debug)]
pub struct Cues<'v, 'a> {
    /// The document's view.
    pub v: &'v DocView<'a>,
    /// Its repetition index.
    pub repeats: &'v Repeats,
    /// The fragment's tokens.
    pub tokens: Range<usize>,
    /// The fragment.
    pub span: Span,
    /// Whether the fragment is its whole sentence (then the sentence's
    /// words are its own).
    pub whole_sentence: bool,
    /// [`Cues::repetition`], once computed (several cues ask for it).
    repeated: std::cell::OnceCell<Option<String>>,
}

impl<'v, 'a> Cues<'v, 'a> {
    /// The `n` readable features of `sink` that add most to a score
    /// (`weight` of a feature index, times its value), each phrased as a
    /// reason; `technique` says what the weights score (`None`: that the
    /// fragment is propaganda at all).
    pub fn top(&self, sink: &NamedSink, weight: impl Fn(u32) -> f32, n: usize, technique: Option<Technique>) -> Vec<String> {
        // Sum contributions per (template, bucket): one entry per distinct
        // cue; the (slower) phrasing waits until the sums are known.
        let mut parts: Vec<((Template, u32), f32, usize)> = sink
            .features
            .iter()
            .enumerate()
            .filter(|(_, f)| readable(f.template))
            .map(|(i, f)| ((f.template, f.index), weight(f.index) * f.value, i))
            .collect();
        parts.sort_unstable_by_key(|p| (p.0, p.2));
        let mut sums: Vec<((Template, u32), f32, usize)> = Vec::with_capacity(parts.len());
        for (key, c, i) in parts {
            match sums.last_mut() {
                Some((k, sum, _)) if *k == key => *sum += c,
                _ => sums.push((key, c, i)),
            }
        }
        sums.retain(|s| s.1 > 0.05);
        sums.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.2.cmp(&b.2)));
        let mut out: Vec<String> = Vec::new();
        for (_, _, i) in sums {
            let f = &sink.features[i];
            if let Some(text) = self.phrase(f.template, sink.key(f), technique)
                && !out.contains(&text)
            {
                out.push(text);
            }
            if out.len() == n {
                break;
            }
        }
        out
    }

    /// One feature as a reason, or `None` where it points at nothing in
    /// the fragment.
    pub fn phrase(&self, template: Template, key: &str, technique: Option<Technique>) -> Option<String> {
        use Template as T;
        let view = self.v;
        match template {
            T::SentenceWord if !self.whole_sentence => None,
            T::Word | T::SpanWord | T::SpanFirst | T::SpanLast | T::SentenceWord => {
                let i = self.tokens.clone().find(|&i| view.norm[i] == key && meaningful(key))?;
                Some(self.word(i, technique))
            }
            T::BigramLeft | T::BigramRight | T::SpanBigram => {
                let (first, second) = key.split_once(' ')?;
                if !meaningful(key) {
                    return None;
                }
                let i = (self.tokens.start..self.tokens.end.saturating_sub(1)).find(|&i| view.norm[i] == first && view.norm[i + 1] == second)?;
                Some(learnt(&self.surface(i..i + 2), technique))
            }
            T::Lexicon => {
                let i = self.tokens.clone().find(|&i| lexicon::classes(&view.norm[i]).any(|c| c == key))?;
                Some(format!("{} {}", self.surface(i..i + 1), lexicon::reason(key)?))
            }
            T::WordRepeats | T::BigramRepeats | T::SpanRepeats | T::SpanWordRepeats | T::SpanRepeatsBefore => self.repetition(),
            T::InQuotes if key != "none" && self.tokens.clone().any(|i| view.in_quotes[i]) => Some("inside quotation marks".to_owned()),
            T::SentenceExclaims => Some("in an exclamation".to_owned()),
            T::SentenceAsks => Some("in a question".to_owned()),
            T::Title => Some("in the headline".to_owned()),
            T::SpanPunct if matches!(key, "!" | "?") => Some(format!("contains “{key}”")),
            _ => None,
        }
    }

    /// The cues of the fragment `span` (tokens `tokens` of `v`).
    pub fn new(v: &'v DocView<'a>, repeats: &'v Repeats, tokens: Range<usize>, span: Span, whole_sentence: bool) -> Self {
        Self { v, repeats, tokens, span, whole_sentence, repeated: std::cell::OnceCell::new() }
    }

    /// The repetition of the fragment's text, else of its most repeated
    /// content word.
    pub fn repetition(&self) -> Option<String> {
        self.repeated
            .get_or_init(|| {
                let doc = self.v.doc;
                repetition(doc, self.repeats, self.span).or_else(|| {
                    let i = self
                        .tokens
                        .clone()
                        .filter(|&i| self.v.is_content(i) && self.v.word_count[i] > 1)
                        .max_by_key(|&i| (self.v.word_count[i], std::cmp::Reverse(i)))?;
                    repetition(doc, self.repeats, self.v.tokens[i].span)
                })
            })
            .clone()
    }

    /// Token `i` as a reason: its lexicon class's, else what the training
    /// articles taught.
    fn word(&self, i: usize, technique: Option<Technique>) -> String {
        let surface = self.surface(i..i + 1);
        match lexicon::classes(&self.v.norm[i]).next().and_then(lexicon::reason) {
            Some(reason) => format!("{surface} {reason}"),
            None => learnt(&surface, technique),
        }
    }

    /// Tokens `range` as the article writes them, quoted.
    fn surface(&self, range: Range<usize>) -> String {
        let v = self.v;
        let (a, b) = (v.tokens[range.start].byte_start, v.tokens[range.end - 1].byte_end);
        quote(&v.doc.text()[a..b])
    }
}

/// A word or phrase the weights learnt from the training articles.
fn learnt(surface: &str, technique: Option<Technique>) -> String {
    match technique {
        Some(t) => format!("{surface} is often {} in the training articles", t.name().to_lowercase()),
        None => format!("{surface} is often part of propaganda in the training articles"),
    }
}

/// Whether a feature key says something on its own: not only function
/// words, punctuation or sentence markers.
fn meaningful(key: &str) -> bool {
    key.split(' ').any(|w| w.chars().any(char::is_alphabetic) && !is_stopword(w) && !w.starts_with('<'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_one_line_and_cut_at_a_word() {
        assert_eq!(quote("the\nterrorist  group"), "“the terrorist group”");
        let long = quote("a highly trusted veteran who used to serve the ringleader as her interpreter");
        assert_eq!(long, "“a highly trusted veteran who used to serve the…”");
    }

    #[test]
    fn lexicon_words_carry_their_reason() {
        assert_eq!(
            lexicon_cues("The MKO ringleader’s horrendous, so-called “trial”", 5),
            [
                "“ringleader” labels a person or group",
                "“horrendous” is an emotionally loaded word",
                "“so-called” casts doubt on what it qualifies"
            ]
        );
        assert_eq!(lexicon_cues("terrorist terrorists", 1), ["“terrorist” labels a person or group"]);
        assert!(lexicon_cues("a table", 3).is_empty());
    }

    #[test]
    fn features_are_phrased_as_reasons_or_not_at_all() {
        use Template as T;
        let text = "Rebels\n\nThe terrorist group met.\nThe ringleader of the terrorist group is “horrendous”!\nThe terrorist group left.";
        let doc = Document::from_bytes("t", text.as_bytes()).unwrap();
        let v = DocView::new(&doc);
        let repeats = Repeats::new(&doc);
        let at = |needle: &str, nth: usize| {
            let byte = text.match_indices(needle).nth(nth).unwrap().0;
            let start = text[..byte].chars().count();
            Span::new(start, start + needle.chars().count())
        };
        let cues = |span: Span| Cues::new(&v, &repeats, v.token_range(span), span, false);
        let group = cues(at("terrorist group", 1));
        let ring = cues(at("ringleader", 0));
        let loaded = cues(at("horrendous", 0));
        assert_eq!(group.phrase(T::SpanRepeats, "3", None).unwrap(), "“terrorist group” appears 3 times, first in paragraph 1");
        assert_eq!(cues(at("terrorist group", 0)).repetition().unwrap(), "“terrorist group” appears 3 times; this is the first");
        assert_eq!(group.phrase(T::Lexicon, "labelling", None).unwrap(), "“terrorist” labels a person or group");
        assert_eq!(ring.phrase(T::Word, "ringleader", None).unwrap(), "“ringleader” labels a person or group");
        assert_eq!(group.phrase(T::SpanBigram, "terrorist group", Some(Technique::NameCallingLabeling)).unwrap(),
            "“terrorist group” is often name calling / labeling in the training articles");
        assert_eq!(loaded.phrase(T::InQuotes, "", None).unwrap(), "inside quotation marks");
        assert_eq!(loaded.phrase(T::SentenceExclaims, "", None).unwrap(), "in an exclamation");
        // Word endings, context words, words outside the fragment, function
        // words and clusters are no reasons.
        assert_eq!(loaded.phrase(T::Suffix, "ous", None), None);
        assert_eq!(ring.phrase(T::SentenceWord, "group", None), None);
        assert_eq!(ring.phrase(T::Word, "group", None), None);
        assert_eq!(group.phrase(T::BigramLeft, "the terrorist", None), None, "“the” lies outside the fragment");
        assert_eq!(ring.phrase(T::Cluster, "c12", None), None);
        assert_eq!(cues(at("met", 0)).repetition(), None, "said once");
    }
}
