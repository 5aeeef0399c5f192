//! The corpus routes of `slant serve --db`, through `app().oneshot()`: the
//! dashboard, the articles behind a bar, one article's report, and errors.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use slant_server::{AppState, ServerConfig, app};
use slant_store::ingest::{IngestOptions, Quiet, ingest};
use slant_store::source::Sources;
use tower::ServiceExt;

fn analyzer() -> Arc<slant_analyzer::Analyzer> {
    Arc::new(slant_analyzer::Analyzer::builder().model_name("baseline").unwrap().build())
}

async fn get(state: AppState, uri: &str) -> (StatusCode, String, String) {
    let response = app(state).oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let csp = response.headers().get("content-security-policy").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, csp, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn dashboard_lists_and_reports_are_served_with_their_own_policies() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.jsonl");
    let lines: Vec<String> = (0..6)
        .map(|i| {
            serde_json::json!({"id": format!("k{i}"), "outlet": (["Gazette", "<i>Herald</i>"][i % 2]), "published": format!("2016-0{}-01", i % 3 + 1),
                "text": "The corrupt regime lied again. “It is a disgrace,” said Senator Maria Lopez. Critics called her a reckless ringleader."})
            .to_string()
        })
        .collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let db = dir.path().join("c.db");
    ingest(&db, Sources::new(&[input], None).unwrap(), &analyzer(), &Quiet, IngestOptions::default(), "t").unwrap();
    let state = AppState::new(analyzer(), ServerConfig::default()).with_corpus_db(db);

    let (status, csp, body) = get(state.clone(), "/corpus").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csp, slant_store::dashboard::csp());
    assert!(body.contains("<svg") && body.contains("href=\"/corpus/articles?outlet=Gazette\""));
    assert!(body.contains("&lt;i&gt;Herald&lt;/i&gt;") && !body.contains("<i>Herald"));

    let (status, _, body) = get(state.clone(), "/corpus/articles?outlet=%3Ci%3EHerald%3C%2Fi%3E").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("href=\"/corpus/article/k1\"") && !body.contains("k0\""), "{body}");
    let (status, _, body) = get(state.clone(), "/corpus/articles?technique=Loaded_Language&month=2016-01").await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, csp, body) = get(state.clone(), "/corpus/article/k0").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csp, slant_report::html_assets::report_csp());
    assert!(body.contains("The corrupt regime lied again."));

    assert_eq!(get(state.clone(), "/corpus/article/missing").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(state.clone(), "/corpus/articles?bogus=1").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(get(state.clone(), "/corpus/articles?technique=Nonsense").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, csp, _) = get(state, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csp, slant_server::CONTENT_SECURITY_POLICY, "other routes keep the server's policy");

    let plain = AppState::new(analyzer(), ServerConfig::default());
    assert_eq!(get(plain, "/corpus").await.0, StatusCode::NOT_FOUND);
}
