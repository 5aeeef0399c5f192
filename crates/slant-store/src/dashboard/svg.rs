//! The dashboard's charts, drawn as SVG by the binary: bars with 95 %
//! intervals, monthly lines, stacked shares. Every text is HTML-escaped;
//! colour is never the only cue (values are written beside the bars, lines
//! differ in dash pattern and carry their names). Each chart sits in a
//! `div.chartbox` that scrolls sideways on a phone, where the chart keeps a
//! width its text can be read at.

use std::fmt::Write as _;

use slant_report::html_escape::html_escaped as esc;

use crate::report::Estimate;

/// Okabe–Ito colours, for outlets and voices.
pub const COLOURS: [&str; 8] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"];
/// Width of the labels left of bars, and the characters that fit in it
/// (a technique's name, such as "Appeal to fear or prejudice", whole).
const LABEL_W: f64 = 220.0;
const LABEL_CHARS: usize = 30;
/// Dash patterns that go with [`COLOURS`] on lines.
const DASHES: [&str; 8] = ["", "6 3", "2 2", "8 3 2 3", "", "6 3", "2 2", "8 3 2 3"];

/// One bar: its label, its estimate and where it leads.
pub struct Bar<'a> {
    /// The label at its left.
    pub label: &'a str,
    /// The value and interval.
    pub estimate: &'a Estimate,
    /// A link (drill-down), when served.
    pub href: Option<String>,
    /// Its colour.
    pub colour: &'a str,
}

fn fmt_value(v: f64, percent: bool) -> String {
    if percent { format!("{:.0}%", v * 100.0) } else { format!("{v:.1}") }
}

