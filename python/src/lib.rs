//! `slant._slant`, the compiled half of the `slant` Python package: the one
//! [`slant_analyzer::Analyzer`] behind four functions. Every text is read
//! and refused as `slant analyze` reads and refuses a file, every record is
//! the JSON record `slant analyze --format jsonl` writes, and the analysis
//! runs without the GIL.
//!
//! The Python side (`python/slant/__init__.py`) re-exports these functions;
//! its stubs (`_slant.pyi`) and `python/README.md` document them for users.

mod arrow_ffi;
mod articles;
mod rows;
mod settings;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};
use rayon::prelude::*;
use slant_analyzer::Analyzer;
use slant_corpus::ArticleMeta;

use crate::articles::{Articles, Text};
use crate::rows::{RecordRows, SpanRows};
use crate::settings::Settings;

/// Analyse one article; returns its record as a dict.
///
/// `text` is a `str` (or `bytes`, read as `slant analyze` reads a file).
/// The dict is exactly the JSON article record `slant analyze --format
/// jsonl` writes: id, title, chars, words, spans (with voice), attributions,
/// sources, actors, published, timexes, timeline and summary.
///
/// `id` names the article in the record (default `"article"`); `title`
/// overrides the first-line title; `published` (a `datetime.date` or
/// `"YYYY-MM-DD"`) anchors relative dates as the CLI's `--published`;
/// `threshold` (0 to 1) is the minimum span confidence; `model` is any name
/// `slant models` lists or a model file; `readings` is `"all"` (default), a
/// comma-separated string or a list (`["techniques", "time"]`).
///
/// Raises `ValueError` with the CLI's message for a text it refuses (empty,
/// blank, binary, invalid UTF-8, over 16 MiB) or a bad option, `TypeError`
/// for a text that is not `str` or `bytes`.
#[pyfunction]
#[pyo3(signature = (text, *, id = None, title = None, published = None, threshold = None, model = "default", readings = None))]
#[allow(clippy::too_many_arguments)]
fn analyze<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    id: Option<&str>,
    title: Option<String>,
    published: Option<&Bound<'py, PyAny>>,
    threshold: Option<f64>,
    model: &str,
    readings: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let settings = Settings::from_args(model, threshold, readings, published)?;
    let text = text_of(text)?.map_err(PyTypeError::new_err)?;
    let id = id.unwrap_or("article");
    let meta = ArticleMeta { title, ..ArticleMeta::default() };
    let json = py.detach(|| -> PyResult<_> {
        let analyzer = settings.analyzer()?;
        Ok(record_json(&analyzer, &settings, id, text, &meta))
    })?;
    loads(py, &json.map_err(PyValueError::new_err)?)
}

/// Analyse many articles in parallel, without the GIL; returns their
/// records as dicts, in order.
///
/// `texts` is any iterable of `str` or `bytes` (a list, a pandas Series).
/// `ids` names them (default: their positions, `"0"`, `"1"`, …);
/// `threads` caps the worker threads (default: every core). With
/// `errors="raise"` (default) a text that is not `str`/`bytes` raises
/// `TypeError` and one the CLI refuses raises `ValueError`, both naming
/// the position (`texts[3]: the text is empty`), before anything is
/// returned; with `errors="none"` such an article's entry is `None`. The
/// other options are those of `analyze`.
#[pyfunction]
#[pyo3(signature = (texts, *, ids = None, threads = None, errors = "raise", published = None, threshold = None, model = "default", readings = None))]
#[allow(clippy::too_many_arguments)]
fn analyze_many<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    ids: Option<&Bound<'py, PyAny>>,
    threads: Option<usize>,
    errors: &str,
    published: Option<&Bound<'py, PyAny>>,
    threshold: Option<f64>,
    model: &str,
    readings: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let settings = Settings::from_args(model, threshold, readings, published)?;
    let raise = match errors {
        "raise" => true,
        "none" => false,
        other => return Err(PyValueError::new_err(format!("errors must be \"raise\" or \"none\", got {other:?}"))),
    };
    if texts.is_instance_of::<PyString>() || texts.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err("texts must be an iterable of texts; for one text call slant.analyze"));
    }
    let items: Vec<Bound<'py, PyAny>> = texts.try_iter()?.collect::<PyResult<_>>()?;
    let ids: Vec<String> = match ids {
        None => (0..items.len()).map(|i| i.to_string()).collect(),
        Some(ids) => {
            let ids: Vec<String> = ids.try_iter()?.map(|id| id?.str()?.extract::<String>()).collect::<PyResult<_>>()?;
            if ids.len() != items.len() {
                return Err(PyValueError::new_err(format!("{} ids for {} texts", ids.len(), items.len())));
            }
            ids
        }
    };
    let mut cells = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let cell = match text_of(item) {
            Ok(cell) => cell,
            // A str with lone surrogates has no UTF-8 form.
            Err(e) if !raise => Err(e.to_string()),
            Err(e) => return Err(e),
        };
        match cell {
            Err(e) if raise => return Err(PyTypeError::new_err(format!("texts[{i}]: {e}"))),
            cell => cells.push(cell),
        }
    }
    let meta = ArticleMeta::default();
    let results: Vec<Result<String, String>> = py.detach(|| -> PyResult<_> {
        let analyzer = settings.analyzer()?;
        in_pool(threads, || {
            cells
                .par_iter()
                .zip(&ids)
                .map(|(cell, id)| record_json(&analyzer, &settings, id, (*cell).clone()?, &meta))
                .collect()
        })
    })?;
    let out = PyList::empty(py);
    for (i, result) in results.into_iter().enumerate() {
        match result {
            Ok(json) => out.append(loads(py, &json)?)?,
            Err(e) if raise => return Err(PyValueError::new_err(format!("texts[{i}]: {e}"))),
            Err(_) => out.append(py.None())?,
        }
    }
    Ok(out)
}

