//! A load generator for `POST /api/analyze`, run from a second process
//! (`slant loadtest`). It sends a fixed mix of valid, oversized, malformed,
//! empty and wrongly typed bodies over keep-alive connections, checks each
//! answer's status against what that body must get, and reports latency
//! percentiles, unexpected answers and, given the server's process id, the
//! server's peak memory.

use std::collections::BTreeMap;
use std::error::Error;
use std::fmt;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper::{Request, Uri};
use hyper_util::rt::TokioIo;
use serde_json::json;
use tokio::net::TcpStream;

mod report;

pub use report::{KindStats, LoadReport, Memory, percentile};

/// What to send, how much, and how fast.
#[derive(Debug, Clone)]
pub struct LoadConfig {
    /// The server (`http://host:port`) or the full endpoint URL.
    pub url: String,
    /// Requests to send in all.
    pub requests: usize,
    /// Connections sending at once.
    pub concurrency: usize,
    /// Stop sending after this long, whatever is left.
    pub max_duration: Duration,
    /// The article valid requests carry.
    pub text: String,
    /// Size of the oversized bodies, in bytes.
    pub oversize_bytes: usize,
    /// The server's process id, to read its memory from `/proc`.
    pub server_pid: Option<u32>,
}

/// The kinds of request in the mix, with the status each must get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A real article (half of them with a threshold): 200.
    Valid,
    /// A body over the server's limit: 413.
    Oversized,
    /// Broken JSON: 400.
    Malformed,
    /// Well-formed JSON whose text is blank: 422.
    EmptyText,
    /// A valid body sent as `text/plain`: 415.
    WrongType,
}

impl Kind {
    /// All kinds, in report order.
    pub const ALL: [Kind; 5] = [Kind::Valid, Kind::Oversized, Kind::Malformed, Kind::EmptyText, Kind::WrongType];

    /// The kind of the `i`-th request: out of every 20, 14 valid, 2
    /// oversized, 2 malformed, 1 empty, 1 wrongly typed.
    pub fn of(i: usize) -> Kind {
        match i % 20 {
            3 | 13 => Kind::Oversized,
            6 | 16 => Kind::Malformed,
            9 => Kind::EmptyText,
            19 => Kind::WrongType,
            _ => Kind::Valid,
        }
    }

    /// The status the server must answer.
    pub fn expected(self) -> u16 {
        match self {
            Kind::Valid => 200,
            Kind::Oversized => 413,
            Kind::Malformed => 400,
            Kind::EmptyText => 422,
            Kind::WrongType => 415,
        }
    }

    /// A short name for the report.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Valid => "valid",
            Kind::Oversized => "oversized",
            Kind::Malformed => "malformed",
            Kind::EmptyText => "empty text",
            Kind::WrongType => "wrong type",
        }
    }
}

/// Where requests go.
struct Target {
    host: String,
    port: u16,
    path: String,
}

impl Target {
    fn parse(url: &str) -> io::Result<Self> {
        let bad = |why: &str| io::Error::new(io::ErrorKind::InvalidInput, format!("{url}: {why}"));
        let uri: Uri = url.parse().map_err(|_| bad("not a URL"))?;
        if uri.scheme_str() != Some("http") {
            return Err(bad("only http:// URLs are supported"));
        }
        let host = uri.host().ok_or_else(|| bad("no host"))?.trim_matches(['[', ']']).to_owned();
        let path = match uri.path() {
            "" | "/" => "/api/analyze".to_owned(),
            p => p.to_owned(),
        };
        Ok(Self { host, port: uri.port_u16().unwrap_or(80), path })
    }
}

/// The bodies, built once.
struct Bodies {
    valid: Bytes,
    valid_threshold: Bytes,
    oversized: Bytes,
    malformed: Bytes,
    empty: Bytes,
}

impl Bodies {
    fn new(config: &LoadConfig) -> Self {
        let to_bytes = |v: serde_json::Value| Bytes::from(v.to_string());
        Self {
            valid: to_bytes(json!({ "text": config.text })),
            valid_threshold: to_bytes(json!({ "text": config.text, "threshold": 0.3 })),
            oversized: to_bytes(json!({ "text": "a ".repeat(config.oversize_bytes / 2) })),
            malformed: Bytes::from_static(b"{\"text\": \"unterminated, \"threshold\": }"),
            empty: to_bytes(json!({ "text": " \n\t " })),
        }
    }

    fn request(&self, i: usize, target: &Target) -> Request<Full<Bytes>> {
        let kind = Kind::of(i);
        let (body, content_type) = match kind {
            Kind::Valid if i.is_multiple_of(2) => (&self.valid, "application/json"),
            Kind::Valid => (&self.valid_threshold, "application/json"),
            Kind::Oversized => (&self.oversized, "application/json"),
            Kind::Malformed => (&self.malformed, "application/json"),
            Kind::EmptyText => (&self.empty, "application/json"),
            Kind::WrongType => (&self.valid, "text/plain"),
        };
        let mut request = Request::new(Full::new(body.clone()));
        *request.method_mut() = hyper::Method::POST;
        *request.uri_mut() = target.path.parse().unwrap_or_else(|_| Uri::from_static("/api/analyze"));
        let headers = request.headers_mut();
        if let Ok(host) = format!("{}:{}", target.host, target.port).parse() {
            headers.insert(hyper::header::HOST, host);
        }
        headers.insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static(content_type));
        request
    }
}

