//! One actor across articles. Each article names its actors on its own: one
//! says "Donald Trump" (and then "Trump"), another only "Trump"; one spells
//! out "Mojahedin-e Khalq Organization (MKO)", another says "the MKO". Each
//! actor row keeps its article's key (its normalised name) and alias set;
//! this pass gives every row a corpus-wide `canon` key: a key that is an
//! alias of other actors joins the actor that carries it as an alias in
//! the most articles, when that one is clearly ahead of any other (twice
//! the articles of the runner-up), so "trump" does not join "ivanka trump"
//! because one article calls her "Trump", and when it carries it often
//! enough (see [`SUPPORT`]). A group is named by its longest
//! key among those in at least a quarter as many articles as its most
//! frequent one ("donald trump" over "trump"), or by the expansion of its
//! most frequent key's initials ("united states" over "u.s.").

use std::collections::HashMap;

use rusqlite::params;

use crate::{Store, StoreError};

/// A runner-up carrying the alias in more than `1 / CLEAR_LEAD` of the
/// leader's articles makes the alias ambiguous: it is left alone.
const CLEAR_LEAD: u64 = 2;
/// A group's name is its longest key in at least `1 / NAME_SHARE` of the
/// articles of its most frequent key.
const NAME_SHARE: u64 = 4;
/// A key joins its leading carrier only when that one carries it in at
/// least `1 / SUPPORT` as many articles as the key stands alone: "new york"
/// (154 articles of its own, an alias of "new york times" in 20) stays
/// apart; an abbreviation of the carrier's initials ("u.s.", "d.c.") needs
/// two articles.
const SUPPORT: u64 = 4;

/// Whether `short` spells the initials of `long` ("u.s." of "united
/// states", "d.c." of "district of columbia", "ap" of "associated press").
fn is_initials(short: &str, long: &str) -> bool {
    let letters: String = short.chars().filter(|c| c.is_alphanumeric()).collect();
    let initials: String = long
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !matches!(*w, "of" | "the" | "and" | "for" | "&"))
        .filter_map(|w| w.chars().next())
        .collect();
    letters.chars().count() >= 2 && letters == initials
}

/// The root of `i` in a union-find forest, halving paths on the way.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The canonical key of each key of `keys` (key, alias set, articles),
/// for the keys that join another.
pub(crate) fn canon_keys(keys: &[(String, Vec<String>, u64)]) -> HashMap<String, String> {
    let mut articles: HashMap<&str, u64> = HashMap::new();
    // alias -> key carrying it -> articles.
    let mut carriers: HashMap<&str, HashMap<&str, u64>> = HashMap::new();
    for (key, aliases, n) in keys {
        *articles.entry(key).or_default() += n;
        for alias in aliases.iter().filter(|a| *a != key) {
            *carriers.entry(alias).or_default().entry(key).or_default() += n;
        }
    }
    let mut names: Vec<&str> = articles.keys().copied().collect();
    names.sort_unstable();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut parent: Vec<usize> = (0..names.len()).collect();
    for (i, name) in names.iter().enumerate() {
        let Some(by) = carriers.get(name) else { continue };
        let mut ranked: Vec<(&str, u64)> = by.iter().map(|(k, n)| (*k, *n)).collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let (leader, lead) = ranked[0];
        if ranked.get(1).is_some_and(|(_, second)| second * CLEAR_LEAD > lead) {
            continue;
        }
        let supported = lead * SUPPORT >= articles[name] || (lead >= 2 && is_initials(name, leader));
        if !supported {
            continue;
        }
        let (a, b) = (root(&mut parent, i), root(&mut parent, index[leader]));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut groups: HashMap<usize, Vec<&str>> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(name);
    }
    let mut out = HashMap::new();
    for members in groups.values().filter(|m| m.len() > 1) {
        let most = members.iter().map(|k| articles[k]).max().unwrap_or(0);
        let top = members.iter().copied().filter(|k| articles[k] == most).min().unwrap_or(members[0]);
        let canon = members
            .iter()
            .filter(|k| articles[*k] * NAME_SHARE >= most || is_initials(top, k))
            .max_by(|a, b| a.chars().count().cmp(&b.chars().count()).then(articles[*a].cmp(&articles[*b])).then(b.cmp(a)))
            .copied()
            .unwrap_or(members[0]);
        for k in members.iter().filter(|k| **k != canon) {
            out.insert((*k).to_owned(), canon.to_owned());
        }
    }
    out
}