/// Analyse a record batch of articles; returns one row per technique span
/// (or per article) as a `pyarrow.RecordBatch`.
///
/// In: any Arrow record batch (`pyarrow.RecordBatch`, or an object with
/// `__arrow_c_array__`) with an `id` column (strings or integers) and a
/// `text` column (strings or bytes), read in place, and optionally `title`,
/// `published` (strings, dates or timestamps), `outlet`, `url`, `language`.
///
/// Out, with `output="spans"` (default): columns `id, technique, start,
/// end, score, text, voice, attribution, source, source_kind, error`
/// (`slant.span_schema()`), offsets in code points, end exclusive; `voice`
/// is `"narration"` or `"attribution"`, and then `attribution` indexes the
/// article's attributions and `source` / `source_kind` say who speaks.
/// With `output="records"`: columns `id, record, error`, `record` the JSON
/// article record `analyze` returns (title, published date, timeline, …).
///
/// An article that cannot be analysed (a null id or text, a text the CLI
/// refuses) gives, with `errors="row"` (default), one row with its id, the
/// CLI's message in `error` and the other columns null, so a Spark job
/// goes on; with `errors="raise"` it raises `ValueError` naming the row.
/// `threads` caps the worker threads (default: every core); the other
/// options are those of `analyze` (`published` here overrides the column).
#[pyfunction]
#[pyo3(signature = (batch, *, output = "spans", threads = None, errors = "row", published = None, threshold = None, model = "default", readings = None))]
#[allow(clippy::too_many_arguments)]
fn analyze_arrow<'py>(
    py: Python<'py>,
    batch: &Bound<'py, PyAny>,
    output: &str,
    threads: Option<usize>,
    errors: &str,
    published: Option<&Bound<'py, PyAny>>,
    threshold: Option<f64>,
    model: &str,
    readings: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let settings = Settings::from_args(model, threshold, readings, published)?;
    let spans = match output {
        "spans" => true,
        "records" => false,
        other => return Err(PyValueError::new_err(format!("output must be \"spans\" or \"records\", got {other:?}"))),
    };
    let raise = match errors {
        "raise" => true,
        "row" => false,
        other => return Err(PyValueError::new_err(format!("errors must be \"row\" or \"raise\", got {other:?}"))),
    };
    let batch = arrow_ffi::import_batch(batch)?;
    let articles = Articles::new(&batch)?;
    let out = py.detach(|| -> PyResult<_> {
        let analyzer = settings.analyzer()?;
        let records: Vec<Result<_, String>> = in_pool(threads, || {
            (0..articles.len())
                .into_par_iter()
                .map(|i| {
                    let row = articles.row(i);
                    let id = row.id.ok_or("the id is null")?;
                    let text = row.text.ok_or("the text is null")?;
                    let doc = text.document(&id).map_err(|e| e.to_string())?;
                    Ok(analyzer.analyze_with(&doc, &row.meta, &settings.options))
                })
                .collect()
        })?;
        let mut span_rows = SpanRows::default();
        let mut record_rows = RecordRows::default();
        for (i, record) in records.iter().enumerate() {
            match record {
                Ok(record) if spans => span_rows.push_record(record),
                Ok(record) => record_rows.push_record(record),
                Err(e) => {
                    let id = articles.row(i).id;
                    if raise {
                        let id = id.as_deref().map_or_else(|| "null".to_owned(), |id| format!("{id:?}"));
                        return Err(PyValueError::new_err(format!("row {i} (id {id}): {e}")));
                    }
                    if spans {
                        span_rows.push_error(id.as_deref(), e);
                    } else {
                        record_rows.push_error(id.as_deref(), e);
                    }
                }
            }
        }
        Ok(if spans { span_rows.finish() } else { record_rows.finish() })
    })?;
    arrow_ffi::export_batch(py, out)
}

