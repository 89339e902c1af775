//! # Load balancing: round robin and least connections
//!
//! A load balancer stands in front of several copies of a service (the
//! *backends*) and sends each new connection to one of them. When a health
//! check finds a backend broken, the balancer marks it down and stops sending
//! traffic there until it is marked up again.
//!
//! Write [`LoadBalancer::pick`], which chooses a backend with the balancer's
//! [`Strategy`] and hands back a [`Connection`] guard, and the guard's `Drop`,
//! which gives the connection back.
//!
//! ## The rules
//!
//! - A backend marked down is never picked. When every backend is down (or
//!   there are none), `pick` returns [`PickError::NoBackendUp`].
//! - **Round robin** takes the backends in list order, one after the other,
//!   and wraps around. It remembers the position *after* the backend it last
//!   chose and starts looking there next time, skipping backends that are
//!   down. With `a`, `b`, `c` and `b` down, the picks go `a, c, a, c, ...`.
//! - **Least connections** takes the backend that is up and has the fewest
//!   open connections right now; on a tie, the one earliest in the list.
//! - Every pick, whatever the strategy, counts one more open connection on
//!   the chosen backend. The count goes down again when the [`Connection`]
//!   is dropped, so a connection can never be "forgotten", not even when the
//!   code using it returns early with an error or panics.
//! - The balancer is shared between threads (`&self` everywhere), so the
//!   round-robin position lives in a `Mutex` and the counts are atomics.
//!
//! Round robin is fair when every request costs about the same. Least
//! connections adapts when some requests are slow: a backend stuck on long
//! requests holds more connections and gets fewer new ones.
//!
//! The tests in `tests/load_balancer.rs` are the specification.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// How the balancer chooses among the backends that are up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    RoundRobin,
    LeastConnections,
}

/// `pick` found no backend to send the connection to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickError {
    NoBackendUp,
}

/// One backend as the balancer sees it.
#[derive(Debug)]
struct Backend {
    name: String,
    up: AtomicBool,
    /// Open connections; shared with every [`Connection`] to this backend.
    active: Arc<AtomicUsize>,
}

/// A set of backends and the strategy that chooses among them.
#[derive(Debug)]
pub struct LoadBalancer {
    backends: Vec<Backend>,
    strategy: Strategy,
    /// Round robin: the index where the next search starts.
    next: Mutex<usize>,
}

/// An open connection to one backend. Dropping it closes the connection.
#[derive(Debug)]
pub struct Connection {
    backend: String,
    active: Arc<AtomicUsize>,
}

impl LoadBalancer {
    /// A balancer over `names`, all of them up, with no open connections.
    pub fn new(names: &[&str], strategy: Strategy) -> Self {
        let backends = names
            .iter()
            .map(|name| Backend {
                name: name.to_string(),
                up: AtomicBool::new(true),
                active: Arc::new(AtomicUsize::new(0)),
            })
            .collect();
        Self {
            backends,
            strategy,
            next: Mutex::new(0),
        }
    }

    /// Marks `name` down (`up == false`) or up again. Unknown names are ignored.
    pub fn set_up(&self, name: &str, up: bool) {
        if let Some(backend) = self.backends.iter().find(|b| b.name == name) {
            backend.up.store(up, Ordering::SeqCst);
        }
    }

    /// How many connections to `name` are open right now (0 for unknown names).
    pub fn active_connections(&self, name: &str) -> usize {
        self.backends
            .iter()
            .find(|b| b.name == name)
            .map_or(0, |b| b.active.load(Ordering::SeqCst))
    }

    /// Chooses a backend that is up and opens a connection to it.
    pub fn pick(&self) -> Result<Connection, PickError> {
        let backend = match self.strategy {
            Strategy::RoundRobin => self.round_robin(),
            Strategy::LeastConnections => self.least_connections(),
        }
        .ok_or(PickError::NoBackendUp)?;
        backend.active.fetch_add(1, Ordering::SeqCst);
        Ok(Connection {
            backend: backend.name.clone(),
            active: Arc::clone(&backend.active),
        })
    }

    fn round_robin(&self) -> Option<&Backend> {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let len = self.backends.len();
        let index = (0..len)
            .map(|offset| (*next + offset) % len)
            .find(|&i| self.backends[i].up.load(Ordering::SeqCst))?;
        *next = (index + 1) % len;
        Some(&self.backends[index])
    }

    fn least_connections(&self) -> Option<&Backend> {
        // `min_by_key` keeps the first of equal minimums, so ties go to list order.
        self.backends
            .iter()
            .filter(|b| b.up.load(Ordering::SeqCst))
            .min_by_key(|b| b.active.load(Ordering::SeqCst))
    }
}

impl Connection {
    /// The name of the backend this connection goes to.
    pub fn backend(&self) -> &str {
        &self.backend
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.active.fetch_sub(1, Ordering::SeqCst);
    }
}

impl fmt::Display for PickError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no backend is up")
    }
}

impl std::error::Error for PickError {}
