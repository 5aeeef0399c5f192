//! Hash maps with a fast, randomly seeded hasher (foldhash): the default
//! `SipHash` was a tenth of the run time, and a seeded hash keeps crafted
//! texts from forcing collisions.

/// A hash map with foldhash's seeded hasher.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// A hash set with foldhash's seeded hasher.
pub(crate) type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
