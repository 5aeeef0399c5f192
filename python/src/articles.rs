//! The articles of an input record batch, read in place: `id` and `text`
//! columns, and the optional metadata columns `title`, `published`,
//! `outlet`, `url` and `language`. Nothing is copied until a row becomes a
//! [`Document`].

use arrow_array::cast::AsArray;
use arrow_array::temporal_conversions::{as_date, as_datetime};
use arrow_array::types::{
    Date32Type, Date64Type, Int32Type, Int64Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use pyo3::PyResult;
use pyo3::exceptions::{PyTypeError, PyValueError};
use slant_corpus::ArticleMeta;
use slant_text::{Document, DocumentLimits, TextError};

/// One article's text as the caller holds it.
#[derive(Debug, Clone, Copy)]
pub enum Text<'a> {
    /// A string (Python `str`, Arrow `utf8`).
    Str(&'a str),
    /// Raw bytes (Python `bytes`, Arrow `binary`), read as a file is.
    Bytes(&'a [u8]),
}

impl Text<'_> {
    /// The document, refused exactly as `slant analyze` refuses a file:
    /// same checks, same order, same messages.
    pub fn document(self, id: &str) -> Result<Document, TextError> {
        let bytes = match self {
            Text::Str(s) => s.as_bytes(),
            Text::Bytes(b) => b,
        };
        Document::from_bytes_with(id, bytes, DocumentLimits::default())
    }
}

/// A column of strings or bytes, of any of Arrow's layouts.
enum Strings<'a> {
    Utf8(&'a arrow_array::StringArray),
    LargeUtf8(&'a arrow_array::LargeStringArray),
    Utf8View(&'a arrow_array::StringViewArray),
    Binary(&'a arrow_array::BinaryArray),
    LargeBinary(&'a arrow_array::LargeBinaryArray),
    BinaryView(&'a arrow_array::BinaryViewArray),
}

impl<'a> Strings<'a> {
    fn new(array: &'a ArrayRef, binary_too: bool) -> Option<Self> {
        Some(match array.data_type() {
            DataType::Utf8 => Self::Utf8(array.as_string::<i32>()),
            DataType::LargeUtf8 => Self::LargeUtf8(array.as_string::<i64>()),
            DataType::Utf8View => Self::Utf8View(array.as_string_view()),
            DataType::Binary if binary_too => Self::Binary(array.as_binary::<i32>()),
            DataType::LargeBinary if binary_too => Self::LargeBinary(array.as_binary::<i64>()),
            DataType::BinaryView if binary_too => Self::BinaryView(array.as_binary_view()),
            _ => return None,
        })
    }

    /// Row `i`; `None` when null.
    fn get(&self, i: usize) -> Option<Text<'a>> {
        macro_rules! cell {
            ($a:expr, $variant:ident) => {
                if $a.is_null(i) { None } else { Some(Text::$variant($a.value(i))) }
            };
        }
        match self {
            Self::Utf8(a) => cell!(a, Str),
            Self::LargeUtf8(a) => cell!(a, Str),
            Self::Utf8View(a) => cell!(a, Str),
            Self::Binary(a) => cell!(a, Bytes),
            Self::LargeBinary(a) => cell!(a, Bytes),
            Self::BinaryView(a) => cell!(a, Bytes),
        }
    }

    fn string(&self, i: usize) -> Option<&'a str> {
        match self.get(i)? {
            Text::Str(s) => Some(s),
            Text::Bytes(_) => None,
        }
    }
}

/// The articles of one batch.
pub struct Articles<'a> {
    rows: usize,
    ids: &'a ArrayRef,
    texts: Strings<'a>,
    meta: Vec<(MetaField, Strings<'a>)>,
    published: Option<&'a ArrayRef>,
}

/// A metadata column that is a plain string.
#[derive(Clone, Copy)]
enum MetaField {
    Title,
    Outlet,
    Url,
    Language,
}

/// One row: its id, its text and what the other columns say of it.
pub struct Row<'a> {
    /// The id, as a string (`None` when null).
    pub id: Option<String>,
    /// The text (`None` when null).
    pub text: Option<Text<'a>>,
    /// Title, publication date, outlet, URL, language.
    pub meta: ArticleMeta,
}

impl<'a> Articles<'a> {
    /// Checks the batch's columns: `id` (strings or integers) and `text`
    /// (strings or bytes) must be there; the metadata columns are read when
    /// present, others are ignored.
    pub fn new(batch: &'a RecordBatch) -> PyResult<Self> {
        let column = |name: &str| batch.column_by_name(name);
        let ids = column("id").ok_or_else(|| missing(batch, "id"))?;
        if Strings::new(ids, false).is_none() && !is_integer(ids.data_type()) {
            return Err(wrong_type("id", ids.data_type(), "strings or integers"));
        }
        let texts = column("text").ok_or_else(|| missing(batch, "text"))?;
        let texts =
            Strings::new(texts, true).ok_or_else(|| wrong_type("text", texts.data_type(), "strings or bytes"))?;
        let mut meta = Vec::new();
        for (name, field) in [
            ("title", MetaField::Title),
            ("outlet", MetaField::Outlet),
            ("url", MetaField::Url),
            ("language", MetaField::Language),
        ] {
            if let Some(array) = column(name) {
                let strings =
                    Strings::new(array, false).ok_or_else(|| wrong_type(name, array.data_type(), "strings"))?;
                meta.push((field, strings));
            }
        }
        let published = column("published");
        if let Some(p) = published
            && !matches!(
                p.data_type(),
                DataType::Utf8
                    | DataType::LargeUtf8
                    | DataType::Utf8View
                    | DataType::Date32
                    | DataType::Date64
                    | DataType::Timestamp(..)
            )
        {
            return Err(wrong_type("published", p.data_type(), "'YYYY-MM-DD' strings, dates or timestamps"));
        }
        Ok(Self { rows: batch.num_rows(), ids, texts, meta, published })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> Row<'a> {
        let mut meta = ArticleMeta::default();
        for (field, strings) in &self.meta {
            let value = strings.string(i).map(str::to_owned);
            match field {
                MetaField::Title => meta.title = value,
                MetaField::Outlet => meta.outlet = value,
                MetaField::Url => meta.url = value,
                MetaField::Language => meta.language = value,
            }
        }
        meta.published = self.published.and_then(|p| published_at(p, i));
        Row { id: id_at(self.ids, i), text: self.texts.get(i), meta }
    }
}

fn is_integer(t: &DataType) -> bool {
    matches!(t, DataType::Int32 | DataType::Int64 | DataType::UInt32 | DataType::UInt64)
}

fn id_at(ids: &ArrayRef, i: usize) -> Option<String> {
    if ids.is_null(i) {
        return None;
    }
    if let Some(strings) = Strings::new(ids, false) {
        return strings.string(i).map(str::to_owned);
    }
    Some(match ids.data_type() {
        DataType::Int32 => ids.as_primitive::<Int32Type>().value(i).to_string(),
        DataType::Int64 => ids.as_primitive::<Int64Type>().value(i).to_string(),
        DataType::UInt32 => ids.as_primitive::<UInt32Type>().value(i).to_string(),
        DataType::UInt64 => ids.as_primitive::<UInt64Type>().value(i).to_string(),
        // Checked in `Articles::new`.
        _ => return None,
    })
}

/// The publication date of row `i` as text; the time reading takes its
/// `YYYY-MM-DD` part (timestamps are read in UTC).
fn published_at(array: &ArrayRef, i: usize) -> Option<String> {
    if array.is_null(i) {
        return None;
    }
    let date = match array.data_type() {
        DataType::Date32 => as_date::<Date32Type>(i64::from(array.as_primitive::<Date32Type>().value(i))),
        DataType::Date64 => as_date::<Date64Type>(array.as_primitive::<Date64Type>().value(i)),
        DataType::Timestamp(unit, _) => {
            let datetime = match unit {
                TimeUnit::Second => {
                    as_datetime::<TimestampSecondType>(array.as_primitive::<TimestampSecondType>().value(i))
                }
                TimeUnit::Millisecond => {
                    as_datetime::<TimestampMillisecondType>(array.as_primitive::<TimestampMillisecondType>().value(i))
                }
                TimeUnit::Microsecond => {
                    as_datetime::<TimestampMicrosecondType>(array.as_primitive::<TimestampMicrosecondType>().value(i))
                }
                TimeUnit::Nanosecond => {
                    as_datetime::<TimestampNanosecondType>(array.as_primitive::<TimestampNanosecondType>().value(i))
                }
            };
            datetime.map(|d| d.date())
        }
        _ => return Strings::new(array, false)?.string(i).map(str::to_owned),
    };
    date.map(|d| d.to_string())
}

fn missing(batch: &RecordBatch, name: &str) -> pyo3::PyErr {
    let names: Vec<&str> = batch.schema_ref().fields().iter().map(|f| f.name().as_str()).collect();
    PyValueError::new_err(format!("the batch has no `{name}` column (its columns: {})", names.join(", ")))
}

fn wrong_type(name: &str, found: &DataType, expected: &str) -> pyo3::PyErr {
    PyTypeError::new_err(format!("column `{name}` holds {found}; expected {expected}"))
}
