//! `slant corpus export`: every table as Parquet (through the Apache Arrow
//! crates), JSONL or CSV, one file per table in an output folder, so that
//! DuckDB, pandas and Spark read the results directly.
//!
//! Files are `articles`, `spans`, `attributions`, `actors`, `labels` and
//! `timexes` with the columns of the database (`docs/corpus.md`); result
//! tables join to `articles` on `article = articles.id`. The stored record
//! is written as its JSON text (Parquet, CSV) or as a JSON object (JSONL).
//! Rows are streamed in batches, so memory does not grow with the corpus.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use rusqlite::types::ValueRef;

use crate::rows::decompress;
use crate::{Store, StoreError};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Apache Parquet, Snappy-compressed.
    Parquet,
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            Self::Parquet => "parquet",
            Self::Jsonl => "jsonl",
            Self::Csv => "csv",
        }
    }
}

/// The tables exported, with the columns that order their rows.
pub const EXPORTED: &[(&str, &str)] = &[
    ("articles", "id"),
    ("spans", "article, idx"),
    ("attributions", "article, idx"),
    ("actors", "article, idx"),
    ("labels", "article, actor, idx"),
    ("timexes", "article, idx"),
];

/// Rows per Parquet row group batch.
const BATCH: usize = 8192;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Real,
    Text,
    Record,
}

/// Writes every table of `store` into `dir` (created when missing); returns
/// the files written.
///
/// # Errors
/// SQLite's, the writer's, or the file system's.
pub fn export(store: &Store, format: ExportFormat, dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    std::fs::create_dir_all(dir).map_err(StoreError::io(dir))?;
    let mut written = Vec::new();
    for (table, order) in EXPORTED {
        let path = dir.join(format!("{table}.{}", format.extension()));
        let sql = format!("SELECT * FROM {table} ORDER BY {order}");
        let mut st = store.conn().prepare(&sql).map_err(store.sql_err())?;
        let columns: Vec<(String, Kind)> = st
            .columns()
            .iter()
            .map(|c| {
                let kind = match (c.name(), c.decl_type().unwrap_or("TEXT")) {
                    ("record", _) => Kind::Record,
                    (_, "INTEGER") => Kind::Int,
                    (_, "REAL") => Kind::Real,
                    _ => Kind::Text,
                };
                (c.name().to_owned(), kind)
            })
            .collect();
        let file = File::create(&path).map_err(StoreError::io(&path))?;
        let mut sink = Sink::new(format, BufWriter::new(file), &columns, &path)?;
        let mut rows = st.query([]).map_err(store.sql_err())?;
        while let Some(r) = rows.next().map_err(store.sql_err())? {
            let mut values = Vec::with_capacity(columns.len());
            for (i, (_, kind)) in columns.iter().enumerate() {
                values.push(match (r.get_ref(i).map_err(store.sql_err())?, kind) {
                    (ValueRef::Null, _) => Cell::Null,
                    (ValueRef::Integer(n), _) => Cell::Int(n),
                    (ValueRef::Real(x), _) => Cell::Real(x),
                    (ValueRef::Text(t), _) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
                    (ValueRef::Blob(b), Kind::Record) => {
                        let json = decompress(b).map_err(StoreError::io(store.path()))?;
                        Cell::Json(String::from_utf8_lossy(&json).into_owned())
                    }
                    (ValueRef::Blob(b), _) => Cell::Text(crate::rows::hex(b)),
                });
            }
            sink.row(values)?;
        }
        sink.finish()?;
        written.push(path);
    }
    Ok(written)
}

enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Json(String),
}

