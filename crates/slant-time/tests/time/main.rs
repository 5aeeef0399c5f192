//! Integration tests of slant-time: the timeline on sentences modelled on
//! the seed article, robustness on adversarial input, the TimeML reader and
//! scorer, and the score floors on TimeBank (with `SLANT_TIMEBANK_DIR`).

mod robustness;
mod timebank;
mod timeline;
mod timeml;
