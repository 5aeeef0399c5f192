//! Word-piece spans and windowed article encoding.

use slant_encoder::testing as common;

use slant_encoder::window::{owners, plan};
use slant_encoder::{BertConfig, Encoder, FastBert, ModelDir, WindowConfig, encode_article};

const TEXT: &str = "“Fake news!” said the café owner in Zürich 😀 — naïve reporters… Ｆｕｌｌ 東京";

#[test]
fn spans_map_back_exactly_on_non_ascii_text() {
    let Some(dir) = common::model_dir() else { return };
    let tok = ModelDir::new(dir).unwrap().tokenizer().unwrap();
    let pieces = tok.tokenize(TEXT).unwrap();
    let surface: Vec<&str> = pieces.spans.iter().map(|s| &TEXT[s.clone()]).collect();
    assert_eq!(
        surface,
        [
            "“", "Fake", "news", "!", "”", "said", "the", "café", "owner", "in", "Zürich", "😀", "—", "naïve",
            "reporters", "…", "Ｆｕｌｌ", "東", "京"
        ]
    );
    let tokens: Vec<String> = pieces.ids.iter().map(|&id| tok.token(id).unwrap()).collect();
    assert_eq!(tokens[7], "cafe");
    assert_eq!(tokens[11], "[UNK]");
    assert_eq!(tokens[13], "naive");
    for pair in pieces.spans.windows(2) {
        assert!(pair[0].end <= pair[1].start);
    }
}

#[test]
fn word_piece_continuations_tile_their_word() {
    let Some(dir) = common::model_dir() else { return };
    let tok = ModelDir::new(dir).unwrap().tokenizer().unwrap();
    let text = "Überdramatización of propagandistic «whataboutism»";
    let pieces = tok.tokenize(text).unwrap();
    for (i, (id, span)) in pieces.ids.iter().zip(&pieces.spans).enumerate() {
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        let token = tok.token(*id).unwrap();
        if let Some(rest) = token.strip_prefix("##") {
            // A continuation starts where the previous piece ended.
            assert_eq!(pieces.spans[i - 1].end, span.start, "{token}");
            assert_eq!(fold(&text[span.clone()]), rest, "continuation {token}");
        }
    }
}

/// Lower-cases and strips the accents that occur in these tests.
fn fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            c => c,
        })
        .collect()
}

/// A random full-vocabulary model: windows must reproduce direct encoding.
#[test]
fn windowed_vectors_come_from_the_owning_window() {
    let Some(dir) = common::model_dir() else { return };
    let tok = ModelDir::new(dir).unwrap().tokenizer().unwrap();
    let mut cfg = BertConfig::tiny(30522, 32, 2, 2);
    cfg.max_position_embeddings = 128;
    let (cfg, varmap, _) = common::random_model(cfg);
    let fast = FastBert::from_tensors(&common::tensors(&varmap), &cfg).unwrap();
    let article = TEXT.repeat(20);
    let win = WindowConfig { max_tokens: 64, stride: 40, batch: 3 };
    let out = encode_article(&tok, &fast, &article, &win).unwrap();
    let pieces = tok.tokenize(&article).unwrap();
    assert_eq!(out.len(), pieces.len());
    assert_eq!(out.spans, pieces.spans);
    let once = tok.tokenize(TEXT).unwrap();
    assert_eq!(out.len(), 20 * once.len());
    for (i, span) in out.spans.iter().enumerate() {
        let k = i % once.len();
        assert_eq!(&article[span.clone()], &TEXT[once.spans[k].clone()], "piece {i}");
        assert_eq!(span.start - once.spans[k].start, (i / once.len()) * TEXT.len());
    }
    let windows = plan(out.len(), &win);
    assert!(windows.len() > 5);
    let owner = owners(&windows, out.len());
    for (w, range) in windows.iter().enumerate() {
        let ids = tok.wrap(&pieces.ids[range.clone()]);
        let hidden = fast.encode(&[&ids]).unwrap();
        for i in range.clone().filter(|&i| owner[i] == w) {
            assert!(common::max_abs_diff(out.vector(i), hidden.token(0, i - range.start + 1)) < 1e-6, "piece {i} from window {w}");
        }
    }
    // A short article is one window: same as encoding it directly.
    let short = encode_article(&tok, &fast, TEXT, &win).unwrap();
    let direct = fast.encode(&[&tok.wrap(&short.ids)]).unwrap();
    for i in 0..short.len() {
        assert!(common::max_abs_diff(short.vector(i), direct.token(0, i + 1)) < 1e-6);
    }
    let empty = encode_article(&tok, &fast, "", &win).unwrap();
    assert!(empty.is_empty());
}
