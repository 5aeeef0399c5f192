//! The queries behind a report. Articles are streamed in id order and folded
//! into one accumulator per group, so memory grows with the number of
//! groups, not of articles.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use rusqlite::types::Value;
use slant_text::Technique;

use super::{By, Filters, LabelCount, Report, Row};
use crate::report::stats::Ratio;
use crate::{Store, StoreError};

/// The voices of `--by source-kind`, in display order.
pub const VOICES: &[&str] = &["narration", "person", "organisation", "document", "vague", "anonymous", "pronoun", "unattributed"];

/// Builds the report of `store` grouped `by`, counting what `filters` keep.
///
/// # Errors
/// SQLite's, or an invalid filter.
pub fn report(store: &Store, by: By, filters: &Filters) -> Result<Report, StoreError> {
    filters.validate()?;
    let top = if filters.top_labels == 0 { 5 } else { filters.top_labels };
    let mut groups: BTreeMap<String, Acc> = BTreeMap::new();
    let mut total = Acc::default();
    if by == By::SourceKind {
        voice_units(store, filters, &mut groups, &mut total)?;
    } else {
        let actors = if by == By::Actor { Some(top_actors(store, filters)?) } else { None };
        article_units(store, by, filters, actors.as_ref(), &mut groups, &mut total)?;
    }
    let mut labels = top_labels(store, by, filters, top, false)?;
    let total_labels = top_labels(store, by, filters, top, true)?.remove("all").unwrap_or_default();
    let mut rows: Vec<Row> =
        groups.into_iter().map(|(g, acc)| acc.row(by, g.clone(), labels.remove(&g).unwrap_or_default())).collect();
    match by {
        By::Outlet | By::Technique => rows.sort_by(|a, b| b.rate.value.partial_cmp(&a.rate.value).unwrap_or(std::cmp::Ordering::Equal)),
        By::Month => {}
        By::SourceKind => rows.sort_by_key(|r| VOICES.iter().position(|v| *v == r.group).unwrap_or(VOICES.len())),
        By::Actor => rows.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.group.cmp(&b.group))),
    }
    let total_by = if by == By::Technique { By::Outlet } else { by };
    Ok(Report { by, filters: filters.clone(), rows, total: total.row(total_by, "all".into(), total_labels) })
}

/// One group's running sums.
#[derive(Debug, Clone, Default)]
struct Acc {
    articles: u64,
    words: u64,
    rate: Ratio,
    techniques: [Ratio; Technique::COUNT],
    narration: Ratio,
    vague: Ratio,
}

impl Acc {
    fn row(&self, by: By, group: String, top_labels: Vec<LabelCount>) -> Row {
        let techniques = Technique::ALL
            .iter()
            .zip(&self.techniques)
            .filter(|(_, r)| r.estimate(1.0, None).count > 0)
            .map(|(t, r)| (t.label().to_owned(), r.estimate(1000.0, None)))
            .collect();
        let per_voice = by == By::SourceKind;
        Row {
            group,
            articles: self.articles,
            words: self.words,
            rate: self.rate.estimate(1000.0, None),
            techniques: if by == By::Technique { BTreeMap::new() } else { techniques },
            narration: (!per_voice).then(|| self.narration.estimate(1.0, Some(1.0))),
            vague_sources: (!per_voice && by != By::Technique).then(|| self.vague.estimate(1.0, Some(1.0))),
            top_labels,
        }
    }
}

/// One article (or one voice of one article) and its span counts.
#[derive(Debug, Default)]
struct Unit {
    id: i64,
    outlet: String,
    month: String,
    words: u64,
    attributions: u64,
    vague: u64,
    actors: Vec<String>,
    /// Spans and narration spans per technique.
    spans: [(u64, u64); Technique::COUNT],
}

impl Unit {
    fn add_to(&self, acc: &mut Acc) {
        let spans: u64 = self.spans.iter().map(|s| s.0).sum();
        let narration: u64 = self.spans.iter().map(|s| s.1).sum();
        let w = self.words as f64;
        acc.articles += 1;
        acc.words += self.words;
        acc.rate.add(spans as f64, w);
        for (r, (n, _)) in acc.techniques.iter_mut().zip(&self.spans) {
            r.add(*n as f64, w);
        }
        acc.narration.add(narration as f64, spans as f64);
        acc.vague.add(self.vague as f64, self.attributions as f64);
    }

    fn add_technique(&self, t: Technique, acc: &mut Acc) {
        let (n, q) = self.spans[t.index()];
        acc.articles += 1;
        acc.words += self.words;
        acc.rate.add(n as f64, self.words as f64);
        acc.narration.add(q as f64, n as f64);
    }
}

