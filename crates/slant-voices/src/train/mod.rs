//! Training: a cue lexicon from the gold tags, stage one (the text alone)
//! trained by jackknife so that stage two learns from stage-one tags as
//! noisy as at run time, then both stages on all of the training split.
//!
//! This module imports the runtime; the runtime never imports it.

mod align;
mod perceptron;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::VoicesError;
use crate::corpus::{GoldArticle, read_split};
use crate::features::{Analysis, Lexicon, PredictedCues};
use crate::model::{Model, decode};
use crate::tagger::{Tag, Weights};
use align::{gold_tags, lexicon};
use perceptron::{Perceptron, Rng, Sequence};

/// How to train.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// Passes of stage one.
    pub epochs1: usize,
    /// Passes of stage two.
    pub epochs2: usize,
    /// Hash width: `2^bits` feature buckets per stage.
    pub bits: u32,
    /// Jackknife folds for stage one's tags that stage two learns from.
    pub folds: usize,
    /// Seed of the shuffles.
    pub seed: u64,
    /// A word joins the cue lexicon when seen in this many gold cues.
    pub lexicon_min: u32,
    /// Each final stage is the mean of this many perceptrons trained with
    /// different shuffles.
    #[serde(default = "one")]
    pub seeds: usize,
}

fn one() -> usize {
    1
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self { epochs1: 12, epochs2: 12, bits: 18, folds: 5, seed: 42, lexicon_min: 3, seeds: 1 }
    }
}

/// Trains a model on a split folder (`PolNeAR`'s `train/`, or brat files).
///
/// `clusters` holds word clusters as `word<TAB>coarse<TAB>fine` lines (see
/// `lab/voices/glove-clusters.py`), or is empty; the model keeps them.
pub fn train(split_dir: &Path, config: &TrainConfig, clusters: &str) -> Result<Model, VoicesError> {
    let articles = read_split(split_dir)?;
    Ok(train_on(&articles, config, clusters, |_| {}))
}

/// Trains a model on `articles`, telling `progress` what it does.
pub fn train_on(
    articles: &[GoldArticle],
    config: &TrainConfig,
    clusters: &str,
    mut progress: impl FnMut(&str),
) -> Model {
    let plain = Lexicon::default();
    let tagged: Vec<(Analysis, Vec<Tag>)> = articles
        .iter()
        .map(|g| {
            let a = Analysis::new(g.document.text(), &plain);
            let tags = gold_tags(&a, &g.attributions);
            (a, tags)
        })
        .collect();
    let lexicon_words = lexicon(&tagged, config.lexicon_min);
    progress(&format!("lexicon: {} cue words", lexicon_words.len()));
    let lex = Lexicon::new(lexicon_words.iter().map(|(w, c)| (w.as_str(), *c))).with_clusters(clusters);
    let data: Vec<(Analysis, Vec<Tag>)> =
        tagged.into_iter().zip(articles).map(|((_, tags), g)| (Analysis::new(g.document.text(), &lex), tags)).collect();
    let all: Vec<usize> = (0..data.len()).collect();
    let mut first: Vec<Vec<Tag>> = vec![Vec::new(); data.len()];
    for fold in 0..config.folds.max(2) {
        let k = config.folds.max(2);
        let train_ids: Vec<usize> = all.iter().copied().filter(|i| i % k != fold).collect();
        let w =
            train_stage(&data, &train_ids, config.bits, config.epochs1, config.seed + fold as u64, &|art, i, out| {
                data[art].0.stage1(i, out);
            });
        for i in all.iter().copied().filter(|i| i % k == fold) {
            let a = &data[i].0;
            first[i] = decode(&w, a, |j, out| a.stage1(j, out));
        }
        progress(&format!("stage one, fold {} of {k}", fold + 1));
    }
    let stage1 = mean((0..config.seeds.max(1)).map(|k| {
        train_stage(&data, &all, config.bits, config.epochs1, config.seed + 1000 * k as u64, &|art, i, out| {
            data[art].0.stage1(i, out);
        })
    }));
    progress("stage one, all articles");
    let cues: Vec<PredictedCues> = data.iter().zip(&first).map(|((a, _), p)| PredictedCues::new(a, p)).collect();
    let stage2 = mean((0..config.seeds.max(1)).map(|k| {
        train_stage(&data, &all, config.bits, config.epochs2, config.seed + 100 + 1000 * k as u64, &|art, i, out| {
            data[art].0.stage2(i, &first[art], &cues[art], out);
        })
    }));
    progress("stage two");
    Model::new(lexicon_words, clusters.to_owned(), stage1, stage2)
}

