//! Reading the gold set: texts with inline `[mention]{actor}` marks and a
//! header of kinds and acronym definitions (the format of `gold/README.md`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::actor::Kind;
use crate::error::ActorsError;

/// One gold text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldText {
    /// The file name without `.txt`.
    pub id: String,
    /// The article, markup removed.
    pub text: String,
    /// The gold mentions, in order of their opening mark.
    pub mentions: Vec<GoldMention>,
    /// The acronym definitions the text makes, as (short, long).
    pub acronyms: Vec<(String, String)>,
    /// Each actor's kind, where the header gives it.
    pub kinds: BTreeMap<String, Kind>,
}

/// One gold mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldMention {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The actor it belongs to.
    pub actor: String,
}

/// Reads every `*.txt` of a folder, sorted by name.
pub fn load_dir(dir: &Path) -> Result<Vec<GoldText>, ActorsError> {
    let io = |source| ActorsError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(ActorsError::NoGold {
            path: dir.to_path_buf(),
        });
    }
    paths.iter().map(|p| load_file(p)).collect()
}

/// Reads one gold file.
pub fn load_file(path: &Path) -> Result<GoldText, ActorsError> {
    let content = std::fs::read_to_string(path).map_err(|source| ActorsError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    parse(&id, &content).map_err(|(line, message)| ActorsError::Gold {
        path: path.to_path_buf(),
        line,
        message,
    })
}

/// Parses gold markup; errors give a 1-based line and a message.
pub fn parse(id: &str, content: &str) -> Result<GoldText, (usize, String)> {
    let mut kinds = BTreeMap::new();
    let mut acronyms = Vec::new();
    let mut body_line = 0;
    let lines: Vec<&str> = content.lines().collect();
    while body_line < lines.len() && lines[body_line].starts_with('#') {
        let line = lines[body_line].trim_start_matches('#').trim();
        if let Some(rest) = line.strip_prefix("kinds:") {
            for pair in rest.split_whitespace() {
                let (actor, kind) = pair
                    .split_once('=')
                    .ok_or((body_line + 1, format!("kind {pair:?} is not actor=kind")))?;
                let kind = match kind {
                    "person" => Kind::Person,
                    "organisation" => Kind::Organisation,
                    "place" => Kind::Place,
                    "group" => Kind::Group,
                    other => return Err((body_line + 1, format!("unknown kind {other:?}"))),
                };
                kinds.insert(actor.to_owned(), kind);
            }
        } else if let Some(rest) = line.strip_prefix("acronyms:") {
            for pair in rest.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                let (s, l) = pair.split_once('=').ok_or((
                    body_line + 1,
                    format!("acronym {pair:?} is not SHORT = long"),
                ))?;
                acronyms.push((s.trim().to_owned(), l.trim().to_owned()));
            }
        } else {
            return Err((body_line + 1, format!("unknown header line {line:?}")));
        }
        body_line += 1;
    }
    while body_line < lines.len() && lines[body_line].trim().is_empty() {
        body_line += 1;
    }
    let (text, mentions) = strip_marks(&lines[body_line.min(lines.len())..], body_line)?;
    if text.trim().is_empty() {
        return Err((body_line + 1, "the text is empty".to_owned()));
    }
    Ok(GoldText {
        id: id.to_owned(),
        text,
        mentions,
        acronyms,
        kinds,
    })
}

/// Removes `[…]{actor}` marks, returning the text and the mentions.
fn strip_marks(
    lines: &[&str],
    first_line: usize,
) -> Result<(String, Vec<GoldMention>), (usize, String)> {
    let mut text = String::new();
    let mut mentions: Vec<GoldMention> = Vec::new();
    let mut open: Vec<(usize, usize, usize)> = Vec::new(); // (start, line, slot in mentions)
    let mut pos = 0usize;
    for (n, line) in lines.iter().enumerate() {
        let line_no = first_line + n + 1;
        if n > 0 {
            text.push('\n');
            pos += 1;
        }
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '[' => {
                    open.push((pos, line_no, mentions.len()));
                    mentions.push(GoldMention {
                        start: pos,
                        end: pos,
                        actor: String::new(),
                    });
                }
                ']' => {
                    let (start, _, slot) = open
                        .pop()
                        .ok_or((line_no, "a ']' closes no '['".to_owned()))?;
                    if chars.next() != Some('{') {
                        return Err((line_no, "a ']' must be followed by {actor}".to_owned()));
                    }
                    let actor: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    if actor.is_empty() || actor.contains(['[', ']', '{', ' ']) {
                        return Err((line_no, format!("bad actor name {actor:?}")));
                    }
                    mentions[slot] = GoldMention {
                        start,
                        end: pos,
                        actor,
                    };
                }
                c => {
                    text.push(c);
                    pos += 1;
                }
            }
        }
    }
    if let Some((_, line, _)) = open.first() {
        return Err((*line, "a '[' is never closed".to_owned()));
    }
    Ok((text, mentions))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_marks_and_headers() {
        let g = parse(
            "t",
            "# kinds: mko=organisation r=person\n# acronyms: MKO = Mojahedin-e Khalq Organization\n\n[the [MKO]{mko} ringleader]{r}, “[Zoë]{z}” 🦊 [Rajavi]{r}.\n",
        )
        .unwrap();
        assert_eq!(g.text, "the MKO ringleader, “Zoë” 🦊 Rajavi.");
        let chars: Vec<char> = g.text.chars().collect();
        let texts: Vec<String> = g
            .mentions
            .iter()
            .map(|m| chars[m.start..m.end].iter().collect())
            .collect();
        assert_eq!(texts, ["the MKO ringleader", "MKO", "Zoë", "Rajavi"]);
        assert_eq!(
            g.acronyms,
            [(
                "MKO".to_owned(),
                "Mojahedin-e Khalq Organization".to_owned()
            )]
        );
        assert_eq!(g.kinds.get("mko"), Some(&Kind::Organisation));
    }

    #[test]
    fn refuses_broken_markup_with_a_line() {
        assert_eq!(parse("t", "a [b c").unwrap_err().0, 1);
        assert_eq!(parse("t", "# kinds: x=thing\n\nb").unwrap_err().0, 1);
        assert!(
            parse("t", "\n\nok] {x}")
                .unwrap_err()
                .1
                .contains("closes no")
        );
        assert!(parse("t", "[a] b").unwrap_err().1.contains("followed by"));
        assert!(parse("t", "# kinds:\n").unwrap_err().1.contains("empty"));
    }
}
