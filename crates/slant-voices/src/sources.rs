//! Sources typed (person, organisation, document, vague, anonymous,
//! pronoun) by rules over the mention's words, and the per-article source
//! list.
//!
//! The kind is read from the mention's head: the words before the first
//! comma or relative pronoun ("Maryam Sanjabi, a former ringleader …" ->
//! "Maryam Sanjabi"), its last word deciding between document nouns
//! ("report", "poll"), organisation heads ("campaign", "Post", an acronym),
//! person nouns ("spokeswoman"; with "a"/"an" and no name it is anonymous),
//! and plural groups ("members", "officials": vague).

use slant_text::Document;

use crate::attribution::{Attribution, SourceKind, SourceSummary, TextSpan};
use crate::token::{listed, tokenize};

const PRONOUNS: &str = "he she they i we you it him her them who which that his their its me us my our whom this these those \
     one himself herself themselves";

const DOCUMENTS: &str = "report reports poll polls survey surveys study studies statement statements letter letters email \
     emails e-mail memo memos tweet tweets post posts article articles book filing filings document \
     documents records record data analysis ad ads advertisement video transcript release website op-ed \
     editorial column research findings figures numbers estimate estimates projection forecast review \
     audit complaint lawsuit indictment ruling bill platform resolution message note blog page story \
     paper census results ratings index model speech interview agreement documentary footage evidence \
     investigation testimony decision verdict";

const ORGANISATION_HEADS: &str = "campaign committee party department agency administration government ministry council court congress \
     senate house police university institute foundation association union commission bureau office \
     network news times post journal press group organization organisation company corp inc corporation \
     bank fund center centre coalition pac service board team firm school church club magazine newspaper \
     paper channel tribune herald gazette politico breitbart reuters bloomberg facebook google twitter \
     pentagon kremlin gop army navy military regime state city county country nation cabinet parliament \
     assembly staff embassy consulate airline hospital institution movement alliance federation league \
     caucus panel secretariat majority minority wire";

const PERSON_NOUNS: &str = "spokesman spokeswoman spokesperson president senator governor candidate official adviser advisor \
     aide lawyer attorney chairman chairwoman chair director leader manager secretary minister mayor \
     judge professor expert analyst member veteran woman man mother father wife husband son daughter \
     friend strategist pollster economist scientist researcher historian reporter journalist editor \
     writer author voter resident supporter critic activist lawmaker congressman congresswoman \
     representative nominee ringleader defector witness officer agent diplomat ambassador commander \
     general chief founder executive ceo host anchor businessman businesswoman billionaire donor \
     operative consultant speaker student teacher doctor worker employee person mom dad guy colleague \
     insider source";

const GROUPS: &str = "people many some others several most few all both everyone everybody nobody public media crowd \
     audience majority critics experts officials folks staff police americans voters observers analysts \
     members republicans democrats conservatives liberals progressives evangelicals independents latinos \
     hispanics muslims christians catholics millennials iranians iraqis europeans dozens hundreds thousands \
     millions scores residents citizens";

const ANONYMOUS: &str = "source sources anonymity anonymous unnamed unidentified insider insiders";

const TITLES: &str = "mr. mrs. ms. dr. sen. gov. rep. gen. president senator governor sen gov";

fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("’s").or_else(|| w.strip_suffix("'s")).unwrap_or(w)
}

/// The words of a mention before its first comma, parenthesis, dash or
/// relative pronoun, lowercased but with their capitalisation noted.
fn head_words(mention: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for tok in tokenize(mention) {
        let w = tok.text(mention);
        let lower = w.to_lowercase();
        if matches!(w, "," | "(" | "—" | "–" | ";" | ":")
            || (!out.is_empty()
                && matches!(
                    lower.as_str(),
                    "who" | "which" | "that" | "whose" | "of" | "from" | "at" | "with" | "for" | "in" | "on" | "by"
                ))
        {
            break;
        }
        if w.chars().next().is_some_and(char::is_alphanumeric) {
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            out.push((strip_possessive(&lower).to_owned(), capital));
        }
    }
    out
}

fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && word.chars().all(|c| c.is_uppercase() || c == '.' || c == '&')
}

