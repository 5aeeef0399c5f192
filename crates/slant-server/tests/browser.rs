//! End to end in a real headless Chromium, driven over the `WebDriver`
//! protocol (chromedriver): the page analyses an example article, draws the right
//! techniques, hides spans with the slider and the legend, explains a span
//! on focus, runs nothing from a hostile article, and reads at phone width;
//! the HTML report draws overlapping spans and runs nothing either; it
//! draws the seed article's readings (an actor pressed marks its mentions,
//! the narration/quoted switch filters spans, the timeline's rows move
//! focus to their claims), runs nothing from a hostile article's readings,
//! and draws no panel for an article without readings. The corpus
//! dashboard, served and as a file, draws its charts, leads from a bar to
//! its articles and from an article to its report, and runs nothing from
//! hostile outlet names, titles, ids and texts.
//! Screenshots go to `target/tmp/slant-*.png`.
//!
//! Skips, with a message, only where Chromium or chromedriver is missing
//! (`.ci/run` installs Debian's `chromium` and `chromium-driver`). Set
//! `SLANT_CHROMIUM` and `SLANT_CHROMEDRIVER` to use other binaries.

mod browser_support;

use std::time::Duration;

use browser_support::readings::{hostile_and_bare_checks, hostile_readings, seed_article, seed_checks, seed_record};
use browser_support::{Browser, HOSTILE, overlap_fixture};
use fantoccini::Locator;
use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::key::Key;
use serde_json::{Value, json};
use slant_model::DetectOptions;
use slant_report::Renderer;
use slant_text::{Document, Technique};

const EXAMPLE: &str = include_str!("../../../examples/harbour-tax.txt");

/// (technique index, span text, tag) of every span drawn in `root`.
const DRAWN_SPANS: &str = r"
    const spans = new Map();
    for (const m of document.querySelectorAll(arguments[0] + ' mark.slant-sp')) {
      const s = spans.get(m.dataset.k) || { tech: Number(m.className.match(/\bt(\d+)\b/)[1]), text: '', tag: null };
      s.text += m.textContent;
      const tag = m.querySelector(':scope > .slant-tag');
      if (tag) s.tag = tag.dataset.abbr;
      spans.set(m.dataset.k, s);
    }
    return Array.from(spans.values()).map((s) => [s.tech, s.text, s.tag]);";

fn expected_spans(text: &str, threshold: Option<f32>) -> Vec<Value> {
    let doc = Document::from_bytes("input", text.as_bytes()).unwrap();
    let detector = slant_model::registry::load("default").unwrap();
    let mut spans: Vec<Value> = detector
        .detect(&doc, &DetectOptions { threshold })
        .iter()
        .map(|s| json!([s.technique.index(), s.text, slant_report::technique_style(s.technique).abbr]))
        .collect();
    spans.sort_by_key(Value::to_string);
    spans
}

async fn drawn_spans(b: &Browser, root: &str) -> Vec<Value> {
    let mut spans: Vec<Value> = b.eval(DRAWN_SPANS, vec![json!(root)]).await.as_array().cloned().unwrap_or_default();
    spans.sort_by_key(Value::to_string);
    spans
}

async fn analyse(b: &Browser, text: &str, title: &str, threshold: &str) {
    b.eval("document.getElementById('slant-status').textContent = ''", vec![]).await;
    for (id, value) in [("slant-input", text), ("slant-title", title)] {
        let field = b.client.find(Locator::Id(id)).await.unwrap();
        field.clear().await.unwrap();
        if value.chars().all(|c| u32::from(c) <= 0xFFFF) {
            field.send_keys(value).await.unwrap();
        } else {
            // ChromeDriver types only characters of the Basic Multilingual Plane;
            // text beyond it (the hostile article's emoji) is set as a paste would.
            let set = "const f = document.getElementById(arguments[0]); f.value = arguments[1]; \
                       f.dispatchEvent(new Event('input', {bubbles: true}))";
            b.eval(set, vec![json!(id), json!(value)]).await;
        }
    }
    b.eval("document.querySelector('details').open = true", vec![]).await;
    let field = b.client.find(Locator::Id("slant-threshold")).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(threshold).await.unwrap();
    let typed = b.eval("return document.getElementById('slant-input').value", vec![]).await;
    assert_eq!(typed.as_str(), Some(text), "the text box holds exactly the article");
    b.client.find(Locator::Id("slant-analyze")).await.unwrap().click().await.unwrap();
    b.wait_for("document.getElementById('slant-status').textContent.startsWith('Found')").await;
}

