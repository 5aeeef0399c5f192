//! Runs of one role in a tag sequence: the pieces attributions are made of.

use std::ops::Range;

use crate::tagger::{Role, Tag};

/// A run of tokens with one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segment {
    pub role: Role,
    pub tokens: Range<usize>,
}

/// The segments of a tag sequence, in order.
pub(crate) fn segments(tags: &[Tag]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for (i, &t) in tags.iter().enumerate() {
        let Some(role) = t.role() else { continue };
        match out.last_mut() {
            Some(last) if !t.begins() && last.role == role && last.tokens.end == i => last.tokens.end = i + 1,
            _ => out.push(Segment { role, tokens: i..i + 1 }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_split_on_begin_tags_and_roles() {
        use crate::tagger::Pos::{Begin, Inside, Last, Unit};
        let t = Tag::new;
        let tags = [
            Tag::O,
            t(Role::Source, Begin),
            t(Role::Source, Last),
            t(Role::Cue, Unit),
            t(Role::Content, Begin),
            t(Role::Content, Last),
            t(Role::Content, Unit),
            Tag::O,
            t(Role::Cue, Inside),
        ];
        let segs = segments(&tags);
        let got: Vec<(Role, Range<usize>)> = segs.into_iter().map(|s| (s.role, s.tokens)).collect();
        assert_eq!(
            got,
            [(Role::Source, 1..3), (Role::Cue, 3..4), (Role::Content, 4..6), (Role::Content, 6..7), (Role::Cue, 8..9),]
        );
    }
}
