//! The publication date of an article and where it came from.

use serde::{Deserialize, Serialize};
use slant_text::Document;

use crate::timex::TimexType;
use crate::{Date, find_timexes_in};

/// Where a publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PublishedFrom {
    /// Given by the user (`--published`).
    Flag,
    /// From the corpus' metadata.
    Metadata,
    /// Read from a dateline at the head of the text.
    Dateline,
    /// Not known.
    #[default]
    None,
}

/// The publication date of an article, as the JSON record shows it:
/// `{"date": "2012-03-20" | null, "from": "flag" | "metadata" | "dateline" | "none"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Published {
    /// The date, when known.
    pub date: Option<Date>,
    /// Where it came from.
    pub from: PublishedFrom,
}

impl Published {
    /// The date from the first source that has one: the flag, the corpus
    /// metadata, then a dateline in the text.
    pub fn resolve(flag: Option<Date>, metadata: Option<Date>, doc: &Document) -> Self {
        if let Some(date) = flag {
            return Self {
                date: Some(date),
                from: PublishedFrom::Flag,
            };
        }
        if let Some(date) = metadata {
            return Self {
                date: Some(date),
                from: PublishedFrom::Metadata,
            };
        }
        match published_from_dateline(doc) {
            Some(date) => Self {
                date: Some(date),
                from: PublishedFrom::Dateline,
            },
            None => Self::default(),
        }
    }
}

/// How far into the text a dateline is looked for, in bytes.
const HEAD: usize = 400;

/// Words that introduce a publication date ("Published: May 3, 2012").
const MARKERS: [&str; 6] = [
    "published",
    "posted",
    "updated",
    "date",
    "dated",
    "last modified",
];

/// A full date (day, month and year) at the head of the text that reads as
/// a dateline: on a short header line ("March 20, 2012"), introduced by
/// "Published"/"Posted"/"Updated", or followed by the dash or parenthesis
/// of a news dateline ("BEIRUT, March 20, 2012 (AFP) —"). Dates the story
/// itself tells of ("On March 5, 1946, he spoke…") are not datelines.
pub fn published_from_dateline(doc: &Document) -> Option<Date> {
    let text = doc.text();
    let mut cut = text.len().min(HEAD);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    for t in find_timexes_in(head, None) {
        if t.kind != TimexType::Date || t.value.len() != 10 || !t.resolved {
            continue;
        }
        let Ok(date) = t.value.parse::<Date>() else {
            continue;
        };
        let start = head
            .char_indices()
            .nth(t.start)
            .map_or(head.len(), |(b, _)| b);
        let end = head
            .char_indices()
            .nth(t.end)
            .map_or(head.len(), |(b, _)| b);
        let line_start = head[..start].rfind('\n').map_or(0, |p| p + 1);
        let line_end = head[end..].find('\n').map_or(head.len(), |p| end + p);
        let before = head[line_start..start].to_lowercase();
        let after = head[end..line_end].trim_start();
        let short_line = head[line_start..line_end].split_whitespace().count() <= 12;
        let marked = MARKERS.iter().any(|m| before.contains(m));
        let dateline = after.starts_with(['(', '—', '–', '-', '_', '|']) || after.is_empty();
        if short_line || marked || dateline && before.trim_end().ends_with(',') {
            return Some(date);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dateline(text: &str) -> Option<String> {
        published_from_dateline(&Document::from_text("t", text.to_owned()).unwrap())
            .map(|d| d.to_string())
    }

    #[test]
    fn reads_common_datelines() {
        assert_eq!(
            dateline("BEIRUT, March 20, 2012 (AFP) — Shells fell.").as_deref(),
            Some("2012-03-20")
        );
        assert_eq!(
            dateline("Harbour news\n\nPublished: 7 May 2012\n\nThe council met.").as_deref(),
            Some("2012-05-07")
        );
        assert_eq!(
            dateline("Posted on 2011-12-01 by staff\nBody text here.").as_deref(),
            Some("2011-12-01")
        );
        assert_eq!(
            dateline("Tuesday, Oct. 9, 2012\nThe vote.").as_deref(),
            Some("2012-10-09")
        );
    }

    #[test]
    fn story_dates_are_not_datelines() {
        assert_eq!(
            dateline(
                "On March 5, 1946, Churchill spoke of an iron curtain across the continent, and the press listened."
            ),
            None
        );
        assert_eq!(dateline("No dates here at all."), None);
        assert_eq!(
            dateline("WASHINGTON, March 12 (Xinhua) -- Talks went on."),
            None,
            "a dateline without a year gives no date"
        );
    }

    #[test]
    fn the_first_source_with_a_date_wins() {
        let doc =
            Document::from_text("t", "BEIRUT, March 20, 2012 (AFP) — Shells.".to_owned()).unwrap();
        let flag: Date = "2012-03-21".parse().unwrap();
        assert_eq!(
            Published::resolve(Some(flag), None, &doc),
            Published {
                date: Some(flag),
                from: PublishedFrom::Flag
            }
        );
        assert_eq!(
            Published::resolve(None, Some(flag), &doc).from,
            PublishedFrom::Metadata
        );
        assert_eq!(
            Published::resolve(None, None, &doc).from,
            PublishedFrom::Dateline
        );
        let plain = Document::from_text("t", "Nothing dated.".to_owned()).unwrap();
        let none = Published::resolve(None, None, &plain);
        assert_eq!(
            serde_json::to_string(&none).unwrap(),
            r#"{"date":null,"from":"none"}"#
        );
    }
}