/// The kind of a source mention.
pub(crate) fn classify(mention: &str) -> SourceKind {
    let lower = mention.to_lowercase();
    let all: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect();
    if let [w] | [w, "himself" | "herself" | "themselves" | "itself" | "too" | "also"] = all.as_slice()
        && listed(PRONOUNS, w)
    {
        return SourceKind::Pronoun;
    }
    if all.iter().any(|w| listed(ANONYMOUS, w)) || lower.contains("familiar with") || lower.contains("close to the") {
        return SourceKind::Anonymous;
    }
    let head = head_words(mention);
    let Some((last, _)) = head.last() else {
        return SourceKind::Vague;
    };
    let raw_last = mention
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’'))
        .find(|w| strip_possessive(&w.to_lowercase()) == *last)
        .unwrap_or("");
    let last_capital = head.last().is_some_and(|(_, cap)| *cap);
    if listed(DOCUMENTS, last) && !last_capital {
        return SourceKind::Document;
    }
    if listed(ORGANISATION_HEADS, last)
        || is_acronym(strip_possessive(raw_last.trim_matches(|c: char| !c.is_alphanumeric())))
    {
        return SourceKind::Organisation;
    }
    let named =
        head.iter().skip(1).any(|(_, cap)| *cap) || head.first().is_some_and(|(w, cap)| *cap && !is_determiner(w));
    if listed(PERSON_NOUNS, last) {
        let indefinite = head.first().is_some_and(|(w, _)| matches!(w.as_str(), "a" | "an" | "one" | "another"));
        return if indefinite && !named { SourceKind::Anonymous } else { SourceKind::Person };
    }
    let plural = last.len() > 3 && last.ends_with('s') && !last.ends_with("ss") && !last.ends_with("us");
    if listed(GROUPS, last) || (plural && !head.iter().all(|(_, cap)| *cap)) {
        return SourceKind::Vague;
    }
    if named {
        return SourceKind::Person;
    }
    if plural { SourceKind::Vague } else { SourceKind::Person }
}

fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "these"
            | "those"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "many"
            | "some"
            | "several"
            | "most"
    )
}

/// The core of a mention as a code-point range inside it: the name of a
/// person ("Maryam Sanjabi" of "Maryam Sanjabi, a former ringleader"), else
/// the head words ("Many former MKO members" of "Many former MKO members
/// who have defected").
pub(crate) fn core(mention: &str, kind: SourceKind) -> (usize, usize) {
    let toks = tokenize(mention);
    // A person's name lies before "of", "from", … too: "son and daughter of
    // Brackwater" is no one called Brackwater. (An organisation's does
    // not: "Bank of America".)
    let stop = toks
        .iter()
        .enumerate()
        .position(|(i, t)| {
            let w = t.text(mention).to_lowercase();
            matches!(w.as_str(), "," | "(" | "—" | "–" | ";" | "who" | "which" | "whose")
                || (kind == SourceKind::Person
                    && i > 0
                    && matches!(w.as_str(), "of" | "from" | "at" | "for" | "in" | "with" | "on" | "by"))
        })
        .unwrap_or(toks.len());
    let toks = &toks[..stop];
    let capital = |i: usize| {
        let w = toks[i].text(mention);
        w.chars().next().is_some_and(char::is_uppercase) && !is_determiner(&w.to_lowercase())
    };
    let first_capital = if kind == SourceKind::Person { (0..toks.len()).find(|&i| capital(i)) } else { None };
    if let Some(first) = first_capital {
        let mut last = first;
        while last + 1 < toks.len() && (capital(last + 1) || toks[last + 1].text(mention) == "’s") {
            last += 1;
        }
        if toks[last].text(mention) == "’s" && last > first {
            last -= 1;
        }
        return (toks[first].start, toks[last].end);
    }
    match (toks.first(), toks.last()) {
        (Some(f), Some(l)) => (f.start, l.end),
        _ => (0, mention.chars().count()),
    }
}

/// Whether a person's name core starts with a title ("Mr. Trump").
pub(crate) fn is_title(word: &str) -> bool {
    listed(TITLES, &word.to_lowercase())
}

fn group_key(text: &str) -> String {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().filter(|w| !is_determiner(w) && !listed(TITLES, w)).collect();
    words.join(" ").trim_end_matches("’s").trim_end_matches("'s").to_owned()
}

