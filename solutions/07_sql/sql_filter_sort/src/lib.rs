//! # Filter, sort and page
//!
//! A product list endpoint takes a handful of optional query parameters
//! (`?category=3&max_price=2500&sort=price_desc&page=2`) and turns them into
//! one `SELECT`. Write [`search_products`]: every filter the caller set
//! narrows the result, every filter left out does not, and the rows come back
//! in the requested order, one page at a time.
//!
//! ## The rules
//!
//! - Each `Some` field of [`ProductFilter`] adds one condition; `None` adds none:
//!   - `category_id`: the product is in that category;
//!   - `min_price_cents` / `max_price_cents`: the price lies in the range,
//!     both ends included;
//!   - `name_contains`: the name contains this text, ignoring ASCII case.
//!     `LIKE` is case-insensitive on SQLite but case-sensitive on PostgreSQL:
//!     compare `LOWER(name)` with a lowercased pattern to get one behaviour;
//!   - `in_stock_only: true`: only products with `stock > 0`.
//! - [`SortBy`] picks the `ORDER BY`. Ties are always broken by ascending id,
//!   so the order is fully defined and pages never overlap.
//! - [`Page`] turns into `LIMIT` and `OFFSET`.
//! - Values from the caller are always bound parameters (`$1`, `$2`, ...).
//!   Column names and `ASC`/`DESC` cannot be parameters: they come from the
//!   fixed SQL fragments you write for each [`SortBy`] variant, never from
//!   the caller's text. Two ways to handle optional filters:
//!   - build the `WHERE` clause piece by piece, numbering the placeholders
//!     as you go, then bind the values in the same order; or
//!   - write one fixed query where each condition switches itself off when its
//!     parameter is NULL: `($1 IS NULL OR category_id = $1)`.
//!     (sqlx's `QueryBuilder` writes `?` placeholders for the `Any` driver,
//!     which PostgreSQL does not understand, so it does not help here.)
//!
//! The tests in `tests/sql_filter_sort.rs` are the specification.

use sqlx::{AnyPool, Row};

/// Optional conditions on the products to list. `Default` sets none of them.
#[derive(Debug, Clone, Default)]
pub struct ProductFilter {
    pub category_id: Option<i64>,
    pub min_price_cents: Option<i64>,
    pub max_price_cents: Option<i64>,
    pub name_contains: Option<String>,
    pub in_stock_only: bool,
}

/// The order of the results. Ties are broken by ascending id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    PriceAsc,
    PriceDesc,
    NameAsc,
}

/// Which slice of the sorted results to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// At most this many rows.
    pub limit: i64,
    /// Skip this many rows first.
    pub offset: i64,
}

/// What the product list shows of each product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductSummary {
    pub id: i64,
    pub name: String,
    pub price_cents: i64,
}

impl SortBy {
    /// The `ORDER BY` clause for this order, e.g. `"ORDER BY name ASC, id ASC"`.
    pub fn order_by(self) -> &'static str {
        match self {
            SortBy::PriceAsc => "ORDER BY price_cents ASC, id ASC",
            SortBy::PriceDesc => "ORDER BY price_cents DESC, id ASC",
            SortBy::NameAsc => "ORDER BY name ASC, id ASC",
        }
    }
}

/// The products that pass every condition in `filter`, sorted by `sort`,
/// sliced by `page`.
pub async fn search_products(
    pool: &AnyPool,
    filter: &ProductFilter,
    sort: SortBy,
    page: Page,
) -> Result<Vec<ProductSummary>, sqlx::Error> {
    // One fixed text per sort order: a condition whose parameter is NULL is
    // always true, so it filters nothing.
    let sql = format!(
        "SELECT id, name, price_cents FROM products \
         WHERE ($1 IS NULL OR category_id = $1) \
           AND ($2 IS NULL OR price_cents >= $2) \
           AND ($3 IS NULL OR price_cents <= $3) \
           AND ($4 IS NULL OR LOWER(name) LIKE $4) \
           AND ($5 = 0 OR stock > 0) \
         {} LIMIT $6 OFFSET $7",
        sort.order_by()
    );
    let pattern = filter
        .name_contains
        .as_ref()
        .map(|text| format!("%{}%", text.to_lowercase()));
    let rows = sqlx::query(&sql)
        .bind(filter.category_id)
        .bind(filter.min_price_cents)
        .bind(filter.max_price_cents)
        .bind(pattern)
        .bind(i64::from(filter.in_stock_only))
        .bind(page.limit)
        .bind(page.offset)
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(ProductSummary {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                price_cents: row.try_get("price_cents")?,
            })
        })
        .collect()
}
