//! # A bulkhead: a hard limit on concurrent calls
//!
//! A ship's hull is split into watertight compartments, the bulkheads, so a
//! leak in one does not sink the ship. In a service, the same idea keeps one
//! slow dependency from sinking everything: calls to it may use at most a
//! fixed number of slots. When the dependency hangs, only those slots wait;
//! the rest of the service keeps its threads, connections and memory, and
//! the excess calls fail fast instead of piling up (Nygard, "Release It!").
//!
//! Write [`Bulkhead::run`] on top of two `tokio::sync::Semaphore`s.
//!
//! ## The rules
//!
//! - At most `max_concurrent` calls run at the same time.
//! - When all of those slots are busy, up to `max_waiting` more calls wait
//!   in line, first come first served, and start as slots free up.
//! - When the line is full too, `run` returns `Err(Rejected)` at once,
//!   without waiting and without polling the call's future.
//! - A call keeps its place until it is over: finished, failed, or
//!   cancelled (its `run` future dropped, e.g. by a timeout), whether it was
//!   running or still waiting. The permits of tokio's `Semaphore` are
//!   guards that give their slot back on drop, which makes this automatic.
//!
//! One way: `admission` has `max_concurrent + max_waiting` permits, and a
//! call that cannot get one at once (`try_acquire`) is rejected. With that
//! permit held, the call waits for one of the `max_concurrent` permits of
//! `running` (`acquire().await`), then runs the future.
//!
//! The tests in `tests/bulkhead.rs` are the specification.

use std::fmt;
use std::future::Future;
use tokio::sync::Semaphore;

/// The bulkhead was full: the call was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rejected;

/// A limit on concurrent calls, with a bounded waiting line.
#[derive(Debug)]
pub struct Bulkhead {
    max_concurrent: usize,
    max_waiting: usize,
    /// One permit per call inside the bulkhead, running or waiting.
    admission: Semaphore,
    /// One permit per running call.
    running: Semaphore,
}

impl Bulkhead {
    /// A bulkhead running at most `max_concurrent` calls at once, with room
    /// for `max_waiting` more in line.
    pub fn new(max_concurrent: usize, max_waiting: usize) -> Self {
        Self {
            max_concurrent,
            max_waiting,
            admission: Semaphore::new(max_concurrent + max_waiting),
            running: Semaphore::new(max_concurrent),
        }
    }

    /// How many calls are running right now.
    pub fn running(&self) -> usize {
        self.max_concurrent - self.running.available_permits()
    }

    /// How many calls are waiting in line right now.
    pub fn waiting(&self) -> usize {
        let inside = self.max_concurrent + self.max_waiting - self.admission.available_permits();
        inside - self.running()
    }

    /// Runs `call` when there is room, or rejects it at once when the
    /// bulkhead and its line are full.
    pub async fn run<F: Future>(&self, call: F) -> Result<F::Output, Rejected> {
        drop(call);
        todo!("admit the call, wait for a running slot, run it")
    }
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the bulkhead is full")
    }
}

impl std::error::Error for Rejected {}
