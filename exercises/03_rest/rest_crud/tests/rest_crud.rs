use std::fmt::Debug;
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

/// The learner's API, started on a free port for one test.
struct Api {
    base: String,
    client: reqwest::Client,
}

/// What came back for one request, and a line describing the request.
#[derive(Debug)]
struct Reply {
    sent: String,
    status: u16,
    location: Option<String>,
    body: Value,
}

async fn start() -> Api {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("could not bind a port for the test server");
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, rest_crud::app()).await });
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    Api {
        base: format!("http://{addr}"),
        client,
    }
}

impl Api {
    /// Sends `body` (raw text, sent as `application/json`) and collects the reply.
    async fn send(&self, method: Method, path: &str, body: Option<&str>) -> Reply {
        let sent = match body {
            Some(body) => format!("{method} {path} with body {body}"),
            None => format!("{method} {path}"),
        };
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.unwrap_or_else(|e| {
            panic!(
                "\nsent:     {sent}\ngot:      no answer ({e}; the test waits 2 s at most)\n\
                 Did a handler panic (a todo!() perhaps)? Look for the panic message above.\n"
            )
        });
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap_or("<not text>").to_string());
        let text = response.text().await.unwrap_or_else(|e| {
            panic!("\nsent:     {sent}\ngot:      the body did not arrive within 2 s ({e})\n")
        });
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Reply {
            sent,
            status,
            location,
            body,
        }
    }

    async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: &Value) -> Reply {
        self.send(Method::POST, path, Some(&body.to_string())).await
    }

    async fn put(&self, path: &str, body: &Value) -> Reply {
        self.send(Method::PUT, path, Some(&body.to_string())).await
    }

    async fn delete(&self, path: &str) -> Reply {
        self.send(Method::DELETE, path, None).await
    }
}

/// Fails with a readable report unless `got` equals `expected`.
#[track_caller]
fn check<T: PartialEq + Debug>(reply: &Reply, what: &str, expected: T, got: T) {
    if expected != got {
        panic!(
            "\nsent:     {}\nexpected: {what} {expected:?}\ngot:      {what} {got:?}\n\
             the whole reply: status {}, location {:?}, body {}\n",
            reply.sent, reply.status, reply.location, reply.body
        );
    }
}

#[track_caller]
fn check_status(reply: &Reply, expected: u16) {
    check(reply, "status", expected, reply.status);
}

/// Error replies carry `{"error": "<a sentence>"}`.
#[track_caller]
fn check_error_body(reply: &Reply) {
    let has_sentence = reply.body["error"].as_str().is_some_and(|s| !s.is_empty());
    check(
        reply,
        "a JSON body with a non-empty \"error\" string:",
        true,
        has_sentence,
    );
}

fn bike(serial: &str, model: &str, wheel_inches: u64) -> Value {
    json!({ "serial": serial, "model": model, "wheel_inches": wheel_inches })
}

fn with_id(id: u64, input: &Value) -> Value {
    let mut bike = input.clone();
    bike["id"] = json!(id);
    bike
}

#[tokio::test]
async fn creates_a_bike_with_201_and_a_location() {
    let api = start().await;
    let input = bike("CITY-0042", "Gazelle Orange", 28);
    let reply = api.post("/bikes", &input).await;
    check_status(&reply, 201);
    check(
        &reply,
        "Location header",
        Some("/bikes/1"),
        reply.location.as_deref(),
    );
    check(&reply, "body", &with_id(1, &input), &reply.body);

    let second = api.post("/bikes", &bike("KID-7", "Puky", 16)).await;
    check_status(&second, 201);
    check(
        &second,
        "Location header",
        Some("/bikes/2"),
        second.location.as_deref(),
    );
}

#[tokio::test]
async fn reads_a_bike_by_id() {
    let api = start().await;
    let input = bike("CARGO-3", "Babboe Big", 24);
    api.post("/bikes", &input).await;
    let reply = api.get("/bikes/1").await;
    check_status(&reply, 200);
    check(&reply, "body", &with_id(1, &input), &reply.body);
}

#[tokio::test]
async fn answers_404_for_an_unknown_id() {
    let api = start().await;
    let reply = api.get("/bikes/7").await;
    check_status(&reply, 404);
    check_error_body(&reply);

    api.post("/bikes", &bike("CITY-1", "Batavus", 28)).await;
    let reply = api.get("/bikes/2").await;
    check_status(&reply, 404);
    check_error_body(&reply);
}

