//! Tests of the HTML report: escaping of hostile articles (in the text and
//! in every reading), exact round trip of the embedded data, records
//! without readings, self-containment, and snapshots of two articles. What
//! the script draws from the data is checked in a real browser
//! (`crates/slant-server/tests/browser.rs`).

use super::*;
use slant_corpus::SpanRecord;
use slant_text::{Span, Technique};

/// An article written to break out of every context the report puts text in.
const HOSTILE: &str = "Mayor’s “plan”: <script>window.__pwned=1</script> is a disgrace!\n\
    <img src=x onerror=\"window.__pwned=2\"> <a href=\"javascript:window.__pwned=3\">read more</a>\n\
    </textarea><svg onload=window.__pwned=4> & <!-- \u{2028}\u{2029} 🦊 end";

fn model(kind: &str) -> ModelInfo {
    ModelInfo { name: "test-model".into(), kind: kind.into(), description: "<b>not bold</b>".into() }
}

/// The code-point span of the first occurrence of `needle`.
fn span_of(doc: &Document, needle: &str) -> Span {
    let at = doc.text().find(needle).expect("needle in fixture");
    doc.char_span(at..at + needle.len()).expect("on char boundaries")
}

fn record(doc: &Document, needle: &str, technique: Technique, score: f32) -> SpanRecord {
    let evidence = vec!["cue <b>\"quoted\"</b> & more".to_owned()];
    SpanRecord::new(doc, span_of(doc, needle), technique, score, evidence).expect("in bounds")
}

/// The hostile article with overlapping, nested and newline-crossing spans.
fn fixture() -> (Document, ArticleRecord) {
    let doc = Document::from_bytes("id<i>&\"'", HOSTILE.as_bytes()).unwrap();
    let spans = vec![
        record(&doc, "disgrace", Technique::LoadedLanguage, 0.9),
        // Crosses the newline and contains the span above.
        record(&doc, "a disgrace!\n<img", Technique::NameCallingLabeling, 0.6),
        // Overlaps the first span without containing it.
        record(&doc, "<script>window.__pwned=1</script> is a dis", Technique::Doubt, 0.3),
        record(&doc, "javascript:window.__pwned=3", Technique::Slogans, 0.5),
        record(&doc, "</textarea><svg", Technique::Repetition, 0.7),
        record(&doc, "\u{2028}\u{2029} 🦊", Technique::FlagWaving, 0.4),
    ];
    let title = Some("<title>T</title> & “quotes”".to_owned());
    let rec = ArticleRecord::new(&doc, title, spans);
    (doc, rec)
}

