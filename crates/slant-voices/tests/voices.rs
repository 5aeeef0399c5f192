//! The committed model on sentences written for these tests, adversarial
//! input, and (when `SLANT_POLNEAR_DIR` is set) the `PolNeAR` dev split.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use slant_text::{Document, Span, Voice};
use slant_voices::{Attribution, AttributionKind, SourceKind, Voices};

fn read(text: &str) -> (Document, Vec<Attribution>) {
    let doc = Document::from_text("t", text.to_owned()).unwrap();
    let attrs = Voices::embedded().unwrap().attributions(&doc);
    (doc, attrs)
}

/// Every offset is in bounds and every text is exactly its slice.
fn check_offsets(doc: &Document, attrs: &[Attribution]) {
    let chars: Vec<char> = doc.text().chars().collect();
    let slice = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
    for a in attrs {
        assert!((0.0..=1.0).contains(&a.score), "{a:?}");
        for c in a.cue.iter().chain(&a.content) {
            assert!(c.start < c.end && c.end <= chars.len(), "{c:?}");
            assert_eq!(slice(c.start, c.end), c.text);
        }
        if let Some(s) = &a.source {
            assert!(s.start < s.end && s.end <= chars.len());
            assert_eq!(slice(s.start, s.end), s.text);
            if let Some(r) = &s.refers_to {
                assert_eq!(slice(r.start, r.end), r.text);
            }
        }
    }
}

#[test]
fn quotes_and_reported_speech_with_non_ascii_text() {
    let text = "José Álvarez, the mayor of Málaga, said on Monday that the new tax would “hurt every family 🏠.”\n\n\
                “We will not back down,” Álvarez told reporters. “Never.”\n\n\
                According to a report by the city council, the plan costs €40 million.";
    let (doc, attrs) = read(text);
    check_offsets(&doc, &attrs);
    let cues: Vec<&str> = attrs.iter().filter_map(|a| a.cue.as_ref().map(|c| c.text.as_str())).collect();
    assert!(cues.contains(&"said"), "{cues:?}");
    assert!(cues.contains(&"told"), "{cues:?}");
    assert!(cues.iter().any(|c| c.starts_with("According to")), "{cues:?}");
    let told = attrs.iter().find(|a| a.cue.as_ref().is_some_and(|c| c.text == "told")).unwrap();
    assert_eq!(told.kind, AttributionKind::Direct);
    let source = told.source.as_ref().unwrap();
    assert_eq!(source.text, "Álvarez");
    assert_eq!(source.refers_to.as_ref().map(|r| r.text.as_str()), Some("José Álvarez"));
    assert!(told.content.iter().any(|c| c.text.contains("We will not back down")));
    let report = attrs.iter().find(|a| a.kind == AttributionKind::AccordingTo).unwrap();
    assert_eq!(report.source.as_ref().map(|s| s.kind), Some(SourceKind::Document));
}

#[test]
fn pronouns_resolve_and_voices_follow_content() {
    let text = "Maryam Sanjabi, a former official, told the agency that the group was “a cruel cult.” \
                She said that members were punished. The council called the group dangerous.";
    let (doc, attrs) = read(text);
    check_offsets(&doc, &attrs);
    let she = attrs.iter().find(|a| a.source.as_ref().is_some_and(|s| s.text == "She")).expect("a She source");
    let she_src = she.source.as_ref().unwrap();
    assert_eq!(she_src.kind, SourceKind::Pronoun);
    assert_eq!(she_src.refers_to.as_ref().unwrap().text, "Maryam Sanjabi");
    let sources = slant_voices::sources(&doc, &attrs);
    assert_eq!(sources[0].text, "Maryam Sanjabi");
    assert!(sources[0].attributions >= 2, "{sources:?}");
    // "cruel" is in Sanjabi's content; "dangerous" ends the outlet's sentence.
    let cruel = text[..text.find("cruel").unwrap()].chars().count();
    let spans = [Span::new(cruel, cruel + 5)];
    let voices = slant_voices::voices(&spans, &attrs);
    assert!(matches!(voices[0], Voice::Attribution(_)), "{voices:?}");
}

