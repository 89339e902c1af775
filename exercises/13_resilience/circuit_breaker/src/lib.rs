//! # A circuit breaker
//!
//! When a service you depend on is down, every call to it waits for a
//! timeout, ties up a connection and a thread, and adds to the pile of
//! requests the broken service must face when it comes back. A circuit
//! breaker (Michael Nygard, "Release It!", 2007) notices a run of failures
//! and then fails calls at once, without trying, for a while. After a
//! cool-down it lets a single trial call through to find out whether the
//! service is back.
//!
//! Write the state machine of [`CircuitBreaker`]: [`state`], [`before_call`],
//! [`on_success`] and [`on_failure`]. [`call`] is already written on top of them.
//!
//! [`state`]: CircuitBreaker::state
//! [`before_call`]: CircuitBreaker::before_call
//! [`on_success`]: CircuitBreaker::on_success
//! [`on_failure`]: CircuitBreaker::on_failure
//! [`call`]: CircuitBreaker::call
//!
//! ## The rules
//!
//! ```text
//!  Closed   --- failure_threshold consecutive failures --->  Open
//!  Open     --- cool_down has passed ---------------------->  HalfOpen
//!  HalfOpen --- the trial call succeeds ------------------->  Closed
//!  HalfOpen --- the trial call fails ---------------------->  Open (a new cool-down)
//! ```
//!
//! - **Closed**: calls go through. Each failure adds one to a count of
//!   consecutive failures, each success sets it back to 0. When the count
//!   reaches `failure_threshold`, the breaker opens.
//! - **Open**: `before_call` rejects every call with [`Rejected`], until
//!   `cool_down` has passed since the breaker opened (at `opened_at +
//!   cool_down` exactly, the cool-down has passed).
//! - **HalfOpen**: once the cool-down has passed, the *first* `before_call`
//!   is admitted as the trial; every other call is rejected while the trial
//!   is in flight. The trial's success closes the breaker (count 0); its
//!   failure opens it again for a full new cool-down, starting now.
//! - A result reported while the breaker is Open changes nothing: it comes
//!   from a call admitted before the breaker opened, and is old news.
//! - `state()` reports `HalfOpen` as soon as the cool-down has passed, even
//!   before any call arrives.
//! - Time comes only from the injected [`Clock`], so tests can move it.
//!
//! The tests in `tests/circuit_breaker.rs` are the specification.

use std::fmt;
use std::time::{Duration, Instant};

/// Tells the time. In production, [`SystemClock`]; in the tests, a clock
/// the test moves by hand.
pub trait Clock {
    fn now(&self) -> Instant;
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// When to open and how long to stay open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Consecutive failures that open the breaker. At least 1.
    pub failure_threshold: u32,
    /// How long the breaker stays open before it allows a trial call.
    pub cool_down: Duration,
}

/// What the breaker reports about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Closed,
    Open,
    HalfOpen,
}

/// The breaker refused the call without making it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rejected;

/// Why [`CircuitBreaker::call`] failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallError<E> {
    /// The breaker did not let the call through.
    Rejected,
    /// The call was made and failed with this error.
    Failed(E),
}

/// What the breaker remembers between calls. You may change it.
#[allow(dead_code)] // Delete this line once your code builds every variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inner {
    Closed { consecutive_failures: u32 },
    Open { opened_at: Instant },
    HalfOpen { trial_in_flight: bool },
}

/// A circuit breaker around calls to one dependency.
#[derive(Debug)]
pub struct CircuitBreaker<C: Clock> {
    config: Config,
    clock: C,
    inner: Inner,
}

impl<C: Clock> CircuitBreaker<C> {
    /// A closed breaker with no failures counted.
    pub fn new(config: Config, clock: C) -> Self {
        Self {
            config,
            clock,
            inner: Inner::Closed {
                consecutive_failures: 0,
            },
        }
    }

    /// The breaker's state right now.
    pub fn state(&self) -> State {
        let _ = (&self.config, &self.clock);
        todo!("report the state of {:?}", self.inner)
    }

    /// Asks to make a call. `Ok(())` means go ahead, and report the outcome
    /// with `on_success` or `on_failure`; `Err(Rejected)` means don't.
    pub fn before_call(&mut self) -> Result<(), Rejected> {
        todo!("admit or reject a call in {:?}", self.inner)
    }

    /// Reports that an admitted call succeeded.
    pub fn on_success(&mut self) {
        todo!("record a success in {:?}", self.inner)
    }

    /// Reports that an admitted call failed.
    pub fn on_failure(&mut self) {
        todo!("record a failure in {:?}", self.inner)
    }

    /// Runs `operation` if the breaker lets it through, and reports how it went.
    ///
    /// Already written for you.
    pub fn call<T, E>(
        &mut self,
        operation: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, CallError<E>> {
        self.before_call().map_err(|Rejected| CallError::Rejected)?;
        match operation() {
            Ok(value) => {
                self.on_success();
                Ok(value)
            }
            Err(error) => {
                self.on_failure();
                Err(CallError::Failed(error))
            }
        }
    }
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the circuit breaker is open")
    }
}

impl std::error::Error for Rejected {}
