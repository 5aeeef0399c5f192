//! Proper names and acronyms: runs of capitalised words, cut free of
//! sentence openers, titles and adjectives, each with evidence of its kind.

use crate::hash::HashSet;

use crate::actor::{How, Kind};
use crate::candidate::{Cand, MEDIUM, STRONG, WEAK, Words};
use crate::lexicon::{self as lx, Gender};

/// Longest run of words taken as one name; longer runs are cut.
const MAX_RUN: usize = 10;

/// Endings of English common words, for lone capitalised sentence openers.
const COMMON_ENDINGS: &[&str] = &[
    "tion", "tions", "sion", "ment", "ments", "ness", "ity", "ing", "ed", "ly", "ous", "ive",
    "ance", "ence", "ers",
];

/// Place-like acronyms.
const PLACE_ACRONYMS: &[&str] = &["US", "USA", "UK", "UAE", "DRC", "USSR", "GB"];

/// Finds the names and acronyms of the text.
pub(crate) fn find_names(w: &Words<'_>) -> Vec<Cand> {
    let words = word_stats(w);
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        if !w.is_cap(i) {
            i += 1;
            continue;
        }
        let end = run_end(w, i);
        take_run(w, i, end, &words, &mut out);
        i = end + 1;
    }
    // Names on headline lines count only when the body uses them too.
    let body: HashSet<&str> = out
        .iter()
        .filter(|c| !w.toks[c.first].title_line)
        .map(|c| w.span_text(c.first, c.last))
        .collect();
    out.retain(|c| !w.toks[c.first].title_line || body.contains(w.span_text(c.first, c.last)));
    out
}

/// The last word of the capitalised run starting at `i`.
fn run_end(w: &Words<'_>, i: usize) -> usize {
    let mut seen: HashSet<&str> = HashSet::default();
    seen.insert(w.low[i].as_str());
    let mut end = i;
    let mut has_of = false;
    while end + 1 < w.len() && end - i + 1 < MAX_RUN {
        let can_pass = w.joined(end)
            || (w.toks[end].possessive
                && lx::is_name_possessor(&w.low[end])
                && gap_is_possessive(w, end));
        if !can_pass {
            break;
        }
        let next = end + 1;
        if w.is_cap(next) {
            // Two acronyms in a row are two names; a repeated word starts a new name.
            if (w.is_acronym(end) && w.is_acronym(next)) || seen.contains(w.low[next].as_str()) {
                break;
            }
            seen.insert(w.low[next].as_str());
            end = next;
            continue;
        }
        // Connectors: "of", "of the", "and the" (after "of"), "de", "al".
        let mut k = next;
        let mut ok = false;
        while k < w.len() && k - next < 2 && w.joined(k) {
            let l = w.low[k].as_str();
            let connector =
                lx::is_connector(l) || (l == "the" && k > next) || (l == "and" && has_of);
            if !connector {
                break;
            }
            if w.is_cap(k + 1) {
                ok = true;
                break;
            }
            k += 1;
        }
        if !ok
            || k + 1 - i >= MAX_RUN
            || seen.contains(w.low[k + 1].as_str())
            || !extends_over_connector(w, i, end, k + 1)
        {
            break;
        }
        has_of |= (next..=k).any(|j| matches!(w.low[j].as_str(), "of" | "for"));
        seen.insert(w.low[k + 1].as_str());
        end = k + 1;
    }
    end
}

/// Whether the name `i..=end` goes on over a connector to the capitalised
/// word `next`: "Islamic State of Iraq", "Temple of the Rising Light", but
/// not "Chidi Okeke of Nigeria" nor "Tedros of the WHO".
fn extends_over_connector(w: &Words<'_>, i: usize, end: usize, next: usize) -> bool {
    let before = w.low[end].as_str();
    if lx::is_org_head(before) || lx::is_place_head(before) || lx::is_title(before) {
        return true;
    }
    // A given name or a title anywhere in the run ("Senator Maria Lopez of
    // the Harbour Party" is a person of a party, not one name).
    let person_like = (i..=end).any(|k| lx::name_gender(&w.low[k]).is_some() || lx::is_title(&w.low[k]))
        || (i > 0 && lx::is_title(&w.low[i - 1]));
    !(person_like || w.is_acronym(next) || lx::is_place(&w.low[next]))
}

