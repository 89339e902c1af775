use sqlx::AnyPool;
use std::future::Future;
use std::time::Duration;
use transactional_outbox::{
    NewOrder, OutboxEvent, PublishError, Publisher, create_tables, order_placed_payload,
    pending_events, place_order, relay_once,
};

#[track_caller]
fn check<E, G>(did: &str, expected: E, got: G)
where
    E: std::fmt::Debug,
    G: std::fmt::Debug + PartialEq<E>,
{
    if got != expected {
        panic!("\ndid:      {did}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// Runs a step of the test, failing with a sentence if it takes over 2 s.
async fn within_2s<T>(what: &str, step: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(2), step)
        .await
        .unwrap_or_else(|_| panic!("\n{what} did not finish within 2 s (on SQLite, is a query waiting for the pool's only connection while a transaction holds it?)\n"))
}

async fn database() -> AnyPool {
    let pool = course_support::fresh_database().await;
    create_tables(&pool)
        .await
        .expect("could not create the tables");
    pool
}

fn order(id: i64, customer: &str, total_cents: i64) -> NewOrder {
    NewOrder {
        id,
        customer: customer.to_string(),
        total_cents,
    }
}

async fn place(pool: &AnyPool, order: &NewOrder) -> Result<(), sqlx::Error> {
    within_2s(&format!("place_order({order:?})"), place_order(pool, order)).await
}

/// Every order row as (id, customer, total_cents).
async fn orders(pool: &AnyPool) -> Vec<(i64, String, i64)> {
    sqlx::query_as("SELECT id, customer, total_cents FROM orders ORDER BY id")
        .fetch_all(pool)
        .await
        .expect("could not read the orders table")
}

/// Every outbox row as (id, topic, payload, published, attempts).
async fn outbox(pool: &AnyPool) -> Vec<(i64, String, String, i64, i64)> {
    sqlx::query_as("SELECT id, topic, payload, published, attempts FROM outbox ORDER BY id")
        .fetch_all(pool)
        .await
        .expect("could not read the outbox table")
}

/// A broker that records what it takes and fails when the script says so.
#[derive(Default)]
struct FakeBroker {
    received: Vec<(String, String)>,
    /// Publish calls (counting from 1) that fail.
    failing_calls: Vec<usize>,
    calls: usize,
}

impl Publisher for FakeBroker {
    fn publish(
        &mut self,
        topic: &str,
        payload: &str,
    ) -> impl Future<Output = Result<(), PublishError>> {
        self.calls += 1;
        let result = if self.failing_calls.contains(&self.calls) {
            Err(PublishError("broker unreachable".into()))
        } else {
            self.received.push((topic.to_string(), payload.to_string()));
            Ok(())
        };
        std::future::ready(result)
    }
}

async fn relay(pool: &AnyPool, broker: &mut FakeBroker, batch_size: i64) -> usize {
    within_2s(&format!("relay_once(batch_size {batch_size})"), relay_once(pool, broker, batch_size))
        .await
        .unwrap_or_else(|e| panic!("\ndid:      relay_once(batch_size {batch_size})\nexpected: Ok(number published)\ngot:      Err({e})\n"))
}

fn payloads(broker: &FakeBroker) -> Vec<String> {
    broker
        .received
        .iter()
        .map(|(_, payload)| payload.clone())
        .collect()
}

async fn place_three(pool: &AnyPool) -> [NewOrder; 3] {
    let orders = [
        order(101, "mira", 4200),
        order(102, "tomas", 1999),
        order(103, "mira", 350),
    ];
    for order in &orders {
        place(pool, order).await.unwrap_or_else(|e| {
            panic!("\ndid:      place_order({order:?})\nexpected: Ok(())\ngot:      Err({e})\n")
        });
    }
    orders
}

#[tokio::test]
async fn placing_an_order_writes_the_order_and_its_event() {
    let pool = database().await;
    let new = order(101, "mira", 4200);
    check(
        &format!("place_order({new:?})"),
        true,
        place(&pool, &new).await.is_ok(),
    );
    check(
        "...: the orders table",
        vec![(101, "mira".to_string(), 4200)],
        orders(&pool).await,
    );
    check(
        "...: the outbox table as (id, topic, payload, published, attempts)",
        vec![(1, "orders".to_string(), order_placed_payload(&new), 0, 0)],
        outbox(&pool).await,
    );
}

#[tokio::test]
async fn outbox_ids_count_up_in_the_order_events_were_written() {
    let pool = database().await;
    let placed = place_three(&pool).await;
    let got: Vec<(i64, String)> = outbox(&pool)
        .await
        .into_iter()
        .map(|row| (row.0, row.2))
        .collect();
    let expected: Vec<(i64, String)> = (1..).zip(placed.iter().map(order_placed_payload)).collect();
    check(
        "placed orders 101, 102, 103: outbox (id, payload)",
        expected,
        got,
    );
}

#[tokio::test]
async fn a_failed_order_leaves_no_event_behind() {
    let pool = database().await;
    place(&pool, &order(101, "mira", 4200)).await.ok();
    let duplicate = order(101, "tomas", 999);
    check(
        &format!("placed order 101, then place_order({duplicate:?}): is it an error"),
        true,
        place(&pool, &duplicate).await.is_err(),
    );
    let invalid = order(102, "tomas", 0);
    check(
        &format!("place_order({invalid:?}) (total must be > 0): is it an error"),
        true,
        place(&pool, &invalid).await.is_err(),
    );
    check("...: outbox rows", 1, outbox(&pool).await.len());
    check("...: order rows", 1, orders(&pool).await.len());
}

#[tokio::test]
async fn a_failed_event_leaves_no_order_behind() {
    let pool = database().await;
    sqlx::raw_sql("DROP TABLE outbox")
        .execute(&pool)
        .await
        .unwrap();
    let new = order(101, "mira", 4200);
    check(
        &format!("dropped the outbox table, then place_order({new:?}): is it an error"),
        true,
        place(&pool, &new).await.is_err(),
    );
    check("...: the orders table", vec![], orders(&pool).await);
}

#[tokio::test]
async fn the_relay_publishes_pending_events_in_order_and_marks_them() {
    let pool = database().await;
    let placed = place_three(&pool).await;
    let mut broker = FakeBroker::default();
    check(
        "placed 3 orders, relay_once(batch_size 10)",
        3,
        relay(&pool, &mut broker, 10).await,
    );
    check(
        "...: what the broker received, as (topic, payload)",
        placed
            .iter()
            .map(|o| ("orders".to_string(), order_placed_payload(o)))
            .collect::<Vec<_>>(),
        broker.received.clone(),
    );
    check(
        "...: the published column of the outbox rows",
        vec![1, 1, 1],
        outbox(&pool)
            .await
            .into_iter()
            .map(|row| row.3)
            .collect::<Vec<_>>(),
    );
    check(
        "...: pending_events()",
        vec![],
        pending_events(&pool, 10).await.unwrap(),
    );
}

#[tokio::test]
async fn the_relay_publishes_each_event_only_once() {
    let pool = database().await;
    place_three(&pool).await;
    let mut broker = FakeBroker::default();
    relay(&pool, &mut broker, 10).await;
    check(
        "placed 3 orders, relayed, then relay_once again",
        0,
        relay(&pool, &mut broker, 10).await,
    );
    place(&pool, &order(104, "ines", 780)).await.ok();
    check(
        "then placed order 104, relay_once",
        1,
        relay(&pool, &mut broker, 10).await,
    );
    check(
        "...: messages the broker received in all",
        4,
        broker.received.len(),
    );
}

#[tokio::test]
async fn the_relay_takes_at_most_batch_size_events_per_run() {
    let pool = database().await;
    let placed = place_three(&pool).await;
    let mut broker = FakeBroker::default();
    check(
        "placed 3 orders, relay_once(batch_size 2)",
        2,
        relay(&pool, &mut broker, 2).await,
    );
    check(
        "...: then relay_once(batch_size 2) again",
        1,
        relay(&pool, &mut broker, 2).await,
    );
    check(
        "...: payloads received, in order",
        placed.iter().map(order_placed_payload).collect::<Vec<_>>(),
        payloads(&broker),
    );
}

#[tokio::test]
async fn a_failed_publish_stops_the_run_and_is_retried_first_next_time() {
    let pool = database().await;
    let placed = place_three(&pool).await;
    let mut broker = FakeBroker {
        failing_calls: vec![2],
        ..FakeBroker::default()
    };
    check(
        "placed 3 orders, relay_once with a broker that fails the 2nd publish",
        1,
        relay(&pool, &mut broker, 10).await,
    );
    check(
        "...: pending_events() (the failed one counts 1 attempt)",
        vec![
            OutboxEvent {
                id: 2,
                topic: "orders".into(),
                payload: order_placed_payload(&placed[1]),
                attempts: 1,
            },
            OutboxEvent {
                id: 3,
                topic: "orders".into(),
                payload: order_placed_payload(&placed[2]),
                attempts: 0,
            },
        ],
        pending_events(&pool, 10).await.unwrap(),
    );
    check(
        "then relay_once again, the broker works",
        2,
        relay(&pool, &mut broker, 10).await,
    );
    check(
        "...: payloads received in all, in order",
        placed.iter().map(order_placed_payload).collect::<Vec<_>>(),
        payloads(&broker),
    );
}
