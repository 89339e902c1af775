//! # The repository pattern
//!
//! An ORM (Diesel, SeaORM, Hibernate, ActiveRecord) does two jobs: it maps
//! rows to structs, and it hides the SQL behind methods named for what the
//! application means ("add a product", "take 3 out of stock"). You can do
//! both by hand in a few lines, and keep full control of the SQL:
//!
//! - **Mapping**: implement `sqlx::FromRow` for [`Product`], so
//!   `sqlx::query_as::<_, Product>(...)` turns rows into products. (sqlx can
//!   derive it with its `macros` feature; this course builds it by hand.)
//! - **Repository**: the trait [`ProductRepository`] says what the
//!   application may ask. [`SqlProductRepository`] answers with SQL;
//!   [`MemoryProductRepository`] answers from a map, for fast tests of the
//!   code above it. The tests run one *contract* against both: whatever
//!   passes against the memory version behaves the same on the database.
//!
//! ## Rules
//!
//! - A product is identified by its `sku`. Adding a second product with the
//!   same sku fails with [`RepoError::DuplicateSku`] and changes nothing.
//!   On SQL, let the primary key find duplicates
//!   (`sqlx::error::DatabaseError::is_unique_violation`).
//! - `list_under(max)` returns the products with `price_cents < max`,
//!   cheapest first, equal prices by sku.
//! - `adjust_stock(sku, delta)` adds `delta` (negative to take out) to the
//!   stock and returns the updated product. An unknown sku is
//!   [`RepoError::NotFound`]. Stock never goes below zero: the change is
//!   refused with [`RepoError::OutOfStock`] holding the current stock, and
//!   nothing changes. On SQL, do it in one atomic `UPDATE ... WHERE` so two
//!   requests at once cannot both take the last item.
//! - `remove(sku)` deletes the product and says whether there was one.
//! - Use `$1`, `$2`, ... placeholders: the same SQL runs on SQLite and on
//!   PostgreSQL (see `course_support`).
//!
//! The tests in `tests/repository_pattern.rs` are the specification.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::sync::Mutex;

use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow, Row};

/// One product of the shop's catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub sku: String,
    pub name: String,
    pub price_cents: i64,
    pub stock: i64,
}

/// What can go wrong in a repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepoError {
    /// A product with this sku already exists.
    DuplicateSku(String),
    /// No product has this sku.
    NotFound(String),
    /// The change would take the stock below zero; `stock` is the current stock.
    OutOfStock { sku: String, stock: i64 },
    /// Any other database error, as text.
    Database(String),
}

/// What the application may ask of the product store.
///
/// The methods return futures that are `Send`, so the repository can be used
/// from any async task (an axum handler, a spawned job). Implement them with
/// `async fn`.
pub trait ProductRepository: Send + Sync {
    fn add(&self, product: Product) -> impl Future<Output = Result<(), RepoError>> + Send;

    fn get(&self, sku: &str) -> impl Future<Output = Result<Option<Product>, RepoError>> + Send;

    fn list_under(
        &self,
        max_price_cents: i64,
    ) -> impl Future<Output = Result<Vec<Product>, RepoError>> + Send;

    fn adjust_stock(
        &self,
        sku: &str,
        delta: i64,
    ) -> impl Future<Output = Result<Product, RepoError>> + Send;

    fn remove(&self, sku: &str) -> impl Future<Output = Result<bool, RepoError>> + Send;
}

/// Maps a row with the columns `sku`, `name`, `price_cents`, `stock`.
impl<'r> FromRow<'r, AnyRow> for Product {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Self {
            sku: row.try_get("sku")?,
            name: row.try_get("name")?,
            price_cents: row.try_get("price_cents")?,
            stock: row.try_get("stock")?,
        })
    }
}

/// The table behind [`SqlProductRepository`].
pub const SCHEMA: &str = "CREATE TABLE products (
    sku TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    price_cents BIGINT NOT NULL CHECK (price_cents >= 0),
    stock BIGINT NOT NULL CHECK (stock >= 0)
)";

/// The products in a SQL table.
pub struct SqlProductRepository {
    pool: AnyPool,
}

impl SqlProductRepository {
    /// Creates the `products` table in this (empty) database. Already written for you.
    pub async fn new(pool: AnyPool) -> Result<Self, RepoError> {
        sqlx::query(SCHEMA).execute(&pool).await?;
        Ok(Self { pool })
    }
}

const COLUMNS: &str = "sku, name, price_cents, stock";

