//! `slant corpus dump`: the canonical text of a database, by which two
//! databases are compared ("a run killed and restarted ends with exactly the
//! same database as an uninterrupted run").
//!
//! It is every table but `runs` (whose rows are timestamps of runs), one
//! JSON object per line: `corpus_info` by key, then `articles` by key (the
//! stored record decompressed and parsed, so the comparison is of content,
//! not of compressed bytes), then every result table with its rows keyed by
//! the article's key and their own index. Row ids are included: the writer
//! stores articles in input order, so they match too.

use std::io::{self, Write};

use rusqlite::types::ValueRef;
use serde_json::{Map, Value};

use crate::rows::decompress;
use crate::schema::TABLES;
use crate::{Store, StoreError};

/// Writes the canonical dump of `store` to `out`.
///
/// # Errors
/// SQLite's, a stored record that does not decode, or `out`'s.
pub fn dump(store: &Store, out: &mut dyn Write) -> Result<(), StoreError> {
    let io_err = |e: io::Error| StoreError::Io { path: "<output>".into(), source: e };
    let version: i64 = store.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(store.sql_err())?;
    writeln!(out, "{}", serde_json::json!({"table": "schema", "version": version})).map_err(io_err)?;
    let mut queries = vec![
        ("corpus_info".to_owned(), "SELECT * FROM corpus_info ORDER BY key".to_owned()),
        ("articles".to_owned(), "SELECT * FROM articles ORDER BY key".to_owned()),
    ];
    for (table, order) in TABLES {
        let order = order.split(", ").map(|c| format!("t.{c}")).collect::<Vec<_>>().join(", ");
        queries.push((
            (*table).to_owned(),
            format!("SELECT a.key AS article_key, t.* FROM {table} t JOIN articles a ON a.id = t.article ORDER BY a.key, {order}"),
        ));
    }
    for (table, sql) in queries {
        let mut st = store.conn().prepare(&sql).map_err(store.sql_err())?;
        let names: Vec<String> = st.column_names().into_iter().map(str::to_owned).collect();
        let mut rows = st.query([]).map_err(store.sql_err())?;
        while let Some(r) = rows.next().map_err(store.sql_err())? {
            let mut obj = Map::new();
            obj.insert("table".into(), Value::String(table.clone()));
            for (i, name) in names.iter().enumerate() {
                if name == "article" {
                    continue;
                }
                let v = match r.get_ref(i).map_err(store.sql_err())? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(n) => Value::from(n),
                    ValueRef::Real(x) => Value::from(x),
                    ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) if name == "record" => {
                        let corrupt = |message: String| StoreError::Corrupt {
                            path: store.path().to_owned(),
                            key: obj.get("key").map(ToString::to_string).unwrap_or_default(),
                            message,
                        };
                        let json = decompress(b).map_err(|e| corrupt(e.to_string()))?;
                        serde_json::from_slice(&json).map_err(|e| corrupt(e.to_string()))?
                    }
                    ValueRef::Blob(b) => Value::String(crate::rows::hex(b)),
                };
                obj.insert(name.clone(), v);
            }
            serde_json::to_writer(&mut *out, &obj).map_err(|e| io_err(e.into()))?;
            writeln!(out).map_err(io_err)?;
        }
    }
    Ok(())
}
