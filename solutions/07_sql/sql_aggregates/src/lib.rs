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

use sqlx::{AnyPool, Row};

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
    let rows = sqlx::query(
        "SELECT status, COUNT(*) AS orders FROM orders GROUP BY status ORDER BY status",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(StatusCount {
                status: row.try_get("status")?,
                orders: row.try_get("orders")?,
            })
        })
        .collect()
}

/// The number of orders of every customer, including those with none.
/// Sorted by number of orders, most first, then by name.
pub async fn orders_per_customer(pool: &AnyPool) -> Result<Vec<CustomerOrders>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.name, COUNT(o.id) AS orders \
         FROM customers c LEFT JOIN orders o ON o.customer_id = c.id \
         GROUP BY c.id, c.name \
         ORDER BY orders DESC, c.name",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(CustomerOrders {
                name: row.try_get("name")?,
                orders: row.try_get("orders")?,
            })
        })
        .collect()
}

/// The revenue of each category that sold anything, cancelled orders left
/// out. Sorted by revenue, highest first.
pub async fn revenue_by_category(pool: &AnyPool) -> Result<Vec<CategoryRevenue>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT cat.name AS category, \
                CAST(SUM(i.quantity * i.unit_price_cents) AS BIGINT) AS revenue_cents \
         FROM categories cat \
         JOIN products p ON p.category_id = cat.id \
         JOIN order_items i ON i.product_id = p.id \
         JOIN orders o ON o.id = i.order_id \
         WHERE o.status <> 'cancelled' \
         GROUP BY cat.id, cat.name \
         ORDER BY revenue_cents DESC",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(CategoryRevenue {
                category: row.try_get("category")?,
                revenue_cents: row.try_get("revenue_cents")?,
            })
        })
        .collect()
}

/// The number of reviews and the average rating of every product with at
/// least `min_reviews` reviews. Sorted by average rating, best first, then
/// by name.
pub async fn product_scores(
    pool: &AnyPool,
    min_reviews: i64,
) -> Result<Vec<ProductScore>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT p.name, COUNT(*) AS reviews, \
                CAST(AVG(r.rating) AS DOUBLE PRECISION) AS average_rating \
         FROM products p JOIN reviews r ON r.product_id = p.id \
         GROUP BY p.id, p.name \
         HAVING COUNT(*) >= $1 \
         ORDER BY average_rating DESC, p.name",
    )
    .bind(min_reviews)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ProductScore {
                name: row.try_get("name")?,
                reviews: row.try_get("reviews")?,
                average_rating: row.try_get("average_rating")?,
            })
        })
        .collect()
}

/// The customers who spent at least `min_total_cents`, cancelled orders left
/// out. Sorted by total, highest first, then by name.
pub async fn big_spenders(
    pool: &AnyPool,
    min_total_cents: i64,
) -> Result<Vec<Spender>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.name, CAST(SUM(i.quantity * i.unit_price_cents) AS BIGINT) AS total_cents \
         FROM customers c \
         JOIN orders o ON o.customer_id = c.id \
         JOIN order_items i ON i.order_id = o.id \
         WHERE o.status <> 'cancelled' \
         GROUP BY c.id, c.name \
         HAVING SUM(i.quantity * i.unit_price_cents) >= $1 \
         ORDER BY total_cents DESC, c.name",
    )
    .bind(min_total_cents)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Spender {
                name: row.try_get("name")?,
                total_cents: row.try_get("total_cents")?,
            })
        })
        .collect()
}
