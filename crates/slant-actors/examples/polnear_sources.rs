//! How many `PolNeAR` attribution sources resolve to an actor of their article.
//!
//! `cargo run --release -p slant-actors --example polnear_sources -- [POLNEAR_SPLIT_DIR] [--misses]`
//! (default: `$SLANT_POLNEAR_DIR/dev`). Reads `text/*.txt` and, per article,
//! the alphabetically first `attributions/<article>*.ann` (brat standoff).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use slant_actors::{ActorIndex, Context, How, Match, read};
use slant_text::{Document, Span};

fn main() -> ExitCode {
    let misses = std::env::args().any(|a| a == "--misses");
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("SLANT_POLNEAR_DIR").map(|d| Path::new(&d).join("dev")));
    let Some(dir) = dir else {
        eprintln!("usage: polnear_sources SPLIT_DIR (or set SLANT_POLNEAR_DIR)");
        return ExitCode::from(2);
    };
    match run(&dir, misses) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(dir: &Path, misses: bool) -> Result<(), String> {
    let mut missed: BTreeMap<String, usize> = BTreeMap::new();
    let read_dir = |p: &Path| -> Result<Vec<PathBuf>, String> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(p)
            .map_err(|e| format!("{}: {e}", p.display()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        v.sort();
        Ok(v)
    };
    let texts = read_dir(&dir.join("text"))?;
    let anns = read_dir(&dir.join("attributions"))?;
    let (mut articles, mut sources, mut resolved) = (0usize, 0usize, 0usize);
    let mut by_match: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_how: BTreeMap<String, usize> = BTreeMap::new();
    for text_path in texts
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
    {
        let stem = text_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(ann) = anns.iter().find(|a| {
            a.file_stem().is_some_and(|s| {
                let s = s.to_string_lossy();
                s == stem || s.starts_with(&format!("{stem}_"))
            })
        }) else {
            continue;
        };
        let bytes =
            std::fs::read(text_path).map_err(|e| format!("{}: {e}", text_path.display()))?;
        let doc = Document::from_bytes(stem.clone(), &bytes)
            .map_err(|e| format!("{}: {e}", text_path.display()))?;
        let ann_text =
            std::fs::read_to_string(ann).map_err(|e| format!("{}: {e}", ann.display()))?;
        let spans = source_spans(&ann_text);
        let reading = read(&doc, &Context::default());
        let ix = ActorIndex::new(&reading.actors);
        articles += 1;
        for s in spans {
            sources += 1;
            if let Some(r) = ix.resolve(s) {
                resolved += 1;
                *by_match.entry(format!("{:?}", r.how)).or_default() += 1;
                let how = reading.actors[r.actor].mentions[r.mention].how;
                *by_how.entry(format!("{how:?}")).or_default() += 1;
                let _ = (Match::Exact, How::Name);
            } else if misses {
                let text = doc.slice(s).unwrap_or("").to_lowercase();
                let key = if text.split_whitespace().count() > 2 {
                    "(longer)".to_owned()
                } else {
                    text
                };
                *missed.entry(key).or_default() += 1;
            }
        }
    }
    println!(
        "{articles} articles, {sources} Source spans, {resolved} resolve to an actor ({:.1} %)",
        100.0 * resolved as f64 / sources.max(1) as f64
    );
    println!("by match: {by_match:?}");
    println!("by mention: {by_how:?}");
    if misses {
        let mut v: Vec<(String, usize)> = missed.into_iter().collect();
        v.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        println!("most common unresolved: {:?}", &v[..v.len().min(40)]);
    }
    Ok(())
}

/// The code-point spans of the `Source` lines of a brat file (a
/// discontinuous span is taken whole, from its first start to its last end).
fn source_spans(ann: &str) -> Vec<Span> {
    ann.lines()
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let (id, spec) = (cols.next()?, cols.next()?);
            if !id.starts_with('T') {
                return None;
            }
            let (kind, ranges) = spec.split_once(' ')?;
            if kind != "Source" {
                return None;
            }
            let nums: Vec<usize> = ranges
                .split([' ', ';'])
                .filter_map(|n| n.parse().ok())
                .collect();
            Some(Span::new(*nums.iter().min()?, *nums.iter().max()?))
        })
        .collect()
}
