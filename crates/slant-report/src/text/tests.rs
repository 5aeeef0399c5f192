//! Snapshots of the text view (colour off) and its invariants: no line
//! wider than asked, no escape code from the article, every span tagged.

use proptest::prelude::*;
use slant_corpus::{ArticleRecord, ModelInfo, SpanRecord};
use slant_text::{Document, Span, Technique};
use unicode_width::UnicodeWidthStr;

use super::*;
use crate::renderer;

fn model() -> ModelInfo {
    ModelInfo { name: "default".into(), kind: "trained".into(), description: String::new() }
}

/// The bundled example and its record as the default model gave it.
fn harbour() -> (Document, ArticleRecord) {
    let doc = Document::from_bytes("harbour-tax", include_bytes!("../../../../examples/harbour-tax.txt")).unwrap();
    let rec = serde_json::from_str(include_str!("fixtures/harbour-tax.json")).unwrap();
    (doc, rec)
}

/// A small article with every kind of overlap, an escape sequence, wide
/// characters, a word longer than a narrow screen and every reading.
fn synthetic() -> (Document, ArticleRecord) {
    let doc = Document::from_bytes("synthetic", include_bytes!("fixtures/synthetic.txt")).unwrap();
    let mut rec: ArticleRecord = serde_json::from_str(include_str!("fixtures/synthetic.json")).unwrap();
    rec.set_spans(rec.spans.clone());
    (doc, rec)
}

