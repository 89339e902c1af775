//! # Upsert: insert, or update what is already there
//!
//! "Add to cart" must create the cart line the first time and raise its
//! quantity the second time. Reading first and then choosing `INSERT` or
//! `UPDATE` is two statements, and two requests arriving together can both
//! read "not there" and both insert. One statement does it atomically:
//!
//! ```sql
//! INSERT INTO t (key, value) VALUES ($1, $2)
//! ON CONFLICT (key) DO UPDATE SET value = excluded.value
//! ```
//!
//! `excluded` is the row that could not be inserted. `ON CONFLICT` works the
//! same on SQLite (3.24+) and PostgreSQL (9.5+).
//!
//! ## The rules
//!
//! - The conflict target names the columns of a `PRIMARY KEY` or `UNIQUE`
//!   constraint: see [`TABLES`].
//! - In `DO UPDATE SET`, refer to the existing row by its table name
//!   (`cart_items.quantity`): PostgreSQL finds a bare `quantity` ambiguous.
//! - `DO UPDATE SET ... WHERE condition` updates only when the condition
//!   holds; when it does not, nothing changes and no row is affected.
//! - `ON CONFLICT DO NOTHING` skips the insert; `rows_affected()` tells you
//!   whether the row went in.
//! - `RETURNING column` hands back the row as stored, in the same statement
//!   (use `fetch_one` or `sqlx::query_scalar`).
//!
//! The tests in `tests/sql_upsert.rs` are the specification.

use sqlx::AnyPool;

/// The tables of this exercise, added to the course's shop.
pub const TABLES: &str = "
CREATE TABLE cart_items (
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    product_id  BIGINT NOT NULL REFERENCES products (id),
    quantity    BIGINT NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (customer_id, product_id)
);

CREATE TABLE newsletter (
    email         TEXT NOT NULL PRIMARY KEY,
    subscribed_at TEXT NOT NULL
);

CREATE TABLE stock_levels (
    product_id BIGINT NOT NULL PRIMARY KEY REFERENCES products (id),
    stock      BIGINT NOT NULL,
    as_of      TEXT NOT NULL
);
";

/// Creates [`TABLES`]. Already written for you.
pub async fn create_tables(pool: &AnyPool) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(TABLES).execute(pool).await?;
    Ok(())
}

/// Puts `quantity` more of a product in a customer's cart: a new line the
/// first time, a higher quantity after that. Returns the quantity now in
/// the cart.
pub async fn add_to_cart(
    pool: &AnyPool,
    customer_id: i64,
    product_id: i64,
    quantity: i64,
) -> Result<i64, sqlx::Error> {
    let _ = (pool, customer_id, product_id, quantity);
    todo!("INSERT ... ON CONFLICT (...) DO UPDATE SET ... RETURNING quantity")
}

/// Sets the quantity of a product in a customer's cart, whatever was there.
pub async fn set_cart_quantity(
    pool: &AnyPool,
    customer_id: i64,
    product_id: i64,
    quantity: i64,
) -> Result<(), sqlx::Error> {
    let _ = (pool, customer_id, product_id, quantity);
    todo!("INSERT ... ON CONFLICT (...) DO UPDATE SET ...")
}

/// Subscribes `email` to the newsletter. A second subscription changes
/// nothing, and keeps the first date. Returns whether the email is new.
pub async fn subscribe(
    pool: &AnyPool,
    email: &str,
    subscribed_at: &str,
) -> Result<bool, sqlx::Error> {
    let _ = (pool, email, subscribed_at);
    todo!("INSERT ... ON CONFLICT (...) DO NOTHING")
}

/// Records the warehouse's stock report for a product. Reports can arrive
/// late and out of order: one that is not strictly newer (`as_of`) than the
/// stored one is ignored. Returns whether the report was stored.
pub async fn record_stock_level(
    pool: &AnyPool,
    product_id: i64,
    stock: i64,
    as_of: &str,
) -> Result<bool, sqlx::Error> {
    let _ = (pool, product_id, stock, as_of);
    todo!("INSERT ... ON CONFLICT (...) DO UPDATE SET ... WHERE ...")
}
