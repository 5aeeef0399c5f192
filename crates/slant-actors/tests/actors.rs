//! Integration tests: the gold set's targets, the seed article, offsets on
//! non-ASCII text, the JSON contract, and pathological inputs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use slant_actors::{ActorIndex, Context, How, Kind, eval, find_actors, gold, read_actors};
use slant_text::{Document, Quoted, Span, Technique, Voice};

fn gold_dir(part: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("gold")
        .join(part)
}

#[test]
fn dev_gold_meets_the_targets() {
    let texts = gold::load_dir(&gold_dir("dev")).unwrap();
    assert!(texts.len() >= 30);
    let s = eval::evaluate(&texts);
    assert!(s.mentions.f1 >= 0.85, "mention F1 {:?}", s.mentions);
    assert!(s.bcubed.f1 >= 0.80, "B-cubed {:?}", s.bcubed);
    assert!(
        s.acronyms.precision >= 0.95 && s.acronyms.recall >= 0.85,
        "acronyms {:?}",
        s.acronyms
    );
}

/// Scored once, after the rules were written on `dev/` (first figures in
/// the crate README); a fall below the targets here is a regression.
#[test]
fn heldout_gold_meets_the_targets() {
    let texts = gold::load_dir(&gold_dir("heldout")).unwrap();
    assert!(texts.len() >= 10);
    let s = eval::evaluate(&texts);
    assert!(s.mentions.f1 >= 0.85, "mention F1 {:?}", s.mentions);
    assert!(s.bcubed.f1 >= 0.80, "B-cubed {:?}", s.bcubed);
    assert!(
        s.acronyms.precision >= 0.85 && s.acronyms.recall >= 0.85,
        "acronyms {:?}",
        s.acronyms
    );
}

#[test]
fn an_acronym_for_a_thing_is_no_actor() {
    let text = "Amnesty International (AI) wrote about AI (artificial intelligence). The rights group says AI is biased.";
    let r = read_actors(text, &Context::default());
    assert_eq!(r.acronyms.len(), 2);
    let names: Vec<&str> = r.actors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Amnesty International"]);
    let forms: Vec<&str> = r.actors[0]
        .aliases
        .iter()
        .map(|a| a.text.as_str())
        .collect();
    assert_eq!(forms, ["Amnesty International", "AI", "the rights group"]);
}

#[test]
fn a_place_is_no_transliteration_of_a_surname() {
    // "China" and "Kaine" have one transliteration skeleton.
    let text = "Senator Tim Kaine spoke on Monday. Kaine said he would act. \
                He warned of hackers from China and Russia. China denied it.";
    let r = read_actors(text, &Context::default());
    let forms = |name: &str| -> Vec<String> {
        let a = r.actors.iter().find(|a| a.name == name).unwrap_or_else(|| panic!("no {name}: {:?}", r.actors));
        a.aliases.iter().map(|x| x.text.clone()).collect()
    };
    assert_eq!(forms("Tim Kaine"), ["Tim Kaine", "Kaine"]);
    let china = r.actors.iter().find(|a| a.name == "China").expect("China is an actor");
    assert_eq!(china.aliases.iter().map(|x| x.count).sum::<usize>(), 2, "{china:?}");
}

#[test]
fn a_title_goes_to_no_one_never_called_that() {
    // Ogle is a pilot; "the mayor" is someone the text does not name.
    let text = "\"The toll is a disgrace,\" said Martin Ogle, a retired harbour pilot. \
                According to sources, the money will go to the mayor's friends. \
                Mayor Anna Berg denied it. The mayor called the claim absurd.";
    let r = read_actors(text, &Context::default());
    let forms = |name: &str| -> Vec<String> {
        let a = r.actors.iter().find(|a| a.name == name).unwrap_or_else(|| panic!("no {name}: {:?}", r.actors));
        a.aliases.iter().map(|x| x.text.clone()).collect()
    };
    assert_eq!(forms("Martin Ogle"), ["Martin Ogle"]);
    assert!(forms("Anna Berg").iter().any(|f| f.eq_ignore_ascii_case("the mayor")), "{:?}", forms("Anna Berg"));
}

/// Code-point span of the `nth` occurrence of `needle`.
fn span_of(text: &str, needle: &str, nth: usize) -> Span {
    let (b, _) = text.match_indices(needle).nth(nth).unwrap();
    let start = text[..b].chars().count();
    Span::new(start, start + needle.chars().count())
}

