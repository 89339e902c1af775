//! # Real time: an SSE endpoint that can resume
//!
//! A live-score service pushes every score update to whoever is watching,
//! over Server-Sent Events. Networks drop connections all the time, so a
//! browser's `EventSource` reconnects by itself and sends the id of the last
//! event it received in a `Last-Event-ID` header. A good server then sends
//! the updates the client missed before carrying on live: no gap, and no
//! update twice.
//!
//! ## Your task
//!
//! Write [`Hub::publish`], [`Hub::subscribe_from`] and the handler `scores`
//! behind `GET /scores`.
//!
//! ## The rules (WHATWG HTML, section 9.2: Server-sent events)
//!
//! - `publish` numbers updates 1, 2, 3, ..., keeps the last [`HISTORY`] of
//!   them, and sends each to every subscriber (having none is fine).
//! - `subscribe_from(last_seen)` returns the kept updates with an id above
//!   `last_seen` (none when `last_seen` is `None`) and a receiver for every
//!   later update. Between the two, no update may be lost or doubled, even
//!   while other tasks publish: hold the lock over both steps, and have
//!   `publish` send while it holds the lock too.
//! - `GET /scores` answers `200` with `text/event-stream` (axum's [`Sse`]
//!   does that) and sends, for each update, an event with `id:` the update's
//!   id, `event: score` and `data:` the update's text: first the missed
//!   updates, then live ones.
//! - A `Last-Event-ID` that is not a number is ignored: live updates only.
//! - A receiver that lags behind (`RecvError::Lagged`) has lost updates:
//!   end the stream, so that the client reconnects and resumes from history.
//!
//! The tests in `tests/sse_endpoint.rs` are the specification.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, Sse};
use axum::routing::get;
use futures_util::stream::{self, BoxStream, StreamExt};
use tokio::sync::broadcast;

/// How many updates the hub keeps for clients that resume.
pub const HISTORY: usize = 50;

/// One score update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    pub id: u64,
    pub text: String,
}

/// What the hub guards with its lock.
#[derive(Debug, Default)]
pub struct Log {
    /// The id of the last published update (0 before the first).
    pub last_id: u64,
    /// The last [`HISTORY`] updates, oldest first.
    pub history: VecDeque<Update>,
}

/// Hands every update to every subscriber. Cloning gives another handle to
/// the same hub.
#[derive(Debug, Clone)]
pub struct Hub {
    log: Arc<Mutex<Log>>,
    sender: broadcast::Sender<Update>,
}

impl Hub {
    /// An empty hub. Already written for you.
    pub fn new() -> Self {
        let (sender, _) = broadcast::channel(64);
        Self {
            log: Arc::default(),
            sender,
        }
    }

    /// Publishes an update and returns its id.
    pub fn publish(&self, text: &str) -> u64 {
        let mut log = self.log.lock().unwrap();
        log.last_id += 1;
        let update = Update {
            id: log.last_id,
            text: text.to_string(),
        };
        if log.history.len() == HISTORY {
            log.history.pop_front();
        }
        log.history.push_back(update.clone());
        // An error only means that no one is subscribed right now.
        let _ = self.sender.send(update);
        log.last_id
    }

    /// The kept updates after `last_seen`, and a receiver for the rest.
    pub fn subscribe_from(
        &self,
        last_seen: Option<u64>,
    ) -> (Vec<Update>, broadcast::Receiver<Update>) {
        let log = self.log.lock().unwrap();
        let receiver = self.sender.subscribe();
        let missed = match last_seen {
            Some(last_seen) => log
                .history
                .iter()
                .filter(|update| update.id > last_seen)
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        (missed, receiver)
    }
}

impl Default for Hub {
    fn default() -> Self {
        Self::new()
    }
}

/// The API. Already wired up for you.
pub fn app(hub: Hub) -> Router {
    Router::new().route("/scores", get(scores)).with_state(hub)
}

/// The SSE event for an update. Already written for you.
pub fn to_event(update: Update) -> Result<Event, Infallible> {
    Ok(Event::default()
        .id(update.id.to_string())
        .event("score")
        .data(update.text))
}

/// `GET /scores`.
async fn scores(
    State(hub): State<Hub>,
    headers: HeaderMap,
) -> Sse<BoxStream<'static, Result<Event, Infallible>>> {
    let last_seen = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse().ok());
    let (missed, receiver) = hub.subscribe_from(last_seen);
    let live = stream::unfold(receiver, |mut receiver| async move {
        // Closed (the hub is gone) or Lagged (updates were lost): end the stream.
        let update = receiver.recv().await.ok()?;
        Some((update, receiver))
    });
    let updates = stream::iter(missed).chain(live).map(to_event).boxed();
    Sse::new(updates)
}
