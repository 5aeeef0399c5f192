//! Prints where a model's attributions differ from the gold on a split:
//! for each role, each gold item without an exact match beside the
//! predicted items that overlap it, then predicted items that overlap no
//! gold.
//!
//! ```sh
//! cargo run --release -p slant-voices --example errors -- MODEL SPLIT_DIR [ROLE] [LIMIT]
//! ```

use anyhow::{Context, Result};
use slant_text::Span;
use slant_voices::corpus::read_split;
use slant_voices::{GoldAttribution, Voices};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let model = std::fs::read(args.first().context("MODEL")?)?;
    let split = read_split(args.get(1).context("SPLIT_DIR")?.as_ref())?;
    let role = args.get(2).map_or("cue", String::as_str);
    let limit: usize = args.get(3).map_or(Ok(60), |s| s.parse())?;
    let voices = Voices::from_bytes(&model)?;
    let pick = |a: &GoldAttribution| -> Vec<Span> {
        match role {
            "source" => a.source.clone(),
            "content" => a.content.clone(),
            _ => a.cue.clone(),
        }
    };
    let (mut shown, mut spurious) = (0, Vec::new());
    // Piece-level view: every piece its own item (what the tagger gets
    // right regardless of joining).
    let (mut pieces_gold, mut pieces_pred, mut pieces_hit) = (0usize, 0usize, 0usize);
    for g in &split {
        let chars: Vec<char> = g.document.text().chars().collect();
        let show = |p: &[Span]| {
            p.iter()
                .map(|s| chars[s.start..s.end].iter().collect::<String>().replace('\n', "⏎"))
                .collect::<Vec<_>>()
                .join(" … ")
        };
        let pred: Vec<Vec<Span>> = voices
            .attributions(&g.document)
            .iter()
            .map(GoldAttribution::from)
            .map(|a| pick(&a))
            .filter(|p| !p.is_empty())
            .collect();
        let gold: Vec<Vec<Span>> = g.attributions.iter().map(pick).filter(|p| !p.is_empty()).collect();
        let trim = |s: &Span| -> String {
            chars[s.start..s.end].iter().collect::<String>().trim_matches(|c: char| !c.is_alphanumeric()).to_owned()
        };
        let gp: Vec<(usize, String)> = gold.iter().flatten().map(|s| (s.start, trim(s))).collect();
        let pp: Vec<(usize, String)> = pred.iter().flatten().map(|s| (s.start, trim(s))).collect();
        pieces_gold += gp.len();
        pieces_pred += pp.len();
        pieces_hit += gp.iter().filter(|g| pp.iter().any(|p| p.1 == g.1 && p.0.abs_diff(g.0) < 3)).count();
        let overlaps = |a: &[Span], b: &[Span]| a.iter().any(|x| b.iter().any(|y| x.overlaps(*y)));
        for gi in &gold {
            if pred.iter().any(|p| {
                show(p).trim_matches(|c: char| !c.is_alphanumeric())
                    == show(gi).trim_matches(|c: char| !c.is_alphanumeric())
            }) {
                continue;
            }
            let near: Vec<String> = pred.iter().filter(|p| overlaps(p, gi)).map(|p| show(p)).collect();
            if shown < limit {
                let ctx_s = gi[0].start.saturating_sub(40);
                let ctx_e = (gi[gi.len() - 1].end + 40).min(chars.len());
                println!(
                    "G: {}\nP: {}\n   [{}]\n",
                    show(gi),
                    near.join(" | "),
                    chars[ctx_s..ctx_e].iter().collect::<String>().replace('\n', "⏎")
                );
                shown += 1;
            }
        }
        for p in &pred {
            if !gold.iter().any(|gi| overlaps(p, gi)) {
                let ctx_s = p[0].start.saturating_sub(40);
                let ctx_e = (p[p.len() - 1].end + 40).min(chars.len());
                spurious.push(format!(
                    "{}   [{}]",
                    show(p),
                    chars[ctx_s..ctx_e].iter().collect::<String>().replace('\n', "⏎")
                ));
            }
        }
    }
    println!(
        "pieces: gold {pieces_gold} predicted {pieces_pred} exact {pieces_hit} (P {:.3} R {:.3})",
        pieces_hit as f64 / pieces_pred as f64,
        pieces_hit as f64 / pieces_gold as f64
    );
    println!("--- predicted, overlapping no gold ({}):", spurious.len());
    for s in spurious.iter().take(limit) {
        println!("{s}");
    }
    Ok(())
}
