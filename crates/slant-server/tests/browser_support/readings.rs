//! The readings in the browser: the seed article's sources, actors and
//! timeline as the report draws them, a hostile article whose every
//! reading tries to run a script, and an article without readings.

use std::path::{Path, PathBuf};

use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::{Value, json};
use slant_analyzer::{Analyzer, RunOptions};
use slant_corpus::{ArticleMeta, ArticleRecord, SpanRecord};
use slant_text::{Document, Technique};

use super::Browser;

/// The seed article (`SLANT_SEED_ARTICLE`, else `../shared/examples/`),
/// when there is one.
pub fn seed_article() -> Option<(PathBuf, String)> {
    let path = std::env::var_os("SLANT_SEED_ARTICLE").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/examples/mko-defectors.txt"),
        PathBuf::from,
    );
    if let Ok(text) = std::fs::read_to_string(&path) {
        Some((path, text))
    } else {
        eprintln!("skipped the seed article checks: none at {} (set SLANT_SEED_ARTICLE)", path.display());
        None
    }
}

/// The seed article analysed with every reading, published 2012-03-20.
pub fn seed_record(analyzer: &Analyzer, text: &str) -> (Document, ArticleRecord) {
    let doc = Document::from_bytes("mko-defectors", text.as_bytes()).unwrap();
    let options = RunOptions { threshold: None, published: Some("2012-03-20".parse().unwrap()) };
    let record = analyzer.analyze_with(&doc, &ArticleMeta::default(), &options);
    (doc, record)
}

/// An article whose every reading holds markup that would run a script.
pub const HOSTILE_READINGS: &str = "On March 5, 2011, the <b>Council</b> met.\n\
    “<img src=x onerror=\"window.__pwned='quote'\"> is a disgrace,” said <script>window.__pwned='source'</script> Jones \
    \u{2028}at </textarea><svg onload=\"window.__pwned='cue'\"></svg>.\nThe corrupt <b>Council</b> denies it.";

/// The hostile article with all four readings, as the pipeline writes them.
pub fn hostile_readings() -> (Document, ArticleRecord) {
    let doc = Document::from_bytes("hostile-readings", HOSTILE_READINGS.as_bytes()).unwrap();
    let p = |needle: &str, nth: usize| {
        let at = doc.text().match_indices(needle).nth(nth).unwrap().0;
        let span = doc.char_span(at..at + needle.len()).unwrap();
        json!({"start": span.start, "end": span.end, "text": needle})
    };
    let jones = "<script>window.__pwned='source'</script> Jones";
    let council = "<b>Council</b>";
    let mut source = p(jones, 0);
    source["kind"] = json!("person");
    source["refers_to"] = json!(null);
    let span = |needle: &str, technique, voice: Value| {
        let at = doc.text().find(needle).unwrap();
        let chars = doc.char_span(at..at + needle.len()).unwrap();
        let mut s = SpanRecord::new(&doc, chars, technique, 0.8, vec!["<img src=x onerror=\"window.__pwned='why'\">".into()]).unwrap();
        s.voice = serde_json::from_value(voice).unwrap();
        s
    };
    let spans = vec![
        span("disgrace", Technique::LoadedLanguage, json!(0)),
        span("corrupt", Technique::NameCallingLabeling, json!("narration")),
    ];
    let record = ArticleRecord::new(&doc, Some("<img src=x onerror=\"window.__pwned='title'\">".into()), spans);
    let mut value = serde_json::to_value(&record).unwrap();
    let corrupt = p("corrupt", 0);
    let readings = json!({
        "attributions": [{"cue": p("said", 0), "source": source,
            "content": [p("<img src=x onerror=\"window.__pwned='quote'\"> is a disgrace,", 0)], "kind": "direct", "score": 0.9}],
        "sources": [{"text": jones, "kind": "person", "attributions": 1, "share": 0.3, "content_share": 1.0, "indices": [0]}],
        "actors": [
            {"id": "a1", "name": council, "kind": "organisation",
             "aliases": [{"text": council, "count": 2}, {"text": "<svg onload=\"window.__pwned='alias'\">", "count": 1}],
             "labels": [{"text": "corrupt <iframe src=\"javascript:parent.__pwned='label'\">", "count": 1, "voice": "narration",
                         "uses": [{"start": corrupt["start"], "end": corrupt["end"]}], "techniques": ["Name_Calling,Labeling"]}],
             "mentions": [
                 {"start": p(council, 0)["start"], "end": p(council, 0)["end"], "text": council, "how": "name"},
                 {"start": p(council, 1)["start"], "end": p(council, 1)["end"], "text": council, "how": "name"}]},
            {"id": "a2", "name": jones, "kind": "person", "aliases": [{"text": jones, "count": 1}], "labels": [],
             "mentions": [{"start": source["start"], "end": source["end"], "text": jones, "how": "name"}],
             "ambiguous": {"note": "<img src=x onerror=\"window.__pwned='note'\">", "candidates": ["a1"]}}],
        "published": {"date": "2012-03-20", "from": "dateline"},
        "timexes": [{"start": p("March 5, 2011", 0)["start"], "end": p("March 5, 2011", 0)["end"], "text": "March 5, 2011",
                     "type": "DATE", "value": "2011-03-05", "range": {"begin": "2011-03-05", "end": "2011-03-05"}}],
        "timeline": [
            {"begin": "2011-03-05", "end": "2011-03-05", "timex": 0, "claim": p("On March 5, 2011, the <b>Council</b> met", 0),
             "asserted_by": "narration", "kind": "dated"},
            {"begin": "2012-03-20", "end": "2012-03-20", "timex": null, "claim": p("The corrupt <b>Council</b> denies it", 0),
             "asserted_by": 0, "kind": "as_of"}],
    });
    for (key, reading) in readings.as_object().unwrap() {
        value[key] = reading.clone();
    }
    value["summary"]["voices"] = json!({"attributions": 1, "quoted_share": 0.3, "narration_share": 0.5,
        "main_source": jones, "main_source_share": 1.0, "rests_on_one_source": true});
    (doc, serde_json::from_value(value).unwrap())
}

