//! One article in full: a header, the text with every span tagged and
//! highlighted, the legend, and each span's technique, confidence and
//! evidence under the number of its tag.

use std::collections::BTreeMap;
use std::io::{self, Write};

use slant_corpus::{ArticleRecord, ModelInfo, SpanRecord};
use slant_text::{Document, Technique};

use super::cells::Cells;
use super::readings::voice_words;
use super::clean::one_line;
use super::paint::Ink;
use super::{TextOptions, heading, thousands};
use crate::technique_style;

/// Writes the whole view of one article.
pub(crate) fn write(
    out: &mut dyn Write,
    opts: &TextOptions,
    model: Option<&ModelInfo>,
    doc: &Document,
    record: &ArticleRecord,
) -> io::Result<()> {
    write_header(out, opts, model, record)?;
    writeln!(out)?;
    let shown = shown_chars(doc);
    body(&shown, &record.spans).write(out, opts.colour, opts.width, 0, 0)?;
    if !record.spans.is_empty() {
        writeln!(out)?;
        write_legend(out, opts, &record.spans)?;
        writeln!(out)?;
        write_spans(out, opts, record, &shown)?;
    }
    super::readings::write(out, opts, record)
}

fn write_header(
    out: &mut dyn Write,
    opts: &TextOptions,
    model: Option<&ModelInfo>,
    record: &ArticleRecord,
) -> io::Result<()> {
    heading(out, opts, &record.id)?;
    let mut line = Cells::new();
    let rate = record.summary.as_ref().map_or(0.0, |s| s.spans_per_1000_words);
    let n = record.spans.len();
    line.text(
        &format!(
            "{} words · {} technique span{} ({rate:.1} per 1,000 words)",
            thousands(record.words),
            thousands(n),
            if n == 1 { "" } else { "s" },
        ),
        Ink::Plain,
    );
    if let Some(m) = model {
        line.text(&format!(" · model: {} ({})", m.name, m.kind), Ink::Faint);
    }
    line.write(out, opts.colour, opts.width, 0, 2)
}

/// What is printed for each character of the article: escape sequences
/// and control characters are cleaned over the whole text, so a span that
/// starts inside a sequence shows none of it either.
fn shown_chars(doc: &Document) -> Vec<Option<char>> {
    let mut cleaner = super::clean::Cleaner::default();
    doc.text().chars().map(|c| if c == '\r' { None } else { cleaner.keep(c) }).collect()
}

/// Spans with the same start and end, drawn as one bracket with several
/// tags.
struct Group {
    start: usize,
    end: usize,
    /// Indices into the record's spans.
    members: Vec<usize>,
}

/// The article's text, each span opened by `[` and its numbered tags and
/// closed by `]` (by `]N` when it closes while a later span is still open).
fn body(shown: &[Option<char>], spans: &[SpanRecord]) -> Cells {
    let len = shown.len();
    let mut groups: Vec<Group> = Vec::new();
    for (i, s) in spans.iter().enumerate() {
        if s.start >= s.end || s.end > len {
            continue;
        }
        match groups.iter_mut().find(|g| g.start == s.start && g.end == s.end) {
            Some(g) => g.members.push(i),
            None => groups.push(Group { start: s.start, end: s.end, members: vec![i] }),
        }
    }
    let mut opens: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (g, group) in groups.iter().enumerate() {
        opens.entry(group.start).or_default().push(g);
    }
    for starting in opens.values_mut() {
        // The outer span opens first, so nested spans close first.
        starting.sort_by_key(|&g| std::cmp::Reverse(groups[g].end));
    }
    let ink_of = |stack: &[usize]| {
        stack.last().map_or(Ink::Plain, |&g| Ink::Span(spans[groups[g].members[0]].technique))
    };

    let mut cells = Cells::new();
    let mut stack: Vec<usize> = Vec::new();
    for pos in 0..=len {
        // Close what ends here: innermost first.
        while let Some(&g) = stack.last()
            && groups[g].end == pos
        {
            stack.pop();
            cells.glued("]", Ink::Span(spans[groups[g].members[0]].technique));
        }
        let crossing: Vec<usize> = stack.iter().copied().filter(|&g| groups[g].end == pos).collect();
        for g in crossing {
            stack.retain(|&o| o != g);
            let t = spans[groups[g].members[0]].technique;
            cells.glued(&format!("]{}", groups[g].members[0] + 1), Ink::Span(t));
        }
        let opening = opens.get(&pos).map_or(&[][..], Vec::as_slice);
        for (k, &g) in opening.iter().enumerate() {
            let first = spans[groups[g].members[0]].technique;
            cells.glued("[", Ink::Span(first));
            for (j, &m) in groups[g].members.iter().enumerate() {
                let t = spans[m].technique;
                cells.glued(&format!("{} {}", m + 1, technique_style(t).abbr), Ink::Tag(t));
                // A narrow line may break between the tags of one place, but
                // the last tag stays with the span's first word.
                let last = k + 1 == opening.len() && j + 1 == groups[g].members.len();
                if last {
                    cells.glued(" ", Ink::Span(t));
                } else {
                    cells.push(' ', Ink::Span(t));
                }
            }
            stack.push(g);
        }
        if let Some(&Some(c)) = shown.get(pos) {
            cells.push(c, ink_of(&stack));
        }
    }
    cells
}

