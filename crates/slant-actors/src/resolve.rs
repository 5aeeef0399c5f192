//! Which actor a span refers to: for an attribution's source ("Sanjabi",
//! "She", "Maryam Sanjabi, a former ringleader of the MKO"), the actor of
//! the mention it is, or that heads it.

use serde::{Deserialize, Serialize};
use slant_text::Span;

use crate::actor::Actor;

/// Mentions examined per query, so that a query stays cheap on any input.
const MAX_SCAN: usize = 64;

/// How a span was tied to an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Match {
    /// The span is exactly a mention.
    Exact,
    /// A mention starts the span (after at most "the" or a title): "Maryam
    /// Sanjabi, a former ringleader of the MKO".
    Start,
    /// A mention ends the span: "campaign manager Kellyanne Conway".
    End,
    /// The span lies inside a mention.
    Inside,
}

/// The actor a span refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolved {
    /// Index of the actor in the slice the index was built from.
    pub actor: usize,
    /// Index of the mention in that actor's `mentions`.
    pub mention: usize,
    /// How the span met the mention.
    pub how: Match,
}

/// The mentions of a set of actors, sorted for span queries.
#[derive(Debug, Clone)]
pub struct ActorIndex {
    /// (start, end, actor, mention), sorted.
    mentions: Vec<(usize, usize, usize, usize)>,
}

impl ActorIndex {
    /// Indexes the mentions of `actors`.
    pub fn new(actors: &[Actor]) -> Self {
        let mut mentions: Vec<(usize, usize, usize, usize)> = actors
            .iter()
            .enumerate()
            .flat_map(|(a, actor)| {
                actor
                    .mentions
                    .iter()
                    .enumerate()
                    .map(move |(m, x)| (x.start, x.end, a, m))
            })
            .collect();
        mentions.sort_unstable();
        Self { mentions }
    }

    /// The actor `span` refers to, if any: an exact mention, else a mention
    /// starting it (within 6 code points, for "the", "Mrs."), else one ending
    /// it, else a mention holding it.
    pub fn resolve(&self, span: Span) -> Option<Resolved> {
        let found = |&(_, _, actor, mention): &(usize, usize, usize, usize), how| Resolved {
            actor,
            mention,
            how,
        };
        let from = self.mentions.partition_point(|m| m.0 < span.start);
        let inside: Vec<&(usize, usize, usize, usize)> = self.mentions[from..]
            .iter()
            .take(MAX_SCAN)
            .take_while(|m| m.0 < span.end)
            .filter(|m| m.1 <= span.end)
            .collect();
        if let Some(m) = inside.iter().find(|m| m.0 == span.start && m.1 == span.end) {
            return Some(found(m, Match::Exact));
        }
        if let Some(m) = inside
            .iter()
            .filter(|m| m.0 <= span.start + 6)
            .max_by_key(|m| (m.1 - m.0, std::cmp::Reverse(m.0)))
        {
            return Some(found(m, Match::Start));
        }
        if let Some(m) = inside
            .iter()
            .filter(|m| m.1 == span.end)
            .min_by_key(|m| m.0)
        {
            return Some(found(m, Match::End));
        }
        self.mentions[..from]
            .iter()
            .rev()
            .take(MAX_SCAN)
            .find(|m| m.0 <= span.start && span.end <= m.1 && span.start < span.end)
            .map(|m| found(m, Match::Inside))
    }

    /// [`Self::resolve`] for each span.
    pub fn resolve_all(&self, spans: &[Span]) -> Vec<Option<Resolved>> {
        spans.iter().map(|&s| self.resolve(s)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Context, read_actors};

    #[test]
    fn sources_resolve_to_their_actor() {
        let text = "Maryam Sanjabi, a former member of the MKO, spoke. “They lie,” she said. Officials said no.";
        let actors = read_actors(text, &Context::default()).actors;
        let ix = ActorIndex::new(&actors);
        let find = |needle: &str| {
            let start = text[..text.find(needle).unwrap()].chars().count();
            Span::new(start, start + needle.chars().count())
        };
        let sanjabi = actors
            .iter()
            .position(|a| a.name == "Maryam Sanjabi")
            .unwrap();
        let r = ix
            .resolve(find("Maryam Sanjabi, a former member of the MKO"))
            .unwrap();
        assert_eq!((r.actor, r.how), (sanjabi, Match::Start));
        let r = ix.resolve(find("she")).unwrap();
        assert_eq!((r.actor, r.how), (sanjabi, Match::Exact));
        assert_eq!(ix.resolve(find("Officials")), None);
        assert_eq!(ix.resolve(Span::new(500, 900)), None);
    }
}
