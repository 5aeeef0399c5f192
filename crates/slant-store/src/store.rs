//! The database: opening (and migrating) it, writing analysed articles in
//! one transaction per batch, and reading them back.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, params};
use slant_corpus::ArticleRecord;

use crate::StoreError;
use crate::rows::{PreparedArticle, decompress};
use crate::schema;

/// What writing one article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Stored (it was not there).
    Added,
    /// Stored over an analysis of the same key by another model or reading.
    Replaced,
    /// Already stored with the same content and analysis: left alone.
    Unchanged,
    /// Another article with this key is stored with other content: not
    /// stored (the first one with a key wins).
    Duplicate,
}

/// An open corpus database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the database at `path` for writing, creating it when missing,
    /// in WAL mode, and migrates it to the current schema.
    ///
    /// # Errors
    /// SQLite's, or a schema newer than this build.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let sql = StoreError::sql(path);
        let mut conn = Connection::open(path).map_err(StoreError::sql(path))?;
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())).map_err(StoreError::sql(path))?;
        // WAL with NORMAL sync is durable up to the last checkpointed
        // commit across a power cut and fully atomic across a killed process.
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(StoreError::sql(path))?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(StoreError::sql(path))?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(StoreError::sql(path))?;
        let found = schema::migrate(&mut conn).map_err(sql)?;
        if found > schema::VERSION {
            return Err(StoreError::NewerSchema { path: path.to_owned(), found, known: schema::VERSION });
        }
        conn.execute(
            "INSERT OR IGNORE INTO corpus_info (key, value) VALUES ('created_by', ?1)",
            [format!("slant {}", env!("CARGO_PKG_VERSION"))],
        )
        .map_err(StoreError::sql(path))?;
        Ok(Self { conn, path: path.to_owned() })
    }

    /// Opens an existing database for reading only.
    ///
    /// # Errors
    /// No such database, SQLite's, or a schema other than this build's.
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Input { path: path.to_owned(), message: "no such database".into() });
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(StoreError::sql(path))?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(StoreError::sql(path))?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(StoreError::sql(path))?;
        if found != schema::VERSION {
            if found > schema::VERSION {
                return Err(StoreError::NewerSchema { path: path.to_owned(), found, known: schema::VERSION });
            }
            return Err(StoreError::Input {
                path: path.to_owned(),
                message: format!("schema version {found}; run `slant corpus add` on it once to migrate it"),
            });
        }
        Ok(Self { conn, path: path.to_owned() })
    }

    /// The connection, for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn sql_err(&self) -> impl FnOnce(rusqlite::Error) -> StoreError + '_ {
        StoreError::sql(&self.path)
    }

    /// The content hash and analysis stored under `key`.
    ///
    /// # Errors
    /// SQLite's.
    pub fn stored(&self, key: &str) -> Result<Option<(String, String)>, StoreError> {
        self.conn
            .prepare_cached("SELECT content_hash, analysis FROM articles WHERE key = ?1")
            .and_then(|mut st| st.query_row([key], |r| Ok((r.get(0)?, r.get(1)?))).optional())
            .map_err(self.sql_err())
    }

    /// Number of stored articles.
    ///
    /// # Errors
    /// SQLite's.
    pub fn count(&self) -> Result<u64, StoreError> {
        self.conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0)).map_err(self.sql_err())
    }

    /// Writes `batch` in one transaction, in order; `analysis` names the
    /// model and readings that made it.
    ///
    /// # Errors
    /// SQLite's; nothing of the batch is then stored.
    pub fn write_batch(&mut self, batch: &[PreparedArticle], analysis: &str) -> Result<Vec<Outcome>, StoreError> {
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(StoreError::sql(&path))?;
        let outcomes = batch.iter().map(|a| write_one(&tx, a, analysis)).collect::<rusqlite::Result<Vec<_>>>();
        let outcomes = outcomes.map_err(StoreError::sql(&path))?;
        tx.commit().map_err(StoreError::sql(&path))?;
        Ok(outcomes)
    }

    /// Records the start of a run; returns its id.
    ///
    /// # Errors
    /// SQLite's.
    pub fn begin_run(&self, analysis: &str, inputs: &str) -> Result<i64, StoreError> {
        self.conn
            .execute("INSERT INTO runs (started, analysis, inputs) VALUES (?1, ?2, ?3)", params![now(), analysis, inputs])
            .map_err(self.sql_err())?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records the end of a run and its counts.
    ///
    /// # Errors
    /// SQLite's.
    pub fn end_run(&self, run: i64, added: u64, skipped: u64, failed: u64) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE runs SET finished = ?1, added = ?2, skipped = ?3, failed = ?4 WHERE id = ?5",
                params![now(), added, skipped, failed, run],
            )
            .map_err(self.sql_err())?;
        Ok(())
    }

    /// The text and the full analysis record of the article stored under
    /// `key`.
    ///
    /// # Errors
    /// SQLite's, or a record that does not decode.
    pub fn article(&self, key: &str) -> Result<Option<(String, ArticleRecord)>, StoreError> {
        let row: Option<(String, Vec<u8>)> = self
            .conn
            .query_row("SELECT text, record FROM articles WHERE key = ?1", [key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .map_err(self.sql_err())?;
        let Some((text, blob)) = row else { return Ok(None) };
        Ok(Some((text, self.decode(key, &blob)?)))
    }

    pub(crate) fn decode(&self, key: &str, blob: &[u8]) -> Result<ArticleRecord, StoreError> {
        let corrupt = |message: String| StoreError::Corrupt { path: self.path.clone(), key: key.to_owned(), message };
        let json = decompress(blob).map_err(|e| corrupt(e.to_string()))?;
        serde_json::from_slice(&json).map_err(|e| corrupt(e.to_string()))
    }
}

fn write_one(tx: &Transaction<'_>, a: &PreparedArticle, analysis: &str) -> rusqlite::Result<Outcome> {
    let stored: Option<(i64, String, String)> = tx
        .prepare_cached("SELECT id, content_hash, analysis FROM articles WHERE key = ?1")?
        .query_row([&a.key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let outcome = match stored {
        None => Outcome::Added,
        Some((_, hash, an)) if hash == a.content_hash && an == analysis => return Ok(Outcome::Unchanged),
        Some((_, hash, an)) if hash != a.content_hash && an == analysis => return Ok(Outcome::Duplicate),
        Some((id, _, _)) => {
            tx.prepare_cached("DELETE FROM articles WHERE id = ?1")?.execute([id])?;
            Outcome::Replaced
        }
    };
    let m = &a.meta;
    tx.prepare_cached(
        "INSERT INTO articles (key, origin, title, outlet, url, published, published_from, month, language, extra,
            content_hash, analysis, chars, words, spans, narration_spans, attributions, vague_attributions,
            quoted_words, text, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    )?
    .execute(params![
        a.key,
        a.origin,
        m.title,
        m.outlet,
        m.url,
        a.published,
        a.published_from,
        a.month,
        m.language,
        a.extra,
        a.content_hash,
        analysis,
        a.chars,
        a.words,
        a.spans.len(),
        a.narration_spans,
        a.attributions.len(),
        a.vague_attributions,
        a.quoted_words,
        a.text,
        a.record,
    ])?;
    let id = tx.last_insert_rowid();
    let mut st = tx.prepare_cached(
        "INSERT INTO spans (article, idx, start_char, end_char, technique, score, attribution, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (i, s) in a.spans.iter().enumerate() {
        st.execute(params![id, i, s.start, s.end, s.technique, s.score, s.attribution, s.text])?;
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO attributions (article, idx, kind, score, cue, source, source_kind, content, content_words)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, r) in a.attributions.iter().enumerate() {
        st.execute(params![id, i, r.kind, r.score, r.cue, r.source, r.source_kind, r.content, r.content_words])?;
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO actors (article, idx, local_id, key, aliases, name, kind, mentions, canon)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?4)",
    )?;
    for (i, r) in a.actors.iter().enumerate() {
        st.execute(params![id, i, r.local_id, r.key, r.aliases, r.name, r.kind, r.mentions])?;
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO labels (article, actor, idx, label, count, attribution, techniques)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut last_actor = usize::MAX;
    let mut idx = 0;
    for r in &a.labels {
        idx = if r.actor == last_actor { idx + 1 } else { 0 };
        last_actor = r.actor;
        st.execute(params![id, r.actor, idx, r.label, r.count, r.attribution, r.techniques])?;
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO timexes (article, idx, start_char, end_char, text, type, value, resolved)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (i, t) in a.timexes.iter().enumerate() {
        st.execute(params![id, i, t.start, t.end, t.text, t.kind, t.value, t.resolved])?;
    }
    Ok(outcome)
}

/// The time now as `YYYY-MM-DDTHH:MM:SSZ` (run records only; never compared).
fn now() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}
