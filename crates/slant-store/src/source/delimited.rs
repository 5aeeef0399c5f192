//! CSV: a header row with `id`, `text` and optional metadata columns, one
//! article per row (quoted fields may span lines).

use std::fs::File;
use std::path::Path;

use serde_json::{Map, Value};

use super::{Item, Problem, article_from_fields};

/// The rows of a CSV file.
pub(crate) struct CsvReader {
    path: String,
    headers: Vec<String>,
    rows: Option<csv::ByteRecordsIntoIter<File>>,
    last_byte: u64,
    error: Option<Item>,
}

impl CsvReader {
    pub(crate) fn open(path: &Path) -> Self {
        let name = path.display().to_string();
        let fail = |message: String| Self {
            path: name.clone(),
            headers: Vec::new(),
            rows: None,
            last_byte: 0,
            error: Some(Item { bytes: 0, result: Err(Problem { origin: name.clone(), message }) }),
        };
        let mut reader = match csv::ReaderBuilder::new().flexible(false).from_path(path) {
            Ok(r) => r,
            Err(e) => return fail(format!("cannot open: {e}")),
        };
        let headers = match reader.headers() {
            Ok(h) => h.iter().map(|s| s.trim().to_owned()).collect::<Vec<_>>(),
            Err(e) => return fail(format!("cannot read the header row: {e}")),
        };
        if !headers.iter().any(|h| h == "text") || !headers.iter().any(|h| h == "id") {
            return fail("the header row has no `id` or no `text` column".into());
        }
        let last_byte = reader.position().byte();
        Self { path: name, headers, rows: Some(reader.into_byte_records()), last_byte, error: None }
    }
}

impl Iterator for CsvReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if let Some(e) = self.error.take() {
            return Some(e);
        }
        let rows = self.rows.as_mut()?;
        let next = rows.next()?;
        let byte = rows.reader().position().byte();
        let bytes = byte.saturating_sub(self.last_byte);
        self.last_byte = byte;
        let record = match next {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    self.rows = None;
                }
                let origin = format!("{}:{line}", self.path);
                return Some(Item { bytes, result: Err(Problem { origin, message: format!("bad CSV row: {e}") }) });
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let origin = format!("{}:{line}", self.path);
        let mut fields = Map::new();
        for (name, value) in self.headers.iter().zip(record.iter()) {
            let Ok(value) = std::str::from_utf8(value) else {
                let message = format!("column `{name}` is not UTF-8");
                return Some(Item { bytes, result: Err(Problem { origin, message }) });
            };
            if !value.is_empty() || name == "text" {
                fields.insert(name.clone(), Value::String(value.to_owned()));
            }
        }
        Some(Item { bytes, result: article_from_fields(fields, origin) })
    }
}