fn gap_is_possessive(w: &Words<'_>, i: usize) -> bool {
    let g = w.gap_after(i);
    let g = g
        .trim_start_matches(['\'', '’'])
        .trim_start_matches(['s', 'S']);
    !g.is_empty()
        && g.chars().all(|c| c == ' ')
        && w.toks.get(i + 1).is_some_and(|t| t.sent == w.toks[i].sent)
}

/// How the words of the text are written elsewhere, to judge a capitalised
/// word that opens a sentence.
struct WordStats<'a> {
    lower_seen: HashSet<&'a str>,
    cap_inside: HashSet<&'a str>,
}

fn word_stats<'a>(w: &'a Words<'_>) -> WordStats<'a> {
    let mut lower_seen = HashSet::default();
    let mut cap_inside = HashSet::default();
    for i in 0..w.len() {
        if w.word(i).chars().next().is_some_and(char::is_lowercase) {
            lower_seen.insert(w.low[i].as_str());
        } else if !w.toks[i].initial && !w.toks[i].title_line {
            cap_inside.insert(w.low[i].as_str());
        }
    }
    WordStats {
        lower_seen,
        cap_inside,
    }
}

/// Cuts a run into the name it holds (if any) and pushes it.
fn take_run(w: &Words<'_>, mut s: usize, e: usize, stats: &WordStats<'_>, out: &mut Vec<Cand>) {
    // Openers: "The", "In", "Many", and any word of the common list; after
    // a determiner the next capitalised word belongs to the name.
    while s <= e
        && (lx::is_function_word(&w.low[s]) || lx::is_not_actor(&w.low[s]))
        && !w.is_acronym(s)
        && !(s < e && w.toks[s].possessive)
        // "New York", "New Hampshire" (but not "New Year").
        && !(w.low[s] == "new" && s < e && !lx::is_not_actor(&w.low[s + 1]))
    {
        s += 1;
        if matches!(w.low[s - 1].as_str(), "the" | "a" | "an") {
            break;
        }
    }
    while s <= e && lx::is_connector(&w.low[s]) && !w.is_cap(s) {
        s += 1; // "Terms of Use" after "Terms" is cut
    }
    // "Syrian President Bashar Assad": a nationality before a title.
    while s < e && lx::is_demonym(&w.low[s]) && lx::is_title(&w.low[s + 1]) {
        s += 1;
    }
    if s > e {
        return;
    }
    // Titles: "President", "Prime Minister", "Mr" (kept as evidence).
    let mut t = s;
    // A title in the possessive is part of the name ("Lord's Resistance Army").
    while t <= e && lx::is_title(&w.low[t]) && !w.toks[t].possessive {
        t += 1;
    }
    let title = (t > s).then(|| (s, t - 1));
    let mut body = t;
    while body > s && body <= e && (lx::is_connector(&w.low[body]) || w.low[body] == "the") {
        body += 1; // "President of Nigeria" → "Nigeria"
    }
    if body > e {
        return; // a title alone ("Prime Minister"); see `attach_titles`
    }
    // "Supreme Court": the rest is only organisation words, so the title
    // word is part of the name.
    let rest_is_heads =
        (body..=e).all(|k| lx::is_org_head(&w.low[k]) || lx::is_connector(&w.low[k]));
    if title.is_some() && rest_is_heads {
        body = s;
    }
    let title = if body == s { None } else { title };
    // "the Judiciary Chief": a title phrase after "the" is a description.
    let after_the = s > 0 && w.low[s - 1] == "the" && w.joined(s - 1);
    if after_the
        && e > s
        && title.is_none()
        && (lx::is_title(&w.low[e]) || lx::is_person_head(&w.low[e]))
        && lx::name_gender(&w.low[s]).is_none()
    {
        return;
    }
    let (first, last) = (body, e);
    if first == last && !keep_single(w, first, stats) {
        return;
    }
    let mut cand = Cand::new(
        first,
        last,
        if first == last && w.is_acronym(first) {
            How::Acronym
        } else {
            How::Name
        },
    );
    cand.title = title;
    cand.kind = kind_of_name(w, first, last, title);
    cand.gender = title
        .and_then(|(a, b)| (a..=b).find_map(|k| lx::title_gender(&w.low[k])))
        .or_else(|| {
            if first < last {
                lx::name_gender(&w.low[first])
            } else {
                None
            }
        });
    out.push(cand);
}

