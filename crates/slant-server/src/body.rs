//! Reading a JSON request body within the limits: declared type, size and
//! time. Only bodies within the size limit are kept in memory; oversized ones
//! are read and thrown away (up to a cap) so that the client sees the 413.

use axum::body::Body;
use axum::http::{HeaderMap, header};
use http_body_util::BodyExt;

use crate::error::ApiError;

/// Refuses a body not declared as `application/json` (parameters such as
/// `charset=utf-8` are allowed).
pub(crate) fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let declared = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = declared.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") { Ok(()) } else { Err(ApiError::UnsupportedMediaType) }
}

/// The body length the client declared, if any.
pub(crate) fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

/// Reads the whole body, keeping at most `keep` bytes. A body longer than
/// `keep` is read on, unkept, up to `drain` bytes in all, and then refused
/// with 413 (a body past `drain` is refused at once).
pub(crate) async fn collect(mut body: Body, keep: usize, drain: usize) -> Result<Vec<u8>, ApiError> {
    let too_large = ApiError::PayloadTooLarge { limit: keep };
    let mut kept = Vec::new();
    let mut seen: usize = 0;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| ApiError::BodyRead)?;
        let Ok(data) = frame.into_data() else { continue };
        seen = seen.saturating_add(data.len());
        if seen > drain {
            return Err(too_large);
        }
        if seen <= keep {
            kept.extend_from_slice(&data);
        }
    }
    if seen > keep { Err(too_large) } else { Ok(kept) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[tokio::test]
    async fn collect_keeps_small_bodies_and_refuses_large_ones() {
        assert_eq!(collect(Body::from("hello"), 5, 10).await.unwrap(), b"hello");
        assert!(matches!(collect(Body::from("hello!"), 5, 10).await, Err(ApiError::PayloadTooLarge { limit: 5 })));
        assert!(matches!(collect(Body::from("x".repeat(11)), 5, 10).await, Err(ApiError::PayloadTooLarge { .. })));
    }

    #[test]
    fn content_types() {
        let mut h = HeaderMap::new();
        assert!(require_json(&h).is_err());
        for (value, ok) in [
            ("application/json", true),
            ("Application/JSON; charset=utf-8", true),
            ("text/plain", false),
            ("application/jsonp", false),
            ("multipart/form-data; boundary=x", false),
        ] {
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
            assert_eq!(require_json(&h).is_ok(), ok, "{value}");
        }
    }
}