async fn shown(b: &Browser) -> u64 {
    let n = b.eval("return document.querySelectorAll('mark.slant-sp[tabindex=\"0\"]').length", vec![]).await;
    n.as_u64().unwrap()
}

async fn page_checks(b: &Browser, base: &str) {
    b.client.goto(base).await.unwrap();
    b.wait_for("window.Slant && document.getElementById('slant-form')").await;

    // The example: the techniques drawn are the model's, with their tags.
    analyse(b, EXAMPLE, "", "0.1").await;
    let expected = expected_spans(EXAMPLE, Some(0.1));
    assert!(expected.len() >= 5, "the example has spans to draw");
    assert_eq!(drawn_spans(b, "#slant-results").await, expected);
    let text = b.eval("return document.querySelector('#slant-results .slant-text').textContent", vec![]).await;
    assert_eq!(text.as_str(), Some(EXAMPLE), "the drawn text is the article, exactly");
    let total = shown(b).await;
    assert_eq!(total as usize, expected.len());

    // Focus explains: technique, confidence, definition.
    let first = b.client.find(Locator::Css("#slant-results mark.slant-sp[tabindex='0']")).await.unwrap();
    first.click().await.unwrap();
    let tip = b.eval("const t = document.querySelector('.slant-tip'); return t.hidden ? '' : t.textContent", vec![]).await;
    let tip = tip.as_str().unwrap_or_default().to_owned();
    assert!(tip.contains("confidence"), "tip: {tip}");
    assert!(Technique::ALL.iter().any(|t| tip.contains(t.name()) && tip.contains(t.definition())), "tip: {tip}");
    b.client.screenshot().await.map(|png| b.save("slant-page-tip.png", &png)).unwrap();
    first.send_keys(&char::from(Key::Escape).to_string()).await.unwrap();
    assert_eq!(b.eval("return document.querySelector('.slant-tip').hidden", vec![]).await, json!(true));

    // Hovering explains too; leaving hides the explanation.
    b.eval("document.activeElement.blur(); document.querySelector('#slant-results .slant-text').scrollIntoView()", vec![]).await;
    let target = b.client.find(Locator::Css("#slant-results mark.slant-sp")).await.unwrap();
    let mouse = |action| MouseActions::new("mouse".into()).then(action);
    let over = PointerAction::MoveToElement { element: target, duration: None, x: 0.0, y: 0.0 };
    b.client.perform_actions(mouse(over)).await.unwrap();
    assert_eq!(b.eval("return !document.querySelector('.slant-tip').hidden", vec![]).await, json!(true), "hover shows");
    // The page margin, left of the text column.
    let away = PointerAction::MoveTo { duration: None, x: 5.0, y: 5.0 };
    b.client.perform_actions(mouse(away)).await.unwrap();
    assert_eq!(b.eval("return document.querySelector('.slant-tip').hidden", vec![]).await, json!(true), "leaving hides");

    // Keyboard: Tab from the controls reaches a span.
    b.eval("document.querySelector('.slant-controls button').focus()", vec![]).await;
    let mut reached = false;
    for _ in 0..40 {
        b.client.active_element().await.unwrap().send_keys(&char::from(Key::Tab).to_string()).await.unwrap();
        if b.eval("return document.activeElement.matches('mark.slant-sp')", vec![]).await == json!(true) {
            reached = true;
            break;
        }
    }
    assert!(reached, "a span can be reached with Tab");
    let focused_tip = b.eval("return !document.querySelector('.slant-tip').hidden", vec![]).await;
    assert_eq!(focused_tip, json!(true), "focus shows the explanation");

    // The slider hides weaker spans, live; End hides all below 100%.
    let slider = b.client.find(Locator::Css(".slant-slider input[type=range]")).await.unwrap();
    slider.send_keys(&char::from(Key::End).to_string()).await.unwrap();
    let strong = expected_scores(EXAMPLE).iter().filter(|&&s| (s * 100.0).round() >= 100.0).count();
    assert_eq!(shown(b).await as usize, strong);
    slider.send_keys(&char::from(Key::Home).to_string()).await.unwrap();
    assert_eq!(shown(b).await, total);
    let mut scores = expected_scores(EXAMPLE);
    scores.sort_by(f32::total_cmp);
    let cut = (scores[scores.len() / 2] * 100.0).round() as usize;
    slider.send_keys(&char::from(Key::Right).to_string().repeat(cut)).await.unwrap();
    let above = scores.iter().filter(|&&s| (s * 100.0).round() as usize >= cut).count();
    assert_eq!(shown(b).await as usize, above, "slider at {cut}%");
    assert!(above < total as usize, "the slider hid something");
    b.client.screenshot().await.map(|png| b.save("slant-page-slider.png", &png)).unwrap();
    slider.send_keys(&char::from(Key::Home).to_string()).await.unwrap();

    // The legend hides a technique.
    let legend = b.client.find(Locator::Css(".slant-legend button")).await.unwrap();
    legend.click().await.unwrap();
    assert_eq!(legend.attr("aria-pressed").await.unwrap().as_deref(), Some("false"));
    assert!(shown(b).await < total);
    legend.click().await.unwrap();
    assert_eq!(shown(b).await, total);
    b.client.screenshot().await.map(|png| b.save("slant-page.png", &png)).unwrap();

    page_readings_checks(b).await;

    // A hostile article, and title, run nothing and show as text.
    let title = "<img src=x onerror=\"window.__pwned='title'\">";
    analyse(b, HOSTILE, title, "0").await;
    let drawn = b.eval("return document.querySelector('#slant-results .slant-text').textContent", vec![]).await;
    assert_eq!(drawn.as_str(), Some(HOSTILE));
    let heading = b.eval("return document.querySelector('#slant-results h2').textContent", vec![]).await;
    assert_eq!(heading.as_str(), Some(title));
    assert_safe(b, "#slant-results").await;
    b.client.screenshot().await.map(|png| b.save("slant-page-hostile.png", &png)).unwrap();

    // A file opened with the upload fills the text box and the title.
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/harbour-tax.txt");
    let example = example.canonicalize().unwrap();
    b.client.find(Locator::Id("slant-title")).await.unwrap().clear().await.unwrap();
    b.client.find(Locator::Id("slant-file")).await.unwrap().send_keys(&example.display().to_string()).await.unwrap();
    b.wait_for("document.getElementById('slant-input').value.startsWith('Harbour')").await;
    let loaded = b.eval("return [document.getElementById('slant-input').value, document.getElementById('slant-title').value]", vec![]).await;
    assert_eq!(loaded, json!([EXAMPLE, "harbour-tax"]));

    // Phone width: nothing wider than the screen.
    b.client.set_window_size(390, 844).await.unwrap();
    analyse(b, EXAMPLE, "", "0.1").await;
    let fits = b.eval("return document.documentElement.scrollWidth <= window.innerWidth", vec![]).await;
    assert_eq!(fits, json!(true), "no sideways scrolling at phone width");
    b.client.find(Locator::Css("#slant-results mark.slant-sp[tabindex='0']")).await.unwrap().click().await.unwrap();
    b.client.screenshot().await.map(|png| b.save("slant-phone.png", &png)).unwrap();
    b.client.set_window_size(1200, 1400).await.unwrap();
}