/// `WHERE` conditions on `articles a` and their parameters.
fn article_filter(f: &Filters) -> (String, Vec<Value>) {
    let mut sql = String::from("1 = 1");
    let mut params = Vec::new();
    if !f.outlets.is_empty() {
        let _ = write!(sql, " AND coalesce(a.outlet, '(none)') IN ({})", vec!["?"; f.outlets.len()].join(", "));
        params.extend(f.outlets.iter().map(|o| Value::Text(o.clone())));
    }
    for (d, op) in [(&f.since, ">="), (&f.until, "<=")] {
        if let Some(d) = d {
            let _ = write!(sql, " AND a.published IS NOT NULL AND substr(a.published, 1, {}) {op} ?", d.len());
            params.push(Value::Text(d.clone()));
        }
    }
    if let Some(actor) = &f.actor {
        sql += " AND a.id IN (SELECT article FROM actors WHERE canon IN (SELECT canon FROM actors WHERE key = ?))";
        params.push(Value::Text(actor.clone()));
    }
    (sql, params)
}

/// ` AND s.technique IN (…)` and its parameters.
fn span_filter(f: &Filters) -> (String, Vec<Value>) {
    if f.techniques.is_empty() {
        return (String::new(), Vec::new());
    }
    let sql = format!(" AND s.technique IN ({})", vec!["?"; f.techniques.len()].join(", "));
    (sql, f.techniques.iter().map(|t| Value::Text(t.label().to_owned())).collect())
}

/// The actors in most articles (all when the limit is 0).
fn top_actors(store: &Store, f: &Filters) -> Result<Vec<String>, StoreError> {
    let (wsql, mut params) = article_filter(f);
    let limit = if f.limit == 0 { -1 } else { f.limit as i64 };
    let mut sql = format!(
        "SELECT ac.canon FROM actors ac JOIN articles a ON a.id = ac.article WHERE {wsql} AND ac.canon <> ''"
    );
    if let Some(actor) = &f.actor {
        sql += " AND ac.canon IN (SELECT canon FROM actors WHERE key = ?)";
        params.push(Value::Text(actor.clone()));
    }
    let _ = write!(sql, " GROUP BY ac.canon ORDER BY count(DISTINCT ac.article) DESC, ac.canon LIMIT {limit}");
    let conn = store.conn();
    let mut st = conn.prepare(&sql).map_err(store.sql_err())?;
    let keys = st
        .query_map(rusqlite::params_from_iter(params), |r| r.get::<_, String>(0))
        .and_then(Iterator::collect)
        .map_err(store.sql_err())?;
    Ok(keys)
}

fn article_units(
    store: &Store,
    by: By,
    f: &Filters,
    actors: Option<&Vec<String>>,
    groups: &mut BTreeMap<String, Acc>,
    total: &mut Acc,
) -> Result<(), StoreError> {
    let (ssql, mut params) = span_filter(f);
    let (wsql, wparams) = article_filter(f);
    params.extend(wparams);
    let actor_col = if by == By::Actor {
        "(SELECT group_concat(canon, char(31)) FROM (SELECT DISTINCT canon FROM actors WHERE article = a.id))"
    } else {
        "NULL"
    };
    let sql = format!(
        "SELECT a.id, coalesce(a.outlet, '(none)'), coalesce(a.month, '(undated)'), a.words, a.attributions,
                a.vague_attributions, {actor_col}, s.technique, count(s.idx), coalesce(sum(s.attribution IS NULL), 0)
         FROM articles a LEFT JOIN spans s ON s.article = a.id{ssql}
         WHERE {wsql}
         GROUP BY a.id, s.technique ORDER BY a.id"
    );
    let wanted: Option<std::collections::HashSet<&str>> = actors.map(|a| a.iter().map(String::as_str).collect());
    let techniques: Vec<Technique> = if f.techniques.is_empty() { Technique::ALL.to_vec() } else { f.techniques.clone() };
    let mut flush = |u: &Unit| {
        u.add_to(total);
        match by {
            By::Outlet => u.add_to(groups.entry(u.outlet.clone()).or_default()),
            By::Month => u.add_to(groups.entry(u.month.clone()).or_default()),
            By::Actor => {
                for k in &u.actors {
                    if wanted.as_ref().is_some_and(|w| w.contains(k.as_str())) {
                        u.add_to(groups.entry(k.clone()).or_default());
                    }
                }
            }
            By::Technique => {
                for t in &techniques {
                    u.add_technique(*t, groups.entry(t.label().to_owned()).or_default());
                }
            }
            By::SourceKind => {}
        }
    };
    let conn = store.conn();
    let mut st = conn.prepare(&sql).map_err(store.sql_err())?;
    let mut rows = st.query(rusqlite::params_from_iter(params)).map_err(store.sql_err())?;
    let mut unit: Option<Unit> = None;
    while let Some(r) = rows.next().map_err(store.sql_err())? {
        let id: i64 = r.get(0).map_err(store.sql_err())?;
        if unit.as_ref().is_some_and(|u| u.id != id) {
            flush(&unit.take().unwrap_or_default());
        }
        if unit.is_none() {
            let actors: Option<String> = r.get(6).map_err(store.sql_err())?;
            unit = Some(Unit {
                    id,
                    outlet: r.get(1).map_err(store.sql_err())?,
                    month: r.get(2).map_err(store.sql_err())?,
                    words: r.get(3).map_err(store.sql_err())?,
                    attributions: r.get(4).map_err(store.sql_err())?,
                    vague: r.get(5).map_err(store.sql_err())?,
                    actors: actors.map(|a| a.split('\u{1f}').map(str::to_owned).collect()).unwrap_or_default(),
                spans: [(0, 0); Technique::COUNT],
            });
        }
        let Some(u) = unit.as_mut() else { continue };
        let technique: Option<String> = r.get(7).map_err(store.sql_err())?;
        if let Some(t) = technique.as_deref().and_then(Technique::from_label) {
            u.spans[t.index()] = (r.get(8).map_err(store.sql_err())?, r.get(9).map_err(store.sql_err())?);
        }
    }
    if let Some(u) = unit {
        flush(&u);
    }
    Ok(())
}

