//! End to end in a real headless Chromium, driven over the `WebDriver`
//! protocol (chromedriver): the page analyses an example article, draws the right
//! techniques, hides spans with the slider and the legend, explains a span
//! on focus, runs nothing from a hostile article, and reads at phone width;
//! the HTML report draws overlapping spans and runs nothing either.
//! Screenshots go to `target/tmp/slant-*.png`.
//!
//! Skips, with a message, only where Chromium or chromedriver is missing
//! (`.ci/run` installs Debian's `chromium` and `chromium-driver`). Set
//! `SLANT_CHROMIUM` and `SLANT_CHROMEDRIVER` to use other binaries.

mod browser_support;

use std::time::Duration;

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

fn expected_scores(text: &str) -> Vec<f32> {
    let doc = Document::from_bytes("input", text.as_bytes()).unwrap();
    let detector = slant_model::registry::load("default").unwrap();
    detector.detect(&doc, &DetectOptions { threshold: Some(0.1) }).iter().map(|s| s.score).collect()
}

/// No script ran, no element but ours was made from article text.
async fn assert_safe(b: &Browser, root: &str) {
    assert_eq!(b.eval("return typeof window.__pwned", vec![]).await, json!("undefined"), "no injected script ran");
    let foreign = b
        .eval(
            "return document.querySelectorAll(arguments[0] + ' :is(script, img, svg, a, iframe, textarea, object)').length",
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
    let mut html = Vec::new();
    let mut r = slant_report::HtmlRenderer::default();
    r.begin(&mut html, &detector.info()).unwrap();
    r.article(&mut html, &doc, &record).unwrap();
    r.article(&mut html, &example, &example_record).unwrap();
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
    assert_safe(b, "main").await;
    b.client.screenshot().await.map(|png| b.save("slant-report.png", &png)).unwrap();
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