fn render(kind: &str, articles: &[(Document, ArticleRecord)]) -> String {
    let mut out = Vec::new();
    let mut r = HtmlRenderer::default();
    r.begin(&mut out, &model(kind)).unwrap();
    for (doc, rec) in articles {
        r.article(&mut out, doc, rec).unwrap();
    }
    r.finish(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The report without the inlined stylesheet and script, whose source may
/// hold `<` legitimately.
fn markup(html: &str) -> String {
    html.replacen(stylesheet(), "", 1).replacen(SCRIPT, "", 1)
}

#[test]
fn every_tag_in_the_report_is_one_we_wrote() {
    let html = markup(&render("trained", &[fixture(), readings_fixture()]));
    let ours = [
        "!doctype", "html", "head", "meta", "title", "style", "body", "div", "header", "h1", "h2", "p",
        "noscript", "main", "section", "script",
    ];
    for (i, _) in html.match_indices('<') {
        let name: String = html[i + 1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect::<String>()
            .to_ascii_lowercase();
        assert!(ours.contains(&name.as_str()), "unexpected tag <{name} at {i}: {}", &html[i..(i + 40).min(html.len())]);
    }
    for attack in ["onerror", "onload", "javascript:", "<svg", "<img", "<a ", "</textarea"] {
        for (i, _) in html.match_indices(attack) {
            // Only ever inside text: the escaped fallback or a JSON string.
            let before = &html[..i];
            let open = before.rfind('<').unwrap_or(0);
            let close = before.rfind('>').unwrap_or(0);
            assert!(close > open, "{attack} inside a tag at {i}");
        }
    }
    // Our own scripts: one JSON block per article, the techniques, slant.js.
    assert_eq!(html.matches("<script").count(), 4);
    assert_eq!(html.matches("</script>").count(), 4);
}

#[test]
fn embedded_json_gives_back_the_exact_text_and_record() {
    let (doc, rec) = fixture();
    let html = render("trained", &[(doc.clone(), rec.clone())]);
    let start = html.find("class=\"slant-article\">").unwrap() + "class=\"slant-article\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let data: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(data["text"].as_str(), Some(doc.text()));
    let back: ArticleRecord = serde_json::from_value(data["record"].clone()).unwrap();
    assert_eq!(back, rec);
    let chars: Vec<char> = doc.text().chars().collect();
    for s in &back.spans {
        assert_eq!(chars[s.start..s.end].iter().collect::<String>(), s.text);
    }
}

#[test]
fn report_is_self_contained_and_locked_down() {
    let doc = Document::from_bytes("plain", "A “plain” article, nothing to load.".as_bytes()).unwrap();
    let spans = vec![record(&doc, "plain", Technique::LoadedLanguage, 0.5)];
    let rec = ArticleRecord::new(&doc, None, spans);
    let html = render("trained", &[(doc, rec)]);
    let markup = markup(&html);
    assert!(!markup.contains("src=") && !markup.contains("href="), "nothing is loaded");
    assert!(markup.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;"));
    assert!(html.contains(SCRIPT) && html.contains(stylesheet()));
    assert!(!html.contains("slant-warning\">This model is not trained"));
    let techniques_json = html.split("id=\"slant-techniques\">").nth(1).unwrap().split("</script>").next().unwrap();
    let styles: Vec<serde_json::Value> = serde_json::from_str(techniques_json).unwrap();
    assert_eq!(styles.len(), Technique::COUNT);
}

#[test]
fn an_untrained_model_is_flagged() {
    let html = render("baseline", &[fixture()]);
    assert!(html.contains("This model is not trained"));
    assert!(html.contains("Model: test-model (baseline). &lt;b&gt;not bold&lt;/b&gt;"));
}

#[test]
fn an_empty_report_says_so() {
    let html = render("trained", &[]);
    assert!(html.contains("No article was analysed."));
    assert!(html.ends_with("</html>\n"));
}

#[test]
fn article_section_snapshot() {
    let (doc, rec) = fixture();
    let mut out = Vec::new();
    HtmlRenderer::default().article(&mut out, &doc, &rec).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

/// An article whose every reading holds text written to break out: a
/// quote with its source and cue, actors with aliases and a label, a
/// publication date and two dated claims.
const HOSTILE_READINGS: &str = "On March 5, 2011, the <b>Council</b> met.\n\
    “<img src=x onerror=\"window.__pwned=5\"> is a disgrace,” said <script>window.__pwned=6</script> Jones \u{2028}at \
    </textarea><svg onload=window.__pwned=7>.\nThe corrupt <b>Council</b> denies it.";

/// `{"start", "end", "text"}` of the `nth` occurrence of `needle`, in code
/// points.
fn piece(doc: &Document, needle: &str, nth: usize) -> serde_json::Value {
    let at = doc.text().match_indices(needle).nth(nth).expect("needle in fixture").0;
    let span = doc.char_span(at..at + needle.len()).expect("on char boundaries");
    serde_json::json!({"start": span.start, "end": span.end, "text": needle})
}

/// The hostile article with all four readings, as the pipeline writes them.
fn readings_fixture() -> (Document, ArticleRecord) {
    use serde_json::json;
    let doc = Document::from_bytes("readings<i>", HOSTILE_READINGS.as_bytes()).unwrap();
    let p = |needle: &str| piece(&doc, needle, 0);
    let jones = "<script>window.__pwned=6</script> Jones";
    let council = "the <b>Council</b>";
    let content = "<img src=x onerror=\"window.__pwned=5\"> is a disgrace,";
    let mut source = p(jones);
    source["kind"] = json!("person");
    source["refers_to"] = json!(null);
    let span = |needle: &str, technique: Technique, voice: serde_json::Value| {
        let mut s = record(&doc, needle, technique, 0.8);
        s.voice = serde_json::from_value(voice).unwrap();
        s
    };
    let mut rec = ArticleRecord::new(
        &doc,
        Some("Readings <script>".into()),
        vec![span("disgrace", Technique::LoadedLanguage, json!(0)), span("corrupt", Technique::NameCallingLabeling, json!("narration"))],
    );
    let corrupt = p("corrupt");
    let when = p("March 5, 2011");
    let readings = json!({
        "attributions": [{"cue": p("said"), "source": source, "content": [p(content)], "kind": "direct", "score": 0.9}],
        "sources": [{"text": jones, "kind": "person", "attributions": 1, "share": 0.3, "content_share": 1.0, "indices": [0]}],
        "actors": [
            {"id": "a1", "name": council, "kind": "organisation",
             "aliases": [{"text": council, "count": 2}, {"text": "<svg onload=window.__pwned=8>", "count": 1}],
             "labels": [{"text": "corrupt </textarea>", "count": 1, "voice": "narration",
                         "uses": [{"start": corrupt["start"], "end": corrupt["end"]}], "techniques": ["Name_Calling,Labeling"]}],
             "mentions": [
                 {"start": p(council)["start"], "end": p(council)["end"], "text": council, "how": "name"},
                 {"start": piece(&doc, "<b>Council</b>", 1)["start"], "end": piece(&doc, "<b>Council</b>", 1)["end"],
                  "text": "<b>Council</b>", "how": "name"}],
             "titles": ["<i>Chair</i>"]},
            {"id": "a2", "name": jones, "kind": "person", "aliases": [{"text": jones, "count": 1}], "labels": [],
             "mentions": [{"start": source["start"], "end": source["end"], "text": jones, "how": "name"}],
             "ambiguous": {"note": "\u{2028}<b>may be someone else</b>", "candidates": ["a1"]}}],
        "published": {"date": "2012-03-20", "from": "flag"},
        "timexes": [{"start": when["start"], "end": when["end"], "text": "March 5, 2011", "type": "DATE",
                     "value": "2011-03-05", "range": {"begin": "2011-03-05", "end": "2011-03-05"}}],
        "timeline": [
            {"begin": "2011-03-05", "end": "2011-03-05", "timex": 0, "claim": p("On March 5, 2011, the <b>Council</b> met"),
             "asserted_by": "narration", "kind": "dated"},
            {"begin": "2012-03-20", "end": "2012-03-20", "timex": null, "claim": p("The corrupt <b>Council</b> denies it"),
             "asserted_by": 0, "kind": "as_of"}],
    });
    let mut value = serde_json::to_value(&rec).unwrap();
    for (key, reading) in readings.as_object().unwrap() {
        value[key] = reading.clone();
    }
    value["summary"]["voices"] = json!({"attributions": 1, "quoted_share": 0.3, "narration_share": 0.5,
        "main_source": jones, "main_source_share": 1.0, "rests_on_one_source": true});
    rec = serde_json::from_value(value).expect("the fixture is a valid record");
    (doc, rec)
}

/// The JSON block of the `n`th article of a report.
fn article_json(html: &str, n: usize) -> serde_json::Value {
    let tag = "class=\"slant-article\">";
    let start = html.match_indices(tag).nth(n).unwrap().0 + tag.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn hostile_text_in_every_reading_stays_inside_the_json() {
    let (doc, rec) = readings_fixture();
    let html = render("trained", &[(doc.clone(), rec.clone())]);
    let markup = markup(&html);
    // One JSON block per article, the techniques, the script: nothing else
    // became a script, and no attack got into a tag.
    assert_eq!(markup.matches("<script").count(), 3);
    for attack in ["<script", "<svg", "<img", "</textarea", "<b>", "<i>", "\u{2028}"] {
        let json_only = markup.split("class=\"slant-article\">").nth(1).unwrap().split("</script>").next().unwrap();
        assert!(!json_only.contains(attack), "{attack:?} escaped in the JSON");
    }
    let data = article_json(&html, 0);
    let back: ArticleRecord = serde_json::from_value(data["record"].clone()).unwrap();
    assert_eq!(back, rec, "every reading round-trips exactly");
}

#[test]
fn every_offset_of_every_reading_points_at_its_text() {
    let (doc, rec) = readings_fixture();
    let data = article_json(&render("trained", &[(doc.clone(), rec)]), 0);
    let chars: Vec<char> = doc.text().chars().collect();
    let at = |v: &serde_json::Value| {
        let (s, e) = (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
        chars[s..e].iter().collect::<String>()
    };
    let r = &data["record"];
    let mut pieces = vec![];
    for a in r["attributions"].as_array().unwrap() {
        pieces.extend([&a["cue"], &a["source"]]);
        pieces.extend(a["content"].as_array().unwrap());
    }
    for a in r["actors"].as_array().unwrap() {
        pieces.extend(a["mentions"].as_array().unwrap());
    }
    pieces.extend(r["timexes"].as_array().unwrap());
    pieces.extend(r["timeline"].as_array().unwrap().iter().map(|e| &e["claim"]));
    assert_eq!(pieces.len(), 9);
    for p in pieces {
        assert_eq!(at(p), p["text"].as_str().unwrap(), "{p}");
    }
}

#[test]
fn records_without_readings_render_as_before() {
    // Older JSON and `--readings techniques`: no voices, actors or time.
    let old = r#"{"id": "old", "spans": [{"start": 0, "end": 3, "technique": "Doubt", "score": 0.5}]}"#;
    let rec: ArticleRecord = serde_json::from_str(old).unwrap();
    let doc = Document::from_bytes("old", b"Why? Nobody knows.").unwrap();
    let (hostile, readings) = readings_fixture();
    let html = render("trained", &[(doc, rec), (hostile, readings)]);
    let first = article_json(&html, 0);
    for key in ["attributions", "sources", "actors", "published", "timexes", "timeline"] {
        assert!(first["record"].get(key).is_none(), "{key} absent, so no panel is drawn");
        assert!(article_json(&html, 1)["record"].get(key).is_some(), "{key} present in the second article");
    }
    assert_eq!(html.matches("<section class=\"slant-doc\"").count(), 2);
}

#[test]
fn article_with_readings_snapshot() {
    let (doc, rec) = readings_fixture();
    let mut out = Vec::new();
    HtmlRenderer::default().article(&mut out, &doc, &rec).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}
