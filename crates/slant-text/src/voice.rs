//! Whose words a place of the text is: the outlet's own narration, or the
//! content of one attribution ("…," she said).

use serde::{Deserialize, Serialize};

use crate::Span;

/// The voice of a place in an article.
///
/// Serialized as the string `"narration"` or the attribution's index (an
/// integer), the form every reading uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Voice {
    /// The outlet's own words.
    #[default]
    Narration,
    /// The content of the attribution with this index (in the article's
    /// list of attributions).
    Attribution(usize),
}

impl Voice {
    /// Whether this is the outlet's narration.
    #[must_use]
    pub fn is_narration(self) -> bool {
        self == Self::Narration
    }
}

impl Serialize for Voice {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Self::Narration => s.serialize_str("narration"),
            Self::Attribution(i) => s.serialize_u64(i as u64),
        }
    }
}

impl<'de> Deserialize<'de> for Voice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Index(usize),
            Name(String),
        }
        match Raw::deserialize(d)? {
            Raw::Index(i) => Ok(Self::Attribution(i)),
            Raw::Name(n) if n == "narration" => Ok(Self::Narration),
            Raw::Name(n) => Err(serde::de::Error::custom(format!("voice {n:?} is neither \"narration\" nor an index"))),
        }
    }
}

/// One piece of attributed content: `span` belongs to attribution
/// `attribution`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quoted {
    /// The content piece, in code points.
    pub span: Span,
    /// The index of its attribution.
    pub attribution: usize,
}

/// The voice of `span`: the attribution whose content piece holds most of
/// it (the innermost, i.e. shortest, on a tie), else narration. A span that
/// lies mostly outside every content piece is narration. `quoted` need not
/// be sorted.
#[must_use]
pub fn voice_at(span: Span, quoted: &[Quoted]) -> Voice {
    let len = span.end.saturating_sub(span.start).max(1);
    let mut best: Option<(usize, usize, usize)> = None; // (overlap, piece length, index)
    for q in quoted {
        let overlap = span.intersection_len(q.span);
        if overlap * 2 <= len {
            continue;
        }
        let piece_len = q.span.end - q.span.start;
        let better = match best {
            None => true,
            Some((o, l, _)) => overlap > o || (overlap == o && piece_len < l),
        };
        if better {
            best = Some((overlap, piece_len, q.attribution));
        }
    }
    best.map_or(Voice::Narration, |(_, _, i)| Voice::Attribution(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_serializes_as_narration_or_index() {
        assert_eq!(serde_json::to_string(&Voice::Narration).unwrap(), "\"narration\"");
        assert_eq!(serde_json::to_string(&Voice::Attribution(3)).unwrap(), "3");
        assert_eq!(serde_json::from_str::<Voice>("2").unwrap(), Voice::Attribution(2));
        assert_eq!(serde_json::from_str::<Voice>("\"narration\"").unwrap(), Voice::Narration);
        assert!(serde_json::from_str::<Voice>("\"quoted\"").is_err());
    }

    #[test]
    fn a_span_takes_the_voice_of_the_content_holding_most_of_it() {
        let quoted = [
            Quoted { span: Span::new(10, 50), attribution: 0 },
            Quoted { span: Span::new(20, 30), attribution: 1 },
        ];
        assert_eq!(voice_at(Span::new(0, 5), &quoted), Voice::Narration);
        assert_eq!(voice_at(Span::new(12, 18), &quoted), Voice::Attribution(0));
        assert_eq!(voice_at(Span::new(22, 28), &quoted), Voice::Attribution(1), "innermost on a tie");
        assert_eq!(voice_at(Span::new(45, 70), &quoted), Voice::Narration, "mostly outside");
        assert_eq!(voice_at(Span::new(40, 56), &quoted), Voice::Attribution(0));
        assert_eq!(voice_at(Span::new(5, 5), &[]), Voice::Narration);
    }
}
