//! Drill-down pages of `slant serve --db`: the articles behind a bar
//! (by outlet, month, technique, actor), and one article's report.

use std::fmt::Write as _;

use rusqlite::types::Value;
use slant_report::html_escape::html_escaped as esc;
use slant_text::{Document, Technique};

use super::head;
use crate::{Store, StoreError};

/// Articles listed per page.
pub const PAGE: usize = 100;

/// Which articles a list shows (every field optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleQuery {
    /// Articles of this outlet.
    pub outlet: Option<String>,
    /// Published in this month (`YYYY-MM`).
    pub month: Option<String>,
    /// Counting the spans of this technique (its label); articles without
    /// any are left out.
    pub technique: Option<String>,
    /// Mentioning this actor (normalised name).
    pub actor: Option<String>,
    /// Page number, from 0.
    pub page: Option<usize>,
}

/// `key=value&…`, percent-encoded.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
}

fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The page listing the articles `q` selects, most spans per 1,000 words
/// first, each linking to its report.
///
/// # Errors
/// SQLite's, or an unknown technique.
pub fn article_list(store: &Store, q: &ArticleQuery) -> Result<String, StoreError> {
    type Line = (String, Option<String>, Option<String>, Option<String>, u64, u64);
    let technique = q
        .technique
        .as_deref()
        .map(|t| Technique::from_label(t).ok_or_else(|| StoreError::Invalid(format!("unknown technique {t:?}"))))
        .transpose()?;
    let mut conds = vec!["1 = 1".to_owned()];
    let mut params: Vec<Value> = Vec::new();
    let span_count = match technique {
        Some(t) => {
            params.push(Value::Text(t.label().to_owned()));
            "(SELECT count(*) FROM spans s WHERE s.article = a.id AND s.technique = ?)".to_owned()
        }
        None => "a.spans".to_owned(),
    };
    if let Some(o) = &q.outlet {
        conds.push("coalesce(a.outlet, '(none)') = ?".into());
        params.push(Value::Text(o.clone()));
    }
    if let Some(m) = &q.month {
        conds.push("coalesce(a.month, '(undated)') = ?".into());
        params.push(Value::Text(m.clone()));
    }
    if let Some(actor) = &q.actor {
        conds.push("a.id IN (SELECT article FROM actors WHERE canon IN (SELECT canon FROM actors WHERE key = ?))".into());
        params.push(Value::Text(actor.clone()));
    }
    let page = q.page.unwrap_or(0);
    let sql = format!(
        "SELECT * FROM (SELECT a.key, a.title, a.outlet, a.published, a.words, {span_count} AS n FROM articles a WHERE {})
         WHERE n > 0 OR ?{} IS NULL
         ORDER BY n * 1000.0 / max(words, 1) DESC, key LIMIT {} OFFSET {}",
        conds.join(" AND "),
        params.len() + 1,
        PAGE + 1,
        page * PAGE
    );
    params.push(technique.map_or(Value::Null, |t| Value::Text(t.label().to_owned())));
    let conn = store.conn();
    let mut st = conn.prepare(&sql).map_err(store.sql_err())?;
    let rows: Vec<Line> = st
        .query_map(rusqlite::params_from_iter(params), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .and_then(Iterator::collect)
        .map_err(store.sql_err())?;
    let mut what = Vec::new();
    for (name, v) in [("outlet", &q.outlet), ("month", &q.month), ("actor", &q.actor)] {
        if let Some(v) = v {
            what.push(format!("{name} {}", esc(v)));
        }
    }
    if let Some(t) = technique {
        what.push(format!("technique {}", esc(t.name())));
    }
    let mut out = head("slant corpus: articles");
    let _ = write!(
        out,
        "<p><a href=\"/corpus\">← dashboard</a></p>\n<h1>Articles{}</h1>\n<p class=\"note\">Most {} per 1,000 words first.</p>\n\
         <table><thead><tr><th>title</th><th>outlet</th><th>published</th><th class=\"num\">words</th><th class=\"num\">spans</th><th class=\"num\">per 1k words</th></tr></thead><tbody>\n",
        if what.is_empty() { String::new() } else { format!(": {}", what.join(", ")) },
        technique.map_or("technique spans".to_owned(), |t| format!("{} spans", esc(t.name())))
    );
    for (key, title, outlet, published, words, n) in rows.iter().take(PAGE) {
        let _ = writeln!(
            out,
            "<tr><td><a href=\"/corpus/article/{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"num\">{words}</td><td class=\"num\">{n}</td><td class=\"num\">{:.1}</td></tr>",
            esc(&encode(key)),
            esc(title.as_deref().unwrap_or(key)),
            esc(outlet.as_deref().unwrap_or("")),
            esc(published.as_deref().unwrap_or("")),
            *n as f64 * 1000.0 / (*words).max(1) as f64
        );
    }
    out.push_str("</tbody></table>\n");
    if rows.is_empty() {
        out.push_str("<p>No article.</p>\n");
    }
    let base: Vec<(&str, &str)> = [("outlet", &q.outlet), ("month", &q.month), ("technique", &q.technique), ("actor", &q.actor)]
        .into_iter()
        .filter_map(|(k, v)| Some((k, v.as_deref()?)))
        .collect();
    let link = |p: usize| {
        let mut pairs = base.clone();
        let ps = p.to_string();
        pairs.push(("page", &ps));
        format!("/corpus/articles?{}", query_string(&pairs))
    };
    if page > 0 {
        let _ = write!(out, "<p><a href=\"{}\">← previous</a></p>", esc(&link(page - 1)));
    }
    if rows.len() > PAGE {
        let _ = write!(out, "<p><a href=\"{}\">next →</a></p>", esc(&link(page + 1)));
    }
    out.push_str("</main>\n</body>\n</html>\n");
    Ok(out)
}

/// The HTML report of one stored article (as `slant analyze --format html`
/// writes it), or `None` when no article has this key.
///
/// # Errors
/// SQLite's, or a stored record that does not decode.
pub fn article_page(store: &Store, key: &str, model: &slant_corpus::ModelInfo) -> Result<Option<String>, StoreError> {
    let Some((text, record)) = store.article(key)? else { return Ok(None) };
    let doc = Document::from_text(key, text)
        .map_err(|e| StoreError::Corrupt { path: store.path().to_owned(), key: key.to_owned(), message: e.to_string() })?;
    let mut out = Vec::new();
    let mut r = slant_report::renderer(slant_report::Format::Html);
    let io = |e: std::io::Error| StoreError::Io { path: store.path().to_owned(), source: e };
    r.begin(&mut out, model).map_err(io)?;
    r.article(&mut out, &doc, &record).map_err(io)?;
    r.finish(&mut out).map_err(io)?;
    Ok(Some(String::from_utf8_lossy(&out).into_owned()))
}
