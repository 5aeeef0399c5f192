use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use slant_corpus::labels::{read_labels, validate_labels, write_labels, LabelFormat};
use slant_corpus::{Label, LabelOptions, Split};
use slant_model::assign_listed;
use slant_model::repetition::{RepetitionRule, Repeats};
use slant_text::Span;

use crate::args::ClassifyArgs;

pub fn run(args: &ClassifyArgs) -> Result<ExitCode> {
    let detector = slant_analyzer::models::load(&args.model)?;
    let split = Split::open_with_labels(&args.articles, None)?;
    let template = read_labels(&args.template, LabelOptions::default())?;
    validate_labels(&template, &split.lengths(), &args.template)?;
    // The spans of an article are classified together (the model sees which
    // spans are listed with which); the k-th listing of a span gets its k-th
    // most likely technique.
    let mut out_labels: Vec<Option<Label>> = vec![None; template.len()];
    let mut by_article: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, l) in template.iter().enumerate() {
        by_article.entry(l.article_id.as_str()).or_default().push(i);
    }
    for (id, rows) in by_article {
        let doc = split.document(id).context("template article missing")?;
        let spans: Vec<Span> = rows.iter().map(|&i| template[i].span).collect();
        let mut ranked = detector.classify(doc, &spans);
        // Repetition only where the text occurred before: the decoding
        // rule of every tier, here for given spans.
        let repeats = Repeats::new(doc);
        for (&span, r) in spans.iter().zip(&mut ranked) {
            RepetitionRule::DEFAULT.demote(&repeats, span, r);
        }
        for ((&row, &span), technique) in rows.iter().zip(&spans).zip(assign_listed(&spans, &ranked)) {
            let technique = technique.context("no techniques ranked")?;
            out_labels[row] = Some(Label::new(id, Some(technique), span));
        }
    }
    let out_labels: Vec<Label> = out_labels.into_iter().flatten().collect();
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(BufWriter::new(File::create(p).with_context(|| format!("creating {}", p.display()))?)),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    write_labels(&mut out, &out_labels, LabelFormat::Tc)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
