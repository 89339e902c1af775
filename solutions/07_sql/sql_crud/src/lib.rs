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

use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

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
    Ok(Product {
        id: row.try_get("id")?,
        sku: row.try_get("sku")?,
        name: row.try_get("name")?,
        category_id: row.try_get("category_id")?,
        price_cents: row.try_get("price_cents")?,
        stock: row.try_get("stock")?,
    })
}

/// Inserts `product` as a new row, with the id it carries.
pub async fn insert_product(pool: &AnyPool, product: &Product) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO products (id, sku, name, category_id, price_cents, stock) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(product.id)
    .bind(&product.sku)
    .bind(&product.name)
    .bind(product.category_id)
    .bind(product.price_cents)
    .bind(product.stock)
    .execute(pool)
    .await?;
    Ok(())
}

/// The product with this id, or `None` when there is none.
pub async fn find_product(pool: &AnyPool, id: i64) -> Result<Option<Product>, sqlx::Error> {
    sqlx::query("SELECT id, sku, name, category_id, price_cents, stock FROM products WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .map(|row| product_from_row(&row))
        .transpose()
}

/// Every product of one category, in ascending id order.
pub async fn products_in_category(
    pool: &AnyPool,
    category_id: i64,
) -> Result<Vec<Product>, sqlx::Error> {
    sqlx::query(
        "SELECT id, sku, name, category_id, price_cents, stock FROM products \
         WHERE category_id = $1 ORDER BY id",
    )
    .bind(category_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(product_from_row)
    .collect()
}

/// Sets the price of the product with this id. Returns whether such a
/// product existed.
pub async fn update_price(pool: &AnyPool, id: i64, price_cents: i64) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("UPDATE products SET price_cents = $1 WHERE id = $2")
        .bind(price_cents)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Deletes the product with this id. Returns whether such a product existed.
pub async fn delete_product(pool: &AnyPool, id: i64) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("DELETE FROM products WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(result.rows_affected() == 1)
}
