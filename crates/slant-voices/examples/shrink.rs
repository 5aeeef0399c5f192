//! Prunes a model's small weights and reports its size and dev figures for
//! each pruning level, writing the model pruned at the last level.
//!
//! ```sh
//! cargo run --release -p slant-voices --example shrink -- MODEL SPLIT_DIR OUT FRACTION...
//! ```

use anyhow::{Context, Result};
use slant_voices::corpus::read_split;
use slant_voices::train::evaluate;
use slant_voices::{Model, Voices};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bytes = std::fs::read(args.first().context("MODEL")?)?;
    let split = read_split(args.get(1).context("SPLIT_DIR")?.as_ref())?;
    let out = args.get(2).context("OUT")?;
    let mut last = None;
    for f in &args[3..] {
        let mut model = Model::from_bytes(&bytes)?;
        model.prune(f.parse()?);
        let pruned = model.to_bytes();
        let s = evaluate(&Voices::from_model(Model::from_bytes(&pruned)?), &split);
        println!(
            "prune {f}: {} bytes | exact cue {:.3} source {:.3} content {:.3} | overlap content {:.3}",
            pruned.len(),
            s.exact.cue.f1,
            s.exact.source.f1,
            s.exact.content.f1,
            s.overlap.content.f1
        );
        last = Some(pruned);
    }
    if let Some(p) = last {
        std::fs::write(out, p)?;
    }
    Ok(())
}
