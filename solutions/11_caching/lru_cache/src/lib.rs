//! # An LRU cache
//!
//! A cache keeps the answers to expensive questions close at hand, but memory
//! is finite: when it is full, something has to go. The classic policy is
//! *least recently used* (LRU): evict the entry nobody has touched for the
//! longest time, on the bet that it is the least likely to be asked for again.
//!
//! Write [`LruCache`]: a map with a fixed capacity that remembers the order in
//! which its entries were used.
//!
//! ## The rules
//!
//! - [`LruCache::put`] stores a value. If the key is new and the cache is
//!   full, it first evicts the least recently used entry and returns it.
//!   If the key is already there, it replaces the value (no eviction).
//! - Both [`LruCache::get`] and [`LruCache::put`] make the entry the *most*
//!   recently used. [`LruCache::peek`] looks without changing the order.
//! - Every operation takes O(1) time, whatever the capacity: no scanning of
//!   all entries, no sorting.
//!
//! ## The design
//!
//! A `HashMap` finds an entry in O(1), but it has no order. The order lives
//! in a doubly linked list, from the most recently used entry (`head`) to the
//! least recently used (`tail`): moving an entry to the front or removing the
//! tail only rewires a few links. Instead of pointers, the list lives in a
//! `Vec` of [`Node`]s that link to each other by index (an "arena"), and the
//! map holds the index of each key's node. When the cache is full, the tail's
//! slot is reused for the new entry, so the `Vec` never grows past the
//! capacity.
//!
//! The tests in `tests/lru_cache.rs` are the specification.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

/// One entry of the cache and its links in the recency list.
#[derive(Debug)]
struct Node<K, V> {
    key: K,
    value: V,
    /// The next more recently used entry (`None` for the head).
    prev: Option<usize>,
    /// The next less recently used entry (`None` for the tail).
    next: Option<usize>,
}

/// A cache holding at most `capacity` entries, evicting the least recently
/// used one when a new key arrives while it is full.
#[derive(Debug)]
pub struct LruCache<K, V> {
    capacity: usize,
    /// Where each key's node is in `nodes`.
    index: HashMap<K, usize>,
    /// The arena: every node, in no particular order.
    nodes: Vec<Node<K, V>>,
    /// The most recently used entry.
    head: Option<usize>,
    /// The least recently used entry: the next one to evict.
    tail: Option<usize>,
}

impl<K: Hash + Eq + Clone, V> LruCache<K, V> {
    /// An empty cache for at most `capacity` entries.
    ///
    /// # Panics
    ///
    /// If `capacity` is zero: such a cache could never hold anything.
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "an LRU cache needs a capacity of at least 1");
        Self {
            capacity,
            index: HashMap::with_capacity(capacity),
            nodes: Vec::with_capacity(capacity),
            head: None,
            tail: None,
        }
    }

    /// The most entries this cache holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// How many entries the cache holds now.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether the cache holds no entry.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The value for `key`, making that entry the most recently used.
    pub fn get<Q>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let idx = *self.index.get(key)?;
        self.move_to_front(idx);
        Some(&self.nodes[idx].value)
    }

    /// The value for `key`, without changing the order of the entries.
    pub fn peek<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.index.get(key).map(|&idx| &self.nodes[idx].value)
    }

    /// Stores `value` under `key` as the most recently used entry.
    ///
    /// Returns the entry evicted to make room, if any. Replacing the value of
    /// a key already in the cache evicts nothing.
    pub fn put(&mut self, key: K, value: V) -> Option<(K, V)> {
        if let Some(&idx) = self.index.get(&key) {
            self.nodes[idx].value = value;
            self.move_to_front(idx);
            return None;
        }

        let node = Node {
            key: key.clone(),
            value,
            prev: None,
            next: None,
        };

        if self.nodes.len() < self.capacity {
            let idx = self.nodes.len();
            self.nodes.push(node);
            self.index.insert(key, idx);
            self.push_front(idx);
            return None;
        }

        // Full: reuse the tail's slot for the new entry.
        let idx = self.tail.expect("a full cache has a tail");
        self.detach(idx);
        let old = std::mem::replace(&mut self.nodes[idx], node);
        self.index.remove(&old.key);
        self.index.insert(key, idx);
        self.push_front(idx);
        Some((old.key, old.value))
    }

    /// The keys from the most recently used to the least recently used.
    ///
    /// Already written for you: it walks the list from `head` along `next`.
    pub fn keys_most_recent_first(&self) -> Vec<K> {
        let mut keys = Vec::with_capacity(self.len());
        let mut cursor = self.head;
        while let Some(idx) = cursor {
            keys.push(self.nodes[idx].key.clone());
            cursor = self.nodes[idx].next;
        }
        keys
    }
}

/// The linked-list plumbing behind `get` and `put`.
impl<K, V> LruCache<K, V> {
    /// Makes the node at `idx`, already in the list, the head.
    fn move_to_front(&mut self, idx: usize) {
        if self.head != Some(idx) {
            self.detach(idx);
            self.push_front(idx);
        }
    }

    /// Unlinks the node at `idx` from the list, fixing `head` and `tail`.
    fn detach(&mut self, idx: usize) {
        let (prev, next) = (self.nodes[idx].prev, self.nodes[idx].next);
        match prev {
            Some(p) => self.nodes[p].next = next,
            None => self.head = next,
        }
        match next {
            Some(n) => self.nodes[n].prev = prev,
            None => self.tail = prev,
        }
        self.nodes[idx].prev = None;
        self.nodes[idx].next = None;
    }

    /// Links the unlinked node at `idx` in as the new head.
    fn push_front(&mut self, idx: usize) {
        self.nodes[idx].prev = None;
        self.nodes[idx].next = self.head;
        match self.head {
            Some(h) => self.nodes[h].prev = Some(idx),
            None => self.tail = Some(idx),
        }
        self.head = Some(idx);
    }
}