/// Shown technique spans (reachable with Tab) in `root`.
async fn shown_in(b: &Browser, root: &str) -> usize {
    let n = b.eval("return document.querySelectorAll(arguments[0] + ' mark.slant-sp[tabindex=\"0\"]').length", vec![json!(root)]).await;
    usize::try_from(n.as_u64().unwrap()).unwrap()
}

/// The texts of the picked mentions in `root`, one per mention, in order.
const PICKED: &str = r"
    const seen = new Map();
    for (const el of document.querySelectorAll(arguments[0] + ' .slant-am.slant-pick')) {
      seen.set(el.dataset.m, (seen.get(el.dataset.m) || '') + el.textContent);
    }
    return Array.from(seen.values());";

/// The seed article's readings, drawn as `#article-<n>`: sources, who
/// speaks, an actor's mentions, the narration/quoted switch, the timeline.
pub async fn seed_checks(b: &Browser, n: usize, record: &ArticleRecord) {
    let root = format!("#article-{n}");
    let text = |sel: &str| b.eval("const e = document.querySelector(arguments[0]); return e ? e.textContent : null", vec![json!(sel)]);
    let published = text(&format!("{root} .slant-published")).await;
    assert_eq!(published.as_str(), Some("Published 20 March 2012 (given by the user)"));
    let voices = record.summary.as_ref().and_then(|s| s.voices.clone()).expect("the voices reading ran");
    let who = text(&format!("{root} .slant-voices-box")).await;
    let main = voices.main_source.clone().expect("the seed has a main source");
    assert!(who.as_str().unwrap().contains(&main), "who speaks: {who}");
    let sources = b.eval("return document.querySelectorAll(arguments[0] + ' .slant-sources .slant-pick-btn').length", vec![json!(root)]).await;
    assert_eq!(sources.as_u64(), Some(record.sources.as_ref().unwrap().len() as u64));
    let quoted = b.eval("return document.querySelectorAll(arguments[0] + ' .slant-text .slant-vq').length", vec![json!(root)]).await;
    assert!(quoted.as_u64().unwrap() >= record.attributions.as_ref().unwrap().len() as u64, "quoted content is marked");

    // An actor, pressed, marks exactly its mentions; Next steps to the first.
    let actor = &record.actors.as_ref().unwrap()[0];
    let button = b.client.find(Locator::Css(&format!("{root} .slant-actors .slant-pick-btn"))).await.unwrap();
    button.click().await.unwrap();
    assert_eq!(button.attr("aria-pressed").await.unwrap().as_deref(), Some("true"));
    let picked = b.eval(PICKED, vec![json!(root)]).await;
    let mentions: Vec<&str> = actor.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(picked, json!(mentions), "the mentions of {} are marked", actor.name);
    let next = b.client.find(Locator::Css(&format!("{root} .slant-actors .slant-nav button[aria-label='Next mention']"))).await.unwrap();
    next.click().await.unwrap();
    let target = b.eval("return Array.from(document.querySelectorAll('.slant-am.slant-target')).map((e) => e.textContent).join('')", vec![]).await;
    assert_eq!(target.as_str(), Some(mentions[0]));
    let status = text(&format!("{root} .slant-actors .slant-nav-at")).await;
    assert!(status.as_str().unwrap().starts_with(&format!("Mention 1 of {}", mentions.len())), "{status}");
    b.client.screenshot().await.map(|png| b.save("slant-report-actor.png", &png)).unwrap();
    button.click().await.unwrap();
    assert_eq!(b.eval(PICKED, vec![json!(root)]).await, json!([]), "pressed again, it unmarks");

    // Narration only, quotes only, all.
    let spans = &record.spans;
    let narration = spans.iter().filter(|s| s.voice.is_some_and(slant_text::Voice::is_narration)).count();
    let quotes = spans.iter().filter(|s| s.voice.is_some_and(|v| !v.is_narration())).count();
    assert!(narration > 0 && quotes > 0, "the seed has spans in both voices");
    for (value, expected) in [("narration", narration), ("quoted", quotes), ("all", spans.len())] {
        let radio = b.client.find(Locator::Css(&format!(".slant-voicefilter input[value='{value}']"))).await.unwrap();
        radio.click().await.unwrap();
        assert_eq!(shown_in(b, &root).await, expected, "{value}");
        if value == "narration" {
            b.client.screenshot().await.map(|png| b.save("slant-report-narration.png", &png)).unwrap();
        }
    }

    // The timeline: one link per claim; each moves focus to its claim.
    let timeline = record.timeline.as_ref().unwrap();
    let rows = b.eval("return document.querySelectorAll(arguments[0] + ' svg.slant-tl-svg a[href]').length", vec![json!(root)]).await;
    assert_eq!(rows.as_u64(), Some(timeline.len() as u64), "one SVG row per dated claim");
    let focused = "const a = document.activeElement; \
        return a && a.closest('.slant-text') && a.matches('.slant-claim') ? a.textContent : null";
    for (i, how) in [(0, "click"), (timeline.len() - 1, "enter")] {
        let link = b.client.find(Locator::Css(&format!("{root} svg.slant-tl-svg a[href]:nth-of-type({})", i + 1))).await.unwrap();
        if how == "click" {
            link.click().await.unwrap();
        } else {
            b.eval("arguments[0].focus()", vec![serde_json::to_value(&link).unwrap()]).await;
            link.send_keys(&char::from(Key::Enter).to_string()).await.unwrap();
        }
        // The focused piece opens the claim; all its pieces are marked.
        let claim = &timeline[i].claim.text;
        let got = b.eval(focused, vec![]).await;
        assert!(got.as_str().is_some_and(|t| claim.starts_with(t) && !t.is_empty()), "{how} row {i}: {got} for {claim}");
        let marked = b.eval("return Array.from(document.querySelectorAll('.slant-claim.slant-target')).map((e) => e.textContent).join('')", vec![]).await;
        assert_eq!(marked.as_str(), Some(claim.as_str()));
    }
    b.client.screenshot().await.map(|png| b.save("slant-report-claim.png", &png)).unwrap();
    b.eval("document.querySelector(arguments[0] + ' .slant-timeline').scrollIntoView()", vec![json!(root)]).await;
    b.client.screenshot().await.map(|png| b.save("slant-report-timeline.png", &png)).unwrap();
}

