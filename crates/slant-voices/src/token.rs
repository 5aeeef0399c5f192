//! Words and marks with their code-point and byte offsets, one linear pass.
//!
//! Words keep their inner hyphens, apostrophes and dots ("O’Malley", "U.S.",
//! "3.2"); clitics split off as in the Penn Treebank ("He" + "’s", "do" +
//! "n’t") because `PolNeAR` spans start and end there. Every other mark is a
//! token of its own, except runs of one repeated mark ("...", "--").

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// One token. `start..end` are code points, `byte_start..byte_end` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    /// Whitespace lies between the previous token and this one.
    pub gap_before: bool,
    /// A line break lies between the previous token and this one.
    pub newline_before: bool,
}

impl Token {
    pub fn text(self, text: &str) -> &str {
        &text[self.byte_start..self.byte_end]
    }
}

/// Abbreviations that keep their final dot ("Mr.", "Sen.").
const ABBREVIATIONS: &str = "mr mrs ms dr jr sr st gov sen rep reps gen lt col sgt capt prof inc corp co ltd vs jan feb aug sept \
     oct nov dec mt ft rev hon pres no u.s u.n d.c u.k e.g i.e a.m p.m calif fla ill mass conn ariz mich \
     penn wis va";

/// Whether `word` is one of the space-separated words of `list` (word lists
/// are kept as one string, compact to read and edit).
pub(crate) fn listed(list: &'static str, word: &str) -> bool {
    // Each list becomes a set the first time a thread asks (a linear scan
    // of the longer lists was 8 % of the voices stage in `perf`).
    type Sets = HashMap<(usize, usize), HashSet<&'static str>>;
    thread_local! {
        static SETS: RefCell<Sets> = RefCell::new(HashMap::new());
    }
    SETS.with(|sets| {
        sets.borrow_mut()
            .entry((list.as_ptr() as usize, list.len()))
            .or_insert_with(|| list.split_ascii_whitespace().collect())
            .contains(word)
    })
}

struct Cursor<'a> {
    text: &'a str,
    byte: usize,
    ch: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.byte..].chars().next()
    }

    fn peek2(&self) -> Option<char> {
        let mut it = self.text[self.byte..].chars();
        it.next();
        it.next()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.byte += c.len_utf8();
            self.ch += 1;
        }
    }
}

fn is_connector(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '.' | ',' | '&' | '/' | ':' | '‐' | '‑')
}

/// Tokens of `text`, in order, non-overlapping, each non-empty.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut cur = Cursor { text, byte: 0, ch: 0 };
    let (mut gap, mut newline) = (false, false);
    while let Some(c) = cur.peek() {
        if c.is_whitespace() || c == '\u{feff}' {
            gap = true;
            newline |= matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}');
            cur.bump();
            continue;
        }
        let (bs, cs) = (cur.byte, cur.ch);
        cur.bump();
        if c.is_alphanumeric() {
            let mut last = c;
            while let Some(d) = cur.peek() {
                if d.is_alphanumeric() {
                    last = d;
                    cur.bump();
                    continue;
                }
                let next = cur.peek2();
                let joins = match d {
                    ',' | ':' => last.is_ascii_digit() && next.is_some_and(|e| e.is_ascii_digit()),
                    _ => is_connector(d) && next.is_some_and(char::is_alphanumeric),
                };
                if !joins {
                    break;
                }
                cur.bump();
                cur.bump();
                last = next.unwrap_or(d);
            }
            if cur.peek() == Some('.') && keeps_dot(&text[bs..cur.byte]) {
                cur.bump();
            }
            push_word(&mut out, text, (bs, cs), (cur.byte, cur.ch), gap, newline);
        } else {
            if matches!(c, '.' | '-' | '!' | '?' | '*' | '=' | '_' | '—' | '–' | '#' | '~') {
                while cur.peek() == Some(c) {
                    cur.bump();
                }
            }
            out.push(Token {
                start: cs,
                end: cur.ch,
                byte_start: bs,
                byte_end: cur.byte,
                gap_before: gap,
                newline_before: newline,
            });
        }
        gap = false;
        newline = false;
    }
    out
}

