//! Integration tests of slant-time: the timeline on sentences modelled on
//! the seed article, robustness on adversarial input, the TimeML reader and
//! scorer, and the score floors on TimeBank (with `SLANT_TIMEBANK_DIR`).

// TimeML, TimeBank and TempEval are names, not code.
#![allow(clippy::doc_markdown)]

mod robustness;
mod timebank;
mod timeline;
mod timeml;
