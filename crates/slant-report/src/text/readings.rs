//! The other readings, when the record has them: who speaks (voices), who
//! the article is about (actors), and when things happened (time).

use std::io::{self, Write};

use serde::Serialize;
use slant_corpus::ArticleRecord;
use slant_text::Voice;

use super::cells::Cells;
use super::clean::one_line;
use super::paint::Ink;
use super::{TextOptions, heading};
use crate::technique_style;

/// At most this many rows per list; the JSON output has them all.
const MAX_ROWS: usize = 12;

/// Writes the sections of the readings the record holds.
pub(crate) fn write(out: &mut dyn Write, opts: &TextOptions, record: &ArticleRecord) -> io::Result<()> {
    if record.attributions.is_some() {
        writeln!(out)?;
        write_voices(out, opts, record)?;
    }
    if let Some(actors) = record.actors.as_ref().filter(|a| !a.is_empty()) {
        writeln!(out)?;
        heading(out, opts, "Actors")?;
        for actor in actors.iter().take(MAX_ROWS) {
            let mut line = Cells::new();
            line.text(&one_line(&actor.name), Ink::Strong)
                .text(&format!(" ({}) · ", word(&actor.kind)), Ink::Plain)
                .glued(&format!("{} mention{}", actor.mentions.len(), plural(actor.mentions.len())), Ink::Plain);
            let aliases: Vec<String> =
                actor.aliases.iter().filter(|a| a.text != actor.name).map(|a| one_line(&a.text)).collect();
            if !aliases.is_empty() {
                line.text(&format!(" · also: {}", aliases.join(", ")), Ink::Faint);
            }
            line.write(out, opts.colour, opts.width, 2, 4)?;
            if !actor.labels.is_empty() {
                let mut labels = Cells::new();
                labels.text("labelled: ", Ink::Faint);
                for (i, label) in actor.labels.iter().enumerate() {
                    if i > 0 {
                        labels.text(", ", Ink::Plain);
                    }
                    labels.text(&format!("“{}”", one_line(&label.text)), Ink::Plain);
                    if label.count > 1 {
                        labels.text(&format!(" ×{}", label.count), Ink::Plain);
                    }
                    for &t in &label.techniques {
                        labels.text(" ", Ink::Plain).glued(technique_style(t).abbr, Ink::Tag(t));
                    }
                    if let Voice::Attribution(_) = label.voice {
                        labels.text(&format!(" ({})", voice_words(record, label.voice)), Ink::Faint);
                    }
                }
                labels.write(out, opts.colour, opts.width, 4, 6)?;
            }
        }
        more(out, opts, actors.len())?;
    }
    if record.published.is_some() || record.timeline.is_some() {
        writeln!(out)?;
        write_time(out, opts, record)?;
    }
    Ok(())
}

fn write_voices(out: &mut dyn Write, opts: &TextOptions, record: &ArticleRecord) -> io::Result<()> {
    heading(out, opts, "Voices")?;
    let summary = record.summary.as_ref().and_then(|s| s.voices.as_ref());
    if let Some(v) = summary {
        let mut line = Cells::new();
        line.text(
            &format!(
                "{} attribution{}; {:.0}% of the text is attributed to someone",
                v.attributions,
                plural(v.attributions),
                v.quoted_share * 100.0
            ),
            Ink::Plain,
        );
        if let Some(n) = v.narration_share {
            line.text(&format!("; {:.0}% of the technique spans are the outlet's own words", n * 100.0), Ink::Plain);
        }
        line.text(".", Ink::Plain);
        line.write(out, opts.colour, opts.width, 2, 2)?;
        if let Some(main) = &v.main_source {
            let mut line = Cells::new();
            line.text("Main source: ", Ink::Plain)
                .text(&one_line(main), Ink::Strong)
                .text(&format!(", {:.0}% of the attributed words", v.main_source_share * 100.0), Ink::Plain);
            if v.rests_on_one_source {
                line.text("; the article rests on this one source", Ink::Plain);
            }
            line.text(".", Ink::Plain);
            line.write(out, opts.colour, opts.width, 2, 2)?;
        }
    }
    let sources = record.sources.as_deref().unwrap_or_default();
    for s in sources.iter().take(MAX_ROWS) {
        let mut line = Cells::new();
        line.text(&one_line(&s.text), Ink::Strong)
            .text(&format!(" ({}) · ", word(&s.kind)), Ink::Plain)
            .glued(&format!("{} attribution{}", s.attributions, plural(s.attributions)), Ink::Plain)
            .text(&format!(" · {:.0}% of the attributed words", s.content_share * 100.0), Ink::Plain);
        line.write(out, opts.colour, opts.width, 2, 4)?;
    }
    more(out, opts, sources.len())
}

