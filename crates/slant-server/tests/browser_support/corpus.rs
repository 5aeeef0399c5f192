//! The corpus dashboard in the browser: a small corpus, some of whose
//! outlet names, titles, ids and texts are markup that would run a script,
//! served by `slant serve --db` (charts drawn, a bar leads to its articles,
//! an article to its report) and written as a file (no links).

use std::path::{Path, PathBuf};

use fantoccini::Locator;
use serde_json::{Value, json};
use slant_analyzer::Analyzer;
use slant_store::ingest::{IngestOptions, Quiet, ingest};
use slant_store::source::Sources;

use super::readings::HOSTILE_READINGS;
use super::{Browser, HOSTILE};

/// An outlet name that is an element with a handler (29 characters, so
/// that the chart labels show it whole).
pub const HOSTILE_OUTLET: &str = "<img src=x onerror=__pwned=1>";
/// A title that is a script.
pub const HOSTILE_TITLE: &str = "<script>window.__pwned='title'</script>";
/// An id with a slash, a query and markup (ids are often addresses).
pub const HOSTILE_KEY: &str = "https://x.test/a?b=<b>1</b>&c=\"2\"";

const SENTENCES: &[&str] = &[
    "The corrupt regime lied again about the shameful deal.",
    "“This is a disgrace and a betrayal of our great nation,” said Senator Maria Lopez on Tuesday.",
    "Officials said the plan would cost $4 billion over ten years.",
    "According to a report by the Harbour Institute, the toll will strangle small businesses.",
    "Critics called Mayor Tom Reed a reckless ringleader of a shameful scheme.",
    "Experts say the evidence is thin.",
    "Many believe this is the worst crisis in decades, and they are right.",
];

/// `(key, outlet, title, published, text)` of every article of the corpus.
pub fn articles() -> Vec<(String, String, String, String, String)> {
    let mut out = Vec::new();
    for i in 0..12usize {
        let text: Vec<&str> = (0..5 + i % 3).map(|k| SENTENCES[(i + k * 2) % SENTENCES.len()]).collect();
        out.push((
            format!("n{i:02}"),
            ["Gazette", "Herald", HOSTILE_OUTLET][i % 3].to_owned(),
            format!("Headline {i}"),
            format!("2016-{:02}-{:02}", i % 4 + 1, i + 1),
            text.join(" "),
        ));
    }
    out.push((HOSTILE_KEY.to_owned(), HOSTILE_OUTLET.to_owned(), HOSTILE_TITLE.to_owned(), "2016-02-10".to_owned(), HOSTILE.to_owned()));
    out.push(("readings".to_owned(), HOSTILE_OUTLET.to_owned(), "<b>Readings</b>".to_owned(), "2016-03-03".to_owned(), HOSTILE_READINGS.to_owned()));
    out
}

/// The corpus analysed into `dir/corpus.db`.
pub fn database(dir: &Path, analyzer: &Analyzer) -> PathBuf {
    let input = dir.join("corpus.jsonl");
    let lines: Vec<String> = articles()
        .into_iter()
        .map(|(id, outlet, title, published, text)| json!({"id": id, "outlet": outlet, "title": title, "published": published, "text": text}).to_string())
        .collect();
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let db = dir.join("corpus.db");
    let summary = ingest(&db, Sources::new(&[input], None).unwrap(), analyzer, &Quiet, IngestOptions::default(), "browser test").unwrap();
    assert_eq!(summary.failed, 0, "{summary:?}");
    db
}

/// No script ran; every element in `main` is one the page makes (no
/// `script`, `img`, `iframe`, … from a name or a title), and every link
/// leads into the corpus pages.
async fn assert_inert(b: &Browser) {
    assert_eq!(b.eval("return typeof window.__pwned", vec![]).await, json!("undefined"), "no injected script ran");
    let foreign = b.eval("return document.querySelectorAll('main :is(script, img, iframe, object, embed, textarea, foreignObject, b)').length", vec![]).await;
    assert_eq!(foreign, json!(0), "no element made from a name or a title");
    let links = b
        .eval("return Array.from(document.querySelectorAll('main a')).map((a) => a.getAttribute('href')).filter((h) => !h.startsWith('/corpus'))", vec![])
        .await;
    assert_eq!(links, json!([]), "every link stays in the corpus pages");
}

/// What the dashboard draws: (charts, bars with a width, line points,
/// stacked segments, label cards).
async fn drawn(b: &Browser) -> Vec<u64> {
    let counts = b
        .eval(
            "const q = (s) => document.querySelectorAll(s);
             return [q('svg.chart').length,
                     Array.from(q('svg.chart g.bar rect')).filter((r) => r.getBBox().width > 0.4).length,
                     q('svg.chart circle').length,
                     q('svg.chart rect title').length,
                     q('.card').length];",
            vec![],
        )
        .await;
    serde_json::from_value(counts).unwrap()
}

/// Screenshots the whole page (the window made as tall as it) as `name`.
async fn screenshot(b: &Browser, name: &str) {
    let height = b.eval("return document.documentElement.scrollHeight", vec![]).await.as_u64().unwrap_or(1400);
    b.client.set_window_size(1280, u32::try_from(height.clamp(800, 6000)).unwrap() + 120).await.unwrap();
    b.client.screenshot().await.map(|png| b.save(name, &png)).unwrap();
    b.client.set_window_size(1200, 1400).await.unwrap();
}