/// The 14 techniques, as `slant techniques --json` lists them: label,
/// code, name, definition, example, `ptc18_labels`, `semeval2023_labels`.
#[pyfunction]
fn techniques(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let rows: Vec<_> = slant_text::Technique::ALL
        .iter()
        .map(|t| {
            let i = t.info();
            serde_json::json!({
                "label": i.label, "code": i.code, "name": i.name,
                "definition": i.definition, "example": i.example,
                "ptc18_labels": i.ptc18_labels, "semeval2023_labels": i.semeval2023_labels,
            })
        })
        .collect();
    loads(py, &serde_json::Value::from(rows).to_string())
}

/// The models `model=` takes, as `slant models` lists them: name,
/// summary, whether it is ready here, and where it is or what is missing.
#[pyfunction]
fn models(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let rows: Vec<_> = slant_analyzer::models::catalogue()
        .into_iter()
        .map(|m| {
            let (ready, place) = match m.ready {
                Ok(place) => (true, place),
                Err(why) => (false, why),
            };
            serde_json::json!({"name": m.name, "summary": m.summary, "ready": ready,
                               if ready { "location" } else { "missing" }: place})
        })
        .collect();
    loads(py, &serde_json::Value::from(rows).to_string())
}

/// The text of a Python object, or why it is not one (a `TypeError`
/// message); an `Err` of the outer result is a Python error (a `str` with
/// lone surrogates).
fn text_of<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Result<Text<'a>, String>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Ok(Text::Str(s.to_str()?)));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Ok(Text::Bytes(b.as_bytes())));
    }
    Ok(Err(format!("expected str or bytes, got {}", obj.get_type().name()?)))
}

/// The JSON record of one article, or the CLI's message for a text it
/// refuses.
fn record_json(
    analyzer: &Analyzer,
    settings: &Settings,
    id: &str,
    text: Text<'_>,
    meta: &ArticleMeta,
) -> Result<String, String> {
    let doc = text.document(id).map_err(|e| e.to_string())?;
    let record = analyzer.analyze_with(&doc, meta, &settings.options);
    serde_json::to_string(&record).map_err(|e| e.to_string())
}

/// Runs `f` on a pool of `threads` workers (`None` or 0: one per core).
///
/// A pool per call, never rayon's global one: a process forked after a
/// call (`multiprocessing`'s default on Linux) inherits a global pool
/// whose threads are gone, and would wait on it forever.
fn in_pool<R: Send>(threads: Option<usize>, f: impl FnOnce() -> R + Send) -> PyResult<R> {
    let n = threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .map_err(|e| PyValueError::new_err(format!("threads={n}: {e}")))?;
    Ok(pool.install(f))
}

/// `json.loads(text)`: the record as Python objects, its numbers exactly
/// as the CLI prints them.
fn loads<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (json,))
}

/// The module.
#[pymodule]
fn _slant(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_many, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(techniques, m)?)?;
    m.add_function(wrap_pyfunction!(models, m)?)?;
    let columns: Vec<(&str, String)> =
        rows::SPAN_COLUMNS.iter().map(|(name, t)| (*name, t.to_string().to_lowercase())).collect();
    m.add("SPAN_COLUMNS", columns)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
