//! Splits a text into the tokens the grammar reads: words, digit runs and
//! single punctuation marks, each with its byte range and its meaning.

use crate::lexicon::{Lex, classify};

/// One token: byte range in the text, meaning, and layout facts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub lex: Lex,
    /// The first letter is uppercase.
    pub cap: bool,
    /// A line break lies between the previous token and this one.
    pub nl: bool,
}

/// Words longer than this are never time words and are not lowercased.
const MAX_WORD: usize = 15;

/// Tokenises `text` in one pass.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut toks = Vec::with_capacity(text.len() / 5 + 1);
    let mut nl = false;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            nl |= c == '\n' || c == '\r';
            continue;
        }
        let tok = if c.is_ascii_digit() {
            let mut end = start + 1;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
            let digits = &text[start..end];
            let len = u8::try_from(digits.len()).unwrap_or(u8::MAX);
            // Numbers too long for a u32 are never dates or amounts of time.
            let value = if digits.len() <= 9 {
                digits.parse().unwrap_or(u32::MAX)
            } else {
                u32::MAX
            };
            let mut lex = Lex::Digits { value, len };
            // "1st", "22nd": an ordinal when the suffix ends the word.
            if let Some(suffix) = text.get(end..end + 2)
                && matches!(
                    suffix.to_ascii_lowercase().as_str(),
                    "st" | "nd" | "rd" | "th"
                )
                && !text[end + 2..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            {
                end += 2;
                lex = Lex::Ordinal(value);
            }
            Tok {
                start,
                end,
                lex,
                cap: false,
                nl,
            }
        } else if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            Tok {
                start,
                end,
                lex: word_lex(&text[start..end]),
                cap: c.is_uppercase(),
                nl,
            }
        } else {
            Tok {
                start,
                end: start + c.len_utf8(),
                lex: Lex::Punct(c),
                cap: false,
                nl,
            }
        };
        // Skip the bytes a digit token consumed beyond its first character.
        while chars.peek().is_some_and(|&(i, _)| i < tok.end) {
            chars.next();
        }
        nl = false;
        toks.push(tok);
    }
    toks
}

fn word_lex(word: &str) -> Lex {
    if word.len() > MAX_WORD || !word.is_ascii() {
        return Lex::Word;
    }
    let mut buf = [0u8; MAX_WORD];
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    // Invariant: an ASCII word stays valid UTF-8 once lowercased.
    std::str::from_utf8(lower).map_or(Lex::Word, classify)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Kw, Unit};

    #[test]
    fn tokens_carry_meaning_and_byte_ranges() {
        let text = "On “Aug. 7th” José left,\n3 days ago 🦊 1990s";
        let toks = tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(
            words,
            [
                "On", "“", "Aug", ".", "7th", "”", "José", "left", ",", "3", "days", "ago", "🦊",
                "1990", "s"
            ]
        );
        assert_eq!(
            toks[2].lex,
            Lex::Month {
                month: 8,
                loose: false
            }
        );
        assert_eq!(toks[4].lex, Lex::Ordinal(7));
        assert_eq!(toks[0].lex, Lex::Kw(Kw::On));
        assert!(toks[0].cap && !toks[7].cap);
        assert!(toks[9].nl && !toks[10].nl);
        assert_eq!(
            toks[10].lex,
            Lex::Unit {
                unit: Unit::Day,
                plural: true
            }
        );
        assert_eq!(
            toks[13].lex,
            Lex::Digits {
                value: 1990,
                len: 4
            }
        );
        assert_eq!(toks[14].start, toks[13].end);
    }

    #[test]
    fn huge_numbers_do_not_overflow() {
        let toks = tokenize("99999999999999999999999 12345678901");
        assert_eq!(
            toks[0].lex,
            Lex::Digits {
                value: u32::MAX,
                len: 23
            }
        );
        assert_eq!(toks.len(), 2);
    }
}
