/// Function words, which carry no persuasion on their own and are left out
/// of repetition counts.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "being", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had",
    "has", "have", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is",
    "it", "its", "just", "many", "me", "more", "most", "mr", "mrs", "ms", "much", "my", "no",
    "not", "now", "of", "on", "one", "only", "or", "other", "our", "out", "over", "s", "said",
    "says", "she", "so", "some", "such", "t", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "to", "up", "us", "was", "we", "were", "what",
    "when", "where", "which", "while", "who", "whom", "whose", "why", "will", "with", "would",
    "you", "your",
];

/// Whether `word` (lower-case) is a function word.
pub fn is_stopword(word: &str) -> bool {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    word.len() <= LONGEST && SET.get_or_init(|| STOPWORDS.iter().copied().collect()).contains(word)
}

/// Length in bytes of the longest stopword.
const LONGEST: usize = 12;

#[cfg(test)]
mod tests {
    #[test]
    fn list_is_sorted_for_binary_search() {
        assert!(super::STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(super::is_stopword("the") && !super::is_stopword("terrorist"));
        assert!(super::STOPWORDS.iter().all(|w| w.len() <= super::LONGEST && super::is_stopword(w)));
    }
}
