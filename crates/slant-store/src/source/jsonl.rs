//! JSONL: one JSON object per line with `id`, `text` and optional metadata.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde_json::{Map, Value};

use super::{Item, Problem, article_from_fields, max_text_bytes};

/// Lines longer than this are skipped unread (a text at the size limit,
/// JSON-escaped, fits).
fn max_line() -> usize {
    max_text_bytes() * 4
}

/// The records of a JSONL file, one per non-blank line.
pub(crate) struct JsonlReader {
    path: String,
    reader: Option<BufReader<File>>,
    line: u64,
    buf: Vec<u8>,
    error: Option<Item>,
}

impl JsonlReader {
    pub(crate) fn open(path: &Path) -> Self {
        let name = path.display().to_string();
        match File::open(path) {
            Ok(f) => Self { path: name, reader: Some(BufReader::with_capacity(1 << 16, f)), line: 0, buf: Vec::new(), error: None },
            Err(e) => Self {
                error: Some(Item { bytes: 0, result: Err(Problem { origin: name.clone(), message: format!("cannot open: {e}") }) }),
                path: name,
                reader: None,
                line: 0,
                buf: Vec::new(),
            },
        }
    }

    /// Reads one line into `buf` (without its newline), keeping at most
    /// [`max_line`] bytes; returns the bytes consumed and whether it was cut.
    fn read_line(&mut self) -> std::io::Result<Option<(u64, bool)>> {
        let Some(reader) = self.reader.as_mut() else { return Ok(None) };
        self.buf.clear();
        let mut consumed = 0u64;
        let mut cut = false;
        loop {
            let chunk = reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok((consumed > 0).then_some((consumed, cut)));
            }
            let (part, done) = match memchr(chunk) {
                Some(i) => (&chunk[..i], i + 1),
                None => (chunk, 0),
            };
            if self.buf.len() + part.len() <= max_line() {
                self.buf.extend_from_slice(part);
            } else {
                cut = true;
            }
            let used = if done > 0 { done } else { chunk.len() };
            reader.consume(used);
            consumed += used as u64;
            if done > 0 {
                return Ok(Some((consumed, cut)));
            }
        }
    }
}

fn memchr(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

impl Iterator for JsonlReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if let Some(e) = self.error.take() {
            return Some(e);
        }
        loop {
            let (bytes, cut) = match self.read_line() {
                Ok(Some(x)) => x,
                Ok(None) => return None,
                Err(e) => {
                    self.reader = None;
                    let origin = format!("{}:{}", self.path, self.line + 1);
                    return Some(Item { bytes: 0, result: Err(Problem { origin, message: format!("read error: {e}") }) });
                }
            };
            self.line += 1;
            let origin = format!("{}:{}", self.path, self.line);
            let problem = |message: String| Some(Item { bytes, result: Err(Problem { origin: origin.clone(), message }) });
            if cut {
                return problem(format!("line longer than {} MiB", max_line() / (1024 * 1024)));
            }
            let line = self.buf.strip_suffix(b"\r").unwrap_or(&self.buf);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if let Err(e) = std::str::from_utf8(line) {
                return problem(format!("not UTF-8 (first bad byte at column {})", e.valid_up_to() + 1));
            }
            let fields: Map<String, Value> = match serde_json::from_slice(line) {
                Ok(Value::Object(m)) => m,
                Ok(_) => return problem("not a JSON object".into()),
                Err(e) => return problem(format!("broken JSON: {e}")),
            };
            return Some(Item { bytes, result: article_from_fields(fields, origin) });
        }
    }
}
