use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use slant_corpus::Split;
use slant_model::cross_validation::cross_validate;
use slant_model::linear::ModelMeta;
use slant_model::train::train;

use crate::args::TrainArgs;

pub fn run(args: &TrainArgs) -> Result<ExitCode> {
    if args.neural {
        return super::train_neural::run(args);
    }
    let Some(output) = &args.output else { bail!("--output is needed to write the model") };
    let split = Split::open(&args.data)?;
    if split.labels.is_empty() {
        bail!("{}: no labels.tsv with labels in this folder", args.data.display());
    }
    let mut cfg = super::parse_config(args.config.as_deref())?;
    cfg.si_ftrl.seed = args.seed;
    cfg.tc_ftrl.seed = args.seed;
    let embeddings = super::load_embeddings(args.embeddings.as_deref())?;
    let mut figures = std::collections::BTreeMap::new();
    if args.cv >= 2 {
        eprintln!("slant: cross-validating ({} folds)…", args.cv);
        let r = cross_validate(&split.documents, &split.labels, &cfg, embeddings.as_ref(), args.cv, args.seed);
        figures.insert(format!("cv{}_si_precision", args.cv), r.si.precision);
        figures.insert(format!("cv{}_si_recall", args.cv), r.si.recall);
        figures.insert(format!("cv{}_si_f1", args.cv), r.si.f1);
        figures.insert(format!("cv{}_tc_micro_f1", args.cv), r.tc.micro.f1);
        figures.insert(format!("cv{}_full_task_f1", args.cv), r.flc.f1);
        eprintln!("slant: CV SI F1 {:.4} (P {:.4} R {:.4}), TC micro-F1 {:.4}", r.si.f1, r.si.precision, r.si.recall, r.tc.micro.f1);
    }
    eprintln!("slant: training on {} articles, {} labels…", split.documents.len(), split.labels.len());
    let mut model = train(&split.documents, &split.labels, &cfg, embeddings.as_ref());
    model.meta = ModelMeta {
        name: args.name.clone(),
        description: format!(
            "Linear span tagger and technique classifier (FTRL logistic regression over hashed lexical, \
             context and repetition features), trained on {} PTC articles.",
            split.documents.len()
        ),
        command: std::env::args().map(|a| if a.contains(' ') { format!("'{a}'") } else { a }).collect::<Vec<_>>().join(" "),
        data: format!("{} ({} articles, {} labels)", args.data.display(), split.documents.len(), split.labels.len()),
        seed: args.seed,
        figures,
    };
    let bytes = model.to_bytes();
    std::fs::write(output, &bytes).with_context(|| format!("writing {}", output.display()))?;
    let record = output.with_extension("json");
    let json = serde_json::json!({
        "model": output.file_name().map(|n| n.to_string_lossy().into_owned()),
        "bytes": bytes.len(),
        "meta": &model.meta,
        "config": &cfg,
        "slant_version": env!("CARGO_PKG_VERSION"),
    });
    std::fs::write(&record, serde_json::to_string_pretty(&json)? + "\n")
        .with_context(|| format!("writing {}", record.display()))?;
    eprintln!("slant: wrote {} ({} bytes) and {}", output.display(), bytes.len(), record.display());
    Ok(ExitCode::SUCCESS)
}
