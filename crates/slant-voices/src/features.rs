//! Token features, hashed: the words around a token, its shape, quotation
//! marks and the region it sits in, and where the nearest cue-like word is.
//!
//! Stage one sees the text only; stage two also sees stage one's tags (where
//! the predicted cues are), which is how sources and contents are placed
//! relative to their cue. Everything here is linear in the text.

use std::collections::HashMap;
use std::ops::Range;

use crate::hash::{self, f1, f2, f3};
use crate::layout::Layout;
use crate::quotes::{Mark, NONE, Quotes};
use crate::tagger::{Role, Tag};
use crate::token::{Token, tokenize};

/// Words that often are or start a cue, learnt from training data, each
/// with a class (1 to 3, higher is more often a cue).
/// Also word clusters (coarse and fine), from distributional word vectors,
/// so that rare words share what frequent ones of their cluster learnt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lexicon {
    classes: HashMap<u64, u8>,
    clusters: HashMap<u64, (u16, u16)>,
}

/// The cluster pair of a word outside the cluster list.
const NO_CLUSTER: (u16, u16) = (u16::MAX, u16::MAX);

impl Lexicon {
    pub fn new<'a>(words: impl IntoIterator<Item = (&'a str, u8)>) -> Self {
        Self { classes: words.into_iter().map(|(w, c)| (hash::lower(w), c)).collect(), clusters: HashMap::new() }
    }

    /// Adds clusters from `word<TAB>coarse<TAB>fine` lines; lines that are
    /// not of that form are skipped.
    #[must_use]
    pub fn with_clusters(mut self, tsv: &str) -> Self {
        for line in tsv.lines() {
            let mut f = line.split('\t');
            if let (Some(w), Some(Ok(c)), Some(Ok(d))) =
                (f.next(), f.next().map(str::parse::<u16>), f.next().map(str::parse::<u16>))
            {
                self.clusters.insert(hash::lower(w), (c, d));
            }
        }
        self
    }

    fn cluster(&self, lower: u64) -> (u16, u16) {
        self.clusters.get(&lower).copied().unwrap_or(NO_CLUSTER)
    }

    fn class(&self, lower: u64) -> u8 {
        self.classes.get(&lower).copied().unwrap_or(0)
    }
}

/// A text read for tagging: tokens, layout, quotes, and per-token values
/// that features combine.
pub(crate) struct Analysis<'t> {
    pub text: &'t str,
    pub tokens: Vec<Token>,
    pub layout: Layout,
    pub quotes: Quotes,
    lower: Vec<u64>,
    shape: Vec<u64>,
    suffix: Vec<u64>,
    class: Vec<u8>,
    cluster: Vec<(u16, u16)>,
    /// Nearest lexicon word before / after in the sentence, or `NONE`.
    left_cue: Vec<u32>,
    right_cue: Vec<u32>,
    /// Paragraph of each token.
    para_of: Vec<u32>,
}

fn shape(word: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    let (mut last, mut n) = ('\0', 0);
    for c in word.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k != last && n < 6 {
            h = (h ^ u64::from(k)).wrapping_mul(0x0000_0100_0000_01b3);
            last = k;
            n += 1;
        }
    }
    h
}

fn suffix(word: &str) -> u64 {
    let n = word.chars().count();
    let start = word.char_indices().nth(n.saturating_sub(3)).map_or(0, |(b, _)| b);
    hash::lower(&word[start..])
}

/// Distance buckets: 0, 1, 2, 3, 4-5, 6-9, 10-19, 20+.
fn bucket(d: usize) -> u64 {
    match d {
        0..=3 => d as u64,
        4..=5 => 4,
        6..=9 => 5,
        10..=19 => 6,
        _ => 7,
    }
}

const PARA_EDGE: u64 = 0x5eed;

