//! Development driver: cross-validates the heads on a PTC split, from one
//! cached encoder pass that keeps layers 0, 2, 4 and 6.
//!
//! usage: `cargo run --release -p slant-neural --example neural_cv -- DATA_DIR [CONFIG_JSON]`

use std::path::Path;

use slant_neural::corpus::Corpus;
use slant_neural::cv::cross_validate;
use slant_neural::fast::Precision;
use slant_neural::heads::HeadsConfig;
use slant_neural::{MiniLm, select_layers};

const CACHED: [usize; 4] = [0, 2, 4, 6];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = args.next().ok_or("usage: neural_cv DATA_DIR [CONFIG_JSON]")?;
    let cfg: HeadsConfig = match args.next() {
        Some(json) => serde_json::from_str(&json)?,
        None => HeadsConfig::default(),
    };
    let split = slant_corpus::Split::open(Path::new(&data))?;
    let minilm = MiniLm::locate(Precision::Bf16x3)?.with_layers(&CACHED)?;
    let t = std::time::Instant::now();
    let vectors = minilm.encode_cached(&split.documents, Path::new(".cache/neural"))?;
    let vectors: Vec<_> = vectors.into_iter().map(|v| select_layers(v, &CACHED, &cfg.layers, 384)).collect::<Result<_, _>>()?;
    eprintln!("encoded in {:.1}s", t.elapsed().as_secs_f64());
    let corpus = Corpus::new(&split.documents, &split.labels, vectors);
    let t = std::time::Instant::now();
    let classical = std::env::var_os("CLASSICAL").is_some();
    let r = cross_validate(&corpus, &split.labels, &cfg, 5, 1, classical, None)?;
    eprintln!("cv in {:.1}s", t.elapsed().as_secs_f64());
    println!("config {}", serde_json::to_string(&cfg)?);
    println!("SI P {:.4} R {:.4} F1 {:.4} spans {}", r.si.precision, r.si.recall, r.si.f1, r.si.predicted_spans);
    for p in r.sweep.iter().take(6) {
        println!("  t {:.2} s {:.2}: P {:.4} R {:.4} F1 {:.4} spans {}", p.threshold, p.sentence_threshold, p.si.precision, p.si.recall, p.si.f1, p.si.predicted_spans);
    }
    if let Some(p) = r.sweep.iter().find(|p| p.sentence_threshold > 1.0) {
        println!("  best without whole sentences: t {:.2}: F1 {:.4}", p.threshold, p.si.f1);
    }
    println!("TC micro-F1 {:.4}", r.tc.micro.f1);
    for t in &r.tc.per_technique {
        println!("  {:<40} F1 {:.3} gold {}", t.technique.label(), t.prf.f1, t.gold);
    }
    for b in &r.blend_sweep {
        println!(
            "  blend words {:.1} techniques {:.1}: SI F1 {:.4} (t {:.2} s {:.2}) TC {:.4}",
            b.blend.words, b.blend.techniques, b.best_si.si.f1, b.best_si.threshold, b.best_si.sentence_threshold, b.tc_micro_f1
        );
    }
    Ok(())
}
