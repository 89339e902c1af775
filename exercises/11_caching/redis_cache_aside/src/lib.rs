//! # Cache-aside in Redis, with a TTL
//!
//! The in-memory cache of `cache_aside` lives inside one process. A real
//! service runs as several instances behind a load balancer, and each would
//! keep its own copy: an update through one instance invalidates only that
//! instance's copy, and the others go on serving the old data. Putting the
//! cache in Redis gives every instance the same one, so a value loaded by
//! one is a hit for all, and one `DEL` invalidates it everywhere.
//!
//! A shared cache also needs an expiry. An invalidation can still go
//! missing (an instance crashes between writing the source and deleting the
//! key, or someone edits the database by hand), and a cached value without a
//! TTL would then be served wrong forever. With a TTL, the worst case is a
//! stale value for at most that long.
//!
//! [`RedisCache`] is almost written. It works, but it has two bugs a real
//! service would ship: find them with the tests and fix them.
//!
//! ## The rules
//!
//! - Every key the cache touches in Redis is its prefix followed by the key
//!   it was given: [`RedisCache::redis_key`].
//! - [`RedisCache::get_or_load`]: on a hit (`GET` finds the key), answer the
//!   cached value and do not call the source. On a miss, call `load` once,
//!   store its value with the cache's TTL, and answer it.
//! - The value and its TTL go in with one command, `SET key value PX
//!   milliseconds` (`pset_ex`): set first and expire after, and an instance
//!   that dies between the two leaves a key that never expires. The TTL has
//!   millisecond precision, and `EX` counts in whole seconds: a TTL of 500 ms
//!   must stay 500 ms.
//! - A source error is not a value: return it as [`CacheError::Source`] and
//!   cache nothing, so the next read tries the source again.
//! - [`RedisCache::update`]: run `write` (the write to the source) first;
//!   only when it succeeded, delete the key. Deleting *before* the write
//!   opens a gap: a read that arrives while the write is on its way finds no
//!   key, loads the old data from the source and caches it again, where it
//!   stays until the TTL ends. When `write` fails, return its error.
//! - A Redis failure is [`CacheError::Redis`] (`?` converts it).
//!
//! Redis commands are methods of `redis::AsyncCommands`, e.g.
//! `conn.get::<_, Option<String>>(&key)`. A `MultiplexedConnection` is cheap
//! to clone: clone it for each call, as the code below does.
//!
//! The tests in `tests/redis_cache_aside.rs` are the specification. They need
//! Redis: `backlings` provides one, or set `REDIS_URL` for `cargo test`.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use redis::AsyncCommands;
use redis::aio::MultiplexedConnection;

/// The source of truth failed (a database timeout, a lost connection, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError(pub String);

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "source error: {}", self.0)
    }
}

impl std::error::Error for SourceError {}

/// Why the cache could not answer.
#[derive(Debug)]
pub enum CacheError {
    /// The source failed; nothing was cached.
    Source(SourceError),
    /// Redis failed.
    Redis(redis::RedisError),
}

impl From<SourceError> for CacheError {
    fn from(e: SourceError) -> Self {
        CacheError::Source(e)
    }
}

impl From<redis::RedisError> for CacheError {
    fn from(e: redis::RedisError) -> Self {
        CacheError::Redis(e)
    }
}

impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheError::Source(e) => write!(f, "{e}"),
            CacheError::Redis(e) => write!(f, "redis error: {e}"),
        }
    }
}

impl std::error::Error for CacheError {}

/// A cache-aside cache in Redis, shared by every instance that uses the same
/// Redis and prefix.
#[derive(Clone)]
pub struct RedisCache {
    conn: MultiplexedConnection,
    prefix: String,
    ttl: Duration,
}

impl RedisCache {
    /// A cache whose keys start with `prefix` and live for `ttl`.
    pub fn new(conn: MultiplexedConnection, prefix: impl Into<String>, ttl: Duration) -> Self {
        Self {
            conn,
            prefix: prefix.into(),
            ttl,
        }
    }

    /// The Redis key under which `key` is cached.
    pub fn redis_key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// The value of `key`, from Redis when it is there, otherwise from `load`,
    /// which is then cached for the cache's TTL.
    pub async fn get_or_load<F, Fut>(&self, key: &str, load: F) -> Result<String, CacheError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<String, SourceError>>,
    {
        let mut conn = self.conn.clone();
        let key = self.redis_key(key);
        if let Some(cached) = conn.get::<_, Option<String>>(&key).await? {
            return Ok(cached);
        }
        let value = load().await?;
        let () = conn.set_ex(&key, &value, self.ttl.as_secs()).await?;
        Ok(value)
    }

    /// Writes to the source through `write`, and makes every instance forget
    /// the cached copy of `key`.
    pub async fn update<F, Fut>(&self, key: &str, write: F) -> Result<(), CacheError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(), SourceError>>,
    {
        // Out with the old value first, then write the new one.
        self.invalidate(key).await?;
        write().await?;
        Ok(())
    }

    /// Deletes the cached copy of `key`, if there is one.
    pub async fn invalidate(&self, key: &str) -> Result<(), CacheError> {
        let mut conn = self.conn.clone();
        let _deleted: usize = conn.del(self.redis_key(key)).await?;
        Ok(())
    }
}
