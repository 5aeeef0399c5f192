//! Article text is untrusted: before it reaches a terminal, escape sequences
//! (which could recolour the screen, move the cursor or set the window
//! title), control characters and bidirectional overrides are dropped.

/// What the cleaner is inside of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum State {
    #[default]
    Text,
    /// After ESC.
    Escape,
    /// Inside a control sequence (`ESC [` … final byte).
    Csi,
    /// Inside a string command (OSC, DCS, APC, PM, SOS) until BEL or ST.
    Command,
    /// After ESC inside a string command (`ESC \` ends it).
    CommandEscape,
}

/// A character-by-character cleaner, so callers can keep their own count of
/// code points (span offsets) while dropping what must not be printed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cleaner {
    state: State,
}

impl Cleaner {
    /// The character to print for `c`, or `None` to drop it. Tabs become
    /// spaces; newlines are kept.
    pub(crate) fn keep(&mut self, c: char) -> Option<char> {
        if c == '\n' {
            // A sequence left open never swallows the next line.
            self.state = State::Text;
            return Some('\n');
        }
        match self.state {
            State::Text => match c {
                '\u{1b}' => {
                    self.state = State::Escape;
                    None
                }
                '\u{9b}' => {
                    self.state = State::Csi;
                    None
                }
                '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => {
                    self.state = State::Command;
                    None
                }
                '\t' => Some(' '),
                c if is_hidden(c) => None,
                c => Some(c),
            },
            State::Escape => {
                self.state = match c {
                    '[' => State::Csi,
                    ']' | 'P' | 'X' | '^' | '_' => State::Command,
                    _ => State::Text,
                };
                None
            }
            State::Csi => {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    self.state = State::Text;
                }
                None
            }
            State::Command => {
                match c {
                    '\u{7}' | '\u{9c}' => self.state = State::Text,
                    '\u{1b}' => self.state = State::CommandEscape,
                    _ => {}
                }
                None
            }
            State::CommandEscape => {
                self.state = if c == '\\' { State::Text } else { State::Command };
                None
            }
        }
    }
}

/// Characters never printed: controls (other than newline and tab), and the
/// bidirectional embeddings, overrides and isolates that can make printed
/// text read differently from what it is.
fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{feff}')
}

/// `text` with escape sequences and control characters removed and every
/// run of whitespace (newlines included) made one space: for one-line
/// fields such as span texts, names and evidence.
pub(crate) fn one_line(text: &str) -> String {
    let mut cleaner = Cleaner::default();
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter_map(|c| cleaner.keep(c)) {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_controls_are_dropped() {
        let cases = [
            ("plain “text” é 🦊", "plain “text” é 🦊"),
            ("red \u{1b}[31mALERT\u{1b}[0m end", "red ALERT end"),
            ("title \u{1b}]0;pwned\u{7} after", "title after"),
            ("st \u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\ ok", "st link ok"),
            ("c1 \u{9b}2J cleared", "c1 cleared"),
            ("bell\u{7} and \u{8}back", "bell and back"),
            ("bidi \u{202e}evil\u{202c} gone", "bidi evil gone"),
            ("a\r\nb\tc", "a b c"),
            ("lone escape at the end \u{1b}", "lone escape at the end"),
        ];
        for (input, want) in cases {
            assert_eq!(one_line(input), want, "{input:?}");
        }
    }

    #[test]
    fn an_unterminated_sequence_ends_at_the_line() {
        let mut c = Cleaner::default();
        let kept: String = "x\u{1b}[31;\nnext".chars().filter_map(|ch| c.keep(ch)).collect();
        assert_eq!(kept, "x\nnext");
    }
}
