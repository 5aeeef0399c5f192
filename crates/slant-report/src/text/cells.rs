//! Styled text laid out by display width: a run of cells, each one
//! character with its ink and whether a line may break there, wrapped at
//! spaces only (a word longer than the whole line is cut) and written with
//! the fewest escape codes.

use std::io::{self, Write};

use unicode_width::UnicodeWidthChar;

use super::clean::Cleaner;
use super::paint::{ColourMode, Ink};

/// Where a line may end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Break {
    /// Inside a word or a tag: never.
    No,
    /// A space between words: the space is dropped when the line breaks.
    Space,
    /// A newline of the text: always.
    Hard,
}

/// One character of the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cell {
    pub(crate) ch: char,
    pub(crate) width: usize,
    pub(crate) ink: Ink,
    pub(crate) brk: Break,
}

/// A paragraph being built.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cells {
    pub(crate) cells: Vec<Cell>,
}

impl Cells {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Appends untrusted `text`: cleaned, whitespace breakable, newlines
    /// hard.
    pub(crate) fn text(&mut self, text: &str, ink: Ink) -> &mut Self {
        let mut cleaner = Cleaner::default();
        for c in text.chars() {
            if let Some(c) = cleaner.keep(c) {
                self.push(c, ink);
            }
        }
        self
    }

    /// Appends `text` that must stay on one line (a tag: `1 LOAD`), cleaned.
    pub(crate) fn glued(&mut self, text: &str, ink: Ink) -> &mut Self {
        let mut cleaner = Cleaner::default();
        for c in text.chars().filter_map(|c| cleaner.keep(c)) {
            let c = if c.is_whitespace() { ' ' } else { c };
            self.cells.push(Cell { ch: c, width: c.width().unwrap_or(0), ink, brk: Break::No });
        }
        self
    }

    /// Appends one already-cleaned character of running text.
    pub(crate) fn push(&mut self, c: char, ink: Ink) {
        let brk = match c {
            '\n' | '\u{2028}' | '\u{2029}' => Break::Hard,
            ' ' => Break::Space,
            _ => Break::No,
        };
        let width = if brk == Break::Hard { 0 } else { c.width().unwrap_or(0) };
        // A separator (`a · b`) ends a line rather than starting one.
        if c == '·'
            && let Some(space) = self.cells.last_mut()
            && space.brk == Break::Space
        {
            space.brk = Break::No;
        }
        self.cells.push(Cell { ch: c, width, ink, brk });
    }

    /// Writes the paragraph wrapped to `width` columns, every line after the
    /// first indented by `hang` spaces and the first by `indent`.
    pub(crate) fn write(
        &self,
        out: &mut dyn Write,
        mode: ColourMode,
        width: usize,
        indent: usize,
        hang: usize,
    ) -> io::Result<()> {
        for (i, line) in wrap(&self.cells, width, indent, hang).iter().enumerate() {
            let pad = if i == 0 { indent } else { hang };
            write_line(out, mode, pad, line)?;
        }
        Ok(())
    }
}

