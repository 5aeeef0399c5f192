//! How each technique is drawn: a colour from the Okabe–Ito palette (safe for
//! the common colour-vision deficiencies), a line style and a short tag, so
//! that colour is never the only cue. One row per technique, in the order of
//! [`Technique::ALL`]; the HTML report, the web page and `GET /api/techniques`
//! all read this table.

use serde::Serialize;
use slant_text::Technique;

/// Line style of a technique's underline (and of its legend swatch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Line {
    /// A solid line and a filled tag: the seven most frequent techniques in
    /// the PTC training data.
    Solid,
    /// A dashed line and an outlined tag: the seven rarer ones, which reuse
    /// the seven colours.
    Dashed,
}

/// Everything a page needs to draw and explain one technique.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TechniqueStyle {
    /// Position in [`Technique::ALL`] (the CSS class is `t<index>`).
    pub index: usize,
    /// The exact SemEval-2020 label, as in analysis records.
    pub label: &'static str,
    /// The stable snake-case code.
    pub code: &'static str,
    /// The display name.
    pub name: &'static str,
    /// A short definition.
    pub definition: &'static str,
    /// An invented example; the fragment is between `[` and `]`.
    pub example: &'static str,
    /// A short tag drawn at the start of each span.
    pub abbr: &'static str,
    /// The colour, `#rrggbb`.
    pub colour: &'static str,
    /// Text colour on a tag filled with `colour` (contrast ≥ 4.5:1).
    pub ink: &'static str,
    /// Line style.
    pub line: Line,
}

// Okabe & Ito (2008), "Color Universal Design"; yellow is left out because
// it is invisible as a thin line on white.
const VERMILLION: &str = "#D55E00";
const BLUE: &str = "#0072B2";
const GREEN: &str = "#009E73";
const PURPLE: &str = "#CC79A7";
const ORANGE: &str = "#E69F00";
const SKY: &str = "#56B4E9";
const BLACK: &str = "#000000";

/// Tag, colour and line per technique, in [`Technique::ALL`] order. The seven
/// most frequent techniques get seven distinct colours with solid lines.
const ROWS: [(&str, &str, Line); Technique::COUNT] = [
    ("AUTH", GREEN, Line::Dashed),     // Appeal_to_Authority
    ("FEAR", BLACK, Line::Solid),      // Appeal_to_fear-prejudice
    ("BAND", BLACK, Line::Dashed),     // Bandwagon,Reductio_ad_hitlerum
    ("B/W", PURPLE, Line::Dashed),     // Black-and-White_Fallacy
    ("CAUSE", VERMILLION, Line::Dashed), // Causal_Oversimplification
    ("DOUBT", PURPLE, Line::Solid),    // Doubt
    ("EXAG", ORANGE, Line::Solid),     // Exaggeration,Minimisation
    ("FLAG", SKY, Line::Solid),        // Flag-Waving
    ("LOAD", VERMILLION, Line::Solid), // Loaded_Language
    ("NAME", BLUE, Line::Solid),       // Name_Calling,Labeling
    ("REP", GREEN, Line::Solid),       // Repetition
    ("SLOGAN", BLUE, Line::Dashed),    // Slogans
    ("CLICHÉ", ORANGE, Line::Dashed),  // Thought-terminating_Cliches
    ("WHAT", SKY, Line::Dashed),       // Whataboutism,Straw_Men,Red_Herring
];

/// The drawing style of `technique`.
pub fn technique_style(technique: Technique) -> TechniqueStyle {
    let (abbr, colour, line) = ROWS[technique.index()];
    let info = technique.info();
    // White reads on the two dark colours only; black on the others.
    let ink = if colour == BLUE || colour == BLACK { "#FFFFFF" } else { "#000000" };
    TechniqueStyle {
        index: technique.index(),
        label: info.label,
        code: info.code,
        name: info.name,
        definition: info.definition,
        example: info.example,
        abbr,
        colour,
        ink,
        line,
    }
}

/// The styles of all techniques, in [`Technique::ALL`] order.
pub fn technique_styles() -> Vec<TechniqueStyle> {
    Technique::ALL.iter().map(|&t| technique_style(t)).collect()
}

/// CSS rules giving each technique class `t<index>` its colour (`--c`), line
/// style (`--ls`) and tag colours (`--tb` background, `--tf` text): filled
/// for solid-line techniques, outlined for dashed ones.
pub(crate) fn palette_css() -> String {
    use std::fmt::Write;
    let mut css = String::from("/* Technique palette, generated from the technique table. */\n");
    for s in technique_styles() {
        let (line, fill, text) = match s.line {
            Line::Solid => ("solid", s.colour, s.ink),
            Line::Dashed => ("dashed", "#FFFFFF", "#1B1B1B"),
        };
        // Writing to a String cannot fail.
        let _ = writeln!(css, ".t{}{{--c:{};--ls:{line};--tb:{fill};--tf:{text}}}", s.index, s.colour);
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_technique_has_a_distinct_look() {
        let styles = technique_styles();
        assert_eq!(styles.len(), Technique::COUNT);
        let looks: HashSet<_> = styles.iter().map(|s| (s.colour, s.line)).collect();
        assert_eq!(looks.len(), Technique::COUNT, "colour + line identify a technique");
        let tags: HashSet<_> = styles.iter().map(|s| s.abbr).collect();
        assert_eq!(tags.len(), Technique::COUNT, "tags are unique");
        for (i, s) in styles.iter().enumerate() {
            assert_eq!(s.index, i);
            assert_eq!(Technique::from_label(s.label).map(Technique::index), Some(i));
        }
    }

    #[test]
    fn the_most_frequent_techniques_get_distinct_solid_colours() {
        let frequent = [
            Technique::LoadedLanguage,
            Technique::NameCallingLabeling,
            Technique::Repetition,
            Technique::Doubt,
            Technique::ExaggerationMinimisation,
            Technique::FlagWaving,
            Technique::AppealToFearPrejudice,
        ];
        let colours: HashSet<_> = frequent.iter().map(|&t| technique_style(t).colour).collect();
        assert_eq!(colours.len(), frequent.len());
        assert!(frequent.iter().all(|&t| technique_style(t).line == Line::Solid));
    }

    #[test]
    fn palette_css_has_one_rule_per_technique() {
        let css = palette_css();
        for i in 0..Technique::COUNT {
            assert!(css.contains(&format!(".t{i}{{--c:#")), "rule for t{i}");
        }
    }
}