#[test]
fn offsets_are_code_points_on_non_ascii_text() {
    let text = "🦊 “Zoë Ceaușescu,” said José Müller of the Café Union (CU). Ceaușescu left; the union — «CU» — stayed. She smiled.";
    let doc = Document::from_text("x", text.to_owned()).unwrap();
    let actors = find_actors(&doc, &Context::default());
    let chars: Vec<char> = text.chars().collect();
    let mut n = 0;
    for a in &actors {
        for m in &a.mentions {
            let via: String = chars[m.start..m.end].iter().collect();
            assert_eq!(via, m.text);
            assert_eq!(doc.slice(Span::new(m.start, m.end)), Some(m.text.as_str()));
            n += 1;
        }
    }
    assert!(n >= 6, "{actors:#?}");
    let zoe = actors.iter().find(|a| a.name == "Zoë Ceaușescu").unwrap();
    assert!(
        zoe.mentions
            .iter()
            .any(|m| m.start == span_of(text, "Ceaușescu", 1).start)
    );
    let union = actors.iter().find(|a| a.name == "Café Union").unwrap();
    let forms: Vec<&str> = union.aliases.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(forms, ["CU", "Café Union", "the union"]);
}

#[test]
fn labels_carry_voice_and_techniques() {
    let text = "The Harbour Front is a terrorist group, said Ana Ruiz. “The Harbour Front thugs lie,” Ruiz said.";
    let quoted = [Quoted {
        span: span_of(text, "The Harbour Front thugs lie", 0),
        attribution: 0,
    }];
    let techniques = [(
        span_of(text, "terrorist group", 0),
        Technique::NameCallingLabeling,
    )];
    let ctx = Context {
        techniques: &techniques,
        quoted: &quoted,
    };
    let actors = read_actors(text, &ctx).actors;
    let front = actors.iter().find(|a| a.name == "Harbour Front").unwrap();
    assert_eq!(front.kind, Kind::Organisation);
    let terrorist = front.labels.iter().find(|l| l.text == "terrorist").unwrap();
    assert_eq!((terrorist.count, terrorist.voice), (1, Voice::Narration));
    assert_eq!(terrorist.techniques, [Technique::NameCallingLabeling]);
    let thug = front.labels.iter().find(|l| l.text == "thug").unwrap();
    assert_eq!(thug.voice, Voice::Attribution(0));
    assert!(thug.techniques.is_empty());
}

#[test]
fn json_has_the_contract_fields() {
    let actors = read_actors(
        "The Northern Ports Union (NPU) struck. Anna Lindqvist, a ringleader of the NPU, spoke.",
        &Context::default(),
    )
    .actors;
    let v = serde_json::to_value(&actors).unwrap();
    let a = &v[0];
    for field in ["id", "name", "kind", "aliases", "labels", "mentions"] {
        assert!(a.get(field).is_some(), "missing {field} in {a}");
    }
    assert!(a["mentions"][0].get("how").is_some() && a["aliases"][0].get("count").is_some());
    let anna = v
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Anna Lindqvist")
        .unwrap();
    assert_eq!(anna["kind"], "person");
    assert_eq!(anna["labels"][0]["text"], "ringleader");
    assert_eq!(anna["labels"][0]["voice"], "narration");
    let back: Vec<slant_actors::Actor> = serde_json::from_value(v).unwrap();
    assert_eq!(back, actors);
}