// Feature templates. Their numbers are part of the model format.
const BIAS: u64 = 1;
const W: u64 = 2; // + offset
const BI_LEFT: u64 = 10;
const BI_RIGHT: u64 = 11;
const SHAPE: u64 = 12;
const SHAPE_LEFT: u64 = 13;
const SHAPE_RIGHT: u64 = 14;
const SUFFIX: u64 = 15;
const CLASS: u64 = 16; // + offset
const LEFT_CUE: u64 = 20;
const LEFT_CUE_W: u64 = 21;
const RIGHT_CUE: u64 = 22;
const RIGHT_CUE_W: u64 = 23;
const CUE_SIDES: u64 = 24;
const W_CUE_SIDES: u64 = 25;
const QUOTE: u64 = 26;
const QUOTE_AFTER: u64 = 27;
const QUOTE_BEFORE: u64 = 28;
const QUOTE_AFTER_CLASS: u64 = 29;
const SENT_POS: u64 = 30;
const SENT_END: u64 = 31;
const PARA_QUOTE: u64 = 32;
const QUOTE_W: u64 = 33;
const FIRST_W: u64 = 34;
const CLUSTER: u64 = 70; // + offset, fine clusters of -1..=1
const COARSE: u64 = 74; // + offset, coarse clusters of -2..=2
const CLUSTER_BI: u64 = 80; // + 0 / 1
// Stage two.
const P: u64 = 40; // + offset
const P_TRI: u64 = 46;
const P_W: u64 = 47;
const PCUE_LEFT: u64 = 48;
const PCUE_RIGHT: u64 = 49;
const PCUE_LEFT_W: u64 = 50;
const PCUE_RIGHT_W: u64 = 51;
const PCUE_SIDES: u64 = 52;
const PCUE_W0: u64 = 53;

impl<'t> Analysis<'t> {
    pub fn new(text: &'t str, lexicon: &Lexicon) -> Self {
        let tokens = tokenize(text);
        let layout = Layout::new(text, &tokens);
        let quotes = Quotes::new(text, &tokens, &layout.paragraphs);
        let lower: Vec<u64> = tokens.iter().map(|t| hash::lower(t.text(text))).collect();
        let shape = tokens.iter().map(|t| shape(t.text(text))).collect();
        let suffix = tokens.iter().map(|t| suffix(t.text(text))).collect();
        let class: Vec<u8> = lower.iter().map(|&h| lexicon.class(h)).collect();
        let cluster: Vec<(u16, u16)> = lower.iter().map(|&h| lexicon.cluster(h)).collect();
        let (mut left_cue, mut right_cue) = (vec![NONE; tokens.len()], vec![NONE; tokens.len()]);
        for s in &layout.sentences {
            let mut last = NONE;
            for i in s.clone() {
                left_cue[i] = last;
                if class[i] > 0 {
                    last = i as u32;
                }
            }
            last = NONE;
            for i in s.clone().rev() {
                right_cue[i] = last;
                if class[i] > 0 {
                    last = i as u32;
                }
            }
        }
        let mut para_of = vec![0u32; tokens.len()];
        for (p, r) in layout.paragraphs.iter().enumerate() {
            para_of[r.clone()].iter_mut().for_each(|x| *x = p as u32);
        }
        Self { text, tokens, layout, quotes, lower, shape, suffix, class, cluster, left_cue, right_cue, para_of }
    }

    /// Index of the paragraph holding token `i`.
    pub fn paragraph_of(&self, i: usize) -> usize {
        self.para_of[i] as usize
    }

    fn para(&self, i: usize) -> Range<usize> {
        self.layout.paragraphs[self.para_of[i] as usize].clone()
    }

    /// Lowercase hash of token `i + d`, or an edge marker outside the
    /// paragraph.
    fn word(&self, i: usize, d: isize, para: &Range<usize>) -> u64 {
        let j = i as isize + d;
        if j < para.start as isize || j >= para.end as isize {
            return PARA_EDGE ^ (d as u64);
        }
        self.lower[j as usize]
    }

