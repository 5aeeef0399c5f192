//! The output records: actors, their mentions, aliases and labels, in the
//! JSON shape of issue 33.

use serde::{Deserialize, Serialize};
use slant_text::{Technique, Voice};

/// What sort of actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A person.
    Person,
    /// An organisation: a party, company, agency, militant group, newspaper.
    Organisation,
    /// A place: a country, city, camp, region.
    Place,
    /// A people or movement named in the plural ("Kurds", "the Houthis").
    Group,
}

/// How a mention names its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum How {
    /// A proper name ("Maryam Sanjabi", "Sanjabi").
    Name,
    /// An acronym ("MKO").
    Acronym,
    /// A name the text says is another name of the actor ("also known as
    /// Daesh", "hereafter the Commission").
    Alias,
    /// A definite description ("the terrorist group", "the Iraqi dictator").
    Description,
    /// A personal pronoun ("she").
    Pronoun,
}

/// One place the article mentions an actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Exactly `text[start..end]` in code points.
    pub text: String,
    /// How the mention names the actor.
    pub how: How,
}

/// One form the article uses for an actor, and how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    /// The form as written (a leading "The" lowercased).
    pub text: String,
    /// Number of mentions with this form.
    pub count: usize,
}

/// Where one use of a label sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelUse {
    /// First code point of the label word.
    pub start: usize,
    /// One past its last code point.
    pub end: usize,
}

/// An evaluative description the article pins on an actor, in one voice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// The label, lowercase and singular ("terrorist", "ringleader").
    pub text: String,
    /// Number of uses in this voice.
    pub count: usize,
    /// Whose words: `"narration"` or an attribution's index.
    pub voice: Voice,
    /// Each use, in text order.
    pub uses: Vec<LabelUse>,
    /// Techniques of the technique spans the uses fall in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub techniques: Vec<Technique>,
}

/// Why a mention was left apart instead of being joined to an actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ambiguity {
    /// The reason, in plain words.
    pub note: String,
    /// Ids of the actors it could be.
    pub candidates: Vec<String>,
}

/// Someone or something the article is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Stable within the article: `a1`, `a2`, … by number of mentions.
    pub id: String,
    /// The fullest name the article gives.
    pub name: String,
    /// Person, organisation, place or group.
    pub kind: Kind,
    /// Every name and description used for it, most used first.
    pub aliases: Vec<Alias>,
    /// The labels applied to it, most used first.
    pub labels: Vec<Label>,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
    /// Titles written before its name ("President", "Prime Minister").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<String>,
    /// Set when the actor is a short form that could be someone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ambiguous: Option<Ambiguity>,
}

/// An acronym the article defines, with the long form it gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcronymDef {
    /// The short form as written ("MKO").
    pub short: String,
    /// The long form as written ("Mojahedin-e Khalq Organization").
    pub long: String,
    /// Code-point span of the short form at the definition.
    pub short_start: usize,
    /// End of the short form.
    pub short_end: usize,
    /// Code-point span of the long form at the definition.
    pub long_start: usize,
    /// End of the long form.
    pub long_end: usize,
}

/// A key for matching one actor across articles: its normalised name and
/// the sorted, normalised forms of all its names (descriptions and pronouns
/// left out).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ActorKey {
    /// The normalised canonical name.
    pub name: String,
    /// The normalised names and acronyms, sorted and unique.
    pub aliases: Vec<String>,
}

impl Actor {
    /// The key of this actor for matching across articles.
    pub fn key(&self) -> ActorKey {
        let norm = |s: &str| {
            crate::normalize::fold(s)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut aliases: Vec<String> = self
            .mentions
            .iter()
            .filter(|m| matches!(m.how, How::Name | How::Acronym | How::Alias))
            .map(|m| norm(&m.text))
            .collect();
        aliases.sort_unstable();
        aliases.dedup();
        ActorKey {
            name: norm(&self.name),
            aliases,
        }
    }

    /// Whether two actors (of two articles, say) share a name or alias.
    pub fn shares_alias_with(&self, other: &Actor) -> bool {
        let (a, b) = (self.key(), other.key());
        a.aliases.iter().any(|x| b.aliases.binary_search(x).is_ok())
    }
}