/// Counts per technique, most frequent first, each with its tag.
fn write_legend(out: &mut dyn Write, opts: &TextOptions, spans: &[SpanRecord]) -> io::Result<()> {
    heading(out, opts, "Techniques")?;
    let mut counts = [0usize; Technique::COUNT];
    for s in spans {
        counts[s.technique.index()] += 1;
    }
    let mut present: Vec<Technique> = Technique::ALL.into_iter().filter(|t| counts[t.index()] > 0).collect();
    present.sort_by_key(|t| std::cmp::Reverse(counts[t.index()]));
    for t in present {
        let style = technique_style(t);
        let mut line = Cells::new();
        line.glued(style.abbr, Ink::Tag(t))
            .glued(&format!("{:pad$}{:>4}  ", "", counts[t.index()], pad = TAG_WIDTH - tag_width(style.abbr)), Ink::Plain)
            .text(style.name, Ink::Plain);
        // Names in a column when it leaves them room, else under the tag.
        let column = 1 + TAG_WIDTH + 6;
        let hang = if opts.width >= column + 24 { column } else { 2 };
        line.write(out, opts.colour, opts.width, 1, hang)?;
    }
    Ok(())
}

/// Columns of the widest tag (`SLOGAN`, `CLICHÉ`).
const TAG_WIDTH: usize = 6;

fn tag_width(tag: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(tag)
}

/// Each span under its number: technique, confidence, whose words, the
/// fragment and the evidence.
fn write_spans(
    out: &mut dyn Write,
    opts: &TextOptions,
    record: &ArticleRecord,
    shown: &[Option<char>],
) -> io::Result<()> {
    heading(out, opts, "Spans")?;
    let digits = record.spans.len().to_string().len();
    let hang = digits + 1;
    for (i, s) in record.spans.iter().enumerate() {
        let style = technique_style(s.technique);
        let mut line = Cells::new();
        line.glued(&format!("{:>digits$} ", i + 1), Ink::Strong)
            .glued(style.abbr, Ink::Tag(s.technique))
            .text(&format!(" {} · ", s.technique.name()), Ink::Plain)
            .glued(&format!("confidence {:.2}", s.score), Ink::Plain);
        if let Some(voice) = s.voice {
            line.text(&format!(" · {}", voice_words(record, voice)), Ink::Faint);
        }
        line.write(out, opts.colour, opts.width, 0, hang)?;
        let mut fragment = Cells::new();
        let text: String = shown.get(s.start..s.end).unwrap_or_default().iter().flatten().collect();
        fragment.text(&quoted(&one_line(&text)), Ink::Span(s.technique));
        fragment.write(out, opts.colour, opts.width, hang, hang)?;
        if !s.evidence.is_empty() {
            let evidence: Vec<String> = s.evidence.iter().map(|e| one_line(e)).collect();
            let mut why = Cells::new();
            why.text("why: ", Ink::Faint).text(&evidence.join("; "), Ink::Plain);
            why.write(out, opts.colour, opts.width, hang, hang + 2)?;
        }
    }
    Ok(())
}


/// `text` in quotation marks, unless it is already quoted whole.
fn quoted(text: &str) -> String {
    const QUOTES: &[char] = &['"', '\'', '“', '”', '‘', '’', '«', '»'];
    if text.chars().count() > 1 && text.starts_with(QUOTES) && text.ends_with(QUOTES) {
        text.to_owned()
    } else {
        format!("“{text}”")
    }
}

#[cfg(test)]
mod tests {
    use super::super::readings::trim_source;

    #[test]
    fn sources_lose_the_punctuation_their_span_caught() {
        assert_eq!(trim_source("a former ringleader of the MKO,"), "a former ringleader of the MKO");
        assert_eq!(trim_source("PMOI and NCR)"), "PMOI and NCR");
        assert_eq!(trim_source("the Party (UK)"), "the Party (UK)");
        assert_eq!(trim_source(","), ",");
    }
}
