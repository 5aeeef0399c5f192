//! API errors: every failure is a JSON body `{"error": code, "message": …}`
//! with a 4xx status for bad input and 503 when the server is saturated.
//! Internal failures are logged and answered with a generic 500.

use std::time::Duration;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Why a request failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum ApiError {
    /// The body is not declared as `application/json` (415).
    UnsupportedMediaType,
    /// The body is larger than the limit, in bytes (413).
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The body is not valid JSON (400).
    InvalidJson(String),
    /// The body arrived broken: the client went away mid-way (400).
    BodyRead,
    /// The JSON is well formed but not a valid request (422).
    InvalidInput {
        /// A stable code for programs.
        code: &'static str,
        /// What is wrong, for people.
        message: String,
    },
    /// The body did not arrive within the time limit (408).
    RequestTimeout,
    /// Every worker is busy and the queue is full (503).
    Busy,
    /// The analysis did not finish within the time limit (503).
    AnalysisTimeout(Duration),
    /// No such route (404).
    NotFound,
    /// The route exists, not with this method (405).
    MethodNotAllowed,
    /// A failure of the server itself (500); the detail is logged, not sent.
    Internal(String),
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    message: &'a str,
}

impl ApiError {
    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            Self::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the request as JSON, with Content-Type: application/json".into(),
            ),
            Self::PayloadTooLarge { limit } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("the request body is over the limit of {limit} bytes"),
            ),
            Self::InvalidJson(e) => (StatusCode::BAD_REQUEST, "invalid_json", format!("the body is not valid JSON: {e}")),
            Self::BodyRead => (StatusCode::BAD_REQUEST, "body_read", "the request body could not be read".into()),
            Self::InvalidInput { code, message } => (StatusCode::UNPROCESSABLE_ENTITY, code, message.clone()),
            Self::RequestTimeout => {
                (StatusCode::REQUEST_TIMEOUT, "request_timeout", "the request body arrived too slowly".into())
            }
            Self::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "the server is analysing as many articles as it can; try again shortly".into(),
            ),
            Self::AnalysisTimeout(limit) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "timeout",
                format!("the analysis did not finish within the limit of {} s", limit.as_secs_f32()),
            ),
            Self::NotFound => (StatusCode::NOT_FOUND, "not_found", "no such page or endpoint".into()),
            Self::MethodNotAllowed => {
                (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "this endpoint does not take that method".into())
            }
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal server error".into()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            tracing::error!(detail = %detail, "internal error");
        }
        let (status, code, message) = self.parts();
        let mut response = (status, Json(ErrorBody { error: code, message: &message })).into_response();
        if matches!(self, Self::Busy | Self::AnalysisTimeout(_)) {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

/// Answers requests to unknown routes.
pub(crate) async fn not_found() -> ApiError {
    ApiError::NotFound
}

/// Answers known routes called with the wrong method.
pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_detail_is_not_sent() {
        let (status, code, message) = ApiError::Internal("panic at src/secret.rs:12".into()).parts();
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(code, "internal");
        assert!(!message.contains("secret"));
    }
}
