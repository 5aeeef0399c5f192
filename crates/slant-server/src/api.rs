//! The JSON endpoints: `POST /api/analyze`, `GET /api/techniques`,
//! `GET /healthz`.

use std::time::Instant;

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use slant_corpus::AnalysisRecord;
use slant_analyzer::RunOptions;
use slant_corpus::ArticleMeta;
use slant_text::{Document, TextError};
use tokio::time::timeout_at;

use crate::body::{collect, declared_length, require_json};
use crate::error::ApiError;
use crate::state::AppState;

/// The article id in API answers.
pub const ARTICLE_ID: &str = "input";
/// Longest accepted title, in characters.
const MAX_TITLE_CHARS: usize = 1000;

/// The body of `POST /api/analyze`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyzeRequest {
    /// The article text.
    pub text: String,
    /// A title to show with the analysis.
    #[serde(default)]
    pub title: Option<String>,
    /// Minimum confidence of a reported span, in `[0, 1]`; the model's own
    /// threshold when absent.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Publication date (`YYYY-MM-DD`) that relative dates are resolved
    /// against; a dateline in the text otherwise.
    #[serde(default)]
    pub published: Option<String>,
}

/// A request checked and ready to analyse.
struct Checked {
    doc: Document,
    title: Option<String>,
    options: RunOptions,
}

impl AnalyzeRequest {
    fn check(self) -> Result<Checked, ApiError> {
        let invalid = |code, message: String| ApiError::InvalidInput { code, message };
        let threshold = match self.threshold {
            Some(t) if !(0.0..=1.0).contains(&t) => {
                return Err(invalid("invalid_threshold", format!("threshold must be between 0 and 1, got {t}")));
            }
            t => t.map(|t| t as f32),
        };
        let published = match self.published.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            None => None,
            Some(p) => Some(p.parse::<slant_time::Date>().map_err(|e| {
                invalid("invalid_published", format!("published must be a date YYYY-MM-DD: {e}"))
            })?),
        };
        let title = self.title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        if title.as_ref().is_some_and(|t| t.chars().count() > MAX_TITLE_CHARS) {
            return Err(invalid("invalid_title", format!("the title is over {MAX_TITLE_CHARS} characters")));
        }
        let doc = Document::from_text(ARTICLE_ID, self.text).map_err(|e| {
            let code = match e {
                TextError::Empty | TextError::Blank => "empty_text",
                _ => "invalid_text",
            };
            invalid(code, e.to_string())
        })?;
        Ok(Checked { doc, title, options: RunOptions { threshold, published } })
    }
}

fn parse(bytes: &[u8]) -> Result<AnalyzeRequest, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => ApiError::InvalidInput { code: "invalid_request", message: e.to_string() },
        _ => ApiError::InvalidJson(e.to_string()),
    })
}

/// `POST /api/analyze`: `{"text", "title"?, "threshold"?}` in; out, the
/// document `slant analyze --format json` writes, with one article.
pub(crate) async fn analyze(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    let config = state.config();
    let deadline = tokio::time::Instant::now() + config.request_timeout;
    require_json(&headers)?;
    let limit = config.max_body_bytes;
    if declared_length(&headers).is_some_and(|n| n > limit as u64) {
        // Nothing is kept, so this needs no place in the queue.
        let drained = timeout_at(deadline, collect(body, 0, config.drain_limit_bytes())).await;
        drop(drained);
        return Err(ApiError::PayloadTooLarge { limit });
    }
    let admitted = state.admit()?;
    let bytes = timeout_at(deadline, collect(body, limit, config.drain_limit_bytes()))
        .await
        .map_err(|_| ApiError::RequestTimeout)??;
    let Checked { doc, title, options } = parse(&bytes)?.check()?;
    drop(bytes);
    let analysis_timeout = ApiError::AnalysisTimeout(config.request_timeout);
    let worker = timeout_at(deadline, state.worker()).await.map_err(|_| analysis_timeout)??;
    let analyzer = state.analyzer();
    let task = tokio::task::spawn_blocking(move || {
        // Both places are held until the analysis ends, even when the
        // request has timed out, so the bound on running analyses holds.
        let _places = (admitted, worker);
        let started = Instant::now();
        let meta = ArticleMeta { title, ..ArticleMeta::default() };
        let record = analyzer.analyze_with(&doc, &meta, &options);
        let us = started.elapsed().as_micros();
        tracing::debug!(chars = record.chars, spans = record.spans.len(), us, "analysed");
        record
    });
    let record = timeout_at(deadline, task)
        .await
        .map_err(|_| ApiError::AnalysisTimeout(state.config().request_timeout))?
        .map_err(|e| ApiError::Internal(format!("analysis task failed: {e}")))?;
    let answer = AnalysisRecord {
        slant_version: env!("CARGO_PKG_VERSION").to_owned(),
        model: state.analyzer().model_info(),
        articles: vec![record],
    };
    Ok(Json(answer).into_response())
}

/// `GET /api/techniques`: the 14 techniques with definitions, examples and
/// how the page draws them.
pub(crate) async fn techniques() -> Response {
    Json(slant_report::technique_styles()).into_response()
}

/// `GET /healthz`: the server is up; which model and limits it has.
pub(crate) async fn healthz(State(state): State<AppState>) -> Response {
    let c = state.config();
    Json(json!({
        "status": "ok",
        "slant_version": env!("CARGO_PKG_VERSION"),
        "model": state.analyzer().model_info(),
        "readings": state.analyzer().readings().iter().map(|r| r.name()).collect::<Vec<_>>(),
        "limits": {
            "max_body_bytes": c.max_body_bytes,
            "request_timeout_ms": c.request_timeout.as_millis(),
            "max_concurrent": c.max_concurrent,
            "max_queued": c.max_queued,
        },
    }))
    .into_response()
}
