//! The output records: attributions, their sources, and the per-article
//! source list. Their serde field names are the JSON contract of `analyze`.

use serde::{Deserialize, Serialize};
use slant_text::{Document, Span};

/// A piece of the article: code-point offsets (end exclusive) and its text,
/// always `text == document[start..end]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TextSpan {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The text of the piece.
    pub text: String,
}

impl TextSpan {
    /// The piece `span` of `doc`; `None` when out of bounds.
    pub fn of(doc: &Document, span: Span) -> Option<Self> {
        Some(Self { start: span.start, end: span.end, text: doc.slice(span)?.to_owned() })
    }

    /// Its offsets.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// What a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// A named or described person ("Maryam Sanjabi", "the spokeswoman").
    Person,
    /// A named organisation, party, outlet or institution ("FNA", "the
    /// State Department").
    Organisation,
    /// A text or a measurement: "the report", "a Bloomberg poll", "a
    /// statement".
    Document,
    /// An unnamed group: "many former members", "experts", "officials".
    Vague,
    /// A source the article hides: "a source said", "people familiar with".
    Anonymous,
    /// A pronoun ("she", "they"); `refers_to` names its antecedent when the
    /// article does.
    Pronoun,
}

/// Who is credited with an attribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The words of the source.
    pub text: String,
    /// What kind of source it is.
    pub kind: SourceKind,
    /// For a pronoun or a short name, the fuller mention it stands for
    /// ("She" -> "Maryam Sanjabi"); `null` otherwise.
    pub refers_to: Option<TextSpan>,
}

impl Source {
    /// Its offsets.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// How the content is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributionKind {
    /// Verbatim, inside quotation marks.
    Direct,
    /// Reported speech: "she said that …".
    Indirect,
    /// "According to …".
    AccordingTo,
    /// Anything else: beliefs, intentions, findings ("wants", "believes",
    /// "shows"), or no cue.
    Other,
}

/// One attribution: who says what, marked by which words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// The words that mark it ("said", "told FNA", "according to", ":").
    pub cue: Option<TextSpan>,
    /// Who says it; `null` when implicit.
    pub source: Option<Source>,
    /// What is attributed, in order; several pieces when a quote is
    /// interrupted ("…,” she said, “…").
    pub content: Vec<TextSpan>,
    /// Direct, indirect, according-to or other.
    pub kind: AttributionKind,
    /// Confidence in [0, 1].
    pub score: f64,
}

impl Attribution {
    /// Number of code points of content.
    pub fn content_len(&self) -> usize {
        self.content.iter().map(|c| c.end.saturating_sub(c.start)).sum()
    }
}

/// One source of an article, with what it carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceSummary {
    /// The fullest name the article gives it ("Maryam Sanjabi").
    pub text: String,
    /// Its kind (of the fullest mention; a pronoun resolved to a person is
    /// a person).
    pub kind: SourceKind,
    /// Number of attributions credited to it.
    pub attributions: usize,
    /// Share of the article's code points that are its content, in [0, 1].
    pub share: f64,
    /// Share of all attributed content that is its content, in [0, 1].
    pub content_share: f64,
    /// Indices (in the article's attribution list) of its attributions.
    pub indices: Vec<usize>,
}
