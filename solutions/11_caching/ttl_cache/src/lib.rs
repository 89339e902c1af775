//! # A cache whose entries expire
//!
//! Cached data goes stale: the price changed, the user renamed themselves. The
//! simplest defence is a *time to live* (TTL): every entry is trusted for a
//! while and then thrown away, so the next read fetches a fresh copy.
//!
//! Write [`TtlCache`]: a map where every entry carries the instant it expires.
//!
//! ## The rules
//!
//! - [`TtlCache::insert`] stores a value that lives for the cache's default
//!   TTL; [`TtlCache::insert_with_ttl`] chooses the TTL of one entry.
//!   Inserting a key again replaces the value and restarts its TTL.
//! - An entry inserted at instant `t` with TTL `d` is fresh strictly before
//!   `t + d` and expired from `t + d` on.
//! - Expiry is *lazy*: nothing runs in the background. [`TtlCache::get`] never
//!   returns an expired value; when it meets one, it removes it.
//! - Entries nobody reads would stay forever, so [`TtlCache::purge_expired`]
//!   removes every expired entry in one sweep (a server would call it now and
//!   then) and says how many it removed.
//! - The cache never reads the system clock itself: it asks its [`Clock`].
//!   That is what lets the tests move time forward by an hour in a
//!   microsecond, instead of sleeping.
//!
//! The tests in `tests/ttl_cache.rs` are the specification.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::time::{Duration, Instant};

/// Where the cache reads the current time.
pub trait Clock {
    /// The current instant.
    fn now(&self) -> Instant;
}

/// The real clock, for production use.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// A stored value and the instant it stops being fresh.
#[derive(Debug)]
struct Entry<V> {
    value: V,
    expires_at: Instant,
}

/// A map whose entries expire a fixed time after they were inserted.
#[derive(Debug)]
pub struct TtlCache<K, V, C> {
    clock: C,
    default_ttl: Duration,
    entries: HashMap<K, Entry<V>>,
}

impl<K: Hash + Eq, V, C: Clock> TtlCache<K, V, C> {
    /// An empty cache reading time from `clock`, whose entries live for
    /// `default_ttl` unless inserted with a TTL of their own.
    pub fn new(clock: C, default_ttl: Duration) -> Self {
        Self {
            clock,
            default_ttl,
            entries: HashMap::new(),
        }
    }

    /// How many entries are stored, counting expired ones not removed yet.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no entry is stored, not even an expired one.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Stores `value` under `key` for the default TTL.
    pub fn insert(&mut self, key: K, value: V) {
        self.insert_with_ttl(key, value, self.default_ttl);
    }

    /// Stores `value` under `key` for `ttl`, starting now.
    ///
    /// Already written for you, like [`TtlCache::remove`].
    pub fn insert_with_ttl(&mut self, key: K, value: V, ttl: Duration) {
        let expires_at = self.clock.now() + ttl;
        self.entries.insert(key, Entry { value, expires_at });
    }

    /// The value for `key` if it is still fresh. An expired entry is removed.
    pub fn get<Q>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let now = self.clock.now();
        if self.entries.get(key)?.expires_at <= now {
            self.entries.remove(key);
            return None;
        }
        self.entries.get(key).map(|entry| &entry.value)
    }

    /// Removes `key`, returning its value if it was still fresh.
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let entry = self.entries.remove(key)?;
        (entry.expires_at > self.clock.now()).then_some(entry.value)
    }

    /// Removes every expired entry and returns how many it removed.
    pub fn purge_expired(&mut self) -> usize {
        let now = self.clock.now();
        let before = self.entries.len();
        self.entries.retain(|_, entry| entry.expires_at > now);
        before - self.entries.len()
    }
}