/// The served dashboard: charts, drill-down from a bar to its articles and
/// from an article to its report, hostile names inert on every page.
pub async fn served_checks(b: &Browser) {
    b.client.goto(&format!("{}corpus", b.base)).await.unwrap();
    b.wait_for("document.readyState === 'complete' && document.querySelector('svg.chart')").await;
    let [charts, bars, points, segments, cards] = drawn(b).await[..] else { panic!("five counts") };
    assert!(charts >= 6, "{charts} charts");
    // Three outlets in each of three outlet charts, and fourteen techniques at most.
    assert!(bars >= 9, "{bars} bars");
    assert!(points >= 4 && segments >= 3 && cards >= 3, "points {points}, segments {segments}, cards {cards}");
    let labels = b.eval("return Array.from(document.querySelectorAll('svg.chart text.label')).map((t) => t.textContent)", vec![]).await;
    assert!(labels.as_array().unwrap().contains(&json!(HOSTILE_OUTLET)), "the hostile outlet is drawn as text: {labels}");
    assert_inert(b).await;
    screenshot(b, "slant-corpus-dashboard.png").await;

    // A point of the monthly trend leads to that month's articles.
    let href = b.eval("return document.querySelector('svg.chart a circle').parentNode.getAttribute('href')", vec![]).await;
    assert!(href.as_str().unwrap().contains("month=2016-0"), "{href}");

    // The hostile outlet's bar leads to its articles.
    let bar = b
        .client
        .find(Locator::XPath("(//*[local-name()='svg'])[1]//*[local-name()='a'][.//*[local-name()='text' and @class='label' and starts-with(., '<img')]]//*[local-name()='rect']"))
        .await
        .unwrap();
    bar.click().await.unwrap();
    b.wait_for("location.pathname === '/corpus/articles' && document.readyState === 'complete'").await;
    let rows = b.eval("return Array.from(document.querySelectorAll('tbody tr')).map((r) => [r.cells[0].textContent, r.cells[1].textContent])", vec![]).await;
    let expected: Vec<Value> = articles().into_iter().filter(|a| a.1 == HOSTILE_OUTLET).map(|a| json!([a.2, a.1])).collect();
    let mut got = rows.as_array().cloned().unwrap_or_default();
    got.sort_by_key(Value::to_string);
    let mut want = expected.clone();
    want.sort_by_key(Value::to_string);
    // Articles without spans are listed too (no technique is chosen).
    assert_eq!(got, want, "the articles behind the bar");
    assert_inert(b).await;
    screenshot(b, "slant-corpus-articles.png").await;

    // The hostile article leads to its report, drawn from the stored record.
    let link = b.client.find(Locator::XPath("//tbody//a[starts-with(., '<script>')]")).await.unwrap();
    link.click().await.unwrap();
    b.wait_for("location.pathname.startsWith('/corpus/article/') && document.body.classList.contains('slant-ready')").await;
    let text = b.eval("return document.querySelector('.slant-text').textContent", vec![]).await;
    assert_eq!(text.as_str(), Some(HOSTILE), "the report draws the stored text");
    let heading = b.eval("return document.querySelector('main h2').textContent", vec![]).await;
    assert!(heading.as_str().unwrap().contains(HOSTILE_TITLE), "the title is shown as text: {heading}");
    assert_eq!(b.eval("return typeof window.__pwned", vec![]).await, json!("undefined"), "no injected script ran");
    let marks = b.eval("return document.querySelectorAll('.slant-text mark.slant-sp').length", vec![]).await;
    assert!(marks.as_u64().unwrap() > 0, "the report draws the stored spans");
    screenshot(b, "slant-corpus-article.png").await;
}

/// The dashboard written as a file: the same charts, no links, inert.
pub async fn file_checks(b: &Browser, db: &Path) {
    let store = slant_store::Store::open_read_only(db).unwrap();
    let page = slant_store::dashboard::render(&store, &slant_store::report::Filters::default(), slant_store::dashboard::Links::None).unwrap();
    let path = b.save("slant-corpus-dashboard.html", page.as_bytes());
    b.client.goto(&format!("file://{}", path.display())).await.unwrap();
    b.wait_for("document.readyState === 'complete' && document.querySelector('svg.chart')").await;
    let [charts, bars, ..] = drawn(b).await[..] else { panic!("five counts") };
    assert!(charts >= 6 && bars >= 9, "{charts} charts, {bars} bars");
    assert_eq!(b.eval("return document.querySelectorAll('a').length", vec![]).await, json!(0), "a file has no links");
    assert_inert(b).await;
    let fits = b.eval("return document.documentElement.scrollWidth <= window.innerWidth", vec![]).await;
    assert_eq!(fits, json!(true), "no sideways scrolling");
    b.client.set_window_size(390, 844).await.unwrap();
    let fits = b.eval("return document.documentElement.scrollWidth <= window.innerWidth", vec![]).await;
    assert_eq!(fits, json!(true), "no sideways scrolling at phone width");
    let chart = b.eval("return document.querySelector('svg.chart').getBoundingClientRect().width", vec![]).await;
    assert!(chart.as_f64().unwrap() >= 500.0, "a chart keeps a readable width on a phone (its box scrolls): {chart}");
    b.client.screenshot().await.map(|png| b.save("slant-corpus-phone.png", &png)).unwrap();
    b.client.set_window_size(1200, 1400).await.unwrap();
}
