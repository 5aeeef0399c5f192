//! A candidate mention (before clustering) and the view of the text the
//! rules share: words, their folded forms, and shape tests.

use crate::actor::{How, Kind};
use crate::lexicon::Gender;
use crate::normalize::fold;
use crate::tokens::{Token, tokenize};

/// Evidence for a kind, with a weight.
pub(crate) type KindVote = (Kind, u8);

/// Strong evidence (a gazetteer entry, a title, an organisation word).
pub(crate) const STRONG: u8 = 4;
/// Medium evidence (a place noun after the name).
pub(crate) const MEDIUM: u8 = 2;
/// A default.
pub(crate) const WEAK: u8 = 1;

/// A candidate mention over words `first..=last`.
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    pub first: usize,
    pub last: usize,
    pub how: How,
    /// Kind evidence from the words themselves.
    pub kind: Option<KindVote>,
    pub gender: Option<Gender>,
    /// Words of a title written before the name ("the then President, X"
    /// or "Prime Minister X").
    pub title: Option<(usize, usize)>,
    /// For descriptions: the kind of actor they can refer to.
    pub refers_to: Option<Kind>,
    /// The short form of an acronym definition made here.
    pub defines: bool,
    /// The acronym stands for a thing, not an actor ("AI (artificial
    /// intelligence)"): its long form has no capital.
    pub concept: bool,
}

impl Cand {
    pub(crate) fn new(first: usize, last: usize, how: How) -> Self {
        Self {
            first,
            last,
            how,
            kind: None,
            gender: None,
            title: None,
            refers_to: None,
            defines: false,
            concept: false,
        }
    }
}

/// The text and its words, shared by every rule.
pub(crate) struct Words<'t> {
    pub text: &'t str,
    pub toks: Vec<Token>,
    /// Folded (lowercase, accent-free) form of each word.
    pub low: Vec<String>,
}

impl<'t> Words<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let toks = tokenize(text);
        let low = toks.iter().map(|t| fold(&text[t.start..t.end])).collect();
        Self { text, toks, low }
    }

    pub(crate) fn len(&self) -> usize {
        self.toks.len()
    }

    /// The word as written.
    pub(crate) fn word(&self, i: usize) -> &'t str {
        let t = &self.toks[i];
        &self.text[t.start..t.end]
    }

    /// The text between word `i` and word `i + 1` (possessive marks included).
    pub(crate) fn gap_after(&self, i: usize) -> &'t str {
        let end = self.toks[i].end;
        let next = self.toks.get(i + 1).map_or(self.text.len(), |t| t.start);
        &self.text[end..next]
    }

    /// Whether words `i` and `i + 1` are separated by spaces only (and word
    /// `i` carries no possessive).
    pub(crate) fn joined(&self, i: usize) -> bool {
        i + 1 < self.len()
            && !self.toks[i].possessive
            && self.gap_after(i).chars().all(|c| c == ' ' || c == '\u{a0}')
            && self.toks[i].sent == self.toks[i + 1].sent
    }

    /// The text of words `first..=last`.
    pub(crate) fn span_text(&self, first: usize, last: usize) -> &'t str {
        &self.text[self.toks[first].start..self.toks[last].end]
    }

    /// Whether the word starts with a capital (or is "al-Assad"-like).
    pub(crate) fn is_cap(&self, i: usize) -> bool {
        let w = self.word(i);
        let mut cs = w.chars();
        match cs.next() {
            Some(c) if c.is_uppercase() => {}
            Some(_) => {
                // "al-Baghdadi", "el-Sisi", "bin-Laden": a particle then a capital.
                // Particles are at most three letters: look no further.
                let Some(dash) = w.bytes().take(4).position(|b| b == b'-') else {
                    return false;
                };
                let (pre, rest) = (&w[..dash], &w[dash + 1..]);
                return matches!(
                    pre,
                    "al" | "el" | "ad" | "as" | "ash" | "an" | "ar" | "at" | "az" | "ibn" | "bin"
                ) && rest.chars().next().is_some_and(char::is_uppercase);
            }
            None => return false,
        }
        // "US-backed", "Iran-based": a capital, then a lowercase English word.
        !w.split('-')
            .skip(1)
            .any(|p| p.chars().count() >= 3 && p.chars().all(char::is_lowercase))
    }

    /// Whether the word looks like an acronym: 2 to 10 characters, at least
    /// two capitals and no lowercase letter but a plural "s".
    pub(crate) fn is_acronym(&self, i: usize) -> bool {
        is_acronym_word(self.word(i))
    }
}

/// See [`Words::is_acronym`].
pub(crate) fn is_acronym_word(w: &str) -> bool {
    let w = w.strip_suffix('s').unwrap_or(w);
    let n = w.chars().count();
    let upper = w.chars().filter(|c| c.is_uppercase()).count();
    (2..=10).contains(&n)
        && upper >= 2
        && w.chars().next().is_some_and(char::is_uppercase)
        && w.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '&'))
        && !is_roman_numeral(w)
}

fn is_roman_numeral(w: &str) -> bool {
    w.len() <= 4 && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let w = Words::new("US-backed al-Assad Mojahedin-e MKO NGOs II AT&T Iran-Iraq ms");
        let caps: Vec<bool> = (0..w.len()).map(|i| w.is_cap(i)).collect();
        assert_eq!(
            caps,
            [false, true, true, true, true, true, true, true, false]
        );
        let acr: Vec<bool> = (0..w.len()).map(|i| w.is_acronym(i)).collect();
        assert_eq!(
            acr,
            [false, false, false, true, true, false, true, false, false]
        );
    }
}
