//! What every handler shares: the analyzer and the admission bounds.

use std::sync::Arc;

use slant_analyzer::Analyzer;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::ServerConfig;
use crate::error::ApiError;

/// The server's shared state (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    analyzer: Arc<Analyzer>,
    config: ServerConfig,
    /// Requests admitted: analysing or waiting for a worker.
    admitted: Arc<Semaphore>,
    /// Analyses running.
    workers: Arc<Semaphore>,
    /// The corpus database of `--db`, when given.
    corpus_db: Option<std::path::PathBuf>,
}

impl AppState {
    /// State serving `analyzer` within the limits of `config`.
    pub fn new(analyzer: Arc<Analyzer>, config: ServerConfig) -> Self {
        let workers = config.max_concurrent.max(1);
        let admitted = workers + config.max_queued;
        Self {
            inner: Arc::new(Inner {
                analyzer,
                config,
                admitted: Arc::new(Semaphore::new(admitted)),
                workers: Arc::new(Semaphore::new(workers)),
                corpus_db: None,
            }),
        }
    }

    /// The analyzer.
    pub fn analyzer(&self) -> Arc<Analyzer> {
        Arc::clone(&self.inner.analyzer)
    }

    /// The same state serving the corpus database at `path` under `/corpus`.
    #[must_use]
    pub fn with_corpus_db(self, path: std::path::PathBuf) -> Self {
        let inner = Arc::try_unwrap(self.inner).unwrap_or_else(|shared| Inner {
            analyzer: Arc::clone(&shared.analyzer),
            config: shared.config.clone(),
            admitted: Arc::clone(&shared.admitted),
            workers: Arc::clone(&shared.workers),
            corpus_db: shared.corpus_db.clone(),
        });
        Self { inner: Arc::new(Inner { corpus_db: Some(path), ..inner }) }
    }

    /// The corpus database, when one is served.
    pub fn corpus_db(&self) -> Option<&std::path::Path> {
        self.inner.corpus_db.as_deref()
    }

    /// The limits.
    pub fn config(&self) -> &ServerConfig {
        &self.inner.config
    }

    /// A place among the admitted requests, or [`ApiError::Busy`] when the
    /// workers and the queue are full.
    pub(crate) fn admit(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        Arc::clone(&self.inner.admitted).try_acquire_owned().map_err(|_| ApiError::Busy)
    }

    /// Waits for a free worker.
    pub(crate) async fn worker(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        Arc::clone(&self.inner.workers)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::Internal("worker semaphore closed".into()))
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("model", &self.inner.analyzer.model_info().name)
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}
