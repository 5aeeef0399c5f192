//! Words of an article with byte and code-point offsets, sentence numbers and
//! whether they lie inside quotation marks: one linear pass over the text.

/// One word. A possessive "'s" (or a bare "'" after a plural) is not part of
/// the word; `possessive` records it.
#[derive(Debug, Clone, Copy)]
#[allow(clippy::struct_excessive_bools)] // four independent facts about a word
pub(crate) struct Token {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// Code-point range in the text.
    pub cstart: usize,
    pub cend: usize,
    /// Sentence number (also bumped by every newline).
    pub sent: u32,
    /// Inside quotation marks (a local guess from the marks alone).
    pub quoted: bool,
    /// First word of a sentence, a line, or a quotation.
    pub initial: bool,
    /// Followed by "'s" or by "'" after a final s.
    pub possessive: bool,
    /// On a line set in title case (a headline), where capitals say little.
    pub title_line: bool,
}

/// Abbreviations whose final period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "prof", "rev", "jr", "sr", "no",
    "vs", "capt", "sen", "rep", "gov", "inc", "corp", "ltd", "co", "mt", "ft", "jan", "feb", "aug",
    "sept", "oct", "nov", "dec",
];

/// Splits `text` into words.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    let mut cpos = 0usize; // code-point index of the char `chars` yields next
    let mut sent = 0u32;
    let mut quoted = false;
    let mut new_sentence = true;
    let mut after_open_quote = false;
    let mut pending_end = false; // saw . ! ? and wait for the next space
    let mut line_starts: Vec<usize> = vec![0]; // token index where each line starts
    while let Some((b, c)) = chars.next() {
        if !c.is_alphanumeric() {
            cpos += 1;
            match c {
                '\n' => {
                    sent += 1;
                    new_sentence = true;
                    quoted = false;
                    pending_end = false;
                    line_starts.push(out.len());
                }
                '.' | '!' | '?' => {
                    let abbrev = c == '.'
                        && out.last().is_some_and(|t| {
                            t.end == b && {
                                let w = &text[t.start..t.end];
                                ABBREVIATIONS.iter().any(|a| w.eq_ignore_ascii_case(a))
                                    || (w.chars().count() == 1 && w.chars().all(char::is_uppercase))
                            }
                        });
                    pending_end = !abbrev;
                }
                '“' | '«' => {
                    quoted = true;
                    after_open_quote = true;
                }
                '”' | '»' => quoted = false,
                '"' => {
                    quoted = !quoted;
                    after_open_quote = quoted;
                }
                ':' => after_open_quote = true,
                c if c.is_whitespace() && pending_end => {
                    sent += 1;
                    new_sentence = true;
                    pending_end = false;
                }
                _ => {}
            }
            continue;
        }
        if pending_end {
            // "3.5" or "U.S.A": a period inside a word does not end a sentence.
            pending_end = false;
        }
        // A word starts here.
        let cstart = cpos;
        let mut end = b + c.len_utf8();
        cpos += 1;
        let mut possessive = false;
        while let Some(&(nb, nc)) = chars.peek() {
            if nc.is_alphanumeric() {
                end = nb + nc.len_utf8();
                cpos += 1;
                chars.next();
                continue;
            }
            let after = text[nb + nc.len_utf8()..].chars().next();
            let joins = match nc {
                '-' | '&' => after.is_some_and(char::is_alphanumeric),
                '.' => {
                    // "U.S." style: single letters joined by periods.
                    let word = &text[b..nb];
                    let last = word.chars().last();
                    last.is_some_and(char::is_uppercase)
                        && word.split('.').all(|p| p.chars().count() == 1)
                        && (after.is_some_and(char::is_uppercase) || word.contains('.'))
                }
                '\'' | '’' => {
                    let rest = &text[nb + nc.len_utf8()..];
                    let mut rc = rest.chars();
                    let (r0, r1) = (rc.next(), rc.next());
                    if matches!(r0, Some('s' | 'S')) && !r1.is_some_and(char::is_alphanumeric) {
                        // "'s": possessive, left out of the word.
                        possessive = true;
                        false
                    } else if !r0.is_some_and(char::is_alphanumeric) && text[b..nb].ends_with('s') {
                        possessive = true; // "Workers' Party"
                        false
                    } else {
                        r0.is_some_and(char::is_alphanumeric)
                    }
                }
                _ => false,
            };
            if !joins {
                break;
            }
            chars.next();
            cpos += 1;
            end = nb + nc.len_utf8();
        }
        if possessive {
            // Consume the apostrophe (and the s) so they count as gap.
            if let Some((_, ap)) = chars.next() {
                let _ = ap;
                cpos += 1;
                if let Some(&(_, s)) = chars.peek()
                    && matches!(s, 's' | 'S')
                {
                    chars.next();
                    cpos += 1;
                }
            }
        }
        out.push(Token {
            start: b,
            end,
            cstart,
            cend: cstart + text[b..end].chars().count(),
            sent,
            quoted,
            initial: new_sentence || after_open_quote,
            possessive,
            title_line: false,
        });
        new_sentence = false;
        after_open_quote = false;
        let _ = bytes;
    }
    mark_title_lines(text, &mut out, &line_starts);
    out
}

