use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;
use slant_text::Technique;

use crate::args::TechniquesArgs;

pub fn run(args: &TechniquesArgs) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if args.json {
        let rows: Vec<_> = Technique::ALL
            .iter()
            .map(|t| {
                let i = t.info();
                json!({
                    "label": i.label, "code": i.code, "name": i.name,
                    "definition": i.definition, "example": i.example,
                    "ptc18_labels": i.ptc18_labels, "semeval2023_labels": i.semeval2023_labels,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
    } else {
        for t in Technique::ALL {
            let i = t.info();
            writeln!(out, "{}  ({})", i.name, i.label)?;
            writeln!(out, "    {}", i.definition)?;
            writeln!(out, "    e.g. {}", i.example)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
