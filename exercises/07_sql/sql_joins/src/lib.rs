//! # Joins
//!
//! A normalised schema keeps each fact in one table: an order item knows its
//! product's id, not the product's name. Joins put the facts back together.
//! Write five queries over the course's shop (`support/sql/shop_schema.sql`).
//!
//! ## The rules
//!
//! - `INNER JOIN` (or just `JOIN`) keeps only rows that have a partner on
//!   both sides: [`order_lines`], [`orders_from_city`].
//! - `LEFT JOIN` keeps every row of the left table; where there is no
//!   partner, the right table's columns are `NULL`, which decodes as `None`
//!   into an `Option`: [`product_ratings`].
//! - Rows with *no* partner: `LEFT JOIN ... WHERE right.id IS NULL`, or
//!   `WHERE NOT EXISTS (SELECT 1 FROM ... )`: [`customers_without_orders`],
//!   [`products_never_ordered`].
//! - When two joined tables have a column of the same name (`id`, `name`),
//!   qualify it (`p.name`) and give the result column a clear name with `AS`.
//! - Each function documents its order; write the `ORDER BY`. Without one, SQL
//!   promises no order at all.
//! - Values are bound parameters (`$1`), as always.
//!
//! The tests in `tests/sql_joins.rs` are the specification.

use sqlx::AnyPool;

/// One line of an order, as an invoice shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub product_name: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
}

/// An order and the name of the customer who placed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityOrder {
    pub order_id: i64,
    pub customer_name: String,
}

/// A product and one of its ratings, or `None` for a product nobody reviewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductRating {
    pub product_name: String,
    pub rating: Option<i64>,
}

/// The lines of one order (`order_items` joined with `products`), sorted by
/// product name. Empty for an unknown order.
pub async fn order_lines(pool: &AnyPool, order_id: i64) -> Result<Vec<OrderLine>, sqlx::Error> {
    let _ = (pool, order_id);
    todo!("order_items JOIN products")
}

/// The orders placed by customers living in `city`, by ascending order id.
pub async fn orders_from_city(pool: &AnyPool, city: &str) -> Result<Vec<CityOrder>, sqlx::Error> {
    let _ = (pool, city);
    todo!("orders JOIN customers")
}

/// Every product of one category with each of its ratings: a product with
/// three reviews gives three entries, a product with none gives one entry
/// with `rating: None`. Sorted by product id, then by review id.
pub async fn product_ratings(
    pool: &AnyPool,
    category_id: i64,
) -> Result<Vec<ProductRating>, sqlx::Error> {
    let _ = (pool, category_id);
    todo!("products LEFT JOIN reviews")
}

/// The emails of the customers who never placed an order, by ascending
/// customer id.
pub async fn customers_without_orders(pool: &AnyPool) -> Result<Vec<String>, sqlx::Error> {
    let _ = pool;
    todo!("customers with no partner in orders")
}

/// The SKUs of the products that appear in no order, by ascending product id.
pub async fn products_never_ordered(pool: &AnyPool) -> Result<Vec<String>, sqlx::Error> {
    let _ = pool;
    todo!("products with no partner in order_items")
}