/// `--by source-kind`: one unit per voice of each article, its words and
/// its spans.
fn voice_units(store: &Store, f: &Filters, groups: &mut BTreeMap<String, Acc>, total: &mut Acc) -> Result<(), StoreError> {
    let (wsql, wparams) = article_filter(f);
    let (ssql, sparams) = span_filter(f);
    let mut params = wparams;
    params.extend(sparams);
    let sql = format!(
        "WITH filtered AS (SELECT a.id, a.words, a.quoted_words FROM articles a WHERE {wsql}),
         voice_words AS (
             SELECT id AS article, 'narration' AS voice, max(words - quoted_words, 0) AS words FROM filtered
             UNION ALL
             SELECT t.article, coalesce(t.source_kind, 'unattributed'), sum(t.content_words)
             FROM attributions t JOIN filtered f ON f.id = t.article GROUP BY 1, 2),
         voice_spans AS (
             SELECT s.article,
                    CASE WHEN s.attribution IS NULL THEN 'narration' ELSE coalesce(t.source_kind, 'unattributed') END AS voice,
                    s.technique, count(*) AS n
             FROM spans s JOIN filtered f ON f.id = s.article
             LEFT JOIN attributions t ON t.article = s.article AND t.idx = s.attribution
             WHERE 1 = 1{ssql}
             GROUP BY 1, 2, 3)
         SELECT w.article, w.voice, w.words, s.technique, coalesce(s.n, 0)
         FROM voice_words w LEFT JOIN voice_spans s ON s.article = w.article AND s.voice = w.voice
         ORDER BY w.article, w.voice"
    );
    let conn = store.conn();
    let mut st = conn.prepare(&sql).map_err(store.sql_err())?;
    let mut rows = st.query(rusqlite::params_from_iter(params)).map_err(store.sql_err())?;
    let mut unit: Option<Unit> = None;
    let mut last_article = None;
    let mut flush = |u: &Unit, new_article: bool| {
        let acc = groups.entry(u.outlet.clone()).or_default();
        u.add_to(acc);
        let spans: u64 = u.spans.iter().map(|s| s.0).sum();
        total.words += u.words;
        total.rate.add(spans as f64, u.words as f64);
        if new_article {
            total.articles += 1;
        }
    };
    while let Some(r) = rows.next().map_err(store.sql_err())? {
        let id: i64 = r.get(0).map_err(store.sql_err())?;
        let voice: String = r.get(1).map_err(store.sql_err())?;
        if unit.as_ref().is_some_and(|u| u.id != id || u.outlet != voice) {
            let u = unit.take().unwrap_or_default();
            let new_article = last_article != Some(u.id);
            last_article = Some(u.id);
            flush(&u, new_article);
        }
        let u = unit.get_or_insert_with(|| Unit { id, outlet: voice, ..Unit::default() });
        u.words = r.get(2).map_err(store.sql_err())?;
        let technique: Option<String> = r.get(3).map_err(store.sql_err())?;
        if let Some(t) = technique.as_deref().and_then(Technique::from_label) {
            u.spans[t.index()].0 = r.get(4).map_err(store.sql_err())?;
        }
    }
    if let Some(u) = unit {
        let new_article = last_article != Some(u.id);
        flush(&u, new_article);
    }
    Ok(())
}

