//! A PTC split on disk: a folder of `article<ID>.txt` files and, optionally,
//! a labels TSV.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use slant_text::{Document, DocumentLimits};

use crate::labels::{read_labels, validate_labels, Label, LabelOptions};
use crate::{article_id_from_path, CorpusError};

/// Articles and (maybe) gold labels of one split.
#[derive(Debug)]
pub struct Split {
    /// Folder the articles were read from.
    pub articles_dir: PathBuf,
    /// The articles, sorted by id.
    pub documents: Vec<Document>,
    /// Gold labels, if a labels file was found or given.
    pub labels: Vec<Label>,
    /// Where the labels came from.
    pub labels_path: Option<PathBuf>,
}

impl Split {
    /// Opens a split folder. The articles are in `dir/articles/` when that
    /// exists, else in `dir`; the labels are `dir/labels.tsv` when it exists.
    pub fn open(dir: &Path) -> Result<Self, CorpusError> {
        let labels = dir.join("labels.tsv");
        Self::open_with_labels(dir, labels.is_file().then_some(labels.as_path()))
    }

    /// Opens a split folder with an explicit labels file (or none).
    pub fn open_with_labels(dir: &Path, labels_path: Option<&Path>) -> Result<Self, CorpusError> {
        let articles_dir = if dir.join("articles").is_dir() { dir.join("articles") } else { dir.to_owned() };
        let files = list_article_files(&articles_dir)?;
        let documents =
            files.iter().map(|p| read_document(p, DocumentLimits::default())).collect::<Result<Vec<_>, _>>()?;
        let mut split = Split { articles_dir, documents, labels: Vec::new(), labels_path: None };
        if let Some(path) = labels_path {
            let labels = read_labels(path, LabelOptions::tc())?;
            validate_labels(&labels, &split.lengths(), path)?;
            split.labels = labels;
            split.labels_path = Some(path.to_owned());
        }
        Ok(split)
    }

    /// Article lengths in code points, by id.
    pub fn lengths(&self) -> BTreeMap<String, usize> {
        self.documents.iter().map(|d| (d.id().to_owned(), d.char_len())).collect()
    }

    /// The article with this id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.binary_search_by(|d| d.id().cmp(id)).ok().map(|i| &self.documents[i])
    }

    /// Gold labels grouped by article id (articles without labels absent).
    pub fn labels_by_article(&self) -> BTreeMap<&str, Vec<&Label>> {
        crate::labels::by_article(&self.labels)
    }
}

/// The article files of a folder, sorted by id: `article*.txt` when there
/// are any, else every `*.txt`.
pub fn list_article_files(dir: &Path) -> Result<Vec<PathBuf>, CorpusError> {
    let entries = std::fs::read_dir(dir).map_err(|e| CorpusError::io(dir, e))?;
    let mut txt = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| CorpusError::io(dir, e))?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "txt") {
            txt.push(path);
        }
    }
    let is_ptc = |p: &PathBuf| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("article"));
    if txt.iter().any(is_ptc) {
        txt.retain(is_ptc);
    }
    if txt.is_empty() {
        return Err(CorpusError::NoArticles { path: dir.to_owned() });
    }
    txt.sort_by_key(|p| article_id_from_path(p));
    Ok(txt)
}

/// Reads one article file, naming the file in any error.
pub fn read_document(path: &Path, limits: DocumentLimits) -> Result<Document, CorpusError> {
    let meta = std::fs::metadata(path).map_err(|e| CorpusError::io(path, e))?;
    if meta.len() > limits.max_bytes as u64 {
        return Err(CorpusError::Text {
            path: path.to_owned(),
            reason: slant_text::TextError::TooLarge {
                size: usize::try_from(meta.len()).unwrap_or(usize::MAX),
                limit: limits.max_bytes,
            },
        });
    }
    let bytes = std::fs::read(path).map_err(|e| CorpusError::io(path, e))?;
    Document::from_bytes_with(article_id_from_path(path), &bytes, limits)
        .map_err(|reason| CorpusError::Text { path: path.to_owned(), reason })
}

#[cfg(test)]
mod tests {
    use super::*;
    use slant_text::Span;

    #[test]
    fn opens_a_small_split() {
        let dir = tempfile::tempdir().unwrap();
        let arts = dir.path().join("articles");
        std::fs::create_dir(&arts).unwrap();
        std::fs::write(arts.join("article2.txt"), "\u{feff}Title “two”\n\nBody.\n").unwrap();
        std::fs::write(arts.join("article1.txt"), "One\n\nA 🦊 body.\n").unwrap();
        std::fs::write(dir.path().join("labels.tsv"), "2\tDoubt\t7\t12\n1\tSlogans\t5\t8\n").unwrap();
        let split = Split::open(dir.path()).unwrap();
        assert_eq!(split.documents.iter().map(Document::id).collect::<Vec<_>>(), ["1", "2"]);
        let two = split.document("2").unwrap();
        assert_eq!(two.slice(split.labels[0].span), Some("“two”"));
        assert_eq!(split.document("1").unwrap().slice(Span::new(5, 8)), Some("A 🦊"));
        assert_eq!(split.labels_by_article().len(), 2);
    }

    #[test]
    fn reports_the_bad_article_and_the_bad_label() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("article1.txt"), b"ok\xc3(").unwrap();
        let err = Split::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("article1.txt") && err.contains("invalid UTF-8"), "{err}");

        std::fs::write(dir.path().join("article1.txt"), "short").unwrap();
        std::fs::write(dir.path().join("labels.tsv"), "1\tDoubt\t0\t50\n").unwrap();
        let err = Split::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("labels.tsv:1") && err.contains("past the end"), "{err}");

        std::fs::write(dir.path().join("labels.tsv"), "3\tDoubt\t0\t2\n").unwrap();
        let err = Split::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("unknown article id `3`"), "{err}");
    }

    #[test]
    fn empty_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(Split::open(dir.path()), Err(CorpusError::NoArticles { .. })));
    }
}
