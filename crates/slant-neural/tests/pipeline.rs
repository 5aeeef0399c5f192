//! The whole neural tier on a tiny random encoder with a real WordPiece
//! tokenizer: cached encoding, cross-validation, training, the heads file,
//! and the `Detector` on non-ASCII text. Needs no download.

use slant_encoder::testing as common;

use std::path::PathBuf;

use slant_corpus::Label;
use slant_model::{DetectOptions, Detector};
use slant_neural::blend::BlendConfig;
use slant_neural::train::corpus::Corpus;
use slant_eval::score_si;
use slant_neural::train::cross_validation::{HeldOut, cross_validate, si_predictions};
use slant_neural::decode::DecodeConfig;
use slant_neural::blend::{Classical, ClassicalHeldOut};
use slant_neural::train::decode_search::search;
use slant_neural::stack::Stacker;
use slant_neural::train::stack_fit::cross_check;
use slant_encoder::fast::Precision;
use slant_neural::heads::mlp::MlpConfig;
use slant_neural::heads::{Heads, HeadsConfig};
use slant_neural::tune::{TuneConfig, Tuner};
use slant_encoder::{ModelDir, TextEncoder, WindowConfig, layer_columns};
use slant_neural::NeuralModel;
use slant_text::{Document, Span, Technique};

const SENTENCES: &[&str] = &[
    "The council voted on Tuesday.",
    "A new budget was published.",
    "The corrupt regime lied again!",
    "Our city, people said, is fine.",
    "The horrendous plan will strangle our city.",
    "“Evil liars” and traitors!",
];

/// Twenty small articles; "corrupt regime", "traitors" and "evil liars" are
/// name calling, "horrendous" loaded language.
fn corpus() -> (Vec<Document>, Vec<Label>) {
    let mut docs = Vec::new();
    let mut labels = Vec::new();
    for i in 0..20 {
        let mut text = format!("{}\n\n", SENTENCES[(i + 2) % SENTENCES.len()]);
        for k in 0..5 {
            text.push_str(SENTENCES[(i * 7 + k * 3) % SENTENCES.len()]);
            text.push(' ');
        }
        let doc = Document::from_text(format!("{}", 1000 + i), text).unwrap();
        let chars: Vec<char> = doc.text().chars().collect();
        let lower: String = doc.text().to_lowercase();
        for (needle, t) in [
            ("corrupt regime", Technique::NameCallingLabeling),
            ("traitors", Technique::NameCallingLabeling),
            ("evil liars", Technique::NameCallingLabeling),
            ("horrendous", Technique::LoadedLanguage),
        ] {
            for (b, _) in lower.match_indices(needle) {
                let start = doc.text()[..b].chars().count();
                let end = start + needle.chars().count();
                assert!(end <= chars.len());
                labels.push(Label::new(doc.id(), Some(t), Span::new(start, end)));
            }
        }
        docs.push(doc);
    }
    (docs, labels)
}

fn tiny_encoder(dir: &PathBuf, layers: &[usize]) -> TextEncoder {
    TextEncoder::load(ModelDir::new(dir).unwrap(), Precision::F32)
        .unwrap()
        .with_windows(WindowConfig { max_tokens: 32, stride: 20, batch: 4 })
        .with_layers(layers)
        .unwrap()
}

fn config() -> HeadsConfig {
    let small = MlpConfig { hidden: 16, epochs: 4, batch: 32, learning_rate: 0.01, ..MlpConfig::default() };
    HeadsConfig { layers: vec![1, 2], piece: small, sentence: small, technique: small, ..HeadsConfig::default() }
}

