//! Many articles: one line each (spans, spans per 1,000 words and the top
//! techniques), then the totals.

use std::io::{self, Write};

use slant_corpus::ArticleRecord;
use slant_text::Technique;
use unicode_width::UnicodeWidthStr;

use super::cells::Cells;
use super::clean::one_line;
use super::paint::Ink;
use super::{TextOptions, heading, thousands};
use crate::technique_style;

/// Techniques named on an article's line, at most.
const TOP: usize = 3;

/// What the totals line adds up.
#[derive(Debug, Clone, Default)]
pub(crate) struct Totals {
    articles: usize,
    words: usize,
    spans: usize,
    counts: [usize; Technique::COUNT],
}

/// Columns of the article name.
fn id_width(width: usize) -> usize {
    width.saturating_sub(5 + 2 + 6 + 2 + 22).clamp(10, 32)
}

pub(crate) fn write_header(out: &mut dyn Write, opts: &TextOptions) -> io::Result<()> {
    let w = id_width(opts.width);
    let mut line = Cells::new();
    line.glued(&format!("{:<w$}  spans  per 1k  top techniques", "article"), Ink::Faint);
    super::cells::write_line(out, opts.colour, 0, &cut(line, opts.width))
}

pub(crate) fn write_line(
    out: &mut dyn Write,
    opts: &TextOptions,
    record: &ArticleRecord,
    totals: &mut Totals,
) -> io::Result<()> {
    let mut counts = [0usize; Technique::COUNT];
    for s in &record.spans {
        counts[s.technique.index()] += 1;
    }
    totals.articles += 1;
    totals.words += record.words;
    totals.spans += record.spans.len();
    for (t, c) in totals.counts.iter_mut().zip(counts) {
        *t += c;
    }
    let w = id_width(opts.width);
    let rate = record.summary.as_ref().map_or(0.0, |s| s.spans_per_1000_words);
    let mut line = Cells::new();
    line.glued(&fit(&one_line(&record.id), w), Ink::Strong)
        .glued(&format!("  {:>5}  {rate:>6.1}", record.spans.len()), Ink::Plain);
    let used = w + 2 + 5 + 2 + 6;
    top(&mut line, &counts, TOP, opts.width.saturating_sub(used));
    super::cells::write_line(out, opts.colour, 0, &cut(line, opts.width))
}

pub(crate) fn write_totals(out: &mut dyn Write, opts: &TextOptions, totals: &Totals) -> io::Result<()> {
    writeln!(out)?;
    heading(out, opts, "Totals")?;
    let rate = if totals.words == 0 { 0.0 } else { totals.spans as f64 * 1000.0 / totals.words as f64 };
    let mut line = Cells::new();
    line.text(
        &format!(
            "{} article{} · {} words · {} technique spans · {rate:.1} per 1,000 words",
            thousands(totals.articles),
            if totals.articles == 1 { "" } else { "s" },
            thousands(totals.words),
            thousands(totals.spans),
        ),
        Ink::Plain,
    );
    line.write(out, opts.colour, opts.width, 0, 2)?;
    if totals.spans > 0 {
        let mut line = Cells::new();
        line.text("top:", Ink::Plain);
        top(&mut line, &totals.counts, Technique::COUNT, usize::MAX);
        line.write(out, opts.colour, opts.width, 0, 5)?;
    }
    Ok(())
}

/// Appends `  TAG n · TAG n …`, most frequent first, as many as fit in
/// `room` columns (at least one).
fn top(line: &mut Cells, counts: &[usize; Technique::COUNT], most: usize, room: usize) {
    let mut present: Vec<Technique> = Technique::ALL.into_iter().filter(|t| counts[t.index()] > 0).collect();
    present.sort_by_key(|t| std::cmp::Reverse(counts[t.index()]));
    let mut used = 0;
    for (i, t) in present.into_iter().take(most).enumerate() {
        let tag = technique_style(t).abbr;
        let n = thousands(counts[t.index()]);
        let sep = if i == 0 { "  " } else { " · " };
        let w = sep.len() + tag.width() + 1 + n.len();
        if i > 0 && used + w > room {
            break;
        }
        used += w;
        line.text(sep, Ink::Plain).glued(tag, Ink::Tag(t)).glued(&format!(" {n}"), Ink::Plain);
    }
}

/// `text` padded or cut (with `…`) to `width` columns.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return format!("{text}{:pad$}", "", pad = width - text.width());
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw + 1 > width {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    format!("{out}{:pad$}", "", pad = width - used - 1)
}

/// The cells of `line` that fit in `width` columns (a summary line never
/// wraps).
fn cut(line: Cells, width: usize) -> Vec<super::cells::Cell> {
    let mut used = 0;
    line.cells
        .into_iter()
        .take_while(|c| {
            used += c.width;
            used <= width
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn names_are_padded_or_cut_to_their_column() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("article111111111", 10), "article11…");
        assert_eq!(fit("日本語の記事", 7), "日本語…");
        assert_eq!(fit("日本語の記事", 8), "日本語… ");
    }
}
