use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Result};
use slant_corpus::Split;
use slant_model::cross_validation::{cross_validate, cross_validate_tc};

use super::eval::{write_si_table, write_tc_table};
use crate::args::CvArgs;

pub fn run(args: &CvArgs) -> Result<ExitCode> {
    if args.folds < 2 {
        bail!("--folds must be at least 2");
    }
    let split = Split::open(&args.data)?;
    if split.labels.is_empty() {
        bail!("{}: no labels.tsv with labels in this folder", args.data.display());
    }
    if split.documents.len() < args.folds {
        bail!("{} articles cannot make {} folds", split.documents.len(), args.folds);
    }
    let cfg = super::parse_config(args.config.as_deref())?;
    let embeddings = super::load_embeddings(args.embeddings.as_deref())?;
    if args.tc_only {
        let tc = cross_validate_tc(&split.documents, &split.labels, &cfg, embeddings.as_ref(), args.folds, args.seed);
        let mut out = std::io::stdout().lock();
        if args.json {
            serde_json::to_writer_pretty(&mut out, &tc)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{}-fold cross-validation of TC (seed {}), {} articles", args.folds, args.seed, split.documents.len())?;
            write_tc_table(&mut out, &tc)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let report = cross_validate(&split.documents, &split.labels, &cfg, embeddings.as_ref(), args.folds, args.seed);
    if let Some(path) = &args.predictions {
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        );
        slant_corpus::labels::write_labels(&mut file, &report.predictions, slant_corpus::labels::LabelFormat::Tc)?;
        file.flush()?;
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{}-fold cross-validation (seed {}), {} articles", args.folds, args.seed, split.documents.len())?;
    write_si_table(&mut out, &report.si)?;
    writeln!(out, "SI by mark / keep / whole-sentence threshold (best 12):")?;
    let mut sweep: Vec<_> = report.sweep.iter().collect();
    sweep.sort_by(|a, b| b.si.f1.total_cmp(&a.si.f1));
    for t in sweep.iter().take(12) {
        writeln!(
            out,
            "  {:.2} / {:.2} / {:.2}  P {:.4}  R {:.4}  F1 {:.4}  spans {}",
            t.threshold, t.keep_threshold, t.sentence_threshold, t.si.precision, t.si.recall, t.si.f1, t.si.predicted_spans
        )?;
    }
    writeln!(out, "Full task (spans and techniques): P {:.4}  R {:.4}  F1 {:.4}", report.flc.precision, report.flc.recall, report.flc.f1)?;
    write_tc_table(&mut out, &report.tc)?;
    Ok(ExitCode::SUCCESS)
}
