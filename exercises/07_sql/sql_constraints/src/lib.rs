//! # Constraints: let the database refuse bad data
//!
//! Validation in your handlers is good; constraints in the schema are what
//! make bad data *impossible*, whichever code path, script or colleague writes
//! to the table, and even when two requests race each other. Write the tables
//! of the shop's coupon feature so that the database itself refuses every bad
//! row the tests try to insert.
//!
//! Edit [`COUPON_SCHEMA`]. The columns are already there; add the constraints.
//!
//! ## The rules
//!
//! `coupons`: a discount code customers type at checkout.
//! - `code` is required and unique, and 4 to 20 characters long (`LENGTH(code)`).
//! - `percent_off` is required, from 1 to 100.
//! - `max_uses` is required and at least 1.
//!
//! `redemptions`: one use of a coupon, on one order.
//! - `coupon_code`, `customer_id` and `order_id` are required, and each refers
//!   to a row that exists: `coupons (code)`, `customers (id)`, `orders (id)`.
//! - A customer redeems a coupon at most once.
//! - An order uses at most one coupon.
//! - A coupon that was redeemed cannot be deleted (the default behaviour of
//!   a foreign key, `NO ACTION`, already refuses that).
//!
//! The tools: `NOT NULL`, `UNIQUE` (on one column or on several:
//! `UNIQUE (a, b)`), `PRIMARY KEY`, `CHECK (condition)` and
//! `REFERENCES table (column)`. One SQL text serves SQLite and PostgreSQL.
//! Beware one SQLite quirk: a `PRIMARY KEY` that is not an `INTEGER PRIMARY
//! KEY` accepts NULL unless you also say `NOT NULL`.
//!
//! The tests insert good and bad rows into the course's shop database and
//! expect the database to refuse each bad row with the right kind of
//! violation (`sqlx::error::ErrorKind`). The tests in `tests/sql_constraints.rs`
//! are the specification.

use sqlx::AnyPool;

/// The coupon tables. Add the constraints.
pub const COUPON_SCHEMA: &str = "
CREATE TABLE coupons (
    code        TEXT,
    percent_off BIGINT,
    max_uses    BIGINT
);

CREATE TABLE redemptions (
    coupon_code TEXT,
    customer_id BIGINT,
    order_id    BIGINT
);
";

/// Creates the coupon tables in the shop's database. Already written for you.
pub async fn create_coupon_tables(pool: &AnyPool) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(COUPON_SCHEMA).execute(pool).await?;
    Ok(())
}