#[test]
fn the_outlets_own_words_are_narration() {
    let text = "The reckless plan will strangle our city. The new toll is a disgrace.";
    let doc = Document::from_text("n", text.to_owned()).unwrap();
    let read = Voices::embedded().unwrap().read(&doc, &[Span::new(4, 12), Span::new(60, 68)]);
    assert_eq!(doc.slice(Span::new(60, 68)), Some("disgrace"));
    assert_eq!(read.voices, [Voice::Narration, Voice::Narration]);
    assert_eq!(read.summary.narration_share, Some(1.0));
    assert!(!read.summary.rests_on_one_source);
}

#[test]
fn an_alias_list_is_part_of_the_speaker_not_an_attribution() {
    let text = "A former member of the Northern Harbour Front (NHF, also known as the HFA, PMF and NRC) \
                disclosed that the group punishes anyone who leaves it.";
    let (doc, attrs) = read(text);
    check_offsets(&doc, &attrs);
    assert!(attrs.iter().all(|a| a.cue.as_ref().is_none_or(|c| !c.text.contains("known as"))), "{attrs:#?}");
    let disclosed = attrs.iter().find(|a| a.cue.as_ref().is_some_and(|c| c.text == "disclosed")).expect("the cue");
    let source = disclosed.source.as_ref().expect("a source");
    assert!(source.text.starts_with("A former member"), "{source:?}");
    assert!(source.text.ends_with("NRC)"), "{source:?}");
    assert_eq!(source.kind, SourceKind::Anonymous);
}

#[test]
fn a_relative_clause_is_part_of_the_speaker() {
    let text = "Lopez, a long-serving harbour official who used to advise the harbour master, Anna Berg, as her \
                closest aide in secret meetings with the port owners, said that she herself had read every contract.";
    let (doc, attrs) = read(text);
    check_offsets(&doc, &attrs);
    let said = attrs.iter().find(|a| a.cue.as_ref().is_some_and(|c| c.text == "said")).expect("the cue");
    let source = said.source.as_ref().expect("a source");
    assert!(source.text.starts_with("Lopez, a long-serving"), "{source:?}");
    assert!(source.text.ends_with("the port owners"), "{source:?}");
    assert_eq!(source.kind, SourceKind::Person);
    assert_eq!(said.content.len(), 1, "{said:#?}");
    assert!(said.content[0].text.starts_with("that she herself"), "{said:#?}");
}

#[test]
fn a_speaker_line_is_an_attribution() {
    let text = "The interview ran on Sunday.\n\n\"BERG: We will not raise the harbour tax this year, whatever the \
                council says.\"\n\nCorrection: An earlier version misspelled the mayor's name.";
    let (doc, attrs) = read(text);
    check_offsets(&doc, &attrs);
    let line = attrs
        .iter()
        .find(|a| a.cue.as_ref().is_some_and(|c| c.text == ":") && a.source.as_ref().is_some_and(|s| s.text == "BERG"))
        .unwrap_or_else(|| panic!("no speaker line in {attrs:#?}"));
    assert_eq!(line.content.len(), 1);
    assert_eq!(line.source.as_ref().map(|s| s.kind), Some(SourceKind::Person));
    assert!(line.content[0].text.starts_with("We will not raise"), "{line:?}");
    assert!(line.content[0].text.ends_with("council says."), "{line:?}");
    assert!(attrs.iter().all(|a| a.source.as_ref().is_none_or(|s| s.text != "Correction")), "{attrs:#?}");
}

fn adversarial() -> Vec<(&'static str, String)> {
    vec![
        ("10,000 marks in a row", "\"".repeat(10_000)),
        ("10,000 curly marks", "“”".repeat(5_000)),
        ("unbalanced", "He said “this never ends. And “neither does this. ” ” ” she said".repeat(200)),
        ("nested", "“a ‘b “c ‘d” e’ f” g,” he said. ".repeat(300)),
        ("one long quote", format!("“{}”", "We will win and they will lose, said nobody. ".repeat(400))),
        ("one long line of names", "Mr. Smith said he told She Who said It. ".repeat(500)),
        ("no spaces", "said:".repeat(4_000)),
    ]
}

