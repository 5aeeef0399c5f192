//! `slant train --neural`: encode a labelled split once (cached), cross-validate
//! the heads on the classical model's folds, train them on everything, and
//! write the f16 heads file with a JSON record of how it was made.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use slant_corpus::Split;
use slant_neural::tune::Tuner;
use slant_encoder::{EncoderName, TextEncoder, layer_columns, select_layers};
use slant_neural::train::corpus::Corpus;
use slant_neural::train::cross_validation::cross_validate;
use slant_neural::heads::{Heads, HeadsConfig};

use super::eval::{write_si_table, write_tc_table};
use crate::args::TrainArgs;

/// The `--config` given (its `"encoder"` replaced by `--encoder`), else the
/// recipe for `--encoder` (the committed one without it).
fn parse_config(json: Option<&str>, encoder: Option<EncoderName>) -> Result<HeadsConfig> {
    let mut cfg: HeadsConfig = match json {
        None => HeadsConfig::recipe_for(encoder.unwrap_or_default()),
        Some(text) => serde_json::from_str(&super::json_arg(text)?).context("--config")?,
    };
    if let Some(e) = encoder {
        cfg.encoder = e;
    }
    Ok(cfg)
}

pub fn run(args: &TrainArgs) -> Result<ExitCode> {
    let split = Split::open(&args.data)?;
    if split.labels.is_empty() {
        bail!("{}: no labels.tsv with labels in this folder", args.data.display());
    }
    if args.cv == 1 || split.documents.len() < args.cv {
        bail!("--cv must be 0 (skip) or 2 to {} (the number of articles)", split.documents.len());
    }
    for (on, flag) in [(args.search_decode, "--search-decode"), (args.stack, "--stack")] {
        if on && args.cv < 2 {
            bail!("{flag} learns from the cross-validation's held-out folds: it needs --cv 2 or more");
        }
    }
    let mut cfg = parse_config(args.config.as_deref(), args.encoder)?;
    cfg.seed = args.seed;
    if args.held_out.is_some() && args.cv < 2 {
        bail!("--held-out writes the cross-validation's held-out probabilities: it needs --cv 2 or more");
    }
    let have = cfg.encoder_layers();
    let encoder = TextEncoder::locate_encoder(cfg.encoder, args.precision.into())?.with_layers(&have)?.with_windows(cfg.windows());
    let width = encoder.hidden_size() / have.len();
    let t = Instant::now();
    let outputs = slant_neural::train::cache::encode_cached(&encoder, &split.documents, &args.cache_dir)?;
    let pieces: usize = outputs.iter().map(slant_encoder::TokenVectors::len).sum();
    eprintln!("slant: {} articles, {pieces} word pieces ready in {:.1} s", split.documents.len(), t.elapsed().as_secs_f64());
    let mut states = Vec::new();
    let mut vectors = Vec::with_capacity(outputs.len());
    for tv in outputs {
        if let Some(tc) = cfg.tune {
            states.push(layer_columns(&tv, &have, &[tc.from_layer], width)?);
        }
        vectors.push(select_layers(tv, &have, &cfg.layers, width)?);
    }
    let mut corpus = Corpus::new(&split.documents, &split.labels, vectors);
    if let Some(tc) = cfg.tune {
        corpus = corpus.with_tuning(states, Tuner::pretrained(encoder.dir(), tc)?);
    }
    let mut figures = serde_json::Map::new();
    let mut out = std::io::stdout().lock();
    if args.cv >= 2 {
        let t = Instant::now();
        let classical = cfg.blend.uses_classical() || args.tune_blend;
        if classical {
            eprintln!("slant: the classical model is cross-validated on the same folds for the blend");
        }
        let embeddings = if classical { super::load_embeddings(args.embeddings.as_deref())? } else { None };
        let r = cross_validate(&corpus, &split.labels, &cfg, args.cv, args.fold_seed, classical, embeddings.as_ref())?;
        if let Some(path) = &args.held_out {
            write_held_out(path, &split.documents, &r).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("slant: wrote the held-out probabilities to {}", path.display());
        }
        writeln!(out, "{}-fold cross-validation (fold seed {}), {} articles, {:.0} s", args.cv, args.fold_seed, split.documents.len(), t.elapsed().as_secs_f64())?;
        write_si_table(&mut out, &r.si)?;
        let folds: Vec<String> = r.fold_si.iter().map(|f| format!("{f:.4}")).collect();
        writeln!(out, "SI F1 by fold: {}", folds.join(" "))?;
        writeln!(out, "SI by word threshold / whole-sentence threshold (best 8):")?;
        for p in r.sweep.iter().take(8) {
            writeln!(
                out,
                "  {:.2} / {:.2}  P {:.4}  R {:.4}  F1 {:.4}  spans {}",
                p.threshold, p.sentence_threshold, p.si.precision, p.si.recall, p.si.f1, p.si.predicted_spans
            )?;
        }
        if !r.blend_sweep.is_empty() {
            writeln!(out, "Blend (weight of the neural side): best SI F1 with its thresholds, TC micro-F1")?;
            for b in &r.blend_sweep {
                writeln!(
                    out,
                    "  {:.1}  SI F1 {:.4} ({:.2} / {:.2})  TC micro-F1 {:.4}",
                    b.blend.words, b.best_si.si.f1, b.best_si.threshold, b.best_si.sentence_threshold, b.tc_micro_f1
                )?;
            }
        }
        if !r.tune_sweep.is_empty() {
            writeln!(out, "Share of the tuned layers in the piece probabilities: best SI F1 with its thresholds")?;
            for (w, p) in &r.tune_sweep {
                writeln!(out, "  {w:.2}  SI F1 {:.4} ({:.2} / {:.2})", p.si.f1, p.threshold, p.sentence_threshold)?;
            }
        }
        if !r.tune_sentence_sweep.is_empty() {
            writeln!(out, "Share of the tuned sentence output in the sentence probabilities: best SI F1 with its thresholds")?;
            for (w, p) in &r.tune_sentence_sweep {
                writeln!(out, "  {w:.2}  SI F1 {:.4} ({:.2} / {:.2})", p.si.f1, p.threshold, p.sentence_threshold)?;
            }
        }
        let d = &r.decode_search;
        let nested: Vec<String> = d.nested_by_fold.iter().map(|f| format!("{f:.4}")).collect();
        writeln!(out, "Search of every decoding parameter (coordinate descent):")?;
        writeln!(out, "  on all held-out articles: SI F1 {:.4} (chosen there) with {}", d.si.f1, serde_json::to_string(&d.config)?)?;
        writeln!(
            out,
            "  each fold with the parameters searched on the others: SI P {:.4}  R {:.4}  F1 {:.4} (configured: {:.4}); by fold {}",
            d.nested.precision, d.nested.recall, d.nested.f1, r.si.f1, nested.join(" ")
        )?;
        let st = &r.stack;
        let nested: Vec<String> = st.search.nested_by_fold.iter().map(|f| format!("{f:.4}")).collect();
        writeln!(out, "Stacked blend (a logistic regression per word over every model's log-odds, fitted on the other folds):")?;
        writeln!(
            out,
            "  decoded with the search of the other folds: SI P {:.4}  R {:.4}  F1 {:.4}; by fold {}",
            st.search.nested.precision, st.search.nested.recall, st.search.nested.f1, nested.join(" ")
        )?;
        let weights: Vec<String> = st.stacker.weights.iter().map(|w| format!("{w:.3}")).collect();
        writeln!(out, "  weights fitted on all (bias, head, tuned, classical, neural before/after, classical before/after, sentence neural/classical, article neural/classical): {}", weights.join(" "))?;
        write_tc_table(&mut out, &r.tc)?;
        figures.insert("decode_search".into(), serde_json::json!({
            "config": d.config,
            "si_f1_chosen_there": d.si.f1,
            "nested_si_f1": d.nested.f1,
            "nested_si_f1_by_fold": d.nested_by_fold,
        }));
        let mut kept = r.si.f1;
        if args.search_decode {
            let better = d.nested.f1 > kept;
            if better {
                cfg.decode = d.config;
                kept = d.nested.f1;
            }
            eprintln!(
                "slant: --search-decode: nested SI F1 {:.4} against {:.4} configured: {}",
                d.nested.f1,
                r.si.f1,
                if better { "the searched decoding is kept in the model" } else { "the configured decoding stays" }
            );
            figures.insert("decode_search_applied".into(), better.into());
        }
        if args.stack {
            let better = st.search.nested.f1 > kept;
            if better {
                cfg.stack = Some(st.stacker.clone());
                cfg.decode = st.search.config;
            }
            eprintln!(
                "slant: --stack: nested SI F1 {:.4} against {kept:.4}: {}",
                st.search.nested.f1,
                if better { "the learnt blend and its searched decoding are kept in the model" } else { "the fixed blend stays" }
            );
            figures.insert("stack_applied".into(), better.into());
        }
        figures.insert("stack".into(), serde_json::json!({
            "weights": st.stacker.weights,
            "nested_si_f1": st.search.nested.f1,
            "nested_si_f1_by_fold": st.search.nested_by_fold,
        }));
        figures.insert("folds".into(), r.folds.into());
        figures.insert("fold_seed".into(), r.seed.into());
        figures.insert("si".into(), serde_json::to_value(&r.si)?);
        figures.insert("si_f1_by_fold".into(), serde_json::to_value(&r.fold_si)?);
        figures.insert("tc_micro_f1".into(), r.tc.micro.f1.into());
        let per: serde_json::Map<String, serde_json::Value> =
            r.tc.per_technique.iter().map(|t| (t.technique.label().to_owned(), t.prf.f1.into())).collect();
        figures.insert("tc_f1_by_technique".into(), per.into());
        if let Some(best) = r.sweep.first() {
            figures.insert("si_best_of_sweep".into(), serde_json::to_value(best)?);
        }
    }
    let Some(output) = args.output.as_deref().filter(|_| !args.cv_only) else {
        return Ok(ExitCode::SUCCESS);
    };
    let t = Instant::now();
    let all: Vec<usize> = (0..split.documents.len()).collect();
    let heads = Heads::fit(&corpus, &all, &cfg)?;
    heads.save(output).with_context(|| format!("writing {}", output.display()))?;
    let bytes = std::fs::metadata(output).map_or(0, |m| m.len());
    let record = output.with_extension("json");
    let json = serde_json::json!({
        "heads": output.file_name().map(|n| n.to_string_lossy().into_owned()),
        "bytes": bytes,
        "encoder": cfg.encoder.provenance(),
        "precision": format!("{:?}", encoder.precision()),
        "command": std::env::args().map(|a| if a.contains(' ') { format!("'{a}'") } else { a }).collect::<Vec<_>>().join(" "),
        "data": format!("{} ({} articles, {} labels, {pieces} word pieces)", args.data.display(), split.documents.len(), split.labels.len()),
        "seed": args.seed,
        "cv": figures,
        "config": &cfg,
        "slant_version": env!("CARGO_PKG_VERSION"),
    });
    std::fs::write(&record, serde_json::to_string_pretty(&json)? + "\n").with_context(|| format!("writing {}", record.display()))?;
    eprintln!("slant: trained in {:.0} s; wrote {} ({bytes} bytes) and {}", t.elapsed().as_secs_f64(), output.display(), record.display());
    Ok(ExitCode::SUCCESS)
}

/// One JSON line per article of the cross-validation's held-out
/// probabilities (see `slant_neural::train::held_out`).
fn write_held_out(path: &std::path::Path, docs: &[slant_text::Document], r: &slant_neural::train::cross_validation::CvReport) -> Result<()> {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    for (h, n) in r.held_out.iter().zip(&r.neural_held_out) {
        let c = r.classical_held_out.get(h.doc);
        let line = slant_neural::train::held_out::HeldOutLine {
            id: docs[h.doc].id().to_owned(),
            fold: r.fold[h.doc],
            words: h.words.clone(),
            sentences: h.sentences.clone(),
            neural_words: n.words.clone(),
            neural_sentences: n.sentences.clone(),
            classical_words: c.map(|c| c.spans.words.clone()).unwrap_or_default(),
            classical_sentences: c.map(|c| c.spans.sentences.clone()).unwrap_or_default(),
        };
        serde_json::to_writer(&mut w, &line)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}
