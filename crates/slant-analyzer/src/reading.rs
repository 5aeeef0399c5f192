//! The readings slant gives of an article.

use std::fmt;
use std::str::FromStr;

/// One reading, in the order the stages run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reading {
    /// Propaganda technique spans.
    Techniques,
    /// Who says what: attributions, typed sources, and each technique
    /// span's voice.
    Voices,
    /// Who the article is about: actors, aliases and labels.
    Actors,
    /// Time expressions and the timeline of dated claims.
    Time,
}

impl Reading {
    /// Every reading, in stage order.
    pub const ALL: [Self; 4] = [Self::Techniques, Self::Voices, Self::Actors, Self::Time];

    /// The name on the command line and in the API.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Techniques => "techniques",
            Self::Voices => "voices",
            Self::Actors => "actors",
            Self::Time => "time",
        }
    }

    /// Readings from a comma-separated list (`techniques,time`, or `all`).
    ///
    /// # Errors
    /// A name that is no reading, listing the valid ones.
    pub fn parse_list(list: &str) -> Result<Vec<Self>, String> {
        let mut out = Vec::new();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if name == "all" {
                out.extend(Self::ALL);
            } else {
                out.push(name.parse()?);
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }
}

impl fmt::Display for Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Reading {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|r| r.name().eq_ignore_ascii_case(s)).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|r| r.name()).collect();
            format!("unknown reading {s:?} (one of {}, or all)", names.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse_in_stage_order() {
        assert_eq!(Reading::parse_list("time, techniques").unwrap(), [Reading::Techniques, Reading::Time]);
        assert_eq!(Reading::parse_list("all").unwrap(), Reading::ALL);
        let err = Reading::parse_list("techniques,tone").unwrap_err();
        assert!(err.contains("\"tone\"") && err.contains("actors"), "{err}");
    }
}
