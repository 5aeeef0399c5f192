//! The one table of propaganda techniques. Every other part of slant takes
//! technique names, definitions and label mappings from here.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One of the 14 techniques of SemEval-2020 Task 11.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)] // Each variant is documented by its table entry.
pub enum Technique {
    AppealToAuthority,
    AppealToFearPrejudice,
    BandwagonReductioAdHitlerum,
    BlackAndWhiteFallacy,
    CausalOversimplification,
    Doubt,
    ExaggerationMinimisation,
    FlagWaving,
    LoadedLanguage,
    NameCallingLabeling,
    Repetition,
    Slogans,
    ThoughtTerminatingCliches,
    WhataboutismStrawMenRedHerring,
}

/// Everything slant knows about a technique.
#[derive(Debug)]
pub struct TechniqueInfo {
    /// The technique this entry describes.
    pub technique: Technique,
    /// The exact SemEval-2020 label string (`techniques.txt`).
    pub label: &'static str,
    /// A stable snake-case code, used in URLs, CSS classes and model files.
    pub code: &'static str,
    /// The name shown to people.
    pub name: &'static str,
    /// A short definition.
    pub definition: &'static str,
    /// An invented example sentence; the fragment using the technique is
    /// between `[` and `]`.
    pub example: &'static str,
    /// Labels of the 18-technique PTC annotation (Da San Martino et al. 2019)
    /// that map onto this technique.
    pub ptc18_labels: &'static [&'static str],
    /// Labels of SemEval-2023 Task 3 that map onto this technique.
    pub semeval2023_labels: &'static [&'static str],
}

use Technique as T;

