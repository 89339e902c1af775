use std::fmt::Debug;
use std::time::Duration;

use sse_endpoint::{HISTORY, Hub, Update, app};
use tokio::time::timeout;

#[track_caller]
fn check<T: PartialEq + Debug>(sent: impl Debug, expected: T, got: T) {
    if expected != got {
        panic!("\nsent:     {sent:?}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// An event as read off the wire: (id, event type, data).
type Seen = (String, String, String);

fn seen(id: u64, data: &str) -> Seen {
    (id.to_string(), "score".to_string(), data.to_string())
}

/// Starts the learner's app on a free port and returns its address.
async fn start(hub: &Hub) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("could not bind a port for the test server");
    let addr = listener.local_addr().unwrap();
    let app = app(hub.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// One open `GET /scores` stream.
struct Watcher {
    response: reqwest::Response,
    buffer: String,
}

/// Opens `GET /scores`. When this returns, the server has answered with its
/// headers, so the handler has run and subscribed.
async fn watch(base: &str, last_event_id: Option<&str>) -> Watcher {
    let mut request = reqwest::Client::new().get(format!("{base}/scores"));
    if let Some(id) = last_event_id {
        request = request.header("last-event-id", id);
    }
    let response = match timeout(Duration::from_secs(2), request.send()).await {
        Ok(Ok(response)) => response,
        Ok(Err(e)) => panic!(
            "\nsent:     GET /scores (Last-Event-ID: {last_event_id:?})\ngot:      no answer ({e})\n\
             Did the handler panic (a todo!() perhaps)? Look for the panic message above.\n"
        ),
        Err(_) => panic!(
            "\nsent:     GET /scores (Last-Event-ID: {last_event_id:?})\n\
             got:      no response headers within 2 s\n"
        ),
    };
    Watcher {
        response,
        buffer: String::new(),
    }
}

impl Watcher {
    /// The next event of the stream; `after` says what the test did before,
    /// for the report. Comments (keep-alives) are skipped.
    async fn next(&mut self, after: &str) -> Seen {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let (mut id, mut event, mut data) = (String::new(), String::new(), Vec::new());
                for line in block.lines() {
                    let (field, value) = line.split_once(':').unwrap_or((line, ""));
                    let value = value.strip_prefix(' ').unwrap_or(value).to_string();
                    match field {
                        "id" => id = value,
                        "event" => event = value,
                        "data" => data.push(value),
                        _ => {}
                    }
                }
                if data.is_empty() {
                    continue;
                }
                return (id, event, data.join("\n"));
            }
            let chunk = timeout(Duration::from_secs(2), self.response.chunk()).await;
            match chunk {
                Ok(Ok(Some(bytes))) => self.buffer.push_str(&String::from_utf8_lossy(&bytes)),
                Ok(Ok(None)) => panic!("\nafter:    {after}\ngot:      the stream ended\n"),
                Ok(Err(e)) => panic!("\nafter:    {after}\ngot:      a broken stream ({e})\n"),
                Err(_) => panic!(
                    "\nafter:    {after}\nexpected: an event\ngot:      nothing within 2 s \
                     (received so far, not yet a whole event: {:?})\n",
                    self.buffer
                ),
            }
        }
    }
}

fn ids(updates: &[Update]) -> Vec<u64> {
    updates.iter().map(|u| u.id).collect()
}

#[test]
fn publish_numbers_updates_from_one() {
    let hub = Hub::new();
    let got: Vec<u64> = ["0-0", "1-0", "1-1"]
        .iter()
        .map(|text| hub.publish(text))
        .collect();
    check(
        "publish three updates with no one subscribed",
        vec![1, 2, 3],
        got,
    );
}

#[test]
fn subscribe_from_returns_the_updates_after_the_id() {
    let hub = Hub::new();
    for text in ["a", "b", "c", "d", "e"] {
        hub.publish(text);
    }
    let (missed, _) = hub.subscribe_from(Some(3));
    let expected = vec![
        Update {
            id: 4,
            text: "d".to_string(),
        },
        Update {
            id: 5,
            text: "e".to_string(),
        },
    ];
    check("5 updates, then subscribe_from(Some(3))", expected, missed);
    let (missed, _) = hub.subscribe_from(None);
    check("subscribe_from(None)", Vec::<u64>::new(), ids(&missed));
    let (missed, _) = hub.subscribe_from(Some(5));
    check("subscribe_from(Some(5))", Vec::<u64>::new(), ids(&missed));
}

#[test]
fn the_history_keeps_only_the_latest_updates() {
    let hub = Hub::new();
    for i in 0..HISTORY + 10 {
        hub.publish(&format!("update {i}"));
    }
    let (missed, _) = hub.subscribe_from(Some(0));
    let expected: Vec<u64> = (11..=(HISTORY as u64 + 10)).collect();
    check(
        format!("{} updates, then subscribe_from(Some(0))", HISTORY + 10),
        expected,
        ids(&missed),
    );
}

#[tokio::test]
async fn the_receiver_gets_what_is_published_after_subscribing() {
    let hub = Hub::new();
    hub.publish("before");
    let (_, mut receiver) = hub.subscribe_from(None);
    hub.publish("after");
    let got = timeout(Duration::from_secs(2), receiver.recv()).await;
    let got = got.ok().and_then(Result::ok);
    let expected = Some(Update {
        id: 2,
        text: "after".to_string(),
    });
    check("publish, subscribe_from(None), publish", expected, got);
}

#[tokio::test]
async fn answers_with_an_event_stream() {
    let hub = Hub::new();
    let base = start(&hub).await;
    let watcher = watch(&base, None).await;
    let content_type = watcher
        .response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok());
    check(
        "GET /scores",
        (200, Some("text/event-stream")),
        (watcher.response.status().as_u16(), content_type),
    );
}

#[tokio::test]
async fn streams_each_update_as_a_score_event() {
    let hub = Hub::new();
    let base = start(&hub).await;
    let mut watcher = watch(&base, None).await;
    hub.publish("Harbour FC 1-0 Millbrook");
    let got = watcher.next("publish(\"Harbour FC 1-0 Millbrook\")").await;
    check("GET /scores", seen(1, "Harbour FC 1-0 Millbrook"), got);
    hub.publish("Harbour FC 1-1 Millbrook\n(penalty)");
    let got = watcher.next("a second publish, of two lines").await;
    check(
        "GET /scores",
        seen(2, "Harbour FC 1-1 Millbrook\n(penalty)"),
        got,
    );
}

#[tokio::test]
async fn every_watcher_gets_every_update_in_order() {
    let hub = Hub::new();
    let base = start(&hub).await;
    let mut first = watch(&base, None).await;
    let mut second = watch(&base, None).await;
    for text in ["0-0", "1-0", "2-0"] {
        hub.publish(text);
    }
    let expected = vec![seen(1, "0-0"), seen(2, "1-0"), seen(3, "2-0")];
    for (name, watcher) in [("first", &mut first), ("second", &mut second)] {
        let mut got = Vec::new();
        for _ in 0..3 {
            got.push(watcher.next("three publishes").await);
        }
        check(format!("GET /scores, the {name} watcher"), &expected, &got);
    }
}

#[tokio::test]
async fn resumes_after_the_last_event_id() {
    let hub = Hub::new();
    let base = start(&hub).await;
    for text in ["0-0", "1-0", "1-1"] {
        hub.publish(text);
    }
    let mut watcher = watch(&base, Some("1")).await;
    hub.publish("2-1");
    let mut got = Vec::new();
    for _ in 0..3 {
        got.push(
            watcher
                .next("3 publishes, connecting with Last-Event-ID: 1, a 4th publish")
                .await,
        );
    }
    let expected = vec![seen(2, "1-0"), seen(3, "1-1"), seen(4, "2-1")];
    check("GET /scores with Last-Event-ID: 1", expected, got);
}

#[tokio::test]
async fn ignores_a_last_event_id_that_is_not_a_number() {
    let hub = Hub::new();
    let base = start(&hub).await;
    hub.publish("0-0");
    let mut watcher = watch(&base, Some("yesterday")).await;
    hub.publish("0-1");
    let got = watcher
        .next("publish, connect with Last-Event-ID: yesterday, publish")
        .await;
    check(
        "GET /scores with Last-Event-ID: yesterday",
        seen(2, "0-1"),
        got,
    );
}