/// Marks the words of lines set in title case (headlines): not the only
/// line, no closing punctuation, at least three words of four letters or
/// more, and four in five of them capitalised.
fn mark_title_lines(text: &str, tokens: &mut [Token], line_starts: &[usize]) {
    if line_starts.len() < 2 {
        return;
    }
    for (i, &from) in line_starts.iter().enumerate() {
        let to = line_starts.get(i + 1).copied().unwrap_or(tokens.len());
        if from >= to {
            continue;
        }
        let line_end = tokens.get(to).map_or(text.len(), |t| t.start);
        let tail = text[tokens[to - 1].end..line_end].trim();
        if tail.starts_with(['.', '!', '?']) {
            continue;
        }
        let (mut long, mut caps) = (0usize, 0usize);
        for t in &tokens[from..to] {
            let w = &text[t.start..t.end];
            if w.chars().count() >= 4 && w.chars().next().is_some_and(char::is_alphabetic) {
                long += 1;
                if w.chars().next().is_some_and(char::is_uppercase) {
                    caps += 1;
                }
            }
        }
        if long >= 3 && caps * 5 >= long * 4 {
            for t in &mut tokens[from..to] {
                t.title_line = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text)
            .iter()
            .map(|t| text[t.start..t.end].to_owned())
            .collect()
    }

    #[test]
    fn splits_possessives_and_keeps_inner_marks() {
        let text = "Iran’s U.S.-backed Mojahedin-e O'Brien Workers' Party AT&T group's";
        assert_eq!(
            words(text),
            [
                "Iran",
                "U.S.-backed",
                "Mojahedin-e",
                "O'Brien",
                "Workers",
                "Party",
                "AT&T",
                "group"
            ]
        );
        let toks = tokenize(text);
        assert!(
            toks[0].possessive && toks[4].possessive && toks[7].possessive && !toks[3].possessive
        );
    }

    #[test]
    fn code_points_match_the_text() {
        let text = "“Zoë” met José 🦊 in Bucharest.";
        let chars: Vec<char> = text.chars().collect();
        for t in tokenize(text) {
            let via: String = chars[t.cstart..t.cend].iter().collect();
            assert_eq!(via, &text[t.start..t.end]);
        }
    }

    #[test]
    fn sentences_quotes_and_initial_words() {
        let text = "Mr. Smith left. “We stay,” she said.\nDr Jones came";
        let toks = tokenize(text);
        let sents: Vec<u32> = toks.iter().map(|t| t.sent).collect();
        assert_eq!(sents, [0, 0, 0, 1, 1, 1, 1, 2, 2, 2]);
        assert!(toks[3].initial && toks[3].quoted && !toks[5].quoted);
        assert!(!toks[1].initial, "a period after Mr ends no sentence");
    }

    #[test]
    fn title_case_lines_are_marked() {
        let toks =
            tokenize("Harbour Council Will Strangle Our City\n\nThe council met today in town.");
        assert!(toks[0].title_line && toks[5].title_line);
        assert!(!toks[6].title_line);
    }
}
