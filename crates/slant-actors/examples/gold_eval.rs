//! Scores the actors reading on a gold folder.
//!
//! `cargo run -p slant-actors --example gold_eval -- crates/slant-actors/gold/dev [--explain] [--json]`

use std::path::PathBuf;
use std::process::ExitCode;

use slant_actors::{Context, eval, gold, read_actors};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: gold_eval GOLD_DIR [--explain] [--json]");
        return ExitCode::from(2);
    };
    let texts = match gold::load_dir(&PathBuf::from(dir)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let runs: Vec<_> = texts
        .iter()
        .map(|g| read_actors(&g.text, &Context::default()))
        .collect();
    if args.iter().any(|a| a == "--explain") {
        for (g, r) in texts.iter().zip(&runs) {
            println!("== {}\n{}", g.id, eval::explain(g, r));
        }
    }
    let s = eval::score(&texts, &runs);
    if args.iter().any(|a| a == "--json") {
        println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
    } else {
        println!(
            "{} texts, {} gold / {} predicted mentions\nmentions  P {:.3} R {:.3} F1 {:.3}\nB-cubed   P {:.3} R {:.3} F1 {:.3}\nacronyms  P {:.3} R {:.3} F1 {:.3}\nkinds     {}/{} right",
            s.texts,
            s.gold_mentions,
            s.predicted_mentions,
            s.mentions.precision,
            s.mentions.recall,
            s.mentions.f1,
            s.bcubed.precision,
            s.bcubed.recall,
            s.bcubed.f1,
            s.acronyms.precision,
            s.acronyms.recall,
            s.acronyms.f1,
            s.kinds_right,
            s.kinds_scored
        );
    }
    ExitCode::SUCCESS
}