/// The lines of `cells` wrapped greedily to `width` columns, the first
/// line `indent` columns in and the others `hang`; each line its cells.
pub(crate) fn wrap(cells: &[Cell], width: usize, indent: usize, hang: usize) -> Vec<Vec<Cell>> {
    let mut lines = Vec::new();
    // A final newline ends the last line; it does not start another.
    let cells = match cells.last() {
        Some(c) if c.brk == Break::Hard => &cells[..cells.len() - 1],
        _ => cells,
    };
    for hard in cells.split(|c| c.brk == Break::Hard) {
        let mut line: Vec<Cell> = Vec::new();
        let mut used = 0;
        let mut pending_space: Option<Cell> = None;
        let room = |lines: &Vec<Vec<Cell>>| width.saturating_sub(if lines.is_empty() { indent } else { hang }).max(1);
        for word in words(hard) {
            let (space, word) = word;
            let word_width: usize = word.iter().map(|c| c.width).sum();
            if !line.is_empty() {
                pending_space = space.or(pending_space);
            }
            let gap = usize::from(!line.is_empty());
            if used + gap + word_width <= room(&lines) {
                if let Some(s) = pending_space.take().filter(|_| gap == 1) {
                    line.push(Cell { ch: ' ', width: 1, ..s });
                }
                line.extend_from_slice(word);
                used += gap + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            pending_space = None;
            // The word starts a line; cut it only when it is wider than one.
            used = 0;
            for &c in word {
                if used + c.width > room(&lines) && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += c.width;
            }
        }
        lines.push(line);
    }
    lines
}

/// The words of one hard line, each with the first space before it.
fn words(cells: &[Cell]) -> impl Iterator<Item = (Option<Cell>, &[Cell])> {
    let mut rest = cells;
    std::iter::from_fn(move || {
        let space = rest.iter().take_while(|c| c.brk == Break::Space).copied().next();
        let skip = rest.iter().take_while(|c| c.brk == Break::Space).count();
        rest = &rest[skip..];
        if rest.is_empty() {
            return None;
        }
        let len = rest.iter().take_while(|c| c.brk != Break::Space).count();
        let (word, tail) = rest.split_at(len);
        rest = tail;
        Some((space, word))
    })
}

/// Writes one line: the indent, then runs of cells of one ink.
pub(crate) fn write_line(out: &mut dyn Write, mode: ColourMode, indent: usize, line: &[Cell]) -> io::Result<()> {
    // A tag's own space can end a line; nothing trails a line.
    let kept = line.iter().rposition(|c| c.ch != ' ').map_or(0, |i| i + 1);
    let line = &line[..kept];
    if !line.is_empty() {
        write!(out, "{:indent$}", "")?;
    }
    let mut start = 0;
    while start < line.len() {
        let ink = line[start].ink;
        let len = line[start..].iter().take_while(|c| c.ink == ink).count();
        let text: String = line[start..start + len].iter().map(|c| c.ch).collect();
        let style = ink.style(mode);
        write!(out, "{}{text}{}", style.render(), style.render_reset())?;
        start += len;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width: usize, indent: usize, hang: usize) -> Vec<String> {
        let mut c = Cells::new();
        c.text(text, Ink::Plain);
        let mut out = Vec::new();
        c.write(&mut out, ColourMode::Off, width, indent, hang).unwrap();
        String::from_utf8(out).unwrap().lines().map(str::to_owned).collect()
    }

    #[test]
    fn wraps_at_spaces_by_display_width() {
        assert_eq!(lines("the quick brown fox jumps", 10, 0, 0), ["the quick", "brown fox", "jumps"]);
        // Wide characters take two columns each.
        assert_eq!(lines("日本語 日本語", 7, 0, 0), ["日本語", "日本語"]);
        assert_eq!(lines("café naïve", 4, 0, 0), ["café", "naïv", "e"]);
        assert_eq!(lines("one two three", 9, 2, 4), ["  one two", "    three"]);
    }

    #[test]
    fn keeps_newlines_and_blank_lines() {
        assert_eq!(lines("Title\n\nBody  text", 40, 0, 0), ["Title", "", "Body text"]);
    }

    #[test]
    fn no_line_is_wider_than_asked() {
        let text = "Supercalifragilisticexpialidocious words and 🦊🦊🦊🦊 foxes, “quoted”";
        for width in 3..30 {
            for l in lines(text, width, 0, 0) {
                let w: usize = l.chars().map(|c| c.width().unwrap_or(0)).sum();
                assert!(w <= width, "{l:?} at {width}");
            }
        }
    }

    #[test]
    fn a_separator_ends_a_line_rather_than_starting_one() {
        assert_eq!(lines("confidence 0.40 · the outlet", 17, 0, 0), ["confidence 0.40 ·", "the outlet"]);
    }

    #[test]
    fn glued_text_never_breaks() {
        let mut c = Cells::new();
        c.glued("[1 LOAD ", Ink::Plain).text("word next", Ink::Plain);
        let mut out = Vec::new();
        c.write(&mut out, ColourMode::Off, 12, 0, 0).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "[1 LOAD word\nnext\n");
    }
}
