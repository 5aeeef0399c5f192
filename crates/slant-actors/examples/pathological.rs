//! Times the actors reading on the inputs issue 33 names: one name repeated
//! 100,000 times, 1,000 acronyms in a row, unbalanced parentheses.
//!
//! `cargo run --release -p slant-actors --example pathological`

use std::time::Instant;

use slant_actors::{Context, read_actors};

fn main() {
    let acronyms: String = (0..1000u32)
        .flat_map(|i| {
            [
                'A',
                char::from(b'A' + (i % 26) as u8),
                char::from(b'A' + (i / 26 % 26) as u8),
                ' ',
            ]
        })
        .collect();
    let cases = [
        ("one name x 100,000", "Maryam Sanjabi ".repeat(100_000)),
        (
            "one name x 100,000, sentences",
            "Sanjabi said she left. ".repeat(100_000),
        ),
        ("1,000 acronyms", acronyms.clone()),
        ("1,000 acronyms x 100", acronyms.repeat(100)),
        (
            "100,000 '(' then ')'",
            "(".repeat(100_000) + &")".repeat(100_000),
        ),
        (
            "'((MKO' x 30,000",
            "the Mojahedin-e Khalq Organization ((MKO ".repeat(30_000),
        ),
    ];
    for (name, text) in &cases {
        let t = Instant::now();
        let r = read_actors(text, &Context::default());
        let mentions: usize = r.actors.iter().map(|a| a.mentions.len()).sum();
        println!(
            "{name:32} {:>9} chars {:>8.1} ms  {:>6} actors {:>7} mentions {:>5} acronym definitions",
            text.chars().count(),
            t.elapsed().as_secs_f64() * 1e3,
            r.actors.len(),
            mentions,
            r.acronyms.len()
        );
    }
}
