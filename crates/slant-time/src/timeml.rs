//! Reads TimeML (`.tml`) files: the text of `<TEXT>` with its tags removed,
//! the document creation time, and the gold `TIMEX3` spans in code points.

use std::path::{Path, PathBuf};

use crate::timex::{Timex, TimexMod, TimexType};
use crate::{Date, TimeError};

/// One TimeML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimemlDoc {
    /// `<DOCID>`, else the file name without extension.
    pub id: String,
    /// The document creation time (the date of `<DCT>`'s `TIMEX3`).
    pub dct: Date,
    /// The content of `<TEXT>` with every tag removed and entities decoded.
    pub text: String,
    /// The gold time expressions of the text, in order.
    pub timexes: Vec<Timex>,
}

/// Reads one `.tml` file.
pub fn read_timeml(path: &Path) -> Result<TimemlDoc, TimeError> {
    let xml = std::fs::read_to_string(path).map_err(|source| TimeError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse_timeml(path, &xml)
}

/// Reads every `*.tml` file of a folder, in name order.
pub fn read_timeml_dir(dir: &Path) -> Result<Vec<TimemlDoc>, TimeError> {
    let io = |source| TimeError::Io {
        path: dir.to_owned(),
        source,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()).map_err(io))
        .collect::<Result<Vec<_>, _>>()?;
    paths.retain(|p| p.extension().is_some_and(|e| e == "tml") && p.is_file());
    paths.sort();
    if paths.is_empty() {
        return Err(TimeError::NoTimeml {
            path: dir.to_owned(),
        });
    }
    paths.iter().map(|p| read_timeml(p)).collect()
}

/// Parses TimeML held in `xml`; `path` names it in errors.
pub fn parse_timeml(path: &Path, xml: &str) -> Result<TimemlDoc, TimeError> {
    let fail = |at: usize, problem: String| TimeError::Malformed {
        path: path.to_owned(),
        line: xml[..at.min(xml.len())]
            .bytes()
            .filter(|&b| b == b'\n')
            .count()
            + 1,
        problem,
    };
    let dct_start = xml
        .find("<DCT>")
        .ok_or_else(|| fail(0, "no <DCT> element".into()))?;
    let dct_end = xml[dct_start..]
        .find("</DCT>")
        .map(|e| dct_start + e)
        .ok_or_else(|| fail(dct_start, "<DCT> is never closed".into()))?;
    let dct_tag = xml[dct_start..dct_end]
        .find("<TIMEX3")
        .map(|t| &xml[dct_start + t..dct_end])
        .ok_or_else(|| fail(dct_start, "<DCT> holds no TIMEX3".into()))?;
    let dct_value = attribute(dct_tag, "value")
        .ok_or_else(|| fail(dct_start, "the DCT's TIMEX3 has no value".into()))?;
    let dct: Date = dct_value
        .get(..10)
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| {
            fail(
                dct_start,
                format!("the DCT value {dct_value:?} does not start with a YYYY-MM-DD date"),
            )
        })?;
    let open = xml
        .find("<TEXT>")
        .ok_or_else(|| fail(0, "no <TEXT> element".into()))?;
    let body_start = open + "<TEXT>".len();
    let close = xml[body_start..]
        .find("</TEXT>")
        .map(|e| body_start + e)
        .ok_or_else(|| fail(open, "<TEXT> is never closed".into()))?;
    let (text, timexes) = strip(&xml[body_start..close], body_start, &fail)?;
    let id = element(xml, "DOCID")
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            path.file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
        });
    Ok(TimemlDoc {
        id,
        dct,
        text,
        timexes,
    })
}

/// The text of the first `<name>…</name>`.
fn element<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let start = xml.find(&format!("<{name}>"))? + name.len() + 2;
    let end = xml[start..].find(&format!("</{name}>"))?;
    Some(&xml[start..start + end])
}

/// The value of attribute `name` in a start tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before_ok = at > 0 && rest.as_bytes()[at - 1].is_ascii_whitespace();
        let after = &rest[at + name.len()..];
        if before_ok && let Some(quoted) = after.trim_start().strip_prefix('=') {
            let quoted = quoted.trim_start();
            let q = quoted.chars().next()?;
            if q == '"' || q == '\'' {
                let end = quoted[1..].find(q)?;
                return Some(&quoted[1..=end]);
            }
        }
        rest = after;
    }
    None
}

