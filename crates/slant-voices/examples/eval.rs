//! Scores a model file on a split folder.
//!
//! ```sh
//! cargo run --release -p slant-voices --example eval -- MODEL SPLIT_DIR
//! ```

use anyhow::{Context, Result};
use slant_voices::Voices;
use slant_voices::corpus::read_split;
use slant_voices::train::evaluate;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let model = std::fs::read(args.first().context("MODEL")?)?;
    let split = read_split(args.get(1).context("SPLIT_DIR")?.as_ref())?;
    let voices = Voices::from_bytes(&model)?;
    let s = evaluate(&voices, &split);
    for (kind, r) in [("exact", &s.exact), ("overlap", &s.overlap)] {
        println!(
            "{kind:<7} cue P {:.3} R {:.3} F {:.3} | source P {:.3} R {:.3} F {:.3} | content P {:.3} R {:.3} F {:.3}",
            r.cue.precision,
            r.cue.recall,
            r.cue.f1,
            r.source.precision,
            r.source.recall,
            r.source.f1,
            r.content.precision,
            r.content.recall,
            r.content.f1
        );
    }
    Ok(())
}