#[tokio::test]
async fn lists_every_bike_by_ascending_id() {
    let api = start().await;
    let empty = api.get("/bikes").await;
    check_status(&empty, 200);
    check(&empty, "body", &json!([]), &empty.body);

    let inputs = [
        bike("ZZ-900", "Cortina", 28),
        bike("AA-100", "Brompton", 16),
        bike("MM-500", "Riese Muller", 27),
    ];
    for input in &inputs {
        api.post("/bikes", input).await;
    }
    let reply = api.get("/bikes").await;
    check_status(&reply, 200);
    let expected: Vec<Value> = (1..).zip(&inputs).map(|(id, b)| with_id(id, b)).collect();
    check(&reply, "body", &json!(expected), &reply.body);
}

#[tokio::test]
async fn replaces_a_bike_with_put() {
    let api = start().await;
    api.post("/bikes", &bike("CITY-0042", "Gazelle Orange", 28))
        .await;
    let update = bike("CITY-0042", "Gazelle Orange C7", 26);
    let reply = api.put("/bikes/1", &update).await;
    check_status(&reply, 200);
    check(&reply, "body", &with_id(1, &update), &reply.body);

    let after = api.get("/bikes/1").await;
    check(
        &after,
        "body after the PUT",
        &with_id(1, &update),
        &after.body,
    );
}

#[tokio::test]
async fn deletes_a_bike_with_204_and_never_reuses_its_id() {
    let api = start().await;
    api.post("/bikes", &bike("OLD-1", "Union", 28)).await;
    let reply = api.delete("/bikes/1").await;
    check_status(&reply, 204);
    check(&reply, "body", &Value::Null, &reply.body);

    check_status(&api.get("/bikes/1").await, 404);
    let again = api.delete("/bikes/1").await;
    check_status(&again, 404);
    check_error_body(&again);

    let next = api.post("/bikes", &bike("NEW-2", "Union", 28)).await;
    check(
        &next,
        "Location header",
        Some("/bikes/2"),
        next.location.as_deref(),
    );
}

#[tokio::test]
async fn rejects_a_duplicate_serial_with_409() {
    let api = start().await;
    api.post("/bikes", &bike("CITY-0042", "Gazelle", 28)).await;
    api.post("/bikes", &bike("CITY-0043", "Gazelle", 28)).await;

    let reply = api.post("/bikes", &bike("CITY-0042", "Sparta", 26)).await;
    check_status(&reply, 409);
    check_error_body(&reply);

    // Taking another bike's serial with PUT is a conflict too...
    let reply = api.put("/bikes/2", &bike("CITY-0042", "Gazelle", 28)).await;
    check_status(&reply, 409);
    check_error_body(&reply);

    // ...but keeping your own serial is not.
    let reply = api.put("/bikes/1", &bike("CITY-0042", "Sparta", 26)).await;
    check_status(&reply, 200);
}

#[tokio::test]
async fn rejects_values_that_break_the_rules_with_422() {
    let api = start().await;
    for input in [
        bike("AB", "Too short a serial", 28),
        bike("city-0042", "Lowercase serial", 28),
        bike("CITY 0042", "Space in the serial", 28),
        bike("ABCDEFGHIJ-1234567890", "21 characters is one too many", 28),
        bike("CITY-1", "", 28),
        bike("CITY-1", "   ", 28),
        bike("CITY-1", &"x".repeat(61), 28),
        bike("CITY-1", "Tiny wheels", 11),
        bike("CITY-1", "Huge wheels", 30),
    ] {
        let reply = api.post("/bikes", &input).await;
        check_status(&reply, 422);
        check_error_body(&reply);
    }
    // The edges of each rule are still valid.
    for input in [
        bike("A-1", "Three character serial", 12),
        bike("ABCDEFGHIJ-123456789", &"y".repeat(60), 29),
    ] {
        check_status(&api.post("/bikes", &input).await, 201);
    }
    // The model limit counts characters, not bytes: 60 "é" are 120 bytes.
    let reply = api
        .post("/bikes", &bike("CITY-60", &"é".repeat(60), 26))
        .await;
    check(
        &reply,
        "status for a model of 60 characters (120 bytes; the limit counts characters, not bytes)",
        201,
        reply.status,
    );
}

#[tokio::test]
async fn checks_the_id_before_the_body_on_put() {
    let api = start().await;
    let reply = api.put("/bikes/9", &bike("x", "", 3)).await;
    check_status(&reply, 404);

    api.post("/bikes", &bike("CITY-1", "Batavus", 28)).await;
    let reply = api.put("/bikes/1", &bike("CITY-1", "", 28)).await;
    check_status(&reply, 422);
    check_error_body(&reply);
}

#[tokio::test]
async fn leaves_malformed_json_to_axum_with_400() {
    let api = start().await;
    let reply = api
        .send(Method::POST, "/bikes", Some(r#"{"serial": "CITY-1", "#))
        .await;
    check_status(&reply, 400);

    // Nothing was stored by the failed request.
    let list = api.get("/bikes").await;
    check(&list, "body", &json!([]), &list.body);
}