/// The most used labels per group (or over all, as group `all`).
fn top_labels(store: &Store, by: By, f: &Filters, n: usize, overall: bool) -> Result<HashMap<String, Vec<LabelCount>>, StoreError> {
    let (wsql, mut params) = article_filter(f);
    let actor_join = match &f.actor {
        Some(actor) if by != By::Technique => {
            params.push(Value::Text(actor.clone()));
            " AND ac.canon IN (SELECT canon FROM actors WHERE key = ?)"
        }
        _ => "",
    };
    let group = |g: &str| if overall { "'all'".to_owned() } else { g.to_owned() };
    let sql = match by {
        By::Technique => {
            let (ssql, sparams) = span_filter(f);
            params.extend(sparams);
            format!(
                "SELECT {}, lower(trim(s.text)), count(*) FROM spans s JOIN articles a ON a.id = s.article
                 WHERE {wsql}{ssql} AND length(s.text) <= 40 GROUP BY 1, 2",
                group("s.technique")
            )
        }
        By::SourceKind => format!(
            "SELECT {}, l.label, sum(l.count) FROM labels l JOIN articles a ON a.id = l.article
             JOIN actors ac ON ac.article = l.article AND ac.idx = l.actor{actor_join}
             LEFT JOIN attributions t ON t.article = l.article AND t.idx = l.attribution
             WHERE {wsql} GROUP BY 1, 2",
            group("CASE WHEN l.attribution IS NULL THEN 'narration' ELSE coalesce(t.source_kind, 'unattributed') END")
        ),
        By::Outlet | By::Month | By::Actor => {
            let g = match by {
                By::Outlet => "coalesce(a.outlet, '(none)')",
                By::Month => "coalesce(a.month, '(undated)')",
                _ => "ac.canon",
            };
            format!(
                "SELECT {}, l.label, sum(l.count) FROM labels l JOIN articles a ON a.id = l.article
                 JOIN actors ac ON ac.article = l.article AND ac.idx = l.actor{actor_join}
                 WHERE {wsql} GROUP BY 1, 2",
                group(g)
            )
        }
    };
    // The actor filter's parameter sits in the JOIN, before the WHERE.
    if !actor_join.is_empty() {
        let actor = params.pop().unwrap_or(Value::Null);
        params.insert(0, actor);
    }
    let conn = store.conn();
    let mut st = conn.prepare(&sql).map_err(store.sql_err())?;
    let mut rows = st.query(rusqlite::params_from_iter(params)).map_err(store.sql_err())?;
    let mut out: HashMap<String, Vec<LabelCount>> = HashMap::new();
    while let Some(r) = rows.next().map_err(store.sql_err())? {
        let g: String = r.get(0).map_err(store.sql_err())?;
        let list = out.entry(g).or_default();
        list.push(LabelCount { text: r.get(1).map_err(store.sql_err())?, count: r.get(2).map_err(store.sql_err())? });
        if list.len() >= n * 8 {
            keep_top(list, n);
        }
    }
    for list in out.values_mut() {
        keep_top(list, n);
    }
    Ok(out)
}

fn keep_top(list: &mut Vec<LabelCount>, n: usize) {
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    list.truncate(n);
}

/// Technique spans per voice (`narration`, or the source kind of the
/// attribution holding them) in one outlet's articles.
///
/// # Errors
/// SQLite's.
pub fn query_voices(store: &Store, f: &Filters, outlet: &str) -> Result<HashMap<String, u64>, StoreError> {
    let (wsql, mut params) = article_filter(f);
    let (ssql, sparams) = span_filter(f);
    params.push(Value::Text(outlet.to_owned()));
    params.extend(sparams);
    let sql = format!(
        "SELECT CASE WHEN s.attribution IS NULL THEN 'narration' ELSE coalesce(t.source_kind, 'unattributed') END, count(*)
         FROM spans s JOIN articles a ON a.id = s.article
         LEFT JOIN attributions t ON t.article = s.article AND t.idx = s.attribution
         WHERE {wsql} AND coalesce(a.outlet, '(none)') = ?{ssql} GROUP BY 1"
    );
    let conn = store.conn();
    let mut st = conn.prepare(&sql).map_err(store.sql_err())?;
    let out = st
        .query_map(rusqlite::params_from_iter(params), |r| Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?)))
        .and_then(Iterator::collect)
        .map_err(store.sql_err())?;
    Ok(out)
}
