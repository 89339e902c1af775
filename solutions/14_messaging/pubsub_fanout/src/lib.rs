//! # Publish/subscribe with fan-out
//!
//! A queue gives each message to *one* consumer. Publish/subscribe gives
//! each message to *every* subscriber of its topic: the price service
//! publishes on `prices`, and the web sockets of all the clients watching
//! prices each get every update. Done naively, one client on a bad mobile
//! connection, reading slowly, makes the publisher wait, and everyone with
//! it. A fan-out hub must never let a slow subscriber hold up the others.
//!
//! Write [`Hub::subscribe`], [`Hub::publish`] and [`Subscription::recv`] on
//! top of `tokio::sync::broadcast`, one channel per topic.
//!
//! ## The rules
//!
//! - A subscriber of a topic gets every message published on that topic
//!   after it subscribed, in order; nothing from other topics (topics
//!   match exactly), and nothing from before it subscribed.
//! - `publish` never waits. It returns how many subscribers the message
//!   reached; a topic with no subscribers (or none left) is fine: 0.
//! - Every topic's channel keeps the last `capacity` messages. A subscriber
//!   that falls further behind skips the oldest ones: its next `recv`
//!   returns [`Received::Lagged`] with how many it missed, and then it
//!   carries on with the oldest message still kept. The others do not
//!   notice anything.
//! - `recv` returns `None` once the hub is gone and every message was read.
//!
//! `broadcast::Sender::send` fails only when nobody is subscribed, and
//! `broadcast::Receiver::recv` reports `RecvError::Lagged(n)` and
//! `RecvError::Closed`: map them to the rules above.
//!
//! The tests in `tests/pubsub_fanout.rs` are the specification.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use tokio::sync::broadcast;

/// One published message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub topic: String,
    pub payload: String,
}

/// What a subscriber gets from `recv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    Message(Message),
    /// The subscriber fell behind and `missed` messages were skipped.
    Lagged {
        missed: u64,
    },
}

/// Topics and their subscribers.
#[derive(Debug)]
pub struct Hub {
    /// Messages kept per topic for subscribers that are behind.
    capacity: usize,
    /// One broadcast channel per topic, created by its first subscriber.
    topics: Mutex<HashMap<String, broadcast::Sender<Message>>>,
}

/// One subscriber's end of one topic.
#[derive(Debug)]
pub struct Subscription {
    receiver: broadcast::Receiver<Message>,
}

impl Hub {
    /// A hub keeping the last `capacity` messages of every topic (at least 1).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            topics: Mutex::default(),
        }
    }

    /// Locks the topics (carrying on if another thread panicked holding them).
    fn topics(&self) -> MutexGuard<'_, HashMap<String, broadcast::Sender<Message>>> {
        self.topics.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Subscribes to `topic`, creating the topic if needed.
    pub fn subscribe(&self, topic: &str) -> Subscription {
        let receiver = self
            .topics()
            .entry(topic.to_string())
            .or_insert_with(|| broadcast::channel(self.capacity).0)
            .subscribe();
        Subscription { receiver }
    }

    /// Sends `payload` to every current subscriber of `topic` and returns
    /// how many there were.
    pub fn publish(&self, topic: &str, payload: &str) -> usize {
        let topics = self.topics();
        let Some(sender) = topics.get(topic) else {
            return 0;
        };
        let message = Message {
            topic: topic.to_string(),
            payload: payload.to_string(),
        };
        sender.send(message).unwrap_or(0)
    }
}

impl Subscription {
    /// The next message on this subscription's topic, a report that some
    /// were missed, or `None` when the hub is gone.
    pub async fn recv(&mut self) -> Option<Received> {
        match self.receiver.recv().await {
            Ok(message) => Some(Received::Message(message)),
            Err(broadcast::error::RecvError::Lagged(missed)) => Some(Received::Lagged { missed }),
            Err(broadcast::error::RecvError::Closed) => None,
        }
    }
}
