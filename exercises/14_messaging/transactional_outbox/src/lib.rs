//! # The transactional outbox
//!
//! Placing an order means two writes: the order row in the database, and an
//! `order_placed` event on the message broker for shipping and billing. They
//! cannot be made atomic together: commit first and crash before publishing,
//! and the event is lost; publish first and the commit fails, and shipping
//! sends parcels for an order that does not exist.
//!
//! The transactional outbox (Chris Richardson, microservices.io) writes the
//! event into an `outbox` table *in the same database transaction* as the
//! order: both rows exist, or neither. A separate *relay* then reads the
//! outbox, publishes what is still unpublished, in order, and marks each
//! event once the broker has taken it.
//!
//! Write [`place_order`] and [`relay_once`]. The schema, the payload and a
//! query for pending events are already written.
//!
//! ## The rules
//!
//! - `place_order` inserts the order and its event (topic `"orders"`,
//!   payload [`order_placed_payload`]) in one transaction. If either insert
//!   fails, neither row remains, and the error is returned.
//! - Outbox ids are 1, 2, 3, ... in the order the events were written. Take
//!   the next one inside the transaction:
//!   `INSERT INTO outbox (id, topic, payload) SELECT COALESCE(MAX(id), 0) + 1, $1, $2 FROM outbox`.
//! - `relay_once` takes up to `batch_size` unpublished events, lowest id
//!   first, and publishes them one by one. After each successful publish it
//!   sets `published = 1` on that event.
//! - When a publish fails, the relay adds 1 to that event's `attempts` and
//!   stops: publishing later events first would reorder them. The next run
//!   starts with the failed event again.
//! - It returns how many events it published.
//!
//! The relay gives *at-least-once* delivery: if it crashes between the
//! publish and the update, the event goes out again on the next run. The
//! consumers deduplicate, as in the previous exercise.
//!
//! SQL: one text for SQLite and PostgreSQL, `$1` placeholders, run through
//! sqlx's `Any` driver. On SQLite the pool has a single connection: inside
//! a transaction, run every query on the transaction (`&mut *tx`).
//!
//! The tests in `tests/transactional_outbox.rs` are the specification.

use sqlx::AnyPool;
use std::fmt;
use std::future::Future;

/// The tables. Portable SQL: ids are given explicitly, `published` is 0 or 1.
pub const SCHEMA: &str = "
CREATE TABLE orders (
    id          BIGINT PRIMARY KEY,
    customer    TEXT NOT NULL,
    total_cents BIGINT NOT NULL CHECK (total_cents > 0)
);
CREATE TABLE outbox (
    id        BIGINT PRIMARY KEY,
    topic     TEXT NOT NULL,
    payload   TEXT NOT NULL,
    published BIGINT NOT NULL DEFAULT 0,
    attempts  BIGINT NOT NULL DEFAULT 0
);
";

/// Creates the tables.
pub async fn create_tables(pool: &AnyPool) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(SCHEMA).execute(pool).await.map(drop)
}

/// An order to place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub id: i64,
    pub customer: String,
    pub total_cents: i64,
}

/// One row of the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEvent {
    pub id: i64,
    pub topic: String,
    pub payload: String,
    /// Failed publishes so far.
    pub attempts: i64,
}

/// The broker could not take the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishError(pub String);

/// Where the relay publishes. In the tests, a fake broker.
pub trait Publisher {
    fn publish(
        &mut self,
        topic: &str,
        payload: &str,
    ) -> impl Future<Output = Result<(), PublishError>>;
}

/// The event payload for a placed order, as JSON text.
pub fn order_placed_payload(order: &NewOrder) -> String {
    serde_json::json!({
        "event": "order_placed",
        "order_id": order.id,
        "customer": order.customer,
        "total_cents": order.total_cents,
    })
    .to_string()
}

/// The unpublished events, lowest id first, at most `limit` of them.
pub async fn pending_events(pool: &AnyPool, limit: i64) -> Result<Vec<OutboxEvent>, sqlx::Error> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, topic, payload, attempts FROM outbox WHERE published = 0 ORDER BY id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, topic, payload, attempts)| OutboxEvent {
            id,
            topic,
            payload,
            attempts,
        })
        .collect())
}

/// Inserts the order and its `order_placed` event in one transaction.
pub async fn place_order(pool: &AnyPool, order: &NewOrder) -> Result<(), sqlx::Error> {
    let _ = pool;
    todo!("insert order {} and its event in one transaction", order.id)
}

/// Publishes up to `batch_size` pending events in id order, marking each
/// one published; stops at the first failed publish. Returns how many were
/// published.
pub async fn relay_once(
    pool: &AnyPool,
    publisher: &mut impl Publisher,
    batch_size: i64,
) -> Result<usize, sqlx::Error> {
    let _ = (pool, publisher);
    todo!("publish up to {batch_size} pending events in order")
}

impl fmt::Display for PublishError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "publish failed: {}", self.0)
    }
}

impl std::error::Error for PublishError {}
