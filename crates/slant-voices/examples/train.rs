//! Trains the voices model on a `PolNeAR`-style corpus: `train/` to learn,
//! `dev/` to choose, `test/` only with `--test` (once per finished model).
//!
//! ```sh
//! cargo run --release -p slant-voices --example train -- \
//!     --data ../shared/data/polnear -o models/voices.bin [--test] [--epochs1 N] [--epochs2 N] [--bits B] [--prune F]
//! ```
//! Writes the model and, beside it, `<name>.json`: the command, data, seed
//! and the dev (and test) figures.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use slant_voices::Voices;
use slant_voices::corpus::read_split;
use slant_voices::score::Scores;
use slant_voices::train::{TrainConfig, evaluate, train_on};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut data: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut test = false;
    let mut oracle = false;
    let mut prune = 0.01f32;
    let mut clusters = String::new();
    let mut config = TrainConfig::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().context(format!("{a} needs a value"));
        match a.as_str() {
            "--data" => data = Some(value()?.into()),
            "-o" | "--out" => out = Some(value()?.into()),
            "--test" => test = true,
            "--oracle" => oracle = true,
            "--epochs1" => config.epochs1 = value()?.parse()?,
            "--epochs2" => config.epochs2 = value()?.parse()?,
            "--bits" => config.bits = value()?.parse()?,
            "--folds" => config.folds = value()?.parse()?,
            "--seed" => config.seed = value()?.parse()?,
            "--seeds" => config.seeds = value()?.parse()?,
            "--lexicon-min" => config.lexicon_min = value()?.parse()?,
            "--prune" => prune = value()?.parse()?,
            "--clusters" => clusters = std::fs::read_to_string(value()?)?,
            other => bail!("unknown argument {other}"),
        }
    }
    let data = data.context("--data DIR (a PolNeAR folder with train/ and dev/) is required")?;
    let started = Instant::now();
    let train = read_split(&data.join("train"))?;
    let dev = read_split(&data.join("dev"))?;
    eprintln!("read {} train and {} dev articles", train.len(), dev.len());
    if oracle {
        print_scores("oracle-train", &slant_voices::train::oracle(&train));
        print_scores("oracle-dev", &slant_voices::train::oracle(&dev));
        return Ok(());
    }
    let mut model =
        train_on(&train, &config, &clusters, |m| eprintln!("[{:>6.1}s] {m}", started.elapsed().as_secs_f64()));
    // What ships is the pruned, quantised model: score exactly that.
    model.prune(prune);
    let mut model = slant_voices::Model::from_bytes(&model.to_bytes())?;
    let temperature = slant_voices::train::calibrate(&mut model, &dev);
    eprintln!("temperature {temperature}");
    let voices = Voices::from_model(model.clone());
    let dev_scores = evaluate(&voices, &dev);
    print_scores("dev", &dev_scores);
    let test_scores = if test {
        let t = read_split(&data.join("test"))?;
        let s = evaluate(&voices, &t);
        print_scores("test", &s);
        Some(s)
    } else {
        None
    };
    if let Some(out) = out {
        let command = format!("cargo run --release -p slant-voices --example train -- {}", args.join(" "));
        model.set_record(serde_json::json!({
            "command": command,
            "data": data.display().to_string(),
            "config": config,
            "prune": prune,
            "temperature": temperature,
            "dev": dev_scores,
            "test": test_scores,
        }));
        let bytes = model.to_bytes();
        std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
        let mut record = model.record().clone();
        record["bytes"] = bytes.len().into();
        record["seconds"] = started.elapsed().as_secs().into();
        let json_path = out.with_extension("json");
        std::fs::write(&json_path, serde_json::to_string_pretty(&record)? + "\n")?;
        eprintln!("wrote {} ({} bytes) and {}", out.display(), bytes.len(), json_path.display());
    }
    Ok(())
}

fn print_scores(name: &str, s: &Scores) {
    for (kind, r) in [("exact", &s.exact), ("overlap", &s.overlap)] {
        println!(
            "{name} {kind:<7} cue P {:.3} R {:.3} F {:.3} | source P {:.3} R {:.3} F {:.3} | content P {:.3} R {:.3} F {:.3}",
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
}
