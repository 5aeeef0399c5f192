//! The keyword arguments every entry point shares (`model`, `threshold`,
//! `readings`, `published`), read into one [`Settings`], and the cache of
//! analyzers built from them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyString};
use slant_analyzer::{Analyzer, Reading, RunOptions};

/// The analyzers built so far, by model and readings.
type AnalyzerCache = HashMap<(String, Vec<Reading>), Arc<Analyzer>>;

/// What one call asked for, validated: the same checks and messages as
/// `slant analyze`'s flags.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The technique model: a name `slant models` lists, or a model file.
    pub model: String,
    /// The readings to run, in stage order.
    pub readings: Vec<Reading>,
    /// Threshold and publication date of this call.
    pub options: RunOptions,
}

impl Settings {
    /// Reads the shared keyword arguments.
    pub fn from_args(
        model: &str,
        threshold: Option<f64>,
        readings: Option<&Bound<'_, PyAny>>,
        published: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Ok(Self {
            model: model.to_owned(),
            readings: readings_arg(readings)?,
            options: RunOptions { threshold: threshold_arg(threshold)?, published: published_arg(published)? },
        })
    }

    /// The analyzer for these settings: built on first use, then shared by
    /// every later call with the same model and readings (the threshold and
    /// date are per call). Call it without the GIL: loading a model can
    /// take seconds, and the cache's lock must never wait on the GIL.
    pub fn analyzer(&self) -> PyResult<Arc<Analyzer>> {
        static CACHE: OnceLock<Mutex<AnalyzerCache>> = OnceLock::new();
        let cache = CACHE.get_or_init(Mutex::default);
        let key = (self.model.clone(), self.readings.clone());
        // A panic while building leaves nothing half-inserted; the map stays
        // usable.
        let mut map = cache.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = map.get(&key) {
            return Ok(Arc::clone(found));
        }
        let analyzer = Analyzer::builder()
            .model_name(&self.model)
            .map_err(|e| PyValueError::new_err(e.to_string()))?
            .readings(&self.readings)
            .build();
        let analyzer = Arc::new(analyzer);
        map.insert(key, Arc::clone(&analyzer));
        Ok(analyzer)
    }
}

/// `threshold=`: `None`, or a number in [0, 1] (the CLI's `--threshold`).
fn threshold_arg(threshold: Option<f64>) -> PyResult<Option<f32>> {
    match threshold {
        None => Ok(None),
        Some(t) if (0.0..=1.0).contains(&t) => Ok(Some(t as f32)),
        Some(t) => Err(PyValueError::new_err(format!("threshold must be between 0 and 1, got {t}"))),
    }
}

/// `readings=`: `None` (all), a comma-separated string (`"techniques,time"`,
/// `"all"`) as the CLI's `--readings`, or a sequence of names.
fn readings_arg(readings: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Reading>> {
    let Some(readings) = readings else { return Ok(Reading::ALL.to_vec()) };
    let list = if let Ok(s) = readings.cast::<PyString>() {
        s.to_cow()?.into_owned()
    } else {
        let names: Vec<String> = readings.extract().map_err(|_| {
            PyTypeError::new_err("readings must be a string such as \"techniques,time\" or a list of reading names")
        })?;
        names.join(",")
    };
    let parsed = Reading::parse_list(&list).map_err(|e| PyValueError::new_err(format!("readings: {e}")))?;
    if parsed.is_empty() {
        return Err(PyValueError::new_err(
            "readings: no reading named (one of techniques, voices, actors, time, or all)",
        ));
    }
    Ok(parsed)
}

/// `published=`: `None`, a `datetime.date`, or `YYYY-MM-DD` (the CLI's
/// `--published`).
fn published_arg(published: Option<&Bound<'_, PyAny>>) -> PyResult<Option<slant_time::Date>> {
    let Some(published) = published else { return Ok(None) };
    let text = if published.is_instance_of::<PyDate>() {
        // A datetime is a date too; its isoformat has the time after the day.
        let iso: String = published.call_method0("isoformat")?.extract()?;
        iso.chars().take(10).collect()
    } else if let Ok(s) = published.cast::<PyString>() {
        s.to_cow()?.into_owned()
    } else {
        return Err(PyTypeError::new_err(format!(
            "published must be a datetime.date or a 'YYYY-MM-DD' string, got {}",
            published.get_type().name()?
        )));
    };
    text.parse().map(Some).map_err(|e| PyValueError::new_err(format!("published: {e}")))
}
