//! The web page and its assets, and the security headers sent with every
//! response.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use slant_report::html_assets::{PAGE_HTML, PAGE_SCRIPT, SCRIPT, stylesheet};

/// Only the page's own scripts, styles and API; no framing, no plug-ins.
/// Inline scripts and styles are refused, so article text that reached the
/// DOM as markup could still run nothing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const HTML: &str = "text/html; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], body).into_response()
}

/// `GET /`: the page.
pub(crate) async fn index() -> Response {
    asset(HTML, PAGE_HTML)
}

/// `GET /assets/slant.css`.
pub(crate) async fn css() -> Response {
    asset(CSS, stylesheet())
}

/// `GET /assets/slant.js`: the drawing code shared with the HTML report.
pub(crate) async fn script() -> Response {
    asset(JS, SCRIPT)
}

/// `GET /assets/page.js`: the form.
pub(crate) async fn page_script() -> Response {
    asset(JS, PAGE_SCRIPT)
}

/// Adds the security headers to every response; API answers are not cached.
pub(crate) async fn secure(request: Request, next: axum::middleware::Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed: [(HeaderName, &'static str); 7] = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (HeaderName::from_static("cross-origin-resource-policy"), "same-origin"),
        (HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()"),
    ];
    for (name, value) in fixed {
        // A page that brings its own policy (the corpus pages, an article
        // report with its hashed inline assets) keeps it.
        if name == header::CONTENT_SECURITY_POLICY && headers.contains_key(&name) {
            continue;
        }
        headers.insert(name, HeaderValue::from_static(value));
    }
    if is_api && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
