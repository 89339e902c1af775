//! # Create, read, update, delete
//!
//! Almost every backend endpoint ends in one of four statements: `INSERT`,
//! `SELECT`, `UPDATE` or `DELETE`. Write them for the shop's `products` table
//! with sqlx, and turn the rows that come back into a Rust struct.
//!
//! The database is the course's shop (`support/sql/shop_schema.sql`):
//!
//! ```text
//! products (id BIGINT PRIMARY KEY, sku TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
//!           category_id BIGINT NOT NULL, price_cents BIGINT NOT NULL, stock BIGINT NOT NULL)
//! ```
//!
//! The tests run your SQL on SQLite, and on PostgreSQL when `DATABASE_URL` is
//! set, through sqlx's `Any` driver: one SQL text must work on both.
//!
//! ## The rules
//!
//! - Every value travels as a bound parameter: write `$1`, `$2`, ... in the SQL
//!   and hand the values to `sqlx::query(sql).bind(value)`. Never paste values
//!   into the SQL text with `format!`.
//! - Read columns by name with `sqlx::Row::try_get` in [`product_from_row`],
//!   and use that function wherever you turn a row into a [`Product`].
//! - Integers are `i64` and text is `String`: that is what the `Any` driver
//!   hands out for `BIGINT` and `TEXT`.
//! - [`update_price`] and [`delete_product`] report whether a row was changed:
//!   `rows_affected()` on the query's result tells you.
//!
//! The tests in `tests/sql_crud.rs` are the specification.

use sqlx::AnyPool;
use sqlx::any::AnyRow;

/// One row of the `products` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub category_id: i64,
    pub price_cents: i64,
    pub stock: i64,
}

/// Turns a row holding the six columns of `products` into a [`Product`].
pub fn product_from_row(row: &AnyRow) -> Result<Product, sqlx::Error> {
    let _ = row;
    todo!("read each column with row.try_get(\"name_of_column\")")
}

/// Inserts `product` as a new row, with the id it carries.
pub async fn insert_product(pool: &AnyPool, product: &Product) -> Result<(), sqlx::Error> {
    let _ = (pool, product);
    todo!("INSERT INTO products (...) VALUES ($1, ...)")
}

/// The product with this id, or `None` when there is none.
pub async fn find_product(pool: &AnyPool, id: i64) -> Result<Option<Product>, sqlx::Error> {
    let _ = (pool, id);
    todo!("SELECT ... FROM products WHERE id = $1")
}

/// Every product of one category, in ascending id order.
pub async fn products_in_category(
    pool: &AnyPool,
    category_id: i64,
) -> Result<Vec<Product>, sqlx::Error> {
    let _ = (pool, category_id);
    todo!("SELECT ... WHERE category_id = $1 ORDER BY ...")
}

/// Sets the price of the product with this id. Returns whether such a
/// product existed.
pub async fn update_price(pool: &AnyPool, id: i64, price_cents: i64) -> Result<bool, sqlx::Error> {
    let _ = (pool, id, price_cents);
    todo!("UPDATE products SET ... WHERE id = ...")
}

/// Deletes the product with this id. Returns whether such a product existed.
pub async fn delete_product(pool: &AnyPool, id: i64) -> Result<bool, sqlx::Error> {
    let _ = (pool, id);
    todo!("DELETE FROM products WHERE ...")
}