enum Sink<'a> {
    Parquet { writer: ArrowWriter<BufWriter<File>>, schema: Arc<Schema>, kinds: Vec<Kind>, rows: Vec<Vec<Cell>>, path: &'a Path },
    Jsonl { out: BufWriter<File>, names: Vec<String>, path: &'a Path },
    Csv { out: csv::Writer<BufWriter<File>>, path: &'a Path },
}

impl<'a> Sink<'a> {
    fn new(format: ExportFormat, out: BufWriter<File>, columns: &[(String, Kind)], path: &'a Path) -> Result<Self, StoreError> {
        let export_err = |e: &dyn std::fmt::Display| StoreError::Export { path: path.to_owned(), message: e.to_string() };
        Ok(match format {
            ExportFormat::Parquet => {
                let fields: Vec<Field> = columns
                    .iter()
                    .map(|(n, k)| {
                        let t = match k {
                            Kind::Int => DataType::Int64,
                            Kind::Real => DataType::Float64,
                            Kind::Text | Kind::Record => DataType::Utf8,
                        };
                        Field::new(n, t, true)
                    })
                    .collect();
                let schema = Arc::new(Schema::new(fields));
                let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
                let writer = ArrowWriter::try_new(out, Arc::clone(&schema), Some(props)).map_err(|e| export_err(&e))?;
                Self::Parquet { writer, schema, kinds: columns.iter().map(|c| c.1).collect(), rows: Vec::new(), path }
            }
            ExportFormat::Jsonl => Self::Jsonl { out, names: columns.iter().map(|c| c.0.clone()).collect(), path },
            ExportFormat::Csv => {
                let mut out = csv::Writer::from_writer(out);
                out.write_record(columns.iter().map(|c| c.0.as_str())).map_err(|e| export_err(&e))?;
                Self::Csv { out, path }
            }
        })
    }

    fn row(&mut self, values: Vec<Cell>) -> Result<(), StoreError> {
        match self {
            Self::Parquet { rows, .. } => {
                rows.push(values);
                if rows.len() >= BATCH {
                    self.flush_parquet()?;
                }
            }
            Self::Jsonl { out, names, path } => {
                let mut obj = serde_json::Map::new();
                for (name, v) in names.iter().zip(values) {
                    let v = match v {
                        Cell::Null => serde_json::Value::Null,
                        Cell::Int(n) => n.into(),
                        Cell::Real(x) => x.into(),
                        Cell::Text(t) if name == "extra" || name == "aliases" => {
                            serde_json::from_str(&t).unwrap_or(serde_json::Value::String(t))
                        }
                        Cell::Text(t) => t.into(),
                        Cell::Json(j) => serde_json::from_str(&j).unwrap_or(serde_json::Value::String(j)),
                    };
                    obj.insert(name.clone(), v);
                }
                serde_json::to_writer(&mut *out, &obj).map_err(|e| StoreError::Export { path: path.to_path_buf(), message: e.to_string() })?;
                out.write_all(b"\n").map_err(StoreError::io(path))?;
            }
            Self::Csv { out, path } => {
                let rec: Vec<String> = values
                    .into_iter()
                    .map(|v| match v {
                        Cell::Null => String::new(),
                        Cell::Int(n) => n.to_string(),
                        Cell::Real(x) => x.to_string(),
                        Cell::Text(t) | Cell::Json(t) => t,
                    })
                    .collect();
                out.write_record(&rec).map_err(|e| StoreError::Export { path: path.to_path_buf(), message: e.to_string() })?;
            }
        }
        Ok(())
    }

    fn flush_parquet(&mut self) -> Result<(), StoreError> {
        let Self::Parquet { writer, schema, kinds, rows, path } = self else { return Ok(()) };
        if rows.is_empty() {
            return Ok(());
        }
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(kinds.len());
        for (i, kind) in kinds.iter().enumerate() {
            let array: ArrayRef = match kind {
                Kind::Int => {
                    let mut b = Int64Builder::with_capacity(rows.len());
                    for r in rows.iter() {
                        b.append_option(if let Cell::Int(n) = r[i] { Some(n) } else { None });
                    }
                    Arc::new(b.finish())
                }
                Kind::Real => {
                    let mut b = Float64Builder::with_capacity(rows.len());
                    for r in rows.iter() {
                        b.append_option(match r[i] {
                            Cell::Real(x) => Some(x),
                            Cell::Int(n) => Some(n as f64),
                            _ => None,
                        });
                    }
                    Arc::new(b.finish())
                }
                Kind::Text | Kind::Record => {
                    let mut b = StringBuilder::new();
                    for r in rows.iter() {
                        match &r[i] {
                            Cell::Text(t) | Cell::Json(t) => b.append_value(t),
                            Cell::Int(n) => b.append_value(n.to_string()),
                            Cell::Real(x) => b.append_value(x.to_string()),
                            Cell::Null => b.append_null(),
                        }
                    }
                    Arc::new(b.finish())
                }
            };
            arrays.push(array);
        }
        let batch = RecordBatch::try_new(Arc::clone(schema), arrays)
            .map_err(|e| StoreError::Export { path: path.to_path_buf(), message: e.to_string() })?;
        writer.write(&batch).map_err(|e| StoreError::Export { path: path.to_path_buf(), message: e.to_string() })?;
        rows.clear();
        Ok(())
    }

    fn finish(mut self) -> Result<(), StoreError> {
        self.flush_parquet()?;
        match self {
            Self::Parquet { writer, path, .. } => {
                writer.close().map_err(|e| StoreError::Export { path: path.to_path_buf(), message: e.to_string() })?;
            }
            Self::Jsonl { mut out, path, .. } => out.flush().map_err(StoreError::io(path))?,
            Self::Csv { mut out, path } => out.flush().map_err(StoreError::io(path))?,
        }
        Ok(())
    }
}
