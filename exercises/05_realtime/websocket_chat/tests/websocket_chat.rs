use std::fmt::Debug;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::{Error, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};
use websocket_chat::{Room, app};

#[track_caller]
fn check<T: PartialEq + Debug>(sent: impl std::fmt::Display, expected: T, got: T) {
    if expected != got {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// Starts the learner's chat on a free port and returns its address.
async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("could not bind a port for the test server");
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app(Room::new())).await });
    addr.to_string()
}

/// One connected chat client.
struct Client {
    name: String,
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

/// Connects as `name` and reads the client's own `joined` event, so that
/// the client is surely in the room when this returns.
async fn join(addr: &str, name: &str) -> Client {
    let url = format!("ws://{addr}/chat?name={name}");
    let ws = match timeout(Duration::from_secs(2), connect_async(&url)).await {
        Ok(Ok((ws, _))) => ws,
        Ok(Err(e)) => panic!(
            "\nsent:     a WebSocket handshake to {url}\ngot:      {e}\n\
             Did the handler panic (a todo!() perhaps)? Look for the panic message above.\n"
        ),
        Err(_) => {
            panic!("\nsent:     a WebSocket handshake to {url}\ngot:      no answer within 2 s\n")
        }
    };
    let mut client = Client {
        name: name.to_string(),
        ws,
    };
    let first = client.next(&format!("{name} connected")).await;
    check(
        format!("{name} connected; the first event {name} receives"),
        joined(name),
        first,
    );
    client
}

impl Client {
    /// The next chat event this client receives (pings and pongs are skipped).
    async fn next(&mut self, after: &str) -> Value {
        loop {
            let message = match timeout(Duration::from_secs(2), self.ws.next()).await {
                Ok(Some(Ok(message))) => message,
                Ok(Some(Err(e))) => panic!(
                    "\nafter:    {after}\ngot:      a broken connection at {} ({e})\n",
                    self.name
                ),
                Ok(None) => panic!(
                    "\nafter:    {after}\ngot:      the server closed {}'s connection\n",
                    self.name
                ),
                Err(_) => panic!(
                    "\nafter:    {after}\nexpected: an event for {}\ngot:      nothing within 2 s\n",
                    self.name
                ),
            };
            match message {
                Message::Text(text) => {
                    return serde_json::from_str(&text).unwrap_or_else(|_| {
                        panic!("\nafter:    {after}\ngot:      {text:?}, which is not JSON\n")
                    });
                }
                Message::Ping(_) | Message::Pong(_) => continue,
                other => panic!(
                    "\nafter:    {after}\nexpected: a text message for {}\ngot:      {other:?}\n",
                    self.name
                ),
            }
        }
    }

    async fn say(&mut self, text: &str) {
        self.send(Message::text(text)).await;
    }

