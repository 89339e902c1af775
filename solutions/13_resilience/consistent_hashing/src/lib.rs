//! # Consistent hashing: a hash ring with virtual nodes
//!
//! A cache cluster spreads its keys over several nodes. The obvious rule,
//! `node = hash(key) % N`, falls apart when a node joins or leaves: N changes
//! and almost every key lands on a different node, so the whole cache goes
//! cold at once. Consistent hashing (Karger et al., 1997; used by Dynamo,
//! Cassandra and memcached clients) moves only about 1/N of the keys.
//!
//! Write [`HashRing`]: every node is placed on a ring of `u64` positions, and
//! a key belongs to the first node position at or after the key's own hash,
//! wrapping around past `u64::MAX` to the smallest position.
//!
//! ## The rules
//!
//! - Hash with [`stable_hash`] (already written). Not with std's `Hash` and
//!   `DefaultHasher`: their output may change between Rust versions and
//!   `HashMap`'s `RandomState` is seeded per process, while every client of a
//!   cluster must agree where a key lives, today and after an upgrade.
//! - One node gets `vnodes` positions on the ring (*virtual nodes*): the
//!   hashes of `"{node}#0"`, `"{node}#1"`, ... up to `"{node}#{vnodes - 1}"`.
//!   With a single position per node the arcs between nodes are very
//!   uneven; with a hundred or so, every node owns a fair share.
//! - `node_for(key)` hashes `key` and returns the node owning the first
//!   position `>= stable_hash(key)`, or the smallest position when there is
//!   none after it. An empty ring has no node for any key.
//! - Adding a node that is already there changes nothing. Removing a node
//!   takes away all of its positions; removing an unknown node is a no-op.
//!
//! A `BTreeMap<u64, String>` keeps the positions sorted, and its `range`
//! finds the first position at or after a hash.
//!
//! The tests in `tests/consistent_hashing.rs` are the specification.

use std::collections::BTreeMap;

/// A hash that is the same on every machine and in every Rust version:
/// 64-bit FNV-1a, followed by the finaliser of MurmurHash3 (`fmix64`) so that
/// similar inputs such as `"a#1"` and `"a#2"` land far apart on the ring.
///
/// Already written for you.
pub fn stable_hash(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

/// A consistent-hash ring.
#[derive(Debug, Clone)]
pub struct HashRing {
    /// Positions per node.
    vnodes: usize,
    /// Every position on the ring and the node it belongs to, sorted by position.
    ring: BTreeMap<u64, String>,
}

impl HashRing {
    /// An empty ring that will give every node `vnodes` positions.
    pub fn new(vnodes: usize) -> Self {
        Self {
            vnodes,
            ring: BTreeMap::new(),
        }
    }

    /// The position of `node`'s virtual node number `index`.
    fn position(node: &str, index: usize) -> u64 {
        stable_hash(&format!("{node}#{index}"))
    }

    /// Puts `node` on the ring at its `vnodes` positions.
    pub fn add_node(&mut self, node: &str) {
        for index in 0..self.vnodes {
            self.ring
                .insert(Self::position(node, index), node.to_string());
        }
    }

    /// Takes `node` and all its positions off the ring.
    pub fn remove_node(&mut self, node: &str) {
        self.ring.retain(|_, owner| owner != node);
    }

    /// The node that owns `key`, or `None` when the ring is empty.
    pub fn node_for(&self, key: &str) -> Option<&str> {
        let hash = stable_hash(key);
        self.ring
            .range(hash..)
            .next()
            .or_else(|| self.ring.iter().next())
            .map(|(_, node)| node.as_str())
    }
}