fn render(options: TextOptions, articles: &[(Document, ArticleRecord)]) -> String {
    let mut out = Vec::new();
    let mut r = renderer(crate::Format::Text(options));
    r.begin(&mut out, &model()).unwrap();
    for (doc, rec) in articles {
        r.article(&mut out, doc, rec).unwrap();
    }
    r.finish(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn plain(width: usize) -> TextOptions {
    TextOptions { width, colour: ColourMode::Off, layout: TextLayout::Article }
}

fn assert_fits(text: &str, width: usize) {
    for line in text.lines() {
        assert!(line.width() <= width, "wider than {width}: {line:?}");
        assert_eq!(line, line.trim_end(), "trailing space: {line:?}");
    }
}

#[test]
fn harbour_tax_at_100_columns() {
    let out = render(plain(100), &[harbour()]);
    assert_fits(&out, 100);
    insta::assert_snapshot!(out);
}

#[test]
fn harbour_tax_at_40_columns() {
    let out = render(plain(40), &[harbour()]);
    assert_fits(&out, 40);
    insta::assert_snapshot!(out);
}

#[test]
fn synthetic_article_with_every_reading() {
    let out = render(plain(72), &[synthetic()]);
    assert_fits(&out, 72);
    insta::assert_snapshot!(out);
}

#[test]
fn synthetic_article_at_the_narrowest() {
    let out = render(plain(20), &[synthetic()]);
    assert_fits(&out, 20);
    insta::assert_snapshot!(out);
}

#[test]
fn summary_lines_and_totals() {
    let options = TextOptions { layout: TextLayout::Summary, ..plain(80) };
    let out = render(options, &[harbour(), synthetic()]);
    assert_fits(&out, 80);
    insta::assert_snapshot!(out);
    let narrow = render(TextOptions { width: 40, ..options }, &[harbour(), synthetic()]);
    assert_fits(&narrow, 40);
}

#[test]
fn article_escape_codes_never_reach_the_terminal() {
    let (doc, rec) = synthetic();
    assert!(doc.text().contains("\u{1b}[31m"));
    let off = render(plain(72), &[(doc.clone(), rec.clone())]);
    assert!(!off.contains('\u{1b}'), "no escape at all without colour");
    for mode in [ColourMode::Palette256, ColourMode::Rgb] {
        let on = render(TextOptions { colour: mode, ..plain(72) }, &[(doc.clone(), rec.clone())]);
        assert!(!on.contains("\u{1b}[31m") && !on.contains("\u{1b}[2J"), "{on:?}");
        // Every escape left is one of ours: a style or a reset.
        for esc in on.split('\u{1b}').skip(1) {
            let end = esc.find('m').expect("only SGR sequences");
            assert!(esc.starts_with('[') && esc[1..end].chars().all(|c| c.is_ascii_digit() || c == ';'), "{esc:?}");
        }
        let stripped = strip_sgr(&on);
        assert_eq!(stripped, off, "colour changes nothing but colour");
    }
}

/// Escape sequences and control characters everywhere the article's text
/// or the record's strings reach the view: inside and outside spans, in the
/// title, in evidence.
#[test]
fn hostile_text_is_neutralised_in_every_field() {
    // (BEL and backspace make a file binary, so they come in the id and
    // the evidence only.)
    let text = "Title \u{1b}]0;owned\u{1b}\\here\n\nThe \u{1b}[2J\u{1b}[31mcorrupt\u{1b}[0m mayor\r\n\
                lied \u{9b}1;1H again\u{c} and \u{202e}evil\u{202c} \u{1b}P1$r\u{1b}\\ won.";
    let doc = Document::from_bytes("evil\u{1b}[5m\u{7}", text.as_bytes()).unwrap();
    let len = doc.char_len();
    let evidence = vec!["cue \u{1b}[1m\u{7}bold".to_owned()];
    let spans: Vec<SpanRecord> = [(0, 12), (8, 30), (14, len)]
        .into_iter()
        .enumerate()
        .filter_map(|(i, (s, e))| {
            SpanRecord::new(&doc, Span::new(s, e), Technique::ALL[i * 4], 0.9, evidence.clone())
        })
        .collect();
    assert_eq!(spans.len(), 3);
    let rec = ArticleRecord::new(&doc, None, spans);
    for layout in [TextLayout::Article, TextLayout::Summary] {
        let off = render(TextOptions { layout, ..plain(60) }, &[(doc.clone(), rec.clone())]);
        for bad in ['\u{1b}', '\u{7}', '\u{c}', '\r', '\u{9b}', '\u{202e}', '\u{202c}'] {
            assert!(!off.contains(bad), "{bad:?} in {layout:?}:\n{off:?}");
        }
        assert!(!off.contains("owned") && !off.contains("1;1H"), "{off}");
        assert_fits(&off, 60);
        // With colour, our own styles are the only escapes.
        for colour in [ColourMode::Palette256, ColourMode::Rgb] {
            let on = render(TextOptions { colour, layout, ..plain(60) }, &[(doc.clone(), rec.clone())]);
            assert_eq!(strip_sgr(&on), off, "{colour:?} {layout:?}");
        }
    }
    let out = render(plain(60), &[(doc, rec)]);
    assert!(out.contains("lied again and evil won.") && out.contains("why: cue bold"), "{out}");
    assert!(out.contains("  “here The”"), "a span opening inside a sequence shows none of it:\n{out}");
}

#[test]
fn every_span_is_tagged_with_its_number() {
    for (doc, rec) in [harbour(), synthetic()] {
        let out = render(plain(80), &[(doc, rec.clone())]);
        for (i, s) in rec.spans.iter().enumerate() {
            let tag = format!("{} {}", i + 1, crate::technique_style(s.technique).abbr);
            assert_eq!(out.matches(&tag).count(), 2, "tag {tag} in the text and in the list:\n{out}");
        }
    }
}

fn strip_sgr(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('\u{1b}') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('m').unwrap();
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    out
}

proptest! {
    #[test]
    fn any_text_and_spans_fit_the_width(
        text in "[a-zé日 \n\t\u{1b}\\[;0-9“”-]{1,120}",
        raw in prop::collection::vec((0usize..130, 1usize..40, 0usize..14), 0..8),
        width in 20usize..60,
    ) {
        let Ok(doc) = Document::from_bytes("p", text.as_bytes()) else { return Ok(()) };
        let len = doc.char_len();
        let spans: Vec<SpanRecord> = raw
            .into_iter()
            .filter_map(|(s, l, t)| {
                let s = s % len;
                SpanRecord::new(&doc, Span::new(s, (s + l).min(len)), Technique::ALL[t], 0.5, vec!["x".into()])
            })
            .collect();
        let rec = ArticleRecord::new(&doc, None, spans);
        let out = render(plain(width), &[(doc, rec)]);
        assert_fits(&out, width);
        prop_assert!(!out.contains(char::from(0x1b)), "an escape code in the output");
    }
}