/// One answered (or failed) request.
struct Outcome {
    kind: Kind,
    status: Option<u16>,
    latency: Duration,
}

type Sender = SendRequest<Full<Bytes>>;

async fn connect(target: &Target) -> Result<Sender, Box<dyn Error + Send + Sync>> {
    let stream = TcpStream::connect((target.host.as_str(), target.port)).await?;
    stream.set_nodelay(true)?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        // Ends when the server closes the connection; the next send sees it.
        let _ = connection.await;
    });
    Ok(sender)
}

/// Sends on the open connection; when the server had closed it before the
/// request went out, sends again once on a new one.
async fn send(slot: &mut Option<Sender>, target: &Target, request: Request<Full<Bytes>>) -> Result<u16, Box<dyn Error + Send + Sync>> {
    let mut request = request;
    for _attempt in 0..2 {
        let mut sender = match slot.take() {
            Some(s) if !s.is_closed() => s,
            _ => connect(target).await?,
        };
        if sender.ready().await.is_err() {
            continue;
        }
        match sender.try_send_request(request).await {
            Ok(response) => {
                let status = response.status().as_u16();
                response.into_body().collect().await?;
                *slot = Some(sender);
                return Ok(status);
            }
            Err(mut e) => match e.take_message() {
                Some(unsent) => request = unsent,
                None => return Err(e.into_error().into()),
            },
        }
    }
    Err("the server closed every connection before the request was sent".into())
}

async fn worker(target: Arc<Target>, bodies: Arc<Bodies>, next: Arc<AtomicUsize>, total: usize, stop: Instant) -> Vec<Outcome> {
    let mut slot = None;
    let mut outcomes = Vec::new();
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= total || Instant::now() >= stop {
            return outcomes;
        }
        let request = bodies.request(i, &target);
        let started = Instant::now();
        let status = send(&mut slot, &target, request).await.ok();
        outcomes.push(Outcome { kind: Kind::of(i), status, latency: started.elapsed() });
    }
}

/// Resident and peak resident memory of `pid`, in KiB, from `/proc`.
fn memory_kib(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status.lines().find_map(|l| l.strip_prefix(name)?.trim().trim_end_matches("kB").trim().parse().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// Runs the load and reports; the runtime is single-threaded so that the
/// generator takes as little CPU from the server as it can.
pub fn run(config: &LoadConfig) -> io::Result<LoadReport> {
    let target = Arc::new(Target::parse(&config.url)?);
    let bodies = Arc::new(Bodies::new(config));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let before = config.server_pid.and_then(memory_kib);
    let sampled = Arc::new(AtomicU64::new(before.map_or(0, |m| m.0)));
    let started = Instant::now();
    let outcomes = runtime.block_on(async {
        let sampler = config.server_pid.map(|pid| {
            let sampled = Arc::clone(&sampled);
            tokio::spawn(async move {
                loop {
                    if let Some((rss, _)) = memory_kib(pid) {
                        sampled.fetch_max(rss, Ordering::Relaxed);
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
        });
        let next = Arc::new(AtomicUsize::new(0));
        let stop = Instant::now() + config.max_duration;
        let workers: Vec<_> = (0..config.concurrency.max(1))
            .map(|_| tokio::spawn(worker(Arc::clone(&target), Arc::clone(&bodies), Arc::clone(&next), config.requests, stop)))
            .collect();
        let mut all = Vec::with_capacity(config.requests);
        for w in workers {
            all.extend(w.await.unwrap_or_default());
        }
        if let Some(s) = sampler {
            s.abort();
        }
        all
    });
    let elapsed = started.elapsed();
    let after = config.server_pid.and_then(memory_kib);
    let memory = after.map(|(rss_after, peak)| Memory {
        rss_before_kib: before.map_or(0, |m| m.0),
        rss_after_kib: rss_after,
        sampled_peak_kib: sampled.load(Ordering::Relaxed).max(rss_after),
        peak_kib: peak,
    });
    let mut stats: BTreeMap<Kind, KindStats> = BTreeMap::new();
    for o in &outcomes {
        stats.entry(o.kind).or_insert_with(|| KindStats::new(o.kind)).add(o.status, o.latency);
    }
    Ok(LoadReport::new(config, elapsed, stats.into_values().collect(), memory))
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mix_has_every_kind_in_the_stated_shares() {
        let mut counts = BTreeMap::new();
        for i in 0..20 {
            *counts.entry(Kind::of(i)).or_insert(0) += 1;
        }
        assert_eq!(counts[&Kind::Valid], 14);
        assert_eq!(counts[&Kind::Oversized], 2);
        assert_eq!(counts.len(), Kind::ALL.len());
    }

    #[test]
    fn targets() {
        let t = Target::parse("http://127.0.0.1:8000").unwrap();
        assert_eq!((t.host.as_str(), t.port, t.path.as_str()), ("127.0.0.1", 8000, "/api/analyze"));
        let t = Target::parse("http://[::1]:9/api/analyze").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 9));
        assert!(Target::parse("https://example.invalid").is_err());
        assert!(Target::parse("not a url").is_err());
    }
}
