use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use slant_corpus::labels::{read_labels, validate_labels, write_labels, LabelFormat};
use slant_corpus::{Label, LabelOptions, Split};
use slant_text::Span;

use crate::args::ClassifyArgs;

pub fn run(args: &ClassifyArgs) -> Result<ExitCode> {
    let detector = super::model::load(&args.model)?;
    let split = Split::open_with_labels(&args.articles, None)?;
    let template = read_labels(&args.template, LabelOptions::default())?;
    validate_labels(&template, &split.lengths(), &args.template)?;
    // Rank techniques once per distinct span, then hand them out in order.
    let mut ranked: BTreeMap<(&str, Span), (Vec<slant_text::Technique>, usize)> = BTreeMap::new();
    for (id, labels) in slant_corpus::labels::by_article(&template) {
        let doc = split.document(id).context("template article missing")?;
        let spans: Vec<Span> = labels.iter().map(|l| l.span).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        for (span, r) in spans.iter().zip(detector.classify(doc, &spans)) {
            ranked.insert((id, *span), (r.into_iter().map(|(t, _)| t).collect(), 0));
        }
    }
    let mut out_labels = Vec::with_capacity(template.len());
    for l in &template {
        let (techniques, used) = ranked.get_mut(&(l.article_id.as_str(), l.span)).expect("ranked above");
        let technique = techniques[(*used).min(techniques.len() - 1)];
        *used += 1;
        out_labels.push(Label::new(l.article_id.clone(), Some(technique), l.span));
    }
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(BufWriter::new(File::create(p).with_context(|| format!("creating {}", p.display()))?)),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    write_labels(&mut out, &out_labels, LabelFormat::Tc)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