/// The mean of several weight sets of one shape.
fn mean(sets: impl Iterator<Item = Weights>) -> Weights {
    let mut n = 0f32;
    let mut sum: Option<Weights> = None;
    for w in sets {
        n += 1.0;
        match sum.as_mut() {
            None => sum = Some(w),
            Some(s) => {
                s.emit.iter_mut().zip(&w.emit).for_each(|(a, b)| *a += b);
                for p in 0..s.trans.len() {
                    s.start[p] += w.start[p];
                    s.trans[p].iter_mut().zip(&w.trans[p]).for_each(|(a, b)| *a += b);
                }
            }
        }
    }
    let mut s = sum.unwrap_or_else(|| Weights::zeros(8));
    s.emit.iter_mut().for_each(|a| *a /= n.max(1.0));
    for p in 0..s.trans.len() {
        s.start[p] /= n.max(1.0);
        s.trans[p].iter_mut().for_each(|a| *a /= n.max(1.0));
    }
    s
}

fn train_stage<F>(
    data: &[(Analysis, Vec<Tag>)],
    ids: &[usize],
    bits: u32,
    epochs: usize,
    seed: u64,
    features: &F,
) -> Weights
where
    F: Fn(usize, usize, &mut Vec<u64>),
{
    let seqs: Vec<Sequence> = ids
        .iter()
        .flat_map(|&article| {
            data[article].0.layout.paragraphs.iter().map(move |p| Sequence { article, tokens: p.clone() })
        })
        .collect();
    let mut order: Vec<usize> = (0..seqs.len()).collect();
    let mut rng = Rng::new(seed);
    let mut p = Perceptron::new(bits);
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        p.epoch(&seqs, &order, data, features);
    }
    p.averaged()
}

/// Scores `voices` on gold articles (attributions only).
pub fn evaluate(voices: &crate::Voices, articles: &[GoldArticle]) -> crate::score::Scores {
    let predicted: Vec<Vec<crate::GoldAttribution>> = articles
        .iter()
        .map(|g| voices.attributions(&g.document).iter().map(crate::GoldAttribution::from).collect())
        .collect();
    crate::score::score(articles.iter().zip(&predicted).map(|(g, p)| crate::score::ArticleScoring {
        text: g.document.text(),
        gold: &g.attributions,
        predicted: p,
    }))
}

/// The ceiling of the token tagging: gold tags, assembled as at run time,
/// scored against the gold. What it misses is lost to tokenization and to
/// the joining rules, whatever the taggers learn.
pub fn oracle(articles: &[GoldArticle]) -> crate::score::Scores {
    let lex = Lexicon::default();
    let predicted: Vec<Vec<crate::GoldAttribution>> = articles
        .iter()
        .map(|g| {
            let a = Analysis::new(g.document.text(), &lex);
            let tags = gold_tags(&a, &g.attributions);
            let emissions = vec![[0.0; crate::tagger::NT]; tags.len()];
            let tagging = crate::model::Tagging { tags, emissions, temperature: 1.0 };
            crate::assemble::assemble(&g.document, &a, &tagging).iter().map(crate::GoldAttribution::from).collect()
        })
        .collect();
    crate::score::score(articles.iter().zip(&predicted).map(|(g, p)| crate::score::ArticleScoring {
        text: g.document.text(),
        gold: &g.attributions,
        predicted: p,
    }))
}

/// Sets the model's temperature (the scale its emission scores are divided
/// by before a softmax reads them as probabilities) to the one, of a grid,
/// under which the gold tags of `dev` are likeliest, and returns it.
pub fn calibrate(model: &mut Model, dev: &[GoldArticle]) -> f32 {
    let grid = [0.5f32, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0];
    let mut loss = vec![0f64; grid.len()];
    for g in dev {
        let a = Analysis::new(g.document.text(), &model.lexicon);
        let gold = gold_tags(&a, &g.attributions);
        let mut tagging = model.tag(&a);
        tagging.tags = gold;
        for (k, &tau) in grid.iter().enumerate() {
            tagging.temperature = tau;
            loss[k] -= (0..tagging.tags.len()).map(|i| f64::from(tagging.confidence(i).max(1e-6)).ln()).sum::<f64>();
        }
    }
    let best = (0..grid.len()).min_by(|&x, &y| loss[x].total_cmp(&loss[y])).unwrap_or(0);
    model.temperature = grid[best];
    model.temperature
}
