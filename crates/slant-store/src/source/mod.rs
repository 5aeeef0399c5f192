//! Where articles come from: folders of `.txt` or HTML pages, PTC split
//! folders, JSONL and CSV files, each optionally joined with a metadata
//! table keyed by file name.
//!
//! [`Sources`] streams the articles of every input in order, one at a time,
//! so memory does not grow with the corpus. A record that cannot be used (a
//! broken JSON line, no `text`, an unparseable date, an oversized or binary
//! text) is a [`Problem`] naming its file and line; the stream goes on.

mod delimited;
mod folder;
mod html;
mod jsonl;
mod metadata;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};
use slant_corpus::ArticleMeta;
use slant_text::DocumentLimits;

use crate::StoreError;

pub use html::{Extracted, extract_html};
pub use metadata::MetadataTable;

/// One article as an input gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceArticle {
    /// Its identifier, unique in the database: the JSONL or CSV `id`, the
    /// digits of a PTC `article<ID>.txt`, else the file name without
    /// extension.
    pub key: String,
    /// Where it was read: `path` or `path:line`.
    pub origin: String,
    /// The text.
    pub text: String,
    /// What the input says of it.
    pub meta: ArticleMeta,
}

/// A record that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: `path` or `path:line`.
    pub origin: String,
    /// What is wrong, in plain words.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}; skipped", self.origin, self.message)
    }
}

/// One step of the stream: an article or a problem, with the input bytes
/// it consumed (for progress).
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Bytes of input read for this item.
    pub bytes: u64,
    /// The article, or why the record was skipped.
    pub result: Result<SourceArticle, Problem>,
}

/// Every article of a list of inputs, in order.
pub struct Sources {
    pending: VecDeque<PathBuf>,
    current: Option<Box<dyn Iterator<Item = Item> + Send>>,
    metadata: Option<Arc<MetadataTable>>,
    total_bytes: u64,
}

impl Sources {
    /// The articles of `inputs` (files and folders), joined with
    /// `metadata` when given. Fails only when an input does not exist.
    ///
    /// # Errors
    /// An input path that is neither a file nor a folder.
    pub fn new(inputs: &[PathBuf], metadata: Option<MetadataTable>) -> Result<Self, StoreError> {
        let mut total_bytes = 0;
        for path in inputs {
            if !path.exists() {
                return Err(StoreError::Input { path: path.clone(), message: "no such file or folder".into() });
            }
            total_bytes += size_of(path);
        }
        Ok(Self { pending: inputs.iter().cloned().collect(), current: None, metadata: metadata.map(Arc::new), total_bytes })
    }

    /// The bytes of all inputs (for a progress bar), read when opened.
    pub fn total_bytes(&self) -> u64 {
        self.total_bytes
    }

    fn open(&self, path: &Path) -> Box<dyn Iterator<Item = Item> + Send> {
        let meta = self.metadata.clone();
        let inner: Box<dyn Iterator<Item = Item> + Send> = if path.is_dir() {
            Box::new(folder::FolderReader::new(path))
        } else {
            match Format::of(path) {
                Format::Jsonl => Box::new(jsonl::JsonlReader::open(path)),
                Format::Csv => Box::new(delimited::CsvReader::open(path)),
                Format::Html | Format::Text => Box::new(std::iter::once(folder::read_file(path))),
            }
        };
        match meta {
            Some(table) => Box::new(inner.map(move |item| table.join(item))),
            None => inner,
        }
    }
}

impl Iterator for Sources {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.current.as_mut().and_then(Iterator::next) {
                return Some(item);
            }
            let path = self.pending.pop_front()?;
            self.current = Some(self.open(&path));
        }
    }
}

/// The kind of an input file, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Jsonl,
    Csv,
    Html,
    Text,
}

impl Format {
    pub(crate) fn of(path: &Path) -> Self {
        let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "jsonl" | "ndjson" => Self::Jsonl,
            "csv" => Self::Csv,
            "html" | "htm" | "xhtml" => Self::Html,
            _ => Self::Text,
        }
    }
}

fn size_of(path: &Path) -> u64 {
    if path.is_dir() {
        std::fs::read_dir(path)
            .map_or(0, |entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| if e.path().is_dir() { size_of(&e.path()) } else { e.metadata().map_or(0, |m| m.len()) })
                    .sum()
            })
    } else {
        std::fs::metadata(path).map_or(0, |m| m.len())
    }
}

/// The largest text accepted, as for `slant analyze`.
pub(crate) fn max_text_bytes() -> usize {
    DocumentLimits::default().max_bytes
}

/// Refuses a text over the size limit.
pub(crate) fn check_size(len: usize) -> Result<(), String> {
    let limit = max_text_bytes();
    if len > limit {
        return Err(format!(
            "text is {:.1} MB, over the {} MiB limit",
            len as f64 / 1e6,
            limit / (1024 * 1024)
        ));
    }
    Ok(())
}

/// Refuses a `published` value that does not start with a real
/// `YYYY-MM-DD` date.
pub(crate) fn check_date(meta: &ArticleMeta) -> Result<(), String> {
    let Some(raw) = meta.published.as_deref() else { return Ok(()) };
    let ok = meta.published_date().is_some_and(|d| d.parse::<slant_time::Date>().is_ok());
    if ok {
        Ok(())
    } else {
        Err(format!("unparseable date {:?} (expected YYYY-MM-DD or an ISO 8601 timestamp)", truncate(raw, 40)))
    }
}

/// A value shortened for a message.
pub(crate) fn truncate(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

/// The article of a JSON object or CSV row: `id` and `text` required,
/// `title`, `outlet`, `url`, `published`, `language` read, anything else
/// kept in `extra`.
pub(crate) fn article_from_fields(mut fields: Map<String, Value>, origin: String) -> Result<SourceArticle, Problem> {
    let problem = |message: String| Problem { origin: origin.clone(), message };
    let key = match fields.remove("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(_)) => return Err(problem("empty `id`".into())),
        Some(_) => return Err(problem("`id` is neither a string nor a number".into())),
        None => return Err(problem("no `id`".into())),
    };
    let text = match fields.remove("text") {
        Some(Value::String(s)) => s,
        Some(_) => return Err(problem("`text` is not a string".into())),
        None => return Err(problem("no `text`".into())),
    };
    check_size(text.len()).map_err(&problem)?;
    let mut take = |name: &str| -> Result<Option<String>, Problem> {
        match fields.remove(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(problem(format!("`{name}` is not a string"))),
        }
    };
    let meta = ArticleMeta {
        title: take("title")?,
        outlet: take("outlet")?,
        url: take("url")?,
        published: take("published")?,
        language: take("language")?,
        extra: fields.into_iter().collect(),
    };
    check_date(&meta).map_err(&problem)?;
    Ok(SourceArticle { key, origin, text, meta })
}
