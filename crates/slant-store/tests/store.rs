//! The corpus store end to end on small made-up corpora: every input
//! format, bad records, resuming, reports, exports.

use std::path::{Path, PathBuf};

use slant_analyzer::{Analyzer, Reading};
use slant_store::ingest::{IngestOptions, IngestSummary, Observer, Quiet, ingest};
use slant_store::report::{By, Filters, report};
use slant_store::source::{MetadataTable, Problem, Sources};
use slant_store::{Store, dump, export};

const SENTENCES: &[&str] = &[
    "The corrupt regime lied again about the deal.",
    "“This is a disgrace and a betrayal of our nation,” said Senator Maria Lopez on Tuesday.",
    "Officials said the plan would cost $4 billion over ten years.",
    "According to a report by the Harbour Institute, the toll will strangle small businesses.",
    "Critics called the mayor a reckless ringleader of a shameful scheme.",
    "Experts say the evidence is thin.",
    "In 2015, the council voted against a similar measure.",
    "John Carter, the finance minister, told reporters the budget was balanced.",
    "Many believe this is the worst crisis in decades.",
    "The radical group has threatened our freedom and our flag.",
];

/// A deterministic article: `n` sentences starting at `seed`.
fn article(seed: usize, n: usize) -> String {
    let mut text = format!("Headline number {seed}\n\n");
    for i in 0..n {
        text.push_str(SENTENCES[(seed * 7 + i * 3) % SENTENCES.len()]);
        text.push(if i % 3 == 2 { '\n' } else { ' ' });
    }
    text
}

fn analyzer() -> Analyzer {
    Analyzer::builder().model_name("baseline").unwrap().readings(&Reading::ALL).build()
}

#[derive(Default)]
struct Collect(std::sync::Mutex<Vec<Problem>>);

impl Observer for Collect {
    fn progress(&self, _: u64, _: &IngestSummary) {}
    fn problem(&self, p: &Problem) {
        self.0.lock().unwrap().push(p.clone());
    }
}

