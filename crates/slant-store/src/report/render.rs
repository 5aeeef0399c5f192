//! A report as an aligned text table, CSV or JSON.

use std::io::{self, Write};

use slant_text::Technique;

use super::{Estimate, Report, Row};

fn rate(e: &Estimate) -> String {
    match (e.value, e.low, e.high) {
        (Some(v), Some(l), Some(h)) => format!("{v:.1} [{l:.1}–{h:.1}]"),
        (Some(v), _, _) => format!("{v:.1}"),
        _ => "–".into(),
    }
}

fn share(e: Option<&Estimate>) -> String {
    match e {
        Some(Estimate { value: Some(v), low: Some(l), high: Some(h), count, of }) => {
            format!("{:.0}% [{:.0}–{:.0}] {count}/{of}", v * 100.0, l * 100.0, h * 100.0)
        }
        Some(Estimate { value: Some(v), count, of, .. }) => format!("{:.0}% {count}/{of}", v * 100.0),
        _ => "–".into(),
    }
}

fn labels(row: &Row, n: usize) -> String {
    row.top_labels.iter().take(n).map(|l| format!("{} ({})", l.text, l.count)).collect::<Vec<_>>().join(", ")
}

/// An aligned table for a terminal: one line per row and the total.
pub fn table(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let head = [report.by.name(), "articles", "words", "spans", "per 1k words [95% CI]", "narration", "vague sources", "top labels"];
    // Rows that are voices have no narration share or vague-source share of their own.
    let voices = report.by == super::By::SourceKind;
    let keep: Vec<usize> = (0..head.len()).filter(|&i| !(voices && (i == 5 || i == 6))).collect();
    let mut lines: Vec<Vec<String>> = vec![keep.iter().map(|&i| head[i].to_owned()).collect()];
    for row in report.rows.iter().chain(std::iter::once(&report.total)) {
        let cells = [
            row.group.clone(),
            row.articles.to_string(),
            row.words.to_string(),
            row.rate.count.to_string(),
            rate(&row.rate),
            share(row.narration.as_ref()),
            share(row.vague_sources.as_ref()),
            labels(row, 3),
        ];
        lines.push(keep.iter().map(|&i| cells[i].clone()).collect());
    }
    let widths: Vec<usize> = (0..keep.len()).map(|i| lines.iter().map(|l| l[i].chars().count()).max().unwrap_or(0)).collect();
    for (n, line) in lines.iter().enumerate() {
        if n == lines.len() - 1 {
            writeln!(out, "{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "))?;
        }
        let mut text = String::new();
        for (i, cell) in line.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            if (1..=3).contains(&keep[i]) {
                text += &" ".repeat(pad);
                text += cell;
            } else {
                text += cell;
                if i + 1 < line.len() {
                    text += &" ".repeat(pad);
                }
            }
            if i + 1 < line.len() {
                text += "  ";
            }
        }
        writeln!(out, "{}", text.trim_end())?;
    }
    let note = if voices {
        "per 1k words: technique spans per 1,000 of the voice's words (narration: the outlet's own words; a kind of source: the content attributed to it), 95% interval over articles"
    } else {
        "per 1k words: technique spans per 1,000 words, 95% interval over articles; narration: share of spans in the outlet's own words; vague sources: share of attributions to vague or anonymous sources"
    };
    writeln!(out, "\n{note}")
}

/// CSV: one line per row and the total, every estimate with its interval
/// and counts, every technique's rate.
pub fn csv(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    let mut head: Vec<String> = [
        report.by.name(), "articles", "words", "spans", "rate", "rate_low", "rate_high", "narration_spans", "narration_of",
        "narration_share", "narration_low", "narration_high", "vague_attributions", "attributions", "vague_share",
        "vague_low", "vague_high", "top_labels",
    ]
    .map(str::to_owned)
    .to_vec();
    for t in Technique::ALL {
        for s in ["spans", "rate", "low", "high"] {
            head.push(format!("{}_{s}", t.code()));
        }
    }
    w.write_record(&head)?;
    let f = |v: Option<f64>| v.map(|v| format!("{v:.6}")).unwrap_or_default();
    for row in report.rows.iter().chain(std::iter::once(&report.total)) {
        let mut rec = vec![row.group.clone(), row.articles.to_string(), row.words.to_string(), row.rate.count.to_string()];
        rec.extend([f(row.rate.value), f(row.rate.low), f(row.rate.high)]);
        for e in [row.narration.as_ref(), row.vague_sources.as_ref()] {
            match e {
                Some(e) => rec.extend([e.count.to_string(), e.of.to_string(), f(e.value), f(e.low), f(e.high)]),
                None => rec.extend(std::iter::repeat_n(String::new(), 5)),
            }
        }
        rec.push(row.top_labels.iter().map(|l| format!("{}:{}", l.text, l.count)).collect::<Vec<_>>().join("; "));
        for t in Technique::ALL {
            match row.techniques.get(t.label()) {
                Some(e) => rec.extend([e.count.to_string(), f(e.value), f(e.low), f(e.high)]),
                None => rec.extend(["0".to_owned(), String::new(), String::new(), String::new()]),
            }
        }
        w.write_record(&rec)?;
    }
    w.flush()
}

/// The report as one JSON document.
pub fn json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}
