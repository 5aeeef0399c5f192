//! Prints the time reading of an article as the JSON record shows it:
//! `cargo run -p slant-time --example article -- FILE [--published YYYY-MM-DD]`.

// TimeML, TimeBank and TempEval are names, not code.
#![allow(clippy::doc_markdown)]

use std::process::ExitCode;

use slant_text::Document;
use slant_time::{Date, Published, find_timexes, timeline};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: article FILE [--published YYYY-MM-DD]");
        return ExitCode::from(2);
    };
    let flag = match args
        .iter()
        .position(|a| a == "--published")
        .and_then(|i| args.get(i + 1))
    {
        Some(d) => match d.parse::<Date>() {
            Ok(d) => Some(d),
            Err(e) => {
                eprintln!("error: --published: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let doc = match std::fs::read(path)
        .map_err(|e| e.to_string())
        .and_then(|b| Document::from_bytes(path.as_str(), &b).map_err(|e| e.to_string()))
    {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let published = Published::resolve(flag, None, &doc);
    let timexes = find_timexes(&doc, published.date);
    let timeline = timeline(&doc, &timexes, &[], &published);
    let record =
        serde_json::json!({ "published": published, "timexes": timexes, "timeline": timeline });
    match serde_json::to_string_pretty(&record) {
        Ok(s) => println!("{s}"),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
