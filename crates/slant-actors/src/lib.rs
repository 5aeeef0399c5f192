//! Who an article is about: the people, organisations, places and groups it
//! mentions, every name and description it uses for each (its alias set),
//! and the evaluative labels it pins on them, with the voice of each use.
//!
//! The rules are written, not learnt, and run in linear time: names are runs
//! of capitalised words; acronyms are tied to their long forms by the letter
//! matching of Schwartz and Hearst (either order, and order-free for acronyms
//! of another language); "also known as", "(hereafter X)" and appositions
//! join aliases; later short forms, transliterations, definite descriptions
//! ("the terrorist group") and he/she are resolved to earlier actors; a bare
//! surname that could be two people is flagged, not guessed.
//!
//! ```
//! use slant_actors::{find_actors, Context, How, Kind};
//! use slant_text::Document;
//!
//! let text = "The Northern Ports Union (NPU) called a strike. “We will not move,” said \
//!             Anna Lindqvist, a spokeswoman for the NPU. She said the union had warned employers.";
//! let doc = Document::from_text("d1", text.to_owned()).unwrap();
//! let actors = find_actors(&doc, &Context::default());
//! let union = actors.iter().find(|a| a.name == "Northern Ports Union").unwrap();
//! assert_eq!(union.kind, Kind::Organisation);
//! let forms: Vec<&str> = union.aliases.iter().map(|a| a.text.as_str()).collect();
//! assert_eq!(forms, ["NPU", "Northern Ports Union", "the union"]);
//! let anna = actors.iter().find(|a| a.name == "Anna Lindqvist").unwrap();
//! assert!(anna.mentions.iter().any(|m| m.how == How::Pronoun && m.text == "She"));
//! ```

mod acronyms;
mod actor;
mod build;
mod candidate;
mod cluster;
mod descriptions;
mod error;
pub mod eval;
pub mod gold;
mod hash;
mod labels;
mod lexicon;
mod links;
mod names;
mod normalize;
mod resolve;
mod tokens;
mod unionfind;

use slant_text::{Document, Quoted, Span, Technique};

pub use actor::{
    AcronymDef, Actor, ActorKey, Alias, Ambiguity, How, Kind, Label, LabelUse, Mention,
};
pub use error::ActorsError;
pub use resolve::{ActorIndex, Match, Resolved};

/// What earlier readings of the article found, used for the labels: the
/// technique spans a label falls in, and the attributed content pieces that
/// give a label's voice. Both may be empty.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// Technique spans, in code points.
    pub techniques: &'a [(Span, Technique)],
    /// Attributed content pieces (see [`slant_text::voice_at`]).
    pub quoted: &'a [Quoted],
}

/// The actors reading of one article.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ActorReading {
    /// The actors, most mentioned first.
    pub actors: Vec<Actor>,
    /// The acronym definitions the article makes.
    pub acronyms: Vec<AcronymDef>,
}

/// The actors of `doc`, most mentioned first.
pub fn find_actors(doc: &Document, ctx: &Context<'_>) -> Vec<Actor> {
    read_actors(doc.text(), ctx).actors
}

/// The actors of `doc` and the acronym definitions found on the way.
pub fn read(doc: &Document, ctx: &Context<'_>) -> ActorReading {
    read_actors(doc.text(), ctx)
}

/// The reading of a plain string (offsets are code points into it).
pub fn read_actors(text: &str, ctx: &Context<'_>) -> ActorReading {
    let w = candidate::Words::new(text);
    let mut cands = names::find_names(&w);
    names::attach_titles(&w, &mut cands);
    let descriptions = descriptions::find_descriptions(&w, &cands);
    cands.extend(descriptions);
    cands.sort_by_key(|c| (c.first, std::cmp::Reverse(c.last)));
    let idx = links::CandIndex::new(&cands);
    let mut found = links::Links::default();
    let acronyms = acronyms::find_definitions(&w, &mut cands, &idx, &mut found);
    links::find_known_as(&w, &mut cands, &idx, &mut found);
    links::find_appositions(&w, &cands, &idx, &mut found);
    let mut cl = cluster::cluster(&w, &cands, &found.pairs);
    let hits = labels::find_labels(&w, &cands, &mut cl);
    let actors = build::actors(&w, &cands, &mut cl, &hits, ctx);
    ActorReading { actors, acronyms }
}