/// Whether a lone capitalised word is a name.
fn keep_single(w: &Words<'_>, i: usize, stats: &WordStats<'_>) -> bool {
    let l = w.low[i].as_str();
    if w.is_acronym(i) {
        // "WHO" is a name, "THE END" is shouting.
        let shouting = |k: usize| {
            w.word(k)
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
                && w.word(k).chars().count() > 1
        };
        let next = i + 1 < w.len() && w.joined(i) && shouting(i + 1);
        let prev = i > 0 && w.joined(i - 1) && shouting(i - 1);
        return !lx::is_function_word(l) || !(next || prev);
    }
    if lx::is_demonym(l) || lx::is_title(l) || lx::is_not_actor(l) || w.word(i).chars().count() < 2
    {
        return false;
    }
    // "the Commission", "the Council": a description, not a name.
    let after_the = i > 0 && w.low[i - 1] == "the" && w.joined(i - 1);
    if after_the && (lx::is_org_head(l) || lx::is_person_head(l) || lx::is_place_head(l)) {
        return false;
    }
    if !w.toks[i].initial {
        return true;
    }
    // A sentence opener: a name if written capitalised inside sentences,
    // listed, or not shaped like an English common word.
    if stats.lower_seen.contains(l) {
        return false;
    }
    if stats.cap_inside.contains(l)
        || lx::is_place(l)
        || lx::is_group_plural(l)
        || lx::name_gender(l).is_some()
    {
        return true;
    }
    !COMMON_ENDINGS.iter().any(|e| l.ends_with(e))
}

/// Kind evidence from the words of a name and what stands around it.
fn kind_of_name(
    w: &Words<'_>,
    first: usize,
    last: usize,
    title: Option<(usize, usize)>,
) -> Option<(Kind, u8)> {
    let lows: Vec<&str> = (first..=last)
        .map(|k| w.low[k].as_str())
        .filter(|l| !lx::is_connector(l))
        .collect();
    let (head, tail) = (
        lows.first().copied().unwrap_or(""),
        lows.last().copied().unwrap_or(""),
    );
    if first == last && w.is_acronym(first) {
        let key = crate::normalize::acronym_key(w.word(first));
        return Some(if PLACE_ACRONYMS.contains(&key.as_str()) {
            (Kind::Place, STRONG)
        } else {
            (Kind::Organisation, WEAK)
        });
    }
    if lx::is_org_head(tail) {
        return Some((Kind::Organisation, STRONG));
    }
    if lx::is_place_head(tail) || (lows.len() > 1 && lx::is_place_head(head)) {
        return Some((Kind::Place, STRONG));
    }
    if lows.iter().any(|l| lx::is_org_head(l)) {
        return Some((Kind::Organisation, STRONG));
    }
    if lows.len() == 1 && lx::is_group_plural(head) {
        return Some((Kind::Group, STRONG));
    }
    if lows.iter().all(|l| lx::is_place(l)) || (lows.len() > 1 && lx::is_place(&lows.join("_"))) {
        return Some((Kind::Place, STRONG));
    }
    if title.is_some() || lx::name_gender(head).is_some() && lows.len() > 1 {
        return Some((Kind::Person, STRONG));
    }
    let has_of = (first..=last).any(|k| matches!(w.low[k].as_str(), "of" | "for"));
    if lows.len() > 1 && (has_of || lows.iter().any(|l| lx::is_place(l))) {
        return Some((Kind::Organisation, WEAK));
    }
    // A place noun after the name: "Abu Ghraib prison", "Ashraf camp".
    if last + 1 < w.len()
        && w.joined(last)
        && !w.is_cap(last + 1)
        && lx::is_place_head(&w.low[last + 1])
    {
        return Some((Kind::Place, MEDIUM));
    }
    // "in Sofia", "from Valdivia".
    let before = first.checked_sub(1).map(|k| w.low[k].as_str());
    if lows.len() == 1
        && matches!(
            before,
            Some("in" | "from" | "near" | "across" | "outside" | "inside")
        )
    {
        return Some((Kind::Place, MEDIUM));
    }
    if lows.len() == 1 && lows[0].ends_with('s') && before == Some("the") {
        return Some((Kind::Group, MEDIUM));
    }
    if lows.len() > 1 {
        return Some((Kind::Person, WEAK));
    }
    None
}

