//! The TimeML reader and the TempEval-3 scorer on documents written here.

use std::path::Path;

use slant_time::{Counts, TimeError, TimexType, align, parse_timeml, read_timeml_dir};

const DOC: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DOCID>demo1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2012-03-20" functionInDocument="CREATION_TIME">2012-03-20</TIMEX3></DCT>
<TEXT>
José&apos;s café <EVENT eid="e1">opened</EVENT> in <TIMEX3 tid="t1" type="DATE" value="1986">1986</TIMEX3> &amp; closed
<TIMEX3 tid="t2" type="DATE" value="2012-03-17">Saturday</TIMEX3> after <TIMEX3 tid="t3" type="DURATION" value="P2Y" mod="APPROX">two years</TIMEX3> 🦊.
</TEXT>
</TimeML>
"#;

#[test]
fn reads_text_dct_and_gold_spans_in_code_points() {
    let doc = parse_timeml(Path::new("demo.tml"), DOC).unwrap();
    assert_eq!(doc.id, "demo1");
    assert_eq!(doc.dct.to_string(), "2012-03-20");
    assert!(doc.text.contains("José's café opened in 1986 & closed"));
    let chars: Vec<char> = doc.text.chars().collect();
    let got: Vec<(&str, TimexType, &str)> = doc
        .timexes
        .iter()
        .map(|t| (t.text.as_str(), t.kind, t.value.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("1986", TimexType::Date, "1986"),
            ("Saturday", TimexType::Date, "2012-03-17"),
            ("two years", TimexType::Duration, "P2Y")
        ]
    );
    for t in &doc.timexes {
        assert_eq!(chars[t.start..t.end].iter().collect::<String>(), t.text);
    }
}

#[test]
fn malformed_files_name_the_file_line_and_problem() {
    let cases = [
        (
            DOC.replace("<DCT>", "<DXT>").replace("</DCT>", "</DXT>"),
            "no <DCT> element",
        ),
        (
            DOC.replace("value=\"2012-03-20\"", "value=\"someday\""),
            "does not start with a YYYY-MM-DD date",
        ),
        (DOC.replace("</TEXT>", ""), "<TEXT> is never closed"),
        (
            DOC.replace("1986</TIMEX3>", "1986"),
            "a TIMEX3 inside another TIMEX3",
        ),
        (
            DOC.replace("<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1986\">", ""),
            "</TIMEX3> without an open TIMEX3",
        ),
        (
            DOC.replace("&amp;", "&bogus;"),
            "unknown or unterminated entity",
        ),
        (
            DOC.replace("type=\"DURATION\"", "type=\"LENGTH\""),
            "TIMEX3 t3 has no valid type",
        ),
        (
            DOC.replace("two years</TIMEX3>", "two years"),
            "a TIMEX3 is still open",
        ),
        (
            DOC.replace("🦊.\n</TEXT>", "🦊 <EVENT\n</TEXT>"),
            "a tag is never closed",
        ),
    ];
    for (xml, problem) in cases {
        let err = parse_timeml(Path::new("bad.tml"), &xml).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("bad.tml:"), "{msg}");
        assert!(msg.contains(problem), "{msg} should say {problem:?}");
        assert!(matches!(err, TimeError::Malformed { line, .. } if line >= 1));
    }
    let err = read_timeml_dir(Path::new("/nonexistent/timebank")).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/timebank"));
}

#[test]
fn an_empty_folder_is_an_error() {
    let dir = std::env::temp_dir().join(format!("slant-time-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let err = read_timeml_dir(&dir).unwrap_err();
    assert!(matches!(err, TimeError::NoTimeml { .. }), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn gold_against_itself_scores_one() {
    let doc = parse_timeml(Path::new("demo.tml"), DOC).unwrap();
    let mut counts = Counts::default();
    counts.add(&doc.timexes, &doc.timexes);
    let s = counts.scores();
    for v in [
        s.strict.f1,
        s.relaxed.f1,
        s.kind.f1,
        s.value.f1,
        s.value.accuracy,
    ] {
        assert!((v - 1.0).abs() < 1e-12);
    }
}

#[test]
fn scores_count_as_tempeval_does() {
    let doc = parse_timeml(Path::new("demo.tml"), DOC).unwrap();
    let gold = &doc.timexes;
    // One exact with a wrong value, one overlapping, one missed, one spurious.
    let mut system = vec![gold[0].clone(), gold[1].clone()];
    system[0].value = "1987".into();
    system[1].end -= 2;
    let mut spurious = gold[2].clone();
    spurious.start = gold[2].end + 1;
    spurious.end = spurious.start + 1;
    system.push(spurious);
    let pairs = align(gold, &system);
    assert_eq!(
        pairs,
        [
            (Some(0), Some(0)),
            (Some(1), Some(1)),
            (Some(2), None),
            (None, Some(2))
        ]
    );
    let mut counts = Counts::default();
    counts.add(gold, &system);
    let s = counts.scores();
    assert_eq!(
        (counts.strict, counts.relaxed, counts.value_correct),
        (1, 2, 1)
    );
    assert!(
        (s.strict.precision - 1.0 / 3.0).abs() < 1e-12
            && (s.strict.recall - 1.0 / 3.0).abs() < 1e-12
    );
    assert!((s.relaxed.f1 - 2.0 / 3.0).abs() < 1e-12);
    // Value: relaxed F1 x accuracy = 2/3 x 1/2.
    assert!((s.value.f1 - 1.0 / 3.0).abs() < 1e-12);
    assert!((s.kind.f1 - 2.0 / 3.0).abs() < 1e-12);
    let empty = Counts::default().scores();
    assert!(empty.strict.f1 == 0.0 && empty.value.f1 == 0.0);
}
