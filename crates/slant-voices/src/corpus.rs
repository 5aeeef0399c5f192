//! Folders of articles with brat attribution files.
//!
//! Two layouts: `PolNeAR`'s (`text/<id>.txt` beside
//! `attributions/<id>_<annotator>.ann`) and brat's own (`<id>.txt` beside
//! `<id>.ann` or `<id>_<annotator>.ann` in one folder). Where an article has
//! several annotators' files, the alphabetically first is the gold.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use slant_text::Document;

use crate::VoicesError;
use crate::brat::{GoldAttribution, read_ann};

/// One annotated article.
#[derive(Debug, Clone)]
pub struct GoldArticle {
    /// The text file's name without `.txt`.
    pub id: String,
    /// The article.
    pub document: Document,
    /// Its attributions, from the first annotator's file.
    pub attributions: Vec<GoldAttribution>,
    /// The `.ann` file read.
    pub ann_path: PathBuf,
}

fn list(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, VoicesError> {
    let entries = std::fs::read_dir(dir).map_err(|e| VoicesError::io(dir, e))?;
    let mut out = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| VoicesError::io(dir, e))?.path();
        if path.extension().and_then(|e| e.to_str()) == Some(ext) {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Reads every article of a split folder that has an attribution file.
///
/// An article without any `.ann` file is an error (a gold folder must be
/// complete), as is a folder without articles.
pub fn read_split(dir: &Path) -> Result<Vec<GoldArticle>, VoicesError> {
    let (text_dir, ann_dir) = if dir.join("text").is_dir() && dir.join("attributions").is_dir() {
        (dir.join("text"), dir.join("attributions"))
    } else {
        (dir.to_path_buf(), dir.to_path_buf())
    };
    let texts = list(&text_dir, "txt")?;
    if texts.is_empty() {
        return Err(VoicesError::Corpus { path: text_dir, problem: "holds no .txt article".into() });
    }
    let ids: BTreeMap<String, PathBuf> = texts.into_iter().map(|p| (stem(&p), p)).collect();
    // For each article, its .ann files, alphabetically (list() sorts them).
    let mut anns: BTreeMap<&str, Vec<PathBuf>> = BTreeMap::new();
    for ann in list(&ann_dir, "ann")? {
        let s = stem(&ann);
        let id = if ids.contains_key(&s) {
            Some(s.as_str())
        } else {
            s.rsplit_once('_').map(|(id, _)| id).filter(|id| ids.contains_key(*id))
        };
        if let Some((key, _)) = id.and_then(|id| ids.get_key_value(id)) {
            anns.entry(key.as_str()).or_default().push(ann);
        }
    }
    ids.iter()
        .map(|(id, text_path)| {
            let Some(ann_path) = anns.get(id.as_str()).and_then(|v| v.first()) else {
                return Err(VoicesError::Corpus {
                    path: text_path.clone(),
                    problem: format!("no attribution file {id}.ann or {id}_<annotator>.ann in {}", ann_dir.display()),
                });
            };
            read_article(id, text_path, ann_path)
        })
        .collect()
}

/// Reads one article and its `.ann` file.
pub fn read_article(id: &str, text_path: &Path, ann_path: &Path) -> Result<GoldArticle, VoicesError> {
    let bytes = std::fs::read(text_path).map_err(|e| VoicesError::io(text_path, e))?;
    let document = Document::from_bytes(id, &bytes)
        .map_err(|source| VoicesError::Text { path: text_path.to_path_buf(), source })?;
    let ann = std::fs::read_to_string(ann_path).map_err(|e| VoicesError::io(ann_path, e))?;
    let attributions = read_ann(document.text(), &ann).map_err(|e| e.in_file(ann_path))?;
    Ok(GoldArticle { id: id.to_owned(), document, attributions, ann_path: ann_path.to_path_buf() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_layouts_and_takes_the_first_annotator() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a_b.txt"), "Él dijo “sí”.").unwrap();
        std::fs::write(root.join("a_b_zz.ann"), "T1\tCue 3 7\tdijo\nE1\tAttribution:T1 Cue:T1\n").unwrap();
        std::fs::write(
            root.join("a_b_aa.ann"),
            "T1\tSource 0 2\tÉl\nT2\tCue 3 7\tdijo\nE1\tAttribution:T2 Cue:T2 Source:T1\n",
        )
        .unwrap();
        let arts = read_split(root).unwrap();
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].id, "a_b");
        assert!(arts[0].ann_path.ends_with("a_b_aa.ann"));
        assert_eq!(arts[0].attributions[0].source, [slant_text::Span::new(0, 2)]);

        std::fs::write(root.join("c.txt"), "nothing").unwrap();
        let e = read_split(root).unwrap_err().to_string();
        assert!(e.contains("no attribution file c.ann"), "{e}");
        std::fs::write(root.join("c.ann"), "T1\tCue 0 99\tx\n").unwrap();
        let e = read_split(root).unwrap_err().to_string();
        assert!(e.contains("c.ann: line 1: span T1: end 99 is past"), "{e}");
    }

    #[test]
    fn an_empty_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_split(dir.path()).unwrap_err().to_string();
        assert!(e.contains("holds no .txt article"), "{e}");
    }
}
