//! One analysed article as the rows it becomes, prepared on the worker
//! threads so that the single writer only inserts.

use std::io::Write;

use serde::Serialize;
use sha2::{Digest, Sha256};
use slant_corpus::{ArticleRecord, ArticleMeta};
use slant_text::Voice;
use slant_voices::SourceKind;

use crate::source::SourceArticle;

/// The content hash of an article: SHA-256 of its text and of its metadata
/// as canonical JSON, in hex. An article whose hash and analysis are
/// already stored is not analysed again.
pub fn content_hash(text: &str, meta: &ArticleMeta) -> String {
    let mut h = Sha256::new();
    h.update(text.as_bytes());
    h.update([0]);
    // ArticleMeta serialises its fields in a fixed order and `extra` is a
    // BTreeMap, so this JSON is canonical.
    h.update(serde_json::to_vec(meta).unwrap_or_default());
    hex(&h.finalize())
}

/// Bytes in lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        use std::fmt::Write as _;
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The `articles` row and the rows of every result table of one article.
#[derive(Debug, Clone)]
pub struct PreparedArticle {
    pub(crate) key: String,
    pub(crate) origin: String,
    pub(crate) meta: ArticleMeta,
    pub(crate) extra: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) published_from: String,
    pub(crate) month: Option<String>,
    pub(crate) content_hash: String,
    pub(crate) chars: usize,
    pub(crate) words: usize,
    pub(crate) narration_spans: usize,
    pub(crate) vague_attributions: usize,
    pub(crate) quoted_words: usize,
    pub(crate) text: String,
    pub(crate) record: Vec<u8>,
    pub(crate) spans: Vec<SpanRow>,
    pub(crate) attributions: Vec<AttributionRow>,
    pub(crate) actors: Vec<ActorRow>,
    pub(crate) labels: Vec<LabelRow>,
    pub(crate) timexes: Vec<TimexRow>,
}

#[derive(Debug, Clone)]
pub(crate) struct SpanRow {
    pub start: usize,
    pub end: usize,
    pub technique: &'static str,
    pub score: f64,
    pub attribution: Option<usize>,
    pub text: String,
}

#[derive(Debug, Clone)]
pub(crate) struct AttributionRow {
    pub kind: String,
    pub score: f64,
    pub cue: Option<String>,
    pub source: Option<String>,
    pub source_kind: Option<String>,
    pub content: String,
    pub content_words: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct ActorRow {
    pub local_id: String,
    pub key: String,
    pub aliases: String,
    pub name: String,
    pub kind: String,
    pub mentions: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct LabelRow {
    pub actor: usize,
    pub label: String,
    pub count: usize,
    pub attribution: Option<usize>,
    pub techniques: String,
}

#[derive(Debug, Clone)]
pub(crate) struct TimexRow {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: String,
    pub value: String,
    pub resolved: bool,
}

/// The serde name of a unit enum value (`"person"`, `"DATE"`).
pub(crate) fn serde_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn attribution_of(voice: Option<Voice>) -> Option<usize> {
    match voice {
        Some(Voice::Attribution(i)) => Some(i),
        _ => None,
    }
}

impl PreparedArticle {
    /// The rows of `record`, the analysis of `article`.
    pub fn new(article: SourceArticle, record: &ArticleRecord, content_hash: String) -> Self {
        let SourceArticle { key, origin, text, meta } = article;
        let spans: Vec<SpanRow> = record
            .spans
            .iter()
            .map(|s| SpanRow {
                start: s.start,
                end: s.end,
                technique: s.technique.label(),
                score: f64::from(s.score),
                attribution: attribution_of(s.voice),
                text: s.text.clone(),
            })
            .collect();
        let attributions: Vec<AttributionRow> = record
            .attributions
            .iter()
            .flatten()
            .map(|a| {
                let content: Vec<&str> = a.content.iter().map(|c| c.text.as_str()).collect();
                AttributionRow {
                    kind: serde_name(&a.kind),
                    score: a.score,
                    cue: a.cue.as_ref().map(|c| c.text.clone()),
                    source: a.source.as_ref().map(|s| s.refers_to.as_ref().map_or(&s.text, |r| &r.text).clone()),
                    source_kind: a.source.as_ref().map(|s| serde_name(&s.kind)),
                    content_words: content.iter().map(|c| c.split_whitespace().count()).sum(),
                    content: content.join(" … "),
                }
            })
            .collect();
        let vague_attributions = record
            .attributions
            .iter()
            .flatten()
            .filter(|a| a.source.as_ref().is_some_and(|s| matches!(s.kind, SourceKind::Vague | SourceKind::Anonymous)))
            .count();
        let mut actors = Vec::new();
        let mut labels = Vec::new();
        for (i, actor) in record.actors.iter().flatten().enumerate() {
            let key = actor.key();
            actors.push(ActorRow {
                local_id: actor.id.clone(),
                key: key.name,
                aliases: serde_json::to_string(&key.aliases).unwrap_or_default(),
                name: actor.name.clone(),
                kind: serde_name(&actor.kind),
                mentions: actor.mentions.len(),
            });
            labels.extend(actor.labels.iter().map(|l| LabelRow {
                actor: i,
                label: l.text.to_lowercase(),
                count: l.count,
                attribution: attribution_of(Some(l.voice)),
                techniques: l.techniques.iter().map(|t| t.label()).collect::<Vec<_>>().join(","),
            }));
        }
        let timexes = record
            .timexes
            .iter()
            .flatten()
            .map(|t| TimexRow {
                start: t.start,
                end: t.end,
                text: t.text.clone(),
                kind: serde_name(&t.kind),
                value: t.value.clone(),
                resolved: t.resolved,
            })
            .collect();
        let (published, published_from) = if let Some(p) = &record.published {
            (p.date.map(|d| d.to_string()), serde_name(&p.from))
        } else {
            let date = meta.published_date().map(str::to_owned);
            let from = if date.is_some() { "metadata" } else { "none" };
            (date, from.to_owned())
        };
        let published = published.or_else(|| meta.published_date().map(str::to_owned));
        let month = published.as_deref().and_then(|d| d.get(..7)).map(str::to_owned);
        let extra = (!meta.extra.is_empty()).then(|| serde_json::to_string(&meta.extra).unwrap_or_default());
        let mut meta = meta;
        meta.extra.clear();
        if meta.title.is_none() {
            meta.title.clone_from(&record.title);
        }
        Self {
            key,
            origin,
            meta,
            extra,
            published,
            published_from,
            month,
            content_hash,
            chars: record.chars,
            words: record.words,
            narration_spans: spans.iter().filter(|s| s.attribution.is_none()).count(),
            vague_attributions,
            quoted_words: attributions.iter().map(|a| a.content_words).sum(),
            text,
            record: compress(&serde_json::to_vec(record).unwrap_or_default()),
            spans,
            attributions,
            actors,
            labels,
            timexes,
        }
    }
}

/// Deflate at the fastest level: records are written once and read rarely.
fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::DeflateEncoder::new(Vec::with_capacity(bytes.len() / 4), flate2::Compression::fast());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

/// The JSON of a stored record.
pub(crate) fn decompress(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::with_capacity(bytes.len() * 4);
    flate2::read::DeflateDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}
