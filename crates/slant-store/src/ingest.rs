//! `slant corpus add`: articles analysed in parallel, written by one writer
//! in input order, one transaction per batch.
//!
//! Resuming is by content: before analysing a batch, each article whose key
//! is stored with the same content hash and analysis is skipped. A batch is
//! committed whole or not at all, and articles are written in input order,
//! so a run killed at any moment and started again ends with the same
//! database as an uninterrupted run (`slant corpus dump` compares them).
//! At most three batches are in memory at once (one analysed, two waiting
//! for the writer), whatever the size of the corpus.

use std::path::Path;
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;
use slant_analyzer::Analyzer;
use slant_text::Document;

use crate::rows::{PreparedArticle, content_hash};
use crate::source::{Problem, SourceArticle, Sources};
use crate::store::{Outcome, Store};
use crate::StoreError;

/// Settings of an ingest run.
#[derive(Debug, Clone, Copy)]
pub struct IngestOptions {
    /// Articles per batch (and per transaction).
    pub batch: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        Self { batch: 256 }
    }
}

/// What an ingest run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestSummary {
    /// Articles analysed and stored.
    pub added: u64,
    /// Articles stored over an analysis by another model or readings.
    pub replaced: u64,
    /// Articles already stored with the same content and analysis.
    pub unchanged: u64,
    /// Records skipped with a problem (reported to the observer).
    pub failed: u64,
}

impl IngestSummary {
    /// Every record seen.
    pub fn records(&self) -> u64 {
        self.added + self.replaced + self.unchanged + self.failed
    }
}

/// Told of progress and problems while a run goes on; called from the
/// reading thread and the writer thread.
pub trait Observer: Sync {
    /// `bytes` more input read; the counts so far.
    fn progress(&self, bytes: u64, summary: &IngestSummary);
    /// A record was skipped.
    fn problem(&self, problem: &Problem);
}

/// An observer that ignores everything.
#[derive(Debug, Default)]
pub struct Quiet;

impl Observer for Quiet {
    fn progress(&self, _: u64, _: &IngestSummary) {}
    fn problem(&self, _: &Problem) {}
}

/// The name of an analysis: model, readings and slant version. An article
/// stored under another analysis is analysed again.
pub fn analysis_name(analyzer: &Analyzer) -> String {
    let readings: Vec<&str> = analyzer.readings().iter().map(|r| r.name()).collect();
    format!("{} [{}] slant {}", analyzer.model_info().name, readings.join(","), env!("CARGO_PKG_VERSION"))
}

/// A batch on its way to the writer: articles in input order, and the
/// bytes they were read from.
struct Batch {
    articles: Vec<PreparedArticle>,
    origins: Vec<String>,
}

/// Adds every article of `sources` to the database at `db`, analysed by
/// `analyzer` on the current rayon pool.
///
/// # Errors
/// The database cannot be opened or written; bad records are not errors
/// but problems, told to `observer`.
pub fn ingest(
    db: &Path,
    sources: Sources,
    analyzer: &Analyzer,
    observer: &dyn Observer,
    options: IngestOptions,
    inputs: &str,
) -> Result<IngestSummary, StoreError> {
    let analysis = analysis_name(analyzer);
    let mut writer = Store::open(db)?;
    let reader = Store::open(db)?;
    let run = writer.begin_run(&analysis, inputs)?;
    let counts = std::sync::Mutex::new(IngestSummary::default());
    let bump = |f: &dyn Fn(&mut IngestSummary), bytes: u64| {
        let mut c = counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut c);
        observer.progress(bytes, &c);
    };
    let (tx, rx) = sync_channel::<Batch>(2);
    let result = std::thread::scope(|scope| {
        let writer_thread = scope.spawn(|| -> Result<(), StoreError> {
            for batch in rx {
                let outcomes = writer.write_batch(&batch.articles, &analysis)?;
                for ((outcome, article), origin) in outcomes.iter().zip(&batch.articles).zip(&batch.origins) {
                    match outcome {
                        Outcome::Added => bump(&|c| c.added += 1, 0),
                        Outcome::Replaced => bump(&|c| c.replaced += 1, 0),
                        Outcome::Unchanged => bump(&|c| c.unchanged += 1, 0),
                        Outcome::Duplicate => {
                            observer.problem(&Problem {
                                origin: origin.clone(),
                                message: format!("duplicate id {:?} (an article with other content has it)", article.key),
                            });
                            bump(&|c| c.failed += 1, 0);
                        }
                    }
                }
            }
            Ok(())
        });
        let mut sources = sources;
        let read = (|| -> Result<(), StoreError> {
            loop {
                let mut todo: Vec<(SourceArticle, String)> = Vec::with_capacity(options.batch);
                let mut done = false;
                while todo.len() < options.batch {
                    let Some(item) = sources.next() else {
                        done = true;
                        break;
                    };
                    match item.result {
                        Ok(article) => {
                            let hash = content_hash(&article.text, &article.meta);
                            match reader.stored(&article.key)? {
                                Some((h, a)) if h == hash && a == analysis => bump(&|c| c.unchanged += 1, item.bytes),
                                _ => {
                                    bump(&|_| {}, item.bytes);
                                    todo.push((article, hash));
                                }
                            }
                        }
                        Err(problem) => {
                            observer.problem(&problem);
                            bump(&|c| c.failed += 1, item.bytes);
                        }
                    }
                }
                let prepared: Vec<Result<PreparedArticle, Problem>> =
                    todo.into_par_iter().map(|(article, hash)| prepare(analyzer, article, hash)).collect();
                let mut batch = Batch { articles: Vec::with_capacity(prepared.len()), origins: Vec::new() };
                for p in prepared {
                    match p {
                        Ok(a) => {
                            batch.origins.push(a.origin.clone());
                            batch.articles.push(a);
                        }
                        Err(problem) => {
                            observer.problem(&problem);
                            bump(&|c| c.failed += 1, 0);
                        }
                    }
                }
                if !batch.articles.is_empty() && tx.send(batch).is_err() {
                    // The writer stopped on an error, which join reports.
                    return Ok(());
                }
                if done {
                    return Ok(());
                }
            }
        })();
        drop(tx);
        let written = writer_thread.join().unwrap_or_else(|_| Err(StoreError::Invalid("the writer thread panicked".into())));
        read.and(written)
    });
    result?;
    let summary = *counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let store = Store::open(db)?;
    crate::groups::group_actors(&store)?;
    store.end_run(run, summary.added + summary.replaced, summary.unchanged, summary.failed)?;
    Ok(summary)
}

/// Analyses one article and prepares its rows (on a worker thread).
fn prepare(analyzer: &Analyzer, article: SourceArticle, hash: String) -> Result<PreparedArticle, Problem> {
    let doc = Document::from_text(article.key.clone(), article.text.clone())
        .map_err(|e| Problem { origin: article.origin.clone(), message: e.to_string() })?;
    let record = analyzer.analyze(&doc, &article.meta);
    drop(doc);
    Ok(PreparedArticle::new(article, &record, hash))
}
