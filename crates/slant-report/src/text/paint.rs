//! Terminal colours from the report's palette ([`crate::technique_style`]):
//! a tag filled with the technique's colour (solid-line techniques) or
//! underlined on its tint (dashed-line ones), and span text on the tint.
//! Every colour comes with a text colour, so the view reads on dark and
//! light terminals alike.

use anstyle::{Ansi256Color, Color, RgbColor, Style};
use slant_text::Technique;

use crate::{Line, technique_style};

/// Which escape codes colour the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColourMode {
    /// No colour, no escape codes at all.
    #[default]
    Off,
    /// The 256-colour palette every modern terminal has.
    Palette256,
    /// 24-bit colour (`COLORTERM=truecolor`).
    Rgb,
}

/// What a piece of the view is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ink {
    /// Ordinary text.
    Plain,
    /// Headings and numbers that guide the eye.
    Strong,
    /// Secondary details.
    Faint,
    /// A technique's tag (`1 LOAD`).
    Tag(Technique),
    /// Text inside a technique span.
    Span(Technique),
}

/// Dark text on tints and light fills.
const DARK: (u8, u8, u8) = (0x1b, 0x1b, 0x1b);

impl Ink {
    /// The escape-code style of this ink in `mode`.
    pub(crate) fn style(self, mode: ColourMode) -> Style {
        if mode == ColourMode::Off {
            return Style::new();
        }
        match self {
            Ink::Plain => Style::new(),
            Ink::Strong => Style::new().bold(),
            Ink::Faint => Style::new().dimmed(),
            Ink::Tag(t) => {
                let s = technique_style(t);
                match s.line {
                    Line::Solid => Style::new()
                        .bold()
                        .bg_color(Some(colour(rgb(s.colour), mode)))
                        .fg_color(Some(colour(rgb(s.ink), mode))),
                    Line::Dashed => Style::new()
                        .bold()
                        .underline()
                        .bg_color(Some(colour(tint(rgb(s.colour)), mode)))
                        .fg_color(Some(colour(DARK, mode))),
                }
            }
            Ink::Span(t) => Style::new()
                .bg_color(Some(colour(tint(rgb(technique_style(t).colour)), mode)))
                .fg_color(Some(colour(DARK, mode))),
        }
    }
}

/// `#rrggbb` as numbers (black for anything malformed).
fn rgb(hex: &str) -> (u8, u8, u8) {
    let part = |i: usize| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
    (part(1), part(3), part(5))
}

/// A light tint of a colour, for backgrounds under running text.
fn tint((r, g, b): (u8, u8, u8)) -> (u8, u8, u8) {
    let mix = |c: u8| ((u16::from(c) * 2 + 255 * 3) / 5) as u8;
    (mix(r), mix(g), mix(b))
}

fn colour(c: (u8, u8, u8), mode: ColourMode) -> Color {
    match mode {
        ColourMode::Rgb => Color::Rgb(RgbColor(c.0, c.1, c.2)),
        _ => Color::Ansi256(Ansi256Color(nearest_256(c))),
    }
}

/// The nearest colour of the xterm 256-colour cube and grey ramp.
fn nearest_256((r, g, b): (u8, u8, u8)) -> u8 {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let level = |c: u8| LEVELS.iter().enumerate().min_by_key(|(_, l)| (i32::from(**l) - i32::from(c)).abs()).map_or(0, |(i, _)| i);
    let dist = |(x, y, z): (u8, u8, u8)| {
        let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        d(x, r) + d(y, g) + d(z, b)
    };
    let (ri, gi, bi) = (level(r), level(g), level(b));
    let cube = (LEVELS[ri], LEVELS[gi], LEVELS[bi]);
    let cube_index = 16 + 36 * ri + 6 * gi + bi;
    let mean = (u16::from(r) + u16::from(g) + u16::from(b)) / 3;
    let grey_step = (mean.saturating_sub(8) / 10).min(23) as u8;
    let grey = 8 + 10 * grey_step;
    if dist((grey, grey, grey)) < dist(cube) { 232 + grey_step } else { cube_index as u8 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_colours_map_to_the_256_cube() {
        assert_eq!(nearest_256((0, 0, 0)), 16);
        assert_eq!(nearest_256((255, 255, 255)), 231);
        assert_eq!(nearest_256((0xD5, 0x5E, 0x00)), 166, "vermillion");
        assert_eq!(nearest_256((0x80, 0x80, 0x80)), 244, "a grey uses the ramp");
    }

    #[test]
    fn no_colour_means_no_escape_codes() {
        for t in Technique::ALL {
            for ink in [Ink::Tag(t), Ink::Span(t), Ink::Strong] {
                assert_eq!(ink.style(ColourMode::Off).render().to_string(), "");
            }
        }
    }

    #[test]
    fn tags_use_the_report_palette() {
        let s = Ink::Tag(Technique::LoadedLanguage).style(ColourMode::Rgb).render().to_string();
        assert!(s.contains("48;2;213;94;0"), "{s:?}");
    }
}
