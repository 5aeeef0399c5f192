//! A fast word tokenizer that keeps exact offsets, and sentence boundaries.
//!
//! Words are runs of letters and digits, with inner apostrophes, hyphens and
//! dots kept (`don't`, `anti-Iran`, `U.S.`); every other visible character
//! is a token of its own. Sentences are lines (PTC stores one per line),
//! split further after `.`, `!` or `?` when a capitalised word follows.

use slant_text::{Document, Span};

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (and possibly digits or inner punctuation).
    Word,
    /// Starts with a digit.
    Number,
    /// A single punctuation or symbol character.
    Punct,
}

/// One token with its offsets in bytes and in code points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub byte_start: usize,
    /// Byte offset one past the last byte.
    pub byte_end: usize,
    /// Code-point span.
    pub span: Span,
    /// Kind of token.
    pub kind: TokenKind,
    /// Index of the sentence the token belongs to.
    pub sentence: usize,
}

impl Token {
    /// The token's text in `text` (the document it came from).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.byte_start..self.byte_end]
    }
}

/// A sentence: a range of tokens and its code-point span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// First token index.
    pub first: usize,
    /// One past the last token index.
    pub last: usize,
    /// Span from the first token's start to the last token's end.
    pub span: Span,
    /// Index of the line (0 = first line).
    pub line: usize,
    /// Whether the sentence is a headline: the first line, followed by a
    /// blank line (the PTC layout).
    pub title: bool,
}

/// A tokenized document.
#[derive(Debug, Clone)]
pub struct Tokens {
    /// The tokens in order.
    pub tokens: Vec<Token>,
    /// The sentences in order; every token belongs to exactly one.
    pub sentences: Vec<Sentence>,
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.' | '&')
}

/// Tokenizes `doc`.
pub fn tokenize(doc: &Document) -> Tokens {
    let text = doc.text();
    let index = doc.index();
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut sentences = Vec::new();
    let mut line = 0;
    let mut sent_first = 0;
    let mut break_pending = false;
    let mut iter = text.char_indices().peekable();
    let mut char_pos = 0usize;
    // Closes the current sentence before token `end`.
    let close = |sentences: &mut Vec<Sentence>, tokens: &[Token], first: usize, end: usize, line: usize| {
        if end > first {
            let span = Span::new(tokens[first].span.start, tokens[end - 1].span.end);
            sentences.push(Sentence { first, last: end, span, line, title: false });
        }
    };
    while let Some((b, c)) = iter.next() {
        let c_start = char_pos;
        char_pos += 1;
        if c == '\n' {
            close(&mut sentences, &tokens, sent_first, tokens.len(), line);
            sent_first = tokens.len();
            line += 1;
            break_pending = false;
            continue;
        }
        if c.is_whitespace() || c == '\u{feff}' || c.is_control() {
            continue;
        }
        let kind;
        let mut end_b = b + c.len_utf8();
        let mut end_c = c_start + 1;
        if c.is_alphanumeric() {
            kind = if c.is_ascii_digit() { TokenKind::Number } else { TokenKind::Word };
            loop {
                match iter.peek() {
                    Some(&(_, n)) if n.is_alphanumeric() => {}
                    Some(&(jb, j)) if is_joiner(j) => {
                        // Keep a joiner only when a letter or digit follows it.
                        let after = text[jb + j.len_utf8()..].chars().next();
                        if !after.is_some_and(char::is_alphanumeric) {
                            // "U.S." keeps its final dot when letters and dots alternate.
                            let word = &text[b..jb];
                            let dotted = j == '.' && word.len() <= 4 && word.contains('.');
                            if dotted {
                                iter.next();
                                end_b = jb + 1;
                                end_c += 1;
                            }
                            break;
                        }
                    }
                    _ => break,
                }
                let (nb, n) = iter.next().expect("peeked");
                end_b = nb + n.len_utf8();
                end_c += 1;
            }
        } else {
            kind = TokenKind::Punct;
        }
        char_pos = end_c;
        // A sentence break after . ! ? when the next word is capitalised or a quote.
        if break_pending && (kind != TokenKind::Punct || c == '"' || c == '“') {
            if c.is_uppercase() || c == '"' || c == '“' || kind == TokenKind::Number {
                close(&mut sentences, &tokens, sent_first, tokens.len(), line);
                sent_first = tokens.len();
            }
            break_pending = false;
        }
        if kind == TokenKind::Punct && matches!(c, '.' | '!' | '?') {
            break_pending = true;
        }
        debug_assert_eq!(index.byte_of(c_start), Some(b));
        tokens.push(Token {
            byte_start: b,
            byte_end: end_b,
            span: Span::new(c_start, end_c),
            kind,
            sentence: sentences.len(),
        });
    }
    close(&mut sentences, &tokens, sent_first, tokens.len(), line);
    let mut lines = text.trim_start_matches('\u{feff}').split('\n');
    let titled = lines.next().is_some_and(|l| !l.trim().is_empty()) && lines.next().is_some_and(|l| l.trim().is_empty());
    if titled {
        for s in sentences.iter_mut().filter(|s| s.line == 0) {
            s.title = true;
        }
    }
    Tokens { tokens, sentences }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let doc = Document::from_bytes("t", text.as_bytes()).unwrap();
        let t = tokenize(&doc);
        for tok in &t.tokens {
            assert_eq!(doc.slice(tok.span), Some(tok.text(doc.text())));
        }
        t.tokens.iter().map(|tok| tok.text(doc.text()).to_owned()).collect()
    }

    #[test]
    fn keeps_inner_joiners() {
        assert_eq!(
            words("The anti-Iran group's “ringleader” didn't stop."),
            ["The", "anti-Iran", "group's", "“", "ringleader", "”", "didn't", "stop", "."]
        );
        assert_eq!(words("U.S. forces, 1980-1988."), ["U.S.", "forces", ",", "1980-1988", "."]);
        assert_eq!(words("end -- dash"), ["end", "-", "-", "dash"]);
    }

    #[test]
    fn offsets_are_exact_with_non_ascii() {
        assert_eq!(words("\u{feff}José 🦊 café!"), ["José", "🦊", "café", "!"]);
    }

    #[test]
    fn sentences_follow_lines_and_stops() {
        let doc = Document::from_bytes("t", "Title here\n\nOne. Two is here! three\nFour".as_bytes()).unwrap();
        let t = tokenize(&doc);
        let texts: Vec<&str> = t.sentences.iter().map(|s| doc.slice(s.span).unwrap()).collect();
        assert_eq!(texts, ["Title here", "One.", "Two is here! three", "Four"]);
        assert_eq!(t.sentences.iter().map(|s| s.line).collect::<Vec<_>>(), [0, 2, 2, 3]);
        assert_eq!(t.sentences.iter().map(|s| s.title).collect::<Vec<_>>(), [true, false, false, false]);
        let lede = Document::from_bytes("t", b"No title here.
Second line.").unwrap();
        assert!(tokenize(&lede).sentences.iter().all(|s| !s.title));
        for (i, s) in t.sentences.iter().enumerate() {
            assert!(t.tokens[s.first..s.last].iter().all(|tok| tok.sentence == i));
        }
    }
}