/// The hostile article's readings are drawn, as text, and run nothing;
/// the article without readings has no panel.
pub async fn hostile_and_bare_checks(b: &Browser, hostile: usize, bare: usize) {
    let root = format!("#article-{hostile}");
    let drawn = b
        .eval(
            "const r = document.querySelector(arguments[0]); return [
               r.querySelector('.slant-sources .slant-pick-name').textContent,
               r.querySelector('.slant-actors .slant-pick-name').textContent,
               r.querySelector('.slant-alias').textContent,
               r.querySelector('.slant-label-word').textContent,
               r.querySelector('.slant-claim-text').textContent,
               r.querySelector('.slant-tl-svg title').textContent,
               r.querySelector('.slant-text').textContent]",
            vec![json!(root)],
        )
        .await;
    let drawn: Vec<String> = serde_json::from_value(drawn).unwrap();
    assert_eq!(drawn[0], "<script>window.__pwned='source'</script> Jones");
    assert_eq!(drawn[1], "<b>Council</b>");
    assert_eq!(drawn[2], "<svg onload=\"window.__pwned='alias'\">");
    assert!(drawn[3].starts_with("corrupt <iframe"), "{}", drawn[3]);
    assert_eq!(drawn[4], "“On March 5, 2011, the <b>Council</b> met”");
    assert!(drawn[5].contains("5 March 2011: On March 5, 2011, the <b>Council</b> met"), "{}", drawn[5]);
    assert_eq!(drawn[6], HOSTILE_READINGS, "the drawn text is the article, exactly");
    // Every actor and label, pressed, marks and runs nothing.
    for sel in [".slant-pick-btn", ".slant-chip"] {
        for button in b.client.find_all(Locator::Css(&format!("{root} {sel}"))).await.unwrap() {
            button.click().await.unwrap();
        }
    }
    b.client.find(Locator::Css(&format!("{root} .slant-tl-svg a[href]"))).await.unwrap().click().await.unwrap();
    let bare_root = format!("#article-{bare}");
    let panels = b.eval("return document.querySelectorAll(arguments[0] + ' .slant-panel, ' + arguments[0] + ' .slant-published').length", vec![json!(bare_root)]).await;
    assert_eq!(panels, json!(0), "an article without readings shows none");
}