/// Decodes the entity starting at `s` ("&amp;..."): the character and the
/// entity's length in bytes.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.get(..12).unwrap_or(s).find(';')?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let code =
                if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    name.strip_prefix('#')?.parse().ok()?
                };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

type Fail<'a> = &'a dyn Fn(usize, String) -> TimeError;

/// Removes the tags of `body` (which starts at byte `offset` of the file),
/// collecting the TIMEX3 spans in code points of the result.
fn strip(body: &str, offset: usize, fail: Fail) -> Result<(String, Vec<Timex>), TimeError> {
    let mut text = String::with_capacity(body.len());
    let mut chars = 0usize;
    let mut timexes = Vec::new();
    // The open TIMEX3: start (code points), start (bytes of `text`), attributes.
    let mut open: Option<(usize, usize, TimexType, String, Option<TimexMod>)> = None;
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        if rest.starts_with('<') {
            let end = rest
                .find('>')
                .ok_or_else(|| fail(offset + i, "a tag is never closed ('>' missing)".into()))?;
            let tag = &rest[1..end];
            if let Some(name) = tag.strip_prefix('/') {
                if name.trim() == "TIMEX3" {
                    let (start, byte_start, kind, value, modifier) =
                        open.take().ok_or_else(|| {
                            fail(offset + i, "</TIMEX3> without an open TIMEX3".into())
                        })?;
                    timexes.push(Timex {
                        start,
                        end: chars,
                        text: text[byte_start..].to_owned(),
                        kind,
                        value,
                        resolved: true,
                        modifier,
                        range: None,
                    });
                }
            } else if tag.starts_with("TIMEX3") && !tag.ends_with('/') {
                if open.is_some() {
                    return Err(fail(offset + i, "a TIMEX3 inside another TIMEX3".into()));
                }
                let tid = attribute(tag, "tid").unwrap_or("?");
                let kind = attribute(tag, "type")
                    .and_then(TimexType::parse)
                    .ok_or_else(|| {
                        fail(
                            offset + i,
                            format!("TIMEX3 {tid} has no valid type (DATE, TIME, DURATION, SET)"),
                        )
                    })?;
                let value = attribute(tag, "value").unwrap_or("").to_owned();
                let modifier = attribute(tag, "mod").and_then(serde_plain_mod);
                open = Some((chars, text.len(), kind, value, modifier));
            }
            i += end + 1;
        } else if rest.starts_with('&') {
            let (c, len) = entity(rest).ok_or_else(|| {
                let shown: String = rest.chars().take(10).collect();
                fail(
                    offset + i,
                    format!("unknown or unterminated entity {shown:?}"),
                )
            })?;
            text.push(c);
            chars += 1;
            i += len;
        } else {
            let next = rest.find(['<', '&']).unwrap_or(rest.len());
            let chunk = &rest[..next];
            text.push_str(chunk);
            chars += chunk.chars().count();
            i += next;
        }
    }
    if open.is_some() {
        return Err(fail(
            offset + body.len(),
            "a TIMEX3 is still open at </TEXT>".into(),
        ));
    }
    Ok((text, timexes))
}

fn serde_plain_mod(m: &str) -> Option<TimexMod> {
    Some(match m {
        "START" => TimexMod::Start,
        "MID" => TimexMod::Mid,
        "END" => TimexMod::End,
        "APPROX" => TimexMod::Approx,
        "MORE_THAN" => TimexMod::MoreThan,
        "LESS_THAN" => TimexMod::LessThan,
        "EQUAL_OR_MORE" => TimexMod::EqualOrMore,
        "EQUAL_OR_LESS" => TimexMod::EqualOrLess,
        "BEFORE" => TimexMod::Before,
        "AFTER" => TimexMod::After,
        "ON_OR_BEFORE" => TimexMod::OnOrBefore,
        "ON_OR_AFTER" => TimexMod::OnOrAfter,
        _ => return None,
    })
}