/// The page draws the seed article's readings too, with the publication
/// date given in the form; at phone width nothing is wider than the screen.
async fn page_readings_checks(b: &Browser) {
    let Some((_, seed)) = seed_article() else { return };
    b.eval("document.getElementById('slant-published').value = '2012-03-20'", vec![]).await;
    analyse(b, &seed, "", "").await;
    let published = b.eval("return document.querySelector('#slant-results .slant-published').textContent", vec![]).await;
    assert_eq!(published.as_str(), Some("Published 20 March 2012 (given by the user)"));
    let counts = b
        .eval(
            "const r = document.getElementById('slant-results'); return [
               r.querySelectorAll('svg.slant-tl-svg a[href]').length,
               r.querySelectorAll('.slant-actors .slant-pick-btn').length,
               r.querySelectorAll('.slant-sources .slant-pick-btn').length,
               r.querySelectorAll('.slant-text .slant-vq').length]",
            vec![],
        )
        .await;
    let counts: Vec<u64> = serde_json::from_value(counts).unwrap();
    assert!(counts.iter().all(|&n| n > 0), "timeline rows, actors, sources, quotes: {counts:?}");
    b.client.find(Locator::Css("#slant-results .slant-actors .slant-pick-btn")).await.unwrap().click().await.unwrap();
    let picked = b.eval("return document.querySelectorAll('#slant-results .slant-am.slant-pick').length", vec![]).await;
    assert!(picked.as_u64().unwrap() > 0, "pressing an actor marks its mentions");
    b.client.screenshot().await.map(|png| b.save("slant-page-readings.png", &png)).unwrap();
    b.client.set_window_size(390, 844).await.unwrap();
    let fits = b.eval("return document.documentElement.scrollWidth <= window.innerWidth", vec![]).await;
    assert_eq!(fits, json!(true), "no sideways scrolling at phone width, with the readings");
    b.eval("document.querySelector('#slant-results .slant-timeline').scrollIntoView()", vec![]).await;
    b.client.screenshot().await.map(|png| b.save("slant-phone-readings.png", &png)).unwrap();
    b.client.set_window_size(1200, 1400).await.unwrap();
    b.eval("document.getElementById('slant-published').value = ''", vec![]).await;
}

