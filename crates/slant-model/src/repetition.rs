//! Where a fragment's words recur in its article, and the one decoding rule
//! that follows from it: a fragment is Repetition only where its text
//! occurred before. Every tier reports through [`RepetitionRule`], so the
//! rule has one copy.
//!
//! ```
//! use slant_model::repetition::{Repeats, RepetitionRule};
//! use slant_text::{Document, Span, Technique};
//!
//! let doc = Document::from_bytes("x", b"The cult lies. The cult lies again.").unwrap();
//! let repeats = Repeats::new(&doc);
//! let ranked = [(Technique::Repetition, 0.6), (Technique::NameCallingLabeling, 0.3)];
//! // The first "cult" is relabelled with the next technique...
//! assert_eq!(RepetitionRule::DEFAULT.report(&repeats, Span::new(4, 8), &ranked), Some(ranked[1]));
//! // ...the second keeps Repetition.
//! assert_eq!(RepetitionRule::DEFAULT.report(&repeats, Span::new(19, 23), &ranked), Some(ranked[0]));
//! ```

use slant_text::{Document, Span, Technique};

/// A document's text folded for matching (one lower-case char per char, so
/// positions stay code-point offsets) and where its paragraphs start.
#[derive(Debug, Clone)]
pub struct Repeats {
    folded: Vec<char>,
    /// Code-point offsets where a word (a run of alphanumeric chars) starts.
    word_starts: Vec<usize>,
    /// Code-point offset where each non-empty line starts.
    paragraphs: Vec<usize>,
    /// Whether the first line is a headline (a blank line follows it).
    titled: bool,
}

/// Where the text of one fragment occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrences {
    /// Occurrences in the article, this one included.
    pub count: usize,
    /// Occurrences that start before this one.
    pub before: usize,
    /// Code-point offset of the first occurrence.
    pub first: usize,
}

impl Repeats {
    /// Indexes `doc`.
    pub fn new(doc: &Document) -> Self {
        let folded: Vec<char> = doc.text().chars().map(fold).collect();
        let mut paragraphs = Vec::new();
        let mut line_start = 0;
        let mut lines = Vec::new();
        for (i, &c) in folded.iter().enumerate() {
            if c == '\n' {
                lines.push(line_start..i);
                line_start = i + 1;
            }
        }
        lines.push(line_start..folded.len());
        let blank = |r: &std::ops::Range<usize>| folded[r.clone()].iter().all(|c| c.is_whitespace());
        let titled = lines.len() > 2 && !blank(&lines[0]) && blank(&lines[1]);
        paragraphs.extend(lines.iter().filter(|r| !blank(r)).map(|r| r.start));
        let word_starts = (0..folded.len())
            .filter(|&i| folded[i].is_alphanumeric() && (i == 0 || !folded[i - 1].is_alphanumeric()))
            .collect();
        Self { folded, word_starts, paragraphs, titled }
    }

    /// Where the text of `span` occurs in the article, matched without
    /// regard to case and only as whole words ("terrorist" is not found in
    /// "terrorists"). `None` for an empty or out-of-bounds span.
    pub fn of(&self, span: Span) -> Option<Occurrences> {
        let needle = self.folded.get(span.start..span.end).filter(|n| !n.is_empty())?;
        let (word_start, word_end) = (needle[0].is_alphanumeric(), needle[needle.len() - 1].is_alphanumeric());
        let (mut count, mut before, mut first) = (0, 0, span.start);
        let last = self.folded.len() - needle.len();
        // A needle that starts a word can only match at word starts; the
        // first char is checked before the slice (this runs for every
        // reported span: a scan of every offset cost 40 % of the default
        // model's time).
        let (words, every) = if word_start {
            (&self.word_starts[..self.word_starts.partition_point(|&i| i <= last)], 0..0)
        } else {
            (&[][..], 0..last + 1)
        };
        for i in words.iter().copied().chain(every) {
            if self.folded[i] != needle[0]
                || self.folded[i..i + needle.len()] != *needle
                || (word_end && self.folded.get(i + needle.len()).is_some_and(|c| c.is_alphanumeric()))
            {
                continue;
            }
            if count == 0 {
                first = i;
            }
            count += 1;
            before += usize::from(i < span.start);
        }
        Some(Occurrences { count, before, first })
    }

    /// Where offset `at` lies, in a reader's words: "the headline" or
    /// "paragraph N" (non-empty lines, counted after the headline).
    pub fn place(&self, at: usize) -> String {
        let k = self.paragraphs.partition_point(|&p| p <= at).max(1) - 1;
        match (self.titled, k) {
            (true, 0) => "the headline".to_owned(),
            (true, k) => format!("paragraph {k}"),
            (false, k) => format!("paragraph {}", k + 1),
        }
    }
}