fn jsonl_corpus(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("corpus.jsonl");
    let lines: Vec<String> = (0..n)
        .map(|i| {
            serde_json::json!({
                "id": format!("a{i}"),
                "text": article(i, 6 + i % 5),
                "outlet": (["Gazette", "Herald", "<b>Tribune</b>"][i % 3]),
                "published": format!("2016-{:02}-1{}", i % 12 + 1, i % 10),
                "section": "politics",
            })
            .to_string()
        })
        .collect();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

/// Asserts two dumps are equal, showing the first line that differs.
fn same(got: &str, expected: &str) {
    if let Some((g, e)) = got.lines().zip(expected.lines()).find(|(g, e)| g != e) {
        panic!("dumps differ:\n got {g}\nwant {e}");
    }
    assert_eq!(got.lines().count(), expected.lines().count());
}

fn dump_of(db: &Path) -> String {
    let store = Store::open_read_only(db).unwrap();
    let mut out = Vec::new();
    dump::dump(&store, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn bad_records_are_reported_by_line_and_good_ones_stored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonl");
    let big = "word ".repeat(4_200_000);
    let mut bytes = Vec::new();
    let good = |id: &str| serde_json::json!({"id": id, "text": article(id.len(), 5), "outlet": "Gazette"}).to_string();
    bytes.extend(good("g1").as_bytes());
    bytes.extend(b"\n{\"id\": \"broken\", \"text\": \"unterminated\n");
    bytes.extend(serde_json::json!({"id": "nt", "title": "no text"}).to_string().as_bytes());
    bytes.push(b'\n');
    bytes.extend(serde_json::json!({"id": "g1", "text": "Another text under the same id."}).to_string().as_bytes());
    bytes.push(b'\n');
    bytes.extend(serde_json::json!({"id": "big", "text": big}).to_string().as_bytes());
    bytes.push(b'\n');
    bytes.extend(serde_json::json!({"id": "date", "text": "A fine text.", "published": "11/03/2016"}).to_string().as_bytes());
    bytes.push(b'\n');
    bytes.extend(b"\x00\x01\xff\xfe binary junk \x89PNG\r\n");
    bytes.extend(serde_json::json!({"id": "ctl", "text": "nul \u{0} inside"}).to_string().as_bytes());
    bytes.push(b'\n');
    bytes.push(b'\n');
    bytes.extend(good("g2").as_bytes());
    bytes.push(b'\n');
    std::fs::write(&path, &bytes).unwrap();
    let db = dir.path().join("c.db");
    let seen = Collect::default();
    let summary = ingest(&db, Sources::new(&[path], None).unwrap(), &analyzer(), &seen, IngestOptions::default(), "t").unwrap();
    assert_eq!((summary.added, summary.failed), (2, 7), "{summary:?}");
    let problems = seen.0.into_inner().unwrap();
    let mut lines: Vec<(String, String)> =
        problems.iter().map(|p| (p.origin.rsplit(':').next().unwrap().to_owned(), p.message.clone())).collect();
    lines.sort();
    let expect = [
        ("2", "broken JSON"),
        ("3", "no `text`"),
        ("4", "duplicate id"),
        ("5", "MiB limit"),
        ("6", "unparseable date"),
        ("7", "not UTF-8"),
        ("8", "binary"),
    ];
    for (line, words) in expect {
        assert!(lines.iter().any(|(l, m)| l == line && m.contains(words)), "line {line}: {words} in {lines:?}");
    }
    let store = Store::open_read_only(&db).unwrap();
    assert_eq!(store.count().unwrap(), 2);
}

#[test]
fn batch_size_and_resuming_do_not_change_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let input = jsonl_corpus(dir.path(), 40);
    let whole = dir.path().join("whole.db");
    ingest(&whole, Sources::new(std::slice::from_ref(&input), None).unwrap(), &analyzer(), &Quiet, IngestOptions { batch: 256 }, "t").unwrap();
    let expected = dump_of(&whole);
    assert!(expected.contains("\"table\":\"spans\"") && expected.contains("\"table\":\"actors\""));
    // A run cut short (the first 13 lines of the same file), in batches of
    // 5, then the whole file in batches of 3.
    let full = std::fs::read_to_string(&input).unwrap();
    std::fs::write(&input, full.lines().take(13).collect::<Vec<_>>().join("\n")).unwrap();
    let resumed = dir.path().join("resumed.db");
    ingest(&resumed, Sources::new(std::slice::from_ref(&input), None).unwrap(), &analyzer(), &Quiet, IngestOptions { batch: 5 }, "t").unwrap();
    std::fs::write(&input, &full).unwrap();
    let s = ingest(&resumed, Sources::new(std::slice::from_ref(&input), None).unwrap(), &analyzer(), &Quiet, IngestOptions { batch: 3 }, "t")
        .unwrap();
    assert_eq!((s.added, s.unchanged), (27, 13));
    same(&dump_of(&resumed), &expected);
    // Once more: nothing to do.
    let s = ingest(&resumed, Sources::new(&[input], None).unwrap(), &analyzer(), &Quiet, IngestOptions::default(), "t").unwrap();
    assert_eq!((s.added, s.unchanged), (0, 40));
    same(&dump_of(&resumed), &expected);
}

#[test]
fn another_model_replaces_the_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let input = jsonl_corpus(dir.path(), 6);
    let db = dir.path().join("c.db");
    let techniques_only = Analyzer::builder().model_name("baseline").unwrap().readings(&[Reading::Techniques]).build();
    ingest(&db, Sources::new(std::slice::from_ref(&input), None).unwrap(), &techniques_only, &Quiet, IngestOptions::default(), "t").unwrap();
    let s = ingest(&db, Sources::new(&[input], None).unwrap(), &analyzer(), &Quiet, IngestOptions::default(), "t").unwrap();
    assert_eq!(s.replaced, 6);
    let store = Store::open_read_only(&db).unwrap();
    let actors: i64 = store.conn().query_row("SELECT count(*) FROM actors", [], |r| r.get(0)).unwrap();
    assert!(actors > 0);
}

