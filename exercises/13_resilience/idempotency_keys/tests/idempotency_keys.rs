use idempotency_keys::{Payment, Payments, app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

/// Starts the service on a free port and returns its base URL.
async fn start(payments: Arc<Payments>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app(payments)).await.unwrap() });
    format!("http://{address}")
}

/// What came back for one request.
#[derive(Debug, PartialEq)]
struct Answer {
    status: StatusCode,
    replayed: Option<String>,
    body: Value,
}

/// Sends `POST /payments` with `body` (and the idempotency key, if any).
async fn post(base: String, key: Option<&'static str>, body: &'static str) -> Answer {
    let sent = format!("POST /payments, Idempotency-Key {key:?}, body {body}");
    let mut request = reqwest::Client::new()
        .post(format!("{base}/payments"))
        .header("content-type", "application/json")
        .body(body);
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    let response = tokio::time::timeout(Duration::from_secs(2), request.send())
        .await
        .unwrap_or_else(|_| panic!("\nsent:     {sent}\nthe server did not answer within 2 s\n"))
        .unwrap_or_else(|e| {
            panic!("\nsent:     {sent}\nthe server closed the connection without an answer (did the handler panic?): {e}\n")
        });
    let status = response.status();
    let replayed = response
        .headers()
        .get("idempotent-replayed")
        .map(|v| v.to_str().unwrap_or("(not text)").to_string());
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer {
        status,
        replayed,
        body,
    }
}