impl ProductRepository for SqlProductRepository {
    async fn add(&self, product: Product) -> Result<(), RepoError> {
        let inserted = sqlx::query(
            "INSERT INTO products (sku, name, price_cents, stock) VALUES ($1, $2, $3, $4)",
        )
        .bind(&product.sku)
        .bind(&product.name)
        .bind(product.price_cents)
        .bind(product.stock)
        .execute(&self.pool)
        .await;
        match inserted {
            Ok(_) => Ok(()),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Err(RepoError::DuplicateSku(product.sku))
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn get(&self, sku: &str) -> Result<Option<Product>, RepoError> {
        let sql = format!("SELECT {COLUMNS} FROM products WHERE sku = $1");
        let product = sqlx::query_as::<_, Product>(&sql)
            .bind(sku)
            .fetch_optional(&self.pool)
            .await?;
        Ok(product)
    }

    async fn list_under(&self, max_price_cents: i64) -> Result<Vec<Product>, RepoError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM products WHERE price_cents < $1 ORDER BY price_cents, sku"
        );
        let products = sqlx::query_as::<_, Product>(&sql)
            .bind(max_price_cents)
            .fetch_all(&self.pool)
            .await?;
        Ok(products)
    }

    async fn adjust_stock(&self, sku: &str, delta: i64) -> Result<Product, RepoError> {
        // Check and change in one statement: no other request can slip in between.
        let sql = format!(
            "UPDATE products SET stock = stock + $1 WHERE sku = $2 AND stock + $1 >= 0 RETURNING {COLUMNS}"
        );
        let updated = sqlx::query_as::<_, Product>(&sql)
            .bind(delta)
            .bind(sku)
            .fetch_optional(&self.pool)
            .await?;
        match updated {
            Some(product) => Ok(product),
            None => match self.get(sku).await? {
                Some(product) => Err(RepoError::OutOfStock {
                    sku: product.sku,
                    stock: product.stock,
                }),
                None => Err(RepoError::NotFound(sku.to_owned())),
            },
        }
    }

    async fn remove(&self, sku: &str) -> Result<bool, RepoError> {
        let deleted = sqlx::query("DELETE FROM products WHERE sku = $1")
            .bind(sku)
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected() > 0)
    }
}

/// The products in memory, by sku.
#[derive(Debug, Default)]
pub struct MemoryProductRepository {
    products: Mutex<BTreeMap<String, Product>>,
}

impl ProductRepository for MemoryProductRepository {
    async fn add(&self, product: Product) -> Result<(), RepoError> {
        let mut products = self.products.lock().unwrap();
        if products.contains_key(&product.sku) {
            return Err(RepoError::DuplicateSku(product.sku));
        }
        products.insert(product.sku.clone(), product);
        Ok(())
    }

    async fn get(&self, sku: &str) -> Result<Option<Product>, RepoError> {
        Ok(self.products.lock().unwrap().get(sku).cloned())
    }

    async fn list_under(&self, max_price_cents: i64) -> Result<Vec<Product>, RepoError> {
        let products = self.products.lock().unwrap();
        // The map iterates by sku, and the sort is stable: equal prices stay by sku.
        let mut cheaper: Vec<Product> = products
            .values()
            .filter(|p| p.price_cents < max_price_cents)
            .cloned()
            .collect();
        cheaper.sort_by_key(|p| p.price_cents);
        Ok(cheaper)
    }

    async fn adjust_stock(&self, sku: &str, delta: i64) -> Result<Product, RepoError> {
        let mut products = self.products.lock().unwrap();
        let product = products
            .get_mut(sku)
            .ok_or_else(|| RepoError::NotFound(sku.to_owned()))?;
        let stock = product.stock + delta;
        if stock < 0 {
            return Err(RepoError::OutOfStock {
                sku: product.sku.clone(),
                stock: product.stock,
            });
        }
        product.stock = stock;
        Ok(product.clone())
    }

    async fn remove(&self, sku: &str) -> Result<bool, RepoError> {
        Ok(self.products.lock().unwrap().remove(sku).is_some())
    }
}

impl From<sqlx::Error> for RepoError {
    fn from(error: sqlx::Error) -> Self {
        Self::Database(error.to_string())
    }
}

impl fmt::Display for RepoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DuplicateSku(sku) => write!(f, "a product with sku {sku} already exists"),
            Self::NotFound(sku) => write!(f, "no product has sku {sku}"),
            Self::OutOfStock { sku, stock } => {
                write!(f, "only {stock} of {sku} in stock")
            }
            Self::Database(message) => write!(f, "database error: {message}"),
        }
    }
}

impl std::error::Error for RepoError {}
