//! `slant lab decode`: decode the held-out probabilities a cross-validation
//! saved (`train --neural --held-out`) and score SI, pooled and by fold, so a
//! decoding idea costs seconds instead of a retraining.

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use slant_corpus::{Label, Split};
use slant_eval::score_si;
use slant_neural::article::Article;
use slant_neural::blend::mix;
use slant_neural::train::cross_validation::si_by_fold;
use slant_neural::decode::{DecodeConfig, decode};
use slant_neural::heads::HeadsConfig;
use slant_encoder::window::TokenVectors;

use super::eval::write_si_table;
use crate::args::DecodeArgs;

/// The committed recipe's decoding with the fields of `json` (an object, or
/// `@file` holding one) overridden.
pub fn decode_config(json: Option<&str>) -> Result<DecodeConfig> {
    let base = HeadsConfig::committed_recipe().decode;
    let Some(text) = json else { return Ok(base) };
    let over: serde_json::Value = serde_json::from_str(&super::json_arg(text)?).context("--decode")?;
    DecodeConfig::merged(base, &over).context("--decode")
}

pub fn run(args: &DecodeArgs) -> Result<ExitCode> {
    let cfg = decode_config(args.decode.as_deref())?;
    if let Some(w) = args.blend
        && !(0.0..=1.0).contains(&w)
    {
        bail!("--blend must be between 0 and 1, not {w}");
    }
    let split = Split::open(&args.data)?;
    if split.labels.is_empty() {
        bail!("{}: no labels.tsv with labels in this folder", args.data.display());
    }
    let held = slant_neural::train::held_out::read(&args.held_out)?;
    let docs: HashMap<&str, &slant_text::Document> = split.documents.iter().map(|d| (d.id(), d)).collect();
    let mut gold_of: HashMap<&str, Vec<slant_text::Span>> = HashMap::new();
    for l in &split.labels {
        gold_of.entry(l.article_id.as_str()).or_default().push(l.span);
    }
    let mut predictions = Vec::new();
    let mut fold_of = HashMap::new();
    let mut words_out = match &args.words {
        Some(path) => Some(std::io::BufWriter::new(std::fs::File::create(path).with_context(|| format!("writing {}", path.display()))?)),
        None => None,
    };
    for h in &held {
        let Some(doc) = docs.get(h.id.as_str()) else {
            bail!("{}: article {} is not in {}", args.held_out.display(), h.id, args.data.display());
        };
        let article = Article::new(doc, TokenVectors { hidden_size: 0, vectors: Vec::new(), ids: Vec::new(), spans: Vec::new() });
        if article.words.len() != h.words.len() || article.sentences.len() != h.sentences.len() {
            bail!(
                "{}: article {} has {} words and {} sentences here but {} and {} in the file (another tokenizer or split?)",
                args.held_out.display(),
                h.id,
                article.words.len(),
                article.sentences.len(),
                h.words.len(),
                h.sentences.len()
            );
        }
        if args.blend.is_some() && h.classical_words.is_empty() {
            bail!("--blend: {} holds no classical probabilities for article {} (the cross-validation had no classical model)", args.held_out.display(), h.id);
        }
        let (words, sentences) = match args.blend {
            None => (h.words.clone(), h.sentences.clone()),
            Some(w) => (mix(&h.neural_words, &h.classical_words, w), mix(&h.neural_sentences, &h.classical_sentences, w)),
        };
        fold_of.insert(h.id.as_str(), h.fold);
        if let Some(w) = words_out.as_mut() {
            let gold = gold_of.get(h.id.as_str()).map_or(&[][..], Vec::as_slice);
            let rows: Vec<(usize, usize, usize, bool)> = article
                .words
                .iter()
                .map(|x| (x.span.start, x.span.end, x.sentence, gold.iter().any(|g| g.start < x.span.end && x.span.start < g.end)))
                .collect();
            serde_json::to_writer(&mut *w, &serde_json::json!({ "id": h.id, "words": rows }))?;
            w.write_all(b"\n")?;
        }
        predictions.extend(decode(doc, &article, &words, &sentences, &cfg).into_iter().map(|d| Label::new(doc.id(), None, d.span)));
    }
    let gold: Vec<Label> = split.labels.iter().filter(|l| fold_of.contains_key(l.article_id.as_str())).cloned().collect();
    let si = score_si(&gold, &predictions);
    let mut out = std::io::stdout().lock();
    writeln!(out, "{} held-out articles, {} predicted spans, decoding {}", held.len(), predictions.len(), serde_json::to_string(&cfg)?)?;
    write_si_table(&mut out, &si)?;
    let folds = held.iter().map(|h| h.fold).max().map_or(0, |m| m + 1);
    let by_fold: Vec<String> = si_by_fold(&gold, &predictions, |id| fold_of.get(id).copied(), folds).iter().map(|f| format!("{f:.4}")).collect();
    writeln!(out, "SI F1 by fold: {}", by_fold.join(" "))?;
    if let Some(mut w) = words_out {
        w.flush()?;
    }
    if let Some(path) = &args.output {
        let mut w = std::io::BufWriter::new(std::fs::File::create(path).with_context(|| format!("writing {}", path.display()))?);
        for p in &predictions {
            writeln!(w, "{}\t{}\t{}", p.article_id, p.span.start, p.span.end)?;
        }
        w.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}
