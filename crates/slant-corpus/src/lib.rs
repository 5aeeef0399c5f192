//! Reading and writing the corpus formats slant speaks: PTC splits (a folder
//! of `article<ID>.txt` plus a labels TSV), SI and TC label TSV, and the JSON
//! and JSONL analysis records.
//!
//! Every reader reports problems with the file, the line and what is wrong;
//! nothing here panics on bad input.
//!
//! ```
//! use slant_corpus::labels::{parse_labels, LabelOptions};
//!
//! let labels = parse_labels("1\tDoubt\t3\t9\n1\t?\t0\t4\n", "gold.tsv", LabelOptions::default()).unwrap();
//! assert_eq!(labels.len(), 2);
//! assert_eq!(labels[1].technique, None);
//! ```

mod error;
pub mod labels;
mod meta;
pub mod predictions;
pub mod record;
pub mod split;

pub use error::{CorpusError, LabelProblem};
pub use labels::{Label, LabelOptions};
pub use meta::ArticleMeta;
pub use record::{AnalysisRecord, ArticleRecord, ModelInfo, SpanRecord};
pub use split::Split;

/// The article identifier of a file: the digits in `article<ID>.txt`, or else
/// the file name without its extension.
pub fn article_id_from_path(path: &std::path::Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    match stem.strip_prefix("article") {
        Some(rest) if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) => rest.to_owned(),
        _ => stem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn ids_follow_ptc_file_names() {
        assert_eq!(article_id_from_path(Path::new("a/article111111111.txt")), "111111111");
        assert_eq!(article_id_from_path(Path::new("mko-defectors.txt")), "mko-defectors");
        assert_eq!(article_id_from_path(Path::new("articles.txt")), "articles");
    }
}