#[test]
fn trains_cross_validates_and_detects_on_a_tiny_encoder() {
    let tmp = std::env::temp_dir().join(format!("slant-neural-pipeline-{}", std::process::id()));
    let model_dir = tmp.join("model");
    common::write_tiny_model_dir(&model_dir);
    let (docs, labels) = corpus();
    let cfg = config();
    let encoder = tiny_encoder(&model_dir, &cfg.layers);
    assert_eq!(encoder.hidden_size(), 64);

    // Encoding is cached: the second call reads the same vectors back (f16).
    let first = slant_neural::train::cache::encode_cached(&encoder, &docs, &tmp.join("cache")).unwrap();
    let again = slant_neural::train::cache::encode_cached(&encoder, &docs, &tmp.join("cache")).unwrap();
    assert_eq!(first.len(), docs.len());
    for (a, b) in first.iter().zip(&again) {
        assert_eq!(a.spans, b.spans);
        let diff = a.vectors.iter().zip(&b.vectors).map(|(x, y)| (x - y).abs()).fold(0.0f32, f32::max);
        assert!(diff < 1e-2, "cache changed vectors by {diff}");
    }

    let corpus = Corpus::new(&docs, &labels, again);
    let report = cross_validate(&corpus, &labels, &cfg, 3, 1, true, None).unwrap();
    for v in [report.si.precision, report.si.recall, report.si.f1, report.tc.micro.f1] {
        assert!((0.0..=1.0).contains(&v), "{v}");
    }
    assert!(!report.sweep.is_empty());
    assert_eq!(report.blend_sweep.len(), 9);
    assert_eq!(report.held_out.len(), docs.len());
    assert_eq!(report.fold_si.len(), 3, "one SI F1 per fold");
    assert!(report.fold_si.iter().all(|f| (0.0..=1.0).contains(f)), "{:?}", report.fold_si);
    // The search starts from the configured decoding, so it scores at least
    // as well on the articles it searched.
    assert!(report.decode_search.si.f1 >= report.si.f1 - 1e-12, "{} < {}", report.decode_search.si.f1, report.si.f1);
    assert_eq!(report.decode_search.nested_by_fold.len(), 3);
    assert_eq!(report.stack.search.nested_by_fold.len(), 3);
    assert!((0.0..=1.0).contains(&report.stack.search.nested.f1));

    // Training is deterministic, and the f16 heads file keeps the heads.
    let all: Vec<usize> = (0..docs.len()).collect();
    let heads = Heads::fit(&corpus, &all, &cfg).unwrap();
    let twin = Heads::fit(&corpus, &all, &cfg).unwrap();
    let rows = &corpus.rows[0];
    assert_eq!(heads.piece_probs(rows).unwrap(), twin.piece_probs(rows).unwrap());
    let path = tmp.join("heads.safetensors");
    heads.save(&path).unwrap();
    let back = Heads::load(&path).unwrap();
    assert_eq!(back.config, cfg);
    for (a, b) in heads.piece_probs(rows).unwrap().iter().zip(back.piece_probs(rows).unwrap()) {
        assert!((a - b).abs() < 2e-2, "{a} vs {b}");
    }
    assert!(Heads::from_bytes(b"not a heads file").is_err());

    // The detector, blended with the classical model, on unseen text with
    // curly quotes, accents and an emoji.
    let blended = HeadsConfig { blend: BlendConfig { words: 0.7, sentences: 0.7, techniques: 0.5 }, ..cfg.clone() };
    let heads = Heads::fit(&corpus, &all, &blended).unwrap();
    let model = NeuralModel::new(tiny_encoder(&model_dir, &[2]), heads, "tiny").unwrap();
    assert_eq!(model.info().kind, "trained");
    let text = "Café “corrupt regime” 🦊 lied again!\n\nThe horrendous plan — naïve traitors…";
    let doc = Document::from_bytes("x", text.as_bytes()).unwrap();
    for threshold in [0.0, 0.5, 1.0] {
        for s in model.detect(&doc, &DetectOptions { threshold: Some(threshold) }) {
            assert_eq!(doc.slice(s.span()), Some(s.text.as_str()));
            assert!(s.end <= doc.char_len() && s.start < s.end);
            assert!((0.0..=1.0).contains(&s.score));
            assert!(!s.evidence.is_empty());
        }
    }
    let everything = model.detect(&doc, &DetectOptions { threshold: Some(0.0) });
    assert!(!everything.is_empty(), "threshold 0 keeps every word");
    // A learnt blend replaces the word probabilities: with only a large
    // negative bias no word is marked, with a large positive one the
    // sentences are covered; the heads file keeps it.
    let stacked = |bias: f32| {
        let mut weights = vec![0.0; slant_neural::stack::FEATURES];
        weights[0] = bias;
        let decode = DecodeConfig { threshold: 0.5, sentence_threshold: 1.1, ..blended.decode };
        let cfg = HeadsConfig { stack: Some(Stacker { weights }), decode, ..blended.clone() };
        let heads = Heads::fit(&corpus, &all, &cfg).unwrap();
        let path = tmp.join(format!("stacked{bias}.safetensors"));
        heads.save(&path).unwrap();
        let back = Heads::load(&path).unwrap();
        assert_eq!(back.config, cfg);
        let model = NeuralModel::new(tiny_encoder(&model_dir, &[2]), back, "stacked").unwrap();
        assert!(model.info().description.contains("learnt"), "{}", model.info().description);
        model.detect(&doc, &DetectOptions::default())
    };
    assert!(stacked(-20.0).is_empty());
    // A file whose learnt blend has the wrong number of weights is refused.
    let short = HeadsConfig { stack: Some(Stacker { weights: vec![1.0; 3] }), ..blended.clone() };
    let bad = tmp.join("short-stack.safetensors");
    Heads::fit(&corpus, &all, &short).unwrap().save(&bad).unwrap();
    let err = Heads::load(&bad).unwrap_err().to_string();
    assert!(err.contains("stack") && err.contains("3 weights"), "{err}");
    let all_marked = stacked(20.0);
    let covered: usize = all_marked.iter().map(|s| s.end - s.start).sum();
    assert!(covered * 10 > doc.char_len() * 8, "{covered} of {} characters", doc.char_len());
    let spans = [Span::new(6, 20), Span::new(6, 20), Span::new(0, 999)];
    let ranked = model.classify(&doc, &spans);
    assert_eq!(ranked.len(), 3);
    for r in &ranked {
        assert_eq!(r.len(), Technique::COUNT);
        assert!(r.windows(2).all(|w| w[0].1 >= w[1].1));
    }
    // A heads file reading a layer the encoder lacks is refused.
    let wrong = HeadsConfig { layers: vec![5], ..cfg };
    let heads = Heads::fit(&corpus, &all, &wrong);
    assert!(heads.is_ok(), "fitting only reads the corpus");
    assert!(NeuralModel::new(tiny_encoder(&model_dir, &[2]), heads.unwrap(), "bad").is_err());
    std::fs::remove_dir_all(&tmp).unwrap();
}

