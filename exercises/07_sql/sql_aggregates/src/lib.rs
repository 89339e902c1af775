//! # Aggregates: GROUP BY, HAVING, COUNT, SUM, AVG
//!
//! Dashboards and reports do not want rows, they want numbers per something:
//! orders per status, revenue per category, the average rating per product.
//! Let the database compute them: it reads the rows where they are and sends
//! back a few numbers instead of the whole table.
//!
//! ## The rules
//!
//! - `GROUP BY` makes one result row per group; every selected column is
//!   either in the `GROUP BY` or inside an aggregate (`COUNT`, `SUM`, `AVG`).
//! - `WHERE` filters rows before grouping, `HAVING` filters groups after it.
//! - `COUNT(*)` counts rows, `COUNT(column)` counts non-NULL values. After a
//!   `LEFT JOIN`, a customer with no orders still has one row (with NULLs),
//!   so only `COUNT(o.id)` gives 0 for them.
//! - Money is in cents and revenue is `quantity * unit_price_cents`. Cancelled
//!   orders are not revenue: leave them out of [`revenue_by_category`] and
//!   [`big_spenders`].
//! - Mind the types, because one SQL text serves two engines. On PostgreSQL
//!   `SUM` of a `BIGINT` is a `NUMERIC` and `AVG` is always a `NUMERIC`, which
//!   sqlx's `Any` driver cannot decode. Cast them: `CAST(SUM(...) AS BIGINT)`
//!   and `CAST(AVG(...) AS DOUBLE PRECISION)`. And on both engines `AVG` of
//!   integers is a fraction (4.67, not 4): decode it as `f64`.
//!
//! The tests in `tests/sql_aggregates.rs` are the specification; they run on
//! SQLite, and on PostgreSQL when `DATABASE_URL` is set.

use sqlx::AnyPool;

/// How many orders have one status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCount {
    pub status: String,
    pub orders: i64,
}

/// How many orders one customer placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerOrders {
    pub name: String,
    pub orders: i64,
}

/// The revenue of one category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryRevenue {
    pub category: String,
    pub revenue_cents: i64,
}

/// The reviews of one product, summed up.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductScore {
    pub name: String,
    pub reviews: i64,
    pub average_rating: f64,
}

/// What one customer spent, cancelled orders left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spender {
    pub name: String,
    pub total_cents: i64,
}

/// The number of orders per status, sorted by status name.
pub async fn orders_per_status(pool: &AnyPool) -> Result<Vec<StatusCount>, sqlx::Error> {
    let _ = pool;
    todo!("GROUP BY status")
}

/// The number of orders of every customer, including those with none.
/// Sorted by number of orders, most first, then by name.
pub async fn orders_per_customer(pool: &AnyPool) -> Result<Vec<CustomerOrders>, sqlx::Error> {
    let _ = pool;
    todo!("customers LEFT JOIN orders, GROUP BY the customer")
}

/// The revenue of each category that sold anything, cancelled orders left
/// out. Sorted by revenue, highest first.
pub async fn revenue_by_category(pool: &AnyPool) -> Result<Vec<CategoryRevenue>, sqlx::Error> {
    let _ = pool;
    todo!("categories JOIN products JOIN order_items JOIN orders")
}

/// The number of reviews and the average rating of every product with at
/// least `min_reviews` reviews. Sorted by average rating, best first, then
/// by name.
pub async fn product_scores(
    pool: &AnyPool,
    min_reviews: i64,
) -> Result<Vec<ProductScore>, sqlx::Error> {
    let _ = (pool, min_reviews);
    todo!("GROUP BY the product, HAVING COUNT(*) >= $1")
}

/// The customers who spent at least `min_total_cents`, cancelled orders left
/// out. Sorted by total, highest first, then by name.
pub async fn big_spenders(
    pool: &AnyPool,
    min_total_cents: i64,
) -> Result<Vec<Spender>, sqlx::Error> {
    let _ = (pool, min_total_cents);
    todo!("GROUP BY the customer, HAVING SUM(...) >= $1")
}
