//! # Real time: a WebSocket chat room
//!
//! Everything from the last exercises comes together: a browser opens a
//! WebSocket (axum does the handshake and the framing for you), and the
//! server relays every message to every member of the room. Each
//! connection is one task that waits on two things at once: the next
//! message from its own client, and the next event from the room.
//!
//! ## Your task
//!
//! Write the handler `join` behind `GET /chat?name=<name>` and the
//! connection loop [`run_client`].
//!
//! ## The rules
//!
//! - The name must be 1 to 20 characters and not only whitespace; otherwise
//!   answer `400 Bad Request` instead of upgrading. (A missing `name` gets
//!   axum's own 400 from the `Query` extractor.)
//! - The room speaks JSON text messages, each a [`ChatEvent`]:
//!   `{"type": "joined", "name": "ana"}`,
//!   `{"type": "message", "from": "ana", "text": "hi"}`,
//!   `{"type": "left", "name": "ana"}`.
//! - A client that connects subscribes to the room *first* and then announces
//!   itself with `joined`, so its own `joined` is the first thing it receives.
//! - Every text message a client sends reaches every client in the room,
//!   the sender included, as a `message` event with the sender's name.
//!   Other kinds of message (binary, ping) are not relayed.
//! - When a client closes the connection or it breaks, the room gets a
//!   `left` event for it.
//! - A client that falls behind the room (`RecvError::Lagged`) skips what
//!   it missed and carries on.
//!
//! The tests in `tests/websocket_chat.rs` are the specification.

use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;

/// What the room tells its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ChatEvent {
    Joined { name: String },
    Message { from: String, text: String },
    Left { name: String },
}

impl ChatEvent {
    /// The event as the text of a WebSocket message. Already written for you.
    pub fn to_message(&self) -> Message {
        Message::text(serde_json::to_string(self).expect("a ChatEvent always serializes"))
    }
}

/// The chat room: a broadcast channel every connection subscribes to.
#[derive(Debug, Clone)]
pub struct Room {
    pub events: broadcast::Sender<ChatEvent>,
}

impl Room {
    /// An empty room. Already written for you.
    pub fn new() -> Self {
        Self {
            events: broadcast::channel(256).0,
        }
    }
}

impl Default for Room {
    fn default() -> Self {
        Self::new()
    }
}

/// The query string of `GET /chat`.
#[derive(Debug, Deserialize)]
pub struct JoinParams {
    pub name: String,
}

/// The API. Already wired up for you.
pub fn app(room: Room) -> Router {
    Router::new().route("/chat", get(join)).with_state(room)
}

/// `GET /chat?name=...`: checks the name, then upgrades to a WebSocket.
async fn join(
    ws: WebSocketUpgrade,
    Query(params): Query<JoinParams>,
    State(room): State<Room>,
) -> Response {
    let name = params.name;
    if name.trim().is_empty() || name.chars().count() > 20 {
        let reason = "name must be 1 to 20 characters and not blank";
        return (StatusCode::BAD_REQUEST, reason).into_response();
    }
    ws.on_upgrade(move |socket| run_client(socket, name, room))
}

/// Serves one member of the room until its connection ends.
pub async fn run_client(mut socket: WebSocket, name: String, room: Room) {
    let mut events = room.events.subscribe();
    // An error only means no one is listening, which cannot be: we are.
    let _ = room.events.send(ChatEvent::Joined { name: name.clone() });
    loop {
        tokio::select! {
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    let event = ChatEvent::Message {
                        from: name.clone(),
                        text: text.to_string(),
                    };
                    let _ = room.events.send(event);
                }
                Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
            event = events.recv() => match event {
                Ok(event) => {
                    if socket.send(event.to_message()).await.is_err() {
                        break;
                    }
                }
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            },
        }
    }
    let _ = room.events.send(ChatEvent::Left { name });
}