/// Horizontal bars with their 95 % intervals and counts; `percent` for shares.
// Chart geometry reads best as x, y, h, s.
#[allow(clippy::many_single_char_names)]
pub fn bars(title: &str, bars: &[Bar<'_>], percent: bool) -> String {
    let label_w = LABEL_W;
    let plot_w = 430.0;
    let row_h = 26.0;
    let top = 8.0;
    let h = top + row_h * bars.len() as f64 + 28.0;
    let max = bars.iter().filter_map(|b| b.estimate.high.or(b.estimate.value)).fold(0.0f64, f64::max).max(if percent { 0.05 } else { 0.5 });
    let x = |v: f64| label_w + v / max * plot_w;
    let mut s = String::new();
    let _ = write!(s, r#"<div class="chartbox"><svg class="chart" viewBox="0 0 {:.0} {h:.0}" role="img" aria-label="{}"><title>{}</title>"#, label_w + plot_w + 150.0, esc(title), esc(title));
    for t in ticks(max) {
        let _ = write!(
            s,
            r##"<line x1="{0:.1}" x2="{0:.1}" y1="{top}" y2="{1:.1}" stroke="#ddd"/><text x="{0:.1}" y="{2:.1}" class="tick">{3}</text>"##,
            x(t),
            h - 22.0,
            h - 8.0,
            fmt_value(t, percent)
        );
    }
    for (i, b) in bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let e = b.estimate;
        let v = e.value.unwrap_or(0.0);
        let tip = format!(
            "{}: {}{} ({} of {})",
            b.label,
            fmt_value(v, percent),
            match (e.low, e.high) {
                (Some(l), Some(h)) => format!(", 95% interval {}–{}", fmt_value(l, percent), fmt_value(h, percent)),
                _ => String::new(),
            },
            e.count,
            e.of
        );
        let open = b.href.as_ref().map_or(String::new(), |h| format!(r#"<a href="{}">"#, esc(h)));
        let close = if b.href.is_some() { "</a>" } else { "" };
        let _ = write!(
            s,
            r#"{open}<g class="bar"><title>{}</title><text x="{:.1}" y="{:.1}" class="label">{}</text><rect x="{label_w}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"/>"#,
            esc(&tip),
            label_w - 8.0,
            y + row_h * 0.62,
            esc(&shorten(b.label, LABEL_CHARS)),
            y + 4.0,
            (x(v) - label_w).max(0.5),
            row_h - 8.0,
            b.colour
        );
        if let (Some(l), Some(hh)) = (e.low, e.high) {
            let cy = y + row_h / 2.0;
            let _ = write!(
                s,
                r##"<line x1="{:.1}" x2="{:.1}" y1="{cy:.1}" y2="{cy:.1}" stroke="#222" stroke-width="1.5"/><line x1="{0:.1}" x2="{0:.1}" y1="{2:.1}" y2="{3:.1}" stroke="#222"/><line x1="{1:.1}" x2="{1:.1}" y1="{2:.1}" y2="{3:.1}" stroke="#222"/>"##,
                x(l),
                x(hh),
                cy - 5.0,
                cy + 5.0
            );
        }
        let end = x(e.high.unwrap_or(v).max(v));
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" class="value">{} <tspan class="n">({}/{})</tspan></text></g>{close}"#,
            end + 6.0,
            y + row_h * 0.62,
            fmt_value(v, percent),
            e.count,
            e.of
        );
    }
    s.push_str("</svg></div>");
    s
}

/// One line of a line chart.
pub struct Series<'a> {
    /// Its name (legend).
    pub name: &'a str,
    /// Points by month, in order.
    pub points: Vec<(&'a str, Estimate)>,
    /// Links of the points (drill-down), when served.
    pub hrefs: Vec<Option<String>>,
}

/// Monthly rates, one line per series; the first series gets its 95 %
/// interval drawn as a band.
// Chart geometry reads best as x, y, h, s.
#[allow(clippy::many_single_char_names)]
pub fn lines(title: &str, months: &[String], series: &[Series<'_>]) -> String {
    let (left, plot_w, plot_h, top) = (48.0, 620.0, 240.0, 10.0);
    let legend_h = 18.0 * series.len().div_ceil(3) as f64;
    let h = top + plot_h + 40.0 + legend_h;
    let mut max = 0.5f64;
    for (k, s) in series.iter().enumerate() {
        for (_, e) in &s.points {
            // The first series draws its interval, which must fit.
            if let Some(v) = if k == 0 { e.high.or(e.value) } else { e.value } {
                max = max.max(v);
            }
        }
    }
    let step = if months.len() > 1 { plot_w / (months.len() - 1) as f64 } else { 0.0 };
    let x = |m: &str| left + months.iter().position(|x| x == m).unwrap_or(0) as f64 * step;
    let y = |v: f64| top + plot_h - v / max * plot_h;
    let mut s = String::new();
    let _ = write!(s, r#"<div class="chartbox"><svg class="chart" viewBox="0 0 {:.0} {h:.0}" role="img" aria-label="{}"><title>{}</title>"#, left + plot_w + 30.0, esc(title), esc(title));
    for t in ticks(max) {
        let _ = write!(s, r##"<line x1="{left}" x2="{0:.1}" y1="{1:.1}" y2="{1:.1}" stroke="#ddd"/><text x="{2:.1}" y="{3:.1}" class="label">{t:.0}</text>"##, left + plot_w, y(t), left - 6.0, y(t) + 4.0);
    }
    let every = months.len().div_ceil(12).max(1);
    for (i, m) in months.iter().enumerate() {
        if i % every == 0 {
            let _ = write!(s, r#"<text x="{:.1}" y="{:.1}" class="tick">{}</text>"#, x(m), top + plot_h + 16.0, esc(m));
        }
    }
    if let Some(first) = series.first() {
        let band: Vec<(f64, f64, f64)> =
            first.points.iter().filter_map(|(m, e)| Some((x(m), y(e.low?), y(e.high?)))).collect();
        if band.len() > 1 {
            let mut d = String::new();
            for (i, (px, _, hi)) in band.iter().enumerate() {
                let _ = write!(d, "{}{px:.1},{hi:.1} ", if i == 0 { "M" } else { "L" });
            }
            for (px, lo, _) in band.iter().rev() {
                let _ = write!(d, "L{px:.1},{lo:.1} ");
            }
            let _ = write!(s, r#"<path d="{}Z" fill="{}" fill-opacity="0.15"><title>95% interval of {}</title></path>"#, d, COLOURS[0], esc(first.name));
        }
    }
    for (k, se) in series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let pts: Vec<String> = se.points.iter().filter_map(|(m, e)| Some(format!("{:.1},{:.1}", x(m), y(e.value?)))).collect();
        let width = if k == 0 { 3.0 } else { 1.8 };
        let _ = write!(s, r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="{width}" stroke-dasharray="{}"/>"#, pts.join(" "), DASHES[k % DASHES.len()]);
        for ((m, e), href) in se.points.iter().zip(se.hrefs.iter().chain(std::iter::repeat(&None))) {
            let Some(v) = e.value else { continue };
            let tip = format!("{} {}: {:.1} per 1,000 words ({} spans, {} words)", se.name, m, v, e.count, e.of);
            let open = href.as_ref().map_or(String::new(), |h| format!(r#"<a href="{}">"#, esc(h)));
            let close = if href.is_some() { "</a>" } else { "" };
            let _ = write!(s, r#"{open}<circle cx="{:.1}" cy="{:.1}" r="{}" fill="{colour}"><title>{}</title></circle>{close}"#, x(m), y(v), if k == 0 { 4.0 } else { 2.5 }, esc(&tip));
        }
        let (lx, ly) = (left + (k % 3) as f64 * 226.0, top + plot_h + 34.0 + 18.0 * (k / 3) as f64);
        let _ = write!(
            s,
            r#"<line x1="{lx:.1}" x2="{:.1}" y1="{:.1}" y2="{1:.1}" stroke="{colour}" stroke-width="{width}" stroke-dasharray="{}"/><text x="{:.1}" y="{ly:.1}" class="legend">{}</text>"#,
            lx + 26.0,
            ly - 4.0,
            DASHES[k % DASHES.len()],
            lx + 32.0,
            esc(&shorten(se.name, 26))
        );
    }
    s.push_str("</svg></div>");
    s
}

/// One stacked bar: its label and the count of each part.
pub struct Stack<'a> {
    /// The label at its left.
    pub label: &'a str,
    /// Count per part, in the order of the parts.
    pub counts: Vec<u64>,
}

/// Stacked horizontal bars of shares (each bar sums to 100 %).
// Chart geometry reads best as x, y, h, s.
#[allow(clippy::many_single_char_names)]
pub fn stacks(title: &str, parts: &[&str], rows: &[Stack<'_>]) -> String {
    let (label_w, plot_w, row_h, top) = (LABEL_W, 480.0, 26.0, 8.0);
    let h = top + row_h * rows.len() as f64 + 18.0 * parts.len().div_ceil(4) as f64 + 16.0;
    let mut s = String::new();
    let _ = write!(s, r#"<div class="chartbox"><svg class="chart" viewBox="0 0 {:.0} {h:.0}" role="img" aria-label="{}"><title>{}</title>"#, label_w + plot_w + 20.0, esc(title), esc(title));
    for (i, r) in rows.iter().enumerate() {
        let y = top + row_h * i as f64;
        let total: u64 = r.counts.iter().sum();
        let _ = write!(s, r#"<text x="{:.1}" y="{:.1}" class="label">{}</text>"#, label_w - 8.0, y + row_h * 0.62, esc(&shorten(r.label, LABEL_CHARS)));
        let mut x = label_w;
        for (k, c) in r.counts.iter().enumerate() {
            if *c == 0 || total == 0 {
                continue;
            }
            let w = *c as f64 / total as f64 * plot_w;
            let share = *c as f64 / total as f64;
            let tip = format!("{}: {} {:.0}% ({} of {} spans)", r.label, parts[k], share * 100.0, c, total);
            let _ = write!(s, r#"<rect x="{x:.1}" y="{:.1}" width="{w:.1}" height="{:.1}" fill="{}"><title>{}</title></rect>"#, y + 4.0, row_h - 8.0, COLOURS[k % COLOURS.len()], esc(&tip));
            if w > 34.0 {
                // White on the dark blue and the black; a class, since the
                // stylesheet's `svg text` fill overrides a fill attribute.
                let ink = if matches!(k % COLOURS.len(), 0 | 6) { "inbar light" } else { "inbar" };
                let _ = write!(s, r#"<text x="{:.1}" y="{:.1}" class="{ink}">{:.0}%</text>"#, x + 4.0, y + row_h * 0.62, share * 100.0);
            }
            x += w;
        }
    }
    for (k, p) in parts.iter().enumerate() {
        let (lx, ly) = (label_w + (k % 4) as f64 * 120.0, top + row_h * rows.len() as f64 + 14.0 + 18.0 * (k / 4) as f64);
        let _ = write!(s, r#"<rect x="{lx:.1}" y="{:.1}" width="12" height="12" fill="{}"/><text x="{:.1}" y="{ly:.1}" class="legend">{}</text>"#, ly - 10.0, COLOURS[k % COLOURS.len()], lx + 16.0, esc(p));
    }
    s.push_str("</svg></div>");
    s
}

/// Up to five round tick values from 0 to `max`.
fn ticks(max: f64) -> Vec<f64> {
    let raw = max / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(raw);
    (0..=5).map(|i| f64::from(i) * step).take_while(|t| *t <= max * 1.0001).collect()
}

/// A label cut to `n` characters.
pub fn shorten(text: &str, n: usize) -> String {
    crate::source::truncate(text, n)
}
