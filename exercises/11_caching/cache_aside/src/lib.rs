//! # Cache-aside in front of a slow store
//!
//! A database read costs milliseconds; a read from memory costs nanoseconds.
//! *Cache-aside* (also called lazy loading) is the most common way to put a
//! cache in front of a store: the application looks in the cache first, and
//! only on a miss reads the store and remembers the answer. On a write it
//! updates the store and then *deletes* the cached copy, so the next read
//! loads the new data instead of serving the old one.
//!
//! Write [`CachedUsers`], which serves users from a [`UserStore`] through an
//! in-memory cache.
//!
//! ## The rules
//!
//! - [`CachedUsers::get`]: on a hit, answer from the cache without touching
//!   the store. On a miss, read the store once, cache what it said, answer.
//! - *Negative caching*: "no such user" is an answer too. Cache it, so that a
//!   client asking again and again for an unknown id does not hit the store
//!   every time.
//! - Errors are not answers: when the store fails, return the error and cache
//!   nothing, so the next read tries the store again.
//! - [`CachedUsers::update`]: write to the store first. Only when that
//!   succeeded, delete the cached entry (do not put the new value in: deleting
//!   is simpler and cannot leave a half-written value behind). When the write
//!   fails, return the error and leave the cache alone: the store still holds
//!   the old data, so the cached copy is still right.
//! - Never hold the cache's lock while waiting for the store: every other
//!   request would wait behind one slow read.
//!
//! The tests in `tests/cache_aside.rs` are the specification.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::sync::Mutex;

/// A user as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: u64,
    pub name: String,
}

/// The store failed (timeout, lost connection, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "store error: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

/// The slow source of truth, e.g. a database table. Implementations may write
/// `async fn read(...)` and `async fn write(...)`.
pub trait UserStore {
    /// The user with this id, `Ok(None)` when there is none.
    fn read(&self, id: u64) -> impl Future<Output = Result<Option<User>, StoreError>> + Send;

    /// Creates or replaces the user with `user.id`.
    fn write(&self, user: &User) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// A [`UserStore`] with a cache in front of it.
#[derive(Debug)]
pub struct CachedUsers<S> {
    store: S,
    /// What the store said for each id read: `Some(user)`, or `None` for
    /// "no such user" (the negative cache).
    cache: Mutex<HashMap<u64, Option<User>>>,
}

impl<S: UserStore> CachedUsers<S> {
    /// A cache in front of `store`, empty at first.
    pub fn new(store: S) -> Self {
        Self {
            store,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The user with this id, from the cache when possible.
    pub async fn get(&self, id: u64) -> Result<Option<User>, StoreError> {
        let _ = (&self.store, &self.cache, id);
        todo!("answer from the cache, or read the store and cache its answer")
    }

    /// Writes `user` to the store, then drops the cached copy.
    pub async fn update(&self, user: &User) -> Result<(), StoreError> {
        let _ = user;
        todo!("write to the store, then invalidate the cached entry")
    }

    /// Forgets the cached answer for `id`, if any.
    pub fn invalidate(&self, id: u64) {
        let _ = id;
        todo!("remove the cached entry")
    }
}
