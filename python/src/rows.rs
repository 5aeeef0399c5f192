//! The outputs of `analyze_arrow`: one row per technique span
//! ([`SpanRows`]) or one per article with its JSON record ([`RecordRows`]);
//! in both, an article that could not be analysed gives one row with its
//! `error` set and the other columns null.

use std::sync::Arc;

use arrow_array::builder::{Float32Builder, Int32Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use slant_corpus::ArticleRecord;
use slant_text::Voice;

/// The columns of [`SpanRows`], in order: the schema a Spark job declares
/// for `mapInArrow` (see `examples/spark/`).
pub const SPAN_COLUMNS: [(&str, DataType); 11] = [
    ("id", DataType::Utf8),
    ("technique", DataType::Utf8),
    ("start", DataType::Int64),
    ("end", DataType::Int64),
    ("score", DataType::Float32),
    ("text", DataType::Utf8),
    ("voice", DataType::Utf8),
    ("attribution", DataType::Int32),
    ("source", DataType::Utf8),
    ("source_kind", DataType::Utf8),
    ("error", DataType::Utf8),
];

/// Span rows being built.
#[derive(Default)]
pub struct SpanRows {
    id: StringBuilder,
    technique: StringBuilder,
    start: Int64Builder,
    end: Int64Builder,
    score: Float32Builder,
    text: StringBuilder,
    voice: StringBuilder,
    attribution: Int32Builder,
    source: StringBuilder,
    source_kind: StringBuilder,
    error: StringBuilder,
}

impl SpanRows {
    /// One row per span of `record`, in the record's order.
    pub fn push_record(&mut self, record: &ArticleRecord) {
        for span in &record.spans {
            self.id.append_value(&record.id);
            self.technique.append_value(span.technique.label());
            self.start.append_value(span.start as i64);
            self.end.append_value(span.end as i64);
            self.score.append_value(span.score);
            self.text.append_value(&span.text);
            let attribution = match span.voice {
                None => {
                    self.voice.append_null();
                    None
                }
                Some(Voice::Narration) => {
                    self.voice.append_value("narration");
                    None
                }
                Some(Voice::Attribution(i)) => {
                    self.voice.append_value("attribution");
                    Some(i)
                }
            };
            self.attribution.append_option(attribution.map(|i| i as i32));
            let source = attribution.and_then(|i| record.attributions.as_ref()?.get(i)).and_then(|a| a.source.as_ref());
            self.source.append_option(source.map(|s| s.text.as_str()));
            // The kind's name as the JSON record spells it.
            let kind = source.and_then(|s| serde_json::to_value(s.kind).ok());
            self.source_kind.append_option(kind.as_ref().and_then(serde_json::Value::as_str));
            self.error.append_null();
        }
    }

    /// A row saying why article `id` could not be analysed.
    pub fn push_error(&mut self, id: Option<&str>, message: &str) {
        self.id.append_option(id);
        self.technique.append_null();
        self.start.append_null();
        self.end.append_null();
        self.score.append_null();
        self.text.append_null();
        self.voice.append_null();
        self.attribution.append_null();
        self.source.append_null();
        self.source_kind.append_null();
        self.error.append_value(message);
    }

    /// The batch.
    pub fn finish(mut self) -> RecordBatch {
        let fields: Vec<Field> = SPAN_COLUMNS.iter().map(|(name, t)| Field::new(*name, t.clone(), true)).collect();
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.technique.finish()),
            Arc::new(self.start.finish()),
            Arc::new(self.end.finish()),
            Arc::new(self.score.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.voice.finish()),
            Arc::new(self.attribution.finish()),
            Arc::new(self.source.finish()),
            Arc::new(self.source_kind.finish()),
            Arc::new(self.error.finish()),
        ];
        // Invariant: every push appends to every builder, so the columns
        // have one length, and their types are those of COLUMNS.
        RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).expect("span rows are consistent")
    }
}

/// The columns of [`RecordRows`], in order.
pub const RECORD_COLUMNS: [(&str, DataType); 3] =
    [("id", DataType::Utf8), ("record", DataType::Utf8), ("error", DataType::Utf8)];

/// Article rows being built: the id and the JSON article record
/// `slant analyze --format jsonl` writes.
#[derive(Default)]
pub struct RecordRows {
    id: StringBuilder,
    record: StringBuilder,
    error: StringBuilder,
}

impl RecordRows {
    /// The row of `record`.
    pub fn push_record(&mut self, record: &ArticleRecord) {
        self.id.append_value(&record.id);
        match serde_json::to_string(record) {
            Ok(json) => {
                self.record.append_value(json);
                self.error.append_null();
            }
            Err(e) => {
                self.record.append_null();
                self.error.append_value(e.to_string());
            }
        }
    }

    /// A row saying why article `id` could not be analysed.
    pub fn push_error(&mut self, id: Option<&str>, message: &str) {
        self.id.append_option(id);
        self.record.append_null();
        self.error.append_value(message);
    }

    /// The batch.
    pub fn finish(mut self) -> RecordBatch {
        let fields: Vec<Field> = RECORD_COLUMNS.iter().map(|(name, t)| Field::new(*name, t.clone(), true)).collect();
        let columns: Vec<ArrayRef> =
            vec![Arc::new(self.id.finish()), Arc::new(self.record.finish()), Arc::new(self.error.finish())];
        // Invariant: every push appends to every builder.
        RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).expect("record rows are consistent")
    }
}
