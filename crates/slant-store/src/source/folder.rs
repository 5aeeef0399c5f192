//! Folders of articles (`.txt` and HTML pages; a PTC split's `articles/`)
//! and single article files.

use std::path::{Path, PathBuf};

use slant_corpus::ArticleMeta;

use super::{Format, Item, Problem, SourceArticle, check_size, extract_html};

/// The article files of a folder, in file-name order.
pub(crate) struct FolderReader {
    files: std::vec::IntoIter<PathBuf>,
    error: Option<Item>,
}

impl FolderReader {
    /// Lists `dir` (or `dir/articles` for a PTC split): `article*.txt` when
    /// there are any (the PTC layout), else every `.txt`, and HTML pages.
    pub(crate) fn new(dir: &Path) -> Self {
        let dir = if dir.join("articles").is_dir() { dir.join("articles") } else { dir.to_owned() };
        match list(&dir) {
            Ok(files) => Self { files: files.into_iter(), error: None },
            Err(e) => Self {
                files: Vec::new().into_iter(),
                error: Some(Item {
                    bytes: 0,
                    result: Err(Problem { origin: dir.display().to_string(), message: format!("cannot list: {e}") }),
                }),
            },
        }
    }
}

impl Iterator for FolderReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if let Some(e) = self.error.take() {
            return Some(e);
        }
        self.files.next().map(|p| read_file(&p))
    }
}

fn list(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut txt = Vec::new();
    let mut html = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if !path.is_file() {
            continue;
        }
        match (Format::of(&path), path.extension().is_some_and(|e| e == "txt")) {
            (Format::Html, _) => html.push(path),
            (_, true) => txt.push(path),
            _ => {}
        }
    }
    let is_ptc = |p: &PathBuf| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("article"));
    if txt.iter().any(is_ptc) {
        txt.retain(is_ptc);
    }
    txt.extend(html);
    txt.sort();
    Ok(txt)
}

/// One article file: plain text, or an HTML page whose main text, title,
/// date and address are extracted.
pub(crate) fn read_file(path: &Path) -> Item {
    let origin = path.display().to_string();
    let problem = |message: String| Problem { origin: origin.clone(), message };
    let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
    let result = (|| {
        let len = usize::try_from(bytes).unwrap_or(usize::MAX);
        let is_html = Format::of(path) == Format::Html;
        // A page may be far larger than its text; its own limit is four times the text's.
        check_size(if is_html { len / 4 } else { len }).map_err(&problem)?;
        let raw = std::fs::read(path).map_err(|e| problem(format!("cannot read: {e}")))?;
        let key = slant_corpus::article_id_from_path(path);
        if is_html {
            let page = String::from_utf8_lossy(&raw);
            let ex = extract_html(&page).map_err(&problem)?;
            let meta = ArticleMeta { title: ex.title, outlet: ex.site, url: ex.url, published: ex.published, language: ex.language, ..ArticleMeta::default() };
            return Ok(SourceArticle { key, origin: origin.clone(), text: ex.text, meta });
        }
        let text = String::from_utf8(raw)
            .map_err(|e| problem(format!("not UTF-8 (first bad byte at offset {})", e.utf8_error().valid_up_to())))?;
        Ok(SourceArticle { key, origin: origin.clone(), text, meta: ArticleMeta::default() })
    })();
    Item { bytes, result }
}