/// The table, in the alphabetical order of the SemEval-2020 labels.
static TABLE: [TechniqueInfo; 14] = [
    TechniqueInfo {
        technique: T::AppealToAuthority,
        label: "Appeal_to_Authority",
        code: "appeal_to_authority",
        name: "Appeal to authority",
        definition: "Claiming a statement is true because an expert, official or other authority \
                     says so, without further evidence.",
        example: "[Every serious economist agrees] the tariff will pay for itself.",
        ptc18_labels: &["Appeal_to_Authority"],
        semeval2023_labels: &["Appeal_to_Authority"],
    },
    TechniqueInfo {
        technique: T::AppealToFearPrejudice,
        label: "Appeal_to_fear-prejudice",
        code: "appeal_to_fear_prejudice",
        name: "Appeal to fear or prejudice",
        definition: "Building support for an idea by instilling anxiety or panic about an \
                     alternative, or by playing on existing prejudice.",
        example: "[If the bridge plan passes, your children will not be safe walking home.]",
        ptc18_labels: &["Appeal_to_fear-prejudice"],
        semeval2023_labels: &["Appeal_to_Fear-Prejudice"],
    },
    TechniqueInfo {
        technique: T::BandwagonReductioAdHitlerum,
        label: "Bandwagon,Reductio_ad_hitlerum",
        code: "bandwagon_reductio_ad_hitlerum",
        name: "Bandwagon / Reductio ad Hitlerum",
        definition: "Urging people to join in because everyone else does, or rejecting an idea \
                     because a hated group is said to hold it.",
        example: "[Millions of families have already switched]; why haven't you? \
                  The mayor's curfew is [exactly what the old junta did].",
        ptc18_labels: &["Bandwagon", "Reductio_ad_hitlerum"],
        semeval2023_labels: &["Appeal_to_Popularity", "Guilt_by_Association"],
    },
    TechniqueInfo {
        technique: T::BlackAndWhiteFallacy,
        label: "Black-and-White_Fallacy",
        code: "black_and_white_fallacy",
        name: "Black-and-white fallacy",
        definition: "Presenting two alternatives as the only possibilities when more exist; \
                     the extreme form is dictatorship: only one option is left.",
        example: "[Either we close the harbour today or we lose the whole coast.]",
        ptc18_labels: &["Black-and-White_Fallacy"],
        semeval2023_labels: &["False_Dilemma-No_Choice"],
    },
    TechniqueInfo {
        technique: T::CausalOversimplification,
        label: "Causal_Oversimplification",
        code: "causal_oversimplification",
        name: "Causal oversimplification",
        definition: "Assuming a single cause or reason when an issue has several.",
        example: "[Crime went up the year the new library opened, so the library brought crime.]",
        ptc18_labels: &["Causal_Oversimplification"],
        semeval2023_labels: &["Causal_Oversimplification"],
    },
    TechniqueInfo {
        technique: T::Doubt,
        label: "Doubt",
        code: "doubt",
        name: "Doubt",
        definition: "Questioning the credibility of someone or something without evidence.",
        example: "[Can we really trust a council that cannot even fix its own website?]",
        ptc18_labels: &["Doubt"],
        semeval2023_labels: &["Doubt"],
    },
    TechniqueInfo {
        technique: T::ExaggerationMinimisation,
        label: "Exaggeration,Minimisation",
        code: "exaggeration_minimisation",
        name: "Exaggeration / minimisation",
        definition: "Representing something as far larger or better, or far smaller or less \
                     important, than it really is.",
        example: "The flood was [the worst disaster in human history]; the leak was \
                  [just a little paperwork].",
        ptc18_labels: &["Exaggeration,Minimisation"],
        semeval2023_labels: &["Exaggeration-Minimisation"],
    },
    TechniqueInfo {
        technique: T::FlagWaving,
        label: "Flag-Waving",
        code: "flag_waving",
        name: "Flag-waving",
        definition: "Playing on strong national (or group) feeling to justify or promote an \
                     action or idea.",
        example: "[Every true patriot of this valley] will vote for the dam.",
        ptc18_labels: &["Flag-Waving"],
        semeval2023_labels: &["Flag_Waving"],
    },
    TechniqueInfo {
        technique: T::LoadedLanguage,
        label: "Loaded_Language",
        code: "loaded_language",
        name: "Loaded language",
        definition: "Words and phrases with strong emotional connotations, positive or \
                     negative, used to sway the audience.",
        example: "The council's [reckless], [job-killing] budget was passed at midnight.",
        ptc18_labels: &["Loaded_Language"],
        semeval2023_labels: &["Loaded_Language"],
    },
    TechniqueInfo {
        technique: T::NameCallingLabeling,
        label: "Name_Calling,Labeling",
        code: "name_calling_labeling",
        name: "Name calling / labeling",
        definition: "Labelling the object of the campaign as something the audience fears, \
                     hates or finds undesirable (or loves and praises).",
        example: "The [tax-and-spend zealots] on the board voted again.",
        ptc18_labels: &["Name_Calling,Labeling"],
        semeval2023_labels: &["Name_Calling-Labeling"],
    },
    TechniqueInfo {
        technique: T::Repetition,
        label: "Repetition",
        code: "repetition",
        name: "Repetition",
        definition: "Repeating the same message over and over so that the audience accepts it.",
        example: "It is [a stolen harvest]. They know it is [a stolen harvest].",
        ptc18_labels: &["Repetition"],
        semeval2023_labels: &["Repetition"],
    },
    TechniqueInfo {
        technique: T::Slogans,
        label: "Slogans",
        code: "slogans",
        name: "Slogans",
        definition: "A brief, striking phrase, often with labelling and stereotyping, that \
                     acts as an emotional appeal.",
        example: "Their answer to everything: [Clean streets, safe streets!]",
        ptc18_labels: &["Slogans"],
        semeval2023_labels: &["Slogans"],
    },
    TechniqueInfo {
        technique: T::ThoughtTerminatingCliches,
        label: "Thought-terminating_Cliches",
        code: "thought_terminating_cliches",
        name: "Thought-terminating cliché",
        definition: "A short, generic phrase that discourages critical thought and further \
                     discussion.",
        example: "Asked about the missing funds, he shrugged: [it is what it is].",
        ptc18_labels: &["Thought-terminating_Cliches"],
        semeval2023_labels: &["Conversation_Killer"],
    },
    TechniqueInfo {
        technique: T::WhataboutismStrawMenRedHerring,
        label: "Whataboutism,Straw_Men,Red_Herring",
        code: "whataboutism_straw_men_red_herring",
        name: "Whataboutism / straw man / red herring",
        definition: "Discrediting a position by charging hypocrisy, misrepresenting it, or \
                     bringing in irrelevant material to divert attention.",
        example: "Why talk about the mill's pollution [when the old owners polluted far more]?",
        ptc18_labels: &["Whataboutism", "Straw_Men", "Red_Herring"],
        semeval2023_labels: &["Whataboutism", "Straw_Man", "Red_Herring", "Appeal_to_Hypocrisy"],
    },
];

/// Labels of earlier or later schemes that have no counterpart among the 14:
/// `Obfuscation` was dropped for SemEval-2020, and these SemEval-2023
/// techniques were new.
pub const UNMAPPED_LABELS: &[&str] = &[
    "Obfuscation,Intentional_Vagueness,Confusion",
    "Obfuscation-Vagueness-Confusion",
    "Appeal_to_Time",
    "Appeal_to_Values",
    "Consequential_Oversimplification",
    "Questioning_the_Reputation",
];

impl Technique {
    /// All techniques, in table order.
    pub const ALL: [Technique; 14] = [
        T::AppealToAuthority,
        T::AppealToFearPrejudice,
        T::BandwagonReductioAdHitlerum,
        T::BlackAndWhiteFallacy,
        T::CausalOversimplification,
        T::Doubt,
        T::ExaggerationMinimisation,
        T::FlagWaving,
        T::LoadedLanguage,
        T::NameCallingLabeling,
        T::Repetition,
        T::Slogans,
        T::ThoughtTerminatingCliches,
        T::WhataboutismStrawMenRedHerring,
    ];