#[test]
fn adversarial_text_gives_clear_output() {
    for (name, text) in adversarial() {
        let (doc, attrs) = read(&text);
        check_offsets(&doc, &attrs);
        let read = Voices::embedded().unwrap().read(&doc, &[Span::new(0, 1)]);
        assert_eq!(read.voices.len(), 1, "{name}");
        assert!((0.0..=1.0).contains(&read.summary.quoted_share), "{name}");
    }
}

fn best_of_three(text: &str) -> Duration {
    let doc = Document::from_text("t", text.to_owned()).unwrap();
    let voices = Voices::embedded().unwrap();
    (0..3)
        .map(|_| {
            let t = Instant::now();
            let read = voices.read(&doc, &[]);
            std::hint::black_box(read);
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn time_is_linear_in_pathological_input() {
    let _ = Voices::embedded().unwrap();
    for (name, unit) in [
        ("quotation marks", "\"".to_owned()),
        ("nested quotes", "“a ‘b “c” d’ e,” she said. ".to_owned()),
        ("pronouns and names", "He said She told Mr. Smith that it said so. ".to_owned()),
    ] {
        let small = unit.repeat(2_000 / unit.len().max(1) + 1);
        let large = small.repeat(4);
        let (t1, t4) = (best_of_three(&small), best_of_three(&large));
        // Linear gives about 4x; quadratic 16x. Allow noise from a shared
        // machine on top of a 4x ratio.
        assert!(
            t4 < t1 * 9 + Duration::from_millis(20),
            "{name}: {t1:?} for {} chars, {t4:?} for four times as many",
            small.len()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn never_panics_and_offsets_stay_in_bounds(text in "[a-zA-Zé “”‘’\"'.,:;!?\\n🦊—-]{1,300}") {
        if let Ok(doc) = Document::from_text("p", text.clone()) {
            let voices = Voices::embedded().unwrap();
            let attrs = voices.attributions(&doc);
            check_offsets(&doc, &attrs);
            let spans: Vec<Span> = (0..doc.char_len()).step_by(7).map(|s| Span::new(s, (s + 5).min(doc.char_len()))).collect();
            let read = voices.read(&doc, &spans);
            prop_assert_eq!(read.voices.len(), spans.len());
            for s in &read.sources {
                prop_assert!((0.0..=1.0).contains(&s.share) && (0.0..=1.0).contains(&s.content_share));
            }
        }
    }

    #[test]
    fn words_and_quotes_in_any_order(words in prop::collection::vec(prop_oneof![
        Just("said"), Just("“"), Just("”"), Just("\""), Just("he"), Just("Smith"), Just("according to"),
        Just(","), Just("."), Just("\n\n"), Just("the report"), Just("told"), Just(":"), Just("who"),
    ], 1..120)) {
        let text = words.join(" ");
        if let Ok(doc) = Document::from_text("w", text) {
            let attrs = Voices::embedded().unwrap().attributions(&doc);
            check_offsets(&doc, &attrs);
        }
    }
}

/// The committed model on `PolNeAR` dev, when `SLANT_POLNEAR_DIR` is set:
/// it must stay near its recorded figures.
#[test]
fn polnear_dev_figures() {
    let Ok(dir) = std::env::var("SLANT_POLNEAR_DIR") else {
        eprintln!("SLANT_POLNEAR_DIR is not set: skipping the PolNeAR dev check");
        return;
    };
    let dev = slant_voices::corpus::read_split(&std::path::Path::new(&dir).join("dev")).unwrap();
    assert_eq!(dev.len(), 84);
    let s = slant_voices::train::evaluate(Voices::embedded().unwrap(), &dev);
    eprintln!("PolNeAR dev: {s:?}");
    assert!(s.exact.cue.f1 > 0.6, "{:?}", s.exact.cue);
    assert!(s.exact.source.f1 > 0.6, "{:?}", s.exact.source);
    assert!(s.exact.content.f1 > 0.42, "{:?}", s.exact.content);
    assert!(s.overlap.content.f1 > 0.78, "{:?}", s.overlap.content);
}