/// Folds a character for matching: its first lower-case char (one char
/// for one, so offsets survive), curly apostrophes as straight ones.
fn fold(c: char) -> char {
    match c {
        '’' | '‘' => '\'',
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

/// The decoding rule for Repetition: a fragment whose text did not occur
/// earlier in the article is not a repetition. Its next technique is
/// reported instead when the model gives it at least `relabel_min`, else
/// the fragment is dropped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RepetitionRule {
    /// The least probability of the next-ranked technique for a
    /// first occurrence to be relabelled rather than dropped.
    pub relabel_min: f32,
}

impl RepetitionRule {
    /// The rule as every tier applies it. 0.2: a second technique that the
    /// model gives one chance in five is worth a reader's look; the value
    /// was set by hand, not tuned (its effect on dev is in
    /// `docs/experiments.md`).
    pub const DEFAULT: Self = Self { relabel_min: 0.2 };

    /// The technique and probability to report for `span` ranked as
    /// `ranked` (most likely first), or `None` to drop the fragment.
    pub fn report(self, repeats: &Repeats, span: Span, ranked: &[(Technique, f32)]) -> Option<(Technique, f32)> {
        let &top = ranked.first()?;
        if top.0 != Technique::Repetition || repeats.of(span).is_some_and(|o| o.before > 0) {
            return Some(top);
        }
        ranked.get(1).copied().filter(|&(_, p)| p >= self.relabel_min)
    }

    /// For given spans (the TC task): moves Repetition to the end of the
    /// ranking of every span whose text did not occur earlier, so it is
    /// chosen only when nothing else is left.
    pub fn demote(self, repeats: &Repeats, span: Span, ranked: &mut [(Technique, f32)]) {
        if repeats.of(span).is_some_and(|o| o.before > 0) {
            return;
        }
        if let Some(k) = ranked.iter().position(|&(t, _)| t == Technique::Repetition) {
            ranked[k..].rotate_left(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The “Terrorist” Cult\n\nThe terrorist group’s terrorists met.\nTerrorist group, again: the TERRORIST GROUP’s men.\n";

    fn doc() -> Document {
        Document::from_bytes("t", TEXT.as_bytes()).unwrap()
    }

    fn span_of(needle: &str, nth: usize) -> Span {
        let byte = TEXT.match_indices(needle).nth(nth).unwrap().0;
        let start = TEXT[..byte].chars().count();
        Span::new(start, start + needle.chars().count())
    }

    #[test]
    fn counts_whole_words_without_case_and_finds_the_first_place() {
        let r = Repeats::new(&doc());
        let first = span_of("Terrorist", 0);
        assert_eq!(&TEXT.chars().skip(first.start).take(9).collect::<String>(), "Terrorist");
        // "terrorists" is another word; curly quotes around the first one do not hide it.
        assert_eq!(r.of(first), Some(Occurrences { count: 4, before: 0, first: first.start }));
        let later = span_of("TERRORIST GROUP’s", 0);
        let o = r.of(later).unwrap();
        assert_eq!((o.count, o.before), (2, 1), "curly and straight apostrophes match");
        assert_eq!(r.place(o.first), "paragraph 1");
        assert_eq!(r.place(first.start), "the headline");
        assert_eq!(r.place(later.start), "paragraph 2");
        assert_eq!(r.of(Span::new(3, 3)), None);
    }

    #[test]
    fn first_occurrences_are_relabelled_or_dropped() {
        let r = Repeats::new(&doc());
        let rule = RepetitionRule::DEFAULT;
        let (first, second) = (span_of("Cult", 0), span_of("terrorist group", 0));
        let strong = [(Technique::Repetition, 0.5), (Technique::NameCallingLabeling, 0.4)];
        let weak = [(Technique::Repetition, 0.9), (Technique::Doubt, 0.05)];
        assert_eq!(rule.report(&r, first, &strong), Some(strong[1]), "relabelled");
        assert_eq!(rule.report(&r, first, &weak), None, "dropped");
        assert_eq!(rule.report(&r, span_of("Terrorist group", 0), &weak), Some(weak[0]), "a later occurrence");
        assert_eq!(rule.report(&r, second, &weak), None, "the first of a repeated phrase");
        let other = [(Technique::Doubt, 0.9)];
        assert_eq!(rule.report(&r, first, &other), Some(other[0]), "other techniques pass");
        let mut ranked = [(Technique::Repetition, 0.5), (Technique::Doubt, 0.3), (Technique::Slogans, 0.2)];
        rule.demote(&r, first, &mut ranked);
        assert_eq!(ranked.map(|p| p.0), [Technique::Doubt, Technique::Slogans, Technique::Repetition]);
    }
}