    /// Number of techniques.
    pub const COUNT: usize = 14;

    /// Position in [`Technique::ALL`], for dense arrays.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The technique at `index` in [`Technique::ALL`].
    pub fn from_index(index: usize) -> Option<Self> {
        Self::ALL.get(index).copied()
    }

    /// The full table entry.
    pub fn info(self) -> &'static TechniqueInfo {
        &TABLE[self.index()]
    }

    /// The exact SemEval-2020 label, as in PTC label files.
    pub fn label(self) -> &'static str {
        self.info().label
    }

    /// The stable snake-case code.
    pub fn code(self) -> &'static str {
        self.info().code
    }

    /// The name shown to people.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// A short definition.
    pub fn definition(self) -> &'static str {
        self.info().definition
    }

    /// The exact SemEval-2020 label only (what the official scorers accept).
    pub fn from_label(label: &str) -> Option<Self> {
        TABLE.iter().find(|i| i.label == label).map(|i| i.technique)
    }

    /// Any known spelling: the SemEval-2020 label, the code, one of the 18
    /// original PTC labels or a SemEval-2023 label (case-insensitive).
    pub fn parse(label: &str) -> Option<Self> {
        let label = label.trim();
        if let Some(t) = Self::from_label(label) {
            return Some(t);
        }
        TABLE
            .iter()
            .find(|i| {
                i.label.eq_ignore_ascii_case(label)
                    || i.code.eq_ignore_ascii_case(label)
                    || i.ptc18_labels.iter().any(|l| l.eq_ignore_ascii_case(label))
                    || i.semeval2023_labels.iter().any(|l| l.eq_ignore_ascii_case(label))
            })
            .map(|i| i.technique)
    }
}

impl fmt::Display for Technique {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Serialize for Technique {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

impl<'de> Deserialize<'de> for Technique {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Technique::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown technique `{s}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        for (i, t) in Technique::ALL.iter().enumerate() {
            assert_eq!(t.index(), i);
            assert_eq!(t.info().technique, *t);
            assert_eq!(Technique::from_label(t.label()), Some(*t));
            assert_eq!(Technique::parse(t.code()), Some(*t));
            assert!(t.info().example.contains('['), "{t} example marks no fragment");
        }
        let mut labels: Vec<_> = Technique::ALL.iter().map(|t| t.label()).collect();
        let sorted = {
            let mut s = labels.clone();
            s.sort_unstable();
            s
        };
        assert_eq!(labels, sorted, "table must follow techniques.txt order");
        labels.dedup();
        assert_eq!(labels.len(), Technique::COUNT);
    }

    #[test]
    fn maps_all_eighteen_original_labels_but_obfuscation() {
        let originals = [
            "Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon",
            "Black-and-White_Fallacy", "Causal_Oversimplification", "Doubt",
            "Exaggeration,Minimisation", "Flag-Waving", "Loaded_Language",
            "Name_Calling,Labeling", "Red_Herring", "Reductio_ad_hitlerum", "Repetition",
            "Slogans", "Straw_Men", "Thought-terminating_Cliches", "Whataboutism",
        ];
        for label in originals {
            assert!(Technique::parse(label).is_some(), "{label}");
        }
        assert_eq!(Technique::parse("Red_Herring"), Some(T::WhataboutismStrawMenRedHerring));
        assert_eq!(Technique::parse("Reductio_ad_hitlerum"), Some(T::BandwagonReductioAdHitlerum));
        for label in UNMAPPED_LABELS {
            assert_eq!(Technique::parse(label), None, "{label}");
        }
    }

    #[test]
    fn maps_semeval2023_labels() {
        assert_eq!(Technique::parse("Name_Calling-Labeling"), Some(T::NameCallingLabeling));
        assert_eq!(Technique::parse("Flag_Waving"), Some(T::FlagWaving));
        assert_eq!(Technique::parse("False_Dilemma-No_Choice"), Some(T::BlackAndWhiteFallacy));
        assert_eq!(Technique::parse("Conversation_Killer"), Some(T::ThoughtTerminatingCliches));
        assert_eq!(Technique::parse("Appeal_to_Fear-Prejudice"), Some(T::AppealToFearPrejudice));
        assert_eq!(Technique::from_label("Flag_Waving"), None, "official scorer needs 2020 labels");
    }

    #[test]
    fn serde_uses_the_semeval_label() {
        let json = serde_json::to_string(&T::BandwagonReductioAdHitlerum).unwrap();
        assert_eq!(json, "\"Bandwagon,Reductio_ad_hitlerum\"");
        let back: Technique = serde_json::from_str("\"Exaggeration-Minimisation\"").unwrap();
        assert_eq!(back, T::ExaggerationMinimisation);
        assert!(serde_json::from_str::<Technique>("\"Nope\"").is_err());
    }
}
