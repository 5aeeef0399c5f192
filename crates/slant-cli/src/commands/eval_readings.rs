//! `slant eval attribution|timex|actors`: the voices, time and actors
//! readings scored against their gold folders.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde::Serialize;
use slant_voices::score::{ArticleScoring, RoleScore, RoleScores};
use slant_voices::corpus::GoldArticle;
use slant_voices::{GoldAttribution, Voices};

use crate::args::ReadingScoreArgs;

fn print_json(value: &impl Serialize) -> Result<ExitCode> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(ExitCode::SUCCESS)
}

/// The attributions of the voices reading against a PolNeAR-style split
/// (`text/` and `attributions/` in brat standoff).
pub fn attribution(args: &ReadingScoreArgs) -> Result<ExitCode> {
    let loaded;
    let voices: &Voices = match &args.model {
        _ if args.pred.is_some() => Voices::embedded()?,
        Some(path) => {
            let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read the voices model", path.display()))?;
            loaded = Voices::from_bytes(&bytes).with_context(|| format!("{}: not a voices model", path.display()))?;
            &loaded
        }
        None => Voices::embedded()?,
    };
    let articles = slant_voices::corpus::read_split(&args.gold)
        .with_context(|| format!("{}: not a split folder with text/ and attributions/", args.gold.display()))?;
    let predicted: Vec<Vec<GoldAttribution>> = match &args.pred {
        Some(path) => read_predicted(path, &articles)?,
        None => articles.iter().map(|g| voices.attributions(&g.document).iter().map(GoldAttribution::from).collect()).collect(),
    };
    let scores = slant_voices::score::score(articles.iter().zip(&predicted).map(|(g, p)| ArticleScoring {
        text: g.document.text(),
        gold: &g.attributions,
        predicted: p,
    }));
    if args.json {
        return print_json(&scores);
    }
    println!("{} articles", scores.articles);
    println!("{:<8} {:<8} {:>7} {:>7} {:>7} {:>7} {:>7}", "match", "role", "gold", "found", "P", "R", "F1");
    for (name, roles) in [("exact", &scores.exact), ("overlap", &scores.overlap)] {
        for (role, r) in role_rows(roles) {
            println!(
                "{name:<8} {role:<8} {:>7} {:>7} {:>7.3} {:>7.3} {:>7.3}",
                r.gold, r.predicted, r.precision, r.recall, r.f1
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The attributions of `slant analyze`'s JSON or JSONL output, in the
/// order of the gold articles; an article without a record counts as one
/// without attributions, with a warning.
fn read_predicted(path: &Path, articles: &[GoldArticle]) -> Result<Vec<Vec<GoldAttribution>>> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read the predictions", path.display()))?;
    let text = std::str::from_utf8(&bytes).with_context(|| format!("{}: predictions are not UTF-8", path.display()))?;
    let records = slant_corpus::predictions::parse_json_articles(text.trim_start_matches('\u{feff}').trim_start(), path)?;
    let mut by_id: HashMap<String, Vec<GoldAttribution>> = HashMap::new();
    for r in records {
        let Some(attributions) = r.attributions else {
            anyhow::bail!("{}: the record of {} has no attributions (run analyze with the voices reading)", path.display(), r.id);
        };
        by_id.insert(r.id, attributions.iter().map(GoldAttribution::from).collect());
    }
    let mut missing = 0;
    let out = articles
        .iter()
        .map(|g| {
            by_id.remove(&g.id).unwrap_or_else(|| {
                missing += 1;
                Vec::new()
            })
        })
        .collect();
    if missing > 0 {
        eprintln!("slant: warning: {missing} gold article(s) have no record in {}; scored as without attributions", path.display());
    }
    if !by_id.is_empty() {
        eprintln!("slant: warning: {} record(s) of {} match no gold article and were ignored", by_id.len(), path.display());
    }
    Ok(out)
}

fn role_rows(r: &RoleScores) -> [(&'static str, &RoleScore); 3] {
    [("cue", &r.cue), ("source", &r.source), ("content", &r.content)]
}

/// The time expressions of the time reading against `TimeML` files, each
/// anchored to its document creation time.
pub fn timex(args: &ReadingScoreArgs) -> Result<ExitCode> {
    let docs = slant_time::read_timeml_dir(&args.gold)?;
    anyhow::ensure!(!docs.is_empty(), "{}: no TimeML (.tml) files in this folder", args.gold.display());
    let s = slant_time::evaluate(&docs);
    if args.json {
        return print_json(&s);
    }
    println!("{} documents, {} gold / {} found expressions", docs.len(), s.counts.gold, s.counts.system);
    println!("{:<10} {:>7} {:>7} {:>7}", "match", "P", "R", "F1");
    for (name, p) in [("strict", &s.strict), ("relaxed", &s.relaxed)] {
        println!("{name:<10} {:>7.3} {:>7.3} {:>7.3}", p.precision, p.recall, p.f1);
    }
    println!("type       accuracy {:.3} (F1 {:.3})", s.kind.accuracy, s.kind.f1);
    println!("value      accuracy {:.3} (F1 {:.3})", s.value.accuracy, s.value.f1);
    Ok(ExitCode::SUCCESS)
}

/// The actors reading against a gold folder of annotated texts
/// (`crates/slant-actors/gold/README.md` gives the format).
pub fn actors(args: &ReadingScoreArgs) -> Result<ExitCode> {
    let texts = slant_actors::gold::load_dir(&args.gold)?;
    anyhow::ensure!(!texts.is_empty(), "{}: no gold texts in this folder", args.gold.display());
    let s = slant_actors::eval::evaluate(&texts);
    if args.json {
        return print_json(&s);
    }
    println!("{} texts, {} gold / {} found mentions", s.texts, s.gold_mentions, s.predicted_mentions);
    println!("{:<10} {:>7} {:>7} {:>7}", "measure", "P", "R", "F1");
    for (name, p) in [("mentions", &s.mentions), ("B-cubed", &s.bcubed), ("acronyms", &s.acronyms)] {
        println!("{name:<10} {:>7.3} {:>7.3} {:>7.3}", p.precision, p.recall, p.f1);
    }
    println!("kinds      {} of {} right", s.kinds_right, s.kinds_scored);
    Ok(ExitCode::SUCCESS)
}
