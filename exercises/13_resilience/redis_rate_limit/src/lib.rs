//! # A rate limiter shared by every instance, in Redis
//!
//! The token buckets of `rate_limit_layer` live in one process. Run the
//! service as four instances behind a load balancer and each keeps its own
//! count: a client limited to 10 requests a minute gets 40. The count has
//! to live where every instance sees it, and Redis is the usual place: one
//! counter per client, incremented by whichever instance serves the request.
//!
//! Write [`RateLimiter::allow`], a *fixed window* limiter: a client may make
//! `limit` requests per window; the window starts with the client's first
//! request and the counter starts again from zero when it ends.
//!
//! The version below counts correctly and passes the simple tests, but it
//! has the two bugs that shared counters usually have. Find them with the
//! tests.
//!
//! ## The rules
//!
//! - One counter per client, under [`RateLimiter::key`]. `INCR` counts the
//!   request (and creates the key at 1 when it is missing); the request is
//!   allowed when the count is at most `limit`. Refused requests count too.
//! - The counter expires when its window ends, `window` after the client's
//!   first request, with millisecond precision (`PEXPIRE`). A later request,
//!   allowed or refused, must not push that end further away: a client that
//!   keeps retrying would never see its window end.
//! - The counter key never exists without an expiry, whatever happens. An
//!   instance can die between two commands (a deploy, the OOM killer, a
//!   dropped connection); if `INCR` ran and setting the expiry did not, the
//!   client reaches the limit once and is refused forever. So counting and
//!   expiring must be one atomic step in Redis: a Lua script
//!   (`redis::Script`, which Redis runs as one command), or a `MULTI`/`EXEC`
//!   transaction (`redis::pipe().atomic()`, sent in one go).
//! - With 50 requests arriving at once from many instances and a limit of
//!   10, exactly 10 pass. Deciding in Rust between a read and a write (`GET`,
//!   compare, then `INCR`) lets two instances read the same count; let Redis
//!   count, and decide on the number `INCR` returns.
//!
//! [`RateLimiter::allow`] takes any async Redis connection: in a service it
//! is a `MultiplexedConnection`, and one test hands it a connection that
//! stops working after a given number of requests, as an instance killed in
//! the middle of `allow` would. `redis::AsyncCommands` (`conn.incr(...)`)
//! works on both.
//!
//! The tests in `tests/redis_rate_limit.rs` are the specification. They need
//! Redis: `backlings` provides one, or set `REDIS_URL` for `cargo test`.

use std::time::Duration;

use redis::AsyncCommands;
use redis::aio::ConnectionLike;

/// A fixed-window rate limiter whose counters live in Redis.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    prefix: String,
    limit: u64,
    window: Duration,
}

impl RateLimiter {
    /// At most `limit` requests per client per `window`; every key starts
    /// with `prefix`.
    pub fn new(prefix: impl Into<String>, limit: u64, window: Duration) -> Self {
        Self {
            prefix: prefix.into(),
            limit,
            window,
        }
    }

    /// The Redis key of the counter of `client_id`.
    pub fn key(&self, client_id: &str) -> String {
        format!("{}rate:{client_id}", self.prefix)
    }

    /// The window in milliseconds, as `PEXPIRE` takes it.
    fn window_ms(&self) -> i64 {
        i64::try_from(self.window.as_millis()).unwrap_or(i64::MAX)
    }

    /// Counts a request of `client_id`, and says whether it may go through.
    pub async fn allow<C>(&self, conn: &mut C, client_id: &str) -> redis::RedisResult<bool>
    where
        C: ConnectionLike + Send + Sync,
    {
        let key = self.key(client_id);
        let count: u64 = conn.incr(&key, 1).await?;
        // The counter disappears when the window ends.
        let _: bool = conn.pexpire(&key, self.window_ms()).await?;
        Ok(count <= self.limit)
    }
}
