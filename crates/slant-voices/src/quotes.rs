//! Quotation regions: which tokens lie between a pair of quotation marks.
//!
//! One linear pass per paragraph. Curly marks say which side they are; a
//! straight `"` opens after a space and closes before one, else toggles. A
//! region never crosses a paragraph: an unclosed one ends with its paragraph
//! (the press convention for a quote that runs on into the next paragraph,
//! which opens again with a mark, is flagged as `continued`). An opening mark
//! inside an open region starts a new region; a closing mark with nothing
//! open is only noted. So unbalanced, nested or endless runs of marks give
//! regions in linear time.

use std::ops::Range;

use crate::token::Token;

/// What a token is as a quotation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Mark {
    #[default]
    None,
    Open,
    Close,
    /// A closing mark with no open region.
    StrayClose,
    InnerOpen,
    InnerClose,
}

/// A double-quotation region: tokens `tokens` (marks included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Region {
    pub tokens: Range<usize>,
    /// Whether a closing mark ends it.
    pub closed: bool,
    /// Unclosed at paragraph end, and the next paragraph opens a quote.
    pub continued: bool,
}

/// The quotation structure of one text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Quotes {
    pub regions: Vec<Region>,
    /// Per token: its region, or `NONE`.
    pub region_of: Vec<u32>,
    pub mark: Vec<Mark>,
    /// Per token: inside single quotation marks.
    pub inner: Vec<bool>,
}

pub(crate) const NONE: u32 = u32::MAX;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Open,
    Close,
    Either,
}

fn double_side(word: &str) -> Option<Side> {
    match word {
        "“" | "„" | "«" => Some(Side::Open),
        "”" | "»" => Some(Side::Close),
        "\"" | "″" => Some(Side::Either),
        _ => None,
    }
}

fn single_side(word: &str) -> Option<Side> {
    match word {
        "‘" | "‹" => Some(Side::Open),
        "’" | "›" => Some(Side::Close),
        "'" => Some(Side::Either),
        _ => None,
    }
}

/// Resolves a straight mark from the spaces around it.
fn resolve(side: Side, tokens: &[Token], i: usize, is_open: bool) -> Side {
    if side != Side::Either {
        return side;
    }
    let gap_before = i == 0 || tokens[i].gap_before;
    let gap_after = tokens.get(i + 1).is_none_or(|t| t.gap_before);
    match (gap_before, gap_after) {
        (true, false) => Side::Open,
        (false, true) => Side::Close,
        _ if is_open => Side::Close,
        _ => Side::Open,
    }
}

impl Quotes {
    pub fn new(text: &str, tokens: &[Token], paragraphs: &[Range<usize>]) -> Self {
        let mut q = Self {
            regions: Vec::new(),
            region_of: vec![NONE; tokens.len()],
            mark: vec![Mark::None; tokens.len()],
            inner: vec![false; tokens.len()],
        };
        for (p, para) in paragraphs.iter().enumerate() {
            let mut open: Option<usize> = None;
            let mut inner_open: Option<usize> = None;
            for i in para.clone() {
                let word = tokens[i].text(text);
                if let Some(side) = double_side(word) {
                    if resolve(side, tokens, i, open.is_some()) == Side::Close {
                        if let Some(o) = open.take() {
                            q.mark[i] = Mark::Close;
                            q.regions.push(Region { tokens: o..i + 1, closed: true, continued: false });
                        } else {
                            q.mark[i] = Mark::StrayClose;
                        }
                    } else {
                        if let Some(o) = open.replace(i) {
                            q.regions.push(Region { tokens: o..i, closed: false, continued: false });
                        }
                        q.mark[i] = Mark::Open;
                    }
                    inner_open = None;
                } else if let Some(side) = single_side(word) {
                    match resolve(side, tokens, i, inner_open.is_some()) {
                        Side::Close => {
                            if let Some(o) = inner_open.take() {
                                q.mark[o] = Mark::InnerOpen;
                                q.mark[i] = Mark::InnerClose;
                                q.inner[o..=i].iter_mut().for_each(|x| *x = true);
                            }
                        }
                        _ => inner_open = Some(i),
                    }
                }
            }
            if let Some(o) = open {
                let continued = paragraphs
                    .get(p + 1)
                    .is_some_and(|next| double_side(tokens[next.start].text(text)).is_some_and(|s| s != Side::Close));
                q.regions.push(Region { tokens: o..para.end, closed: false, continued });
            }
        }
        for (r, region) in q.regions.iter().enumerate() {
            q.region_of[region.tokens.clone()].iter_mut().for_each(|x| *x = r as u32);
        }
        q
    }

    /// The region holding token `i`.
    pub fn region(&self, i: usize) -> Option<&Region> {
        let r = *self.region_of.get(i)?;
        (r != NONE).then(|| &self.regions[r as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Layout;
    use crate::token::tokenize;

    fn quoted(text: &str) -> Vec<String> {
        let toks = tokenize(text);
        let layout = Layout::new(text, &toks);
        let q = Quotes::new(text, &toks, &layout.paragraphs);
        q.regions
            .iter()
            .map(|r| text[toks[r.tokens.start].byte_start..toks[r.tokens.end - 1].byte_end].to_owned())
            .collect()
    }

    #[test]
    fn pairs_curly_and_straight_marks() {
        assert_eq!(quoted("He said “no way,” and then \"we ‘won’ it\" — right."), ["“no way,”", "\"we ‘won’ it\""]);
    }

    #[test]
    fn unbalanced_marks_end_with_the_paragraph() {
        assert_eq!(quoted("“One two.\n\n“Three.” Four”"), ["“One two.", "“Three.”"]);
        let text = "“One\n\n“Two”";
        let toks = tokenize(text);
        let layout = Layout::new(text, &toks);
        let q = Quotes::new(text, &toks, &layout.paragraphs);
        assert!(q.regions[0].continued && !q.regions[0].closed);
        assert_eq!(q.mark.last(), Some(&Mark::Close));
        let text = "a” b";
        let toks = tokenize(text);
        let para = 0..toks.len();
        let q = Quotes::new(text, &toks, std::slice::from_ref(&para));
        assert_eq!(q.mark[1], Mark::StrayClose);
        assert!(q.regions.is_empty());
    }

    #[test]
    fn an_opening_mark_inside_a_region_starts_a_new_one() {
        assert_eq!(quoted("“a “b” c"), ["“a", "“b”"]);
    }

    #[test]
    fn many_marks_in_a_row_pair_up() {
        let text = "\"".repeat(6);
        assert_eq!(quoted(&text).len(), 3);
    }
}