    /// The first word token after `j` (skipping commas and marks), within
    /// the paragraph.
    fn next_word(&self, j: usize, para: &Range<usize>) -> Option<usize> {
        (j + 1..para.end.min(j + 4))
            .find(|&k| self.tokens[k].text(self.text).chars().next().is_some_and(char::is_alphanumeric))
    }

    /// Stage-one features of token `i`, appended to `out`.
    pub fn stage1(&self, i: usize, out: &mut Vec<u64>) {
        let para = self.para(i);
        let w0 = self.lower[i];
        out.push(BIAS);
        for d in -2..=2isize {
            out.push(f1(W + (d + 2) as u64, self.word(i, d, &para)));
        }
        out.push(f2(BI_LEFT, self.word(i, -1, &para), w0));
        out.push(f2(BI_RIGHT, w0, self.word(i, 1, &para)));
        out.push(f1(SHAPE, self.shape[i]));
        let shape_at = |d: isize| {
            let j = i as isize + d;
            if j < para.start as isize || j >= para.end as isize { PARA_EDGE } else { self.shape[j as usize] }
        };
        out.push(f2(SHAPE_LEFT, shape_at(-1), self.shape[i]));
        out.push(f2(SHAPE_RIGHT, self.shape[i], shape_at(1)));
        out.push(f1(SUFFIX, self.suffix[i]));
        if !self.cluster.is_empty() {
            let cl = |d: isize| {
                let j = i as isize + d;
                if j < para.start as isize || j >= para.end as isize {
                    (u16::MAX - 1, u16::MAX - 1)
                } else {
                    self.cluster[j as usize]
                }
            };
            for d in -1..=1isize {
                out.push(f1(CLUSTER + (d + 1) as u64, u64::from(cl(d).1)));
            }
            for d in -2..=2isize {
                out.push(f1(COARSE + (d + 2) as u64, u64::from(cl(d).0)));
            }
            out.push(f2(CLUSTER_BI, u64::from(cl(-1).0), u64::from(cl(0).1)));
            out.push(f2(CLUSTER_BI + 1, u64::from(cl(0).1), u64::from(cl(1).0)));
        }
        for d in -1..=1isize {
            let j = i as isize + d;
            let c = if j < para.start as isize || j >= para.end as isize { 9 } else { self.class[j as usize] };
            out.push(f1(CLASS + (d + 1) as u64, u64::from(c)));
        }
        // The nearest cue-like words of the sentence.
        let sent = self.layout.sentence(i);
        let left = self.left_cue[i];
        let right = self.right_cue[i];
        if left != NONE {
            let l = left as usize;
            out.push(f2(LEFT_CUE, bucket(i - l), u64::from(self.class[l])));
            out.push(f1(LEFT_CUE_W, self.lower[l]));
        }
        if right != NONE {
            let r = right as usize;
            out.push(f2(RIGHT_CUE, bucket(r - i), u64::from(self.class[r])));
            out.push(f1(RIGHT_CUE_W, self.lower[r]));
        }
        let sides = u64::from(left != NONE) | (u64::from(right != NONE) << 1);
        out.push(f1(CUE_SIDES, sides));
        out.push(f2(W_CUE_SIDES, w0, sides));
        // Quotation marks and regions.
        let mark = self.quotes.mark[i] as u64;
        if let Some(region) = self.quotes.region(i) {
            let r = &region.tokens;
            let pos = if i == r.start {
                0
            } else if i + 1 == r.end {
                1
            } else {
                2
            };
            out.push(f3(QUOTE, mark, pos, u64::from(region.closed) | u64::from(region.continued) << 1));
            out.push(f2(QUOTE_W, w0, 1));
            let after = self.next_word(r.end - 1, &para);
            out.push(f1(QUOTE_AFTER, after.map_or(PARA_EDGE, |k| self.lower[k])));
            out.push(f1(QUOTE_AFTER_CLASS, after.map_or(9, |k| u64::from(self.class[k]))));
            let before = (r.start > para.start).then(|| self.lower[r.start - 1]);
            out.push(f1(QUOTE_BEFORE, before.unwrap_or(PARA_EDGE)));
            out.push(f1(SENT_POS + 100, bucket(r.start - para.start)));
        } else {
            out.push(f3(QUOTE, mark, 3, u64::from(self.quotes.inner[i])));
            out.push(f2(QUOTE_W, w0, 0));
        }
        out.push(f1(SENT_POS, bucket(i - sent.start)));
        out.push(f1(SENT_END, bucket(sent.end - 1 - i)));
        out.push(f2(FIRST_W, self.lower[sent.start], bucket(i - sent.start).min(3)));
        let para_quote = self.quotes.mark[para.start] == Mark::Open;
        out.push(f1(PARA_QUOTE, u64::from(para_quote)));
    }