fn keeps_dot(word: &str) -> bool {
    if word.len() > 6 {
        return false;
    }
    let lower = word.to_ascii_lowercase();
    if listed(ABBREVIATIONS, &lower) {
        return true;
    }
    // Initials: "J", "U.S", "D.C".
    word.split('.').all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
}

/// Pushes a word, split before a clitic ending ("’s", "n’t", "’re", …).
fn push_word(
    out: &mut Vec<Token>,
    text: &str,
    (bs, cs): (usize, usize),
    (be, ce): (usize, usize),
    gap: bool,
    newline: bool,
) {
    let word = &text[bs..be];
    let split = clitic_len(word).filter(|&n| n < word.len());
    match split {
        Some(n) => {
            let cut_b = be - n;
            let cut_c = ce - word[word.len() - n..].chars().count();
            out.push(Token {
                start: cs,
                end: cut_c,
                byte_start: bs,
                byte_end: cut_b,
                gap_before: gap,
                newline_before: newline,
            });
            out.push(Token {
                start: cut_c,
                end: ce,
                byte_start: cut_b,
                byte_end: be,
                gap_before: false,
                newline_before: false,
            });
        }
        None => out.push(Token {
            start: cs,
            end: ce,
            byte_start: bs,
            byte_end: be,
            gap_before: gap,
            newline_before: newline,
        }),
    }
}

/// Byte length of a clitic ending of `word`, if it has one.
fn clitic_len(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    for apostrophe in ["'".as_bytes(), "’".as_bytes()] {
        for ending in ["s", "re", "ve", "ll", "d", "m", "t"] {
            let n = ending.len();
            let Some(apos_at) = b.len().checked_sub(n + apostrophe.len()) else {
                continue;
            };
            if !b[b.len() - n..].eq_ignore_ascii_case(ending.as_bytes())
                || &b[apos_at..apos_at + apostrophe.len()] != apostrophe
            {
                continue;
            }
            if ending != "t" {
                return Some(n + apostrophe.len());
            }
            // "n’t" needs a stem before it ("don’t" -> "do" + "n’t").
            if apos_at >= 2 && b[apos_at - 1].eq_ignore_ascii_case(&b'n') {
                return Some(n + apostrophe.len() + 1);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).into_iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn splits_words_marks_and_clitics() {
        assert_eq!(
            words("O’Malley’s campaign says: “We don’t.” He’s $3.2 million."),
            [
                "O’Malley",
                "’s",
                "campaign",
                "says",
                ":",
                "“",
                "We",
                "do",
                "n’t",
                ".",
                "”",
                "He",
                "’s",
                "$",
                "3.2",
                "million",
                "."
            ]
        );
        assert_eq!(words("Mr. Trump and the U.S. said..."), ["Mr.", "Trump", "and", "the", "U.S.", "said", "..."]);
        assert_eq!(words("800,000 at 10:30, well-known"), ["800,000", "at", "10:30", ",", "well-known"]);
    }

    #[test]
    fn offsets_are_code_points() {
        let text = "\u{feff}“José 🦊,” she said.\n\nÉté’s";
        let chars: Vec<char> = text.chars().collect();
        let toks = tokenize(text);
        for t in &toks {
            let by_chars: String = chars[t.start..t.end].iter().collect();
            assert_eq!(by_chars, t.text(text));
        }
        let she = toks.iter().find(|t| t.text(text) == "she").unwrap();
        assert!(she.gap_before && !she.newline_before);
        let ete = toks.iter().find(|t| t.text(text) == "Été").unwrap();
        assert!(ete.newline_before);
        assert_eq!(toks.last().unwrap().text(text), "’s");
    }

    #[test]
    fn empty_and_blank_give_nothing() {
        assert!(tokenize("").is_empty());
        assert!(tokenize(" \n\t").is_empty());
    }
}