#[test]
fn decode_search_recovers_gold_spans_from_clear_probabilities() {
    let tmp = std::env::temp_dir().join(format!("slant-neural-decode-search-{}", std::process::id()));
    let model_dir = tmp.join("model");
    common::write_tiny_model_dir(&model_dir);
    let (docs, labels) = corpus();
    let encoder = tiny_encoder(&model_dir, &[2]);
    let outputs: Vec<_> = docs.iter().map(|d| encoder.encode(d.text()).unwrap()).collect();
    let corpus = Corpus::new(&docs, &labels, outputs);
    // Words inside gold spans at 0.9, the rest at 0.3: every gold span is
    // recovered exactly once the word threshold is between the two and no
    // gap of 0.3 words is bridged.
    let held: Vec<HeldOut> = (0..docs.len())
        .map(|d| {
            let article = &corpus.rows[d].article;
            let gold = &corpus.gold[d].spans;
            let words = article.words.iter().map(|w| if gold.iter().any(|g| g.0.contains(w.span)) { 0.9 } else { 0.3 }).collect();
            HeldOut {
                doc: d,
                words,
                sentences: vec![0.0; article.sentences.len()],
                techniques: Vec::new(),
                word_parts: None,
                sentence_parts: None,
            }
        })
        .collect();
    let start = DecodeConfig { threshold: 0.2, ..DecodeConfig::neural() };
    let fold: Vec<usize> = (0..docs.len()).map(|d| d % 3).collect();
    let found = search(&corpus, &labels, &held, &fold, 3, &start);
    let before = score_si(&labels, &si_predictions(&corpus, &held, &start)).f1;
    assert!(before < 0.6, "every word marked: {before}");
    assert!(found.si.f1 > 0.999, "searched: {:?} {:?}", found.si, found.config);
    assert!(found.config.threshold > 0.3 && found.config.threshold <= 0.9, "{:?}", found.config);
    assert_eq!(found.nested_configs.len(), 3);
    assert_eq!(found.nested_by_fold.len(), 3);
    // The folds agree, so each fold's parameters from the others recover it.
    assert!(found.nested.f1 > 0.999, "nested {:?}", found.nested);
    // A search from the best point keeps it (ties keep the current value).
    let again = search(&corpus, &labels, &held, &fold, 3, &found.config);
    assert_eq!(again.config, found.config);

    // Stacking: the neural side says nothing (0.5 everywhere), the classical
    // side has the signal; the regressions fitted on the other folds learn
    // to follow it, and the stacked words decode to the gold spans.
    let other: Vec<ClassicalHeldOut> = held
        .iter()
        .map(|h| ClassicalHeldOut {
            spans: Classical { words: h.words.clone(), sentences: h.sentences.clone() },
            techniques: Vec::new(),
        })
        .collect();
    let silent: Vec<HeldOut> = held.iter().map(|h| HeldOut { words: vec![0.5; h.words.len()], ..h.clone() }).collect();
    let report = cross_check(&corpus, &labels, &silent, &silent, Some(&other), &fold, 3, &start, 0.0);
    assert!(report.search.nested.f1 > 0.999, "stacked nested {:?}", report.search.nested);
    let w = &report.stacker.weights;
    assert_eq!(w.len(), slant_neural::stack::FEATURES);
    assert!(w[3] > 1.0 && w[3] > w[1].abs() && w[3] > w[2].abs(), "the classical weight leads: {w:?}");
    std::fs::remove_dir_all(&tmp).unwrap();
}

