use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use slant_corpus::labels::{read_labels, validate_labels};
use slant_corpus::predictions::read_predictions;
use slant_corpus::{Label, LabelOptions, Split};
use slant_eval::{score_si, score_tc, SiScore, TcScore};

use crate::args::ScoreArgs;

/// Gold labels and, when known, each article's length in code points.
type Gold = (Vec<Label>, Option<BTreeMap<String, usize>>);

/// Gold labels and, when known, the article lengths to check offsets against.
fn load_gold(args: &ScoreArgs, options: LabelOptions) -> Result<Gold> {
    if args.gold.is_dir() {
        let split = Split::open(&args.gold)?;
        if split.labels_path.is_none() {
            anyhow::bail!("{}: no labels.tsv in this folder", args.gold.display());
        }
        let lengths = split.lengths();
        return Ok((split.labels, Some(lengths)));
    }
    let gold = read_labels(&args.gold, options)?;
    let lengths = match &args.articles {
        Some(dir) => {
            let split = Split::open_with_labels(dir, None)?;
            let lengths = split.lengths();
            validate_labels(&gold, &lengths, &args.gold)?;
            Some(lengths)
        }
        None => None,
    };
    Ok((gold, lengths))
}

fn load_pred(path: &Path, options: LabelOptions, lengths: Option<&BTreeMap<String, usize>>) -> Result<Vec<Label>> {
    let pred = read_predictions(path, options)?;
    if let Some(lengths) = lengths {
        validate_labels(&pred, lengths, path)?;
    }
    Ok(pred)
}

pub fn si(args: &ScoreArgs) -> Result<ExitCode> {
    let (gold, lengths) = load_gold(args, LabelOptions::default())?;
    let pred = load_pred(&args.pred, LabelOptions::default(), lengths.as_ref())?;
    let score = score_si(&gold, &pred);
    if score.merged_predictions > 0 {
        eprintln!(
            "slant: warning: {} overlapping predicted span(s) were merged into others before scoring",
            score.merged_predictions
        );
    }
    if !score.articles_without_gold.is_empty() {
        eprintln!(
            "slant: warning: {} article(s) have predictions but no gold spans (counted against precision): {}",
            score.articles_without_gold.len(),
            score.articles_without_gold.join(", ")
        );
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &score)?;
        writeln!(out)?;
    } else {
        write_si_table(&mut out, &score)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn tc(args: &ScoreArgs) -> Result<ExitCode> {
    let (gold, lengths) = load_gold(args, LabelOptions::tc())?;
    let pred = load_pred(&args.pred, LabelOptions::tc(), lengths.as_ref())?;
    let score = score_tc(&gold, &pred).with_context(|| format!("scoring {}", args.pred.display()))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &score)?;
        writeln!(out)?;
    } else {
        write_tc_table(&mut out, &score)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn write_si_table(out: &mut dyn Write, s: &SiScore) -> std::io::Result<()> {
    writeln!(out, "SI  precision {:.6}  recall {:.6}  F1 {:.6}", s.precision, s.recall, s.f1)?;
    writeln!(
        out,
        "    predicted spans {} (P = {:.3}/{}), gold spans {} (R = {:.3}/{})",
        s.predicted_spans, s.precision_numerator, s.predicted_spans, s.gold_spans, s.recall_numerator, s.gold_spans
    )
}

pub fn write_tc_table(out: &mut dyn Write, s: &TcScore) -> std::io::Result<()> {
    writeln!(
        out,
        "TC  micro  precision {:.6}  recall {:.6}  F1 {:.6}   ({} of {} instances correct)",
        s.micro.precision, s.micro.recall, s.micro.f1, s.correct, s.instances
    )?;
    writeln!(out, "{:<36} {:>6} {:>6} {:>7} {:>7} {:>7} {:>7}", "technique", "gold", "pred", "correct", "P", "R", "F1")?;
    for r in &s.per_technique {
        writeln!(
            out,
            "{:<36} {:>6} {:>6} {:>7} {:>7.4} {:>7.4} {:>7.4}",
            r.technique.label(),
            r.gold,
            r.predicted,
            r.correct,
            r.prf.precision,
            r.prf.recall,
            r.prf.f1
        )?;
    }
    Ok(())
}
