//! # A message broker with acknowledgements and redelivery
//!
//! A queue hands a message to a consumer, and the consumer crashes before it
//! has done the work. If the broker had deleted the message on delivery, it
//! would be lost. So brokers such as SQS and RabbitMQ keep every delivered
//! message until the consumer *acknowledges* it (ack). A message that is
//! not acked within its *visibility timeout* is delivered again. That is
//! *at-least-once* delivery: nothing is lost, but a message can arrive twice.
//!
//! Write the queue logic of [`Broker`]: [`receive`], [`ack`], [`nack`] and
//! the sweep that brings expired deliveries back.
//!
//! [`receive`]: Broker::receive
//! [`ack`]: Broker::ack
//! [`nack`]: Broker::nack
//!
//! ## The rules
//!
//! - `publish` puts a message at the back of the queue (already written).
//! - `receive` takes the message at the front of the queue, counts one more
//!   delivery of it, and keeps it *in flight* until `now + visibility_timeout`.
//!   It returns a [`Delivery`] with a [`Receipt`]: the message id and the
//!   delivery number (1 for the first delivery, 2 for the second, ...).
//! - `ack(receipt)` deletes the message for good. It fails with
//!   [`AckError::UnknownReceipt`] unless that very delivery is still in
//!   flight: a receipt from an older delivery, a message already acked, or
//!   a delivery whose visibility timeout has passed are all refused.
//! - `nack(receipt)` (negative ack: "I could not do it") puts the message
//!   back right away, same rules for the receipt.
//! - At the start of every `receive`, `ack` and `nack`, every in-flight
//!   delivery whose timeout has passed (`now >= deadline`) comes back.
//! - A message that comes back (timeout or nack) goes to the *front* of the
//!   queue, ahead of newer messages; several at once keep id order.
//! - But a message that has already been delivered `max_deliveries` times
//!   goes to the dead-letter queue instead, for a human to look at. A
//!   message that fails every time (a *poison message*) must not cycle
//!   forever.
//!
//! The tests in `tests/broker_acks.rs` are the specification.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::time::{Duration, Instant};

/// Tells the time. The tests move it by hand.
pub trait Clock {
    fn now(&self) -> Instant;
}

/// Proof of one delivery, needed to ack or nack it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Receipt {
    pub message_id: u64,
    /// 1 for the first delivery of the message, 2 for the second, ...
    pub delivery: u32,
}

/// A message handed to a consumer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub receipt: Receipt,
    pub body: String,
}

/// A message in the broker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: u64,
    pub body: String,
    /// How many times it has been delivered so far.
    pub deliveries: u32,
}

/// The receipt does not belong to a delivery in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AckError {
    UnknownReceipt(Receipt),
}

/// How the broker treats unacknowledged messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    pub visibility_timeout: Duration,
    /// Deliveries a message gets before it goes to the dead-letter queue.
    pub max_deliveries: u32,
}

/// A message delivered and not yet acked.
#[allow(dead_code)] // Delete this line once your code reads these fields.
#[derive(Debug, Clone)]
struct InFlight {
    message: Message,
    deadline: Instant,
}

/// One queue with acknowledgements, redelivery and a dead-letter queue.
#[derive(Debug)]
pub struct Broker<C: Clock> {
    config: Config,
    clock: C,
    next_id: u64,
    /// Waiting to be delivered, front first.
    ready: VecDeque<Message>,
    /// Delivered and not acked, by message id.
    in_flight: BTreeMap<u64, InFlight>,
    /// Messages that used up their deliveries, oldest first.
    dead: Vec<Message>,
}

impl<C: Clock> Broker<C> {
    pub fn new(config: Config, clock: C) -> Self {
        Self {
            config,
            clock,
            next_id: 1,
            ready: VecDeque::new(),
            in_flight: BTreeMap::new(),
            dead: Vec::new(),
        }
    }

    /// Puts a message at the back of the queue and returns its id (1, 2, ...).
    ///
    /// Already written for you.
    pub fn publish(&mut self, body: &str) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.ready.push_back(Message {
            id,
            body: body.to_string(),
            deliveries: 0,
        });
        id
    }

    /// The messages in the dead-letter queue, oldest first.
    pub fn dead_letters(&self) -> &[Message] {
        &self.dead
    }

    /// How many messages wait to be delivered (not counting those in flight).
    pub fn ready_len(&self) -> usize {
        self.ready.len()
    }

    /// Brings back every in-flight delivery whose visibility timeout has passed.
    /// Call it first in `receive`, `ack` and `nack`.
    fn requeue_expired(&mut self) {
        let _ = (&self.clock, &self.in_flight, &self.dead);
        todo!("bring back the deliveries whose timeout has passed")
    }

    /// Delivers the message at the front of the queue, if there is one.
    pub fn receive(&mut self) -> Option<Delivery> {
        self.requeue_expired();
        todo!(
            "deliver the front message for {:?}",
            self.config.visibility_timeout
        )
    }

    /// The consumer is done with the message: delete it.
    pub fn ack(&mut self, receipt: Receipt) -> Result<(), AckError> {
        self.requeue_expired();
        todo!("ack {receipt:?}")
    }

    /// The consumer could not handle the message: deliver it again now.
    pub fn nack(&mut self, receipt: Receipt) -> Result<(), AckError> {
        self.requeue_expired();
        todo!("nack {receipt:?}")
    }
}

impl fmt::Display for AckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self::UnknownReceipt(receipt) = self;
        write!(
            f,
            "delivery {} of message {} is not in flight",
            receipt.delivery, receipt.message_id
        )
    }
}

impl std::error::Error for AckError {}
