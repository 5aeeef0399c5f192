//! Prints the voices reading of article files as JSON: attributions,
//! sources and summary (no technique spans).
//!
//! ```sh
//! cargo run --release -p slant-voices --example read -- [--model M] FILE...
//! ```

use anyhow::{Context, Result};
use slant_text::Document;
use slant_voices::Voices;

fn main() -> Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let voices = if args.first().map(String::as_str) == Some("--model") {
        let path = args.get(1).context("--model needs a path")?.clone();
        args.drain(..2);
        Voices::from_bytes(&std::fs::read(&path)?)?
    } else {
        Voices::embedded()?.clone()
    };
    for path in &args {
        let bytes = std::fs::read(path).with_context(|| path.clone())?;
        let doc = Document::from_bytes(path.as_str(), &bytes).with_context(|| path.clone())?;
        let read = voices.read(&doc, &[]);
        println!("{}", serde_json::to_string_pretty(&read)?);
    }
    Ok(())
}
