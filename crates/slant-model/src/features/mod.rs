//! Feature extraction for the linear models. Extractors write features into
//! a [`Sink`]: [`HashSink`] hashes them into a [`FeatureVec`] (the fast path),
//! [`NamedSink`] keeps their names so evidence can be explained.

mod sentence;
mod sink;
mod span;
mod stopwords;
pub mod lexicon;
mod template;
mod token;
mod view;

pub use sentence::{document_features, sentence_level_features};
pub(crate) use sink::{prefetch, Pending};
pub use sink::{HashSink, NamedFeature, NamedSink, ScoreSink, Sink};
pub use span::{span_features, SpanContext};
pub use stopwords::is_stopword;
pub use template::Template;
pub use token::{sentence_features, token_dense_features, token_features, token_sparse_features, TOKEN_EMBEDDING_SCALE};
pub use view::DocView;

/// Scale of unit-length embedding coordinates as features (about 1/16 each
/// otherwise, small beside the 1.0 of indicator features).
pub const EMBEDDING_SCALE: f32 = 4.0;
