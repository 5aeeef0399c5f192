//! The corpus dashboard: one self-contained HTML page with SVG charts drawn
//! by the binary (rates by outlet, trends by month, the technique mix, voice
//! shares by outlet, labels per outlet and for the most mentioned actors).
//!
//! The page has no script at all. Its one inline stylesheet is allowed by
//! its hash in a Content-Security-Policy that forbids everything else, and
//! every name, label and title is HTML-escaped (outlets and labels come from
//! untrusted input). Served by `slant serve --db`, bars and points link to
//! the articles behind them ([`list`]), and those to their reports.

pub mod list;
mod svg;

use std::fmt::Write as _;
use std::sync::OnceLock;

use slant_report::html_escape::html_escaped as esc;

use crate::report::{By, Filters, Report, query_voices};
use crate::{Store, StoreError, report};
use svg::{Bar, COLOURS, Series, Stack};

pub use list::{ArticleQuery, article_list, article_page};

/// Outlets drawn as their own lines and stacks (the largest ones).
const MAX_OUTLETS: usize = 8;
/// Actors given a "labels per outlet" panel.
const FOCUS_ACTORS: usize = 2;

const CSS: &str = "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#111;background:#fff}
main{max-width:1100px;margin:0 auto;padding:1rem 1.2rem 3rem}
h1{font-size:1.5rem;margin:.4rem 0}h2{font-size:1.15rem;margin:2rem 0 .3rem;border-bottom:1px solid #ccc}
p.note{color:#444;margin:.2rem 0 .6rem;max-width:60rem}
svg.chart{width:100%;height:auto;max-width:900px;display:block}
svg text{font:12px system-ui,sans-serif;fill:#111}
svg text.label{text-anchor:end}svg text.tick{text-anchor:middle;fill:#555}svg .n{fill:#666}
svg text.inbar{font-size:11px}svg text.light{fill:#fff}svg a:hover rect,svg a:focus rect{opacity:.75}svg a:focus{outline:2px solid #000}
table{border-collapse:collapse;margin:.4rem 0;font-size:14px}th,td{padding:.25rem .6rem;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:.8rem}
.card{border:1px solid #ddd;border-radius:6px;padding:.4rem .7rem}.card h3{font-size:1rem;margin:.2rem 0}
.card ol{margin:.2rem 0;padding-left:1.3rem}.muted{color:#666}a{color:#0057a3}
.chartbox{overflow-x:auto}
@media (max-width:600px){main{padding:.6rem}svg.chart{min-width:560px}}";

/// The Content-Security-Policy of the dashboard and the article lists: the
/// inline stylesheet by its hash, nothing else.
pub fn csp() -> &'static str {
    static CSP: OnceLock<String> = OnceLock::new();
    CSP.get_or_init(|| {
        use base64::Engine as _;
        use sha2::Digest as _;
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(CSS.as_bytes()));
        format!("default-src 'none'; style-src 'sha256-{hash}'; img-src data:; base-uri 'none'; form-action 'none'")
    })
}

/// The head of every page: CSP, title, stylesheet.
pub(crate) fn head(title: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n<meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        esc(csp()),
        esc(title)
    )
}

/// Where a chart's marks lead when the dashboard is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// A file: no links.
    None,
    /// Served: marks link to `/corpus/articles?…`.
    Served,
}

impl Links {
    fn href(self, pairs: &[(&str, &str)]) -> Option<String> {
        match self {
            Self::None => None,
            Self::Served => Some(format!("/corpus/articles?{}", list::query_string(pairs))),
        }
    }
}

/// Renders the dashboard of `store` (the articles `filters` keep).
///
/// # Errors
/// SQLite's.
pub fn render(store: &Store, filters: &Filters, links: Links) -> Result<String, StoreError> {
    let mut f = filters.clone();
    f.top_labels = 8;
    let outlets = report::report(store, By::Outlet, &f)?;
    let months = report::report(store, By::Month, &f)?;
    let techniques = report::report(store, By::Technique, &f)?;
    let mut page = head("slant corpus dashboard");
    let total = &outlets.total;
    let _ = write!(
        page,
        "<h1>slant corpus dashboard</h1>\n<p class=\"note\">{} articles, {} words, {} technique spans: {} per 1,000 words{}. \
         Bars show 95&nbsp;% intervals over articles; the counts behind each rate are beside it.{}</p>\n",
        total.articles,
        total.words,
        total.rate.count,
        total.rate.value.map_or("–".into(), |v| format!("{v:.1}")),
        describe_filters(filters),
        if links == Links::Served { " Bars and points lead to their articles." } else { "" }
    );
    if total.articles == 0 {
        page.push_str("<p>No article is stored (or none matches the filters).</p>\n</main>\n</body>\n</html>\n");
        return Ok(page);
    }
    outlet_section(&mut page, &outlets, links);
    month_section(store, &mut page, &f, &outlets, &months, links)?;
    technique_section(&mut page, &techniques, links);
    voice_section(store, &mut page, &f, &outlets)?;
    label_section(store, &mut page, &f, &outlets, links)?;
    page.push_str("</main>\n</body>\n</html>\n");
    Ok(page)
}

fn describe_filters(f: &Filters) -> String {
    let mut parts = Vec::new();
    if !f.outlets.is_empty() {
        parts.push(format!("outlets {}", esc(&f.outlets.join(", "))));
    }
    if let Some(s) = &f.since {
        parts.push(format!("since {}", esc(s)));
    }
    if let Some(u) = &f.until {
        parts.push(format!("until {}", esc(u)));
    }
    if !f.techniques.is_empty() {
        parts.push(format!("techniques {}", esc(&f.techniques.iter().map(|t| t.name()).collect::<Vec<_>>().join(", "))));
    }
    if let Some(a) = &f.actor {
        parts.push(format!("articles mentioning {}", esc(a)));
    }
    if parts.is_empty() { String::new() } else { format!(" ({})", parts.join("; ")) }
}

fn outlet_section(page: &mut String, outlets: &Report, links: Links) {
    page.push_str("<h2>Technique spans per 1,000 words, by outlet</h2>\n");
    let bars: Vec<Bar<'_>> = outlets
        .rows
        .iter()
        .map(|r| Bar { label: &r.group, estimate: &r.rate, href: links.href(&[("outlet", &r.group)]), colour: COLOURS[0] })
        .collect();
    page.push_str(&svg::bars("Technique spans per 1,000 words by outlet", &bars, false));
    page.push_str("\n<h2>Share of spans in the outlet's own narration</h2>\n<p class=\"note\">The rest are inside quoted or attributed words.</p>\n");
    let bars: Vec<Bar<'_>> = outlets
        .rows
        .iter()
        .filter_map(|r| Some(Bar { label: &r.group, estimate: r.narration.as_ref()?, href: None, colour: COLOURS[2] }))
        .collect();
    page.push_str(&svg::bars("Share of spans in narration by outlet", &bars, true));
    page.push_str("\n<h2>Share of attributions to vague or anonymous sources</h2>\n");
    let bars: Vec<Bar<'_>> = outlets
        .rows
        .iter()
        .filter_map(|r| Some(Bar { label: &r.group, estimate: r.vague_sources.as_ref()?, href: None, colour: COLOURS[3] }))
        .collect();
    page.push_str(&svg::bars("Share of vague sources by outlet", &bars, true));
    page.push('\n');
}

fn month_section(store: &Store, page: &mut String, f: &Filters, outlets: &Report, months: &Report, links: Links) -> Result<(), StoreError> {
    let dated: Vec<&report::Row> = months.rows.iter().filter(|r| r.group != "(undated)").collect();
    if dated.len() < 2 {
        return Ok(());
    }
    let month_names: Vec<String> = dated.iter().map(|r| r.group.clone()).collect();
    page.push_str("<h2>Trend by month</h2>\n<p class=\"note\">Technique spans per 1,000 words; the thick line is every outlet together, with its 95&nbsp;% interval as a band.</p>\n");
    let mut per_outlet = Vec::new();
    let mut largest: Vec<&report::Row> = outlets.rows.iter().collect();
    largest.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.group.cmp(&b.group)));
    for r in largest.iter().take(MAX_OUTLETS - 1) {
        let mut g = f.clone();
        g.outlets = vec![r.group.clone()];
        per_outlet.push((r.group.clone(), report::report(store, By::Month, &g)?));
    }
    let mut series = vec![Series {
        name: "all outlets",
        points: dated.iter().map(|r| (r.group.as_str(), r.rate)).collect(),
        hrefs: dated.iter().map(|r| links.href(&[("month", &r.group)])).collect(),
    }];
    for (name, rep) in &per_outlet {
        let rows: Vec<&report::Row> = rep.rows.iter().filter(|r| r.group != "(undated)").collect();
        series.push(Series {
            name,
            points: rows.iter().map(|r| (r.group.as_str(), r.rate)).collect(),
            hrefs: rows.iter().map(|r| links.href(&[("outlet", name), ("month", &r.group)])).collect(),
        });
    }
    page.push_str(&svg::lines("Technique spans per 1,000 words by month", &month_names, &series));
    page.push('\n');
    Ok(())
}

fn technique_section(page: &mut String, techniques: &Report, links: Links) {
    page.push_str("<h2>Techniques: spans per 1,000 words</h2>\n");
    let styles: Vec<(String, &'static str)> =
        slant_report::technique_styles().into_iter().map(|s| (s.label.to_owned(), s.colour)).collect();
    let names: Vec<String> = techniques
        .rows
        .iter()
        .map(|r| slant_text::Technique::from_label(&r.group).map_or(r.group.clone(), |t| t.name().to_owned()))
        .collect();
    let bars: Vec<Bar<'_>> = techniques
        .rows
        .iter()
        .zip(&names)
        .filter(|(r, _)| r.rate.count > 0)
        .map(|(r, name)| Bar {
            label: name,
            estimate: &r.rate,
            href: links.href(&[("technique", &r.group)]),
            colour: styles.iter().find(|s| s.0 == r.group).map_or(COLOURS[0], |s| s.1),
        })
        .collect();
    page.push_str(&svg::bars("Spans per 1,000 words by technique", &bars, false));
    page.push('\n');
}

fn voice_section(store: &Store, page: &mut String, f: &Filters, outlets: &Report) -> Result<(), StoreError> {
    page.push_str("<h2>Whose voice carries the spans</h2>\n<p class=\"note\">Technique spans by voice: the outlet's narration, or the content attributed to each kind of source.</p>\n");
    let voices = report::VOICES;
    let mut rows = Vec::new();
    let mut shown: Vec<&report::Row> = outlets.rows.iter().collect();
    shown.sort_by(|a, b| a.group.cmp(&b.group));
    for r in shown.iter().take(MAX_OUTLETS * 2) {
        let counts = query_voices(store, f, &r.group)?;
        rows.push((r.group.as_str(), voices.iter().map(|v| counts.get(*v).copied().unwrap_or(0)).collect::<Vec<u64>>()));
    }
    let stacks: Vec<Stack<'_>> = rows.into_iter().map(|(label, counts)| Stack { label, counts }).collect();
    page.push_str(&svg::stacks("Technique spans by voice and outlet", voices, &stacks));
    page.push('\n');
    Ok(())
}

fn label_section(store: &Store, page: &mut String, f: &Filters, outlets: &Report, links: Links) -> Result<(), StoreError> {
    page.push_str("<h2>Labels per outlet</h2>\n<p class=\"note\">The evaluative labels each outlet pins on the actors it names, most used first (uses).</p>\n");
    label_cards(page, outlets, links, None);
    let mut g = f.clone();
    g.limit = FOCUS_ACTORS;
    let actors = report::report(store, By::Actor, &g)?;
    for a in &actors.rows {
        let mut h = f.clone();
        h.actor = Some(a.group.clone());
        h.top_labels = 8;
        let per_outlet = report::report(store, By::Outlet, &h)?;
        let _ = write!(
            page,
            "<h2>Labels for “{}” per outlet</h2>\n<p class=\"note\">Mentioned in {} articles.</p>\n",
            esc(&a.group),
            a.articles
        );
        label_cards(page, &per_outlet, links, Some(&a.group));
    }
    Ok(())
}

fn label_cards(page: &mut String, rep: &Report, links: Links, actor: Option<&str>) {
    page.push_str("<div class=\"grid\">\n");
    for r in &rep.rows {
        let _ = write!(page, "<div class=\"card\"><h3>");
        let mut pairs = vec![("outlet", r.group.as_str())];
        if let Some(a) = actor {
            pairs.push(("actor", a));
        }
        match links.href(&pairs) {
            Some(h) => {
                let _ = write!(page, "<a href=\"{}\">{}</a>", esc(&h), esc(&r.group));
            }
            None => page.push_str(&esc(&r.group)),
        }
        let _ = write!(page, " <span class=\"muted\">({} articles)</span></h3>", r.articles);
        if r.top_labels.is_empty() {
            page.push_str("<p class=\"muted\">no labels</p>");
        } else {
            page.push_str("<ol>");
            for l in &r.top_labels {
                let _ = write!(page, "<li>{} <span class=\"muted\">({})</span></li>", esc(&l.text), l.count);
            }
            page.push_str("</ol>");
        }
        page.push_str("</div>\n");
    }
    page.push_str("</div>\n");
}
