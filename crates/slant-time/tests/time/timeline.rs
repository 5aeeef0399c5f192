//! The timeline on an article written for this test, modelled on the seed
//! (a defector's account quoted by an agency, published in 2012).
#![allow(clippy::type_complexity, clippy::unnecessary_wraps)]

use slant_text::{Document, Quoted, Span, Voice};
use slant_time::{
    Date, EntryKind, Published, PublishedFrom, TimelineEntry, find_timexes, timeline,
};

const ARTICLE: &str = "A former member of the Harbour Front said the faction punishes anyone who tries to leave.\n\
\u{201c}In 1999, several members asked openly to quit the faction but they were locked in the cellar by order of the chairman,\u{201d} Olga Brand, a former spokeswoman of the group, told reporters on Saturday.\n\
Brand said that leaving was only possible during the years between 1984 to 1990, and added that nobody has left since then.\n\
\u{201c}From 1990 to 1999, the leaders told members that anyone who wanted to leave would first be confined and then be sent away,\u{201d} Brand said.\n\
The faction moved to the coast in 1984, where it was sheltered by a shipping magnate.\n\
The leaders have barred members from seeing their families for the last three years in an effort to stop defections and escapes from the compound.\n\
The Harbour Front, whose headquarters is still on the coast, is banned by several countries, including Norway.";

fn published() -> Published {
    Published {
        date: Some("2012-03-20".parse().unwrap()),
        from: PublishedFrom::Flag,
    }
}

fn quoted(doc: &Document) -> Vec<Quoted> {
    // The two direct quotations, attributed to Brand (attribution 0).
    let chars: Vec<char> = doc.text().chars().collect();
    let mut out = Vec::new();
    let mut open = None;
    for (i, c) in chars.iter().enumerate() {
        match c {
            '\u{201c}' => open = Some(i + 1),
            '\u{201d}' => {
                if let Some(s) = open.take() {
                    out.push(Quoted {
                        span: Span::new(s, i),
                        attribution: 0,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

fn entries() -> (Document, Vec<TimelineEntry>) {
    let doc = Document::from_text("harbour", ARTICLE.to_owned()).unwrap();
    let p = published();
    let timexes = find_timexes(&doc, p.date);
    let entries = timeline(&doc, &timexes, &quoted(&doc), &p);
    (doc, entries)
}

fn day(s: &str) -> Option<Date> {
    Some(s.parse().unwrap())
}

#[test]
fn each_dated_claim_is_placed_trimmed_and_attributed() {
    let (_, entries) = entries();
    let got: Vec<(Option<Date>, Option<Date>, EntryKind, &str, Voice)> = entries
        .iter()
        .map(|e| (e.begin, e.end, e.kind, e.claim.text.as_str(), e.asserted_by))
        .collect();
    let want = vec![
        (
            day("1984-01-01"),
            day("1984-12-31"),
            EntryKind::Dated,
            "The faction moved to the coast",
            Voice::Narration,
        ),
        (
            day("1984-01-01"),
            day("1990-12-31"),
            EntryKind::Range,
            "leaving was only possible during the years",
            Voice::Narration,
        ),
        (
            day("1990-01-01"),
            day("1999-12-31"),
            EntryKind::Range,
            "the leaders told members that anyone who wanted to leave would first be confined and then be sent away",
            Voice::Attribution(0),
        ),
        (
            day("1999-01-01"),
            day("1999-12-31"),
            EntryKind::Dated,
            "several members asked openly to quit the faction but they were locked in the cellar by order of the chairman",
            Voice::Attribution(0),
        ),
        (
            day("2009-03-21"),
            day("2012-03-20"),
            EntryKind::Dated,
            "The leaders have barred members from seeing their families for the last three years in an effort to stop defections and escapes from the compound",
            Voice::Narration,
        ),
        (
            day("2012-03-17"),
            day("2012-03-17"),
            EntryKind::Dated,
            "Olga Brand, a former spokeswoman of the group, told reporters",
            Voice::Narration,
        ),
        (
            day("2012-03-20"),
            day("2012-03-20"),
            EntryKind::AsOf,
            "The Harbour Front, whose headquarters is still on the coast, is banned by several countries, including Norway",
            Voice::Narration,
        ),
    ];
    assert_eq!(got, want);
}

#[test]
fn claims_are_exact_slices_and_link_their_expressions() {
    let (doc, entries) = entries();
    let chars: Vec<char> = doc.text().chars().collect();
    let timexes = find_timexes(&doc, published().date);
    for e in &entries {
        let slice: String = chars[e.claim.start..e.claim.end].iter().collect();
        assert_eq!(slice, e.claim.text);
        if let Some(t) = e.timex {
            assert!(t < timexes.len());
        }
    }
    let range = entries.iter().find(|e| e.kind == EntryKind::Range).unwrap();
    let (a, b) = (range.timex.unwrap(), range.timex_end.unwrap());
    assert_eq!(
        (timexes[a].text.as_str(), timexes[b].text.as_str()),
        ("1984", "1990")
    );
}

#[test]
fn the_record_has_the_contract_shape() {
    let (_, entries) = entries();
    let json = serde_json::to_value(&entries[0]).unwrap();
    for field in ["begin", "end", "timex", "claim", "asserted_by"] {
        assert!(json.get(field).is_some(), "missing {field} in {json}");
    }
    assert_eq!(json["begin"], "1984-01-01");
    assert_eq!(json["asserted_by"], "narration");
    assert_eq!(json["claim"]["text"], "The faction moved to the coast");
    let quoted = entries
        .iter()
        .find(|e| e.asserted_by != Voice::Narration)
        .unwrap();
    assert_eq!(serde_json::to_value(quoted).unwrap()["asserted_by"], 0);
    let back: TimelineEntry = serde_json::from_value(json).unwrap();
    assert_eq!(back, entries[0]);
    let doc = Document::from_text("x", "It rained in 1986.".to_owned()).unwrap();
    let t = &find_timexes(&doc, None)[0];
    let json = serde_json::to_value(t).unwrap();
    assert_eq!(json["type"], "DATE");
    assert_eq!(
        (json["start"].as_u64(), json["end"].as_u64()),
        (Some(13), Some(17))
    );
    assert_eq!(json["text"], "1986");
}

#[test]
fn without_a_publication_date_relative_claims_are_left_off() {
    let doc = Document::from_text("harbour", ARTICLE.to_owned()).unwrap();
    let none = Published::default();
    let timexes = find_timexes(&doc, None);
    let saturday = timexes.iter().find(|t| t.text == "Saturday").unwrap();
    assert!(!saturday.resolved);
    let entries = timeline(&doc, &timexes, &[], &none);
    assert!(entries.iter().all(|e| e.kind != EntryKind::AsOf));
    assert!(
        entries.iter().all(
            |e| e.claim.text != "Olga Brand, a former spokeswoman of the group, told reporters"
        )
    );
    assert!(
        entries
            .iter()
            .any(|e| e.claim.text == "The faction moved to the coast")
    );
}
