//! The database schema and its migrations.
//!
//! The schema version is SQLite's `PRAGMA user_version`. Each entry of
//! [`MIGRATIONS`] takes the database from version `i` to `i + 1` and runs in
//! one transaction with the version bump, so a database is always at exactly
//! one version. `docs/corpus.md` documents every table and column; a change
//! of the schema is a new entry here and a new section there, never an edit
//! of an old entry.

use rusqlite::Connection;

/// Migration `i` takes a database at version `i` to version `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2];

/// The version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

const V1: &str = "
CREATE TABLE corpus_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE runs (
    id       INTEGER PRIMARY KEY,
    started  TEXT NOT NULL,
    finished TEXT,
    analysis TEXT NOT NULL,
    inputs   TEXT NOT NULL,
    added    INTEGER NOT NULL DEFAULT 0,
    skipped  INTEGER NOT NULL DEFAULT 0,
    failed   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE articles (
    id                 INTEGER PRIMARY KEY,
    key                TEXT NOT NULL UNIQUE,
    origin             TEXT NOT NULL,
    title              TEXT,
    outlet             TEXT,
    url                TEXT,
    published          TEXT,
    published_from     TEXT NOT NULL,
    month              TEXT,
    language           TEXT,
    extra              TEXT,
    content_hash       TEXT NOT NULL,
    analysis           TEXT NOT NULL,
    chars              INTEGER NOT NULL,
    words              INTEGER NOT NULL,
    spans              INTEGER NOT NULL,
    narration_spans    INTEGER NOT NULL,
    attributions       INTEGER NOT NULL,
    vague_attributions INTEGER NOT NULL,
    quoted_words       INTEGER NOT NULL,
    text               TEXT NOT NULL,
    record             BLOB NOT NULL
);
CREATE INDEX articles_outlet_month ON articles(outlet, month);
CREATE INDEX articles_month ON articles(month);
CREATE TABLE spans (
    article     INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    technique   TEXT NOT NULL,
    score       REAL NOT NULL,
    attribution INTEGER,
    text        TEXT NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE INDEX spans_technique ON spans(technique);
CREATE TABLE attributions (
    article       INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    score         REAL NOT NULL,
    cue           TEXT,
    source        TEXT,
    source_kind   TEXT,
    content       TEXT NOT NULL,
    content_words INTEGER NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE TABLE actors (
    article  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx      INTEGER NOT NULL,
    local_id TEXT NOT NULL,
    key      TEXT NOT NULL,
    aliases  TEXT NOT NULL,
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE INDEX actors_key ON actors(key);
CREATE TABLE labels (
    article     INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    actor       INTEGER NOT NULL,
    idx         INTEGER NOT NULL,
    label       TEXT NOT NULL,
    count       INTEGER NOT NULL,
    attribution INTEGER,
    techniques  TEXT NOT NULL,
    PRIMARY KEY (article, actor, idx)
) WITHOUT ROWID;
CREATE TABLE timexes (
    article    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    type       TEXT NOT NULL,
    value      TEXT NOT NULL,
    resolved   INTEGER NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
";

/// Brings `conn` to [`VERSION`]; returns the version it found.
///
/// # Errors
/// SQLite's, or a version newer than this build knows (reported by the
/// caller, which knows the path).
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<i64> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (from, sql) in MIGRATIONS.iter().enumerate().skip(usize::try_from(found).unwrap_or(usize::MAX)) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", from as i64 + 1)?;
        tx.commit()?;
    }
    Ok(found)
}

/// Version 2: `actors.canon`, the corpus-wide key of the actor (its own key
/// until `group_actors` joins it to another; see `groups.rs`).
const V2: &str = "
ALTER TABLE actors ADD COLUMN canon TEXT NOT NULL DEFAULT '';
UPDATE actors SET canon = key;
CREATE INDEX actors_canon ON actors(canon);
";

/// The tables of the schema in dump order, with the columns that key their
/// rows (besides the article).
pub const TABLES: &[(&str, &str)] = &[
    ("spans", "idx"),
    ("attributions", "idx"),
    ("actors", "idx"),
    ("labels", "actor, idx"),
    ("timexes", "idx"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), 0);
        assert_eq!(migrate(&mut conn).unwrap(), VERSION);
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0)).unwrap();
        assert_eq!(tables, 8);
    }
}
