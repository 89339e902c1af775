//! # One load for many misses (single flight)
//!
//! A popular cache entry expires, and in the same millisecond a thousand
//! requests miss it. With plain cache-aside, all thousand read the database at
//! once: a *cache stampede* (or thundering herd), often enough to knock the
//! database over just when the site is busiest.
//!
//! The cure is *single flight*: the first request that misses a key loads it,
//! and every request for that key arriving meanwhile waits for that one load
//! and shares its result.
//!
//! Write [`SingleFlightCache::get`].
//!
//! ## The rules
//!
//! - A cached value is returned at once, without calling the [`Loader`].
//! - On a miss with no load in flight for that key, this request becomes the
//!   *leader*: it marks the key as loading, calls the loader, and when the
//!   loader is done, publishes the result to every waiting request.
//! - On a miss while a load for that key is in flight, wait for that load's
//!   result instead of calling the loader again.
//! - A successful value is cached. An error is shared with everyone who
//!   waited for that load, but it is not cached: the next request after it
//!   starts a new load.
//! - Different keys do not wait for each other, and no lock is held while the
//!   loader runs. The future returned by `get` must be `Send`, so that it can
//!   run in a multi-threaded server: a `std::sync::MutexGuard` must not live
//!   across an `.await`.
//! - Out of scope here: a leader that is cancelled mid-load (its waiters
//!   would then get [`LoadError`] "abandoned").
//!
//! ## The tools
//!
//! [`tokio::sync::watch`] is a channel that holds one value and lets any
//! number of receivers wait for it to change: the leader keeps the sender,
//! and the map keeps a receiver that waiting requests clone.
//! `Receiver::wait_for` waits until the value matches a condition.
//!
//! The tests in `tests/stampede_protection.rs` are the specification.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::sync::Mutex;

use tokio::sync::watch;

/// Why a load failed. Clone, because one error goes to every waiter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError(pub String);

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "load failed: {}", self.0)
    }
}

impl std::error::Error for LoadError {}

/// The slow source of values. Implementations may write `async fn load(...)`.
pub trait Loader {
    fn load(&self, key: &str) -> impl Future<Output = Result<String, LoadError>> + Send;
}

/// What a waiter sees in the channel: `None` while the load runs, then its result.
type Outcome = Option<Result<String, LoadError>>;

/// The state of one key.
///
/// `allow(dead_code)`: nothing creates a `Slot` until your `get` does; delete
/// that line then.
#[allow(dead_code)]
#[derive(Debug)]
enum Slot {
    /// Loaded and cached.
    Ready(String),
    /// A leader is loading it; clone the receiver to wait for the result.
    Loading(watch::Receiver<Outcome>),
}

/// A cache that loads each missing key once, however many requests miss it
/// at the same time.
#[derive(Debug)]
pub struct SingleFlightCache<L> {
    loader: L,
    slots: Mutex<HashMap<String, Slot>>,
}

impl<L: Loader + Sync> SingleFlightCache<L> {
    /// An empty cache in front of `loader`.
    pub fn new(loader: L) -> Self {
        Self {
            loader,
            slots: Mutex::new(HashMap::new()),
        }
    }

    /// The value for `key`: cached, or loaded once for all concurrent callers.
    pub async fn get(&self, key: &str) -> Result<String, LoadError> {
        let _ = (&self.loader, &self.slots, key);
        todo!("hit, wait for the load in flight, or lead a new load")
    }
}
