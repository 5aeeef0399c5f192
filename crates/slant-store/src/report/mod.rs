//! `slant corpus report`: articles, words, technique spans per 1,000 words
//! (in all and per technique), the share of spans in narration, the share
//! of vague sources and the top labels, grouped by outlet, month,
//! technique, source kind or actor, with 95 % intervals ([`stats`]).

pub(crate) mod query;
pub mod render;
pub mod stats;

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::Serialize;
use slant_text::Technique;

pub use query::{VOICES, query_voices, report};
pub use stats::{Estimate, Ratio};

/// What the rows of a report are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum By {
    /// One row per outlet.
    Outlet,
    /// One row per month of publication (`YYYY-MM`).
    Month,
    /// One row per technique.
    Technique,
    /// One row per voice: the narration, then each kind of source whose
    /// attributed content holds spans.
    SourceKind,
    /// One row per actor (by the normalised name of its alias set key).
    Actor,
}

impl FromStr for By {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "outlet" => Self::Outlet,
            "month" => Self::Month,
            "technique" => Self::Technique,
            "source-kind" => Self::SourceKind,
            "actor" => Self::Actor,
            _ => return Err(format!("unknown grouping {s:?} (outlet, month, technique, source-kind, actor)")),
        })
    }
}

impl By {
    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Outlet => "outlet",
            Self::Month => "month",
            Self::Technique => "technique",
            Self::SourceKind => "source-kind",
            Self::Actor => "actor",
        }
    }
}

/// Which articles and spans a report counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Filters {
    /// Only these outlets (all when empty).
    pub outlets: Vec<String>,
    /// Only articles published on or after this date or month (`YYYY-MM`
    /// or `YYYY-MM-DD`); undated articles are left out.
    pub since: Option<String>,
    /// Only articles published on or before this date or month.
    pub until: Option<String>,
    /// Only spans of these techniques (all when empty).
    pub techniques: Vec<Technique>,
    /// Only articles that mention this actor (its normalised name, as
    /// `--by actor` shows it); labels are then only this actor's.
    pub actor: Option<String>,
    /// At most this many rows for `--by actor` (the actors in most
    /// articles); 0 for all.
    pub limit: usize,
    /// Labels listed per row.
    pub top_labels: usize,
}

impl Filters {
    /// Checks the date filters.
    ///
    /// # Errors
    /// A date that is neither `YYYY-MM` nor `YYYY-MM-DD`.
    pub fn validate(&self) -> Result<(), crate::StoreError> {
        for d in [&self.since, &self.until].into_iter().flatten() {
            let ok = match d.len() {
                7 => format!("{d}-01").parse::<slant_time::Date>().is_ok(),
                10 => d.parse::<slant_time::Date>().is_ok(),
                _ => false,
            };
            if !ok {
                return Err(crate::StoreError::Invalid(format!("date {d:?}: expected YYYY-MM or YYYY-MM-DD")));
            }
        }
        Ok(())
    }
}

/// A label and how often it was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelCount {
    /// The label (for `--by technique`, the flagged phrase, lowercased).
    pub text: String,
    /// Uses.
    pub count: u64,
}

/// One row of a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The outlet, month, technique label, voice or actor.
    pub group: String,
    /// Articles counted.
    pub articles: u64,
    /// Their words (for `--by source-kind`, the words in that voice).
    pub words: u64,
    /// Technique spans per 1,000 words, with the span and word counts.
    pub rate: Estimate,
    /// Per technique label, spans per 1,000 words (techniques with spans).
    pub techniques: BTreeMap<String, Estimate>,
    /// Share of the spans in the outlet's own narration (the rest are in
    /// quoted or attributed content); `null` for `--by source-kind`.
    pub narration: Option<Estimate>,
    /// Share of attributions whose source is vague or anonymous.
    pub vague_sources: Option<Estimate>,
    /// The most used labels.
    pub top_labels: Vec<LabelCount>,
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The grouping.
    pub by: By,
    /// The filters applied.
    pub filters: Filters,
    /// The rows.
    pub rows: Vec<Row>,
    /// Every counted article together.
    pub total: Row,
}
