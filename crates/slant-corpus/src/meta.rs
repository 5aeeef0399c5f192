//! What is known of an article besides its text: where it came from and
//! when it was published, as an input (JSONL, CSV, a metadata table, an HTML
//! page) gives it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// An article's metadata. Every field is optional; fields an input has
/// beyond these are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleMeta {
    /// The title, when the input gives one apart from the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The outlet or publisher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Where the article was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The publication date as the input gives it (`YYYY-MM-DD`, or a
    /// longer ISO 8601 timestamp whose date part is used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The language, as the input gives it (e.g. `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Any other fields of the input, kept as they were.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl ArticleMeta {
    /// The date part (`YYYY-MM-DD`) of `published`, when it starts with one.
    #[must_use]
    pub fn published_date(&self) -> Option<&str> {
        let p = self.published.as_deref()?.trim();
        let date = p.get(..10)?;
        let b = date.as_bytes();
        let ok = b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
        ok.then_some(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_kept_and_dates_read() {
        let m: ArticleMeta =
            serde_json::from_str(r#"{"outlet":"nyt","published":"2016-03-11T09:00:00Z","section":"politics"}"#).unwrap();
        assert_eq!(m.outlet.as_deref(), Some("nyt"));
        assert_eq!(m.published_date(), Some("2016-03-11"));
        assert_eq!(m.extra["section"], "politics");
        let back: ArticleMeta = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
        for bad in ["11/03/2016", "2016-3-11", "", "2016-03"] {
            let m = ArticleMeta { published: Some(bad.into()), ..ArticleMeta::default() };
            assert_eq!(m.published_date(), None, "{bad}");
        }
    }
}
