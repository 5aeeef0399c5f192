//! Prints the actors reading of a text file as JSON.
//!
//! `cargo run -p slant-actors --example read_file -- ARTICLE.txt`

use std::process::ExitCode;

use slant_actors::{Context, read};
use slant_text::Document;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: read_file ARTICLE.txt");
        return ExitCode::from(2);
    };
    let doc = match std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|b| Document::from_bytes(&path, &b).map_err(|e| e.to_string()))
    {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let reading = read(&doc, &Context::default());
    println!(
        "{}",
        serde_json::to_string_pretty(&reading).unwrap_or_default()
    );
    ExitCode::SUCCESS
}
