//! Scores the time expressions of slant against TimeML gold files and
//! lists the errors: `cargo run --release -p slant-time --example timeml --
//! DIR [--errors | --all]` (`--all` lists the right ones too).

// TimeML, TimeBank and TempEval are names, not code.
#![allow(clippy::doc_markdown)]

use std::path::PathBuf;
use std::process::ExitCode;

use slant_time::{Counts, align, find_timexes_in, read_timeml_dir};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: timeml DIR [--errors | --all]");
        return ExitCode::from(2);
    };
    let all = args.iter().any(|a| a == "--all");
    let show = all || args.iter().any(|a| a == "--errors");
    let docs = match read_timeml_dir(&PathBuf::from(dir)) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut counts = Counts::default();
    for doc in &docs {
        let system = find_timexes_in(&doc.text, Some(doc.dct));
        counts.add(&doc.timexes, &system);
        if !show {
            continue;
        }
        for (g, s) in align(&doc.timexes, &system) {
            let g = g.map(|g| &doc.timexes[g]);
            let s = s.map(|s| &system[s]);
            let ctx = |start: usize, end: usize| -> String {
                let chars: Vec<char> = doc.text.chars().collect();
                let a = start.saturating_sub(30);
                let b = (end + 20).min(chars.len());
                let mut out: String = chars[a..start].iter().collect();
                out.push_str("[[");
                out.extend(&chars[start..end]);
                out.push_str("]]");
                out.extend(&chars[end..b]);
                out.replace('\n', " ")
            };
            let tag = match (g, s) {
                (Some(g), None) => {
                    format!("MISS  {:?} {} | {}", g.kind, g.value, ctx(g.start, g.end))
                }
                (None, Some(s)) => {
                    format!("SPUR  {:?} {} | {}", s.kind, s.value, ctx(s.start, s.end))
                }
                (Some(g), Some(s)) => {
                    let span = g.start != s.start || g.end != s.end;
                    let kind = g.kind != s.kind;
                    let value = g.value != s.value;
                    if !span && !kind && !value && !all {
                        continue;
                    }
                    format!(
                        "{}{}{}{} gold {:?} {} {:?} / sys {:?} {} {:?} | {}",
                        if span { "SPAN " } else { "" },
                        if kind { "TYPE " } else { "" },
                        if value { "VALUE " } else { "" },
                        if span || kind || value { "" } else { "OK " },
                        g.kind,
                        g.value,
                        g.text,
                        s.kind,
                        s.value,
                        s.text,
                        ctx(g.start.min(s.start), g.end.max(s.end))
                    )
                }
                (None, None) => continue,
            };
            println!("{} {} {tag}", doc.id, doc.dct);
        }
    }
    let s = counts.scores();
    println!(
        "documents {}  gold {}  system {}\nstrict   P {:.3} R {:.3} F1 {:.3}\nrelaxed  P {:.3} R {:.3} F1 {:.3}\ntype     accuracy {:.3} F1 {:.3}\nvalue    accuracy {:.3} F1 {:.3}",
        docs.len(),
        s.counts.gold,
        s.counts.system,
        s.strict.precision,
        s.strict.recall,
        s.strict.f1,
        s.relaxed.precision,
        s.relaxed.recall,
        s.relaxed.f1,
        s.kind.accuracy,
        s.kind.f1,
        s.value.accuracy,
        s.value.f1
    );
    ExitCode::SUCCESS
}
