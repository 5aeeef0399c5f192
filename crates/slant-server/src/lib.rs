//! The slant server: the JSON API, the web page, and a load generator.
//!
//! [`app`] builds the router and is separate from serving, so tests call it
//! without a socket. Routes:
//!
//! | route | what |
//! |---|---|
//! | `GET /` | the page: paste or open an article, Analyze, see the spans |
//! | `GET /assets/slant.css`, `/assets/slant.js`, `/assets/page.js` | its assets (shared with the HTML report) |
//! | `POST /api/analyze` | `{"text", "title"?, "threshold"?}` → the JSON `slant analyze` writes |
//! | `GET /api/techniques` | the techniques, with definitions and drawing styles |
//! | `GET /healthz` | up; model and limits |
//! | `GET /corpus`, `/corpus/articles`, `/corpus/article/{key}` | with `--db`: the corpus dashboard, the articles behind a bar, one article's report |
//!
//! Every error is JSON (`{"error": code, "message": …}`); every response
//! carries a strict Content-Security-Policy. Analyses run on blocking threads,
//! at most [`ServerConfig::max_concurrent`] at once.
//!
//! ```
//! use axum::body::Body;
//! use axum::http::{Request, StatusCode};
//! use tower::ServiceExt;
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let analyzer = slant_analyzer::Analyzer::builder().model_name("baseline").unwrap().build();
//! let state = slant_server::AppState::new(std::sync::Arc::new(analyzer), Default::default());
//! let request = Request::get("/healthz").body(Body::empty()).unwrap();
//! let response = slant_server::app(state).oneshot(request).await.unwrap();
//! assert_eq!(response.status(), StatusCode::OK);
//! # });
//! ```

mod api;
mod body;
mod config;
mod corpus;
mod error;
pub mod loadgen;
mod loadgen_report;
mod page;
mod serve;
mod state;

use axum::Router;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use api::{ARTICLE_ID, AnalyzeRequest};
pub use config::ServerConfig;
pub use error::ApiError;
pub use page::CONTENT_SECURITY_POLICY;
pub use serve::{run, serve, shutdown_signal};
pub use state::AppState;

/// The router: every route, with request logging, panic containment and the
/// security headers.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/assets/slant.css", get(page::css))
        .route("/assets/slant.js", get(page::script))
        .route("/assets/page.js", get(page::page_script))
        .route("/api/analyze", post(api::analyze))
        .route("/api/techniques", get(api::techniques))
        .route("/healthz", get(api::healthz))
        .route("/corpus", get(corpus::dashboard))
        .route("/corpus/articles", get(corpus::articles))
        .route("/corpus/article/{key}", get(corpus::article))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .with_state(state)
        .layer(CatchPanicLayer::custom(panicked))
        .layer(middleware::from_fn(page::secure))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
}

/// A handler panicked: logged by the layer, answered like any internal error.
fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let mut response = ApiError::Internal("a handler panicked".into()).into_response();
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response
}
