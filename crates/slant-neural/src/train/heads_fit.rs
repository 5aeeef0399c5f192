//! Training the heads: a perceptron per head on rows of the training
//! articles, and the tuned layers' members ([`Heads::fit`]).

use slant_text::Technique;

use crate::Result;
use crate::heads::mlp::Mlp;
use crate::heads::{Heads, HeadsConfig, PIECE_SPAN_REFERENCE};
use crate::train::corpus::Corpus;
use crate::train::mlp_fit::Target;
use crate::train::rows::{PieceRows, SentenceRows, SpanRows};
use crate::train::tune::Example;
use crate::tune::{TuneConfig, Tuner};

/// Fine-tunes the corpus's pretrained top layers on the articles `train`.
fn fit_tuner(corpus: &Corpus<'_>, train: &[usize], config: TuneConfig) -> Result<Tuner> {
    let base = corpus.tune_base.as_ref().ok_or_else(|| {
        crate::Error::Heads("tune is configured but the corpus has no pretrained layers to tune".into())
    })?;
    if base.config.from_layer != config.from_layer {
        return Err(crate::Error::Heads(format!(
            "tune.from_layer {} but the corpus's pretrained layers start above layer {}",
            config.from_layer, base.config.from_layer
        )));
    }
    let mut tuner = base.clone();
    tuner.config = config;
    let weights: Vec<Vec<f32>> = train
        .iter()
        .map(|&d| {
            let g = &corpus.gold[d];
            g.piece_span_chars.iter().map(|&n| (PIECE_SPAN_REFERENCE / n.max(1) as f32).powf(config.span_length_power)).collect()
        })
        .collect();
    let techniques: Vec<Vec<f32>> = train
        .iter()
        .map(|&d| {
            if config.technique_loss > 0.0 {
                corpus.gold[d].piece_techniques(&corpus.docs[d], &corpus.rows[d].article)
            } else {
                Vec::new()
            }
        })
        .collect();
    let sentences: Vec<Vec<(std::ops::Range<usize>, f32)>> = train
        .iter()
        .map(|&d| {
            if config.sentence_loss > 0.0 {
                let a = &corpus.rows[d].article;
                a.sentences.iter().map(|s| s.pieces.clone()).zip(corpus.gold[d].sentences.iter().copied()).collect()
            } else {
                Vec::new()
            }
        })
        .collect();
    let mut examples = Vec::with_capacity(train.len());
    for (((&d, w), techniques), sentences) in train.iter().zip(&weights).zip(&techniques).zip(&sentences) {
        let (states, targets) = (&corpus.rows[d].article.states, &corpus.gold[d].pieces);
        if states.len() != targets.len() * tuner.hidden() {
            return Err(crate::Error::Heads(format!("article {}: no layer states for the tuned layers", corpus.docs[d].id())));
        }
        examples.push(Example { states, targets, weights: w, techniques, sentences });
    }
    tuner.fit(&examples)?;
    Ok(tuner)
}

impl Heads {
    /// Trains the heads on the articles `train` of `corpus`.
    pub fn fit(corpus: &Corpus<'_>, train: &[usize], config: &HeadsConfig) -> Result<Self> {
        let hidden = corpus.rows.first().map_or(0, |r| r.article.hidden);
        let pieces = PieceRows::new(corpus, train, config.piece_inputs);
        let power = config.piece_span_length_power;
        let row_weights = pieces.span_chars(corpus).into_iter().map(|n| (PIECE_SPAN_REFERENCE / n.max(1) as f32).powf(power)).collect();
        let target = Target::Binary { y: pieces.targets(corpus), positive_weight: config.piece_positive_weight, row_weights };
        let piece = Mlp::fit(&pieces, &target, &config.piece, config.seed)?;
        let sentences = SentenceRows::new(corpus, train);
        let target = Target::Binary { y: sentences.targets(corpus), positive_weight: 1.0, row_weights: Vec::new() };
        let sentence = Mlp::fit(&sentences, &target, &config.sentence, config.seed.wrapping_add(1))?;
        let spans = SpanRows::new(corpus, train);
        let target = Target::Classes { y: spans.targets(), classes: Technique::COUNT };
        let technique = Mlp::fit(&spans, &target, &config.technique, config.seed.wrapping_add(2))?;
        let tuners = match config.tune {
            None => Vec::new(),
            Some(tc) => (0..tc.member_count()).map(|m| fit_tuner(corpus, train, tc.member(m))).collect::<Result<_>>()?,
        };
        Ok(Self { config: config.clone(), hidden, piece, sentence, technique, tuners })
    }
}