/// Recomputes the `canon` column of every actor row; returns how many keys
/// joined another.
///
/// # Errors
/// SQLite's.
pub fn group_actors(store: &Store) -> Result<usize, StoreError> {
    let conn = store.conn();
    let keys: Vec<(String, Vec<String>, u64)> = {
        let mut st = conn
            .prepare("SELECT key, aliases, count(DISTINCT article) FROM actors WHERE key <> '' GROUP BY key, aliases")
            .map_err(store.sql_err())?;
        st.query_map([], |r| {
            let aliases: String = r.get(1)?;
            Ok((r.get(0)?, serde_json::from_str(&aliases).unwrap_or_default(), r.get(2)?))
        })
        .and_then(Iterator::collect)
        .map_err(store.sql_err())?
    };
    let canon = canon_keys(&keys);
    let tx = conn.unchecked_transaction().map_err(store.sql_err())?;
    tx.execute("UPDATE actors SET canon = key WHERE canon <> key", []).map_err(store.sql_err())?;
    {
        let mut st = tx.prepare("UPDATE actors SET canon = ?1 WHERE key = ?2").map_err(store.sql_err())?;
        for (key, to) in &canon {
            st.execute(params![to, key]).map_err(store.sql_err())?;
        }
    }
    tx.commit().map_err(store.sql_err())?;
    Ok(canon.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str, aliases: &[&str], n: u64) -> (String, Vec<String>, u64) {
        (name.to_owned(), aliases.iter().map(|a| (*a).to_owned()).collect(), n)
    }

    #[test]
    fn a_surname_and_an_acronym_join_the_actor_that_carries_them() {
        let keys = [
            key("trump", &["trump"], 50),
            key("donald trump", &["donald trump", "trump"], 30),
            key("ivanka trump", &["ivanka trump", "trump"], 2),
            key("mko", &["mko"], 4),
            key("mojahedin-e khalq organization", &["mek", "mko", "mojahedin-e khalq organization"], 3),
            key("clinton", &["clinton"], 5),
        ];
        let canon = canon_keys(&keys);
        assert_eq!(canon.get("trump").map(String::as_str), Some("donald trump"));
        assert_eq!(canon.get("mko").map(String::as_str), Some("mojahedin-e khalq organization"));
        assert!(!canon.contains_key("ivanka trump"));
        assert!(!canon.contains_key("donald trump"));
        assert!(!canon.contains_key("clinton"));
    }

    #[test]
    fn a_rare_carrier_does_not_swallow_a_key_that_stands_alone() {
        let keys = [
            key("new york", &["new york"], 154),
            key("new york times", &["new york", "new york times"], 20),
            key("china", &["china"], 55),
            key("tim kaine", &["china", "tim kaine"], 1),
            key("u.s.", &["u.s."], 191),
            key("united states", &["u.s.", "united states"], 44),
            key("d.c.", &["d.c."], 23),
            key("district of columbia", &["d.c.", "district of columbia"], 2),
        ];
        let canon = canon_keys(&keys);
        assert!(!canon.contains_key("new york") && !canon.contains_key("china"), "{canon:?}");
        assert_eq!(canon.get("u.s.").map(String::as_str), Some("united states"));
        assert_eq!(canon.get("d.c.").map(String::as_str), Some("district of columbia"));
    }

    #[test]
    fn an_alias_two_actors_carry_alike_stays_apart() {
        let keys = [
            key("clinton", &["clinton"], 40),
            key("hillary clinton", &["clinton", "hillary clinton"], 20),
            key("bill clinton", &["bill clinton", "clinton"], 15),
        ];
        assert!(canon_keys(&keys).is_empty());
    }

    #[test]
    fn a_group_is_named_by_its_longest_frequent_key_or_the_expansion_of_its_acronym() {
        let keys = [key("nato", &["nato"], 100), key("north atlantic treaty organization", &["nato", "north atlantic treaty organization"], 10)];
        let canon = canon_keys(&keys);
        assert_eq!(canon.get("nato").map(String::as_str), Some("north atlantic treaty organization"));
        let keys = [key("paul", &["paul"], 100), key("rand paul", &["paul", "rand paul"], 30), key("senator rand paul", &["paul", "senator rand paul"], 5)];
        let canon = canon_keys(&keys);
        assert_eq!(canon.get("paul").map(String::as_str), Some("rand paul"), "{canon:?}");
    }
}
