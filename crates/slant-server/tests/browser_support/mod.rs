//! Starting and stopping what the browser test needs: the server on a free
//! loopback port, chromedriver, and a headless Chromium with a fresh profile
//! and no network chatter (this machine has no internet).

use std::net::{SocketAddr, TcpListener as StdListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use slant_corpus::{ArticleRecord, SpanRecord};
use slant_server::{AppState, ServerConfig};
use slant_text::{Document, Span, Technique};
use tokio::sync::oneshot;

pub mod corpus;
pub mod readings;

/// An article written to break out of every context the page puts text in.
pub const HOSTILE: &str = "The corrupt mayor’s “plan”: <script>window.__pwned='script'</script> is a disgrace!\n\
    <img src=x onerror=\"window.__pwned='img'\"> <a href=\"javascript:window.__pwned='link'\">read more</a>\n\
    </textarea><svg onload=\"window.__pwned='svg'\"></svg> <iframe src=\"javascript:parent.__pwned='frame'\"></iframe> \
    & <!-- 🦊 --> shameful, shameful lies";

/// The hostile article with overlapping, nested and newline-crossing spans,
/// and the (technique index, text, tag) of each, as drawn spans are read.
pub fn overlap_fixture() -> (Document, ArticleRecord, Vec<Value>) {
    let doc = Document::from_bytes("fixture", HOSTILE.as_bytes()).unwrap();
    let span = |needle: &str, technique: Technique, score: f32| {
        let at = doc.text().find(needle).unwrap();
        let chars = doc.char_span(at..at + needle.len()).unwrap();
        SpanRecord::new(&doc, chars, technique, score, vec![format!("cue <b>{needle}</b>")]).unwrap()
    };
    let spans = vec![
        span("disgrace", Technique::LoadedLanguage, 0.9),
        span("a disgrace!\n<img", Technique::NameCallingLabeling, 0.6),
        span("<script>window.__pwned='script'</script> is a dis", Technique::Doubt, 0.3),
        span("is a disgrace", Technique::ExaggerationMinimisation, 0.5),
        span("javascript:window.__pwned='link'", Technique::Slogans, 0.5),
        span("</textarea><svg", Technique::Repetition, 0.7),
        span("shameful, shameful lies", Technique::Repetition, 0.8),
        SpanRecord::new(&doc, Span::new(0, 3), Technique::FlagWaving, 0.2, vec![]).unwrap(),
    ];
    let mut expected: Vec<Value> = spans
        .iter()
        .map(|s| json!([s.technique.index(), s.text, slant_report::technique_style(s.technique).abbr]))
        .collect();
    expected.sort_by_key(Value::to_string);
    let record = ArticleRecord::new(&doc, Some("<b>Fixture</b> & “overlaps”".into()), spans);
    (doc, record, expected)
}

fn find(var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(var) {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| names.iter().map(move |n| dir.join(n))).find(|p| p.is_file())
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A child process killed when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The server, chromedriver and a browser session.
pub struct Browser {
    pub client: Client,
    /// The server's base URL.
    pub base: String,
    driver: Mutex<Option<Process>>,
    server: Mutex<Option<oneshot::Sender<()>>>,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts everything, or says why not and gives `None` (skip).
    pub async fn start() -> Option<Self> {
        Self::start_with(|state| state).await
    }

    /// Starts everything with the server's state as `state` makes it from
    /// the default one (to serve a corpus database), or gives `None` (skip).
    pub async fn start_with(state: impl FnOnce(AppState) -> AppState) -> Option<Self> {
        let chromium = find("SLANT_CHROMIUM", &["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]);
        let driver = find("SLANT_CHROMEDRIVER", &["chromedriver"]);
        let (Some(chromium), Some(driver)) = (chromium, driver) else {
            eprintln!(
                "skipped: the browser test needs Chromium and chromedriver (Debian: apt-get install chromium \
                 chromium-driver; or set SLANT_CHROMIUM and SLANT_CHROMEDRIVER)"
            );
            return None;
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let state = state(AppState::new(std::sync::Arc::new(slant_analyzer::Analyzer::builder().model_name("default").unwrap().build()), ServerConfig::default()));
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(slant_server::serve(listener, state, async move {
            let _ = stopped.await;
        }));

        let port = free_port();
        let child = Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", driver.display()));
        let driver_process = Process(child);
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1200,1400",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .chain([format!("--user-data-dir={}", profile.path().display())])
        .collect::<Vec<_>>();
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("goog:chromeOptions".into(), json!({ "binary": chromium, "args": args }));
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("starting {} through chromedriver: {e}", chromium.display()));
        Some(Self {
            client,
            base: format!("http://{addr}/"),
            driver: Mutex::new(Some(driver_process)),
            server: Mutex::new(Some(stop)),
            _profile: profile,
        })
    }

    /// Runs `script` (a function body; `arguments` are `args`) in the page.
    pub async fn eval(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute(script, args).await.unwrap_or_else(|e| panic!("{e}: {script}"))
    }

    /// Waits (up to 30 s) until the JavaScript expression `condition` holds.
    pub async fn wait_for(&self, condition: &str) {
        let script = format!("return Boolean({condition})");
        let started = Instant::now();
        while self.eval(&script, vec![]).await != json!(true) {
            assert!(started.elapsed() < Duration::from_secs(30), "timed out waiting for {condition}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Writes `bytes` under `target/tmp/` and says where.
    #[allow(clippy::unused_self)] // A method, so that checks read `b.save(…)`.
    pub fn save(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        std::fs::write(&path, bytes).unwrap();
        eprintln!("wrote {}", path.display());
        path
    }

    /// Closes the browser, chromedriver and the server.
    pub async fn stop(&self) {
        let _ = self.client.clone().close().await;
        drop(self.driver.lock().ok().and_then(|mut d| d.take()));
        if let Some(stop) = self.server.lock().ok().and_then(|mut s| s.take()) {
            let _ = stop.send(());
        }
    }
}
