//! From clustered candidates to the output records: actors with their
//! mentions, aliases, labels (voice and techniques), titles and doubts.

use crate::hash::HashMap;

use slant_text::{Span, Technique, merge_overlapping, voice_at};

use crate::Context;
use crate::actor::{Actor, Alias, Ambiguity, How, Kind, Label, LabelUse, Mention};
use crate::candidate::{Cand, Words};
use crate::cluster::Clusters;
use crate::labels::LabelHit;

/// Technique spans merged per technique, for a binary search per label.
struct TechniqueIndex {
    by_technique: Vec<(Technique, Vec<Span>)>,
}

impl TechniqueIndex {
    fn new(spans: &[(Span, Technique)]) -> Self {
        let mut map: HashMap<Technique, Vec<Span>> = HashMap::default();
        for &(s, t) in spans {
            map.entry(t).or_default().push(s);
        }
        let mut by_technique: Vec<(Technique, Vec<Span>)> = map
            .into_iter()
            .map(|(t, v)| (t, merge_overlapping(v)))
            .collect();
        by_technique.sort_by_key(|(t, _)| *t);
        Self { by_technique }
    }

    /// Techniques whose spans overlap `s`.
    fn at(&self, s: Span) -> impl Iterator<Item = Technique> + '_ {
        self.by_technique.iter().filter_map(move |(t, spans)| {
            let k = spans.partition_point(|x| x.end <= s.start);
            spans.get(k).filter(|x| x.overlaps(s)).map(|_| *t)
        })
    }
}

/// Assembles the actors, most mentioned first.
pub(crate) fn actors(
    w: &Words<'_>,
    cands: &[Cand],
    cl: &mut Clusters,
    hits: &[LabelHit],
    ctx: &Context<'_>,
) -> Vec<Actor> {
    // Group kept candidates by cluster, in text order of first mention.
    let mut slot_of: HashMap<usize, usize> = HashMap::default();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let kept: Vec<usize> = (0..cands.len()).filter(|&i| cl.keep[i]).collect();
    for i in kept {
        let r = cl.find(i);
        let slot = *slot_of.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[slot].push(i);
    }
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|&g| {
        (
            std::cmp::Reverse(groups[g].len()),
            cands[groups[g][0]].first,
        )
    });
    let mut id_of_slot = vec![String::new(); groups.len()];
    for (n, &g) in order.iter().enumerate() {
        id_of_slot[g] = format!("a{}", n + 1);
    }
    let techniques = TechniqueIndex::new(ctx.techniques);
    let mut labels_of: Vec<Vec<&LabelHit>> = vec![Vec::new(); groups.len()];
    for h in hits {
        let r = cl.find(h.cand);
        if let Some(&slot) = slot_of.get(&r) {
            labels_of[slot].push(h);
        }
    }
    let mut out = Vec::with_capacity(groups.len());
    for &g in &order {
        let members = &groups[g];
        let mentions: Vec<Mention> = members
            .iter()
            .map(|&i| {
                let c = &cands[i];
                Mention {
                    start: w.toks[c.first].cstart,
                    end: w.toks[c.last].cend,
                    text: w.span_text(c.first, c.last).to_owned(),
                    how: c.how,
                }
            })
            .collect();
        let kind = cl
            .kind(members[0])
            .unwrap_or_else(|| default_kind(cands, members));
        let ambiguous = members.iter().find_map(|&i| cl.doubts[i].clone()).map(|d| {
            let mut ids: Vec<String> = d
                .could_be
                .iter()
                .filter_map(|&j| {
                    let r = cl.find(j);
                    slot_of.get(&r).map(|&s| id_of_slot[s].clone())
                })
                .filter(|id| *id != id_of_slot[g])
                .collect();
            ids.dedup();
            Ambiguity {
                note: d.note,
                candidates: ids,
            }
        });
        out.push(Actor {
            id: id_of_slot[g].clone(),
            name: best_name(w, cands, members),
            kind,
            aliases: aliases(&mentions),
            labels: labels(w, &labels_of[g], ctx, &techniques),
            titles: titles(w, cands, members),
            mentions,
            ambiguous,
        });
    }
    out
}

fn default_kind(cands: &[Cand], members: &[usize]) -> Kind {
    if members.iter().any(|&i| cands[i].how == How::Pronoun) {
        Kind::Person
    } else {
        Kind::Organisation
    }
}

/// The fullest name: most words, then longest, then first; an acronym or a
/// description only when there is no name.
fn best_name(w: &Words<'_>, cands: &[Cand], members: &[usize]) -> String {
    let rank = |i: usize| {
        let c = &cands[i];
        let tier = match c.how {
            How::Name | How::Alias => 3,
            How::Acronym => 2,
            How::Description => 1,
            How::Pronoun => 0,
        };
        (
            tier,
            c.last - c.first,
            w.span_text(c.first, c.last).len(),
            std::cmp::Reverse(i),
        )
    };
    members
        .iter()
        .copied()
        .max_by_key(|&i| rank(i))
        .map(|i| w.span_text(cands[i].first, cands[i].last).to_owned())
        .unwrap_or_default()
}

/// Forms of the mentions (pronouns left out), most used first; "The group"
/// counts as "the group".
fn aliases(mentions: &[Mention]) -> Vec<Alias> {
    let mut counts: Vec<Alias> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::default();
    for m in mentions.iter().filter(|m| m.how != How::Pronoun) {
        let text = match m.text.strip_prefix("The ") {
            Some(rest) => format!("the {rest}"),
            None => m.text.clone(),
        };
        if let Some(&k) = at.get(&text) {
            counts[k].count += 1;
        } else {
            at.insert(text.clone(), counts.len());
            counts.push(Alias { text, count: 1 });
        }
    }
    counts.sort_by_key(|a| std::cmp::Reverse(a.count)); // stable: first use breaks ties
    counts
}

fn titles(w: &Words<'_>, cands: &[Cand], members: &[usize]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for &i in members {
        if let Some((a, b)) = cands[i].title {
            let t = w.span_text(a, b).to_owned();
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// Label uses grouped by (label, voice), most used first.
fn labels(
    w: &Words<'_>,
    hits: &[&LabelHit],
    ctx: &Context<'_>,
    techniques: &TechniqueIndex,
) -> Vec<Label> {
    let mut hits: Vec<&LabelHit> = hits.to_vec();
    hits.sort_by_key(|h| h.tok);
    let mut out: Vec<Label> = Vec::new();
    for h in hits {
        let t = &w.toks[h.tok];
        let span = Span::new(t.cstart, t.cend);
        let voice = voice_at(span, ctx.quoted);
        let k = if let Some(k) = out
            .iter()
            .position(|l| l.text == h.text && l.voice == voice)
        {
            k
        } else {
            out.push(Label {
                text: h.text.clone(),
                count: 0,
                voice,
                uses: Vec::new(),
                techniques: Vec::new(),
            });
            out.len() - 1
        };
        let label = &mut out[k];
        label.count += 1;
        label.uses.push(LabelUse {
            start: span.start,
            end: span.end,
        });
        for tech in techniques.at(span) {
            if !label.techniques.contains(&tech) {
                label.techniques.push(tech);
            }
        }
    }
    for l in &mut out {
        l.techniques.sort();
    }
    out.sort_by_key(|l| std::cmp::Reverse(l.count));
    out
}