    /// Stage-two features: stage one's plus those reading stage one's tags.
    pub fn stage2(&self, i: usize, pred: &[Tag], cues: &PredictedCues, out: &mut Vec<u64>) {
        self.stage1(i, out);
        self.stage2_only(i, pred, cues, out);
    }

    /// The features stage two adds to stage one's.
    pub fn stage2_only(&self, i: usize, pred: &[Tag], cues: &PredictedCues, out: &mut Vec<u64>) {
        let para = self.para(i);
        let tag_at = |d: isize| {
            let j = i as isize + d;
            if j < para.start as isize || j >= para.end as isize { 99 } else { pred[j as usize].index() as u64 }
        };
        for d in -2..=2isize {
            out.push(f1(P + (d + 2) as u64, tag_at(d)));
        }
        out.push(f3(P_TRI, tag_at(-1), tag_at(0), tag_at(1)));
        out.push(f2(P_W, tag_at(0), self.lower[i]));
        let sent = self.layout.sentence(i);
        let (left, right) = (cues.left[i], cues.right[i]);
        let mut sides = 0;
        if left != NONE {
            let l = left as usize;
            let same = u64::from(l >= sent.start);
            sides |= 1 + same;
            out.push(f2(PCUE_LEFT, bucket(i - l), same));
            out.push(f2(PCUE_LEFT_W, self.lower[cues.head[l] as usize], same));
        }
        if right != NONE {
            let r = right as usize;
            let same = u64::from(r < sent.end);
            sides |= (1 + same) << 2;
            out.push(f2(PCUE_RIGHT, bucket(r - i), same));
            out.push(f2(PCUE_RIGHT_W, self.lower[cues.head[r] as usize], same));
        }
        out.push(f1(PCUE_SIDES, sides));
        out.push(f2(PCUE_W0, sides, self.lower[i]));
    }
}

/// Where stage one put its cues: for each token the nearest predicted cue
/// token before and after it in its paragraph, and for each cue token the
/// first token of its cue.
pub(crate) struct PredictedCues {
    left: Vec<u32>,
    right: Vec<u32>,
    head: Vec<u32>,
}

impl PredictedCues {
    pub fn new(analysis: &Analysis, pred: &[Tag]) -> Self {
        let n = pred.len();
        let (mut left, mut right, mut head) = (vec![NONE; n], vec![NONE; n], vec![NONE; n]);
        let is_cue = |i: usize| pred[i].role() == Some(Role::Cue);
        for para in &analysis.layout.paragraphs {
            let (mut last, mut current_head) = (NONE, NONE);
            for i in para.clone() {
                left[i] = last;
                if is_cue(i) {
                    if pred[i].begins() || current_head == NONE {
                        current_head = i as u32;
                    }
                    head[i] = current_head;
                    last = i as u32;
                } else {
                    current_head = NONE;
                }
            }
            last = NONE;
            for i in para.clone().rev() {
                right[i] = last;
                if is_cue(i) {
                    last = i as u32;
                }
            }
        }
        Self { left, right, head }
    }
}