#[test]
fn the_seed_article_reads_right() {
    let path = std::env::var_os("SLANT_SEED_ARTICLE").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/examples/mko-defectors.txt"),
        PathBuf::from,
    );
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!(
            "skipped: no seed article at {} (set SLANT_SEED_ARTICLE)",
            path.display()
        );
        return;
    };
    let doc = Document::from_bytes("seed", &bytes).unwrap();
    let actors = find_actors(&doc, &Context::default());
    let by_name = |n: &str| {
        actors
            .iter()
            .find(|a| a.name == n)
            .unwrap_or_else(|| panic!("no actor {n}: {actors:#?}"))
    };
    let mko = by_name("Mojahedin-e Khalq Organization");
    for form in [
        "MKO",
        "MEK",
        "PMOI",
        "NCR",
        "the terrorist group",
        "the group",
    ] {
        assert!(
            mko.aliases.iter().any(|a| a.text == form),
            "MKO lacks {form}"
        );
    }
    assert!(
        mko.labels
            .iter()
            .any(|l| l.text == "terrorist" && l.count >= 4)
    );
    assert!(mko.labels.iter().any(|l| l.text == "cult"));
    let saddam = by_name("Saddam Hussein");
    assert!(
        saddam
            .aliases
            .iter()
            .any(|a| a.text == "the Iraqi dictator")
    );
    let rajavi = actors.iter().find(|a| a.name == "Rajavi").unwrap();
    let amb = rajavi.ambiguous.as_ref().unwrap();
    assert_eq!(amb.candidates, [by_name("Maryam Rajavi").id.clone()]);
    let sanjabi = by_name("Maryam Sanjabi");
    assert!(sanjabi.labels.iter().any(|l| l.text == "ringleader"));
    assert!(
        sanjabi
            .mentions
            .iter()
            .filter(|m| m.how == How::Pronoun)
            .count()
            >= 3
    );
    // Attribution sources resolve to her.
    let ix = ActorIndex::new(&actors);
    let text = doc.text();
    let said = span_of(text, "Sanjabi", 2);
    let r = ix.resolve(said).unwrap();
    assert_eq!(actors[r.actor].name, "Maryam Sanjabi");
}

fn time<F: FnOnce()>(f: F) -> Duration {
    let t = Instant::now();
    f();
    t.elapsed()
}

#[test]
fn pathological_inputs_take_linear_time() {
    // 1,000 acronyms in a row, each different.
    let acronyms: String = (0..1000u32)
        .flat_map(|i| {
            [
                'A',
                char::from(b'A' + (i % 26) as u8),
                char::from(b'A' + (i / 26 % 26) as u8),
                ' ',
            ]
        })
        .collect();
    let r = read_actors(&acronyms, &Context::default());
    assert!(r.actors.len() >= 600, "{}", r.actors.len());
    // Unbalanced parentheses, opened and closed.
    let parens =
        "(".repeat(50_000) + &")".repeat(20_000) + " the MKO (Mojahedin-e Khalq Organization";
    let r = read_actors(&parens, &Context::default());
    assert!(r.acronyms.is_empty());
    // One name repeated: linear, one actor.
    let names = |n: usize| "Maryam Sanjabi ".repeat(n);
    let (small, big) = (names(2_000), names(8_000));
    let t_small = time(|| {
        read_actors(&small, &Context::default());
    });
    let t_big = time(|| {
        let r = read_actors(&big, &Context::default());
        assert_eq!(r.actors.len(), 1);
        assert_eq!(r.actors[0].mentions.len(), 8_000);
    });
    assert!(
        t_big < t_small * 8 + Duration::from_millis(50),
        "{t_small:?} then {t_big:?}"
    );
    let sentences = "Sanjabi said she left. ".repeat(5_000);
    assert!(
        time(|| {
            read_actors(&sentences, &Context::default());
        }) < Duration::from_secs(2)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn never_panics_and_offsets_hold(text in "[A-Za-z()“”\"'’ .,;:/\\-éü🦊\n]{0,200}") {
        let r = read_actors(&text, &Context::default());
        let chars: Vec<char> = text.chars().collect();
        for a in &r.actors {
            prop_assert!(!a.mentions.is_empty());
            for m in &a.mentions {
                prop_assert!(m.start < m.end && m.end <= chars.len());
                let via: String = chars[m.start..m.end].iter().collect();
                prop_assert_eq!(&via, &m.text);
            }
            for l in &a.labels {
                for u in &l.uses {
                    prop_assert!(u.start < u.end && u.end <= chars.len());
                }
            }
        }
        for d in &r.acronyms {
            let short: String = chars[d.short_start..d.short_end].iter().collect();
            prop_assert_eq!(&short, &d.short);
        }
    }

    #[test]
    fn names_and_acronym_soup_never_panics(words in proptest::collection::vec("(the|of|MKO|(US)|Maryam|Rajavi|She|he|group|,|\\(|\\)|also known as|terrorist|Ali|al-Assad)", 0..80)) {
        let text = words.join(" ");
        let r = read_actors(&text, &Context::default());
        let ix = ActorIndex::new(&r.actors);
        let n = text.chars().count();
        prop_assert!(ix.resolve(Span::new(0, n)).is_none_or(|x| x.actor < r.actors.len()));
    }
}
