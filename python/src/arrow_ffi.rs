//! Arrow record batches in and out of Python through the Arrow `PyCapsule`
//! interface (`__arrow_c_array__`): the C data interface's structs travel
//! in two capsules, and the buffers are shared, never copied. pyarrow (14
//! and later), polars, nanoarrow and `DuckDB` all speak it.
//!
//! This is the one module of the package with `unsafe` code: reading the
//! capsules' pointers, as the interface's specification prescribes.
#![allow(unsafe_code)]

use std::ffi::CStr;
use std::sync::{Mutex, PoisonError};

use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi, to_ffi};
use arrow_array::{Array, RecordBatch, StructArray};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

const SCHEMA_NAME: &CStr = c"arrow_schema";
const ARRAY_NAME: &CStr = c"arrow_array";

/// Imports the record batch `obj` exports (a `pyarrow.RecordBatch`, or any
/// object with `__arrow_c_array__`). The batch's buffers stay owned by the
/// exporter and are released when the returned batch is dropped.
pub fn import_batch(obj: &Bound<'_, PyAny>) -> PyResult<RecordBatch> {
    if !obj.hasattr("__arrow_c_array__")? {
        return Err(PyTypeError::new_err(format!(
            "expected an Arrow record batch (an object with __arrow_c_array__, such as pyarrow.RecordBatch), got {}; \
             for a pyarrow.Table pass each of table.to_batches(), for pandas pyarrow.RecordBatch.from_pandas(df)",
            obj.get_type().name()?
        )));
    }
    let pair = obj.call_method0("__arrow_c_array__")?;
    let pair = pair.cast::<PyTuple>().map_err(|_| PyTypeError::new_err("__arrow_c_array__ did not return a tuple"))?;
    if pair.len() != 2 {
        return Err(PyTypeError::new_err("__arrow_c_array__ did not return (schema, array) capsules"));
    }
    let schema_capsule = pair.get_item(0)?;
    let array_capsule = pair.get_item(1)?;
    let schema_capsule = schema_capsule.cast::<PyCapsule>()?;
    let array_capsule = array_capsule.cast::<PyCapsule>()?;
    let schema_ptr = schema_capsule.pointer_checked(Some(SCHEMA_NAME))?.cast::<FFI_ArrowSchema>();
    let array_ptr = array_capsule.pointer_checked(Some(ARRAY_NAME))?.cast::<FFI_ArrowArray>();
    // SAFETY: the capsules are named as the interface requires, so they hold
    // an ArrowSchema and an ArrowArray. `from_raw` moves the array out and
    // marks the capsule's copy released, so the capsule's destructor does
    // not release it again; the schema is only borrowed while the capsule
    // (held in `pair`) is alive.
    let data = unsafe {
        let array = FFI_ArrowArray::from_raw(array_ptr.as_ptr());
        from_ffi(array, schema_ptr.as_ref())
    }
    .map_err(|e| PyValueError::new_err(format!("could not import the Arrow batch: {e}")))?;
    if !matches!(data.data_type(), arrow_schema::DataType::Struct(_)) {
        return Err(PyTypeError::new_err(format!(
            "expected a record batch (a struct array), got an Arrow array of {}",
            data.data_type()
        )));
    }
    let array = StructArray::from(data);
    if array.null_count() > 0 {
        return Err(PyValueError::new_err("the record batch has null rows at its top level"));
    }
    Ok(RecordBatch::from(array))
}

/// Hands `batch` to pyarrow without copying: `pyarrow.record_batch` reads
/// it through the capsule interface.
pub fn export_batch(py: Python<'_>, batch: RecordBatch) -> PyResult<Bound<'_, PyAny>> {
    let pyarrow = py.import("pyarrow").map_err(|e| {
        pyo3::exceptions::PyImportError::new_err(format!("analyze_arrow returns a pyarrow.RecordBatch: {e}"))
    })?;
    let data = StructArray::from(batch).into_data();
    let (array, schema) =
        to_ffi(&data).map_err(|e| PyValueError::new_err(format!("could not export the Arrow batch: {e}")))?;
    let export = ExportedBatch { capsules: Mutex::new(Some((schema, array))) };
    pyarrow.call_method1("record_batch", (Bound::new(py, export)?,))
}

/// A batch waiting to be read once through `__arrow_c_array__`.
#[pyclass(module = "slant._slant", name = "_ExportedBatch")]
struct ExportedBatch {
    // A pyclass must be `Sync`; the C structs are only `Send`.
    capsules: Mutex<Option<(FFI_ArrowSchema, FFI_ArrowArray)>>,
}

#[pymethods]
impl ExportedBatch {
    /// The schema and array capsules; the consumer moves the array out.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        // The schema is ours to choose; a consumer that wants another casts.
        let _ = requested_schema;
        let taken = self.capsules.lock().unwrap_or_else(PoisonError::into_inner).take();
        let (schema, array) = taken.ok_or_else(|| PyValueError::new_err("this Arrow batch was already read"))?;
        // Each capsule owns its struct; if the consumer never moves the
        // array out, dropping the struct calls its release callback.
        let schema = PyCapsule::new_with_value(py, schema, SCHEMA_NAME)?;
        let array = PyCapsule::new_with_value(py, array, ARRAY_NAME)?;
        PyTuple::new(py, [schema.into_any(), array.into_any()])
    }
}