    async fn send(&mut self, message: Message) {
        let sent = timeout(Duration::from_secs(2), self.ws.send(message)).await;
        if !matches!(sent, Ok(Ok(()))) {
            panic!("\n{} could not send a message: {sent:?}\n", self.name);
        }
    }
}

fn joined(name: &str) -> Value {
    json!({ "type": "joined", "name": name })
}

fn message(from: &str, text: &str) -> Value {
    json!({ "type": "message", "from": from, "text": text })
}

fn left(name: &str) -> Value {
    json!({ "type": "left", "name": name })
}

#[tokio::test]
async fn refuses_a_missing_or_blank_name_with_400() {
    let addr = start().await;
    for query in ["", "?name=", "?name=%20%20", "?name=abcdefghijklmnopqrstu"] {
        let url = format!("ws://{addr}/chat{query}");
        let got = match timeout(Duration::from_secs(2), connect_async(&url)).await {
            Ok(Err(Error::Http(response))) => format!("HTTP status {}", response.status().as_u16()),
            Ok(Err(e)) => format!("an error: {e}"),
            Ok(Ok(_)) => "an open WebSocket".to_string(),
            Err(_) => "no answer within 2 s".to_string(),
        };
        check(
            format!("a WebSocket handshake to {url}"),
            "HTTP status 400".to_string(),
            got,
        );
    }
}

#[tokio::test]
async fn a_new_client_first_hears_its_own_join() {
    let addr = start().await;
    // `join` checks that the first event is {"type": "joined", "name": "ana"}.
    join(&addr, "ana").await;
    join(&addr, "Zoë").await;
}

#[tokio::test]
async fn announces_a_new_client_to_those_already_there() {
    let addr = start().await;
    let mut ana = join(&addr, "ana").await;
    let _ben = join(&addr, "ben").await;
    let got = ana.next("ben connected").await;
    check(
        "ana is in the room, ben connects; ana receives",
        joined("ben"),
        got,
    );
}

#[tokio::test]
async fn relays_a_message_to_everyone_with_the_senders_name() {
    let addr = start().await;
    let mut ana = join(&addr, "ana").await;
    let mut ben = join(&addr, "ben").await;
    let mut cy = join(&addr, "cy").await;
    ana.next("ben connected").await;
    ana.next("cy connected").await;
    ben.next("cy connected").await;

    ben.say("anyone up for lunch?").await;
    for client in [&mut ana, &mut ben, &mut cy] {
        let got = client.next("ben said \"anyone up for lunch?\"").await;
        check(
            format!(
                "ben says \"anyone up for lunch?\"; {} receives",
                client.name
            ),
            message("ben", "anyone up for lunch?"),
            got,
        );
    }
}

#[tokio::test]
async fn keeps_the_order_of_messages() {
    let addr = start().await;
    let mut ana = join(&addr, "ana").await;
    let mut ben = join(&addr, "ben").await;
    ana.next("ben connected").await;
    let lines = ["one", "two", "three", "four", "five"];
    for line in lines {
        ana.say(line).await;
    }
    for line in lines {
        let got = ben.next("ana said five lines").await;
        check(
            format!("ana says {lines:?}; ben receives, in turn"),
            message("ana", line),
            got,
        );
    }
}

#[tokio::test]
async fn does_not_relay_binary_messages() {
    let addr = start().await;
    let mut ana = join(&addr, "ana").await;
    let mut ben = join(&addr, "ben").await;
    ana.next("ben connected").await;
    ana.send(Message::binary(vec![0xca, 0xfe])).await;
    ana.say("did you get that?").await;
    let got = ben.next("ana sent a binary message, then a text").await;
    check(
        "ana sends binary [ca, fe], then \"did you get that?\"; ben's next event",
        message("ana", "did you get that?"),
        got,
    );
}

#[tokio::test]
async fn a_late_joiner_gets_no_history() {
    let addr = start().await;
    let mut ana = join(&addr, "ana").await;
    ana.say("is this thing on?").await;
    ana.next("ana said something").await;
    // `join` checks that cy's first event is cy's own join, not ana's message.
    let _cy = join(&addr, "cy").await;
}

#[tokio::test]
async fn announces_a_client_that_closes_or_drops_its_connection() {
    let addr = start().await;
    let mut ana = join(&addr, "ana").await;
    let mut ben = join(&addr, "ben").await;
    let cy = join(&addr, "cy").await;
    ana.next("ben connected").await;
    ana.next("cy connected").await;

    // ben says goodbye properly, with a close frame...
    let closed = timeout(Duration::from_secs(2), ben.ws.close(None)).await;
    let closed = format!("{closed:?}");
    check("ben sends a close frame", "Ok(Ok(()))", closed.as_str());
    let got = ana.next("ben closed the connection").await;
    check("ben sends a close frame; ana receives", left("ben"), got);

    // ...cy just goes away.
    drop(cy);
    let got = ana.next("cy's connection was dropped").await;
    check("cy's TCP connection closes; ana receives", left("cy"), got);
}
