//! Paragraphs and sentences over the tokens, one linear pass.
//!
//! A paragraph starts at every line break. A sentence ends after ".", "!",
//! "?" or "…" (closing quotation marks and brackets stay with it) when the
//! next token opens a paragraph, starts with a capital letter, a digit or an
//! opening mark. Abbreviations keep their dot inside their word (see
//! `token`), so "Mr. Trump" does not end a sentence.

use std::ops::Range;

use crate::token::Token;

/// Token ranges of the paragraphs and sentences of one text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    /// Paragraphs as token ranges, in order, covering every token.
    pub paragraphs: Vec<Range<usize>>,
    /// Sentences as token ranges, in order, covering every token; no
    /// sentence crosses a paragraph boundary.
    pub sentences: Vec<Range<usize>>,
    /// Index of each token's sentence.
    pub sentence_of: Vec<u32>,
}

fn is_final(word: &str) -> bool {
    matches!(word.chars().next(), Some('.' | '!' | '?' | '…'))
}

fn is_closer(word: &str) -> bool {
    matches!(word, "”" | "\"" | "’" | "'" | ")" | "]" | "»")
}

fn opens_sentence(word: &str) -> bool {
    word.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"' | '‘' | '(' | '[' | '«' | '—' | '-')
    })
}

impl Layout {
    pub fn new(text: &str, tokens: &[Token]) -> Self {
        let mut layout = Self { sentence_of: Vec::with_capacity(tokens.len()), ..Self::default() };
        let (mut para_start, mut sent_start) = (0, 0);
        let mut i = 0;
        while i < tokens.len() {
            if i > 0 && tokens[i].newline_before {
                layout.close_sentence(sent_start, i);
                layout.paragraphs.push(para_start..i);
                para_start = i;
                sent_start = i;
            }
            if is_final(tokens[i].text(text)) {
                let mut end = i + 1;
                while end < tokens.len() && !tokens[end].newline_before && is_closer(tokens[end].text(text)) {
                    end += 1;
                }
                let next_opens = tokens.get(end).is_some_and(|t| !t.newline_before && opens_sentence(t.text(text)));
                if next_opens {
                    layout.close_sentence(sent_start, end);
                    sent_start = end;
                }
                i = end.max(i + 1);
                continue;
            }
            i += 1;
        }
        if !tokens.is_empty() {
            layout.close_sentence(sent_start, tokens.len());
            layout.paragraphs.push(para_start..tokens.len());
        }
        layout
    }

    fn close_sentence(&mut self, start: usize, end: usize) {
        if end > start {
            let id = self.sentences.len() as u32;
            self.sentences.push(start..end);
            self.sentence_of.resize(end, id);
        }
    }

    /// The token range of the sentence holding token `i`.
    pub fn sentence(&self, i: usize) -> Range<usize> {
        self.sentences[self.sentence_of[i] as usize].clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn sentences(text: &str) -> Vec<String> {
        let toks = tokenize(text);
        let layout = Layout::new(text, &toks);
        assert_eq!(layout.sentence_of.len(), toks.len());
        layout.sentences.iter().map(|r| text[toks[r.start].byte_start..toks[r.end - 1].byte_end].to_owned()).collect()
    }

    #[test]
    fn splits_sentences_and_keeps_closing_quotes() {
        assert_eq!(
            sentences("“We won.” Mr. Smith said so! Then 3 left.\nNew para"),
            ["“We won.”", "Mr. Smith said so!", "Then 3 left.", "New para"]
        );
        assert_eq!(sentences("it was 3.2 percent. and then"), ["it was 3.2 percent. and then"]);
    }

    #[test]
    fn paragraphs_cover_all_tokens() {
        let text = "A b.\n\nC d.\nE";
        let toks = tokenize(text);
        let layout = Layout::new(text, &toks);
        assert_eq!(layout.paragraphs, [0..3, 3..6, 6..7]);
        assert_eq!(layout.sentence(4), 3..6);
    }
}
