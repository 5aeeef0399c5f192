//! Prints each token of an article with the default model's token
//! probability and its sentence's probability: a look inside span
//! identification.
//!
//! `cargo run --release -p slant-model --example token_probs -- ARTICLE [MODEL]`

use slant_model::linear::LinearModel;
use slant_text::Document;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: token_probs ARTICLE [MODEL]")?;
    let model = match args.next() {
        Some(m) => LinearModel::from_bytes(&std::fs::read(m)?)?,
        None => LinearModel::from_bytes(slant_model::registry::DEFAULT_MODEL_BYTES)?,
    };
    let doc = Document::from_bytes(&path, &std::fs::read(&path)?)?;
    let v = model.view(&doc);
    let (probs, sentences) = model.tagger.probs(&v);
    for (k, s) in v.sentences.iter().enumerate() {
        println!("--- sentence {k}: {:.2}", sentences[k]);
        let line: Vec<String> = (s.first..s.last)
            .map(|i| format!("{}/{:.0}", v.tokens[i].text(doc.text()), probs[i] * 100.0))
            .collect();
        println!("{}", line.join(" "));
    }
    Ok(())
}
