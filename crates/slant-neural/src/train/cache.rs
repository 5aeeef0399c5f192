//! The encoder's output for a whole split, computed once and kept in a file
//! (f16 vectors), so training heads costs seconds per epoch instead of an
//! encoder pass.
//!
//! The file name carries a key over the model weights, the window settings,
//! the precision and every article's id and text: any change makes a new
//! file instead of reading stale vectors.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use half::f16;
use slant_text::hash::hash_bytes;
use slant_text::Document;

use slant_encoder::window::{TokenVectors, WindowConfig, encode_article};
use crate::{Error, Result};
use slant_encoder::{Encoder, WordPieceTokenizer};

const MAGIC: &[u8; 8] = b"SLNTENC1";

/// The cache key of encoding `docs` with `weights` (the model's bytes) under
/// `settings` (windows, precision: anything that changes the vectors).
pub fn key(weights: &[u8], settings: &str, docs: &[Document]) -> u64 {
    let mut h = hash_bytes(weights, 0x5eed);
    h = hash_bytes(settings.as_bytes(), h);
    for d in docs {
        h = hash_bytes(d.id().as_bytes(), h);
        h = hash_bytes(d.text().as_bytes(), h);
    }
    h
}

/// The cache file for `key` in `dir`.
pub fn path_for(dir: &Path, key: u64) -> PathBuf {
    dir.join(format!("encoded-{key:016x}.bin"))
}

/// Encodes every document, printing progress to stderr every `report`
/// articles (0: never).
pub fn encode_all(
    docs: &[Document],
    tokenizer: &WordPieceTokenizer,
    encoder: &dyn Encoder,
    windows: &WindowConfig,
    report: usize,
) -> Result<Vec<TokenVectors>> {
    let start = Instant::now();
    let mut out = Vec::with_capacity(docs.len());
    let mut pieces = 0;
    for (i, d) in docs.iter().enumerate() {
        let v = encode_article(tokenizer, encoder, d.text(), windows)?;
        pieces += v.len();
        out.push(v);
        if report > 0 && (i + 1) % report == 0 {
            let secs = start.elapsed().as_secs_f64();
            eprintln!("slant: encoded {}/{} articles, {pieces} pieces, {:.0} pieces/s", i + 1, docs.len(), pieces as f64 / secs);
        }
    }
    Ok(out)
}

/// Rounds every vector to what [`save`] stores (f16), so that a run which
/// encodes afresh trains on exactly what a later run reads back: without
/// it the first run of a recipe and its reruns differed (TC micro-F1 0.654
/// against 0.659 on the committed recipe's CV).
pub fn round_to_stored(vectors: &mut [TokenVectors]) {
    for x in vectors.iter_mut().flat_map(|v| v.vectors.iter_mut()) {
        *x = f16::from_f32(*x).to_f32();
    }
}

fn put_u32(w: &mut impl Write, v: usize) -> std::io::Result<()> {
    let v = u32::try_from(v).map_err(|_| std::io::Error::other("value over u32"))?;
    w.write_all(&v.to_le_bytes())
}