/// "Prime Minister, Mohammad Javad Bahonar": a title alone, a comma, then a
/// name without a title; the title is the name's.
pub(crate) fn attach_titles(w: &Words<'_>, cands: &mut [Cand]) {
    for c in cands
        .iter_mut()
        .filter(|c| c.how == How::Name && c.title.is_none() && c.first >= 2)
    {
        if !w.gap_after(c.first - 1).trim_start().starts_with(',')
            || w.gap_after(c.first - 1).trim() != ","
        {
            continue;
        }
        let mut s = c.first - 1;
        while s > 0 && s + 3 > c.first && lx::is_title(&w.low[s - 1]) && w.joined(s - 1) {
            s -= 1;
        }
        // "the Judiciary Chief, X" is a description, not a title of X.
        let after_the = s > 0 && (w.low[s - 1] == "the" || (w.is_cap(s - 1) && w.joined(s - 1)));
        if lx::is_title(&w.low[c.first - 1]) && w.is_cap(c.first - 1) && !after_the {
            c.title = Some((s, c.first - 1));
            if matches!(c.kind, None | Some((_, WEAK))) {
                c.kind = Some((Kind::Person, STRONG));
            }
            if c.gender.is_none() {
                c.gender = (s..c.first).find_map(|k| lx::title_gender(&w.low[k]));
            }
        }
    }
}

/// The gender of a lone pronoun.
pub(crate) fn pronoun_gender(low: &str) -> Option<Gender> {
    match low {
        "he" => Some(Gender::Male),
        "she" => Some(Gender::Female),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let w = Words::new(text);
        find_names(&w)
            .iter()
            .map(|c| w.span_text(c.first, c.last).to_owned())
            .collect()
    }

    #[test]
    fn cuts_runs_into_names() {
        assert_eq!(
            names(
                "The Iraqi dictator met President Chidi Okeke of Nigeria and the Kurdistan Workers' Party."
            ),
            ["Chidi Okeke", "Nigeria", "Kurdistan Workers' Party"]
        );
        assert_eq!(
            names("Iran's Islamic State of Iraq and the Levant fled."),
            ["Iran", "Islamic State of Iraq and the Levant"]
        );
        assert_eq!(
            names("In 2003 the MKO MEK PMOI left on Saturday."),
            ["MKO", "MEK", "PMOI"]
        );
        assert_eq!(names("a US-backed war by al-Assad"), ["al-Assad"]);
        assert_eq!(
            names("Senator Maria Lopez of the Harbour Party said so."),
            ["Maria Lopez", "Harbour Party"]
        );
        assert_eq!(names("I'm sure. I’ve said it. We're here, Lopez said."), ["Lopez"]);
        assert_eq!(
            names("New rules came. She left New York for New Hampshire before New Year."),
            ["New York", "New Hampshire"]
        );
        assert_eq!(
            names("He met Maryam Sanjabi Maryam Sanjabi"),
            ["Maryam Sanjabi", "Maryam Sanjabi"]
        );
    }

    #[test]
    fn sentence_openers_need_support() {
        assert_eq!(
            names("Hamas left. Officials stayed. Negotiations failed."),
            ["Hamas"]
        );
        assert_eq!(
            names("Sanjabi left. Then Sanjabi came."),
            ["Sanjabi", "Sanjabi"]
        );
        assert_eq!(
            names("Shares fell. Officials said shares rose."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn kinds_from_words() {
        let w = Words::new("Camp Ashraf, the Northern Ports Union, Mr Okeke and Tehran");
        let kinds: Vec<_> = find_names(&w).iter().map(|c| c.kind.map(|k| k.0)).collect();
        assert_eq!(
            kinds,
            [
                Some(Kind::Place),
                Some(Kind::Organisation),
                Some(Kind::Person),
                Some(Kind::Place)
            ]
        );
    }
}
