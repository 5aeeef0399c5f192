//! The corpus dashboard of `slant serve --db DB`: the dashboard at
//! `/corpus`, the articles behind a bar at `/corpus/articles?outlet=…&month=…
//! &technique=…&actor=…`, and one stored article's report at
//! `/corpus/article/{key}`. Pages are built on blocking threads from a
//! read-only connection opened per request; each carries its own
//! Content-Security-Policy (the dashboard's inline stylesheet, or the
//! article report's stylesheet and script, by hash).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use slant_store::dashboard::{self, ArticleQuery, Links};
use slant_store::{Store, StoreError};

use crate::error::ApiError;
use crate::state::AppState;

fn html(body: String, csp: &str) -> Response {
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], body).into_response();
    if let Ok(v) = HeaderValue::from_str(csp) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    response
}

/// Runs `f` on the corpus database on a blocking thread.
async fn with_store<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    let Some(path) = state.corpus_db() else { return Err(ApiError::NotFound) };
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || Store::open_read_only(&path).and_then(|s| f(&s)))
        .await
        .map_err(|e| ApiError::Internal(format!("corpus task: {e}")))?
        .map_err(|e| match e {
            StoreError::Invalid(message) => ApiError::InvalidInput { code: "invalid_query", message },
            other => ApiError::Internal(other.to_string()),
        })
}

/// `GET /corpus`: the dashboard, its bars linking to their articles.
pub(crate) async fn dashboard(State(state): State<AppState>) -> Result<Response, ApiError> {
    let page = with_store(&state, |s| dashboard::render(s, &slant_store::report::Filters::default(), Links::Served)).await?;
    Ok(html(page, dashboard::csp()))
}

/// `GET /corpus/articles`: the articles behind a bar.
pub(crate) async fn articles(
    State(state): State<AppState>,
    query: Result<Query<ArticleQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::InvalidInput { code: "invalid_query", message: e.body_text() })?;
    let page = with_store(&state, move |s| dashboard::article_list(s, &q)).await?;
    Ok(html(page, dashboard::csp()))
}

/// `GET /corpus/article/{key}`: one stored article's HTML report.
pub(crate) async fn article(State(state): State<AppState>, Path(key): Path<String>) -> Result<Response, ApiError> {
    let model = state.analyzer().model_info();
    let page = with_store(&state, move |s| dashboard::article_page(s, &key, &model)).await?;
    match page {
        Some(page) => Ok(html(page, slant_report::html_assets::report_csp())),
        None => Err(ApiError::NotFound),
    }
}