/// The sources of an article's attributions: one entry per source (a
/// pronoun counts for what it refers to; a short name for its full name),
/// with its number of attributions and the share of the article's text
/// (and of its attributed content) that is its content. An attribution
/// without a source of its own counts for the source of the attribution
/// just before it in the same paragraph ("She mentioned …, and said …").
/// Sorted by share, then by first appearance.
pub fn sources(doc: &Document, attributions: &[Attribution]) -> Vec<SourceSummary> {
    let article = doc.char_len().max(1) as f64;
    let total_content: usize = attributions.iter().map(Attribution::content_len).sum();
    let mut out: Vec<(SourceSummary, usize)> = Vec::new();
    // The group of each attribution, when it has one.
    let mut group_of: Vec<Option<usize>> = vec![None; attributions.len()];
    let mut groups: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, a) in attributions.iter().enumerate() {
        let len = a.content_len();
        let Some(src) = &a.source else {
            let inherited =
                i.checked_sub(1).and_then(|j| group_of[j].filter(|_| same_paragraph(doc, &attributions[j], a)));
            if let Some(g) = inherited {
                let s = &mut out[g].0;
                s.attributions += 1;
                s.indices.push(i);
                s.share += len as f64;
                group_of[i] = Some(g);
            }
            continue;
        };
        let (display, kind) = if let Some(r) = &src.refers_to {
            (r.text.clone(), if src.kind == SourceKind::Pronoun { classify(&r.text) } else { src.kind })
        } else {
            let (s, e) = core(&src.text, src.kind);
            (src.text.chars().skip(s).take(e - s).collect::<String>(), src.kind)
        };
        let key = group_key(&display);
        if let Some(g) = groups.get(&key).copied() {
            let s = &mut out[g].0;
            s.attributions += 1;
            s.indices.push(i);
            s.share += len as f64;
            if s.kind == SourceKind::Pronoun {
                s.kind = kind;
            }
            if display.chars().count() > s.text.chars().count() {
                s.text = display;
            }
            group_of[i] = Some(g);
            groups.insert(group_key(&out[g].0.text), g);
        } else {
            group_of[i] = Some(out.len());
            groups.insert(key, out.len());
            out.push((
                SourceSummary {
                    text: display,
                    kind,
                    attributions: 1,
                    share: len as f64,
                    content_share: 0.0,
                    indices: vec![i],
                },
                i,
            ));
        }
    }
    for (s, _) in &mut out {
        s.content_share = if total_content > 0 { (s.share / total_content as f64).min(1.0) } else { 0.0 };
        s.share = (s.share / article).min(1.0);
    }
    out.sort_by(|a, b| b.0.share.total_cmp(&a.0.share).then(a.1.cmp(&b.1)));
    out.into_iter().map(|(s, _)| s).collect()
}

/// Whether `next` follows `prev` closely in the same paragraph: at most 400
/// code points and no line break between them.
fn same_paragraph(doc: &Document, prev: &Attribution, next: &Attribution) -> bool {
    let bounds = |x: &Attribution| {
        let spans = x
            .cue
            .iter()
            .map(TextSpan::span)
            .chain(x.source.iter().map(crate::Source::span))
            .chain(x.content.iter().map(TextSpan::span));
        spans.fold((usize::MAX, 0), |(s, e), sp| (s.min(sp.start), e.max(sp.end)))
    };
    let (_, prev_end) = bounds(prev);
    let (next_start, _) = bounds(next);
    if next_start <= prev_end {
        return true;
    }
    next_start - prev_end <= 400
        && doc.slice(slant_text::Span::new(prev_end, next_start)).is_some_and(|t| !t.contains('\n'))
}

/// A `TextSpan` for `range` (code points inside `mention`, which starts at
/// `offset` in `doc`).
pub(crate) fn sub_span(doc: &Document, offset: usize, (s, e): (usize, usize)) -> Option<TextSpan> {
    TextSpan::of(doc, slant_text::Span::new(offset + s, offset + e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use SourceKind::*;

    #[test]
    fn classifies_mentions() {
        let cases = [
            ("Maryam Sanjabi, a former ringleader of the MKO", Person),
            ("She", Pronoun),
            ("he himself", Pronoun),
            ("Sanjabi", Person),
            ("Many former MKO members who have defected the group", Vague),
            ("The defected members", Vague),
            ("the report", Document),
            ("A Bloomberg poll", Document),
            ("a report by the city council", Document),
            ("FNA", Organisation),
            ("O’Malley’s campaign", Organisation),
            ("The Washington Post", Organisation),
            ("Spokeswoman Haley Morris", Person),
            ("House Speaker Paul Ryan", Person),
            ("officials", Vague),
            ("experts", Vague),
            ("a senior administration official", Anonymous),
            ("sources", Anonymous),
            ("people familiar with the talks", Anonymous),
            ("the candidate", Person),
            ("Mr. Trump", Person),
            ("Republicans", Vague),
            ("PMOI and NCR)", Organisation),
            ("Thousands of residents", Vague),
        ];
        for (mention, kind) in cases {
            assert_eq!(classify(mention), kind, "{mention}");
        }
    }

    #[test]
    fn core_finds_the_name() {
        let name = |m: &'static str, kind| {
            let (s, e) = core(m, kind);
            &m[s..e]
        };
        assert_eq!(name("Maryam Sanjabi, a former ringleader of the MKO", Person), "Maryam Sanjabi");
        assert_eq!(name("Many former MKO members who have defected", Vague), "Many former MKO members");
        assert_eq!(core("the report", Document), (0, 10));
        assert_eq!(name("son and daughter of Brackwater", Person), "son and daughter");
        assert_eq!(name("Bank of America", Organisation), "Bank of America");
        assert_eq!(name("Sen. Ted Cruz’s aide", Person), "Sen. Ted Cruz");
    }
}
