//! # Retries with exponential backoff and full jitter
//!
//! A call to another service fails now and then: a timeout, a 503 while it
//! restarts. Retrying at once makes things worse, because every client that
//! saw the failure hammers the struggling service at the same moment. So a
//! client waits before each retry, twice as long each time (*exponential
//! backoff*), up to a cap, and picks the actual wait at random below that
//! ceiling (*full jitter*), which spreads the retries of many clients apart.
//! See "Exponential Backoff And Jitter" on the AWS Architecture Blog (2015).
//!
//! Write [`RetryPolicy::ceiling`], [`RetryPolicy::backoff`] and [`retry`].
//!
//! ## The rules
//!
//! - Retry number `n` (0 for the first retry, 1 for the second, ...) waits
//!   at most `ceiling(n) = min(cap, base * 2^n)`. Huge `n` must not
//!   overflow or panic: the answer is simply `cap`.
//! - Full jitter: the wait is a random whole number of milliseconds from 0
//!   up to and including the ceiling's milliseconds. Ask the
//!   [`RandomSource`] for it with `up_to(ceiling_ms)`; never roll your own.
//! - [`retry`] calls the operation with attempt numbers 1, 2, 3, ... It
//!   returns the first success. It stops at the first error that
//!   `is_retryable` says is permanent (a 400 does not get better by
//!   asking again), and after `max_attempts` attempts in all; either way it
//!   returns that last error.
//! - Between two attempts it sleeps exactly once, through the [`Sleeper`],
//!   for `backoff(n)`; it never sleeps before the first attempt nor after
//!   the last.
//!
//! The sleeper and the random source are injected so that the tests can
//! record every wait and fix every random number: no test sleeps for real.
//!
//! The tests in `tests/retry_backoff.rs` are the specification.

use std::future::Future;
use std::time::Duration;

/// Hands out random numbers. In production, a real generator; in the tests,
/// a script.
pub trait RandomSource {
    /// A random whole number from 0 up to and including `max`.
    fn up_to(&mut self, max: u64) -> u64;
}

/// Waits. In production, [`TokioSleeper`]; in the tests, a recorder.
pub trait Sleeper {
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()>;
}

/// Sleeps for real with `tokio::time::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        tokio::time::sleep(duration)
    }
}

/// How often and how long to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included. At least 1.
    pub max_attempts: u32,
    /// The ceiling of the first retry's wait.
    pub base: Duration,
    /// No wait is ever longer than this.
    pub cap: Duration,
}

impl RetryPolicy {
    /// The longest wait before retry number `retry` (0-based):
    /// `min(cap, base * 2^retry)`.
    pub fn ceiling(&self, retry: u32) -> Duration {
        todo!("min({:?}, {:?} * 2^{retry})", self.cap, self.base)
    }

    /// The wait before retry number `retry`: a random number of whole
    /// milliseconds from 0 up to and including `ceiling(retry)`.
    pub fn backoff(&self, retry: u32, random: &mut impl RandomSource) -> Duration {
        let _ = random;
        todo!("a random wait up to ceiling({retry})")
    }
}

/// Calls `operation` (with the attempt number, from 1) until it succeeds, it
/// fails with an error that is not retryable, or `policy.max_attempts`
/// attempts have been made. Sleeps `policy.backoff(n, random)` between
/// attempts.
pub async fn retry<T, E, Op, Fut>(
    policy: &RetryPolicy,
    random: &mut impl RandomSource,
    sleeper: &impl Sleeper,
    is_retryable: impl Fn(&E) -> bool,
    operation: Op,
) -> Result<T, E>
where
    Op: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let _ = (random, sleeper, is_retryable, operation);
    todo!("call the operation up to {} times", policy.max_attempts)
}
