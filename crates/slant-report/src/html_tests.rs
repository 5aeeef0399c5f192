//! Tests of the HTML report: escaping of hostile articles, exact round trip
//! of the embedded data, self-containment, and a snapshot of one article.

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
    let html = markup(&render("trained", &[fixture()]));
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
    assert_eq!(html.matches("<script").count(), 3);
    assert_eq!(html.matches("</script>").count(), 3);
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
