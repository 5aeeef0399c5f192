//! A small hand-made lexicon of persuasive word classes: labels for people
//! and groups, emotionally loaded words, fear words, distancing words,
//! national symbols, absolutes, intensifiers and attribution verbs.
//!
//! The lists are prior knowledge, not rules: each class is one feature
//! whose weight the models learn from the training data, so a rare word
//! (say "ringleader", once in the corpus) borrows the evidence of its class.
//! Words are lower case, as [`super::view::normalise`] writes them.

/// A word class and its words (sorted, so the lists stay easy to read).
struct Class {
    name: &'static str,
    /// Why a word of the class persuades, said of the word ("labels a
    /// person or group"): the evidence a reader sees.
    reason: &'static str,
    words: &'static [&'static str],
}

const CLASSES: &[Class] = &[
    Class {
        name: "labelling",
        reason: "labels a person or group",
        words: &[
            "anarchists", "apologist", "apologists", "bandits", "bigot", "bigots", "butcher", "butchers", "cabal",
            "clique", "collaborator", "collaborators", "criminals", "cronies", "crony", "cult", "demagogue", "despot",
            "dictator", "dictators", "extremist", "extremists", "fanatic", "fanatics", "fascist", "fascists",
            "gang", "gangs", "globalist", "globalists", "goons", "hacks", "henchmen", "hooligans", "idiot", "idiots",
            "jihadist", "jihadists", "leftist", "leftists", "liar", "liars", "lunatic", "lunatics", "mercenaries",
            "militants", "mob", "mobsters", "moron", "morons", "mouthpiece", "mullahs", "murderer", "murderers",
            "nazi", "nazis", "parasites", "propagandist", "propagandists", "puppet", "puppets", "racist", "racists",
            "radical", "radicals", "regime", "ringleader", "ringleaders", "snowflakes", "stooge", "stooges",
            "terrorist", "terrorists", "thug", "thugs", "traitor", "traitors", "tyrant", "tyrants", "villain",
            "villains", "warlord", "warmonger", "warmongers", "zealot", "zealots",
        ],
    },
    Class {
        name: "loaded",
        reason: "is an emotionally loaded word",
        words: &[
            "abhorrent", "abominable", "absurd", "appalling", "atrocious", "atrocities", "atrocity", "barbaric",
            "barbarism", "brutal", "brutality", "brutally", "callous", "contempt", "corrupt", "cowardly", "cruel",
            "deplorable", "despicable", "devastating", "diabolical", "disastrous", "disgraceful", "disgusting",
            "dishonest", "evil", "filthy", "grotesque", "heinous", "hideous", "horrendous", "horrible", "horrific",
            "horrifying", "hysterical", "insane", "monstrous", "nefarious", "notorious", "obscene", "odious",
            "outrage", "outrageous", "pathetic", "rabid", "reckless", "repugnant", "ruthless", "savage", "scandal",
            "scandalous", "shameful", "shameless", "shocking", "sinister", "slaughter", "slaughtered", "sordid",
            "stunning", "treacherous", "vicious", "vile", "wicked",
        ],
    },
    Class {
        name: "fear",
        reason: "evokes fear or danger",
        words: &[
            "annihilate", "annihilation", "apocalypse", "attack", "attacks", "catastrophe", "catastrophic", "chaos",
            "collapse", "crisis", "danger", "dangerous", "deadly", "destroy", "destroyed", "destroying", "destruction",
            "disaster", "doom", "epidemic", "execution", "extinction", "flood", "genocide", "horror", "invade",
            "invasion", "kill", "killed", "killing", "kills", "massacre", "menace", "peril", "plague", "terror",
            "threat", "threaten", "threatens", "threats", "violence", "violent",
        ],
    },
    Class {
        name: "distancing",
        reason: "casts doubt on what it qualifies",
        words: &[
            "allegedly", "claimed", "claiming", "claims", "dubious", "hoax", "purported", "purportedly", "questionable",
            "so-called", "supposed", "supposedly", "suspicious", "unproven", "unsubstantiated",
        ],
    },
    Class {
        name: "patriotic",
        reason: "appeals to the nation",
        words: &[
            "america's", "american", "americans", "fatherland", "flag", "founders", "freedom", "freedoms",
            "heritage", "homeland", "honor", "honour", "liberty", "motherland", "nation", "nation's", "national",
            "patriot", "patriotic", "patriots", "sovereignty",
        ],
    },
    Class {
        name: "absolute",
        reason: "admits no exception",
        words: &[
            "absolutely", "always", "completely", "entire", "entirely", "every", "everyone", "everything", "never",
            "nobody", "none", "nothing", "totally", "undeniable", "unprecedented", "utterly",
        ],
    },
    Class {
        name: "intensifying",
        reason: "intensifies what it qualifies",
        words: &[
            "blatant", "blatantly", "deeply", "desperately", "enormous", "extremely", "highly", "incredibly",
            "massive", "outright", "sheer", "so", "staggering", "tremendous", "truly", "utter", "very", "wildly",
        ],
    },
    Class {
        name: "attributing",
        reason: "invokes a source or authority",
        words: &[
            "according", "admitted", "announced", "asserted", "claimed", "confirmed", "declared", "disclosed",
            "experts", "insisted", "official", "officials", "report", "reported", "revealed", "said", "says",
            "source", "sources", "stated", "study", "told",
        ],
    },
];

/// The word classes `word` belongs to (most words: none).
pub fn classes(word: &str) -> impl Iterator<Item = &'static str> {
    static INDEX: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, u16>> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut index = rustc_hash::FxHashMap::default();
        for (k, c) in CLASSES.iter().enumerate() {
            for w in c.words {
                *index.entry(*w).or_insert(0) |= 1u16 << k;
            }
        }
        index
    });
    let bits = if word.len() > LONGEST { 0 } else { index.get(word).copied().unwrap_or(0) };
    CLASSES.iter().enumerate().filter(move |(k, _)| bits & (1 << k) != 0).map(|(_, c)| c.name)
}

/// Why words of `class` persuade, said of one of them: "“ringleader”
/// labels a person or group". `None` for an unknown class.
pub fn reason(class: &str) -> Option<&'static str> {
    CLASSES.iter().find(|c| c.name == class).map(|c| c.reason)
}

/// Length in bytes of the longest listed word: longer words are not looked up.
const LONGEST: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_lower_case_and_found() {
        for c in CLASSES {
            assert!(c.words.windows(2).all(|w| w[0] < w[1]), "{} is not sorted", c.name);
            for w in c.words {
                assert_eq!(*w, w.to_lowercase(), "{w}");
                assert!(w.len() <= LONGEST, "{w}");
                assert!(classes(w).any(|n| n == c.name), "{w}");
            }
        }
        assert_eq!(classes("ringleader").collect::<Vec<_>>(), ["labelling"]);
        assert_eq!(classes("claimed").collect::<Vec<_>>(), ["distancing", "attributing"]);
        assert_eq!(classes("table").count(), 0);
        assert_eq!(reason("labelling"), Some("labels a person or group"));
        assert_eq!(reason("table"), None);
    }
}
