//! Router tests without a socket: every endpoint and every error, through
//! `app().oneshot()`.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use slant_corpus::{AnalysisRecord, ArticleRecord, ModelInfo, SpanRecord};
use slant_model::{DetectOptions, Detector, RankedTechniques};
use slant_server::{AppState, CONTENT_SECURITY_POLICY, ServerConfig, app};
use slant_text::{Document, Span, Technique};
use tower::ServiceExt;

const EXAMPLE: &str = include_str!("../../../examples/harbour-tax.txt");

fn state() -> AppState {
    AppState::new(std::sync::Arc::new(slant_analyzer::Analyzer::builder().model_name("default").unwrap().build()), ServerConfig::default())
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// A JSON error with this status and code, without internal detail.
    fn assert_error(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "{}", String::from_utf8_lossy(&self.body));
        assert!(self.header("content-type").starts_with("application/json"));
        let body = self.json();
        assert_eq!(body["error"], code, "{body}");
        assert!(!body["message"].as_str().unwrap().is_empty());
        assert_secure(self);
    }
}

fn assert_secure(a: &Answer) {
    assert_eq!(a.header("content-security-policy"), CONTENT_SECURITY_POLICY);
    assert!(CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'"));
    assert!(CONTENT_SECURITY_POLICY.contains("script-src 'self'"));
    assert!(!CONTENT_SECURITY_POLICY.contains("unsafe"));
    assert_eq!(a.header("x-content-type-options"), "nosniff");
    assert_eq!(a.header("referrer-policy"), "no-referrer");
    assert_eq!(a.header("x-frame-options"), "DENY");
}

async fn call(state: AppState, request: Request<Body>) -> Answer {
    let response = app(state).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    Answer { status, headers, body }
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

fn post_json(body: impl Into<Body>) -> Request<Body> {
    Request::post("/api/analyze").header(header::CONTENT_TYPE, "application/json").body(body.into()).unwrap()
}

#[tokio::test]
async fn healthz_reports_model_and_limits() {
    let a = call(state(), get("/healthz")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_secure(&a);
    let body = a.json();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["model"]["kind"], "trained");
    assert_eq!(body["limits"]["max_body_bytes"], 1024 * 1024);
}

#[tokio::test]
async fn page_and_assets_are_served_with_their_types() {
    for (path, ty, needle) in [
        ("/", "text/html", "id=\"slant-form\""),
        ("/assets/slant.css", "text/css", ".t13{--c:"),
        ("/assets/slant.js", "text/javascript", "class View"),
        ("/assets/page.js", "text/javascript", "/api/analyze"),
    ] {
        let a = call(state(), get(path)).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert!(a.header("content-type").starts_with(ty), "{path}");
        assert!(String::from_utf8_lossy(&a.body).contains(needle), "{path}");
        assert_secure(&a);
    }
}

#[tokio::test]
async fn techniques_lists_all_fourteen_with_styles() {
    let a = call(state(), get("/api/techniques")).await;
    assert_eq!(a.status, StatusCode::OK);
    let rows = a.json();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), Technique::COUNT);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["index"], i);
        assert_eq!(row["label"], Technique::ALL[i].label());
        assert!(row["colour"].as_str().unwrap().starts_with('#'));
        assert!(!row["definition"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn analyze_answers_what_the_cli_writes() {
    let body = json!({ "text": EXAMPLE, "title": "  Harbour  ", "threshold": 0.2 }).to_string();
    let a = call(state(), post_json(body)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", String::from_utf8_lossy(&a.body));
    assert_secure(&a);
    assert_eq!(a.header("cache-control"), "no-store");
    let answer: AnalysisRecord = serde_json::from_slice(&a.body).unwrap();
    assert_eq!(answer.model.kind, "trained");
    let record = &answer.articles[0];
    assert_eq!(record.id, "input");
    assert_eq!(record.title.as_deref(), Some("Harbour"));
    // Exactly the record the CLI builds for the same text and threshold.
    let doc = Document::from_bytes("input", EXAMPLE.as_bytes()).unwrap();
    let analyzer = slant_analyzer::Analyzer::builder().model_name("default").unwrap().build();
    let meta = slant_corpus::ArticleMeta { title: Some("Harbour".into()), ..Default::default() };
    let options = slant_analyzer::RunOptions { threshold: Some(0.2), published: None };
    // Compared after the same JSON round trip, so floats print the same.
    let expected = analyzer.analyze_with(&doc, &meta, &options);
    let expected: ArticleRecord =
        serde_json::from_str(&serde_json::to_string(&expected).unwrap()).unwrap();
    assert_eq!(*record, expected);
    assert!(!record.spans.is_empty());
    for s in &record.spans {
        assert_eq!(doc.slice(s.span()), Some(s.text.as_str()));
    }
}

#[tokio::test]
async fn a_lower_threshold_finds_at_least_as_much() {
    let spans = |t: f64| async move {
        let a = call(state(), post_json(json!({ "text": EXAMPLE, "threshold": t }).to_string())).await;
        a.json()["articles"][0]["spans"].as_array().unwrap().len()
    };
    assert!(spans(0.05).await >= spans(0.9).await);
}

#[tokio::test]
async fn hostile_text_comes_back_as_data() {
    let text = "The corrupt <script>alert(1)</script> regime\u{2028}</textarea><img src=x onerror=alert(2)> 🦊";
    let a = call(state(), post_json(json!({ "text": text, "threshold": 0.0 }).to_string())).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.header("content-type").starts_with("application/json"));
    let record = &a.json()["articles"][0];
    assert_eq!(record["chars"], text.chars().count());
}

#[tokio::test]
async fn bad_input_gets_json_4xx() {
    let long_title = "t".repeat(1001);
    let cases: Vec<(Request<Body>, StatusCode, &str)> = vec![
        (post_json(r#"{"text": ""}"#), StatusCode::UNPROCESSABLE_ENTITY, "empty_text"),
        (post_json(r#"{"text": " \n\t "}"#), StatusCode::UNPROCESSABLE_ENTITY, "empty_text"),
        (post_json(r#"{"text": "nul \u0000 byte"}"#), StatusCode::UNPROCESSABLE_ENTITY, "invalid_text"),
        (post_json(r#"{"title": "no text"}"#), StatusCode::UNPROCESSABLE_ENTITY, "invalid_request"),
        (post_json(r#"{"text": 42}"#), StatusCode::UNPROCESSABLE_ENTITY, "invalid_request"),
        (post_json(r#"{"text": "a", "treshold": 0.5}"#), StatusCode::UNPROCESSABLE_ENTITY, "invalid_request"),
        (post_json(r#"{"text": "a", "threshold": -0.1}"#), StatusCode::UNPROCESSABLE_ENTITY, "invalid_threshold"),
        (post_json(r#"{"text": "a", "threshold": 1.5}"#), StatusCode::UNPROCESSABLE_ENTITY, "invalid_threshold"),
        (post_json(r#"{"text": "a", "threshold": 1e400}"#), StatusCode::BAD_REQUEST, "invalid_json"),
        (post_json(json!({"text": "a", "title": long_title}).to_string()), StatusCode::UNPROCESSABLE_ENTITY, "invalid_title"),
        (post_json(r#"{"text": "unterminated"#), StatusCode::BAD_REQUEST, "invalid_json"),
        (post_json("not json"), StatusCode::BAD_REQUEST, "invalid_json"),
        (post_json(""), StatusCode::BAD_REQUEST, "invalid_json"),
        (post_json(&b"{\"text\": \"\xff\xfe\"}"[..]), StatusCode::BAD_REQUEST, "invalid_json"),
        (
            Request::post("/api/analyze").header(header::CONTENT_TYPE, "text/plain").body(Body::from("{}")).unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (Request::post("/api/analyze").body(Body::from("{}")).unwrap(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
        (get("/api/analyze"), StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
        (Request::delete("/healthz").body(Body::empty()).unwrap(), StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
        (get("/nope"), StatusCode::NOT_FOUND, "not_found"),
        (get("/api/../etc/passwd"), StatusCode::NOT_FOUND, "not_found"),
    ];
    for (request, status, code) in cases {
        let what = format!("{} {}", request.method(), request.uri());
        let a = call(state(), request).await;
        eprintln!("{what} -> {} {}", a.status, String::from_utf8_lossy(&a.body));
        a.assert_error(status, code);
    }
}

fn small_body_state() -> AppState {
    let config = ServerConfig { max_body_bytes: 1000, ..ServerConfig::default() };
    AppState::new(std::sync::Arc::new(slant_analyzer::Analyzer::builder().model_name("baseline").unwrap().build()), config)
}

fn with_length(mut request: Request<Body>, length: usize) -> Request<Body> {
    request.headers_mut().insert(header::CONTENT_LENGTH, length.into());
    request
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let big = json!({ "text": "x ".repeat(1000) }).to_string();
    // Declared length over the limit: read and thrown away, then refused.
    let declared = with_length(post_json(big.clone()), big.len());
    call(small_body_state(), declared).await.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    // No declared length (as when chunked): refused once past the limit.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = big.as_bytes().chunks(100).map(|c| Ok(c.to_vec())).collect();
    let streamed = post_json(Body::from_stream(futures_util::stream::iter(chunks)));
    call(small_body_state(), streamed).await.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    // Far past the drain limit: refused without reading on.
    let huge = json!({ "text": "x".repeat(20_000) }).to_string();
    call(small_body_state(), post_json(huge)).await.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    // Just under the limit is fine.
    let fits = json!({ "text": "x ".repeat(400) }).to_string();
    let declared = with_length(post_json(fits.clone()), fits.len());
    assert_eq!(call(small_body_state(), declared).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_body_that_breaks_off_gets_400() {
    let broken = futures_util::stream::iter(vec![
        Ok(b"{\"text\": \"half".to_vec()),
        Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "client went away")),
    ]);
    call(state(), post_json(Body::from_stream(broken))).await.assert_error(StatusCode::BAD_REQUEST, "body_read");
}

#[tokio::test]
async fn a_body_that_never_ends_gets_408() {
    let config = ServerConfig { request_timeout: Duration::from_millis(200), ..ServerConfig::default() };
    let state = AppState::new(std::sync::Arc::new(slant_analyzer::Analyzer::builder().model_name("baseline").unwrap().build()), config);
    let stalled = futures_util::stream::pending::<Result<Vec<u8>, std::io::Error>>();
    call(state, post_json(Body::from_stream(stalled))).await.assert_error(StatusCode::REQUEST_TIMEOUT, "request_timeout");
}

/// A detector that takes its time, or panics, to test the bounds.
struct Slow {
    delay: Duration,
    panics: bool,
}

impl Detector for Slow {
    fn info(&self) -> ModelInfo {
        ModelInfo { name: "slow".into(), kind: "test".into(), description: "sleeps".into() }
    }

    fn detect(&self, doc: &Document, _: &DetectOptions) -> Vec<SpanRecord> {
        std::thread::sleep(self.delay);
        assert!(!self.panics, "detector failure with secret detail");
        SpanRecord::new(doc, Span::new(0, 1), Technique::Doubt, 0.5, vec![]).into_iter().collect()
    }

    fn classify(&self, _: &Document, spans: &[Span]) -> Vec<RankedTechniques> {
        vec![Vec::new(); spans.len()]
    }
}

fn slow_state(delay_ms: u64, panics: bool, config: ServerConfig) -> AppState {
    AppState::new(Arc::new(slant_analyzer::Analyzer::builder().detector(Arc::new(Slow { delay: Duration::from_millis(delay_ms), panics })).build()), config)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_workers_and_the_queue_requests_get_503() {
    let config = ServerConfig { max_concurrent: 1, max_queued: 1, ..ServerConfig::default() };
    let state = slow_state(400, false, config);
    let request = || post_json(r#"{"text": "words"}"#);
    let (a, b, c) = tokio::join!(
        call(state.clone(), request()),
        call(state.clone(), request()),
        call(state.clone(), request())
    );
    let mut statuses = [a.status, b.status, c.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::OK, StatusCode::SERVICE_UNAVAILABLE]);
    let busy = [a, b, c].into_iter().find(|x| x.status == StatusCode::SERVICE_UNAVAILABLE).unwrap();
    busy.assert_error(StatusCode::SERVICE_UNAVAILABLE, "busy");
    assert_eq!(busy.header("retry-after"), "1");
    // The places are given back: the next request is served.
    assert_eq!(call(state, request()).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_analysis_past_the_time_limit_gets_503() {
    let config = ServerConfig { request_timeout: Duration::from_millis(100), ..ServerConfig::default() };
    let a = call(slow_state(600, false, config), post_json(r#"{"text": "words"}"#)).await;
    a.assert_error(StatusCode::SERVICE_UNAVAILABLE, "timeout");
}

#[tokio::test]
async fn a_failing_analysis_gets_500_without_detail() {
    let a = call(slow_state(0, true, ServerConfig::default()), post_json(r#"{"text": "words"}"#)).await;
    a.assert_error(StatusCode::INTERNAL_SERVER_ERROR, "internal");
    assert!(!String::from_utf8_lossy(&a.body).contains("secret"));
}
