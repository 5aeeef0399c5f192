//! slant's corpus mode: articles and every result of their analysis in an
//! embedded SQLite database, compared by outlet, month, technique, source
//! kind and actor.
//!
//! * [`source`] reads articles with their metadata: folders of `.txt` and
//!   HTML pages, PTC splits, JSONL, CSV, and a metadata table joined by file
//!   name.
//! * [`ingest`] analyses them in parallel and writes them with one writer,
//!   resumably: an article already stored with the same content and
//!   analysis is skipped.
//! * [`report`] aggregates the database with article-clustered confidence
//!   intervals; [`dashboard`] draws it as one self-contained HTML page.
//! * [`export`] writes the tables as Parquet, JSONL or CSV; [`dump`] writes
//!   the canonical dump that two runs are compared by.
//!
//! `docs/corpus.md` documents the schema.
//!
//! ```
//! use slant_store::{ingest, report, source::Sources};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let input = dir.path().join("a.jsonl");
//! std::fs::write(&input, r#"{"id":"1","text":"The corrupt regime lied again.","outlet":"Gazette","published":"2024-05-02"}"#).unwrap();
//! let db = dir.path().join("corpus.db");
//! let analyzer = slant_analyzer::Analyzer::builder().model_name("baseline").unwrap().build();
//! let sources = Sources::new(&[input], None).unwrap();
//! let summary = ingest::ingest(&db, sources, &analyzer, &ingest::Quiet, Default::default(), "a.jsonl").unwrap();
//! assert_eq!(summary.added, 1);
//! let store = slant_store::Store::open_read_only(&db).unwrap();
//! let rows = report::report(&store, report::By::Outlet, &report::Filters::default()).unwrap();
//! assert_eq!(rows.rows[0].group, "Gazette");
//! ```

// Product names (SQLite, DuckDB, Parquet) are words here, not code.
#![allow(clippy::doc_markdown)]

mod error;
pub mod dashboard;
pub mod dump;
pub mod export;
mod groups;
pub mod ingest;
pub mod report;
mod rows;
pub mod schema;
pub mod source;
mod store;

pub use error::StoreError;
pub use groups::group_actors;
pub use rows::{PreparedArticle, content_hash};
pub use source::{Problem, SourceArticle, Sources};
pub use store::{Outcome, Store};
