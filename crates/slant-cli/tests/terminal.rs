//! The first five minutes: the text view, the help texts' examples, shell
//! completions, the manual page, and errors a person can act on.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use unicode_width::UnicodeWidthStr;

fn slant() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_slant"));
    c.env_remove("NO_COLOR").env_remove("COLORTERM").env_remove("COLUMNS");
    c
}

fn run(args: &[&str]) -> Output {
    slant().args(args).stdin(Stdio::null()).output().expect("slant runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn example() -> String {
    repo().join("examples/harbour-tax.txt").to_str().unwrap().to_owned()
}

#[test]
fn the_text_view_wraps_tags_and_numbers_the_evidence() {
    for width in ["100", "40"] {
        let o = run(&["analyze", "--format", "text", "--color", "never", "--width", width, &example()]);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = stdout(&o);
        let w: usize = width.parse().unwrap();
        assert!(text.lines().all(|l| l.width() <= w), "{text}");
        assert!(!text.contains('\u{1b}'), "no colour when asked for none");
        for part in ["harbour-tax", "Harbour Council", "[1 ", "── Techniques", "── Spans", "why: ", "── Voices"] {
            assert!(text.contains(part), "{part} in:\n{text}");
        }
        // Words are whole: every word of the article is on one line.
        let words: Vec<&str> = text.split_whitespace().collect();
        assert!(words.contains(&"grandfathers") && words.contains(&"contempt]]"), "{text}");
    }
}

#[test]
fn a_pipe_gets_json_and_color_always_gets_colour() {
    let o = run(&["analyze", &example()]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON by default in a pipe");
    assert_eq!(json["articles"][0]["id"], "harbour-tax");
    let o = run(&["analyze", "--format", "text", "--color", "always", &example()]);
    assert!(stdout(&o).contains("\u{1b}["), "colour when asked for");
    let o = slant()
        .args(["analyze", "--format", "text", &example()])
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!stdout(&o).contains('\u{1b}'), "no colour off a terminal, nor with NO_COLOR");
}

#[test]
fn article_escape_codes_do_not_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("evil.txt");
    // (BEL would make the file binary; an OSC ends with ESC \ as well.)
    std::fs::write(&p, "The \u{1b}[31mcorrupt\u{1b}[0m mayor lied.\u{1b}]0;owned\u{1b}\\ Disgraceful!\u{c}\n").unwrap();
    let o = run(&["analyze", "--format", "text", "--color", "always", "--model", "baseline", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(!text.contains("\u{1b}[31m") && !text.contains("\u{1b}]") && !text.contains('\u{c}'), "{text:?}");
    assert!(!text.contains("owned"), "{text:?}");
    assert!(text.contains("corrupt"), "{text}");
}

#[test]
fn many_articles_get_one_line_each_and_totals() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("a.txt", "The corrupt mayor lied again. Shameful, disgraceful, outrageous!"),
        ("b.txt", "The council met on Tuesday and approved the budget."),
        ("c.txt", "Traitors and thugs run this evil regime of liars."),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let o = run(&["analyze", "--format", "text", "--width", "60", "--model", "baseline", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("article") && lines[0].contains("per 1k"), "{text}");
    for id in ["a ", "b ", "c "] {
        assert_eq!(lines.iter().filter(|l| l.starts_with(id)).count(), 1, "{id} in:\n{text}");
    }
    assert!(text.contains("── Totals") && text.contains("3 articles"), "{text}");
    assert!(lines.iter().all(|l| l.width() <= 60), "{text}");
}

/// The example commands at the end of a help text.
fn examples(help: &str) -> Vec<String> {
    let Some((_, tail)) = help.split_once("\nExamples:\n") else { return Vec::new() };
    tail.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_owned).collect()
}

/// Subcommand names listed in a help text.
fn subcommands(help: &str) -> Vec<String> {
    let Some((_, tail)) = help.split_once("\nCommands:\n") else { return Vec::new() };
    tail.lines()
        .take_while(|l| l.starts_with("  "))
        // A description clap wrapped goes on under its name, further in.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_help_ends_with_examples_that_work_when_pasted() {
    let mut paths: Vec<Vec<String>> = vec![vec![]];
    let mut i = 0;
    while i < paths.len() {
        let mut args = paths[i].clone();
        args.push("--help".into());
        let help = stdout(&slant().args(&args).output().unwrap());
        for sub in subcommands(&help) {
            let mut p = paths[i].clone();
            p.push(sub);
            paths.push(p);
        }
        i += 1;
    }
    assert!(paths.len() >= 14, "{paths:?}");
    // Pasted in a copy of the repository's root, with a home of its own.
    let work = tempfile::tempdir().unwrap();
    for entry in ["examples", "models", "crates"] {
        std::os::unix::fs::symlink(repo().join(entry), work.path().join(entry)).unwrap();
    }
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_slant")).parent().unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let (mut ran, mut skipped): (usize, Vec<(Vec<String>, String)>) = (0, Vec::new());
    for p in &paths {
        let help = stdout(&slant().args(p).arg("--help").output().unwrap());
        let commands = examples(&help);
        assert!((2..=3).contains(&commands.len()), "slant {} --help: {commands:?}", p.join(" "));
        assert!(help.trim_end().ends_with(commands.last().unwrap().as_str()), "examples end the help");
        for command in commands {
            // (A line clap wrapped in two fails here.)
            assert!(["slant ", "mkdir ", "source "].iter().any(|s| command.starts_with(s)), "{command}");
            // Data outside the repository (PTC), or a server that runs until stopped.
            // A command after a skipped one may need what it writes.
            let after_skipped = skipped.last().is_some_and(|(help, _)| help == p);
            let corpus = ["$PTC", "$POLNEAR", "$TIMEBANK"].iter().any(|v| command.contains(v));
            if corpus || command.starts_with("slant serve") || after_skipped {
                skipped.push((p.clone(), command));
                continue;
            }
            let o = Command::new("bash")
                .args(["-c", &command])
                .current_dir(work.path())
                .env("PATH", &path)
                .env("HOME", work.path())
                .env_remove("NO_COLOR")
                .stdin(Stdio::null())
                .output()
                .unwrap();
            assert!(o.status.success(), "`{command}` failed: {}", stderr(&o));
            ran += 1;
        }
    }
    eprintln!("ran {ran} examples; skipped (data outside the repository, or a server): {skipped:#?}");
    assert!(ran >= 10);
}

#[test]
fn completions_and_the_manual_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = run(&["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        assert!(stdout(&o).contains("analyze"), "{shell}");
    }
    let o = run(&["man"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains(".TH slant"), "{}", stdout(&o));
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["man", "--out-dir", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("slant-analyze.1").is_file());
}

/// An error line: one line, the input named, and a fix after `; `.
fn assert_actionable(o: &Output, input: &str, fix: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    let err = stderr(o);
    let line = err.lines().find(|l| l.contains("error:")).unwrap_or_else(|| panic!("no error line: {err}"));
    assert!(line.contains(input) && line.contains("; ") && line.contains(fix), "{line}");
}

#[test]
fn errors_name_the_input_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_owned()
    };
    let latin1 = file("latin1.txt", b"caf\xe9 au lait");
    let o = run(&["analyze", &latin1]);
    assert_actionable(&o, "latin1.txt", "invalid UTF-8 (byte 0xE9 at offset 3); convert it with `iconv -f latin1 -t utf-8`");
    assert_actionable(&run(&["analyze", &file("empty.txt", b"")]), "empty.txt", "give a file");
    assert_actionable(&run(&["analyze", &file("blank.txt", b" \n ")]), "blank.txt", "give a file");
    assert_actionable(&run(&["analyze", &file("doc.pdf", b"%PDF\x00\x01")]), "doc.pdf", "pdftotext");
    assert_actionable(&run(&["analyze", "/no/such/article.txt"]), "/no/such/article.txt", "check the path");
    let empty_dir = dir.path().join("nothing");
    std::fs::create_dir(&empty_dir).unwrap();
    assert_actionable(&run(&["analyze", empty_dir.to_str().unwrap()]), "nothing", "give a folder of .txt articles");
    let o = run(&["analyze", "-o", "/no/such/dir/out.json", &example()]);
    assert_actionable(&o, "/no/such/dir/out.json", "check that its folder exists");
    assert_actionable(&run(&["analyze", "--threshold", "7", &example()]), "--threshold", "try 0.5");
    let o = run(&["eval", "si", "--gold", "/no/gold.tsv", "--pred", &latin1]);
    assert_actionable(&o, "/no/gold.tsv", "check the path");
}