#[track_caller]
fn check<E, G>(did: &str, expected: E, got: G)
where
    E: std::fmt::Debug,
    G: std::fmt::Debug + PartialEq<E>,
{
    if got != expected {
        panic!("\nsent:     {did}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

fn payment(id: &str, account: &str, amount_cents: u64) -> Payment {
    Payment {
        id: id.into(),
        account: account.into(),
        amount_cents,
    }
}

const COFFEE: &str = r#"{"account":"acct_ada","amount_cents":450}"#;
const COFFEE_REORDERED: &str = r#"{ "amount_cents": 450, "account": "acct_ada" }"#;
const LUNCH: &str = r#"{"account":"acct_ada","amount_cents":1290}"#;

#[tokio::test]
async fn charges_once_and_answers_201_with_the_payment() {
    let payments = Arc::new(Payments::new());
    let base = start(Arc::clone(&payments)).await;
    let answer = post(base, Some("key-coffee-1"), COFFEE).await;
    check(
        &format!("POST /payments with a new key, body {COFFEE}"),
        Answer {
            status: StatusCode::CREATED,
            replayed: None,
            body: json!({"id": "pay_1", "account": "acct_ada", "amount_cents": 450}),
        },
        answer,
    );
    check(
        "one payment: the charges made",
        vec![payment("pay_1", "acct_ada", 450)],
        payments.charged(),
    );
}

#[tokio::test]
async fn refuses_a_payment_without_an_idempotency_key() {
    let payments = Arc::new(Payments::new());
    let base = start(Arc::clone(&payments)).await;
    let answer = post(base.clone(), None, COFFEE).await;
    check(
        &format!("POST /payments without Idempotency-Key, body {COFFEE}: status"),
        StatusCode::BAD_REQUEST,
        answer.status,
    );
    check(
        "...: does the body have an \"error\" string",
        true,
        answer.body["error"].is_string(),
    );
    let answer = post(base, Some(""), COFFEE).await;
    check(
        &format!("POST /payments with an empty Idempotency-Key, body {COFFEE}: status"),
        StatusCode::BAD_REQUEST,
        answer.status,
    );
    check(
        "two refused payments: the charges made",
        vec![],
        payments.charged(),
    );
}

#[tokio::test]
async fn a_retry_with_the_same_key_gets_the_stored_answer_and_charges_nothing() {
    let payments = Arc::new(Payments::new());
    let base = start(Arc::clone(&payments)).await;
    let first = post(base.clone(), Some("key-coffee-2"), COFFEE).await;
    let retry = post(base, Some("key-coffee-2"), COFFEE).await;
    check(
        &format!("the same POST twice with key-coffee-2, body {COFFEE}: the second answer"),
        Answer {
            replayed: Some("true".into()),
            ..first
        },
        retry,
    );
    check(
        "the same POST twice: the charges made",
        vec![payment("pay_1", "acct_ada", 450)],
        payments.charged(),
    );
}

#[tokio::test]
async fn the_order_of_the_json_fields_does_not_matter() {
    let payments = Arc::new(Payments::new());
    let base = start(Arc::clone(&payments)).await;
    post(base.clone(), Some("key-coffee-3"), COFFEE).await;
    let retry = post(base, Some("key-coffee-3"), COFFEE_REORDERED).await;
    check(
        &format!("{COFFEE}, then {COFFEE_REORDERED}, both with key-coffee-3: status of the second"),
        StatusCode::CREATED,
        retry.status,
    );
    check(
        "...: the Idempotent-Replayed header of the second",
        Some("true".to_string()),
        retry.replayed,
    );
    check(
        "...: the number of charges made",
        1,
        payments.charged().len(),
    );
}

#[tokio::test]
async fn different_keys_are_different_payments() {
    let payments = Arc::new(Payments::new());
    let base = start(Arc::clone(&payments)).await;
    post(base.clone(), Some("key-coffee-4"), COFFEE).await;
    let second = post(base, Some("key-coffee-5"), COFFEE).await;
    check(
        &format!(
            "{COFFEE} with key-coffee-4, then again with key-coffee-5: the second answer's body"
        ),
        json!({"id": "pay_2", "account": "acct_ada", "amount_cents": 450}),
        second.body,
    );
    check(
        "two keys: the number of charges made",
        2,
        payments.charged().len(),
    );
}

#[tokio::test]
async fn reusing_a_key_for_a_different_request_is_422() {
    let payments = Arc::new(Payments::new());
    let base = start(Arc::clone(&payments)).await;
    post(base.clone(), Some("key-7"), COFFEE).await;
    let answer = post(base, Some("key-7"), LUNCH).await;
    check(
        &format!("{COFFEE}, then {LUNCH}, both with key-7: status of the second"),
        StatusCode::UNPROCESSABLE_ENTITY,
        answer.status,
    );
    check(
        "...: does the body have an \"error\" string",
        true,
        answer.body["error"].is_string(),
    );
    check(
        "...: the charges made",
        vec![payment("pay_1", "acct_ada", 450)],
        payments.charged(),
    );
}

#[tokio::test]
async fn a_duplicate_while_the_first_is_in_flight_is_409() {
    let (payments, mut gate) = Payments::gated();
    let payments = Arc::new(payments);
    let base = start(Arc::clone(&payments)).await;

    let first = tokio::spawn(post(base.clone(), Some("key-slow"), COFFEE));
    tokio::time::timeout(Duration::from_secs(2), gate.charge_started())
        .await
        .expect("the first POST with key-slow did not start a charge within 2 s");

    let duplicate = post(base.clone(), Some("key-slow"), COFFEE).await;
    check(
        "a second POST with key-slow while the first is still charging: status",
        StatusCode::CONFLICT,
        duplicate.status,
    );
    check(
        "...: does the body have an \"error\" string",
        true,
        duplicate.body["error"].is_string(),
    );

    gate.release_one();
    let first = tokio::time::timeout(Duration::from_secs(2), first)
        .await
        .expect("the first POST did not finish within 2 s after its charge was released")
        .expect("the task sending the first POST panicked");
    check(
        "the first POST with key-slow, once released: status",
        StatusCode::CREATED,
        first.status,
    );

    let retry = post(base, Some("key-slow"), COFFEE).await;
    check(
        "a third POST with key-slow after the first finished: the answer",
        Answer {
            replayed: Some("true".into()),
            ..first
        },
        retry,
    );
    check(
        "...: the number of charges made",
        1,
        payments.charged().len(),
    );
}

#[tokio::test]
async fn a_different_request_is_422_even_while_the_first_is_in_flight() {
    let (payments, mut gate) = Payments::gated();
    let payments = Arc::new(payments);
    let base = start(Arc::clone(&payments)).await;

    let first = tokio::spawn(post(base.clone(), Some("key-slow-2"), COFFEE));
    tokio::time::timeout(Duration::from_secs(2), gate.charge_started())
        .await
        .expect("the first POST with key-slow-2 did not start a charge within 2 s");
    let other = post(base, Some("key-slow-2"), LUNCH).await;
    check(
        &format!("{LUNCH} with key-slow-2 while {COFFEE} with that key is still charging: status"),
        StatusCode::UNPROCESSABLE_ENTITY,
        other.status,
    );
    gate.release_one();
    let first = tokio::time::timeout(Duration::from_secs(2), first)
        .await
        .expect("the first POST did not finish within 2 s")
        .unwrap();
    check(
        "the first POST, once released: status",
        StatusCode::CREATED,
        first.status,
    );
}
