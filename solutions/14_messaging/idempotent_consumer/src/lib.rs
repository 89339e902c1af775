//! # An idempotent consumer
//!
//! A broker with acknowledgements delivers *at least once*: when an ack gets
//! lost, the same message comes again. If handling it moves money, the
//! customer is credited twice. The cure is on the consumer's side: remember
//! the ids of the messages already handled and drop a duplicate instead of
//! applying it again. At-least-once delivery plus an idempotent consumer
//! gives effects that happen exactly once (see "Idempotent Consumer" in
//! Hohpe and Woolf, *Enterprise Integration Patterns*).
//!
//! Write [`ProcessedIds`], a bounded set of handled message ids, and
//! [`Consumer::handle`].
//!
//! ## The rules
//!
//! - Deduplicate by message id, never by content: two deposits of 5 EUR
//!   with different ids are two deposits.
//! - A message whose id was processed before: no effect, `Ok(Duplicate)`.
//! - A new message: apply it to the [`Ledger`]. Record its id only *after*
//!   the ledger succeeded, and answer `Ok(Applied)`.
//! - A *transient* failure (the ledger is unavailable) returns the error
//!   and records nothing, so the broker's redelivery can apply it later.
//! - A *permanent* failure (insufficient funds) will fail the same way every
//!   time: record the id, so redeliveries are dropped, and answer
//!   `Ok(Rejected(error))`. Ack it either way; retrying will not help.
//! - [`ProcessedIds`] cannot grow forever. It keeps the `capacity` most
//!   recently *inserted* ids and forgets the oldest beyond that; a
//!   duplicate arriving after its id was forgotten is applied again. Pick
//!   the capacity to cover how late a redelivery can come.
//!
//! In a real service the processed-ids table lives in the same database as
//! the effects, and both are written in one transaction. Here both live in
//! memory.
//!
//! The tests in `tests/idempotent_consumer.rs` are the specification.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;

/// What happened, as a message tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Deposit { account: String, amount_cents: u64 },
    Withdrawal { account: String, amount_cents: u64 },
}

/// One delivery of a message from the broker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Unique per message, the same on every redelivery.
    pub message_id: String,
    pub event: Event,
}

/// Why the ledger refused an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerError {
    /// Permanent: the account does not hold enough money.
    InsufficientFunds { account: String, balance_cents: u64 },
    /// Transient: the ledger is down for a moment.
    Unavailable,
}

impl LedgerError {
    /// Whether trying again can never succeed.
    pub fn is_permanent(&self) -> bool {
        matches!(self, Self::InsufficientFunds { .. })
    }
}

/// Account balances. Every successful `apply` is one effect.
///
/// Already written for you.
#[derive(Debug, Default)]
pub struct Ledger {
    balances: HashMap<String, u64>,
    unavailable: bool,
    effects: usize,
}

impl Ledger {
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies one event to the balances.
    pub fn apply(&mut self, event: &Event) -> Result<(), LedgerError> {
        if self.unavailable {
            return Err(LedgerError::Unavailable);
        }
        match event {
            Event::Deposit {
                account,
                amount_cents,
            } => *self.balances.entry(account.clone()).or_default() += amount_cents,
            Event::Withdrawal {
                account,
                amount_cents,
            } => {
                let balance = self.balances.entry(account.clone()).or_default();
                if *balance < *amount_cents {
                    return Err(LedgerError::InsufficientFunds {
                        account: account.clone(),
                        balance_cents: *balance,
                    });
                }
                *balance -= amount_cents;
            }
        }
        self.effects += 1;
        Ok(())
    }

    /// The balance of `account` in cents (0 for an account never seen).
    pub fn balance(&self, account: &str) -> u64 {
        self.balances.get(account).copied().unwrap_or(0)
    }

    /// How many events were applied successfully.
    pub fn effects(&self) -> usize {
        self.effects
    }

    /// Makes every `apply` fail with `Unavailable` (or work again).
    pub fn set_unavailable(&mut self, unavailable: bool) {
        self.unavailable = unavailable;
    }
}

/// The ids of the messages already processed, at most `capacity` of them.
#[derive(Debug)]
pub struct ProcessedIds {
    capacity: usize,
    ids: HashSet<String>,
    /// The same ids, oldest insert first, to know which one to forget.
    order: VecDeque<String>,
}

impl ProcessedIds {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            ids: HashSet::new(),
            order: VecDeque::new(),
        }
    }

    /// Whether `id` is remembered.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Remembers `id`. Returns `false` (and changes nothing) when it was
    /// already there. Forgets the oldest id when there are too many.
    pub fn insert(&mut self, id: &str) -> bool {
        if !self.ids.insert(id.to_string()) {
            return false;
        }
        self.order.push_back(id.to_string());
        while self.order.len() > self.capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.ids.remove(&oldest);
            }
        }
        true
    }

    /// How many ids are remembered.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// What became of one delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// First time seen; the ledger applied it.
    Applied,
    /// Seen before; dropped without effect.
    Duplicate,
    /// First time seen; the ledger refused it for good.
    Rejected(LedgerError),
}

/// Applies each message's event at most once.
#[derive(Debug)]
pub struct Consumer {
    pub ledger: Ledger,
    pub processed: ProcessedIds,
}

impl Consumer {
    /// A consumer remembering up to `capacity` message ids.
    pub fn new(ledger: Ledger, capacity: usize) -> Self {
        Self {
            ledger,
            processed: ProcessedIds::new(capacity),
        }
    }

    /// Handles one delivery. `Err` means "not handled, redeliver it".
    pub fn handle(&mut self, delivery: &Delivery) -> Result<Outcome, LedgerError> {
        if self.processed.contains(&delivery.message_id) {
            return Ok(Outcome::Duplicate);
        }
        let outcome = match self.ledger.apply(&delivery.event) {
            Ok(()) => Outcome::Applied,
            Err(error) if error.is_permanent() => Outcome::Rejected(error),
            Err(error) => return Err(error),
        };
        self.processed.insert(&delivery.message_id);
        Ok(outcome)
    }
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InsufficientFunds {
                account,
                balance_cents,
            } => write!(f, "{account} holds only {balance_cents} cents"),
            Self::Unavailable => f.write_str("the ledger is unavailable"),
        }
    }
}

impl std::error::Error for LedgerError {}