#[test]
fn fine_tunes_the_top_layer_saves_it_and_detects_with_it() {
    let tmp = std::env::temp_dir().join(format!("slant-neural-tune-{}", std::process::id()));
    let model_dir = tmp.join("model");
    common::write_tiny_model_dir(&model_dir);
    let (docs, labels) = corpus();
    let tune = TuneConfig {
        from_layer: 1,
        epochs: 30,
        batch: 4,
        window: 16,
        stride: 12,
        learning_rate: 3e-3,
        head_learning_rate: 3e-2,
        ..TuneConfig::default()
    };
    let cfg = HeadsConfig { tune: Some(tune), ..config() };
    assert_eq!(cfg.encoder_layers(), [1, 2]);
    let encoder = tiny_encoder(&model_dir, &cfg.encoder_layers());
    let outputs: Vec<_> = docs.iter().map(|d| encoder.encode(d.text()).unwrap()).collect();
    let states: Vec<Vec<f32>> = outputs.iter().map(|tv| layer_columns(tv, &[1, 2], &[1], 32).unwrap()).collect();
    let base = Tuner::pretrained(encoder.dir(), tune).unwrap();
    // Without the pretrained layers the tuned config cannot train.
    let bare = Corpus::new(&docs, &labels, outputs.clone());
    assert!(Heads::fit(&bare, &[0], &cfg).is_err());
    let corpus = Corpus::new(&docs, &labels, outputs).with_tuning(states, base);

    // Cross-validation tunes in every fold and scores a grid of shares.
    let report = cross_validate(&corpus, &labels, &cfg, 3, 1, true, None).unwrap();
    assert_eq!(report.tune_sweep.iter().map(|p| p.0).collect::<Vec<_>>(), [0.0, 0.25, 0.5, 0.75, 1.0]);
    assert!(report.held_out.iter().all(|h| h.word_parts.is_some()));

    let all: Vec<usize> = (0..docs.len()).collect();
    let tuned = Heads::fit(&corpus, &all, &cfg).unwrap();
    let untuned = Heads::fit(&corpus, &all, &HeadsConfig { tune: Some(TuneConfig { epochs: 0, ..tune }), ..cfg.clone() }).unwrap();
    // Trained, the tagger tells gold pieces from the others on the
    // training articles better than the untrained one (which says 0.5).
    let separation = |heads: &Heads| {
        let (mut pos, mut neg) = (Vec::new(), Vec::new());
        for (rows, gold) in corpus.rows.iter().zip(&corpus.gold) {
            for (p, g) in heads.piece_probs(rows).unwrap().iter().zip(&gold.pieces) {
                if *g > 0.5 { pos.push(*p) } else { neg.push(*p) }
            }
        }
        pos.iter().sum::<f32>() / pos.len() as f32 - neg.iter().sum::<f32>() / neg.len() as f32
    };
    let (before, after) = (separation(&untuned), separation(&tuned));
    // Fine-tuning is deterministic (gradients summed in window order).
    let twin = Heads::fit(&corpus, &all, &cfg).unwrap();
    for rows in &corpus.rows {
        assert_eq!(tuned.piece_probs(rows).unwrap(), twin.piece_probs(rows).unwrap());
    }
    assert!(before.abs() < 1e-3, "an untrained output says 0.5 everywhere: {before}");
    assert!(after > 0.2, "tuned separation {after}");
    // The auxiliary technique loss and the sentence output shape the
    // layers (other probabilities) and still leave a tagger that separates
    // gold pieces; the sentence output is mixed into the sentence
    // probabilities and kept in the file.
    let aux_tune = TuneConfig { technique_loss: 0.5, sentence_loss: 0.5, sentence_weight: 0.5, ..tune };
    let aux_cfg = HeadsConfig { tune: Some(aux_tune), ..cfg.clone() };
    let aux = Heads::fit(&corpus, &all, &aux_cfg).unwrap();
    assert_ne!(aux.piece_probs(&corpus.rows[0]).unwrap(), tuned.piece_probs(&corpus.rows[0]).unwrap());
    assert!(separation(&aux) > 0.2, "separation with the technique loss {}", separation(&aux));
    let (_, tuned_out) = aux.piece_probs_apart(&corpus.rows[0]).unwrap();
    let tuned_sentences = tuned_out.unwrap().sentences;
    assert_eq!(tuned_sentences.len(), corpus.rows[0].article.sentences.len());
    let head_sentences = aux.sentence_probs(&corpus.rows[0]).unwrap();
    let (_, mixed) = aux.probs(&corpus.rows[0]).unwrap();
    for ((m, h), t) in mixed.iter().zip(&head_sentences).zip(&tuned_sentences) {
        assert!((m - (0.5 * h + 0.5 * t)).abs() < 1e-6);
    }
    let aux_path = tmp.join("aux.safetensors");
    aux.save(&aux_path).unwrap();
    let aux_back = Heads::load(&aux_path).unwrap();
    assert_eq!(aux_back.config, aux_cfg);
    for (a, b) in mixed.iter().zip(aux_back.probs(&corpus.rows[0]).unwrap().1) {
        assert!((a - b).abs() < 2e-2, "{a} vs {b}");
    }
    let aux_report = cross_validate(&corpus, &labels, &aux_cfg, 3, 1, false, None).unwrap();
    assert_eq!(aux_report.tune_sentence_sweep.len(), 5);
    assert!(aux_report.held_out.iter().all(|h| h.sentence_parts.is_some()));
    assert!(report.tune_sentence_sweep.is_empty(), "no sentence output, no sweep");

    // Two members: the first is the one-member model (same seed), the
    // second trains on another window order, and their probabilities are
    // averaged; the file keeps both.
    let pair_cfg = HeadsConfig { tune: Some(TuneConfig { members: 2, ..tune }), ..cfg.clone() };
    let pair = Heads::fit(&corpus, &all, &pair_cfg).unwrap();
    let second = Heads::fit(&corpus, &all, &HeadsConfig { tune: Some(TuneConfig { seed: tune.seed + 1, ..tune }), ..cfg.clone() }).unwrap();
    let tuned_of = |h: &Heads| h.piece_probs_apart(&corpus.rows[0]).unwrap().1.unwrap().pieces;
    let (one, two, both) = (tuned_of(&tuned), tuned_of(&second), tuned_of(&pair));
    assert_ne!(one, two, "members differ");
    for ((a, b), m) in one.iter().zip(&two).zip(&both) {
        assert!((m - (a + b) / 2.0).abs() < 1e-6, "{m} is not the mean of {a} and {b}");
    }
    let pair_path = tmp.join("pair.safetensors");
    pair.save(&pair_path).unwrap();
    let pair_back = Heads::load(&pair_path).unwrap();
    assert_eq!(pair_back.config, pair_cfg);
    for (a, b) in both.iter().zip(tuned_of(&pair_back)) {
        assert!((a - b).abs() < 2e-2, "{a} vs {b}");
    }
    // A file that promises more members than it holds is refused.
    let mut short = std::collections::HashMap::new();
    for (k, v) in candle_core::safetensors::load(&pair_path, &candle_core::Device::Cpu).unwrap() {
        if !k.starts_with("tune1.") {
            short.insert(k, v);
        }
    }
    let short_path = tmp.join("short.safetensors");
    candle_core::safetensors::save(&short, &short_path).unwrap();
    assert!(Heads::load(&short_path).is_err());

    // The file keeps the tuned layers (f16) and the detector uses them.
    let path = tmp.join("tuned.safetensors");
    tuned.save(&path).unwrap();
    let back = Heads::load(&path).unwrap();
    assert_eq!(back.config, cfg);
    let rows = &corpus.rows[3];
    for (a, b) in tuned.piece_probs(rows).unwrap().iter().zip(back.piece_probs(rows).unwrap()) {
        assert!((a - b).abs() < 2e-2, "{a} vs {b}");
    }
    let model = NeuralModel::new(tiny_encoder(&model_dir, &[2]), back, "tuned").unwrap();
    let doc = Document::from_bytes("x", "The corrupt regime lied again! Traitors…".as_bytes()).unwrap();
    let found = model.detect(&doc, &DetectOptions { threshold: Some(0.0) });
    assert!(!found.is_empty());
    // Article states of the wrong width are an error, not a panic.
    let mut odd = corpus.rows[0].clone();
    odd.article.states.pop();
    assert!(tuned.piece_probs(&odd).is_err());
    std::fs::remove_dir_all(&tmp).unwrap();
}

