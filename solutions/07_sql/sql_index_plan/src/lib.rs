//! # Indexes and query plans
//!
//! "Show me a customer's orders, newest first" is fast with ten rows and slow
//! with ten million, unless an index lets the database jump straight to that
//! customer's rows, already in order. You do not have to guess whether it
//! does: the database tells you its plan.
//!
//! 1. Write [`explain`], which returns the plan the database would use for a
//!    query, as text:
//!    - on SQLite, run `EXPLAIN QUERY PLAN <query>`; each row's `detail`
//!      column is one step, e.g. `SCAN orders` (reads every row) or
//!      `SEARCH orders USING INDEX ... (customer_id=?)` (uses an index);
//!    - on PostgreSQL, run `EXPLAIN <query>`; each row's one column (named
//!      `QUERY PLAN`) is one line, e.g. `Seq Scan on orders` or
//!      `Index Scan using ... on orders`. The shop's tables are tiny, and for
//!      a tiny table reading everything *is* the best plan, so first run
//!      `SET enable_seqscan = off` on the same connection to see what the
//!      planner does when it must avoid that. `RESET enable_seqscan`
//!      afterwards: the connection goes back to the pool.
//!    - Join the lines with `'\n'`. Take one connection with `pool.acquire()`;
//!      its `backend_name()` is `"SQLite"` or `"PostgreSQL"`.
//! 2. Write [`INDEX_SQL`], which [`create_indexes`] runs, so that both queries
//!    below use an index:
//!    - [`CUSTOMER_ORDERS`] finds a customer's orders *and* gets them in
//!      order from the index, without reading the whole table and without a
//!      sort step. Name this index `orders_by_customer`. The order of the
//!      columns in an index matters: it is sorted by the first column, then
//!      by the second within equal firsts, like a phone book.
//!    - [`CUSTOMER_REVIEWS`] finds a customer's reviews. The table already has
//!      an index on `(product_id, customer_id)` (from its `UNIQUE`
//!      constraint), but a phone book sorted by last name does not help you
//!      find everyone called Ada. Name this index `reviews_by_customer`.
//!    - Use `CREATE INDEX IF NOT EXISTS` so running it twice is harmless.
//!
//! `EXPLAIN` takes the query as SQL text, so [`explain`] builds its SQL with
//! `format!`. That is fine here: the query is the developer's, never a user's.
//!
//! The tests in `tests/sql_index_plan.rs` are the specification.

use sqlx::{AnyPool, Row};

/// A customer's orders, newest first.
pub const CUSTOMER_ORDERS: &str =
    "SELECT id, created_at FROM orders WHERE customer_id = 1 ORDER BY created_at DESC";

/// A customer's reviews.
pub const CUSTOMER_REVIEWS: &str = "SELECT product_id, rating FROM reviews WHERE customer_id = 1";

/// The indexes that make [`CUSTOMER_ORDERS`] and [`CUSTOMER_REVIEWS`] fast.
pub const INDEX_SQL: &str = "
CREATE INDEX IF NOT EXISTS orders_by_customer ON orders (customer_id, created_at);
CREATE INDEX IF NOT EXISTS reviews_by_customer ON reviews (customer_id);
";

/// Creates the indexes of [`INDEX_SQL`]. Already written for you.
pub async fn create_indexes(pool: &AnyPool) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(INDEX_SQL).execute(pool).await?;
    Ok(())
}

/// The database's plan for `query`, one step or line per text line.
pub async fn explain(pool: &AnyPool, query: &str) -> Result<String, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let lines: Vec<String> = if conn.backend_name() == "PostgreSQL" {
        sqlx::raw_sql("SET enable_seqscan = off")
            .execute(&mut *conn)
            .await?;
        let plan = sqlx::query_scalar(&format!("EXPLAIN {query}"))
            .fetch_all(&mut *conn)
            .await;
        sqlx::raw_sql("RESET enable_seqscan")
            .execute(&mut *conn)
            .await?;
        plan?
    } else {
        sqlx::query(&format!("EXPLAIN QUERY PLAN {query}"))
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|row| row.try_get("detail"))
            .collect::<Result<_, _>>()?
    };
    Ok(lines.join("\n"))
}
