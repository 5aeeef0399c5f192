//! The server's limits.

use std::time::Duration;

/// Limits that keep one client, or many, from exhausting the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// Largest accepted request body, in bytes; larger ones get 413.
    pub max_body_bytes: usize,
    /// Time allowed for one analysis request from arrival to answer (reading
    /// the body, waiting for a worker, analysing); past it, 408 while the
    /// body is still arriving, else 503.
    pub request_timeout: Duration,
    /// Analyses run at once (each on a blocking thread).
    pub max_concurrent: usize,
    /// Requests that may wait for a worker; more get 503 at once, so memory
    /// stays bounded by `(max_concurrent + max_queued) × max_body_bytes`.
    pub max_queued: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            // The longest PTC article is ~60 kB; 1 MiB leaves room for long
            // reports without letting one request hold much memory.
            max_body_bytes: 1024 * 1024,
            request_timeout: Duration::from_secs(10),
            max_concurrent: std::thread::available_parallelism().map_or(2, usize::from),
            max_queued: 32,
        }
    }
}

impl ServerConfig {
    /// Oversized bodies up to this size are read and thrown away before the
    /// 413 is sent, so that the client, still sending, reads the answer
    /// instead of a reset connection; past it the connection is closed.
    pub fn drain_limit_bytes(&self) -> usize {
        self.max_body_bytes.saturating_mul(8)
    }
}
