//! `slant adapt`: masked-language-model training of the encoder's upper
//! layers on a split's articles (task-adaptive pretraining), written as a new
//! encoder folder with a JSON record of how it was made.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use slant_corpus::Split;
use slant_neural::tune::mlm::{MaskedLm, MlmConfig};

use crate::args::AdaptArgs;

pub fn run(args: &AdaptArgs) -> Result<ExitCode> {
    let config: MlmConfig = match args.config.as_deref() {
        None => MlmConfig::default(),
        Some(text) => serde_json::from_str(&super::json_arg(text)?).context("--config")?,
    };
    let split = Split::open(&args.data)?;
    let mut docs: Vec<&slant_text::Document> = split.documents.iter().collect();
    if let Some(f) = args.exclude_fold {
        if args.folds < 2 || f >= args.folds {
            bail!("--exclude-fold {f} is not a fold of --folds {}", args.folds);
        }
        let fold = slant_model::cv::fold_of_each(&split.documents, args.folds, args.fold_seed);
        docs = split.documents.iter().zip(&fold).filter(|(_, k)| **k != f).map(|(d, _)| d).collect();
        eprintln!("slant: fold {f} of {} (fold seed {}) left out: {} of {} articles", args.folds, args.fold_seed, docs.len(), split.documents.len());
    }
    let dir = slant_neural::locate::minilm_dir()?;
    let tokenizer = dir.tokenizer()?;
    let special = |t: &str| tokenizer.id(t).with_context(|| format!("the tokenizer has no {t}"));
    let (cls, sep) = (special("[CLS]")?, special("[SEP]")?);
    let articles: Vec<Vec<u32>> = docs.iter().map(|d| Ok(tokenizer.tokenize(d.text())?.ids)).collect::<Result<_>>()?;
    let pieces: usize = articles.iter().map(Vec::len).sum();
    eprintln!("slant: adapting {} on {} articles, {pieces} word pieces", dir.path().display(), articles.len());
    let mut lm = MaskedLm::pretrained(&dir, config)?;
    let t = Instant::now();
    let losses = lm.fit(&articles, cls, sep)?;
    let seconds = t.elapsed().as_secs_f64();
    lm.save(&dir, &args.output)?;
    let record = serde_json::json!({
        "command": std::env::args().collect::<Vec<_>>().join(" "),
        "source": dir.path(),
        "data": args.data,
        "articles": articles.len(),
        "pieces": pieces,
        "exclude_fold": args.exclude_fold,
        "folds": args.folds,
        "fold_seed": args.fold_seed,
        "config": config,
        "epoch_losses": losses,
        "seconds": seconds.round(),
    });
    let path = args.output.join("adapt.json");
    std::fs::write(&path, serde_json::to_string_pretty(&record)? + "\n").with_context(|| format!("writing {}", path.display()))?;
    println!("adapted encoder in {} ({:.0} s); epoch losses {:?}", args.output.display(), seconds, losses);
    Ok(ExitCode::SUCCESS)
}
