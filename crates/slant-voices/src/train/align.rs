//! Gold attributions as token tags, and the cue lexicon they teach.

use std::collections::HashMap;

use slant_text::Span;

use crate::brat::GoldAttribution;
use crate::features::Analysis;
use crate::tagger::{Role, Tag};

/// The tags of `a`'s tokens under `gold`: a token takes a role when more
/// than half of it lies in one of the role's pieces (the first role wins
/// where annotations overlap); each piece is a run of its own, and so is
/// each paragraph's part of a piece.
pub(crate) fn gold_tags(a: &Analysis, gold: &[GoldAttribution]) -> Vec<Tag> {
    let mut roles: Vec<Option<Role>> = vec![None; a.tokens.len()];
    let mut begins = vec![false; a.tokens.len()];
    let mut pieces: Vec<(Span, Role)> = Vec::new();
    for g in gold {
        pieces.extend(g.source.iter().map(|&s| (s, Role::Source)));
        pieces.extend(g.cue.iter().map(|&s| (s, Role::Cue)));
        pieces.extend(g.content.iter().map(|&s| (s, Role::Content)));
    }
    pieces.sort_unstable_by_key(|(s, _)| (s.start, s.end));
    for (span, role) in pieces {
        let first = a.tokens.partition_point(|t| t.end <= span.start);
        let mut begun = false;
        for i in first..a.tokens.len() {
            let t = a.tokens[i];
            if t.start >= span.end {
                break;
            }
            let overlap = Span::new(t.start, t.end).intersection_len(span);
            if overlap * 2 <= t.end - t.start || roles[i].is_some() {
                // A token already taken ends this piece's run.
                begun &= roles[i].is_none();
                continue;
            }
            roles[i] = Some(role);
            begins[i] = !begun;
            begun = true;
        }
    }
    for p in &a.layout.paragraphs {
        begins[p.start] = true;
    }
    Tag::encode(&roles, &begins)
}

/// Cue-likely words: each lowercased word seen at least `min_count` times
/// inside cues, with a class by the share of its occurrences that are in a
/// cue (1: 10 %+, 2: 30 %+, 3: 60 %+).
pub(crate) fn lexicon(articles: &[(Analysis, Vec<Tag>)], min_count: u32) -> Vec<(String, u8)> {
    let mut counts: HashMap<String, (u32, u32)> = HashMap::new();
    for (a, tags) in articles {
        for (t, tag) in a.tokens.iter().zip(tags) {
            let word = t.text(a.text);
            if !word.chars().any(char::is_alphanumeric) && word != ":" {
                continue;
            }
            let e = counts.entry(word.to_lowercase()).or_default();
            e.0 += 1;
            e.1 += u32::from(tag.role() == Some(Role::Cue));
        }
    }
    let mut out: Vec<(String, u8)> = counts
        .into_iter()
        .filter(|&(_, (_, cue))| cue >= min_count)
        .filter_map(|(w, (all, cue))| {
            let ratio = f64::from(cue) / f64::from(all);
            let class = match ratio {
                r if r >= 0.6 => 3,
                r if r >= 0.3 => 2,
                r if r >= 0.1 => 1,
                _ => return None,
            };
            Some((w, class))
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segments;
    use crate::features::Lexicon;

    #[test]
    fn tags_follow_pieces_and_paragraphs() {
        let text = "“Ça ira,” dit Élodie.\n\n“Oui.” Il a dit";
        let at = |needle: &str| {
            let b = text.find(needle).unwrap();
            let s = text[..b].chars().count();
            Span::new(s, s + needle.chars().count())
        };
        let a = Analysis::new(text, &Lexicon::default());
        let gold = [GoldAttribution {
            content: vec![at("“Ça ira,”"), at("“Oui.”")],
            cue: vec![at("dit")],
            source: vec![at("Élodie")],
        }];
        let tags = gold_tags(&a, &gold);
        let segs = segments(&tags);
        let words =
            |r: &std::ops::Range<usize>| text[a.tokens[r.start].byte_start..a.tokens[r.end - 1].byte_end].to_owned();
        let got: Vec<(Role, String)> = segs.iter().map(|s| (s.role, words(&s.tokens))).collect();
        assert_eq!(got[0], (Role::Content, "“Ça ira,”".to_owned()));
        assert_eq!(got[1], (Role::Cue, "dit".to_owned()));
        assert_eq!(got[2], (Role::Source, "Élodie".to_owned()));
        assert_eq!(got.last().unwrap(), &(Role::Content, "“Oui.”".to_owned()));
    }
}
