//! # Keyset pagination
//!
//! `LIMIT 20 OFFSET 10000` makes the database produce 10,020 rows to throw
//! away 10,000 of them, and when a new order arrives while a client pages,
//! every row shifts by one: the client sees one order twice. Keyset (or
//! "seek") pagination remembers where the last page ended instead, and asks
//! for the rows after that point, which an index finds directly:
//!
//! ```sql
//! ... WHERE (created_at, id) < ($1, $2) ORDER BY created_at DESC, id DESC LIMIT $3
//! ```
//!
//! Write [`orders_page`]: the shop's orders, newest first, one page at a
//! time, each page telling the client where the next one starts.
//!
//! ## The rules
//!
//! - Order by `created_at` descending, then by `id` descending. Several
//!   orders can share a `created_at`; the `id` makes the order total, so the
//!   pair `(created_at, id)` is the key. Sorting by `created_at` alone lets
//!   a page boundary fall between two orders of the same instant, and one of
//!   them is lost or repeated.
//! - `after: None` asks for the first page. `after: Some(cursor)` asks for
//!   the orders that come after the cursor's key in that order: an older
//!   `created_at`, or the same `created_at` and a smaller `id`. Both engines
//!   understand the row comparison `(created_at, id) < ($1, $2)`; the spelled
//!   out `created_at < $1 OR (created_at = $1 AND id < $2)` works too.
//! - A page holds at most `limit` orders. Its `next` cursor is the key of its
//!   last order, or `None` when no order comes after it, so a client never
//!   asks for an empty page. Knowing that without a second query: ask for
//!   one row more than `limit`.
//! - Timestamps are ISO 8601 text in UTC, which sorts in time order.
//! - On a big table, an index on `(created_at, id)` makes every page equally
//!   fast, the first and the ten-thousandth.
//! - A real API hands the cursor to its clients as an opaque token (e.g.
//!   base64 of the key) and accepts it back in `?after=`; here it stays a
//!   plain struct.
//!
//! The tests in `tests/sql_keyset_pagination.rs` are the specification.

use sqlx::{AnyPool, Row};

/// Where a page ended: the sort key of its last order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub created_at: String,
    pub id: i64,
}

/// An order as the order list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderSummary {
    pub id: i64,
    pub customer_id: i64,
    pub created_at: String,
}

/// One page of orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub orders: Vec<OrderSummary>,
    /// Where the next page starts, or `None` on the last page.
    pub next: Option<Cursor>,
}

/// The page of orders after `after` (from the newest when `None`), at most
/// `limit` of them.
pub async fn orders_page(
    pool: &AnyPool,
    after: Option<&Cursor>,
    limit: i64,
) -> Result<Page, sqlx::Error> {
    // One row more than the page holds tells whether another page follows.
    let query = match after {
        None => sqlx::query(
            "SELECT id, customer_id, created_at FROM orders \
             ORDER BY created_at DESC, id DESC LIMIT $1",
        )
        .bind(limit + 1),
        Some(cursor) => sqlx::query(
            "SELECT id, customer_id, created_at FROM orders \
             WHERE (created_at, id) < ($1, $2) \
             ORDER BY created_at DESC, id DESC LIMIT $3",
        )
        .bind(cursor.created_at.clone())
        .bind(cursor.id)
        .bind(limit + 1),
    };
    let mut orders = query
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| {
            Ok(OrderSummary {
                id: row.try_get("id")?,
                customer_id: row.try_get("customer_id")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;

    let has_more = orders.len() as i64 > limit;
    orders.truncate(limit.max(0) as usize);
    let next = match orders.last() {
        Some(last) if has_more => Some(Cursor {
            created_at: last.created_at.clone(),
            id: last.id,
        }),
        _ => None,
    };
    Ok(Page { orders, next })
}
