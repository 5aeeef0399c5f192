//! A metadata table (TSV or CSV, a header row) keyed by file name, joined
//! to the articles of folders: PolNeAR's `metadata.tsv` has `filename`,
//! `publisher`, `publication_date`, `title` and more.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;
use slant_corpus::ArticleMeta;

use super::{Item, check_date};
use crate::StoreError;

/// Column names read as the key, in order of preference.
const KEY_COLUMNS: &[&str] = &["filename", "file_name", "file", "path", "id", "key"];

/// Column names read as each metadata field; any other column goes to
/// `extra`.
const FIELD_COLUMNS: &[(&str, &[&str])] = &[
    ("title", &["title", "headline"]),
    ("outlet", &["outlet", "publisher", "source", "site", "publication"]),
    ("url", &["url", "link"]),
    ("published", &["published", "publication_date", "date", "published_at", "pub_date"]),
    ("language", &["language", "lang"]),
];

/// Values that mean "nothing" in the tables seen in practice.
const NULLS: &[&str] = &["", "None", "none", "NULL", "null", "NA", "N/A"];

/// A metadata table in memory, by key.
#[derive(Debug, Default)]
pub struct MetadataTable {
    rows: HashMap<String, ArticleMeta>,
    path: String,
}

impl MetadataTable {
    /// Reads a table: tab-separated when its name ends in `.tsv`, else
    /// comma-separated.
    ///
    /// # Errors
    /// The file cannot be read, has no key column, or a row is malformed.
    pub fn read(path: &Path) -> Result<Self, StoreError> {
        let input = |message: String| StoreError::Input { path: path.to_owned(), message };
        let tsv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(if tsv { b'\t' } else { b',' })
            .quoting(!tsv)
            .from_path(path)
            .map_err(|e| input(format!("cannot open: {e}")))?;
        let headers: Vec<String> =
            reader.headers().map_err(|e| input(e.to_string()))?.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
        let key = KEY_COLUMNS
            .iter()
            .find_map(|k| headers.iter().position(|h| h == k))
            .ok_or_else(|| input(format!("no key column (one of {})", KEY_COLUMNS.join(", "))))?;
        let field_of = |h: &str| FIELD_COLUMNS.iter().find(|(_, names)| names.contains(&h)).map(|(f, _)| *f);
        let mut rows = HashMap::new();
        for record in reader.records() {
            let record = record.map_err(|e| input(e.to_string()))?;
            let mut meta = ArticleMeta::default();
            for (i, (h, v)) in headers.iter().zip(record.iter()).enumerate() {
                let v = v.trim();
                if i == key || NULLS.contains(&v) {
                    continue;
                }
                let slot = match field_of(h) {
                    Some("title") => &mut meta.title,
                    Some("outlet") => &mut meta.outlet,
                    Some("url") => &mut meta.url,
                    Some("published") => &mut meta.published,
                    Some("language") => &mut meta.language,
                    _ => {
                        meta.extra.insert(h.clone(), Value::String(v.to_owned()));
                        continue;
                    }
                };
                if slot.is_none() {
                    *slot = Some(v.to_owned());
                }
            }
            let k = record.get(key).unwrap_or_default().trim();
            rows.insert(stem(k).to_owned(), meta);
        }
        Ok(Self { rows, path: path.display().to_string() })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The row of an article, by its key or the file name of its origin.
    pub fn row(&self, key: &str, origin: &str) -> Option<&ArticleMeta> {
        let file = Path::new(origin.rsplit_once(':').filter(|(_, l)| l.parse::<u64>().is_ok()).map_or(origin, |(p, _)| p));
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        self.rows.get(key).or_else(|| self.rows.get(stem(&name)))
    }

    /// Fills the fields an article lacks from its row; a row with an
    /// unparseable date makes the article a problem.
    pub(crate) fn join(&self, mut item: Item) -> Item {
        let Ok(article) = item.result.as_mut() else { return item };
        let Some(row) = self.row(&article.key, &article.origin) else { return item };
        let m = &mut article.meta;
        for (mine, theirs) in [
            (&mut m.title, &row.title),
            (&mut m.outlet, &row.outlet),
            (&mut m.url, &row.url),
            (&mut m.published, &row.published),
            (&mut m.language, &row.language),
        ] {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
        for (k, v) in &row.extra {
            m.extra.entry(k.clone()).or_insert_with(|| v.clone());
        }
        if let Err(message) = check_date(m) {
            let origin = article.origin.clone();
            item.result = Err(super::Problem { origin, message: format!("{message} (from {})", self.path) });
        }
        item
    }
}

/// A file name without its extension (`x.txt` → `x`).
fn stem(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((s, ext)) if !s.is_empty() && ext.len() <= 5 && !ext.contains('/') => s,
        _ => name,
    }
}