fn expected_scores(text: &str) -> Vec<f32> {
    let doc = Document::from_bytes("input", text.as_bytes()).unwrap();
    let detector = slant_model::registry::load("default").unwrap();
    detector.detect(&doc, &DetectOptions { threshold: Some(0.1) }).iter().map(|s| s.score).collect()
}

/// No script ran, no element but ours (the timeline's chart and links) was
/// made from article text.
async fn assert_safe(b: &Browser, root: &str) {
    assert_eq!(b.eval("return typeof window.__pwned", vec![]).await, json!("undefined"), "no injected script ran");
    let foreign = b
        .eval(
            "return document.querySelectorAll(arguments[0] + ' :is(script, img, svg, a, iframe, textarea, object)\
             :not(svg.slant-tl-svg, a.slant-tl-row, a.slant-claim-link)').length",
            vec![json!(root)],
        )
        .await;
    assert_eq!(foreign, json!(0), "no element made from article text");
}

async fn report_checks(b: &Browser) {
    let (doc, record, expected) = overlap_fixture();
    let example = Document::from_bytes("harbour-tax", EXAMPLE.as_bytes()).unwrap();
    let detector = slant_model::registry::load("default").unwrap();
    let spans = detector.detect(&example, &DetectOptions { threshold: Some(0.1) });
    let example_record = slant_corpus::ArticleRecord::new(&example, None, spans);
    let analyzer = slant_analyzer::Analyzer::builder().model_name("default").unwrap().build();
    let seed = seed_article().map(|(_, text)| seed_record(&analyzer, &text));
    let hostile = hostile_readings();
    let mut html = Vec::new();
    let mut r = slant_report::HtmlRenderer::default();
    r.begin(&mut html, &detector.info()).unwrap();
    // #article-0: overlaps; 1: techniques only; 2: hostile readings; 3: the seed.
    r.article(&mut html, &doc, &record).unwrap();
    r.article(&mut html, &example, &example_record).unwrap();
    r.article(&mut html, &hostile.0, &hostile.1).unwrap();
    if let Some((seed_doc, seed_record)) = &seed {
        r.article(&mut html, seed_doc, seed_record).unwrap();
    }
    r.finish(&mut html).unwrap();
    let path = b.save("slant-report.html", &html);
    b.client.goto(&format!("file://{}", path.display())).await.unwrap();
    b.wait_for("document.body.classList.contains('slant-ready')").await;

    // Every overlapping, nested and newline-crossing span is drawn whole.
    let mut drawn = drawn_spans(b, "#article-0").await;
    drawn.sort_by_key(Value::to_string);
    assert_eq!(drawn, expected);
    let text = b.eval("return document.querySelector('#article-0 .slant-text').textContent", vec![]).await;
    assert_eq!(text.as_str(), Some(doc.text()));
    // Each span has its own underline lane where spans overlap.
    let lanes = b
        .eval("return new Set(Array.from(document.querySelectorAll('#article-0 mark.slant-sp')).map((m) => m.style.getPropertyValue('--k'))).size", vec![])
        .await;
    assert!(lanes.as_u64().unwrap() >= 3, "overlaps are drawn on separate lanes");
    b.client.screenshot().await.map(|png| b.save("slant-report.png", &png)).unwrap();

    hostile_and_bare_checks(b, 2, 1).await;
    if let Some((_, seed_record)) = &seed {
        let seed_text = b.eval("return document.querySelector('#article-3 .slant-text').textContent", vec![]).await;
        assert_eq!(seed_text.as_str(), Some(seed.as_ref().unwrap().0.text()));
        b.eval("document.getElementById('article-3').scrollIntoView()", vec![]).await;
        b.client.screenshot().await.map(|png| b.save("slant-report-seed.png", &png)).unwrap();
        seed_checks(b, 3, seed_record).await;
    }
    assert_safe(b, "main").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_and_report_in_headless_chromium() {
    let Some(browser) = Browser::start().await else { return };
    let browser = std::sync::Arc::new(browser);
    let b = std::sync::Arc::clone(&browser);
    // The checks run as a task so that the browser is closed even when one
    // of them fails.
    let checks = tokio::spawn(async move {
        let base = b.base.clone();
        page_checks(&b, &base).await;
        report_checks(&b).await;
    });
    let outcome = tokio::time::timeout(Duration::from_mins(4), checks).await;
    browser.stop().await;
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Ok(Err(e)) => panic!("the browser checks failed: {e}"),
        Err(elapsed) => panic!("the browser checks did not finish within four minutes ({elapsed})"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corpus_dashboard_in_headless_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let analyzer = slant_analyzer::Analyzer::builder().model_name("default").unwrap().build();
    let db = browser_support::corpus::database(dir.path(), &analyzer);
    let served = db.clone();
    let Some(browser) = Browser::start_with(move |state| state.with_corpus_db(served)).await else { return };
    let browser = std::sync::Arc::new(browser);
    let b = std::sync::Arc::clone(&browser);
    let checks = tokio::spawn(async move {
        browser_support::corpus::served_checks(&b).await;
        browser_support::corpus::file_checks(&b, &db).await;
    });
    let outcome = tokio::time::timeout(Duration::from_mins(3), checks).await;
    browser.stop().await;
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Ok(Err(e)) => panic!("the corpus browser checks failed: {e}"),
        Err(elapsed) => panic!("the corpus browser checks did not finish within three minutes ({elapsed})"),
    }
}
