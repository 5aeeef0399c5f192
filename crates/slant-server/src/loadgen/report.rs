//! What a load run measured, and how it is printed.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use super::{Kind, LoadConfig};

/// Answers and latencies of one kind of request.
#[derive(Debug, Clone)]
pub struct KindStats {
    /// The kind.
    pub kind: Kind,
    /// Answers by status.
    pub statuses: BTreeMap<u16, usize>,
    /// Requests that got no answer (connection refused, reset, …).
    pub transport_errors: usize,
    /// Latencies of answered requests, in milliseconds, sorted once read.
    latencies_ms: Vec<f64>,
}

impl KindStats {
    pub(crate) fn new(kind: Kind) -> Self {
        Self { kind, statuses: BTreeMap::new(), transport_errors: 0, latencies_ms: Vec::new() }
    }

    pub(crate) fn add(&mut self, status: Option<u16>, latency: Duration) {
        match status {
            Some(s) => {
                *self.statuses.entry(s).or_insert(0) += 1;
                self.latencies_ms.push(latency.as_secs_f64() * 1e3);
            }
            None => self.transport_errors += 1,
        }
    }

    /// Requests sent.
    pub fn sent(&self) -> usize {
        self.statuses.values().sum::<usize>() + self.transport_errors
    }

    /// Answers with the status this kind must get.
    pub fn as_expected(&self) -> usize {
        self.statuses.get(&self.kind.expected()).copied().unwrap_or(0)
    }

    /// Requests refused with 503 because the workers and the queue were
    /// full: the server's bound on concurrent analyses at work, not a fault.
    pub fn busy(&self) -> usize {
        if self.kind.expected() == 503 { 0 } else { self.statuses.get(&503).copied().unwrap_or(0) }
    }

    /// Requests without the expected answer (and not refused as busy).
    pub fn errors(&self) -> usize {
        self.sent() - self.as_expected() - self.busy()
    }

    /// The latencies, sorted.
    pub fn latencies_ms(&self) -> Vec<f64> {
        let mut l = self.latencies_ms.clone();
        l.sort_by(f64::total_cmp);
        l
    }
}

/// The `p`-th percentile (nearest rank) of sorted values; 0 when empty.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The server's memory, from `/proc/<pid>/status`, in KiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Memory {
    /// Resident set before the run.
    pub rss_before_kib: u64,
    /// Resident set after the run.
    pub rss_after_kib: u64,
    /// Highest resident set sampled during the run (every 20 ms).
    pub sampled_peak_kib: u64,
    /// The kernel's high-water mark of the resident set (`VmHWM`), over the
    /// server's whole life.
    pub peak_kib: u64,
}

/// Everything a load run measured.
#[derive(Debug, Clone)]
pub struct LoadReport {
    /// The URL loaded.
    pub url: String,
    /// Connections sending at once.
    pub concurrency: usize,
    /// Requests asked for.
    pub requested: usize,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Per kind of request.
    pub kinds: Vec<KindStats>,
    /// The server's memory, when its process id was given.
    pub memory: Option<Memory>,
}

impl LoadReport {
    pub(crate) fn new(config: &LoadConfig, elapsed: Duration, kinds: Vec<KindStats>, memory: Option<Memory>) -> Self {
        Self { url: config.url.clone(), concurrency: config.concurrency, requested: config.requests, elapsed, kinds, memory }
    }

    /// Requests sent.
    pub fn sent(&self) -> usize {
        self.kinds.iter().map(KindStats::sent).sum()
    }

    /// Requests without the expected answer (wrong status or none), not
    /// counting those refused as busy.
    pub fn errors(&self) -> usize {
        self.kinds.iter().map(KindStats::errors).sum()
    }

    /// Requests refused with 503 because the server was full.
    pub fn busy(&self) -> usize {
        self.kinds.iter().map(KindStats::busy).sum()
    }

    /// All latencies, sorted.
    pub fn latencies_ms(&self) -> Vec<f64> {
        let mut all: Vec<f64> = self.kinds.iter().flat_map(KindStats::latencies_ms).collect();
        all.sort_by(f64::total_cmp);
        all
    }
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn row(f: &mut fmt::Formatter<'_>, name: &str, sent: usize, expect: &str, ok: usize, l: &[f64]) -> fmt::Result {
    writeln!(
        f,
        "{name:<11} {sent:>6} {expect:>6} {ok:>6} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
        percentile(l, 50.0),
        percentile(l, 95.0),
        percentile(l, 99.0),
        l.last().copied().unwrap_or(0.0)
    )
}

impl fmt::Display for LoadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        let sent = self.sent();
        writeln!(
            f,
            "{sent} of {} requests to {} with {} connections in {secs:.2} s ({:.1} requests/s)",
            self.requested,
            self.url,
            self.concurrency,
            sent as f64 / secs.max(1e-9)
        )?;
        writeln!(f, "{:<11} {:>6} {:>6} {:>6} {:>8} {:>8} {:>8} {:>8}", "kind", "sent", "expect", "as exp", "p50 ms", "p95 ms", "p99 ms", "max ms")?;
        for k in &self.kinds {
            row(f, k.kind.name(), k.sent(), &k.kind.expected().to_string(), k.as_expected(), &k.latencies_ms())?;
        }
        let ok = self.kinds.iter().map(KindStats::as_expected).sum();
        row(f, "all", sent, "", ok, &self.latencies_ms())?;
        let transport: usize = self.kinds.iter().map(|k| k.transport_errors).sum();
        writeln!(f, "errors: {} ({} unexpected status, {transport} without answer)", self.errors(), self.errors() - transport)?;
        writeln!(f, "refused as busy (503, workers and queue full): {}", self.busy())?;
        for k in self.kinds.iter().filter(|k| k.as_expected() < k.sent()) {
            writeln!(f, "  {}: statuses {:?}", k.kind.name(), k.statuses)?;
        }
        match self.memory {
            Some(m) => writeln!(
                f,
                "server memory: peak RSS {:.1} MiB (VmHWM); during the run {:.1} MiB at most; before {:.1} MiB, after {:.1} MiB",
                mib(m.peak_kib),
                mib(m.sampled_peak_kib),
                mib(m.rss_before_kib),
                mib(m.rss_after_kib)
            ),
            None => writeln!(f, "server memory: not measured (pass the server's process id)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        // Nearest rank picks an element, so the comparisons are exact.
        for (p, want) in [(50.0, 50.0), (99.0, 99.0), (100.0, 100.0), (0.0, 1.0)] {
            assert!((percentile(&v, p) - want).abs() < f64::EPSILON, "p{p}");
        }
        assert!((percentile(&[7.0], 95.0) - 7.0).abs() < f64::EPSILON);
        assert!(percentile(&[], 50.0).abs() < f64::EPSILON);
    }

    #[test]
    fn errors_count_wrong_statuses_and_missing_answers() {
        let mut k = KindStats::new(Kind::Oversized);
        k.add(Some(413), Duration::from_millis(2));
        k.add(Some(200), Duration::from_millis(2));
        k.add(None, Duration::from_millis(2));
        k.add(Some(503), Duration::from_millis(2));
        assert_eq!((k.sent(), k.as_expected(), k.busy(), k.errors()), (4, 1, 1, 2));
    }
}