/// Writes the vectors of `docs` (same order) to `path`, via a temporary file.
pub fn save(path: &Path, docs: &[Document], vectors: &[TokenVectors]) -> Result<()> {
    let io = |reason| Error::Io { path: path.to_owned(), reason };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let tmp = path.with_extension("tmp");
    let file = std::fs::File::create(&tmp).map_err(io)?;
    let mut w = BufWriter::new(file);
    let mut write = || -> std::io::Result<()> {
        w.write_all(MAGIC)?;
        put_u32(&mut w, docs.len())?;
        for (d, v) in docs.iter().zip(vectors) {
            put_u32(&mut w, d.id().len())?;
            w.write_all(d.id().as_bytes())?;
            put_u32(&mut w, v.len())?;
            put_u32(&mut w, v.hidden_size)?;
            for (id, s) in v.ids.iter().zip(&v.spans) {
                put_u32(&mut w, *id as usize)?;
                put_u32(&mut w, s.start)?;
                put_u32(&mut w, s.end)?;
            }
            for x in &v.vectors {
                w.write_all(&f16::from_f32(*x).to_le_bytes())?;
            }
        }
        w.flush()
    };
    write().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// Reads what [`save`] wrote, checking it holds exactly `docs`, in order,
/// with every piece inside its article on character boundaries.
pub fn load(path: &Path, docs: &[Document]) -> Result<Vec<TokenVectors>> {
    let bad = |problem: String| Error::Cache { path: path.to_owned(), problem };
    let file = std::fs::File::open(path).map_err(|reason| Error::Io { path: path.to_owned(), reason })?;
    let mut r = BufReader::new(file);
    let u32_at = |r: &mut BufReader<std::fs::File>| -> Result<usize> {
        let mut b = [0u8; 4];
        r.read_exact(&mut b).map_err(|e| bad(format!("truncated: {e}")))?;
        Ok(u32::from_le_bytes(b) as usize)
    };
    let mut magic = [0u8; 8];
    r.read_exact(&mut magic).map_err(|e| bad(format!("truncated: {e}")))?;
    if &magic != MAGIC {
        return Err(bad("not an encoder cache".into()));
    }
    if u32_at(&mut r)? != docs.len() {
        return Err(bad("different number of articles".into()));
    }
    let mut out = Vec::with_capacity(docs.len());
    for d in docs {
        let id_len = u32_at(&mut r)?;
        let mut id = vec![0u8; id_len.min(4096)];
        r.read_exact(&mut id).map_err(|e| bad(format!("truncated: {e}")))?;
        if id != d.id().as_bytes() {
            return Err(bad(format!("article {} out of place", d.id())));
        }
        let (n, h) = (u32_at(&mut r)?, u32_at(&mut r)?);
        let (mut ids, mut spans) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for _ in 0..n {
            let (id, s, e) = (u32_at(&mut r)?, u32_at(&mut r)?, u32_at(&mut r)?);
            if s >= e || e > d.text().len() || !d.text().is_char_boundary(s) || !d.text().is_char_boundary(e) {
                return Err(bad(format!("article {}: piece {s}..{e} outside the text", d.id())));
            }
            ids.push(id as u32);
            spans.push(s..e);
        }
        let mut raw = vec![0u8; n * h * 2];
        r.read_exact(&mut raw).map_err(|e| bad(format!("truncated: {e}")))?;
        let vectors = raw.chunks_exact(2).map(|b| f16::from_le_bytes([b[0], b[1]]).to_f32()).collect();
        out.push(TokenVectors { hidden_size: h, vectors, ids, spans });
    }
    Ok(out)
}

/// Piece vectors of every document through `encoder`, read from the cache
/// in `cache_dir` when an identical run wrote one, else computed and written
/// there; either way rounded to f16, as the cache stores them.
///
/// # Errors
/// The encoder's weights cannot be read, encoding fails, or the cache
/// cannot be written.
pub fn encode_cached(encoder: &slant_encoder::TextEncoder, docs: &[Document], cache_dir: &Path) -> Result<Vec<TokenVectors>> {
    let weights = encoder.dir().weights();
    let bytes = std::fs::read(&weights).map_err(|reason| Error::Io { path: weights.clone(), reason })?;
    let settings = format!("{:?} {:?} layers {:?}", encoder.windows(), encoder.precision(), encoder.layers());
    let path = path_for(cache_dir, key(&bytes, &settings, docs));
    drop(bytes);
    if path.is_file() {
        match load(&path, docs) {
            Ok(v) => {
                eprintln!("slant: encoder outputs read from {}", path.display());
                return Ok(v);
            }
            Err(e) => eprintln!("slant: ignoring the encoder cache: {e}"),
        }
    }
    let mut vectors = encode_all(docs, encoder.tokenizer(), encoder.model(), encoder.windows(), 50)?;
    round_to_stored(&mut vectors);
    save(&path, docs, &vectors)?;
    eprintln!("slant: encoder outputs cached in {}", path.display());
    Ok(vectors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::single_range_in_vec_init, reason = "a list of piece spans that holds one")]
    fn round_trips_and_refuses_other_articles() {
        let docs = vec![
            Document::from_bytes("1", "Crooked “Bob” 🦊".as_bytes()).unwrap(),
            Document::from_bytes("2", b"Hello").unwrap(),
        ];
        let tv = |spans: Vec<std::ops::Range<usize>>| TokenVectors {
            hidden_size: 2,
            vectors: (0..spans.len() * 2).map(|i| i as f32 * 0.5).collect(),
            ids: (0..spans.len() as u32).collect(),
            spans,
        };
        let vectors = vec![tv(vec![0..7, 8..11, 11..14, 14..17, 18..22]), tv(vec![0..5])];
        let dir = std::env::temp_dir().join(format!("slant-cache-test-{}", std::process::id()));
        let path = path_for(&dir, key(b"w", "s", &docs));
        save(&path, &docs, &vectors).unwrap();
        assert_eq!(load(&path, &docs).unwrap(), vectors);
        let other = vec![docs[1].clone(), docs[0].clone()];
        assert!(matches!(load(&path, &other), Err(Error::Cache { .. })));
        assert_ne!(key(b"w", "s", &docs), key(b"w", "s", &other));
        assert_ne!(key(b"w", "s", &docs), key(b"w", "t", &docs));
        std::fs::write(&path, b"SLNTENC1\x02\x00").unwrap();
        assert!(matches!(load(&path, &docs), Err(Error::Cache { .. })));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn rounded_vectors_are_what_a_reload_gives() {
        let docs = vec![Document::from_bytes("1", b"Hello there").unwrap()];
        let mut vectors = vec![TokenVectors { hidden_size: 3, vectors: vec![0.1, -1.0 / 3.0, 1234.567, 1e-3, 2.0, -0.7], ids: vec![1, 2], spans: vec![0..5, 6..11] }];
        let dir = std::env::temp_dir().join(format!("slant-cache-round-{}", std::process::id()));
        let path = path_for(&dir, key(b"w", "s", &docs));
        save(&path, &docs, &vectors).unwrap();
        let reloaded = load(&path, &docs).unwrap();
        assert_ne!(reloaded, vectors, "f16 storage does change these values");
        round_to_stored(&mut vectors);
        assert_eq!(reloaded, vectors);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