fn write_time(out: &mut dyn Write, opts: &TextOptions, record: &ArticleRecord) -> io::Result<()> {
    let published = match record.published.as_ref().and_then(|p| p.date.map(|d| (d, p.from))) {
        Some((date, from)) => {
            let from = match word(&from).as_str() {
                "flag" => "from --published".to_owned(),
                "none" => String::new(),
                other => format!("from the {other}"),
            };
            format!("Timeline (published {date} {from})").replace(" )", ")")
        }
        None => "Timeline (publication date unknown: give --published)".to_owned(),
    };
    heading(out, opts, &published)?;
    let entries = record.timeline.as_deref().unwrap_or_default();
    if entries.is_empty() {
        let mut line = Cells::new();
        line.text("No dated claims.", Ink::Faint);
        return line.write(out, opts.colour, opts.width, 2, 2);
    }
    let whens: Vec<String> = entries
        .iter()
        .map(|e| when(e.begin.map(|d| d.to_string()), e.end.map(|d| d.to_string()), &word(&e.kind)))
        .collect();
    let column = whens.iter().take(MAX_ROWS).map(|w| w.chars().count()).max().unwrap_or(0);
    // On a narrow screen the claim goes under its date.
    let side_by_side = column + 2 + 24 <= opts.width;
    for (entry, when) in entries.iter().zip(&whens).take(MAX_ROWS) {
        let mut line = Cells::new();
        let pad = column - when.chars().count();
        line.glued(when, Ink::Strong);
        let hang = if side_by_side {
            line.glued(&format!("{:pad$}  ", ""), Ink::Plain);
            2 + column + 2
        } else {
            line.cells.push(super::cells::Cell { ch: '\n', width: 0, ink: Ink::Plain, brk: super::cells::Break::Hard });
            4
        };
        line.text(&one_line(&entry.claim.text), Ink::Plain);
        if let Voice::Attribution(_) = entry.asserted_by {
            line.text(&format!(" ({})", voice_words(record, entry.asserted_by)), Ink::Faint);
        }
        line.write(out, opts.colour, opts.width, 2, hang)?;
    }
    more(out, opts, entries.len())
}

/// A date or a period, as short as it can be said: `1986`, `1986-03`,
/// `2012-03-17`, `1980 – 1988`, `before 2012-03-20`, `since 1990`.
fn when(begin: Option<String>, end: Option<String>, kind: &str) -> String {
    let short = |b: &str, e: &str| -> Option<String> {
        let (by, ey) = (b.get(..4)?, e.get(..4)?);
        if b.get(4..)? == "-01-01" && e.get(4..)? == "-12-31" {
            return Some(if by == ey { by.to_owned() } else { format!("{by} – {ey}") });
        }
        if b.get(..7)? == e.get(..7)? && b.get(7..)? == "-01" && e.get(8..)?.parse::<u8>().ok()? >= 28 {
            return Some(b[..7].to_owned());
        }
        None
    };
    match (begin, end) {
        (Some(b), Some(e)) if b == e => b,
        (Some(b), Some(e)) => match kind {
            "since" => format!("since {}", if b.ends_with("-01-01") { &b[..4] } else { &b }),
            "as of" => format!("as of {e}"),
            _ => short(&b, &e).unwrap_or_else(|| format!("{b} – {e}")),
        },
        (None, Some(e)) => format!("before {e}"),
        (Some(b), None) => format!("after {b}"),
        (None, None) => "undated".to_owned(),
    }
}

/// A field's serialized name (`person`, `as_of`), in words.
fn word<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s.replace('_', " "),
        _ => String::new(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "… and N more", when a list was cut.
fn more(out: &mut dyn Write, opts: &TextOptions, total: usize) -> io::Result<()> {
    if total <= MAX_ROWS {
        return Ok(());
    }
    let mut line = Cells::new();
    line.text(&format!("… and {} more (--format json lists them all)", total - MAX_ROWS), Ink::Faint);
    line.write(out, opts.colour, opts.width, 2, 2)
}

/// "narration" or "quoting SOURCE", for a span's voice.
pub(crate) fn voice_words(record: &ArticleRecord, voice: Voice) -> String {
    match voice {
        Voice::Narration => "the outlet's own words".to_owned(),
        Voice::Attribution(i) => {
            let source = record
                .attributions
                .as_ref()
                .and_then(|a| a.get(i))
                .and_then(|a| a.source.as_ref())
                .map(|s| one_line(s.refers_to.as_ref().map_or(&s.text, |r| &r.text)));
            match source {
                Some(s) => format!("quoting {}", trim_source(&s)),
                None => "quoted".to_owned(),
            }
        }
    }
}

/// A source's words without the punctuation its span caught at the end
/// ("a former ringleader of the MKO," or "NCR)" with no opening bracket).
pub(super) fn trim_source(text: &str) -> &str {
    let mut t = text.trim_end_matches([',', ';', ':', ' ']);
    if t.ends_with(')') && !t.contains('(') {
        t = t[..t.len() - 1].trim_end_matches([',', ';', ':', ' ']);
    }
    if t.is_empty() { text } else { t }
}

#[cfg(test)]
mod tests {
    use super::when;

    #[test]
    fn periods_are_said_shortly() {
        let s = |x: &str| Some(x.to_owned());
        assert_eq!(when(s("1986-01-01"), s("1986-12-31"), "dated"), "1986");
        assert_eq!(when(s("1980-01-01"), s("1988-12-31"), "range"), "1980 – 1988");
        assert_eq!(when(s("2012-03-01"), s("2012-03-31"), "dated"), "2012-03");
        assert_eq!(when(s("2012-03-17"), s("2012-03-17"), "dated"), "2012-03-17");
        assert_eq!(when(None, s("2012-03-20"), "before"), "before 2012-03-20");
        assert_eq!(when(s("1990-01-01"), s("2012-03-20"), "since"), "since 1990");
        assert_eq!(when(s("2012-03-20"), s("2012-03-20"), "as of"), "2012-03-20");
    }
}
