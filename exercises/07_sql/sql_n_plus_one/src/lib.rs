//! # The N+1 query problem
//!
//! [`orders_with_items`] below is correct, and slow in the way that most
//! often makes a backend slow: one query for the orders, then one more query
//! *per order* for its items. For 10 orders that is 11 round trips to the
//! database; for a page of 500, it is 501. Every round trip costs network
//! latency and a statement execution, and ORMs write this loop for you
//! without you noticing. You notice it in the logs: sqlx logs every statement
//! it runs (at DEBUG level, target `sqlx::query`), and that is how the tests
//! count yours.
//!
//! Rewrite [`orders_with_items`] so that it runs **at most two queries**,
//! however many orders there are, and returns exactly what it returns now.
//!
//! ## Two classic ways
//!
//! - One query: `orders LEFT JOIN order_items`, sorted by order and product,
//!   then fold the rows into orders in Rust. An order with no items comes
//!   back as one row whose item columns are NULL: decode them as
//!   `Option<i64>`. (Why `LEFT`? Think of that order.)
//! - Two queries: the orders, then all their items at once
//!   (`... JOIN orders ... WHERE orders.status = $1`, or
//!   `WHERE order_id IN (...)` with one placeholder per id), then hand each
//!   item to its order, e.g. through a `HashMap<i64, Vec<Item>>`.
//!
//! The tests in `tests/sql_n_plus_one.rs` are the specification.

use sqlx::{AnyPool, Row};

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub product_id: i64,
    pub quantity: i64,
    pub unit_price_cents: i64,
}

/// An order with all its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderWithItems {
    pub id: i64,
    pub customer_id: i64,
    pub created_at: String,
    /// Sorted by product id.
    pub items: Vec<Item>,
}

/// The orders with this status, by ascending id, each with its items.
pub async fn orders_with_items(
    pool: &AnyPool,
    status: &str,
) -> Result<Vec<OrderWithItems>, sqlx::Error> {
    let order_rows =
        sqlx::query("SELECT id, customer_id, created_at FROM orders WHERE status = $1 ORDER BY id")
            .bind(status)
            .fetch_all(pool)
            .await?;

    let mut orders = Vec::new();
    for row in &order_rows {
        let id: i64 = row.try_get("id")?;
        // One more round trip for every order: this is the N in N+1.
        let item_rows = sqlx::query(
            "SELECT product_id, quantity, unit_price_cents FROM order_items \
             WHERE order_id = $1 ORDER BY product_id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let items = item_rows
            .iter()
            .map(|item| {
                Ok(Item {
                    product_id: item.try_get("product_id")?,
                    quantity: item.try_get("quantity")?,
                    unit_price_cents: item.try_get("unit_price_cents")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?;
        orders.push(OrderWithItems {
            id,
            customer_id: row.try_get("customer_id")?,
            created_at: row.try_get("created_at")?,
            items,
        });
    }
    Ok(orders)
}
