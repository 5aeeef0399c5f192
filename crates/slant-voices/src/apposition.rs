//! What a source says of itself is not content. In "Sanjabi, a highly
//! trusted MKO veteran who used to serve the MKO ringleader … as her
//! interpreter …, said that …" the tagger may read the relative clause as
//! the content of "said". A content that sits between a source and a cue of
//! one sentence, close to the source, closed by a comma just before the cue,
//! outside quotation marks and with a "who"
//! (or "whose", "whom") just before it or in its first words, becomes part
//! of the source, as `PolNeAR`'s
//! sources hold their relative clauses ("Chris Cox, who runs the NRA's
//! lobbying arm,"). Without the "who", such a content is most often a
//! content of its own ("Stumpf tried on Tuesday to make the case …",
//! three of three on `PolNeAR` dev); without the comma, the "who" is often
//! the content's own ("Admiral Harris, whose task is to recommend …").

use crate::features::Analysis;
use crate::segment::Segment;
use crate::tagger::Role;

/// Tokens allowed between the source and the content ("who used").
const GAP: usize = 3;

/// How far into the content its "who" may be ("a long-serving official
/// who used to …").
const HEAD: usize = 8;

/// Whether a relative pronoun of a person lies in `tokens`.
fn has_who(a: &Analysis, tokens: std::ops::Range<usize>) -> bool {
    tokens.into_iter().any(|i| {
        let w = a.tokens[i].text(a.text);
        ["who", "whose", "whom"].iter().any(|p| w.eq_ignore_ascii_case(p))
    })
}

/// Joins each content between a source and a cue to the source.
pub(crate) fn mend_appositions(a: &Analysis, segs: &mut Vec<Segment>) {
    let mut k = 1;
    while k + 1 < segs.len() {
        let (source, content, cue) = (&segs[k - 1], &segs[k], &segs[k + 1]);
        let one_sentence = a.layout.sentence_of[source.tokens.start] == a.layout.sentence_of[cue.tokens.end - 1];
        if source.role == Role::Source
            && content.role == Role::Content
            && cue.role == Role::Cue
            && one_sentence
            && content.tokens.start <= source.tokens.end + GAP
            && cue.tokens.start == content.tokens.end + 1
            && a.tokens[content.tokens.end].text(a.text) == ","
            && !content.tokens.clone().any(|i| a.quotes.region(i).is_some())
            && has_who(a, source.tokens.end.saturating_sub(GAP)..content.tokens.end.min(content.tokens.start + HEAD))
        {
            segs[k - 1].tokens.end = segs[k].tokens.end;
            segs.remove(k);
        } else {
            k += 1;
        }
    }
}