#[test]
fn folders_csv_html_and_metadata_tables_are_read() {
    type Row = (String, Option<String>, Option<String>, Option<String>, Option<String>);
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("texts");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("gazette_2016-03-11_toll.txt"), article(1, 5)).unwrap();
    std::fs::write(folder.join("herald_2016-04-02_vote.txt"), article(2, 5)).unwrap();
    std::fs::write(
        folder.join("page.html"),
        "<html lang=\"en\"><head><title>The page</title><meta property=\"article:published_time\" content=\"2016-05-01\"></head>\
         <body><article><p>The corrupt regime lied again about the deal, critics said on a long and busy Tuesday afternoon.</p>\
         <p>Officials said the plan would cost $4 billion over ten years, and the council agreed to it.</p></article></body></html>",
    )
    .unwrap();
    let meta = dir.path().join("metadata.tsv");
    std::fs::write(
        &meta,
        "filename\tpublisher\tpublication_date\ttitle\tauthor\n\
         gazette_2016-03-11_toll\tgazette\t2016-03-11\tToll plan\tA. Writer\n\
         herald_2016-04-02_vote\therald\tNone\tThe vote\tNone\n",
    )
    .unwrap();
    let csv = dir.path().join("more.csv");
    std::fs::write(&csv, format!("id,text,outlet,published\nc1,\"{}\",tribune,2016-06-01T10:00:00Z\nc2,,tribune,\n", article(3, 4).replace('"', "\"\""))).unwrap();
    let table = MetadataTable::read(&meta).unwrap();
    assert_eq!(table.len(), 2);
    let db = dir.path().join("c.db");
    let seen = Collect::default();
    let s = ingest(&db, Sources::new(&[folder, csv], Some(table)).unwrap(), &analyzer(), &seen, IngestOptions::default(), "t").unwrap();
    assert_eq!(s.added, 4, "{:?}", seen.0.lock().unwrap());
    assert_eq!(s.failed, 1, "c2 has an empty text");
    let store = Store::open_read_only(&db).unwrap();
    let rows: Vec<Row> = store
        .conn()
        .prepare("SELECT key, outlet, published, title, extra FROM articles ORDER BY key")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows[0].0, "c1");
    assert_eq!(rows[0].2.as_deref(), Some("2016-06-01"));
    assert_eq!(rows[1], ("gazette_2016-03-11_toll".into(), Some("gazette".into()), Some("2016-03-11".into()), Some("Toll plan".into()), Some(r#"{"author":"A. Writer"}"#.into())));
    assert_eq!(rows[2].1.as_deref(), Some("herald"));
    assert_eq!(rows[3].0, "page");
    assert_eq!(rows[3].2.as_deref(), Some("2016-05-01"));
    assert_eq!(rows[3].3.as_deref(), Some("The page"));
}

#[test]
fn reports_count_and_bound_every_rate() {
    let dir = tempfile::tempdir().unwrap();
    let input = jsonl_corpus(dir.path(), 30);
    let db = dir.path().join("c.db");
    ingest(&db, Sources::new(&[input], None).unwrap(), &analyzer(), &Quiet, IngestOptions::default(), "t").unwrap();
    let store = Store::open_read_only(&db).unwrap();
    for by in [By::Outlet, By::Month, By::Technique, By::SourceKind, By::Actor] {
        let rep = report(&store, by, &Filters::default()).unwrap();
        assert!(!rep.rows.is_empty(), "{by:?}");
        for row in &rep.rows {
            if let (Some(v), Some(l), Some(h)) = (row.rate.value, row.rate.low, row.rate.high) {
                assert!(l <= v && v <= h, "{by:?} {row:?}");
            }
            if let Some(n) = &row.narration {
                assert!(n.value.is_none_or(|v| (0.0..=1.0).contains(&v)));
            }
        }
        let mut out = Vec::new();
        slant_store::report::render::table(&rep, &mut out).unwrap();
        slant_store::report::render::csv(&rep, &mut out).unwrap();
        slant_store::report::render::json(&rep, &mut out).unwrap();
    }
    let by_outlet = report(&store, By::Outlet, &Filters::default()).unwrap();
    assert_eq!(by_outlet.rows.len(), 3);
    assert_eq!(by_outlet.rows.iter().map(|r| r.articles).sum::<u64>(), 30);
    assert_eq!(by_outlet.total.articles, 30);
    let spans: i64 = store.conn().query_row("SELECT count(*) FROM spans", [], |r| r.get(0)).unwrap();
    assert_eq!(by_outlet.total.rate.count, spans as u64);
    let filtered = Filters { outlets: vec!["Gazette".into()], since: Some("2016-03".into()), until: Some("2016-06-15".into()), ..Filters::default() };
    let rep = report(&store, By::Month, &filtered).unwrap();
    assert!(rep.rows.iter().all(|r| ("2016-03".."2016-07").contains(&r.group.as_str())), "{:?}", rep.rows);
    assert!(report(&store, By::Month, &Filters { since: Some("March".into()), ..Filters::default() }).is_err());
    let voices = report(&store, By::SourceKind, &Filters::default()).unwrap();
    assert_eq!(voices.rows[0].group, "narration");
    assert_eq!(voices.rows.iter().map(|r| r.rate.count).sum::<u64>(), spans as u64);
}

#[test]
fn one_actor_across_articles_is_one_row() {
    let dir = tempfile::tempdir().unwrap();
    let long = "Senator Maria Lopez of the Harbour Party said on Tuesday that the toll is a disgrace. \
                Lopez told reporters the council had lied.";
    let short = "Lopez said the council had lied again. The toll is a disgrace, Lopez added.";
    let lines: Vec<String> = [long, short, long, short, long]
        .iter()
        .enumerate()
        .map(|(i, text)| serde_json::json!({"id": format!("p{i}"), "text": text, "outlet": "Gazette"}).to_string())
        .collect();
    let input = dir.path().join("people.jsonl");
    std::fs::write(&input, lines.join("\n")).unwrap();
    let db = dir.path().join("p.db");
    ingest(&db, Sources::new(&[input], None).unwrap(), &analyzer(), &Quiet, IngestOptions::default(), "t").unwrap();
    let store = Store::open_read_only(&db).unwrap();
    let keys: Vec<(String, String)> = store
        .conn()
        .prepare("SELECT DISTINCT key, canon FROM actors WHERE key LIKE '%lopez%' ORDER BY key")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(keys.len(), 2, "a full name and a surname-only key: {keys:?}");
    assert!(keys.iter().all(|(_, canon)| canon == &keys[1].0), "both join the full name: {keys:?}");
    let rep = report(&store, By::Actor, &Filters::default()).unwrap();
    let lopez: Vec<_> = rep.rows.iter().filter(|r| r.group.contains("lopez")).collect();
    assert_eq!(lopez.len(), 1, "{:?}", rep.rows);
    assert_eq!(lopez[0].articles, 5);
    let by_surname = Filters { actor: Some("lopez".into()), ..Filters::default() };
    assert_eq!(report(&store, By::Outlet, &by_surname).unwrap().total.articles, 5);
}

#[test]
fn the_dashboard_escapes_names_and_exports_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let input = jsonl_corpus(dir.path(), 12);
    let db = dir.path().join("c.db");
    ingest(&db, Sources::new(&[input], None).unwrap(), &analyzer(), &Quiet, IngestOptions::default(), "t").unwrap();
    let store = Store::open_read_only(&db).unwrap();
    let page = slant_store::dashboard::render(&store, &Filters::default(), slant_store::dashboard::Links::Served).unwrap();
    assert!(page.contains("&lt;b&gt;Tribune&lt;/b&gt;") && !page.contains("<b>Tribune"));
    assert!(page.contains("Content-Security-Policy") && !page.contains("<script"));
    assert!(page.contains("/corpus/articles?outlet=Gazette"));
    let list = slant_store::dashboard::article_list(&store, &slant_store::dashboard::ArticleQuery { outlet: Some("<b>Tribune</b>".into()), ..Default::default() }).unwrap();
    assert!(list.contains("/corpus/article/a2") && !list.contains("<b>Tribune"));
    for format in [export::ExportFormat::Parquet, export::ExportFormat::Jsonl, export::ExportFormat::Csv] {
        let out = dir.path().join(format!("{format:?}"));
        let files = export::export(&store, format, &out).unwrap();
        assert_eq!(files.len(), 6);
    }
    let file = std::fs::File::open(dir.path().join("Parquet/articles.parquet")).unwrap();
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file).unwrap().build().unwrap();
    let rows: usize = reader.map(|b| b.unwrap().num_rows()).sum();
    assert_eq!(rows, 12);
    let first = std::fs::read_to_string(dir.path().join("Jsonl/articles.jsonl")).unwrap();
    let v: serde_json::Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
    assert_eq!(v["key"], "a0");
    assert!(v["record"]["spans"].is_array());
    assert_eq!(v["extra"]["section"], "politics");
}
