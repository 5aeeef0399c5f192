use slant_corpus::{ModelInfo, SpanRecord};
use slant_text::{Document, Span, Technique};

/// Options for one detection run.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DetectOptions {
    /// Minimum confidence of a reported fragment; `None` uses the model's
    /// tuned default. Lower values trade precision for recall.
    pub threshold: Option<f32>,
}

/// Techniques for one span with their confidences, most likely first.
pub type RankedTechniques = Vec<(Technique, f32)>;

/// Every technique with its probability in `probs` (indexed by
/// [`Technique::index`]), most likely first; ties keep table order. The one
/// ranking rule of both tiers.
pub fn rank(probs: &[f32; Technique::COUNT]) -> RankedTechniques {
    let mut r: RankedTechniques = Technique::ALL.iter().map(|&t| (t, probs[t.index()])).collect();
    r.sort_by(|a, b| b.1.total_cmp(&a.1));
    r
}

/// The technique of each span listed in a TC template, in order: the k-th
/// listing of the same span gets its k-th most likely technique (its last
/// when fewer are ranked), so a fragment listed with several labels gets
/// several techniques. `None` where a ranking is empty.
pub fn assign_listed(spans: &[Span], ranked: &[RankedTechniques]) -> Vec<Option<Technique>> {
    let mut used: std::collections::BTreeMap<Span, usize> = std::collections::BTreeMap::new();
    spans
        .iter()
        .zip(ranked)
        .map(|(&span, r)| {
            let k = used.entry(span).or_insert(0);
            let t = r.get(*k).or_else(|| r.last()).map(|&(t, _)| t);
            *k += 1;
            t
        })
        .collect()
}

/// Anything that finds propaganda fragments in a document.
pub trait Detector: Send + Sync {
    /// What this detector is; `kind` is `trained` only for models learnt from
    /// data.
    fn info(&self) -> ModelInfo;

    /// Finds fragments, each with a technique, a confidence in `[0, 1]` and
    /// the evidence that fired. Spans lie within the document.
    fn detect(&self, doc: &Document, options: &DetectOptions) -> Vec<SpanRecord>;

    /// Ranks all techniques for each given span of `doc` (the `SemEval` TC
    /// task). Out-of-bounds spans are clamped to the document.
    fn classify(&self, doc: &Document, spans: &[Span]) -> Vec<RankedTechniques>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_listings_take_the_next_ranked_technique() {
        let a = Span::new(0, 4);
        let b = Span::new(5, 9);
        let r = |ts: &[Technique]| ts.iter().map(|&t| (t, 0.5)).collect::<RankedTechniques>();
        let ranked = [
            r(&[Technique::LoadedLanguage, Technique::Doubt]),
            r(&[Technique::FlagWaving]),
            r(&[Technique::LoadedLanguage, Technique::Doubt]),
            r(&[Technique::LoadedLanguage, Technique::Doubt]),
            r(&[]),
        ];
        let got = assign_listed(&[a, b, a, a, b], &ranked);
        assert_eq!(
            got,
            [
                Some(Technique::LoadedLanguage),
                Some(Technique::FlagWaving),
                Some(Technique::Doubt),
                Some(Technique::Doubt),
                None
            ]
        );
    }
}
